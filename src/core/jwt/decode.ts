/**
 * Decoding a compact JWS into a value the rest of the extension reads (header, claims, signature text).
 * Decoding is not trusting: nothing here checks a signature or a time (see verify.ts and times.ts).
 * `decodeJwt` never throws, whatever it is given, because the hover feeds it whatever is under the mouse.
 */
import { checkBase64url, decodeBase64url, type Base64urlProblem } from './base64url';

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

export type SegmentName = 'header' | 'payload' | 'signature';
/** The two segments that are decoded and parsed (the signature is only checked). */
export type JsonSegmentName = 'header' | 'payload';

/** What `typeof` says, with null told apart from objects. */
export type ValueType = 'null' | 'undefined' | 'string' | 'number' | 'bigint' | 'boolean' | 'symbol' | 'function' | 'object';
/** What kind of JSON value something is, with arrays told apart from objects. */
export type JsonType = ValueType | 'array';

/**
 * Why the text is not a JWT, as values (decodeErrorText in the edge's decodeWords.ts says it in words).
 * Never holds the token or a claim value: lengths, counts, positions, and at most the one character where
 * a segment stops being base64url.
 */
export type JwtDecodeWhy =
  | { readonly kind: 'not_string'; readonly got: ValueType }
  | { readonly kind: 'empty' }
  | { readonly kind: 'too_long'; readonly length: number; readonly max: number }
  | { readonly kind: 'jwe' }
  | { readonly kind: 'segment_count'; readonly count: number }
  | { readonly kind: 'bad_base64url'; readonly segment: SegmentName; readonly problem: Base64urlProblem; readonly position: number }
  | { readonly kind: 'empty_segment'; readonly segment: JsonSegmentName }
  | { readonly kind: 'not_utf8'; readonly segment: JsonSegmentName }
  /** `stopsAt`: 0-based offset in the decoded text where JSON.parse stopped, when it said. */
  | { readonly kind: 'not_json'; readonly segment: JsonSegmentName; readonly stopsAt?: number; readonly textLength: number }
  | { readonly kind: 'not_object'; readonly segment: JsonSegmentName; readonly type: JsonType }
  | { readonly kind: 'missing_alg' };

export interface JwtDecodeError {
  readonly ok: false;
  readonly code: JwtDecodeErrorCode;
  /** What is wrong, as values; decodeErrorText(error) says it to a person. */
  readonly why: JwtDecodeWhy;
  /** Which segment the problem is in, when it is in one. */
  readonly segment?: SegmentName;
  /** 0-based offset in the trimmed token of the offending character, for bad_base64url. */
  readonly position?: number;
}

export type JwtDecodeResult = { readonly ok: true; readonly token: DecodedJwt } | JwtDecodeError;

/** Decodes a compact JWT. Accepts surrounding whitespace, quotes and a `Bearer ` prefix. */
export function decodeJwt(input: string): JwtDecodeResult {
  if (typeof input !== 'string') {
    return fail('not_string', { kind: 'not_string', got: input === null ? 'null' : typeof input });
  }
  const text = stripWrapping(input);
  if (text.length === 0) return fail('empty', { kind: 'empty' });
  if (text.length > MAX_JWT_LENGTH) return fail('too_long', { kind: 'too_long', length: text.length, max: MAX_JWT_LENGTH });

  const segments = text.split('.');
  if (segments.length === 5) return fail('jwe', { kind: 'jwe' });
  if (segments.length !== 3) return fail('segment_count', { kind: 'segment_count', count: segments.length });
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
  if (typeof alg !== 'string' || alg.length === 0) return fail('missing_alg', { kind: 'missing_alg' }, { segment: 'header' });
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

function decodeSegment(segment: string, name: JsonSegmentName, offset: number): DecodedSegment {
  if (segment.length === 0) return fail(notJsonCode(name), { kind: 'empty_segment', segment: name }, { segment: name });
  const result = decodeBase64url(segment);
  return result.ok ? result : base64urlFailure(result.problem, name, offset);
}

/** The signature is checked, not decoded: only jose reads its bytes. Empty is legal shape (alg none). */
function checkSegment(segment: string, name: 'signature', offset: number): JwtDecodeError | undefined {
  const problem = checkBase64url(segment);
  return problem && base64urlFailure(problem, name, offset);
}

function base64urlFailure(problem: Base64urlProblem, name: SegmentName, offset: number): JwtDecodeError {
  const position = offset + (problem.kind === 'bad_length' ? problem.length : problem.index);
  return fail('bad_base64url', { kind: 'bad_base64url', segment: name, problem, position }, { segment: name, position });
}

type ParsedSegment = { ok: true; value: JwtObject } | JwtDecodeError;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function parseSegment(bytes: Uint8Array, name: JsonSegmentName): ParsedSegment {
  const notJson = notJsonCode(name);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(notJson, { kind: 'not_utf8', segment: name }, { segment: name });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text; keep only where it stopped (no decoded text goes into the why).
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return fail(notJson, { kind: 'not_json', segment: name, ...(at !== undefined && { stopsAt: Number(at) }), textLength: text.length }, { segment: name });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(name === 'header' ? 'header_not_object' : 'payload_not_object', { kind: 'not_object', segment: name, type: jsonTypeOf(value) }, { segment: name });
  }
  return { ok: true, value: value as JwtObject };
}

function notJsonCode(name: JsonSegmentName): JwtDecodeErrorCode {
  return name === 'header' ? 'header_not_json' : 'payload_not_json';
}

/** What kind of JSON value `value` is: "array" and "null" told apart from "object". */
export function jsonTypeOf(value: unknown): JsonType {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function fail(code: JwtDecodeErrorCode, why: JwtDecodeWhy, extra: { segment?: SegmentName; position?: number } = {}): JwtDecodeError {
  return { ok: false, code, why, ...extra };
}
