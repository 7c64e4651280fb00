import assert from 'node:assert/strict';
import { KonexusError } from '../../src/core/errors';
import type { IssuedToken } from '../../src/core/tokens/tokenClient';
import { TokenManager } from '../../src/core/tokens/tokenManager';
import type { TokenStatus } from '../../src/core/tokens/tokenState';
import type { TokenManagerOptions } from '../../src/core/tokens/tokenTiming';
import { FakeClock, flushMicrotasks } from './lib/fakeClock';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A scripted token endpoint: each call takes the next outcome; records when it was asked. */
class ScriptedServer {
  calls: number[] = [];
  private outcomes: Array<'ok' | KonexusError> = [];
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  lifetimeMs = HOUR;

  constructor(private readonly clock: FakeClock) {}

  next(...outcomes: Array<'ok' | KonexusError>): this {
    this.outcomes.push(...outcomes);
    return this;
  }

  /** Holds every request until release(), to observe concurrency. */
  hold(): void {
    this.gate = new Promise(resolve => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  fetchToken = async (): Promise<IssuedToken> => {
    this.calls.push(this.clock.now());
    const n = this.calls.length;
    if (this.gate) await this.gate;
    const outcome = this.outcomes.shift() ?? 'ok';
    if (outcome !== 'ok') throw outcome;
    const now = this.clock.now();
    return { accessToken: `token-${n}`, tokenType: 'bearer', scope: 'tamarack', issuedAt: now, expiresAt: now + this.lifetimeMs, issuer: 'https://idp.test' };
  };
}

function setup(overrides: Partial<TokenManagerOptions> = {}) {
  const clock = new FakeClock();
  const server = new ScriptedServer(clock);
  const manager = new TokenManager({ fetchToken: server.fetchToken, clock, random: () => 0.5, ...overrides });
  const statuses: TokenStatus[] = [];
  manager.onDidChange(s => statuses.push(s.status));
  return { clock, server, manager, statuses };
}

const serverDown = () => new KonexusError('server_error', { area: 'http', kind: 'serverError', operation: 'token', host: 'idp.test', status: 500 }, { status: 500 });
const wrongSecret = () => new KonexusError('invalid_client', { area: 'token', kind: 'secretRejected', url: 'https://idp.test/connect/token', clientId: 'client', said: undefined }, { status: 400 });

describe('TokenManager', () => {
  it('fetches on first ask and then serves the cached token without a request', async () => {
    const { manager, server } = setup();
    const first = await manager.getToken();
    const second = await manager.getToken();
    assert.equal(first.accessToken, 'token-1');
    assert.equal(second, first);
    assert.equal(server.calls.length, 1);
    assert.equal(manager.current.status, 'valid');
  });

  it('sends one request however many callers ask at once', async () => {
    const { manager, server } = setup();
    server.hold();
    const asks = Array.from({ length: 100 }, () => manager.getToken());
    await flushMicrotasks();
    server.release();
    const tokens = await Promise.all(asks);
    assert.equal(server.calls.length, 1);
    assert.ok(tokens.every(t => t.accessToken === 'token-1'));
  });

  it('refreshes before expiry: lead time for long tokens, 80% of the lifetime for short ones', async () => {
    const { manager, server, clock } = setup({ refreshLeadMs: 15 * MIN });
    const start = clock.now();
    await manager.getToken();
    assert.equal(manager.current.nextAttemptAt, start + HOUR - 15 * MIN);
    await clock.advance(HOUR - 15 * MIN - 1);
    assert.equal(server.calls.length, 1, 'not yet');
    await clock.advance(1);
    assert.equal(server.calls.length, 2, 'refreshed 15 min before expiry');
    assert.equal(manager.current.token?.accessToken, 'token-2');

    server.lifetimeMs = 60_000; // a 60 s token: a 15 min lead would be before issuance; the 80% rule applies
    await manager.getToken({ force: true, byUser: true });
    const issued = clock.now();
    assert.equal(manager.current.nextAttemptAt, issued + 48_000);
  });

  it('asks a lead given as a function each time it plans a refresh (a setting changed applies to the next token)', async () => {
    let leadMs = 15 * MIN;
    const { manager, clock } = setup({ refreshLeadMs: () => leadMs });
    await manager.getToken();
    assert.equal(manager.current.nextAttemptAt, clock.now() + HOUR - 15 * MIN);
    leadMs = 20 * MIN;
    await manager.getToken({ force: true, byUser: true });
    assert.equal(manager.current.nextAttemptAt, clock.now() + HOUR - 20 * MIN);
    leadMs = Number.NaN; // what a string in settings.json would give, were it not checked: the default lead
    await manager.getToken({ force: true, byUser: true });
    assert.equal(manager.current.nextAttemptAt, clock.now() + 48 * MIN);
  });

  it('never waits past 80% of the lifetime, whatever the lead time', async () => {
    const { manager, clock } = setup({ refreshLeadMs: 5 * MIN });
    await manager.getToken();
    assert.equal(manager.current.nextAttemptAt, clock.now() + 48 * MIN);
  });

  it('keeps tokens valid across many lifetimes with exactly one request per refresh and few timer wake-ups', async () => {
    const { manager, server, clock } = setup();
    await manager.getToken();
    clock.callbacksRun = 0;
    await clock.advance(10 * MIN);
    assert.ok(clock.callbacksRun <= 2, `idle wake-ups in 10 min: ${clock.callbacksRun}`);
    await clock.advance(5 * HOUR);
    // one refresh every 48 min (80% of an hour): 1 initial + floor(310 min / 48 min)
    assert.equal(server.calls.length, 1 + Math.floor(310 / 48));
    assert.ok(manager.usableToken(), 'always holds a valid token');
  });

  it('backs off with jitter on transient failure, keeps the old token, and recovers by itself', async () => {
    const { manager, server, clock } = setup({ backoffInitialMs: 2_000, random: () => 0 });
    await manager.getToken();
    server.next(serverDown(), serverDown(), serverDown());
    await clock.advance(48 * MIN); // scheduled refresh fails
    assert.equal(manager.current.status, 'retrying');
    assert.equal(manager.current.lastError?.code, 'server_error');
    assert.equal((await manager.getToken()).accessToken, 'token-1', 'old token still served while valid');
    await clock.advance(1_000); // jitter 0 → first retry after 1 s (½ of 2 s)
    await clock.advance(2_000); // second after 2 s
    await clock.advance(4_000); // third succeeds
    assert.equal(server.calls.length, 5);
    const [failedAt, ...retryTimes] = server.calls.slice(1);
    assert.deepEqual(retryTimes.map((t, i) => t - (i ? retryTimes[i - 1]! : failedAt!)), [1_000, 2_000, 4_000]);
    assert.equal(manager.current.status, 'valid');
    assert.equal(manager.current.token?.accessToken, 'token-5');
    assert.equal(manager.current.consecutiveFailures, 0);
  });

  it("honours the server's Retry-After when longer than the backoff", async () => {
    const { manager, server, clock } = setup({ backoffInitialMs: 1_000 });
    server.next(new KonexusError('unavailable', { area: 'http', kind: 'unavailable', operation: 'token', host: 'idp.test', retryAfterMs: 30_000 }, { status: 503, retryAfterMs: 30_000 }));
    await assert.rejects(manager.getToken(), { code: 'unavailable' });
    assert.equal(manager.current.nextAttemptAt, clock.now() + 30_000);
    await clock.advance(29_999);
    assert.equal(server.calls.length, 1);
    await clock.advance(1);
    assert.equal(server.calls.length, 2);
    assert.equal(manager.current.status, 'valid');
  });

  it('stops retrying on a wrong secret and waits for the user', async () => {
    const { manager, server, clock } = setup();
    server.next(wrongSecret());
    await assert.rejects(manager.getToken(), { code: 'invalid_client' });
    assert.equal(manager.current.status, 'failed');
    await clock.advance(2 * HOUR);
    assert.equal(server.calls.length, 1, 'no automatic retry storm with bad credentials');
    assert.equal(clock.pendingTimers, 0);
    manager.reset();
    assert.equal((await manager.getToken()).accessToken, 'token-2');
  });

  it('rejects with the error once the old token really expired', async () => {
    const { manager, server, clock } = setup();
    await manager.getToken();
    server.next(...Array.from({ length: 50 }, serverDown));
    await clock.advance(HOUR + MIN);
    assert.equal(manager.usableToken(), undefined);
    await assert.rejects(manager.getToken(), { code: 'server_error' });
  });

  it('refreshes at once after a wall-clock jump (laptop sleep), not 5 minutes later', async () => {
    const { manager, server, clock } = setup();
    await manager.getToken();
    clock.jump(2 * HOUR); // slept: timers did not run, wall time moved
    manager.checkNow();    // e.g. the window regained focus
    await flushMicrotasks();
    assert.equal(server.calls.length, 2);
    assert.equal(manager.current.token?.accessToken, 'token-2');
  });

  it('notices a late timer as a jump even without checkNow', async () => {
    const { manager, server, clock } = setup({ watchdogMs: 5 * MIN });
    await manager.getToken();
    clock.jump(30 * MIN); // wall time moves 30 min, but the 5-min watchdog timer has not fired yet
    await clock.advance(5 * MIN); // it fires now, 30 min late in wall time
    assert.equal(server.calls.length, 2);
  });

  it('treats a backwards clock as a jump', async () => {
    const { manager, server, clock } = setup();
    await manager.getToken();
    clock.jump(-2 * HOUR);
    manager.checkNow();
    await flushMicrotasks();
    assert.equal(server.calls.length, 2);
  });

  it('uses a restored token while valid, and ignores one about to expire', async () => {
    const clock = new FakeClock();
    const server = new ScriptedServer(clock);
    const restored: IssuedToken = { accessToken: 'restored', tokenType: 'bearer', scope: 'tamarack', issuedAt: clock.now() - 10 * MIN, expiresAt: clock.now() + 50 * MIN, issuer: 'x' };
    const manager = new TokenManager({ fetchToken: server.fetchToken, clock, initialToken: restored });
    assert.equal((await manager.getToken()).accessToken, 'restored');
    assert.equal(server.calls.length, 0);
    const stale = new TokenManager({ fetchToken: server.fetchToken, clock, initialToken: { ...restored, expiresAt: clock.now() + 10_000 } });
    assert.equal((await stale.getToken()).accessToken, 'token-1');
  });

  it('refreshes a restored token in the background, past several watchdog wake-ups', async () => {
    const clock = new FakeClock();
    const server = new ScriptedServer(clock);
    const restored: IssuedToken = { accessToken: 'restored', tokenType: 'bearer', scope: 'tamarack', issuedAt: clock.now() - 10 * MIN, expiresAt: clock.now() + 50 * MIN, issuer: 'x' };
    const manager = new TokenManager({ fetchToken: server.fetchToken, clock, initialToken: restored });
    assert.equal(manager.current.nextAttemptAt, restored.issuedAt + 48 * MIN);
    await clock.advance(38 * MIN + 1);
    assert.equal(server.calls.length, 1, 'refreshed at 80% of the restored token\'s lifetime without any caller');
    assert.equal(manager.current.token?.accessToken, 'token-1');
  });

  it('a forced refresh the user asked for asks the server even with a valid token', async () => {
    const { manager, server } = setup();
    await manager.getToken();
    assert.equal((await manager.getToken({ force: true, byUser: true })).accessToken, 'token-2');
    assert.equal(server.calls.length, 2);
  });

  it('emits state changes in order and stops everything on dispose', async () => {
    const { manager, server, clock, statuses } = setup();
    await manager.getToken();
    assert.deepEqual(statuses, ['refreshing', 'valid']);
    manager.dispose();
    assert.equal(clock.pendingTimers, 0);
    await clock.advance(3 * HOUR);
    assert.equal(server.calls.length, 1);
    await assert.rejects(manager.getToken(), { code: 'aborted' });
  });

  it('reset during a request discards its result', async () => {
    const { manager, server } = setup();
    server.hold();
    const pending = manager.getToken();
    await flushMicrotasks();
    manager.reset();
    server.release();
    await assert.rejects(pending, { code: 'aborted' });
    assert.equal(manager.current.status, 'empty');
    assert.equal(manager.current.token, undefined);
  });

  it('a throwing listener does not break upkeep, and is logged', async () => {
    const logged: string[] = [];
    const { manager, statuses } = setup({ log: message => logged.push(message) });
    manager.onDidChange(() => { throw new Error('listener bug'); });
    assert.equal((await manager.getToken()).accessToken, 'token-1');
    assert.deepEqual(statuses, ['refreshing', 'valid']);
    assert.deepEqual(logged, ['[TokenManager.onDidChange] a listener failed: listener bug', '[TokenManager.onDidChange] a listener failed: listener bug']);
  });
});

describe('TokenManager.adopt', () => {
  it('takes a longer-lived token from another window and moves its schedule', async () => {
    const { manager, server, clock } = setup();
    await manager.getToken();
    await clock.advance(10 * MIN);
    const now = clock.now();
    const fromOtherWindow: IssuedToken = { accessToken: 'other', tokenType: 'bearer', scope: 'tamarack', issuedAt: now, expiresAt: now + HOUR, issuer: 'x' };
    assert.equal(manager.adopt(fromOtherWindow), true);
    assert.equal((await manager.getToken()).accessToken, 'other');
    assert.equal(manager.current.nextAttemptAt, now + 48 * MIN);
    assert.equal(manager.adopt({ ...fromOtherWindow, accessToken: 'older', expiresAt: now + 30 * MIN }), false);
    assert.equal(server.calls.length, 1);
  });
});

describe('TokenManager.lastTrigger', () => {
  it('tells scheduled refreshes from callers', async () => {
    const { manager, server, clock } = setup();
    await manager.getToken();
    assert.equal(manager.current.lastTrigger, 'caller');
    server.next(wrongSecret());
    await clock.advance(48 * MIN);
    assert.equal(manager.current.status, 'failed');
    assert.equal(manager.current.lastTrigger, 'schedule');
  });
});
