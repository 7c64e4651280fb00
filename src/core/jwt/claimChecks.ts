/** The claim checks of a verification (typ, iss, aud, exp, nbf), each with why as a value (checkWhy.ts). */
import { fail, pass, skip, type Check } from './checks';
import type { AudShown } from './checkWhy';
import { audiencesOf, normalizeTyp } from './claims';
import type { DecodedJwt } from './decode';
import { readNumericDate } from './times';

export const DEFAULT_TYP = 'at+jwt';
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

export function checkTyp(jwt: DecodedJwt, expected: string | null): Check {
  if (expected === null) return skip('typ', { kind: 'typNotExpected' });
  const typ = jwt.header['typ'];
  if (typ === undefined) return fail('typ', { kind: 'typMissing', expected });
  if (typeof typ !== 'string') return fail('typ', { kind: 'typNotText', expected });
  if (normalizeTyp(typ) === normalizeTyp(expected)) return pass('typ', { kind: 'typIs', typ });
  return normalizeTyp(expected) === DEFAULT_TYP && normalizeTyp(typ) === 'jwt'
    ? fail('typ', { kind: 'typGenericJwt', typ, expected })
    : fail('typ', { kind: 'typMismatch', typ, expected });
}

export function checkIss(jwt: DecodedJwt, expected: string | undefined): Check {
  if (expected === undefined) return skip('iss', { kind: 'issNotExpected' });
  const iss = jwt.claims['iss'];
  if (iss === undefined) return fail('iss', { kind: 'issMissing', expected });
  if (typeof iss !== 'string') return fail('iss', { kind: 'issNotText', expected });
  if (iss === expected) return pass('iss', { kind: 'issIs', iss });
  return iss.replace(/\/$/, '') === expected.replace(/\/$/, '')
    ? fail('iss', { kind: 'issTrailingSlash', iss, expected })
    : fail('iss', { kind: 'issMismatch', iss, expected });
}

export function checkAud(jwt: DecodedJwt, expected: string | undefined): Check {
  if (expected === undefined) return skip('aud', { kind: 'audNotExpected' });
  const raw = jwt.claims['aud'];
  if (raw === undefined) return fail('aud', { kind: 'audMissing', expected });
  const audiences = audiencesOf(jwt.claims);
  const aud: AudShown = Array.isArray(raw) ? audiences : typeof raw === 'string' ? raw : null;
  if (audiences.includes(expected)) return pass('aud', { kind: 'audIs', aud });
  return fail('aud', { kind: 'audMismatch', aud, expected });
}

export function checkExp(jwt: DecodedJwt, nowMs: number, toleranceS: number, required: boolean): Check {
  const { seconds: exp, problem } = readNumericDate(jwt.claims, 'exp');
  if (problem) return fail('exp', { kind: 'timeClaimUnusable', claim: 'exp', problem });
  if (exp === undefined) return required ? fail('exp', { kind: 'expRequired' }) : skip('exp', { kind: 'expAbsent' });
  // A NaN "now" would make every comparison below false, and so the check a pass.
  if (!Number.isFinite(nowMs)) return fail('exp', { kind: 'clockUnknown', claim: 'exp' });
  const expMs = exp * 1000;
  if (nowMs >= expMs + toleranceS * 1000) return fail('exp', { kind: 'expired', expMs, nowMs });
  if (nowMs >= expMs) return pass('exp', { kind: 'expiredWithinTolerance', expMs, nowMs, toleranceS });
  return pass('exp', { kind: 'expires', expMs, nowMs });
}

export function checkNbf(jwt: DecodedJwt, nowMs: number, toleranceS: number): Check {
  const { seconds: nbf, problem } = readNumericDate(jwt.claims, 'nbf');
  if (problem) return fail('nbf', { kind: 'timeClaimUnusable', claim: 'nbf', problem });
  if (nbf === undefined) return skip('nbf', { kind: 'nbfAbsent' });
  if (!Number.isFinite(nowMs)) return fail('nbf', { kind: 'clockUnknown', claim: 'nbf' });
  const nbfMs = nbf * 1000;
  if (nowMs < nbfMs - toleranceS * 1000) return fail('nbf', { kind: 'notYetValid', nbfMs, nowMs, toleranceS });
  if (nowMs < nbfMs) return pass('nbf', { kind: 'validWithinTolerance', nbfMs, nowMs, toleranceS });
  return pass('nbf', { kind: 'becameValid', nbfMs, nowMs });
}

export function toleranceOf(seconds: number | undefined): number {
  if (seconds === undefined || !Number.isFinite(seconds)) return DEFAULT_CLOCK_TOLERANCE_SECONDS;
  return Math.max(0, seconds);
}
