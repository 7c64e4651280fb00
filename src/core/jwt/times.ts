/**
 * The token's times (exp, nbf, iat) against a given "now": what the hover, the tree and the status bar
 * show. Display only: no clock tolerance here (verify.ts applies one when deciding). `nowMs` is passed in,
 * never read, so a test moves time by passing a number.
 */
import { jsonTypeOf, type JsonType, type JwtObject } from './decode';

const DEFAULT_EXPIRING_WITHIN_MS = 5 * 60 * 1000;

/** Largest NumericDate we show as a date: 9999-12-31T23:59:59Z. Beyond that is a bug, not a date. */
const MAX_NUMERIC_DATE = 253402300799;

export interface TimeClaim {
  /** The NumericDate as sent: seconds since the epoch (may be fractional). */
  readonly seconds: number;
  readonly date: Date;
  /** Milliseconds from the `nowMs` it was described at to this time: negative once past, NaN without a now. */
  readonly fromNowMs: number;
}

/**
 * What a token's time claims say at a given "now" (a profile's token upkeep has its own TokenState,
 * core/tokens/tokenState.ts). `invalid`: exp is present but not a usable NumericDate (a string,
 * milliseconds, NaN…): servers will refuse the token, and "no-expiry" would wrongly suggest it lives forever.
 */
export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'not-yet-valid' | 'no-expiry' | 'invalid';

export type TimeClaimName = 'exp' | 'nbf' | 'iat';

/** A time claim that cannot be judged, as values; timeProblemText (claimWords.ts) says it in words. */
export type TimeProblem =
  | { readonly kind: 'not_numeric_date'; readonly claim: TimeClaimName; readonly problem: NumericDateProblem }
  /** The `nowMs` given was not a finite number. Filed under exp: it is exp that cannot be judged. */
  | { readonly kind: 'unknown_now'; readonly claim: 'exp' };

export interface TokenTimes {
  readonly exp?: TimeClaim;
  readonly nbf?: TimeClaim;
  readonly iat?: TimeClaim;
  readonly state: ExpiryState;
  /** exp − now in ms (negative once expired); absent without a usable exp. */
  readonly expiresInMs?: number;
  /** Time claims that are present but unusable, and an unknown now. Empty when all is well. */
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
    if (parsed.problem) problems.push({ kind: 'not_numeric_date', claim: name, problem: parsed.problem });
    if (parsed.seconds === undefined) return undefined;
    const date = new Date(parsed.seconds * 1000);
    return { seconds: parsed.seconds, date, fromNowMs: date.getTime() - nowMs };
  };
  const exp = read('exp');
  const nbf = read('nbf');
  const iat = read('iat');
  const expPresentButBad = exp === undefined && hasClaim(claims, 'exp');

  let state: ExpiryState;
  let expiresInMs: number | undefined;
  if (!Number.isFinite(nowMs)) {
    state = 'invalid';
    problems.push({ kind: 'unknown_now', claim: 'exp' });
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

/**
 * Why a time claim is not a usable NumericDate, as values (numericDateProblemText, claimWords.ts, says it in
 * words). `claim` is the claim's name, `value` the number as sent.
 */
export type NumericDateProblem =
  /** A string such as "1753820442": servers reject it, though it reads like a date. */
  | { readonly kind: 'digit_string'; readonly claim: string }
  | { readonly kind: 'not_number'; readonly claim: string; readonly type: JsonType }
  | { readonly kind: 'not_finite'; readonly claim: string }
  | { readonly kind: 'before_1970'; readonly claim: string; readonly value: number }
  /** Past the year 9999 as seconds, but not as milliseconds: a date in milliseconds by mistake. */
  | { readonly kind: 'milliseconds'; readonly claim: string; readonly value: number }
  | { readonly kind: 'past_9999'; readonly claim: string; readonly value: number };

/** Reads a NumericDate claim (RFC 7519 §2): a JSON number of seconds. Says why when it is not one; `{}` when absent. */
export function readNumericDate(claims: JwtObject, name: string): { seconds?: number; problem?: NumericDateProblem } {
  if (!hasClaim(claims, name)) return {};
  const value = claims[name];
  if (typeof value !== 'number') {
    const digits = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value);
    return { problem: digits ? { kind: 'digit_string', claim: name } : { kind: 'not_number', claim: name, type: jsonTypeOf(value) } };
  }
  if (!Number.isFinite(value)) return { problem: { kind: 'not_finite', claim: name } };
  if (value < 0) return { problem: { kind: 'before_1970', claim: name, value } };
  if (value > MAX_NUMERIC_DATE) {
    return { problem: { kind: value / 1000 <= MAX_NUMERIC_DATE ? 'milliseconds' : 'past_9999', claim: name, value } };
  }
  return { seconds: value };
}
