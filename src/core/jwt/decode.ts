/**
 * Decoding a compact JWS into a value the rest of the extension reads (header, claims, signature text).
 * Decoding is not trusting: nothing here checks a signature or a time (see verify.ts and times.ts).
 * `decodeJwt` never throws, whatever it is given, because the hover feeds it whatever is under the mouse.
 */
import * as l10n from '@vscode/l10n';
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
    return fail('not_string', l10n.t('Expected the token as text, got {0}.', input === null ? 'null' : typeof input));
  }
  const text = stripWrapping(input);
  if (text.length === 0) {
    return fail('empty', l10n.t('There is no token: the text is empty. Paste a JWT (three base64url segments separated by dots, usually starting with "eyJ").'));
  }
  if (text.length > MAX_JWT_LENGTH) {
    return fail('too_long', l10n.t('The text is {0} characters; a JWT is at most {1} here. Check that only the token was selected.', text.length.toLocaleString('en-US'), MAX_JWT_LENGTH.toLocaleString('en-US')));
  }

  const segments = text.split('.');
  if (segments.length === 5) {
    return fail('jwe', l10n.t('This is an encrypted token (JWE: 5 segments). Its claims cannot be read without the recipient\'s private key; only signed tokens (3 segments) can be inspected.'));
  }
  if (segments.length !== 3) {
    const n = segments.length;
    const count = n === 1
      ? l10n.t('The text has 1 segment; a JWT has 3 separated by dots (header.payload.signature).')
      : l10n.t('The text has {0} segments; a JWT has 3 separated by dots (header.payload.signature).', n);
    const hint = n < 3 ? l10n.t('It may be truncated, or only part of it was selected.') : l10n.t('Two tokens may have been joined together.');
    return fail('segment_count', `${count} ${hint}`);
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
    return fail('missing_alg', l10n.t('The header has no "alg" string. Every JWT names its signing algorithm there, so this is not a well-formed token.'), { segment: 'header' });
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
    return fail(name === 'header' ? 'header_not_json' : 'payload_not_json', l10n.t({ message: 'The {0} (segment {1}) is empty. Check that the token was copied whole.', args: [segmentName(name), SEGMENT_NAMES.indexOf(name) + 1], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] }), { segment: name });
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
    return fail('bad_base64url', l10n.t({ message: 'The {0} (segment {1}) is {2} characters long, a length no base64url text can have: the token is probably truncated.', args: [segmentName(name), ordinal, problem.length], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] }), { segment: name, position: offset + problem.length });
  }
  const position = offset + problem.index;
  let advice: string;
  if (problem.char === '+' || problem.char === '/') advice = l10n.t('That is standard base64, not base64url: a JWT uses "-" and "_" instead of "+" and "/".');
  else if (problem.char === '=') advice = l10n.t('A JWT segment carries no "=" padding.');
  else if (/\s/.test(problem.char)) advice = l10n.t('The token seems to have been wrapped or split across lines: remove the whitespace.');
  else advice = l10n.t('A JWT segment may only contain A–Z, a–z, 0–9, "-" and "_". Check that the token was copied whole and nothing was inserted.');
  const found = l10n.t({
    message: 'The {0} (segment {1}) has {2} at character {3} (position {4} in the token).',
    args: [segmentName(name), ordinal, describeChar(problem.char), problem.index + 1, position + 1],
    comment: ['{0} is "header", "payload" or "signature"; {2} is a character such as \'+\', "a space" or U+00A0'],
  });
  return fail('bad_base64url', `${found} ${advice}`, { segment: name, position });
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
    return fail(notJson, l10n.t({ message: 'The {0} (segment {1}) decodes to bytes that are not UTF-8 text, so not JSON. Check that the token was copied whole.', args: [segmentName(name), ordinal], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] }), { segment: name });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text; keep only where it stopped (claims are not for messages).
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return fail(notJson, at === undefined
      ? l10n.t({ message: 'The {0} (segment {1}) decodes to text that is not JSON. The token may be truncated or not a JWT.', args: [segmentName(name), ordinal], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] })
      : l10n.t({ message: 'The {0} (segment {1}) decodes to text that is not JSON (it stops being JSON at character {2} of {3}). The token may be truncated or not a JWT.', args: [segmentName(name), ordinal, Number(at) + 1, text.length], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] }), { segment: name });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? l10n.t('an array') : jsonKind(typeof value);
    const message = name === 'header'
      ? l10n.t({ message: 'The header (segment 1) is JSON but {0}; a JWT header must be a JSON object.', args: [kind], comment: ['{0} is "null", "an array", "a string", "a number" or "a boolean"'] })
      : l10n.t({ message: 'The payload (segment 2) is JSON but {0}; a JWT payload must be a JSON object.', args: [kind], comment: ['{0} is "null", "an array", "a string", "a number" or "a boolean"'] });
    return fail(name === 'header' ? 'header_not_object' : 'payload_not_object', message, { segment: name });
  }
  return { ok: true, value: value as JwtObject };
}

/** A segment's name in a message: "The {0} (segment 1) is empty." */
function segmentName(name: SegmentName): string {
  switch (name) {
    case 'header': return l10n.t('header');
    case 'payload': return l10n.t('payload');
    case 'signature': return l10n.t('signature');
  }
}

/** "a string", "a number": what a JSON value is when it is not what was expected. */
export function jsonKind(type: string): string {
  switch (type) {
    case 'string': return l10n.t('a string');
    case 'number': return l10n.t('a number');
    case 'boolean': return l10n.t('a boolean');
    case 'object': return l10n.t('an object');
    default: return `a ${type}`;
  }
}

function fail(code: JwtDecodeErrorCode, message: string, extra: { segment?: JwtDecodeError['segment']; position?: number } = {}): JwtDecodeError {
  return { ok: false, code, message, ...extra };
}
