/**
 * Finding secrets written into files: raw JWTs, client secrets and private keys (a JWK's `d`, a PEM block),
 * for the Leak guard's diagnostics. Pure
 * (no `vscode` import) and line-local: every finding lies within one line, so an editor can rescan only the
 * lines an edit touched (see src/leakGuard/lineLeaks.ts) and get what a full scan would give.
 *
 * Linear time: JWTs come from `findJwtsInLine` (a hand scan over character codes); names are found by a
 * literal search for their last word ("secret"), each name is read backwards at most once (names end where
 * the search resumes), and a value scan is never repeated over the same characters (the search resumes
 * after a found value; a quoted value that never closes means no later quote of its kind on that line).
 *
 * What it does not do: decide whether a file is committed (the glue asks git), resolve templates, or follow
 * a value over several lines (a JSON string value on the line after its key is not found).
 */
import * as l10n from '@vscode/l10n';
import { findJwtsInLine } from './jwt/find';

export type LeakKind = 'jwt' | 'client_secret' | 'private_key';

/** What kind of file the text comes from: it picks the messages and the value syntaxes that apply. */
export type ScanFileKind = 'http' | 'dotenv' | 'settings' | 'other';

/**
 * How the value is written where it was found: a JSON string (`\"` escapes), a URL/form value (`%2B`, `+`),
 * or as is. `decodeLeakValue` turns the written text into the secret itself.
 */
export type ValueEncoding = 'raw' | 'json' | 'url';

export interface Leak {
  readonly kind: LeakKind;
  /**
   * The value only (not its name or quotes): offsets into the text given to `scanForLeaks`, or columns of
   * the line given to `scanLine`. End exclusive, UTF-16 code units like VS Code positions.
   */
  readonly start: number;
  readonly end: number;
  /** What is wrong and what to do, for a diagnostic. Never contains the value. */
  readonly message: string;
  /** 0-based line, set by `scanForLeaks` (`scanLine` leaves it out: the caller knows the line). */
  readonly line?: number;
  readonly encoding: ValueEncoding;
  /** The name the value was found under as written (`client_secret`, `clientSecret`); absent for a JWT. */
  readonly name?: string;
}

export interface ScanOptions {
  /** The `.env` key the `.http` fix writes a token to (setting `konexus.httpFiles.dotenvKey`), for the message. */
  readonly dotenvKey?: string;
}

const DEFAULT_DOTENV_KEY = 'KONEXUS_TOKEN';

/**
 * A value longer than this is not a client secret (they are tens of characters), but the rest of a line
 * that happened to follow `client_secret=`: not reported, and not copied to be looked at.
 */
export const MAX_SECRET_LENGTH = 4096;

/** Every leak in the text, in text order, none overlapping another. */
export function scanForLeaks(text: string, kind: ScanFileKind, options: ScanOptions = {}): Leak[] {
  const leaks: Leak[] = [];
  if (typeof text !== 'string') return leaks;
  forEachLine(text, (start, end, line) => {
    for (const leak of scanLine(text.slice(start, end), kind, options)) {
      leaks.push({ ...leak, start: start + leak.start, end: start + leak.end, line });
    }
  });
  return leaks;
}

/**
 * Calls `visit` with each line's content range and number. Breaks are `\r\n`, `\n` and a lone `\r`, as in
 * VS Code's text model, so line numbers agree with `TextDocument.lineAt`.
 */
export function forEachLine(text: string, visit: (start: number, end: number, line: number) => void): void {
  // Native searches for the next \n and the next \r (each redone only once passed), not a loop over every character.
  let start = 0;
  let line = 0;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    const at = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
    visit(start, at, line++);
    start = at === cr && lf === cr + 1 ? lf + 1 : at + 1;
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
  }
  visit(start, text.length, line);
}

/** The leaks of one line (no line break in it), columns in `start`/`end`, in order, none overlapping. */
export function scanLine(line: string, kind: ScanFileKind, options: ScanOptions = {}): Leak[] {
  const found: Leak[] = [];
  for (const assignment of findAssignments(line, kind, SECRET_WORD, isClientSecretName)) {
    if (assignment.valueEnd - assignment.valueStart > MAX_SECRET_LENGTH) continue;
    const value = line.slice(assignment.valueStart, assignment.valueEnd);
    if (isReference(value) || isPlaceholder(value)) continue;
    found.push({
      kind: 'client_secret',
      start: assignment.valueStart,
      end: assignment.valueEnd,
      message: secretMessage(kind),
      encoding: assignment.encoding,
      name: line.slice(assignment.nameStart, assignment.nameEnd),
    });
  }
  findPrivateKeys(line, found);
  const jwts = findJwtsInLine(line);
  if (jwts.length === 0 && found.length < 2) return found;
  const message = jwtMessage(kind, options);
  for (const jwt of jwts) found.push({ kind: 'jwt', start: jwt.start, end: jwt.end, message, encoding: 'raw' });
  // A client secret that happens to look like a JWT is reported once, as the secret (its fix is the right one).
  found.sort((a, b) => a.start - b.start || (a.kind === 'jwt' ? 1 : b.kind === 'jwt' ? -1 : 0));
  const leaks: Leak[] = [];
  for (const leak of found) {
    const previous = leaks.at(-1);
    if (previous && leak.start < previous.end) {
      if (leak.kind !== 'jwt' && previous.kind === 'jwt') leaks[leaks.length - 1] = leak;
      continue;
    }
    leaks.push(leak);
  }
  return leaks;
}

// ---------------------------------------------------------------------------------------------------------
// Private keys: the `d` of a private JWK (RSA, EC, OKP), and PEM private key blocks.

/**
 * `"d": "<base64url>"` (also JSON-escaped inside a string, `\"d\":\"…\"`), the private member every
 * asymmetric private JWK has. At least 40 characters: a P-256 `d` has 43, an RSA-2048 one 342; shorter
 * `"d"` values are something else. The character class and the quotes around it cannot match the same
 * character, so the pattern cannot backtrack.
 */
const JWK_D = /\\?"d\\?"[ \t]*:[ \t]*\\?"([A-Za-z0-9_-]{40,})\\?"/g;
/** `kty`s on the same line, none of them an asymmetric key type, mean the `d` is not a private key's. */
const JWK_KTY = /\\?"kty\\?"[ \t]*:[ \t]*\\?"([A-Za-z]*)\\?"/g;
const PRIVATE_KTYS: ReadonlySet<string> = new Set(['RSA', 'EC', 'OKP']);
/** The label of a PEM private key block (RFC 7468 §10/§11, PKCS #1, SEC 1). */
const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----/g;

/** Adds the private keys of the line to `found`. */
function findPrivateKeys(line: string, found: Leak[]): void {
  if (line.includes('"d')) {
    const ktys = [...line.matchAll(JWK_KTY)].map(match => match[1] ?? '');
    if (!ktys.length || ktys.some(kty => PRIVATE_KTYS.has(kty))) {
      JWK_D.lastIndex = 0;
      for (let match = JWK_D.exec(line); match; match = JWK_D.exec(line)) {
        const end = match.index + match[0].length - (match[0].endsWith('\\"') ? 2 : 1);
        const start = end - (match[1] ?? '').length;
        found.push({ kind: 'private_key', start, end, message: jwkMessage(), encoding: 'raw' });
      }
    }
  }
  if (line.includes('-----BEGIN ')) {
    PEM_BEGIN.lastIndex = 0;
    // Per label, the next END marker found (-1: none left on the line), so no stretch is searched twice.
    const closes = new Map<string, number>();
    for (let match = PEM_BEGIN.exec(line); match; match = PEM_BEGIN.exec(line)) {
      // The whole block when it is on this line (a JSON string with \n escapes), else the BEGIN line.
      const endMarker = `-----END ${match[1]}-----`;
      const from = match.index + match[0].length;
      let close = closes.get(endMarker);
      if (close === undefined || (close !== -1 && close < from)) closes.set(endMarker, close = line.indexOf(endMarker, from));
      const end = close === -1 ? match.index + match[0].length : close + endMarker.length;
      found.push({ kind: 'private_key', start: match.index, end, message: pemMessage(), encoding: 'raw' });
      PEM_BEGIN.lastIndex = end;
    }
  }
}

/** The secret itself from the text a leak covers: JSON escapes and URL encoding undone; the text as is when that fails. */
export function decodeLeakValue(written: string, encoding: ValueEncoding): string {
  try {
    if (encoding === 'json') return JSON.parse(`"${written}"`) as string;
    if (encoding === 'url') return decodeURIComponent(written.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: the text as written is the best guess of what the client sends.
  }
  return written;
}

// ---------------------------------------------------------------------------------------------------------
// Messages: what is wrong, and what to do. The glue adds nothing but the diagnostic around them.

function jwtMessage(kind: ScanFileKind, options: ScanOptions): string {
  switch (kind) {
    case 'http':
      return l10n.t({
        message: 'A raw access token is stored in this file. Tokens expire in an hour and must not be committed: use {0} (Quick Fix).',
        args: [`{{$dotenv ${options.dotenvKey || DEFAULT_DOTENV_KEY}}}`],
        comment: ['{0} is a variable reference such as {{$dotenv KONEXUS_TOKEN}}'],
      });
    case 'dotenv':
      return l10n.t('A raw access token is stored in this .env file, and git does not ignore it: a commit would include the token. Add the file to .gitignore, or remove the token and let a Konexus profile provide tokens (Quick Fix).');
    case 'settings':
      return l10n.t('A raw access token is stored in settings, which are often committed or synced. Tokens expire in an hour: remove it and let a Konexus profile provide tokens (Quick Fix).');
    case 'other':
      return l10n.t('A raw access token is stored in this file. Tokens expire in an hour and must not be committed: let a Konexus profile provide tokens instead.');
  }
}

function secretMessage(kind: ScanFileKind): string {
  switch (kind) {
    case 'http':
      return l10n.t('A client secret is stored in this file: anyone who can read it can get tokens for your client. Move it into a Konexus profile, kept in VS Code\'s secret storage (Quick Fix).');
    case 'dotenv':
      return l10n.t('A client secret is stored in this .env file, and git does not ignore it: a commit would include the secret. Move it into a Konexus profile, kept in VS Code\'s secret storage, or add the file to .gitignore (Quick Fix).');
    case 'settings':
      return l10n.t('A client secret is stored in settings, which are often committed or synced. Move it into a Konexus profile, kept in VS Code\'s secret storage (Quick Fix).');
    case 'other':
      return l10n.t('A client secret is stored in this file: anyone who can read it can get tokens for your client. Keep it in a Konexus profile instead.');
  }
}

function jwkMessage(): string {
  return l10n.t('A private key (the "d" of a JWK) is stored in this file: anyone who can read it can authenticate as its client. Remove it. If the file was ever committed or shared, the key is compromised: replace it with "Konexus: Rotate Client Key", register the new public key, and unregister the old one.');
}

function pemMessage(): string {
  return l10n.t('A private key (PEM) is stored in this file: anyone who can read it can sign as its owner. Remove it. If the file was ever committed or shared, the key is compromised: replace it (for a Konexus client, with "Konexus: Rotate Client Key"), register the new public key, and unregister the old one.');
}

// ---------------------------------------------------------------------------------------------------------
// Names and their values.

/** A value written under a name, as found on one line. Columns. */
export interface Assignment {
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly encoding: ValueEncoding;
}

/** The literal last word of the names wanted; searched case-insensitively. A literal pattern cannot backtrack. */
export const SECRET_WORD = /secret/gi;
/** Same for client ids (`client_id`, `clientId`, `KONEXUS_CLIENT_ID`), for the fix's "client id nearby". */
export const CLIENT_ID_WORD = /id/gi;

/** `client_secret`, `clientSecret`, `Client-Secret`, `KONEXUS_CLIENT_SECRET`, `konexus.clientSecret`; not `client_secret_basic`. */
export function isClientSecretName(normalized: string): boolean {
  return normalized.endsWith('clientsecret');
}

export function isClientIdName(normalized: string): boolean {
  return normalized.endsWith('clientid');
}

/** Longer names are not looked at (no real key is this long), which also bounds the backward read. */
const MAX_NAME_LENGTH = 128;

/**
 * Every `name … value` on the line whose name ends with a match of `word` (a global (`g`), case-insensitive
 * literal RegExp; its lastIndex is reset) and passes `accepts` (given the name lower-cased without `_`, `-` and `.`). The syntaxes,
 * tried in this order for each name:
 *
 *   "client_secret": "v"  'client_secret': 'v'      JSON / JSONC / JS (quoted key, quoted string value)
 *   @clientSecret = v     @clientSecret := "v"       .http file variables (REST Client, httpYac)
 *   CLIENT_SECRET=v       export X_CLIENT_SECRET="v" a name first on its line: .env, shell, ini, YAML
 *   client_secret: v      Client-Secret: v           …and headers (the rest of the line is the value)
 *   …&client_secret=v&…   ?client_secret=v           form bodies, query strings, `-d` arguments
 *   { clientSecret: "v" }                            an unquoted key mid-line with a quoted value
 *
 * A value that is not a string (a number, an expression, a JSON object) is not returned.
 */
export function findAssignments(line: string, kind: ScanFileKind, word: RegExp, accepts: (normalized: string) => boolean): Assignment[] {
  const found: Assignment[] = [];
  // One RegExp per word, not per line: its lastIndex is reset here and the scan is synchronous.
  const search = word;
  search.lastIndex = 0;
  for (let match = search.exec(line); match; match = search.exec(line)) {
    const nameEnd = match.index + match[0].length;
    if (nameEnd < line.length && isNameCode(line.charCodeAt(nameEnd))) continue;
    let nameStart = match.index;
    const lowest = Math.max(0, nameEnd - MAX_NAME_LENGTH);
    while (nameStart > lowest && isNameCode(line.charCodeAt(nameStart - 1))) nameStart--;
    if (nameStart === lowest && nameStart > 0 && isNameCode(line.charCodeAt(nameStart - 1))) continue;
    if (!accepts(normalizeName(line.slice(nameStart, nameEnd)))) continue;
    const assignment = assignmentAt(line, kind, nameStart, nameEnd);
    if (!assignment) continue;
    found.push(assignment);
    // Values hold no names of their own: the search resumes after the value, which keeps it linear.
    search.lastIndex = Math.max(search.lastIndex, assignment.valueEnd);
  }
  return found;
}

function assignmentAt(line: string, kind: ScanFileKind, nameStart: number, nameEnd: number): Assignment | undefined {
  const before = nameStart > 0 ? line[nameStart - 1] : '';
  const at = (valueStart: number, valueEnd: number, encoding: ValueEncoding): Assignment => ({ nameStart, nameEnd, valueStart, valueEnd, encoding });

  // "client_secret": "v"
  if ((before === '"' || before === "'") && line[nameEnd] === before) {
    const colon = skipBlanks(line, nameEnd + 1);
    if (line[colon] === ':' && line[colon + 1] !== '=') {
      const quoted = quotedValue(line, skipBlanks(line, colon + 1));
      if (quoted) return at(quoted.start, quoted.end, quoted.quote === '"' ? 'json' : 'raw');
      return undefined;
    }
  }

  const lineStart = skipBlanks(line, 0);
  // @clientSecret = v    @clientSecret := "v" (an httpYac expression: only a string literal is a stored value)
  if (before === '@' && nameStart - 1 === lineStart) {
    const operator = skipBlanks(line, nameEnd);
    if (line.startsWith(':=', operator)) {
      const quoted = quotedValue(line, skipBlanks(line, operator + 2));
      return quoted ? at(quoted.start, quoted.end, 'raw') : undefined;
    }
    if (line[operator] !== '=') return undefined;
    const value = trimmed(line, operator + 1, line.length);
    return at(value.start, value.end, 'raw');
  }

  // A name first on its line (after `export ` in shell and .env files).
  if (nameStart === lineStart || (nameStart > lineStart && isExportPrefix(line, lineStart, nameStart))) {
    const operator = skipBlanks(line, nameEnd);
    const isColon = line[operator] === ':' && line[operator + 1] !== '=' && (kind === 'http' || operator + 1 === line.length || isBlank(line.charCodeAt(operator + 1)));
    // In a .http file a line starting `name=` is a form body (`a=1&client_secret=…`): the form syntax below reads it.
    const isEquals = line[operator] === '=' && kind !== 'http';
    if (isEquals || isColon) {
      const valueStart = skipBlanks(line, operator + 1);
      const quoted = quotedValue(line, valueStart);
      if (quoted && closesValue(line, quoted.end + 1, kind)) return at(quoted.start, quoted.end, quoted.quote === '"' && kind === 'settings' ? 'json' : 'raw');
      // Headers keep `#` (it is part of the value); .env, shell and YAML start a comment with it.
      const hash = kind === 'http' ? -1 : line.indexOf('#', valueStart);
      const value = trimmed(line, valueStart, hash === -1 ? line.length : hash);
      return at(value.start, value.end, 'raw');
    }
  }

  // client_secret=v in a form body or query string
  if (line[nameEnd] === '=' && (before === '' || FORM_BEFORE.includes(before) || isBlank(before.charCodeAt(0)))) {
    let end = nameEnd + 1;
    while (end < line.length && !FORM_STOP.includes(line[end]) && !isBlank(line.charCodeAt(end))) end++;
    return at(nameEnd + 1, end, 'url');
  }

  // { clientSecret: "v" }
  const colon = skipBlanks(line, nameEnd);
  if (line[colon] === ':' && line[colon + 1] !== '=') {
    const quoted = quotedValue(line, skipBlanks(line, colon + 1));
    if (quoted) return at(quoted.start, quoted.end, quoted.quote === '"' ? 'json' : 'raw');
  }
  return undefined;
}

/** Characters a form or query parameter name follows (besides whitespace and the start of the line). */
const FORM_BEFORE = '?&;"\'`(,';
/** Characters that end an unencoded form value (besides whitespace). */
const FORM_STOP = '&"\'`';

/** Inside the quotes of a string starting at `from`; a backslash escapes the next character. Undefined when unclosed. */
function quotedValue(line: string, from: number): { start: number; end: number; quote: string } | undefined {
  const quote = line[from];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  for (let i = from + 1; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === quote) return { start: from + 1, end: i, quote };
  }
  return undefined;
}

/** After a quoted assignment value only blanks, a comment, or (JSON/YAML) a comma may follow. */
function closesValue(line: string, from: number, kind: ScanFileKind): boolean {
  const next = skipBlanks(line, from);
  return next >= line.length || line[next] === '#' || line[next] === ',' || (kind !== 'http' && line.startsWith('//', next));
}

function isExportPrefix(line: string, from: number, nameStart: number): boolean {
  return line.startsWith('export', from) && from + 6 < nameStart && skipBlanks(line, from + 6) === nameStart && isBlank(line.charCodeAt(from + 6));
}

function normalizeName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch !== '_' && ch !== '-' && ch !== '.') out += ch.toLowerCase();
  }
  return out;
}

/** `[A-Za-z0-9_.-]`: what keys, headers, variables and parameters are made of here. */
function isNameCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0xfeff;
}

function skipBlanks(line: string, from: number): number {
  let i = from;
  while (i < line.length && isBlank(line.charCodeAt(i))) i++;
  return i;
}

function trimmed(line: string, from: number, to: number): { start: number; end: number } {
  let start = skipBlanks(line, from);
  let end = to;
  while (end > start && isBlank(line.charCodeAt(end - 1))) end--;
  if (start > end) start = end;
  return { start, end };
}

// ---------------------------------------------------------------------------------------------------------
// Values that are not secrets: references to where the secret really is, and placeholders.

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

