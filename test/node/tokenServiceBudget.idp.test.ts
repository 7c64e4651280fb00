/**
 * The request budget as the identity server's operator sees it: the local Konexus server's counters per
 * client and scope, several profiles (two sharing a client), short lifetimes, and callers that ask on
 * every event, as the extension's features do. Time is a fake clock; only the HTTP is real.
 */
import assert from 'node:assert/strict';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { Redactor } from '../../src/core/redact';
import { TokenService } from '../../src/core/tokens/tokenService';
import { DEMO_CLIENT, startKonexusIdp, type KonexusIdp } from '../idp/konexusIdp';
import { FakeClock } from './lib/fakeClock';
import { MemoryMemento, MemorySecrets } from './lib/memoryStores';

const SECOND = 1_000;

/**
 * Runs the fake clock forward in steps; after each, waits (in real time) until no request to the local
 * server is in flight, so a loaded machine does not let the fake clock run ahead of the real requests.
 */
async function idle(clock: FakeClock, ms: number, service: TokenService, step = 250): Promise<void> {
  const busy = async () => {
    for (const profile of service.profiles()) if ((await service.tokenState(profile.name))?.status === 'refreshing') return true;
    return false;
  };
  for (let t = 0; t < ms; t += step) {
    await clock.advance(step);
    do await new Promise(resolve => setTimeout(resolve, 1));
    while (await busy());
  }
}

describe('TokenService request budget against the local Konexus identity server', () => {
  let idp: KonexusIdp;
  let clock: FakeClock;
  let service: TokenService;

  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    idp = await startKonexusIdp({ now: () => clock.now() });
    const http = { fetch, clock, timeoutMs: 2_000 };
    service = new TokenService({
      secrets: new MemorySecrets(), state: new MemoryMemento(), http, discovery: new DiscoveryCache(http), redactor: new Redactor(),
      managerOptions: { random: () => 0.5, backoffInitialMs: 1_000 },
    });
  });
  afterEach(async () => {
    service.dispose();
    await idp.close();
  });

  it('sends a refused secret once for every profile that shares it, and again only when the user asks', async () => {
    idp.addClient({ ...DEMO_CLIENT, scopes: ['tamarack', 'tamarack.read'] });
    const wrong = { authority: idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: 'not-the-secret-0123' };
    await service.addProfile({ name: 'prod', ...wrong, scope: 'tamarack' });
    await service.addProfile({ name: 'prod-readonly', ...wrong, scope: 'tamarack.read' });
    const asks = () => Promise.allSettled([service.getToken('prod'), service.getToken('prod-readonly')]);
    const stop = onEveryEvent(service, asks);
    for (let i = 0; i < 20; i++) {
      await asks();
      await idle(clock, 5 * SECOND, service, 1_000);
    }
    stop();
    const refused = idp.tokenCounts().reduce((sum, c) => sum + c.refused, 0);
    assert.equal(refused, 1, `the wrong secret reached the server ${refused} times`);
    await assert.rejects(service.getToken('prod-readonly', { force: true, byUser: true }), { code: 'invalid_client' });
    assert.equal(idp.tokenCounts().reduce((sum, c) => sum + c.refused, 0), 2, 'the user asking sends it');
  });

  it('keeps the active profile and demanded ones fresh with 10 s and 30 s tokens, and parks the rest', async () => {
    idp.addClient({ clientId: 'short-client', clientSecret: 'short-secret-0123456789', lifetimeSeconds: 10 });
    idp.addClient({ clientId: 'mid-client', clientSecret: 'mid-secret-0123456789', scopes: ['tamarack', 'tamarack.read'], lifetimeSeconds: 30 });
    const add = (name: string, clientId: string, clientSecret: string, scope = 'tamarack') =>
      service.addProfile({ name, authority: idp.issuer, clientId, clientSecret, scope }, { activate: false });
    await add('short', 'short-client', 'short-secret-0123456789');
    await add('mid', 'mid-client', 'mid-secret-0123456789');
    await add('mid-readonly', 'mid-client', 'mid-secret-0123456789', 'tamarack.read');
    await add('idle', 'mid-client', 'mid-secret-0123456789');
    await service.selectProfile('short');
    service.addDemand(profile => profile === 'mid' || profile === 'mid-readonly');
    for (const name of ['short', 'mid', 'mid-readonly', 'idle']) await service.getToken(name);
    // Every feature asks on every event, as the status bar, CodeLens, auth provider and `.env` upkeep do.
    const stop = onEveryEvent(service, () => Promise.allSettled(['short', 'mid', 'mid-readonly'].map(n => service.getToken(n))));
    idp.clearLog();
    await idle(clock, 120 * SECOND, service);
    stop();
    const issued = (clientId: string, scope: string) => idp.tokenCounts().find(c => c.clientId === clientId && c.scope === scope)?.issued ?? 0;
    const bound = (lifetime: number) => Math.ceil(120 / (0.8 * lifetime)) + 1;
    const short = issued('short-client', 'tamarack');
    assert.ok(short <= bound(10) && short >= bound(10) - 2, `short (10 s): ${short}, bound ${bound(10)}`);
    const mid = issued('mid-client', 'tamarack');
    const readonly = issued('mid-client', 'tamarack.read');
    assert.ok(readonly <= bound(30) && readonly >= bound(30) - 2, `mid-readonly (30 s): ${readonly}, bound ${bound(30)}`);
    // 'mid' and 'idle' share client and scope: 'idle' is asked by nobody and nothing demands it.
    assert.ok(mid <= bound(30) && mid >= bound(30) - 2, `mid + idle (30 s): ${mid}, bound ${bound(30)}: idle was not kept warm`);
    assert.equal((await service.tokenState('idle'))?.nextAttemptAt, undefined, 'idle is parked');
    assert.ok(service.isNeeded('short') && service.isNeeded('mid') && !service.isNeeded('idle'));
  });
});

/** Calls `ask` on every TokenService event (and so on every event its own requests cause). */
function onEveryEvent(service: TokenService, ask: () => Promise<unknown>): () => void {
  const subscription = service.onDidChange(() => void ask());
  return () => subscription.dispose();
}
