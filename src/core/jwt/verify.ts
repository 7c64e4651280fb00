/**
 * Verifying a token the way the Konexus docs ask (signature against the issuer's keys, then typ, iss, aud,
 * exp, nbf) and saying, check by check, what passed and what did not. jose checks the signature and the
 * algorithm (signatureCheck.ts); the claims are checked one by one (claimChecks.ts) so that each failure
 * has its own reason rather than jwtVerify's first-error-wins exception. Never throws: every failure is a
 * failed check. Reasons are values (checkWhy.ts); checkReason (checkWords.ts, at the edge) says them.
 */
import { fail, messageOf, pass, skip, type Check, type CheckId } from './checks';
import type { CheckWhy, KeySourceLabel } from './checkWhy';
import { checkAud, checkExp, checkIss, checkNbf, checkTyp, DEFAULT_TYP, toleranceOf } from './claimChecks';
import { normalizeTyp } from './claims';
import { decodeJwt } from './decode';
import type { JwtDecodeError } from './decode';
import type { JwksCache } from './jwks';
import { checkSignature, describeKeySource, type KeySource } from './signatureCheck';

export type { Check, CheckId, CheckStatus } from './checks';
export type { CheckWhy, KeySourceLabel } from './checkWhy';
export type { KeySource } from './signatureCheck';

/** `W`: the values of why of the checks; a caller that adds checks of its own (the inspector) widens it. */
export interface VerificationReport<W extends { readonly kind: string } = CheckWhy> {
  /** True only when the signature was checked and passed and no other check failed. */
  readonly valid: boolean;
  /** Always all seven checks, in CheckId order. */
  readonly checks: readonly Check<W>[];
  readonly kid?: string;
  /** Where the key came from, for display (keySourceText): a JWKS URI, a PEM, a JWK, none. */
  readonly keySource: KeySourceLabel;
  /** Set when the token did not decode; every check then fails or is skipped for that reason. */
  readonly decodeError?: JwtDecodeError;
}

export interface Expectations {
  /** iss must equal this exactly (the discovered issuer). Unset: iss is not checked. */
  readonly issuer?: string;
  /** aud must be or contain this. Unset: aud is not checked. */
  readonly audience?: string;
  /** Expected header typ, compared as a media type. Default 'at+jwt' (RFC 9068); null: not checked. */
  readonly typ?: string | null;
  /** Allowed clock difference for exp and nbf. Default 60. */
  readonly clockToleranceSeconds?: number;
  /** Allowed algorithms; only asymmetric ones are honoured (HS*, none are always refused). */
  readonly algorithms?: readonly string[];
}

export interface VerifyDeps {
  readonly jwks: JwksCache;
  /** "Now" for exp and nbf, in ms since the epoch. Passed in so tests never sleep. */
  readonly nowMs: number;
}

/** Algorithms a signed access token may use: RSA, RSA-PSS, ECDSA, EdDSA. Never HMAC, never none. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
];

const CHECK_ORDER: readonly CheckId[] = ['signature', 'alg', 'typ', 'iss', 'aud', 'exp', 'nbf'];

export async function verifyJwt(token: string, keys: KeySource, expected: Expectations, deps: VerifyDeps): Promise<VerificationReport> {
  const keySource = describeKeySource(keys);
  try {
    return await verifyDecoded(token, keys, expected, deps, keySource);
  } catch (error) {
    // Belt and braces: a bug or a jose surprise still becomes a report, never a rejected promise.
    const detail = messageOf(error);
    return { valid: false, keySource, checks: CHECK_ORDER.map(id => (id === 'signature' ? fail(id, { kind: 'stopped', detail }) : skip(id, { kind: 'notCheckedStopped' }))) };
  }
}

async function verifyDecoded(token: string, keys: KeySource, expected: Expectations, deps: VerifyDeps, keySource: KeySourceLabel): Promise<VerificationReport> {
  const decoded = decodeJwt(token);
  if (!decoded.ok) {
    const checks = CHECK_ORDER.map(id => (id === 'signature' ? fail(id, { kind: 'doesNotDecode', error: decoded }) : skip(id, { kind: 'notCheckedNoDecode' })));
    return { valid: false, checks, keySource, decodeError: decoded };
  }
  const jwt = decoded.token;
  const allowed = allowedAlgorithms(expected.algorithms);
  const alg = checkAlg(jwt.alg, allowed);
  const signature = alg.status === 'pass'
    ? await checkSignature(jwt, keys, allowed, deps.jwks)
    : fail('signature', { kind: 'signatureAlgRefused', alg: jwt.alg });
  const tolerance = toleranceOf(expected.clockToleranceSeconds);

  const expectedTyp = expected.typ === undefined ? DEFAULT_TYP : expected.typ;
  const checks: Check[] = [
    signature,
    alg,
    checkTyp(jwt, expectedTyp),
    checkIss(jwt, expected.issuer),
    checkAud(jwt, expected.audience),
    checkExp(jwt, deps.nowMs, tolerance, expectedTyp !== null && normalizeTyp(expectedTyp) === DEFAULT_TYP),
    checkNbf(jwt, deps.nowMs, tolerance),
  ];
  const valid = signature.status === 'pass' && checks.every(c => c.status !== 'fail');
  return { valid, checks, keySource, ...(jwt.kid !== undefined && { kid: jwt.kid }) };
}

function allowedAlgorithms(requested: readonly string[] | undefined): readonly string[] {
  if (!requested) return ASYMMETRIC_ALGORITHMS;
  return requested.filter(a => ASYMMETRIC_ALGORITHMS.includes(a));
}

function checkAlg(alg: string, allowed: readonly string[]): Check {
  if (alg.toLowerCase() === 'none') return fail('alg', { kind: 'algNone' });
  if (/^HS(256|384|512)$/i.test(alg)) return fail('alg', { kind: 'algHmac', alg });
  if (!allowed.includes(alg)) return fail('alg', { kind: 'algNotAllowed', alg, allowed });
  return pass('alg', { kind: 'algAllowed', alg });
}
