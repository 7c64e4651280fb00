/**
 * The request budget of TokenManager: whatever asks, and however often, a profile sends at
 * most one request per refresh time in steady state, the backoff after failures, nothing after a refused
 * secret until the user asks, and a token that is still valid is never hidden by a failed request.
 * Every rule is checked for several lifetimes: the rules scale with the token's lifetime.
 */
import assert from 'node:assert/strict';
import { KonexusError } from '../../src/core/errors';
import type { IssuedToken } from '../../src/core/tokens/tokenClient';
import { TokenManager } from '../../src/core/tokens/tokenManager';
import type { FetchContext } from '../../src/core/tokens/tokenState';
import type { TokenManagerOptions } from '../../src/core/tokens/tokenTiming';
import { FakeClock, flushMicrotasks } from './lib/fakeClock';

const SECOND = 1_000;

/** A token endpoint answering with tokens of `lifetimeMs`, or with the queued failures first. */
function server(clock: FakeClock, lifetimeMs: number) {
  const calls: Array<{ at: number } & FetchContext> = [];
  const failures: KonexusError[] = [];
  let failAlways: (() => KonexusError) | undefined;
  const fetchToken = async (_signal: AbortSignal, context: FetchContext): Promise<IssuedToken> => {
    calls.push({ at: clock.now(), ...context });
    const failure = failures.shift() ?? failAlways?.();
    if (failure) throw failure;
    const now = clock.now();
    return { accessToken: `token-${calls.length}`, tokenType: 'bearer', scope: 'tamarack', issuedAt: now, expiresAt: now + lifetimeMs, issuer: 'https://idp.test' };
  };
  return {
    calls, fetchToken,
    failNext: (...errors: KonexusError[]) => failures.push(...errors),
    failAlways: (make: (() => KonexusError) | undefined) => { failAlways = make; },
  };
}

function setup(lifetimeSeconds: number, overrides: Partial<TokenManagerOptions> = {}) {
  const clock = new FakeClock();
  const idp = server(clock, lifetimeSeconds * SECOND);
  const manager = new TokenManager({ fetchToken: idp.fetchToken, clock, random: () => 0.5, ...overrides });
  return { clock, idp, manager };
}

/**
 * What the extension's features do: each one asks for a token on every state change (status bar, CodeLens,
 * auth provider, `.env` upkeep), and some on a timer of their own. Returns a stop function.
 */
function busyCallers(manager: TokenManager, clock: FakeClock): () => void {
  let stopped = false;
  const ask = () => {
    if (!stopped) manager.getToken().catch(() => undefined);
  };
  const subscription = manager.onDidChange(() => {
    for (let i = 0; i < 4; i++) ask();
  });
  const tick = () => {
    if (stopped) return;
    ask();
    clock.setTimeout(tick, 250); // a hover or a CodeLens redraw four times a second
  };
  tick();
  return () => {
    stopped = true;
    subscription.dispose();
  };
}

const serverDown = () => new KonexusError('server_error', { area: 'http', kind: 'serverError', operation: 'token', host: 'idp.test', status: 500 }, { status: 500 });
const wrongSecret = () => new KonexusError('invalid_client', { area: 'token', kind: 'secretRejected', url: 'https://idp.test/connect/token', clientId: 'client', said: undefined }, { status: 400 });

describe('TokenManager request budget', () => {
  for (const lifetime of [10, 30, 120, 3600]) {
    it(`sends at most ceil(120 / (0.8 × ${lifetime} s)) + 1 requests over 2 busy minutes with ${lifetime} s tokens`, async () => {
      const { clock, idp, manager } = setup(lifetime);
      await manager.getToken();
      const stop = busyCallers(manager, clock);
      await clock.advance(120 * SECOND);
      stop();
      const bound = Math.ceil(120 / (0.8 * lifetime)) + 1;
      assert.ok(idp.calls.length <= bound, `${idp.calls.length} requests, bound ${bound}`);
      assert.ok(idp.calls.length >= Math.floor(120 / (0.8 * lifetime)), `kept fresh: ${idp.calls.length} requests`);
      assert.ok(manager.usableToken(), 'a fresh token is at hand at the end');
    });
  }

  it('hands out a 30 s token: it is fresh for most of its life (the minimum remaining time scales)', async () => {
    const { clock, idp, manager } = setup(30);
    await manager.getToken();
    await clock.advance(20 * SECOND);
    assert.equal((await manager.getToken()).accessToken, 'token-1', '10 s left of 30 s is still fresh');
    assert.equal(idp.calls.length, 1);
    assert.ok(manager.usableToken());
  });

  it('sends a refused secret once, whoever asks and for how long, and again only when the user asks', async () => {
    for (const lifetime of [10, 3600]) {
      const { clock, idp, manager } = setup(lifetime);
      idp.failAlways(wrongSecret);
      await assert.rejects(manager.getToken(), { code: 'invalid_client' });
      const stop = busyCallers(manager, clock);
      await clock.advance(10 * 60 * SECOND);
      stop();
      assert.equal(idp.calls.length, 1, `lifetime ${lifetime}: a wrong secret is not sent again without the user`);
      await assert.rejects(manager.getToken({ force: true }), { code: 'invalid_client' });
      assert.equal(idp.calls.length, 1, 'a consumer forcing a new session does not send it either');
      await assert.rejects(manager.getToken({ force: true, byUser: true }), { code: 'invalid_client' });
      assert.equal(idp.calls.length, 2, 'the user asking sends it');
      assert.equal(idp.calls[1]!.byUser, true);
      idp.failAlways(undefined);
      manager.reset(); // a new secret
      assert.equal((await manager.getToken()).accessToken, 'token-3');
    }
  });

  it('keeps to the backoff after a transient failure however many callers ask', async () => {
    const { clock, idp, manager } = setup(30, { backoffInitialMs: 2_000, backoffMaxMs: 60_000, random: () => 1 });
    await manager.getToken();
    idp.failAlways(serverDown);
    const stop = busyCallers(manager, clock);
    await clock.advance(120 * SECOND);
    stop();
    // 1 initial, the refresh at 24 s, then retries at most every 2, 4, 8, 16, 32, 60, 60 s.
    const retries = idp.calls.slice(2).map(c => c.at);
    const gaps = retries.map((at, i) => at - (i ? retries[i - 1]! : idp.calls[1]!.at));
    assert.ok(gaps.every((gap, i) => gap >= Math.min(60_000, 2_000 * 2 ** i) - 1), `gaps ${gaps.join(', ')}`);
    assert.ok(idp.calls.length <= 9, `${idp.calls.length} requests in 2 minutes of failures`);
  });

  it('never hides a still-valid token after a failed refresh (30 s token, server answering 500)', async () => {
    const { clock, idp, manager } = setup(30);
    const first = await manager.getToken();
    idp.failAlways(serverDown);
    await clock.advance(24 * SECOND + 1); // the scheduled refresh at 80% fails
    assert.equal(manager.current.status, 'retrying');
    await clock.advance(3 * SECOND); // 3 s left: not fresh any more, but valid
    assert.equal(manager.usableToken(), undefined);
    assert.equal((await manager.getToken()).accessToken, first.accessToken, 'a caller gets the valid token');
    assert.equal((await manager.getToken({ force: true })).accessToken, first.accessToken, 'a consumer forcing gets it too');
    await assert.rejects(manager.getToken({ force: true, byUser: true }), { code: 'server_error' }, 'the user asking for a new one hears it failed');
    assert.equal(manager.validToken()?.accessToken, first.accessToken, 'and the token stays in use');
    await clock.advance(3 * SECOND); // now really expired
    await assert.rejects(manager.getToken(), { code: 'server_error' });
  });

  it('answers a consumer forcing new tokens in a loop with at most one request per tenth of the lifetime', async () => {
    const { clock, idp, manager } = setup(600);
    await manager.getToken();
    for (let i = 0; i < 100; i++) {
      await manager.getToken({ force: true });
      await clock.advance(SECOND);
    }
    // 100 s of forcing, one request per 60 s at most (a tenth of 600 s): 1 + 2
    assert.ok(idp.calls.length <= 3, `${idp.calls.length} requests`);
    assert.ok(idp.calls.length >= 2, 'a forced request does go out once the floor has passed');
  });

  it('is bounded by the floor with a server issuing tokens that expire at once', async () => {
    const { clock, idp, manager } = setup(0);
    await manager.getToken().catch(() => undefined);
    const stop = busyCallers(manager, clock);
    await clock.advance(60 * SECOND);
    stop();
    assert.ok(idp.calls.length <= 31, `${idp.calls.length} requests in 60 s (floor 2 s)`);
  });

  it('parks a profile nothing needs: no background request until a caller asks or it is resumed', async () => {
    let needed = false;
    const { clock, idp, manager } = setup(30, { keepWarm: () => needed });
    await manager.getToken();
    await clock.advance(10 * 60 * SECOND);
    assert.equal(idp.calls.length, 1, 'not kept warm');
    assert.equal(clock.pendingTimers, 0, 'no timer either');
    assert.equal(manager.current.nextAttemptAt, undefined);
    await manager.getToken();
    assert.equal(idp.calls.length, 2, 'a caller gets a fresh token on demand');
    needed = true;
    manager.resume();
    await clock.advance(60 * SECOND);
    assert.equal(idp.calls.length, 2 + Math.floor(60 / 24), 'kept warm again once needed');
  });

  it('joins a request in flight whoever asks', async () => {
    const { idp, manager } = setup(30);
    const asks = [manager.getToken(), manager.getToken({ force: true }), manager.getToken({ force: true, byUser: true })];
    await flushMicrotasks();
    await Promise.all(asks);
    assert.equal(idp.calls.length, 1);
  });
});
