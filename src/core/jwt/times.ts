/**
 * The token's times (exp, nbf, iat) against a given "now": what the hover, the tree and the status bar
 * show. Display only: no clock tolerance here (verify.ts applies one when deciding). `nowMs` is passed in,
 * never read, so a test moves time by passing a number.
 */
import * as l10n from '@vscode/l10n';
import { jsonKind, type JwtObject } from './decode';
import { formatRelative, formatUtc } from '../../platform/model/words/timeWords';

const DEFAULT_EXPIRING_WITHIN_MS = 5 * 60 * 1000;

/** Largest NumericDate we show as a date: 9999-12-31T23:59:59Z. Beyond that is a bug, not a date. */
const MAX_NUMERIC_DATE = 253402300799;

export interface TimeClaim {
  /** The NumericDate as sent: seconds since the epoch (may be fractional). */
  readonly seconds: number;
  readonly date: Date;
  /** Relative to the `nowMs` it was described at: "in 42 min", "3 h ago". */
  readonly relative: string;
}

/**
 * What a token's time claims say at a given "now" (a profile's token upkeep has its own TokenState,
 * core/tokens/tokenState.ts). `invalid`: exp is present but not a usable NumericDate (a string,
 * milliseconds, NaN…): servers will refuse the token, and "no-expiry" would wrongly suggest it lives forever.
 */
export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'not-yet-valid' | 'no-expiry' | 'invalid';

export type TimeClaimName = 'exp' | 'nbf' | 'iat';

export interface TimeProblem {
  readonly claim: TimeClaimName;
  readonly message: string;
}

export interface TokenTimes {
  readonly exp?: TimeClaim;
  readonly nbf?: TimeClaim;
  readonly iat?: TimeClaim;
  readonly state: ExpiryState;
  /** exp − now in ms (negative once expired); absent without a usable exp. */
  readonly expiresInMs?: number;
  /** Time claims that are present but unusable, each said in words. Empty when all is well. */
  readonly problems: readonly TimeProblem[];
}

export interface DescribeTimesOptions {
  /** A valid token with less than this left is 'expiring'. Default 5 minutes. */
  readonly expiringWithinMs?: number;
}

export function describeTimes(claims: JwtObject, nowMs: number, options: DescribeTimesOptions = {}): TokenTimes {
  const expiringWithinMs = options.expiringWithinMs ?? DEFAULT_EXPIRING_WITHIN_MS;
  const problems: TimeProblem[] = [];
  const read = (name: TimeClaimName): TimeClaim | undefined => {
    const parsed = readNumericDate(claims, name);
    if (parsed.problem) problems.push({ claim: name, message: parsed.problem });
    if (parsed.seconds === undefined) return undefined;
    const date = new Date(parsed.seconds * 1000);
    return { seconds: parsed.seconds, date, relative: formatRelative(date.getTime() - nowMs) };
  };
  const exp = read('exp');
  const nbf = read('nbf');
  const iat = read('iat');
  const expPresentButBad = exp === undefined && hasClaim(claims, 'exp');

  let state: ExpiryState;
  let expiresInMs: number | undefined;
  if (!Number.isFinite(nowMs)) {
    state = 'invalid';
    problems.push({ claim: 'exp', message: l10n.t('The current time is unknown, so the token\'s times cannot be judged.') });
  } else {
    expiresInMs = exp === undefined ? undefined : exp.seconds * 1000 - nowMs;
    // Order matters: an expired token will never become valid, so "expired" wins over "not yet valid".
    if (expPresentButBad) state = 'invalid';
    else if (expiresInMs !== undefined && expiresInMs <= 0) state = 'expired';
    else if (nbf !== undefined && nbf.seconds * 1000 > nowMs) state = 'not-yet-valid';
    else if (expiresInMs === undefined) state = 'no-expiry';
    else if (expiresInMs <= expiringWithinMs) state = 'expiring';
    else state = 'valid';
  }
  return {
    ...(exp && { exp }),
    ...(nbf && { nbf }),
    ...(iat && { iat }),
    state,
    ...(expiresInMs !== undefined && { expiresInMs }),
    problems,
  };
}

function hasClaim(claims: JwtObject, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(claims, name) && claims[name] !== undefined;
}

/** Reads a NumericDate claim (RFC 7519 §2): a JSON number of seconds. Says why when it is not one; `{}` when absent. */
/** Why a time claim is not a usable NumericDate. */
export type NumericDateProblem = string;

export function readNumericDate(claims: JwtObject, name: string): { seconds?: number; problem?: NumericDateProblem } {
  if (!hasClaim(claims, name)) return {};
  const value = claims[name];
  if (typeof value !== 'number') {
    const numeric = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value);
    if (numeric) return { problem: l10n.t('{0} is a string of digits, not a number of seconds; servers reject such a token.', name) };
    const kind = value === null ? 'null' : Array.isArray(value) ? l10n.t('an array') : jsonKind(typeof value);
    return { problem: l10n.t({ message: '{0} is {1}, not a number of seconds; servers reject such a token.', args: [name, kind], comment: ['{0} is a claim name such as exp; {1} is "null", "an array", "a string", "a boolean" or "an object"'] }) };
  }
  if (!Number.isFinite(value)) return { problem: l10n.t('{0} is not a finite number.', name) };
  if (value < 0) return { problem: l10n.t('{0} is {1}, a time before 1970: not a real {0}.', name, value) };
  if (value > MAX_NUMERIC_DATE) {
    const asSeconds = value / 1000;
    return asSeconds <= MAX_NUMERIC_DATE
      ? { problem: l10n.t('{0} is {1}, past the year 9999. It looks like milliseconds ({2}); a NumericDate is in seconds.', name, value, formatUtc(new Date(value))) }
      : { problem: l10n.t('{0} is {1}, past the year 9999.', name, value) };
  }
  return { seconds: value };
}
