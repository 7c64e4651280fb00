/**
 * Verifying a token the way the Konexus docs ask (signature against the issuer's keys, then typ, iss, aud,
 * exp, nbf) and saying, check by check, what passed and what did not. jose checks the signature and the
 * algorithm (signatureCheck.ts); the claims are checked one by one (claimChecks.ts) so that each failure
 * has its own sentence rather than jwtVerify's first-error-wins exception. Never throws: every failure is a
 * failed check.
 */
import * as l10n from '@vscode/l10n';
import { clip, fail, messageOf, pass, skip, type Check, type CheckId } from './checks';
import { checkAud, checkExp, checkIss, checkNbf, checkTyp, DEFAULT_TYP, toleranceOf } from './claimChecks';
import { normalizeTyp } from './claims';
import { decodeJwt } from './decode';
import type { JwtDecodeError } from './decode';
import type { JwksCache } from './jwks';
import { checkSignature, describeKeySource, type KeySource } from './signatureCheck';
import { decodeErrorText } from '../../platform/model/words/decodeWords';

export type { Check, CheckId, CheckStatus } from './checks';
export type { KeySource } from './signatureCheck';

export interface VerificationReport {
  /** True only when the signature was checked and passed and no other check failed. */
  readonly valid: boolean;
  /** Always all seven checks, in CheckId order. */
  readonly checks: readonly Check[];
  readonly kid?: string;
  /** Where the key came from, for display: "JWKS https://…", "PEM public key", "none". */
  readonly keySource: string;
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
    const reason = l10n.t('verification stopped unexpectedly: {0}', messageOf(error));
    return { valid: false, keySource, checks: CHECK_ORDER.map(id => (id === 'signature' ? fail(id, reason) : skip(id, () => l10n.t('not checked: verification stopped')))) };
  }
}

async function verifyDecoded(token: string, keys: KeySource, expected: Expectations, deps: VerifyDeps, keySource: string): Promise<VerificationReport> {
  const decoded = decodeJwt(token);
  if (!decoded.ok) {
    const checks = CHECK_ORDER.map(id => (id === 'signature' ? fail(id, () => l10n.t('the token does not decode: {0}', decodeErrorText(decoded))) : skip(id, () => l10n.t('not checked: the token does not decode'))));
    return { valid: false, checks, keySource, decodeError: decoded };
  }
  const jwt = decoded.token;
  const allowed = allowedAlgorithms(expected.algorithms);
  const alg = checkAlg(jwt.alg, allowed);
  const signature = alg.status === 'pass'
    ? await checkSignature(jwt, keys, allowed, deps.jwks)
    : fail('signature', () => l10n.t('not verified: alg {0} is refused (see alg)', clip(jwt.alg)));
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
  if (alg.toLowerCase() === 'none') {
    return fail('alg', () => l10n.t('alg is none: the token is unsigned, and an unsigned token must never be accepted'));
  }
  if (/^HS(256|384|512)$/i.test(alg)) {
    return fail('alg', () => l10n.t('alg {0} is an HMAC (shared-secret) algorithm, which the issuer does not use: verifying {0} with the issuer\'s RSA public key as the secret is the classic key-confusion attack, so it is refused', alg));
  }
  if (!allowed.includes(alg)) {
    const list = allowed.length ? allowed.join(', ') : l10n.t('none (no asymmetric algorithm was allowed)');
    return fail('alg', () => l10n.t('alg {0} is not an allowed algorithm (allowed: {1})', clip(alg), list));
  }
  return pass('alg', () => l10n.t('alg {0} is allowed', alg));
}
