/**
 * The fault matrix of the "Trust" issue: every request the core makes (discovery, token, JWKS) against every
 * way the identity server or the network can fail, on the real local server (127.0.0.1) with a fake clock
 * for retries. For each case: its own error code (or check reason) naming the host, nothing escapes as an
 * unhandled rejection, the last valid token is kept while the fault lasts, retries back off, it recovers by
 * itself when the fault heals, and a fault that never heals costs a bounded number of requests.
 *
 * Key rotation is covered end to end here against the identity server (one refetch for the new kid, none
 * for a flood of unknown kids within the cooldown); the cooldown arithmetic itself is in jwtVerify.test.ts
 * ("key rotation and the cooldown").
 */
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { DiscoveryCache } from '../../src/core/http/discovery';
import type { KonexusErrorCode } from '../../src/core/errors';
import { JwksCache } from '../../src/core/jwt/jwks';
import { verifyJwt } from '../../src/core/jwt/verify';
import { checkReason } from '../../src/platform/model/words/checkWords';
import { Redactor } from '../../src/core/redact';
import { TokenService } from '../../src/core/tokens/tokenService';
import { errorText } from '../../src/platform/model/words/errorWords';
import { DEMO_CLIENT, DISCOVERY_PATH, JWKS_PATH, TOKEN_PATH, startKonexusIdp, type FaultMode, type KonexusIdp } from '../idp/konexusIdp';
import { FakeClock } from './lib/fakeClock';
import { closedPort, escapeWatch, routedFetch, until, type RoutedFetch } from './lib/faultKit';
import { MemoryMemento, MemorySecrets } from './lib/memoryStores';

const TIMEOUT_MS = 300;
const SLOW_MS = 1_000;
const RETRY_AFTER_S = 5;
const MINUTE = 60_000;
/** The refresh of a 3600 s token: 80% of the lifetime (48 min) comes before the 5 min lead (55 min). */
const REFRESH_AT = 48 * MINUTE;
/** Backoff 1 s doubling to 5 min with jitter ½: about 15 attempts in 30 min; more would be a storm. */
const STORM_BOUND = 20;

type Fault = Exclude<FaultMode, 'none'> | 'refused';
const PATHS = { discovery: DISCOVERY_PATH, token: TOKEN_PATH, jwks: JWKS_PATH } as const;

/** What each fault must be called, for discovery and token requests. */
const EXPECTED: Record<Fault, { code: KonexusErrorCode; words: RegExp }> = {
  '500': { code: 'server_error', words: /HTTP 500/ },
  '503': { code: 'unavailable', words: /HTTP 503.*wait 5 s/ },
  '429': { code: 'rate_limited', words: /HTTP 429.*wait 5 s/ },
  slow: { code: 'timeout', words: /did not answer within/ },
  hang: { code: 'timeout', words: /did not answer within/ },
  'malformed-json': { code: 'bad_response', words: /not valid JSON/ },
  html: { code: 'bad_response', words: /HTML page/ },
  empty: { code: 'bad_response', words: /empty body/ },
  'no-access-token': { code: 'no_access_token', words: /sent no access_token/ },
  refused: { code: 'unreachable', words: /connection refused/ },
  reset: { code: 'unreachable', words: /reset|closed unexpectedly/ },
};

/** What the JWKS signature check must say for each fault. */
const JWKS_EXPECTED: Partial<Record<Fault, RegExp>> = {
  '500': /answered HTTP 500/,
  '503': /answered HTTP 503/,
  '429': /answered HTTP 429/,
  slow: new RegExp(`did not answer within ${TIMEOUT_MS} ms`),
  hang: new RegExp(`did not answer within ${TIMEOUT_MS} ms`),
  'malformed-json': /is not JSON/,
  html: /is not JSON \(content-type text\/html/,
  empty: /is not JSON/,
  refused: /connection refused/,
  reset: /reset|could not be read|could not reach/,
};

const FAULTS: readonly Fault[] = ['500', '503', '429', 'slow', 'hang', 'malformed-json', 'html', 'empty', 'no-access-token', 'refused', 'reset'];

const cases = { tokenService: 0, jwks: 0, rotation: 0 };
const storm = { min: Infinity, max: 0 };

describe('fault matrix: discovery, token and JWKS requests against every fault', function () {
  this.timeout(60_000);
  let idp: KonexusIdp;
  let clock: FakeClock;
  let net: RoutedFetch;
  let watch: ReturnType<typeof escapeWatch>;
  let deadPort: number;

  before(async () => { deadPort = await closedPort(); });
  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    idp = await startKonexusIdp({ now: () => clock.now() });
    net = routedFetch(clock, deadPort);
    watch = escapeWatch();
  });
  afterEach(async () => {
    watch.dispose();
    await idp.close();
  });
  after(() => {
    const total = cases.tokenService + cases.jwks + cases.rotation;
    console.log(`      fault matrix: ${total} cases (${cases.tokenService} discovery/token through TokenService, ${cases.jwks} JWKS through verifyJwt, ${cases.rotation} key rotation); a fault that never heals cost ${storm.min}–${storm.max} requests in 30 fake minutes (bound ${STORM_BOUND})`);
  });

  const setFault = (target: 'discovery' | 'token' | 'jwks', fault: Fault, times?: number) => {
    if (fault === 'refused') net.refuse(PATHS[target], times ?? Number.MAX_SAFE_INTEGER);
    else idp.setFault(target, fault, { ...(times === undefined ? {} : { times }), retryAfterSeconds: RETRY_AFTER_S, delayMs: SLOW_MS });
  };
  const heal = (target: 'discovery' | 'token' | 'jwks') => {
    net.refuse(PATHS[target], 0);
    idp.setFault(target, 'none');
  };

  describe('discovery and token through TokenService', () => {
    function makeService() {
      const http = { fetch: net.fetch, clock, timeoutMs: TIMEOUT_MS };
      const log: string[] = [];
      // A discovery cache that expires within a minute, so every refresh asks for discovery again.
      const service = new TokenService({
        secrets: new MemorySecrets(), state: new MemoryMemento(), http, discovery: new DiscoveryCache(http, MINUTE),
        redactor: new Redactor(), managerOptions: { random: () => 0.5, backoffInitialMs: 1_000 }, log: m => log.push(m), errorText,
      });
      return { service, log };
    }
    const state = async (service: TokenService) => (await service.tokenState('demo'))!;
    /** Runs the fake clock in 1 s steps, letting each real request finish before time moves on. */
    const run = async (service: TokenService, ms: number, stopWhen?: () => Promise<boolean>) => {
      for (let t = 0; t < ms; t += 1_000) {
        await until(async () => (await state(service)).status !== 'refreshing', 'the request in flight');
        if (stopWhen && (await stopWhen())) return;
        await clock.advance(1_000);
      }
      await until(async () => (await state(service)).status !== 'refreshing', 'the request in flight');
    };

    for (const target of ['discovery', 'token'] as const) {
      for (const fault of FAULTS) {
        if (fault === 'no-access-token' && target !== 'token') continue;
        const expected = EXPECTED[fault];
        it(`${target} × ${fault}: ${expected.code}, old token kept, backoff, heals by itself, bounded when it never heals`, async () => {
          cases.tokenService++;
          const { service, log } = makeService();
          await service.addProfile({ name: 'demo', authority: idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret });
          const first = await service.getToken();
          const host = new URL(idp.issuer).host;

          // (a) the scheduled refresh hits the fault: its own code, a message naming the host
          setFault(target, fault, 2);
          const before = net.count(PATHS[target]);
          await clock.advance(REFRESH_AT);
          await until(async () => (await state(service)).status !== 'refreshing', 'the first failure');
          const failed = await state(service);
          assert.equal(failed.status, 'retrying', `status after ${fault}: ${failed.lastError?.code} ${failed.lastError?.message}`);
          assert.equal(failed.lastError?.code, expected.code, failed.lastError?.message);
          assert.equal(failed.lastError?.operation, target);
          const words = errorText(failed.lastError);
          assert.match(words, expected.words);
          assert.ok(words.includes(host), `the message names ${host}: ${words}`);
          assert.ok(log.some(line => line.startsWith('[token] demo: retrying: ') && line.includes(words)), `the log has the words: ${log.join('\n')}`);
          // (c) the last valid token is still handed out, without a request
          assert.equal((await service.getToken()).accessToken, first.accessToken);
          assert.equal(failed.token?.accessToken, first.accessToken);

          // (c) retries with backoff on the fake clock, then recovery when the fault heals (times: 2)
          await run(service, 5 * MINUTE, async () => (await state(service)).status === 'valid');
          const healed = await state(service);
          assert.equal(healed.status, 'valid', `recovered: ${healed.lastError?.message}`);
          assert.notEqual(healed.token?.accessToken, first.accessToken);
          const ours = net.attempts.filter(a => a.path === PATHS[target]).slice(before);
          assert.equal(ours.length, 3, `2 failed attempts and 1 success, got ${ours.length}`);
          const gaps = ours.slice(1).map((a, i) => a.at - ours[i]!.at);
          const floor = fault === '503' || fault === '429' ? RETRY_AFTER_S * 1_000 : 500;
          for (const gap of gaps) assert.ok(gap >= floor, `retry gaps ${gaps.join(', ')} ms: none below ${floor} ms`);
          if (floor === 500) assert.ok(gaps[1]! > gaps[0]!, `the backoff grows: ${gaps.join(', ')} ms`);

          // (d) a fault that never heals: bounded requests over 30 fake minutes, then recovery by itself
          setFault(target, fault);
          const stormStart = net.count(PATHS[target]);
          await clock.advance(healed.nextAttemptAt! - clock.now());
          await run(service, 30 * MINUTE);
          const stormRequests = net.count(PATHS[target]) - stormStart;
          storm.min = Math.min(storm.min, stormRequests);
          storm.max = Math.max(storm.max, stormRequests);
          assert.ok(stormRequests >= 5 && stormRequests <= STORM_BOUND, `${stormRequests} requests in 30 min of a persistent ${fault}`);
          assert.equal((await state(service)).status, 'retrying');
          heal(target);
          await run(service, 6 * MINUTE, async () => (await state(service)).status === 'valid');
          assert.equal((await state(service)).status, 'valid', 'recovers within one backoff ceiling after the fault heals');

          // (b) nothing escaped; the log holds no secret and no token
          assert.deepEqual(watch.escaped, []);
          const text = log.join('\n');
          assert.ok(!text.includes(DEMO_CLIENT.clientSecret) && !text.includes(first.accessToken.split('.')[2]!), 'no secret or signature in the log');
          service.dispose();
        });
      }
    }
  });

  describe('JWKS through verifyJwt', () => {
    for (const fault of FAULTS) {
      if (fault === 'no-access-token') continue;
      it(`jwks × ${fault}: the signature check fails saying so, then passes once the fault heals`, async () => {
        cases.jwks++;
        const jwks = new JwksCache({ fetch: net.fetch, timeoutMs: TIMEOUT_MS, cooldownMs: 0 });
        const token = await idp.issueToken(DEMO_CLIENT.clientId);
        const verify = () => verifyJwt(token, { kind: 'jwks', jwksUri: idp.jwksUri }, { issuer: idp.issuer, audience: 'tamarack' }, { jwks, nowMs: clock.now() });
        setFault('jwks', fault, 1);
        const failed = await verify();
        const signature = failed.checks.find(c => c.id === 'signature')!;
        assert.equal(failed.valid, false);
        assert.equal(signature.status, 'fail');
        const reason = checkReason(signature);
        assert.match(reason, JWKS_EXPECTED[fault]!);
        assert.ok(reason.includes(new URL(idp.issuer).host), `the reason names the host: ${reason}`);
        const healed = await verify();
        assert.equal(healed.valid, true, JSON.stringify(healed.checks));
        assert.equal(net.count(JWKS_PATH), 2, 'one failed fetch, one good one');
        assert.deepEqual(watch.escaped, []);
      });
    }
  });

  describe('key rotation end to end', () => {
    const verifyWith = (jwks: JwksCache, token: string) =>
      verifyJwt(token, { kind: 'jwks', jwksUri: idp.jwksUri }, { issuer: idp.issuer, audience: 'tamarack' }, { jwks, nowMs: clock.now() });

    it('a token signed by the rotated-in key verifies after one refetch', async () => {
      cases.rotation++;
      const jwks = new JwksCache({ fetch: net.fetch, cooldownMs: 0 });
      assert.equal((await verifyWith(jwks, await idp.issueToken(DEMO_CLIENT.clientId))).valid, true);
      assert.equal(net.count(JWKS_PATH), 1);
      await idp.rotateKey();
      const rotated = await idp.issueToken(DEMO_CLIENT.clientId);
      assert.equal((await verifyWith(jwks, rotated)).valid, true);
      assert.equal(net.count(JWKS_PATH), 2, 'exactly one refetch for the new kid');
      assert.equal((await verifyWith(jwks, rotated)).valid, true);
      assert.equal(net.count(JWKS_PATH), 2, 'the new kid is cached');
    });

    it('a flood of unknown kids within the cooldown causes no extra fetch', async () => {
      cases.rotation++;
      const jwks = new JwksCache({ fetch: net.fetch, cooldownMs: 30_000 });
      const good = await idp.issueToken(DEMO_CLIENT.clientId);
      assert.equal((await verifyWith(jwks, good)).valid, true);
      const claims = decodeJwt(good);
      const flood = await Promise.all(Array.from({ length: 100 }, async (_, i) => verifyWith(jwks, await idp.sign(claims, { kid: `bogus-${i}` }))));
      assert.ok(flood.every(r => !r.valid && /not in the issuer's key set/.test(checkReason(r.checks[0]!))), checkReason(flood[0]!.checks[0]!));
      assert.equal(net.count(JWKS_PATH), 1, 'no fetch for unknown kids within the cooldown');
      assert.deepEqual(watch.escaped, []);
    });
  });
});
