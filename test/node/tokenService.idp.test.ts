import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { secretKey, tokenKey } from '../../src/core/tokens/profiles';
import { Redactor } from '../../src/core/redact';
import { TokenService } from '../../src/core/tokens/tokenService';
import { errorText } from '../../src/platform/model/words/errorWords';
import { DEMO_CLIENT, startKonexusIdp, type KonexusIdp, type RecordedRequest } from '../idp/konexusIdp';
import { startOidcProviderPeer, type OidcPeer } from '../idp/oidcProviderPeer';
import { FakeClock } from './lib/fakeClock';
import { MemoryMemento, MemorySecrets } from './lib/memoryStores';

/** Waits for real I/O (a request to the local server) to settle; never used to wait for expiry. */
async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/** The client secret a token request carried, in HTTP Basic or in the form. */
function sentSecret(request: RecordedRequest): string | undefined {
  const basic = /^Basic (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
  if (basic) return decodeURIComponent(Buffer.from(basic, 'base64').toString('utf8').split(':')[1] ?? '');
  return new URLSearchParams(request.body).get('client_secret') ?? undefined;
}

function makeService(clock: FakeClock, secrets = new MemorySecrets(), state = new MemoryMemento()) {
  const http = { fetch, clock, timeoutMs: 2_000 };
  const log: string[] = [];
  const service = new TokenService({
    secrets, state, http, discovery: new DiscoveryCache(http), redactor: new Redactor(),
    managerOptions: { random: () => 0.5, backoffInitialMs: 1_000 },
    log: m => log.push(m),
  });
  secrets.onDidChange(key => void service.onSecretChanged(key));
  return { service, secrets, state, log };
}

describe('TokenService against the local Konexus identity server', () => {
  let idp: KonexusIdp;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    idp = await startKonexusIdp({ now: () => clock.now() });
  });
  afterEach(() => idp.close());

  const add = (service: TokenService, extra: Record<string, unknown> = {}) => service.addProfile({
    name: 'demo', authority: idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret, ...extra,
  });
  const tokenRequests = () => idp.requests.filter(r => r.path === '/connect/token').length;

  for (const method of ['auto', 'client_secret_post', 'client_secret_basic'] as const) {
    it(`gets a token that verifies against the issuer's JWKS (${method})`, async () => {
      const { service } = makeService(clock);
      await add(service, { clientAuthMethod: method });
      const token = await service.getToken();
      const header = decodeProtectedHeader(token.accessToken);
      assert.equal(header.typ, 'at+jwt');
      assert.match(String(header.kid), /^[0-9A-F]{40}RS256$/);
      const { payload } = await jwtVerify(token.accessToken, createRemoteJWKSet(new URL(idp.jwksUri)), {
        issuer: idp.issuer, audience: 'tamarack', typ: 'at+jwt', currentDate: new Date(clock.now()),
      });
      assert.deepEqual(payload.scope, ['tamarack']);
      assert.equal(payload.client_id, DEMO_CLIENT.clientId);
      assert.equal(token.expiresAt - token.issuedAt, 3_600_000);
      const sent = idp.requests.find(r => r.path === '/connect/token')!;
      assert.equal(sent.headers.authorization !== undefined, method === 'client_secret_basic');
    });
  }

  it('sends one request for 100 concurrent asks, and none for a restored token after a reload', async () => {
    const secrets = new MemorySecrets();
    const state = new MemoryMemento();
    const first = makeService(clock, secrets, state).service;
    await add(first);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => first.getToken()));
    assert.equal(tokenRequests(), 1);
    assert.equal(new Set(tokens.map(t => t.accessToken)).size, 1);
    first.dispose();
    const reloaded = makeService(clock, secrets, state).service;
    assert.equal((await reloaded.getToken()).accessToken, tokens[0]!.accessToken);
    assert.equal(tokenRequests(), 1, 'the token cached in SecretStorage is used while valid');
    reloaded.dispose();
  });

  it('refreshes a short-lived token before it expires, on the fake clock', async () => {
    idp.setLifetime(60);
    const { service } = makeService(clock);
    await add(service);
    const first = await service.getToken();
    await clock.advance(47_000);
    assert.equal(tokenRequests(), 1);
    await clock.advance(1_000); // 80% of 60 s
    await until(async () => (await service.tokenState('demo'))?.token?.accessToken !== first.accessToken, 'the refresh');
    assert.equal(tokenRequests(), 2);
    service.dispose();
  });

  it('names a wrong secret, does not retry it, and logs no secret or token', async () => {
    const { service, log } = makeService(clock);
    await add(service, { clientSecret: 'wrong-secret-value' });
    await assert.rejects(service.getToken(), (e: Error & { code: string; status: number }) => {
      assert.equal(e.code, 'invalid_client');
      assert.equal(e.status, 400, 'IdentityServer answers 400');
      assert.ok(!e.message.includes('wrong-secret-value'));
      assert.ok(!errorText(e).includes('wrong-secret-value'));
      return true;
    });
    await clock.advance(60 * 60_000);
    assert.equal(tokenRequests(), 1);
    assert.equal((await service.tokenState('demo'))?.status, 'failed');
    assert.ok(log.length > 0);
    assert.ok(log.every(line => !line.includes('wrong-secret-value')), log.join('\n'));
    service.dispose();
  });

  it('survives a 503 with Retry-After and recovers by itself, keeping the old token meanwhile', async () => {
    const { service } = makeService(clock);
    await add(service);
    const first = await service.getToken();
    idp.setFault('token', '503', { times: 2, retryAfterSeconds: 5 });
    await clock.advance(48 * 60_000); // the scheduled refresh hits the 503
    await until(async () => (await service.tokenState('demo'))?.status === 'retrying', 'the first failure');
    assert.equal((await service.getToken()).accessToken, first.accessToken, 'old token still served');
    await clock.advance(5_000);
    await until(async () => tokenRequests() === 3, 'the retry');
    await clock.advance(10_000);
    await until(async () => (await service.tokenState('demo'))?.status === 'valid', 'recovery');
    assert.notEqual((await service.getToken()).accessToken, first.accessToken);
    service.dispose();
  });

  it('picks up a secret changed in another window, and a token refreshed there', async () => {
    const secrets = new MemorySecrets();
    const state = new MemoryMemento();
    const windowA = makeService(clock, secrets, state).service;
    const windowB = makeService(clock, secrets, state).service;
    await add(windowA, { clientSecret: 'stale-secret' });
    await assert.rejects(windowA.getToken(), { code: 'invalid_client' });
    await windowB.warm('demo');
    await windowB.setSecret('demo', DEMO_CLIENT.clientSecret);
    await until(async () => (await windowA.tokenState('demo'))?.status === 'empty', 'window A to reset');
    const tokenA = await windowA.getToken();
    await until(async () => (await windowB.tokenState('demo'))?.token?.accessToken === tokenA.accessToken, 'window B to adopt A\'s token');
    assert.equal(tokenRequests(), 2, 'window B did not ask the server itself');
    windowA.dispose();
    windowB.dispose();
  });

  it("does not abort the request that checks a new secret when SecretStorage announces that write later", async () => {
    // VS Code announces a window's own write after store() resolved, while the token request is on its way.
    const secrets = new MemorySecrets(notify => setTimeout(notify, 20));
    const { service, log } = makeService(clock, secrets);
    await add(service, { clientSecret: 'old-secret' });
    await assert.rejects(service.getToken(), { code: 'invalid_client' });
    idp.setFault('token', 'slow', { delayMs: 150, times: 1 });
    await service.setSecret('demo', DEMO_CLIENT.clientSecret);
    const token = await service.getToken(undefined, { force: true, byUser: true });
    assert.ok(token.accessToken, 'the request was not aborted by the echo of our own write');
    await new Promise(resolve => setTimeout(resolve, 50)); // every announcement delivered
    assert.equal((await service.tokenState('demo'))?.status, 'valid');
    assert.ok(!log.some(line => line.includes('[onSecretChanged] secret of demo changed')), log.join('\n'));
    service.dispose();
  });

  it('drops its valid token when another window changes the secret or signs out; the server then sees the new secret', async () => {
    const secrets = new MemorySecrets();
    const state = new MemoryMemento();
    const windowA = makeService(clock, secrets, state).service;
    const windowB = makeService(clock, secrets, state).service;
    await add(windowA);
    const before = await windowA.getToken();
    await windowB.warm('demo');
    const rotated = 'rotated-secret-0123456789';
    idp.addClient({ ...DEMO_CLIENT, clientSecret: rotated });
    await windowB.setSecret('demo', rotated);
    await until(async () => (await windowA.tokenState('demo'))?.token === undefined, 'window A to drop the token of the old secret');
    const after = await windowA.getToken();
    assert.notEqual(after.accessToken, before.accessToken);
    assert.equal(sentSecret(idp.requests.filter(r => r.path === '/connect/token').at(-1)!), rotated, 'window A sent the new secret');
    await windowB.signOut('demo');
    await until(async () => (await windowA.tokenState('demo'))?.token === undefined, 'window A to drop its token after the sign-out');
    await assert.rejects(windowA.getToken(), { code: 'missing_secret' });
    windowA.dispose();
    windowB.dispose();
  });

  it('drops the tokens of every profile sharing the secret when another window changes it', async () => {
    const secrets = new MemorySecrets();
    const state = new MemoryMemento();
    const windowA = makeService(clock, secrets, state).service;
    const windowB = makeService(clock, secrets, state).service;
    await add(windowA);
    await add(windowA, { name: 'demo-twin' });
    await windowA.getToken('demo');
    await windowA.getToken('demo-twin');
    const rotated = 'rotated-secret-for-both-0123';
    idp.addClient({ ...DEMO_CLIENT, clientSecret: rotated });
    await windowB.setSecret('demo-twin', rotated);
    for (const name of ['demo', 'demo-twin']) {
      await until(async () => (await windowA.tokenState(name))?.token === undefined, `window A to drop ${name}'s token of the old secret`);
    }
    windowA.dispose();
    windowB.dispose();
  });

  it('sends the secret it stored or used without reading SecretStorage again, and answers hasSecret from it', async () => {
    // A SecretStorage read is a round trip to the workbench: in VS Code for the Web as long as the token request.
    const { service, secrets } = makeService(clock);
    const profile = await add(service);
    const reads = secrets.reads.length; // SecretStorage's announcement of the write is read once
    await service.getToken();
    await service.getToken(undefined, { force: true, byUser: true });
    assert.equal(await service.hasSecret('demo'), true);
    assert.deepEqual(secrets.reads.slice(reads).filter(key => key === secretKey(profile)), [], 'no read of the secret');
    assert.equal(tokenRequests(), 2);
    service.dispose();
  });

  it('reads the secret again when another window changed it while this one had it in no upkeep', async () => {
    const secrets = new MemorySecrets();
    const state = new MemoryMemento();
    const windowA = makeService(clock, secrets, state).service;
    const windowB = makeService(clock, secrets, state).service;
    await add(windowA, { clientSecret: 'old-secret-0123456789' });
    const rotated = 'rotated-secret-0123456789';
    idp.addClient({ ...DEMO_CLIENT, clientSecret: rotated });
    await windowB.setSecret('demo', rotated);
    await windowA.getToken();
    assert.equal(sentSecret(idp.requests.filter(r => r.path === '/connect/token').at(-1)!), rotated, 'window A sent the new secret');
    await windowB.signOut('demo');
    await until(async () => !(await windowA.hasSecret('demo')), 'window A to see the sign-out');
    windowA.dispose();
    windowB.dispose();
  });

  it('keeps tokens in memory only with cacheTokens false (VS Code for the Web): a refresh writes nothing', async () => {
    const secrets = new MemorySecrets();
    const http = { fetch, clock, timeoutMs: 2_000 };
    const service = new TokenService({ secrets, state: new MemoryMemento(), http, discovery: new DiscoveryCache(http), redactor: new Redactor(), cacheTokens: false });
    await add(service);
    const writes = secrets.writes.length;
    const first = await service.getToken();
    const second = await service.getToken(undefined, { force: true, byUser: true });
    assert.notEqual(first.accessToken, second.accessToken);
    assert.deepEqual(secrets.writes.slice(writes), [], 'no token written');
    assert.deepEqual([...secrets.values.keys()].filter(k => k.startsWith('konexus.token')), []);
    service.dispose();
  });

  it('writes nothing to SecretStorage when a refresh fails (a stale window cannot undo a change)', async () => {
    // code-server's SecretStorage writes a window's whole copy of the secrets on every write, and tells no
    // other window: a window with a stale secret must not write when its refresh fails.
    const { service, secrets } = makeService(clock);
    await add(service);
    await service.getToken();
    const writes = secrets.writes.length;
    idp.addClient({ ...DEMO_CLIENT, clientSecret: 'rotated-elsewhere-0123456789' });
    await assert.rejects(service.getToken(undefined, { force: true, byUser: true }), { code: 'invalid_client' });
    assert.deepEqual(secrets.writes.slice(writes), [], 'no write after the failed refresh');
    service.dispose();
  });

  it('signs out by deleting the secret and the cached token, and remove forgets the profile', async () => {
    const { service, secrets } = makeService(clock);
    const profile = await add(service);
    await service.getToken();
    assert.ok(secrets.values.has(secretKey(profile)) && secrets.values.has(tokenKey(profile)));
    await service.signOut('demo');
    assert.equal(secrets.values.size, 0);
    await assert.rejects(service.getToken(), { code: 'missing_secret' });
    await service.removeProfile('demo');
    assert.deepEqual(service.profiles(), []);
    await assert.rejects(service.getToken(), { code: 'unknown_profile' });
  });

  it('keeps secrets and tokens out of the profile store', async () => {
    const { service, state } = makeService(clock);
    await add(service);
    const token = await service.getToken();
    const everything = [...state.values.values()].join('\n');
    assert.ok(!everything.includes(DEMO_CLIENT.clientSecret));
    assert.ok(!everything.includes(token.accessToken));
    service.dispose();
  });
});

describe('TokenService against oidc-provider (an independent, certified server)', () => {
  let peer: OidcPeer;
  before(async () => { peer = await startOidcProviderPeer({ lifetimeSeconds: 600 }); });
  after(() => peer.close());

  for (const kind of ['basic', 'post'] as const) {
    it(`gets a verifiable at+jwt with aud tamarack (${kind} client, auto method)`, async () => {
      const clock = new FakeClock(Date.now());
      const { service } = makeService(clock);
      const { clientId, clientSecret } = peer.clients[kind];
      await service.addProfile({ name: kind, authority: peer.issuer, clientId, clientSecret, clientAuthMethod: kind === 'basic' ? 'client_secret_basic' : 'auto' });
      const token = await service.getToken();
      assert.equal(token.expiresAt - token.issuedAt, 600_000);
      const { payload, protectedHeader } = await jwtVerify(token.accessToken, createRemoteJWKSet(new URL(`${peer.issuer}/jwks`)), { issuer: peer.issuer, audience: 'tamarack', typ: 'at+jwt' });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(payload.scope, 'tamarack', 'oidc-provider sends scope as a string');
      service.dispose();
    });
  }

  it('maps its 401 invalid_client (with WWW-Authenticate for Basic) to the same code', async () => {
    const { service } = makeService(new FakeClock(Date.now()));
    await service.addProfile({ name: 'x', authority: peer.issuer, clientId: peer.clients.basic.clientId, clientSecret: 'nope', clientAuthMethod: 'client_secret_basic' });
    await assert.rejects(service.getToken(), (e: Error & { code: string; status: number }) => {
      assert.equal(e.code, 'invalid_client');
      assert.equal(e.status, 401);
      assert.match(errorText(e), /client authentication failed/);
      return true;
    });
    service.dispose();
  });
});

describe('TokenService active profile', () => {
  it('prefers the workspace choice, then the workspace default setting, then the last global choice', async () => {
    const clock = new FakeClock();
    const http = { fetch, clock, timeoutMs: 1_000 };
    const globalState = new MemoryMemento();
    const workspaceState = new MemoryMemento();
    let preferred: string | undefined = 'b';
    const service = new TokenService({
      secrets: new MemorySecrets(), state: globalState, workspaceState, preferredProfile: () => preferred,
      http, discovery: new DiscoveryCache(http), redactor: new Redactor(),
    });
    for (const name of ['a', 'b', 'c']) await service.addProfile({ name, clientId: `id-${name}`, clientSecret: 's', authority: 'http://127.0.0.1:1' }, { activate: false });
    assert.equal(service.activeProfile()?.name, 'b', 'the workspace default setting');
    preferred = 'no-such-profile';
    assert.equal(service.activeProfile()?.name, 'a', 'an unknown default is skipped');
    await service.selectProfile('c');
    preferred = 'b';
    assert.equal(service.activeProfile()?.name, 'c', 'an explicit choice in this workspace wins');
    await workspaceState.update('konexus.activeProfile', undefined);
    assert.equal(service.activeProfile()?.name, 'b');
    service.dispose();
  });
});
