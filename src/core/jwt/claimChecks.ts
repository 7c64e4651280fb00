/** The claim checks of a verification (typ, iss, aud, exp, nbf), one sentence each. */
import * as l10n from '@vscode/l10n';
import { clip, fail, pass, skip, type Check } from './checks';
import { audiencesOf, normalizeTyp } from './claims';
import type { DecodedJwt } from './decode';
import { readNumericDate } from './times';
import { numericDateProblemText } from '../../platform/model/words/claimWords';
import { formatDuration, formatRelative, formatUtc } from '../../platform/model/words/timeWords';

export const DEFAULT_TYP = 'at+jwt';
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

export function checkTyp(jwt: DecodedJwt, expected: string | null): Check {
  if (expected === null) return skip('typ', () => l10n.t('no typ expected: typ not checked'));
  const typ = jwt.header['typ'];
  if (typ === undefined) return fail('typ', () => l10n.t("typ is missing, expected '{0}'", expected));
  if (typeof typ !== 'string') return fail('typ', () => l10n.t("typ is not text, expected '{0}'", expected));
  if (normalizeTyp(typ) === normalizeTyp(expected)) return pass('typ', () => l10n.t("typ is '{0}'", clip(typ)));
  return normalizeTyp(expected) === DEFAULT_TYP && normalizeTyp(typ) === 'jwt'
    ? fail('typ', () => l10n.t("typ is '{0}', expected '{1}': an ID token or a generic JWT, not an RFC 9068 access token", clip(typ), expected))
    : fail('typ', () => l10n.t("typ is '{0}', expected '{1}'", clip(typ), expected));
}

export function checkIss(jwt: DecodedJwt, expected: string | undefined): Check {
  if (expected === undefined) return skip('iss', () => l10n.t('no issuer expected: iss not checked'));
  const iss = jwt.claims['iss'];
  if (iss === undefined) return fail('iss', () => l10n.t("iss is missing, expected '{0}'", expected));
  if (typeof iss !== 'string') return fail('iss', () => l10n.t("iss is not text, expected '{0}'", expected));
  if (iss === expected) return pass('iss', () => l10n.t("iss is '{0}'", clip(iss)));
  return iss.replace(/\/$/, '') === expected.replace(/\/$/, '')
    ? fail('iss', () => l10n.t("iss is '{0}', expected '{1}' (they differ only by a trailing slash, and issuers are compared exactly)", clip(iss), expected))
    : fail('iss', () => l10n.t("iss is '{0}', expected '{1}'", clip(iss), expected));
}

export function checkAud(jwt: DecodedJwt, expected: string | undefined): Check {
  if (expected === undefined) return skip('aud', () => l10n.t('no audience expected: aud not checked'));
  const raw = jwt.claims['aud'];
  if (raw === undefined) return fail('aud', () => l10n.t("aud is missing, expected '{0}'", expected));
  const audiences = audiencesOf(jwt.claims);
  const shown = () => Array.isArray(raw) ? `[${audiences.map(a => `'${clip(a)}'`).join(', ')}]` : typeof raw === 'string' ? `'${clip(raw)}'` : l10n.t('not text');
  if (audiences.includes(expected)) return pass('aud', () => l10n.t('aud is {0}', shown()));
  return fail('aud', () => l10n.t("aud is {0}, expected '{1}'", shown(), expected));
}

export function checkExp(jwt: DecodedJwt, nowMs: number, toleranceS: number, required: boolean): Check {
  const { seconds: exp, problem } = readNumericDate(jwt.claims, 'exp');
  if (problem) return fail('exp', () => numericDateProblemText(problem));
  if (exp === undefined) {
    return required
      ? fail('exp', () => l10n.t('exp is missing: an access token (RFC 9068) must have an expiry'))
      : skip('exp', () => l10n.t('no exp claim: the token does not expire'));
  }
  // A NaN "now" would make every comparison below false, and so the check a pass.
  if (!Number.isFinite(nowMs)) return fail('exp', () => l10n.t('the current time is unknown, so exp cannot be checked'));
  const expMs = exp * 1000;
  const at = () => `(exp ${formatUtc(new Date(expMs))})`;
  if (nowMs >= expMs + toleranceS * 1000) return fail('exp', () => l10n.t('expired {0} ago {1}', formatDuration(nowMs - expMs), at()));
  if (nowMs >= expMs) return pass('exp', () => l10n.t('expired {0} ago, within the {1} s clock tolerance {2}', formatDuration(nowMs - expMs), toleranceS, at()));
  return pass('exp', () => l10n.t({ message: 'expires {0} {1}', args: [formatRelative(expMs - nowMs), at()], comment: ['{0} is a time such as "in 42 min"; {1} is "(exp 2025-07-29 20:20:42 UTC)"'] }));
}

export function checkNbf(jwt: DecodedJwt, nowMs: number, toleranceS: number): Check {
  const { seconds: nbf, problem } = readNumericDate(jwt.claims, 'nbf');
  if (problem) return fail('nbf', () => numericDateProblemText(problem));
  if (nbf === undefined) return skip('nbf', () => l10n.t('no nbf claim'));
  if (!Number.isFinite(nowMs)) return fail('nbf', () => l10n.t('the current time is unknown, so nbf cannot be checked'));
  const nbfMs = nbf * 1000;
  const at = () => `(nbf ${formatUtc(new Date(nbfMs))})`;
  if (nowMs < nbfMs - toleranceS * 1000) {
    return fail('nbf', () => l10n.t("not valid yet: becomes valid {0}, beyond the {1} s clock tolerance {2}; is this computer's clock right?", formatRelative(nbfMs - nowMs), toleranceS, at()));
  }
  if (nowMs < nbfMs) return pass('nbf', () => l10n.t('becomes valid {0}, within the {1} s clock tolerance {2}', formatRelative(nbfMs - nowMs), toleranceS, at()));
  return pass('nbf', () => l10n.t('became valid {0} {1}', formatRelative(nbfMs - nowMs), at()));
}

export function toleranceOf(seconds: number | undefined): number {
  if (seconds === undefined || !Number.isFinite(seconds)) return DEFAULT_CLOCK_TOLERANCE_SECONDS;
  return Math.max(0, seconds);
}
