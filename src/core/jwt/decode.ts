/**
 * Decoding a compact JWS into a value the rest of the extension reads (header, claims, signature text).
 * Decoding is not trusting: nothing here checks a signature or a time (see verify.ts and times.ts).
 * `decodeJwt` never throws, whatever it is given, because the hover feeds it whatever is under the mouse.
 */
import { checkBase64url, decodeBase64url, describeChar, type Base64urlProblem } from './base64url';

/** Longest token we decode. Real access tokens are 1–3 KiB; anything over this is not a pasted token. */
export const MAX_JWT_LENGTH = 64 * 1024;

export type JwtObject = Readonly<Record<string, unknown>>;

export interface DecodedJwt {
  /** The compact token itself: trimmed, without a `Bearer ` prefix or quotes. */
  readonly raw: string;
  readonly header: JwtObject;
  readonly claims: JwtObject;
  /** The signature segment as base64url text; '' for an unsecured (`alg: none`) token. */
  readonly signature: string;
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
  /** X.509 SHA-1 thumbprint of the signing certificate (IdentityServer sends it next to kid). */
  readonly x5t?: string;
}

export type JwtDecodeErrorCode =
  | 'not_string'
  | 'empty'
  | 'too_long'
  | 'segment_count'
  | 'jwe'
  | 'bad_base64url'
  | 'header_not_json'
  | 'payload_not_json'
  | 'header_not_object'
  | 'payload_not_object'
  | 'missing_alg';

export interface JwtDecodeError {
  readonly ok: false;
  readonly code: JwtDecodeErrorCode;
  /** What is wrong and what to do, for a person. Never contains the token or claim values. */
  readonly message: string;
  /** Which segment the problem is in, when it is in one. */
  readonly segment?: 'header' | 'payload' | 'signature';
  /** 0-based offset in the trimmed token of the offending character, for bad_base64url. */
  readonly position?: number;
}

export type JwtDecodeResult = { readonly ok: true; readonly token: DecodedJwt } | JwtDecodeError;

const SEGMENT_NAMES = ['header', 'payload', 'signature'] as const;
type SegmentName = (typeof SEGMENT_NAMES)[number];

/** Decodes a compact JWT. Accepts surrounding whitespace, quotes and a `Bearer ` prefix. */
export function decodeJwt(input: string): JwtDecodeResult {
  if (typeof input !== 'string') {
    return fail('not_string', `Expected the token as text, got ${input === null ? 'null' : typeof input}.`);
  }
  const text = stripWrapping(input);
  if (text.length === 0) {
    return fail('empty', 'There is no token: the text is empty. Paste a JWT (three base64url segments separated by dots, usually starting with "eyJ").');
  }
  if (text.length > MAX_JWT_LENGTH) {
    return fail('too_long', `The text is ${text.length.toLocaleString('en-US')} characters; a JWT is at most ${MAX_JWT_LENGTH.toLocaleString('en-US')} here. Check that only the token was selected.`);
  }

  const segments = text.split('.');
  if (segments.length === 5) {
    return fail('jwe', 'This is an encrypted token (JWE: 5 segments). Its claims cannot be read without the recipient\'s private key; only signed tokens (3 segments) can be inspected.');
  }
  if (segments.length !== 3) {
    const n = segments.length;
    const hint = n < 3 ? ' It may be truncated, or only part of it was selected.' : ' Two tokens may have been joined together.';
    return fail('segment_count', `The text has ${n} segment${n === 1 ? '' : 's'}; a JWT has 3 separated by dots (header.payload.signature).${hint}`);
  }
  const [headerText, payloadText, signature] = segments as [string, string, string];

  // All three segments' alphabet is checked before any JSON, so a pasted base64 (with + and /) is named
  // as such instead of surfacing as "not JSON".
  const headerBytes = decodeSegment(headerText, 'header', 0);
  if (!headerBytes.ok) return headerBytes;
  const payloadBytes = decodeSegment(payloadText, 'payload', headerText.length + 1);
  if (!payloadBytes.ok) return payloadBytes;
  const signatureProblem = checkSegment(signature, 'signature', headerText.length + payloadText.length + 2);
  if (signatureProblem) return signatureProblem;

  const header = parseSegment(headerBytes.bytes, 'header');
  if (!header.ok) return header;
  const claims = parseSegment(payloadBytes.bytes, 'payload');
  if (!claims.ok) return claims;

  const alg = header.value['alg'];
  if (typeof alg !== 'string' || alg.length === 0) {
    return fail('missing_alg', 'The header has no "alg" string. Every JWT names its signing algorithm there, so this is not a well-formed token.', { segment: 'header' });
  }
  const token: { -readonly [K in keyof DecodedJwt]: DecodedJwt[K] } = { raw: text, header: header.value, claims: claims.value, signature, alg };
  const { kid, typ, x5t } = header.value;
  if (typeof kid === 'string') token.kid = kid;
  if (typeof typ === 'string') token.typ = typ;
  if (typeof x5t === 'string') token.x5t = x5t;
  return { ok: true, token };
}

/** Removes what commonly travels with a copied token: whitespace, quotes, `Bearer `. */
function stripWrapping(input: string): string {
  let text = input.trim();
  const first = text[0];
  if (text.length >= 2 && (first === '"' || first === "'" || first === '`') && text[text.length - 1] === first) {
    text = text.slice(1, -1).trim();
  }
  if (/^bearer(\s|$)/i.test(text.slice(0, 7))) text = text.slice(6).trimStart();
  return text;
}

type DecodedSegment = { ok: true; bytes: Uint8Array } | JwtDecodeError;

function decodeSegment(segment: string, name: 'header' | 'payload', offset: number): DecodedSegment {
  if (segment.length === 0) {
    return fail(name === 'header' ? 'header_not_json' : 'payload_not_json', `The ${name} (segment ${SEGMENT_NAMES.indexOf(name) + 1}) is empty. Check that the token was copied whole.`, { segment: name });
  }
  const result = decodeBase64url(segment);
  return result.ok ? result : describeProblem(result.problem, name, offset);
}

/** The signature is checked, not decoded: only jose reads its bytes. Empty is legal shape (alg none). */
function checkSegment(segment: string, name: 'signature', offset: number): JwtDecodeError | undefined {
  const problem = checkBase64url(segment);
  return problem && describeProblem(problem, name, offset);
}

function describeProblem(problem: Base64urlProblem, name: SegmentName, offset: number): JwtDecodeError {
  const ordinal = SEGMENT_NAMES.indexOf(name) + 1;
  if (problem.kind === 'bad_length') {
    return fail('bad_base64url', `The ${name} (segment ${ordinal}) is ${problem.length} characters long, a length no base64url text can have: the token is probably truncated.`, { segment: name, position: offset + problem.length });
  }
  const position = offset + problem.index;
  let advice = ' A JWT segment may only contain A–Z, a–z, 0–9, "-" and "_". Check that the token was copied whole and nothing was inserted.';
  if (problem.char === '+' || problem.char === '/') advice = ' That is standard base64, not base64url: a JWT uses "-" and "_" instead of "+" and "/".';
  else if (problem.char === '=') advice = ' A JWT segment carries no "=" padding.';
  else if (/\s/.test(problem.char)) advice = ' The token seems to have been wrapped or split across lines: remove the whitespace.';
  return fail('bad_base64url', `The ${name} (segment ${ordinal}) has ${describeChar(problem.char)} at character ${problem.index + 1} (position ${position + 1} in the token).${advice}`, { segment: name, position });
}

type ParsedSegment = { ok: true; value: JwtObject } | JwtDecodeError;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function parseSegment(bytes: Uint8Array, name: 'header' | 'payload'): ParsedSegment {
  const notJson = name === 'header' ? 'header_not_json' : 'payload_not_json';
  const ordinal = name === 'header' ? 1 : 2;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(notJson, `The ${name} (segment ${ordinal}) decodes to bytes that are not UTF-8 text, so not JSON. Check that the token was copied whole.`, { segment: name });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text; keep only where it stopped (claims are not for messages).
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = at === undefined ? '' : ` (it stops being JSON at character ${Number(at) + 1} of ${text.length})`;
    return fail(notJson, `The ${name} (segment ${ordinal}) decodes to text that is not JSON${where}. The token may be truncated or not a JWT.`, { segment: name });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return fail(name === 'header' ? 'header_not_object' : 'payload_not_object', `The ${name} (segment ${ordinal}) is JSON but ${kind}; a JWT ${name} must be a JSON object.`, { segment: name });
  }
  return { ok: true, value: value as JwtObject };
}

function fail(code: JwtDecodeErrorCode, message: string, extra: { segment?: JwtDecodeError['segment']; position?: number } = {}): JwtDecodeError {
  return { ok: false, code, message, ...extra };
}
