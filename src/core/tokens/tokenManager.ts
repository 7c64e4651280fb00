import { Emitter, type Disposable } from '../async';
import type { TimerHandle } from '../clock';
import { KonexusError, isKonexusError } from '../errors';
import type { IssuedToken } from './tokenClient';
import type { FetchContext, TokenRequest, TokenState } from './tokenState';
import { backoffMs, isFresh, refreshTimeFor, requestFloorMs, resolveTiming, type TokenManagerOptions, type TokenTiming } from './tokenTiming';

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
  private readonly options: TokenTiming;
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
    this.changed = new Emitter('TokenManager.onDidChange', options.log ?? (() => undefined));
    this.options = resolveTiming(options);
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
    const waiting = lastError ?? new KonexusError('rate_limited', { area: 'token', kind: 'requestedMomentsAgo' });
    if (status === 'failed') return waiting;
    if (status === 'retrying' && nextAttemptAt !== undefined && now < nextAttemptAt) return waiting;
    if (now - this.lastUnaskedRequestAt < requestFloorMs(force, this.state.token, this.options)) return waiting;
    return undefined;
  }

  private isFresh(token: IssuedToken): boolean {
    return isFresh(token, this.options.clock.now(), this.options);
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
      if (abort.signal.aborted) throw new KonexusError('aborted', { area: 'token', kind: 'superseded' });
      const refreshAt = this.refreshTimeFor(token);
      this.update({ status: 'valid', token, lastError: undefined, nextAttemptAt: refreshAt, consecutiveFailures: 0, lastTrigger: trigger });
      this.scheduleAt(refreshAt);
      return token;
    } catch (raw) {
      const error = isKonexusError(raw) ? raw : new KonexusError('bad_response', { area: 'token', kind: 'unexpected', detail: (raw as Error)?.message ?? String(raw) }, { cause: raw });
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
    const retryAt = this.options.clock.now() + backoffMs(failures, error.retryAfterMs, this.options);
    this.update({ ...this.state, status: 'retrying', lastError: error, nextAttemptAt: retryAt, consecutiveFailures: failures });
    this.scheduleAt(retryAt);
  }

  private refreshTimeFor(token: IssuedToken): number {
    return refreshTimeFor(token, this.options);
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
    if (this.state.status === 'disposed') throw new KonexusError('aborted', { area: 'token', kind: 'managerGone' });
  }
}
