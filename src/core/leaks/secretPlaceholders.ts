/** Values written where a secret goes that are not secrets: references to where the secret really is, and placeholders. */

/**
 * A reference resolved elsewhere: any `{{…}}` template (`{{$dotenv X}}`, `{{$processEnv X}}`, `{{secret}}`),
 * a shell or VS Code variable (`$KONEXUS_CLIENT_SECRET`, `${env:X}`, `$(cat f)`), `%X%`, `process.env.X`.
 */
export function isReference(value: string): boolean {
  const v = value.trim();
  if (v.includes('{{') || v.includes('${')) return true;
  const first = v.charCodeAt(1);
  if (v[0] === '$' && (v[1] === '(' || first === 95 || (first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return true;
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true;
  return v.startsWith('process.env.') || v.startsWith('env:');
}

const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'secret', 'clientsecret', 'thesecret', 'thesecrethere', 'secrethere', 'password', 'changeme', 'changeit', 'placeholder',
  'redacted', 'hidden', 'masked', 'none', 'null', 'nil', 'undefined', 'todo', 'tbd', 'fixme', 'notset', 'unset', 'empty',
  'secretvalue', 'clientsecretvalue', 'value', 'string', 'replaceme', 'yoursecret', 'mysecret', 'examplesecret', 'dummy',
  'dummysecret', 'fakesecret', 'testsecret', 'samplesecret', 'supersecret', 'topsecret',
]);

/**
 * Obviously not a real secret: too short (under 4 characters), one character repeated or only mask
 * characters (`XXXX`, `****`, `xxxx-xxxx`), wrapped like a placeholder (`<secret>`, `[secret]`, `«secret»`),
 * a known word (`changeme`, `redacted`, `secret`), or an instruction (`your-secret`, `YOUR_CLIENT_SECRET_HERE`,
 * `paste-secret-here`).
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (/^[xX*•.#?_\- ]+$/.test(v) || /^0+$/.test(v)) return true;
  const first = v[0];
  const last = v[v.length - 1];
  if ((first === '<' && last === '>') || (first === '[' && last === ']') || (first === '«' && last === '»')) return true;
  const words = v.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDER_WORDS.has(words)) return true;
  if (words.startsWith('your')) return true;
  return /^(my|insert|enter|replace|put|paste|add|example|sample|dummy|fake|some)/.test(words) && /(secret|password|here|value)$/.test(words);
}
