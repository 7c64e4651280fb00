/**
 * Strict base64url (RFC 4648 §5, unpadded, as JWS compact serialization requires). Written here rather
 * than taken from Buffer or atob because a failure must say WHERE the text stops being base64url, and
 * because those decoders silently skip characters they do not know.
 */

export type Base64urlResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: Base64urlProblem };

export type Base64urlProblem =
  /** A character outside A–Z a–z 0–9 - _ (`index` is 0-based within the text). */
  | { readonly kind: 'bad_character'; readonly index: number; readonly char: string }
  /** A length of 4n+1 characters: no byte sequence encodes to that, so the text was cut. */
  | { readonly kind: 'bad_length'; readonly length: number };

// 255 marks "not in the alphabet". Indexed by UTF-16 code unit < 128.
const DECODE_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(255);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** The whole text is in the base64url alphabet: the fast path's test (linear, no backtracking). */
const ALPHABET_ONLY = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes unpadded base64url. Never throws; reports the first offending character.
 * Text that is all alphabet and of a possible length (every valid token) is decoded natively; only text
 * with a problem takes the character-by-character pass that says where (6× slower in JS).
 */
export function decodeBase64url(text: string): Base64urlResult {
  if (text.length % 4 !== 1 && ALPHABET_ONLY.test(text)) {
    const decoded = Buffer.from(text, 'base64url');
    return { ok: true, bytes: new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length) };
  }
  return decodeSlowly(text);
}

/** Checks unpadded base64url without decoding it (a signature is only handed on, never read here). */
export function checkBase64url(text: string): Base64urlProblem | undefined {
  if (text.length % 4 !== 1 && ALPHABET_ONLY.test(text)) return undefined;
  const result = decodeSlowly(text);
  return result.ok ? undefined : result.problem;
}

function decodeSlowly(text: string): Base64urlResult {
  const length = text.length;
  // One pass that validates while it decodes: tokens reach 64 KiB and the hover decodes on every move.
  const bytes = new Uint8Array(Math.floor((length * 3) / 4));
  let out = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE_TABLE[code]! : 255;
    if (value === 255) return { ok: false, problem: { kind: 'bad_character', index: i, char: charAt(text, i) } };
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  if (length % 4 === 1) return { ok: false, problem: { kind: 'bad_length', length } };
  return { ok: true, bytes: out === bytes.length ? bytes : bytes.subarray(0, out) };
}

/** The whole code point at `index` (a lone surrogate stays as it is), for the words (decodeWords.ts). */
function charAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}
