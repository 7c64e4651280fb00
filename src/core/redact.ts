/**
 * Makes text safe for logs and error messages: every JWT becomes `<jwt RS256 kid=ABCD… …last6>`, and client
 * secrets become `«secret»`: every registered secret as it is and in the encodings it travels in, the value
 * of any `client_secret` field, and the credentials of any `Basic` authorization. Private keys become
 * `«private key»`: the private members of a JWK (`d`, `p`, `q`, `dp`, `dq`, `qi`) and the body of a PEM
 * private key block. Linear time on any text
 * (log lines can be long and hostile): the JWT scan is by hand, the patterns cannot backtrack.
 */
export class Redactor {
  /** Each registered secret with the texts it may appear as (raw, URL- and form-encoded, in Basic credentials). */
  private readonly secrets = new Map<string, ReadonlySet<string>>();
  /** Every form of every secret, longest first (a form may contain a shorter one); undefined after a change. */
  private forms: readonly string[] | undefined;

  /**
   * Registers a value that must never appear in output (a client secret), with the client id it is sent
   * with, so that its Basic credentials (base64 of `id:secret`) are known too even without a `Basic ` in front.
   * A secret shorter than MIN_SUBSTRING_LENGTH is not replaced wherever its characters happen to occur (see there).
   */
  addSecret(secret: string | undefined, clientId?: string): void {
    if (!secret) return;
    this.secrets.set(secret, new Set([...(this.secrets.get(secret) ?? []), ...secretForms(secret, clientId)]));
    this.forms = undefined;
  }

  removeSecret(secret: string | undefined): void {
    if (secret && this.secrets.delete(secret)) this.forms = undefined;
  }

  redact(text: string): string {
    let result = replaceJwts(redactSecretFields(text));
    this.forms ??= [...new Set([...this.secrets.values()].flatMap(forms => [...forms]))].sort((a, b) => b.length - a.length);
    for (const form of this.forms) {
      if (result.includes(form)) result = result.split(form).join(SECRET);
    }
    return result;
  }
}

const SECRET = '«secret»';
const PRIVATE_KEY = '«private key»';

/**
 * A registered secret is replaced wherever it occurs only from this length on. Shorter ones would turn every
 * `a` or `to` of a log into «secret» and are guessed in seconds anyway; they are still redacted where
 * a secret is sent: as a `client_secret` value (form or JSON) and inside Basic credentials.
 */
const MIN_SUBSTRING_LENGTH = 4;
/** Base64 of `id:secret` is looked for as it is (without `Basic `) only from this length on. */
const MIN_BASE64_LENGTH = 8;

/**
 * The texts a secret may appear as: raw; URL-encoded (encodeURIComponent); form-encoded as URLSearchParams
 * writes it (space as `+`; what client_secret_post sends) and as oauth4webapi encodes the parts of Basic
 * credentials (`-_.!~*'()` escaped too); the percent forms also with lower-case hex; JSON-escaped; and the base64
 * of `id:secret` for each encoding, padded and not.
 */
function secretForms(secret: string, clientId: string | undefined): string[] {
  const encodings = [(s: string) => s, uriEncode, formEncode, credentialEncode];
  const forms: string[] = [];
  if (secret.length >= MIN_SUBSTRING_LENGTH) {
    for (const encode of encodings) {
      const form = encode(secret);
      forms.push(form, form.replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase()));
    }
    forms.push(JSON.stringify(secret).slice(1, -1));
  }
  if (clientId) {
    for (const encode of encodings) {
      const base64 = Buffer.from(`${encode(clientId)}:${encode(secret)}`, 'utf8').toString('base64');
      if (base64.length >= MIN_BASE64_LENGTH) forms.push(base64, base64.replace(/=+$/, ''));
    }
  }
  return forms;
}

/** encodeURIComponent, which throws on a lone surrogate; URLSearchParams and Buffer write U+FFFD for it. */
function uriEncode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

/** application/x-www-form-urlencoded as URLSearchParams writes a value. */
function formEncode(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

/** How oauth4webapi's ClientSecretBasic encodes the client id and secret before base64 (RFC 6749 §2.3.1). */
function credentialEncode(text: string): string {
  return uriEncode(text).replace(/[-_.!~*'()]|%20/g, c => (c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

// The patterns below have no two adjacent parts that can match the same character, so no attempt backtracks
// more than once over what it read, and a failed attempt only starts again after the next keyword.
/** `client_secret=v` in a form body or query string (also `clientSecret`, `client-secret`). */
const FORM_FIELD = /\b(client[_-]?secret=)[^&\s"'<>]+/gi;
/** `"client_secret": "v"` in JSON (also `clientSecret` and the setting `konexus.clientSecret`). */
const JSON_FIELD = /("(?:konexus\.)?client[_-]?secret"\s*:\s*")(?:[^"\\\r\n]|\\.)+/gi;
/** `Basic <base64>`: an Authorization header's value (RFC 7617), wherever it stands. */
const BASIC = /\b(Basic[ \t]+)([A-Za-z0-9+/]+=*)/gi;
/**
 * A private JWK member with a base64url value of 20 characters or more (also JSON-escaped, `\"d\":\"…`):
 * the shortest real one, an EC P-256 `d`, has 43; `"p": "tamarack"` in a log stays.
 */
const JWK_PRIVATE_MEMBER = /(\\?"(?:d|p|q|dp|dq|qi)\\?"[ \t]*:[ \t]*\\?")[A-Za-z0-9_-]{20,}/g;
/** A PEM private key block, to its END line or, cut off, to the end of the text. The label is kept. */
const PEM_PRIVATE_KEY = /(-----BEGIN ((?:RSA |EC |ENCRYPTED |OPENSSH )?PRIVATE KEY)-----)(?:[^-]|-(?!----END ))*(-----END \2-----)?/g;

/**
 * Secrets where they are sent, whatever their length and whether or not they are registered: the values of
 * client_secret fields and the credentials of Basic authorization. `Basic <word>` in prose stays: only
 * base64 that decodes to `user:password` text is credentials.
 */
function redactSecretFields(text: string): string {
  return text
    .replace(FORM_FIELD, `$1${SECRET}`)
    .replace(JSON_FIELD, `$1${SECRET}`)
    .replace(BASIC, (match, scheme: string, base64: string) => (isUserPass(base64) ? `${scheme}${SECRET}` : match))
    .replace(JWK_PRIVATE_MEMBER, `$1${PRIVATE_KEY}`)
    .replace(PEM_PRIVATE_KEY, (_match, begin: string, _label: string, end: string | undefined) => `${begin}${PRIVATE_KEY}${end ?? ''}`);
}

/** Whether base64 decodes to `user:password` text. A cut-off end (a clipped log line) still counts. */
function isUserPass(base64: string): boolean {
  const text = Buffer.from(base64, 'base64').toString('utf8').replace(/\ufffd+$/, '');
  return text.includes(':') && !/[\u0000-\u001f\u007f\ufffd]/.test(text);
}

const DOT = 0x2e;

/**
 * Every JWS compact serialisation (a header starting `eyJ`, i.e. `{"`, then two more base64url segments, each
 * after a dot) replaced by describeJwt. Found by hand in one pass: a regular expression retried from every
 * `eyJ` of a long dotless run reads the rest of the run each time (quadratic), while all starts in one run
 * share the run's end, and so whether a token follows: one look decides for all of them.
 */
function replaceJwts(text: string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (let start = text.indexOf('eyJ'); start >= 0; start = text.indexOf('eyJ', from)) {
    const headerEnd = base64urlEnd(text, start + 3);
    const payloadEnd = text.charCodeAt(headerEnd) === DOT ? base64urlEnd(text, headerEnd + 1) : -1;
    if (headerEnd - start < 5 || payloadEnd < 0 || text.charCodeAt(payloadEnd) !== DOT) {
      from = headerEnd; // no `eyJ` before headerEnd starts a token either: same run end, same segments after it
      continue;
    }
    const end = base64urlEnd(text, payloadEnd + 1);
    out += text.slice(copied, start) + describeJwt(text.slice(start, end));
    copied = from = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Where the run of base64url characters starting at `from` ends. */
function base64urlEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const base64url = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
    if (!base64url) break;
  }
  return i;
}

/** Short, non-secret identification of a token: header alg and kid, and the last 6 characters. */
export function describeJwt(token: string): string {
  let alg: unknown;
  let kid: unknown;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as Record<string, unknown>;
    ({ alg, kid } = header);
  } catch {
    // unreadable header: alg stays '?'
  }
  return jwtLabel(typeof alg === 'string' ? alg : undefined, typeof kid === 'string' ? kid : undefined, token);
}

/**
 * describeJwt's text from a decoded token's parts. alg and kid come from the token: they are clipped and
 * kept to visible ASCII, so a hostile header cannot make a log line long, start a new line, or end the `<jwt …>`.
 */
export function jwtLabel(alg: string | undefined, kid: string | undefined, raw: string): string {
  const shown = (text: string, max: number) => text.slice(0, max).replace(/[^\x21-\x7e]|[<>]/g, '?');
  return `<jwt ${alg ? shown(alg, 10) : '?'}${kid ? ` kid=${shown(kid, 8)}…` : ''} …${raw.slice(-6)}>`;
}
