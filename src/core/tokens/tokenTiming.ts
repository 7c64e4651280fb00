import type { Clock } from '../clock';
import type { IssuedToken } from './tokenClient';
import type { FetchContext } from './tokenState';

export interface TokenManagerOptions {
  /** Asks the server for a new token. Bound to one profile's credentials by the caller. */
  readonly fetchToken: (signal: AbortSignal, context: FetchContext) => Promise<IssuedToken>;
  readonly clock: Clock;
  /**
   * Refresh this long before expiry (never later than `maxLifetimeFraction` of the lifetime). A function is
   * asked each time a refresh is planned, so a setting behind it applies from the next token on.
   */
  readonly refreshLeadMs?: number | (() => number);
  readonly maxLifetimeFraction?: number;
  /**
   * A token closer than this to expiry makes a caller fetch a fresh one, capped at `minRemainingFraction`
   * of the token's lifetime (a 30 s token is not stale from birth). A token still valid is handed out all
   * the same when no request may go out, or when the request failed.
   */
  readonly minRemainingMs?: number;
  readonly minRemainingFraction?: number;
  /**
   * No two requests that no user asked for are sent closer than this, whatever asks (a server issuing
   * tokens of a second or less, a consumer asking for a new session in a loop).
   */
  readonly minRequestIntervalMs?: number;
  /**
   * Whether anything needs this token kept fresh in the background (the active profile, a kept `.env`, a
   * consumer's session). Asked when a scheduled refresh or retry is due; when false, the manager parks
   * (no timer, no request) and the next caller fetches. `resume()` re-arms it.
   */
  readonly keepWarm?: () => boolean;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** Longest single timer: a sleeping laptop is noticed at most this late. */
  readonly watchdogMs?: number;
  /** Wall-clock drift beyond this between expected and actual wake-up counts as a clock jump. */
  readonly clockJumpToleranceMs?: number;
  /** 0 ≤ x < 1; injectable for deterministic jitter in tests. */
  readonly random?: () => number;
  /** A token restored from storage (e.g. after a reload); used while valid. */
  readonly initialToken?: IssuedToken;
  /** Where a failing onDidChange listener is reported (without it, nowhere). */
  readonly log?: (message: string) => void;
}

/** The options with every default filled in (what the manager and the rules below read). */
export type TokenTiming = Required<Omit<TokenManagerOptions, 'initialToken' | 'log' | 'refreshLeadMs'>> & { readonly refreshLeadMs: () => number };

const DEFAULTS = {
  refreshLeadMs: 5 * 60_000,
  maxLifetimeFraction: 0.8,
  minRemainingMs: 30_000,
  minRemainingFraction: 0.1,
  minRequestIntervalMs: 2_000,
  backoffInitialMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  watchdogMs: 5 * 60_000,
  clockJumpToleranceMs: 60_000,
};

export function resolveTiming(options: TokenManagerOptions): TokenTiming {
  const { log: _log, initialToken: _initialToken, ...rest } = options;
  const merged = { ...DEFAULTS, random: Math.random, keepWarm: () => true, ...stripUndefined(rest) } as Omit<TokenTiming, 'refreshLeadMs'> & Pick<TokenManagerOptions, 'refreshLeadMs'>;
  const lead = merged.refreshLeadMs ?? DEFAULTS.refreshLeadMs;
  // The lead comes from a setting: NaN (a string in settings.json) would schedule a timer at NaN, which
  // fires at once, again and again. The settings are checked when read; this holds for any other caller.
  const valid = (ms: number) => (Number.isFinite(ms) && ms >= 0 ? ms : DEFAULTS.refreshLeadMs);
  return { ...merged, refreshLeadMs: typeof lead === 'function' ? () => valid(lead()) : () => valid(lead) };
}

/** Whether the token is fresh at `now`: not within the minimum remaining time of expiry. */
export function isFresh(token: IssuedToken, now: number, timing: TokenTiming): boolean {
  const lifetime = Math.max(0, token.expiresAt - token.issuedAt);
  const margin = Math.min(timing.minRemainingMs, lifetime * timing.minRemainingFraction);
  return token.expiresAt - now > margin;
}

/**
 * The shortest gap before a request no user asked for. A forced one (a consumer refused the token it had)
 * waits a tenth of the lifetime of the token it would replace, between the floor and a minute.
 */
export function requestFloorMs(force: boolean | undefined, token: IssuedToken | undefined, timing: TokenTiming): number {
  const { minRequestIntervalMs } = timing;
  if (!force || !token) return minRequestIntervalMs;
  return Math.min(60_000, Math.max(minRequestIntervalMs, (token.expiresAt - token.issuedAt) * 0.1));
}

/** Exponential backoff with jitter in [½·d, d]; a server's Retry-After wins when longer. */
export function backoffMs(failures: number, retryAfterMs: number | undefined, timing: TokenTiming): number {
  const { backoffInitialMs, backoffMaxMs, random } = timing;
  const ceiling = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(failures - 1, 30));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.min(backoffMaxMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** When to ask for the token's successor (clock ms). */
export function refreshTimeFor(token: IssuedToken, timing: TokenTiming): number {
  const lifetime = Math.max(0, token.expiresAt - token.issuedAt);
  const byLead = token.expiresAt - timing.refreshLeadMs();
  const byFraction = token.issuedAt + lifetime * timing.maxLifetimeFraction;
  // A lead longer than half the lifetime (a 60 s token with a 5 min lead) would refresh at once, again
  // and again: the lifetime fraction alone decides for such short tokens.
  const at = byLead < token.issuedAt + lifetime / 2 ? byFraction : Math.min(byLead, byFraction);
  // A token of a second or less (an operator's setting) is not refreshed in a loop.
  return Math.max(at, token.issuedAt + timing.minRequestIntervalMs);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
