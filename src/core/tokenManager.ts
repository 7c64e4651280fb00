import * as l10n from '@vscode/l10n';
import { Emitter, type Disposable } from './async';
import type { Clock, TimerHandle } from './clock';
import { KonexusError, isKonexusError } from './errors';
import type { IssuedToken } from './tokenClient';

export type TokenStatus =
  | 'empty'       // no token yet, nothing failing
  | 'valid'       // a token is in hand and the next refresh is scheduled
  | 'refreshing'  // a request is in flight
  | 'retrying'    // the last request failed transiently; retrying with backoff (the old token may still be valid)
  | 'failed'      // the last request failed in a way only the user can fix (wrong secret, scope): no retry
  | 'disposed';

export interface TokenState {
  readonly status: TokenStatus;
  /** The last token received, even if expired: callers check `expiresAt` (see `usableToken`). */
  readonly token: IssuedToken | undefined;
  readonly lastError: KonexusError | undefined;
  /** When the next request is planned (refresh or retry), in clock ms. */
  readonly nextAttemptAt: number | undefined;
  readonly consecutiveFailures: number;
  /** Who started the last request: a caller (getToken/refresh) or the manager's own schedule. */
  readonly lastTrigger?: 'caller' | 'schedule';
}

/** Why a request goes out: the manager's own schedule or a caller, and whether the user asked. */
export interface FetchContext {
  readonly trigger: 'caller' | 'schedule';
  /** A person asked (a command, a sign-in): a rejected secret or a backoff does not hold it back. */
  readonly byUser: boolean;
}

export interface TokenRequest {
  /** Ask the server even if the current token is fine (a caller whose token was refused). */
  readonly force?: boolean;
  /** The user asked, e.g. `Konexus: Refresh Token`: see FetchContext.byUser. */
  readonly byUser?: boolean;
}

export interface TokenManagerOptions {
  /** Asks the server for a new token. Bound to one profile's credentials by the caller. */
  readonly fetchToken: (signal: AbortSignal, context: FetchContext) => Promise<IssuedToken>;
  readonly clock: Clock;
  /** Refresh this long before expiry (never later than `maxLifetimeFraction` of the lifetime). */
  readonly refreshLeadMs?: number;
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

/**
 * Keeps one profile's token valid. Hands out the current token or fetches one, with a single request in
 * flight however many callers ask; schedules the next fetch before expiry; backs off with jitter on
 * failure while the old token stays in use until it really expires; refreshes at once after a clock jump
 * (sleep/resume). It owns one timer at a time and wakes at most every `watchdogMs` while idle.
 *
 * The request budget, whoever asks: while a token is fresh, none; in steady state one per refresh time
 * (80% of the lifetime at most); after a transient failure, the backoff; after a refusal that only the
 * user can fix (a wrong secret), none until the user asks or the credentials change (`reset`); never two
 * that no user asked for within `minRequestIntervalMs`. A request that may not go out, or fails, leaves a
 * token that is still valid in use: callers get it, and the state says what failed.
 */
export class TokenManager {
  private readonly options: Required<Omit<TokenManagerOptions, 'initialToken' | 'log'>>;
  private state: TokenState;
  private inflight: Promise<IssuedToken> | undefined;
  private abort: AbortController | undefined;
  private timer: TimerHandle | undefined;
  private timerScheduledAt = 0;
  private timerExpectedAt = 0;
  private readonly changed: Emitter<TokenState>;
  /** When the last request that no user asked for went out (clock ms). */
  private lastUnaskedRequestAt = -Infinity;

  constructor(options: TokenManagerOptions) {
    const { log, ...rest } = options;
    this.changed = new Emitter('TokenManager.onDidChange', log ?? (() => undefined));
    const merged = { ...DEFAULTS, random: Math.random, keepWarm: () => true, ...stripUndefined(rest) } as Required<Omit<TokenManagerOptions, 'initialToken' | 'log'>>;
    // The lead comes from a setting: NaN (a string in settings.json) would schedule a timer at NaN, which
    // fires at once, again and again. The settings are checked when read; this holds for any other caller.
    this.options = { ...merged, refreshLeadMs: Number.isFinite(merged.refreshLeadMs) && merged.refreshLeadMs >= 0 ? merged.refreshLeadMs : DEFAULTS.refreshLeadMs };
    const initial = options.initialToken;
    const usable = initial && this.isFresh(initial) ? initial : undefined;
    // The restored token's refresh must be in the state too: the watchdog re-arms from nextAttemptAt.
    const refreshAt = usable ? this.refreshTimeFor(usable) : undefined;
    this.state = { status: usable ? 'valid' : 'empty', token: usable, lastError: undefined, nextAttemptAt: refreshAt, consecutiveFailures: 0 };
    if (refreshAt !== undefined) this.scheduleAt(refreshAt);
  }

  get current(): TokenState {
    return this.state;
  }

  /** The token if it is fresh (not within the minimum remaining time of expiry), else undefined. No network. */
  usableToken(): IssuedToken | undefined {
    const token = this.state.token;
    return token && this.isFresh(token) ? token : undefined;
  }

  /** The token if it has not expired yet, however close to expiry. No network. */
  validToken(): IssuedToken | undefined {
    const token = this.state.token;
    return token && token.expiresAt > this.options.clock.now() ? token : undefined;
  }

  /**
   * A valid token: the current one if fresh, else a new one, if the budget lets a request go out (see the
   * class comment). Rejects with a KonexusError only when no valid token can be had, or when the user asked
   * for a new token (`force` + `byUser`) and did not get one. `force` alone asks the server even if the
   * current token is fine, within the budget.
   */
  async getToken(options: TokenRequest = {}): Promise<IssuedToken> {
    this.assertAlive();
    const usable = this.usableToken();
    if (usable && !options.force) return usable;
    const held = this.heldBack(options);
    if (held) {
      const valid = this.validToken();
      if (valid) return valid;
      throw held;
    }
    try {
      return await this.startFetch('caller', options.byUser ?? false);
    } catch (error) {
      // A failed request never hides a token that is still valid, but the user who asked for a new one hears it failed.
      const valid = this.validToken();
      if (valid && !(options.force && options.byUser)) return valid;
      throw error;
    }
  }

  /** The user asks for a new token now (sharing a request already in flight). */
  refresh(): Promise<IssuedToken> {
    return this.startFetch('caller', true);
  }

  /**
   * Re-arms a parked manager (see `keepWarm`): something needs this token again. No request unless one is
   * due; cheap when the manager is armed already.
   */
  resume(): void {
    const { status, token, nextAttemptAt } = this.state;
    if (this.inflight || nextAttemptAt !== undefined || !token) return;
    if (status === 'valid') {
      const refreshAt = this.refreshTimeFor(token);
      this.update({ ...this.state, nextAttemptAt: refreshAt });
      this.scheduleAt(refreshAt);
    } else if (status === 'retrying') {
      const retryAt = Math.max(this.options.clock.now(), this.lastUnaskedRequestAt + this.options.minRequestIntervalMs);
      this.update({ ...this.state, nextAttemptAt: retryAt });
      this.scheduleAt(retryAt);
    }
  }

  /** Why no request may go out now for this caller, or undefined when one may. */
  private heldBack({ force, byUser }: TokenRequest): KonexusError | undefined {
    if (byUser || this.inflight) return undefined; // the user sets their own pace; joining a request costs nothing
    const { status, lastError, nextAttemptAt } = this.state;
    const now = this.options.clock.now();
    const waiting = lastError ?? new KonexusError('rate_limited', l10n.t('A token was requested moments ago; the next request waits a little.'));
    if (status === 'failed') return waiting;
    if (status === 'retrying' && nextAttemptAt !== undefined && now < nextAttemptAt) return waiting;
    if (now - this.lastUnaskedRequestAt < this.floorMs(force)) return waiting;
    return undefined;
  }

  /**
   * The shortest gap before a request no user asked for. A forced one (a consumer refused the token it had)
   * waits a tenth of the lifetime of the token it would replace, between the floor and a minute.
   */
  private floorMs(force: boolean | undefined): number {
    const { minRequestIntervalMs } = this.options;
    const token = this.state.token;
    if (!force || !token) return minRequestIntervalMs;
    return Math.min(60_000, Math.max(minRequestIntervalMs, (token.expiresAt - token.issuedAt) * 0.1));
  }

  private isFresh(token: IssuedToken): boolean {
    const lifetime = Math.max(0, token.expiresAt - token.issuedAt);
    const margin = Math.min(this.options.minRemainingMs, lifetime * this.options.minRemainingFraction);
    return token.expiresAt - this.options.clock.now() > margin;
  }

  private startFetch(trigger: 'caller' | 'schedule', byUser: boolean): Promise<IssuedToken> {
    this.assertAlive();
    this.inflight ??= this.fetchOnce({ trigger, byUser });
    return this.inflight;
  }

  /**
   * Call on signs that time may have passed unnoticed (window focus, resume): refreshes when due or when
   * the wall clock jumped, otherwise does nothing.
   */
  checkNow(): void {
    if (this.state.status === 'disposed') return;
    this.onTimer(false);
  }

  /**
   * Takes a token obtained elsewhere (another window refreshed and stored it) when it lives longer than
   * ours, so two windows do not both ask the server. Returns whether it was taken.
   */
  adopt(token: IssuedToken): boolean {
    if (this.state.status === 'disposed' || this.inflight) return false;
    if (!this.isFresh(token) || token.expiresAt <= (this.state.token?.expiresAt ?? 0)) return false;
    const refreshAt = this.refreshTimeFor(token);
    this.update({ status: 'valid', token, lastError: undefined, nextAttemptAt: refreshAt, consecutiveFailures: 0 });
    this.scheduleAt(refreshAt);
    return true;
  }

  /** The credentials changed (new secret, edited profile): drop the token and any failure, fetch lazily. */
  reset(): void {
    if (this.state.status === 'disposed') return;
    this.abort?.abort();
    this.inflight = undefined;
    this.lastUnaskedRequestAt = -Infinity;
    this.clearTimer();
    this.update({ status: 'empty', token: undefined, lastError: undefined, nextAttemptAt: undefined, consecutiveFailures: 0 });
  }

  onDidChange(listener: (state: TokenState) => void): Disposable {
    return this.changed.event(listener);
  }

  dispose(): void {
    if (this.state.status === 'disposed') return;
    this.abort?.abort();
    this.clearTimer();
    this.update({ ...this.state, status: 'disposed', nextAttemptAt: undefined });
    this.changed.dispose();
  }

  private async fetchOnce(context: FetchContext): Promise<IssuedToken> {
    const { trigger } = context;
    const abort = new AbortController();
    this.abort = abort;
    this.clearTimer();
    if (!context.byUser) this.lastUnaskedRequestAt = this.options.clock.now();
    this.update({ ...this.state, status: 'refreshing', nextAttemptAt: undefined, lastTrigger: trigger });
    try {
      const token = await this.options.fetchToken(abort.signal, context);
      if (abort.signal.aborted) throw new KonexusError('aborted', l10n.t('The token request was superseded.'));
      const refreshAt = this.refreshTimeFor(token);
      this.update({ status: 'valid', token, lastError: undefined, nextAttemptAt: refreshAt, consecutiveFailures: 0, lastTrigger: trigger });
      this.scheduleAt(refreshAt);
      return token;
    } catch (raw) {
      const error = isKonexusError(raw) ? raw : new KonexusError('bad_response', l10n.t('Unexpected failure while fetching a token: {0}', (raw as Error)?.message ?? String(raw)), { cause: raw });
      if (!abort.signal.aborted && this.state.status !== 'disposed') this.recordFailure(error);
      throw error;
    } finally {
      if (this.abort === abort) {
        this.abort = undefined;
        this.inflight = undefined;
      }
    }
  }

  private recordFailure(error: KonexusError): void {
    const failures = this.state.consecutiveFailures + 1;
    if (!error.transient) {
      this.update({ ...this.state, status: 'failed', lastError: error, nextAttemptAt: undefined, consecutiveFailures: failures });
      return;
    }
    const retryAt = this.options.clock.now() + this.backoffMs(failures, error.retryAfterMs);
    this.update({ ...this.state, status: 'retrying', lastError: error, nextAttemptAt: retryAt, consecutiveFailures: failures });
    this.scheduleAt(retryAt);
  }

  /** Exponential backoff with jitter in [½·d, d]; a server's Retry-After wins when longer. */
  private backoffMs(failures: number, retryAfterMs: number | undefined): number {
    const { backoffInitialMs, backoffMaxMs, random } = this.options;
    const ceiling = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(failures - 1, 30));
    const jittered = ceiling / 2 + random() * (ceiling / 2);
    return Math.min(backoffMaxMs, Math.max(jittered, retryAfterMs ?? 0));
  }

  private refreshTimeFor(token: IssuedToken): number {
    const lifetime = Math.max(0, token.expiresAt - token.issuedAt);
    const byLead = token.expiresAt - this.options.refreshLeadMs;
    const byFraction = token.issuedAt + lifetime * this.options.maxLifetimeFraction;
    // A lead longer than half the lifetime (a 60 s token with a 5 min lead) would refresh at once, again
    // and again: the lifetime fraction alone decides for such short tokens.
    const at = byLead < token.issuedAt + lifetime / 2 ? byFraction : Math.min(byLead, byFraction);
    // A token of a second or less (an operator's setting) is not refreshed in a loop.
    return Math.max(at, token.issuedAt + this.options.minRequestIntervalMs);
  }

  private scheduleAt(at: number): void {
    this.clearTimer();
    const now = this.options.clock.now();
    // A time that is not a number waits for the watchdog instead of firing at once.
    const delay = Number.isFinite(at) ? Math.max(0, Math.min(at - now, this.options.watchdogMs)) : this.options.watchdogMs;
    this.timerScheduledAt = now;
    this.timerExpectedAt = now + delay;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.onTimer(true);
    }, delay);
  }

  /**
   * A timer that fires much later than planned (timers do not run while a laptop sleeps, wall time does)
   * or a wall clock that went backwards is a clock jump. `fromTimer` is false for checkNow().
   */
  private onTimer(fromTimer: boolean): void {
    const { status, nextAttemptAt } = this.state;
    if (status === 'disposed' || status === 'refreshing' || this.inflight) return;
    const now = this.options.clock.now();
    const tolerance = this.options.clockJumpToleranceMs;
    const late = now - this.timerExpectedAt;
    const jumped = now < this.timerScheduledAt - tolerance
      || (fromTimer ? Math.abs(late) > tolerance : this.timer !== undefined && late > tolerance);
    const due = nextAttemptAt !== undefined && now >= nextAttemptAt;
    // After a jump the token's local times cannot be trusted: ask again, unless the user must act first.
    if ((due || (jumped && status !== 'empty')) && status !== 'failed') {
      if (!this.options.keepWarm()) {
        this.park();
        return;
      }
      this.startFetch('schedule', false).catch(() => { /* recorded in state; callers of getToken see errors */ });
    } else if (nextAttemptAt !== undefined && this.timer === undefined) {
      this.scheduleAt(nextAttemptAt);
    }
  }

  /** Nothing needs this token kept fresh: no timer and no request until a caller asks or `resume()`. */
  private park(): void {
    this.clearTimer();
    if (this.state.nextAttemptAt !== undefined) this.update({ ...this.state, nextAttemptAt: undefined });
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private update(state: TokenState): void {
    this.state = state;
    this.changed.fire(state); // a listener's failure is logged and does not break token upkeep
  }

  private assertAlive(): void {
    if (this.state.status === 'disposed') throw new KonexusError('aborted', l10n.t('This profile was removed or the extension is shutting down.'));
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
