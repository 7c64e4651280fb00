/**
 * Row 2, single flight: many asks for one profile's token reach the identity server once. Counted on the
 * server. First 100 concurrent getToken() calls; then 1,000 calls spread over one token lifetime on a fake
 * clock, which may cost only the first request plus the refreshes the manager schedules itself.
 */
import { systemClock, type Clock } from '../../../src/core/clock';
import { DiscoveryCache } from '../../../src/core/http/discovery';
import { Redactor } from '../../../src/core/redact';
import { TokenService } from '../../../src/core/tokens/tokenService';
import { DEMO_CLIENT, TOKEN_PATH, startKonexusIdp, type KonexusIdp } from '../../idp/konexusIdp';
import { FakeClock } from '../../node/lib/fakeClock';
import { MemoryMemento, MemorySecrets } from '../../node/lib/memoryStores';
import type { Row, Section } from './report';

const CONCURRENT = 100;
const SPREAD_ASKS = 1_000;
const LIFETIME_S = 3_600;
// TokenManager's defaults: refresh 5 min before expiry, but never later than 80% of the lifetime.
const REFRESH_EVERY_S = Math.min(LIFETIME_S - 300, LIFETIME_S * 0.8);

export async function benchSingleFlight(): Promise<Section> {
  return { rows: [await concurrentAsks(), await asksOverALifetime()] };
}

async function concurrentAsks(): Promise<Row> {
  const idp = await startKonexusIdp({ lifetimeSeconds: LIFETIME_S });
  try {
    const service = await serviceFor(idp, systemClock);
    const tokens = await Promise.all(Array.from({ length: CONCURRENT }, () => service.getToken()));
    const requests = tokenRequests(idp);
    const distinct = new Set(tokens.map(t => t.accessToken)).size;
    service.dispose();
    return {
      id: '2', what: `Single flight: ${CONCURRENT} concurrent getToken() on one profile (TokenService)`,
      value: `${requests} request${requests === 1 ? '' : 's'}`, spread: '—', baseline: '—', ratio: '—',
      target: '1 request', outcome: requests === 1 && distinct === 1 ? 'pass' : 'miss', data: { requests, distinctTokens: distinct },
    };
  } finally {
    await idp.close();
  }
}

async function asksOverALifetime(): Promise<Row> {
  const clock = new FakeClock(Date.now());
  const idp = await startKonexusIdp({ lifetimeSeconds: LIFETIME_S, now: () => clock.now() });
  try {
    const service = await serviceFor(idp, clock);
    const stepMs = (LIFETIME_S * 1000) / SPREAD_ASKS;
    let failures = 0;
    for (let i = 0; i < SPREAD_ASKS; i++) {
      await service.getToken().catch(() => failures++);
      await clock.advance(stepMs);
      await settled(service);
    }
    const requests = tokenRequests(idp);
    const expected = 1 + Math.floor(LIFETIME_S / REFRESH_EVERY_S);
    service.dispose();
    return {
      id: '2b', what: `Single flight: ${SPREAD_ASKS} getToken() spread over one ${LIFETIME_S} s lifetime (fake clock)`,
      value: `${requests} requests`, spread: '—', baseline: '—', ratio: '—',
      target: `${expected} (1 + refresh every ${REFRESH_EVERY_S} s)`, outcome: requests === expected && failures === 0 ? 'pass' : 'miss',
      data: { requests, expected, failures, refreshEverySeconds: REFRESH_EVERY_S },
    };
  } finally {
    await idp.close();
  }
}

async function serviceFor(idp: KonexusIdp, clock: Clock): Promise<TokenService> {
  const http = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), clock, timeoutMs: 5_000 };
  const service = new TokenService({
    secrets: new MemorySecrets(), state: new MemoryMemento(), http, discovery: new DiscoveryCache(http), redactor: new Redactor(),
  });
  await service.addProfile({ name: 'bench', authority: idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret });
  return service;
}

const tokenRequests = (idp: KonexusIdp) => idp.requests.filter(r => r.path === TOKEN_PATH).length;

/** A refresh started by a fake-clock timer does real I/O: wait (at most 5 s) for it to finish. */
async function settled(service: TokenService): Promise<void> {
  for (let waited = 0; waited < 5_000; waited += 5) {
    if ((await service.tokenState('bench'))?.status !== 'refreshing') return;
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  throw new Error('a token refresh did not finish within 5 s');
}
