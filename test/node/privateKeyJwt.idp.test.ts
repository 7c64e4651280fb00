import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import type { JWK } from 'jose';
import {
  generateClientKey, parseClientKeySet, publicJwks, rotateClientKey, serializeClientKeySet, signingKey,
  type ClientKey, type ClientKeyAlg, type ClientKeySet,
} from '../../src/core/tokens/clientKeys';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { secretKey } from '../../src/core/tokens/profiles';
import { Redactor } from '../../src/core/redact';
import { TokenService } from '../../src/core/tokens/tokenService';
import { startKonexusIdp, type KonexusIdp, type RecordedRequest } from '../idp/konexusIdp';
import { startOidcProviderPeer, type OidcPeer } from '../idp/oidcProviderPeer';
import { FakeClock } from './lib/fakeClock';
import { MemoryMemento, MemorySecrets } from './lib/memoryStores';

const CLIENT_ID = 'ext-1741-key-client';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function makeService(clock: FakeClock) {
  const http = { fetch, clock, timeoutMs: 2_000 };
  const secrets = new MemorySecrets();
  const log: string[] = [];
  const service = new TokenService({
    secrets, state: new MemoryMemento(), http, discovery: new DiscoveryCache(http), redactor: new Redactor(),
    managerOptions: { random: () => 0.5, backoffInitialMs: 1_000 }, log: m => log.push(m),
  });
  secrets.onDidChange(key => void service.onSecretChanged(key));
  return { service, secrets, log };
}

async function addKeyProfile(service: TokenService, authority: string, set: ClientKeySet) {
  return service.addProfile({ name: 'keys', authority, clientId: CLIENT_ID, clientSecret: serializeClientKeySet(set), clientAuthMethod: 'private_key_jwt' });
}

/** An assertion as a client makes it (iss = sub = client id, 60 s), with `claims` replacing any of it. */
async function makeAssertion(key: ClientKey, aud: string, nowMs: number, claims: Record<string, unknown> = {}, kid = key.kid): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ iss: CLIENT_ID, sub: CLIENT_ID, aud, jti: randomUUID(), iat: now, exp: now + 60, ...claims })
    .setProtectedHeader({ alg: key.alg, kid })
    .sign(await signingKey(key));
}

async function postAssertion(tokenEndpoint: string, assertion: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'tamarack', client_id: CLIENT_ID, client_assertion_type: JWT_BEARER, client_assertion: assertion }),
  });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

const assertionIn = (request: RecordedRequest) => new URLSearchParams(request.body).get('client_assertion')!;

describe('private_key_jwt against the local Konexus identity server', () => {
  let idp: KonexusIdp;
  let clock: FakeClock;
  const tokenRequests = () => idp.requests.filter(r => r.path === '/connect/token');
  const register = (jwks: { keys: JWK[] }) => idp.setClientJwks(CLIENT_ID, jwks);

  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    idp = await startKonexusIdp({ now: () => clock.now(), clients: [{ clientId: CLIENT_ID }] });
  });
  afterEach(() => idp.close());

  it('lists private_key_jwt and its algorithms in discovery', async () => {
    const doc = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
    assert.ok((doc.token_endpoint_auth_methods_supported as string[]).includes('private_key_jwt'));
    assert.deepEqual(doc.token_endpoint_auth_signing_alg_values_supported, ['RS256', 'ES256']);
  });

  for (const alg of ['RS256', 'ES256'] as const) {
    it(`issues a token for an assertion signed with a registered ${alg} key; aud is the issuer`, async () => {
      const set = await generateClientKey(alg, clock.now());
      register(publicJwks(set));
      const { service } = makeService(clock);
      await addKeyProfile(service, idp.issuer, set);
      const token = await service.getToken();
      assert.equal(decodeJwt(token.accessToken).client_id, CLIENT_ID);
      const [request] = tokenRequests();
      assert.equal(new URLSearchParams(request!.body).get('client_secret'), null);
      assert.deepEqual(decodeProtectedHeader(assertionIn(request!)), { alg, kid: set.keys[0]!.kid });
      assert.equal(decodeJwt(assertionIn(request!)).aud, idp.issuer, 'oauth4webapi: aud = the issuer');
      assert.deepEqual(idp.tokenCounts(), [{ clientId: CLIENT_ID, scope: 'tamarack', issued: 1, refused: 0, failed: 0 }]);
    });
  }

  it('refuses a replayed assertion, with the reason in the log only', async () => {
    const set = await generateClientKey('ES256', clock.now());
    register(publicJwks(set));
    const assertion = await makeAssertion(set.keys[0]!, idp.issuer, clock.now());
    assert.equal((await postAssertion(idp.tokenEndpoint, assertion)).status, 200);
    assert.deepEqual(await postAssertion(idp.tokenEndpoint, assertion), { status: 400, body: { error: 'invalid_client' } });
    assert.match(tokenRequests()[1]!.reason!, /already used \(replay\)/);
    assert.equal(tokenRequests()[0]!.reason, undefined);
  });

  it('accepts the token endpoint as aud and refuses any other', async () => {
    const set = await generateClientKey('RS256', clock.now());
    const key = set.keys[0]!;
    register(publicJwks(set));
    assert.equal((await postAssertion(idp.tokenEndpoint, await makeAssertion(key, idp.tokenEndpoint, clock.now()))).status, 200);
    const wrong = await postAssertion(idp.tokenEndpoint, await makeAssertion(key, 'https://auth.alertsense.com', clock.now()));
    assert.deepEqual(wrong, { status: 400, body: { error: 'invalid_client' } });
    assert.match(tokenRequests()[1]!.reason!, /wrong aud/);
  });

  it('refuses expired, too long-lived, unknown-kid, wrongly signed and foreign-claim assertions as invalid_client', async () => {
    const set = await generateClientKey('ES256', clock.now());
    const other = await generateClientKey('ES256', clock.now());
    const key = set.keys[0]!;
    register(publicJwks(set));
    const now = clock.now();
    const cases: Array<[string, string, RegExp]> = [
      ['expired', await makeAssertion(key, idp.issuer, now - 600_000), /expired/],
      ['lives an hour', await makeAssertion(key, idp.issuer, now, { exp: Math.floor(now / 1000) + 3600 }), /lives 3600 s, more than 300 s/],
      ['unknown kid', await makeAssertion(other.keys[0]!, idp.issuer, now), /unknown kid/],
      ['signed by another key under our kid', await makeAssertion(other.keys[0]!, idp.issuer, now, {}, key.kid), /bad signature/],
      ['no jti', await makeAssertion(key, idp.issuer, now, { jti: undefined }), /claim jti/],
      ['iss is someone else', await makeAssertion(key, idp.issuer, now, { iss: 'someone-else' }), /claim iss/],
    ];
    for (const [what, assertion, reason] of cases) {
      idp.clearLog();
      assert.deepEqual(await postAssertion(idp.tokenEndpoint, assertion), { status: 400, body: { error: 'invalid_client' } }, what);
      assert.match(tokenRequests()[0]!.reason ?? '', reason, what);
      assert.deepEqual(idp.tokenCounts().map(c => [c.issued, c.refused]), [[0, 1]], what);
    }
    // The same assertion, once the IdP's clock has moved past its exp, is refused too (no sleeping).
    const fresh = await makeAssertion(key, idp.issuer, now);
    await clock.advance(10 * 60_000);
    idp.clearLog();
    assert.equal((await postAssertion(idp.tokenEndpoint, fresh)).status, 400);
    assert.match(tokenRequests()[0]!.reason!, /expired/);
  });

  it('rotation: an unregistered pending key falls back to the key in use once and is not promoted', async () => {
    const set = await rotateClientKey(await generateClientKey('RS256', clock.now()), 'ES256', clock.now());
    const [old, fresh] = set.keys;
    register({ keys: publicJwks(set).keys.filter(k => k.kid === old!.kid) });
    const { service, secrets } = makeService(clock);
    const profile = await addKeyProfile(service, idp.issuer, set);
    const token = await service.getToken();
    assert.equal(token.provenKid, old!.kid);
    assert.deepEqual(tokenRequests().map(r => decodeProtectedHeader(assertionIn(r)).kid), [fresh!.kid, old!.kid]);
    assert.match(tokenRequests()[0]!.reason!, /unknown kid/);
    assert.deepEqual(idp.tokenCounts(), [{ clientId: CLIENT_ID, scope: 'tamarack', issued: 1, refused: 1, failed: 0 }]);
    assert.deepEqual(parseClientKeySet(secrets.values.get(secretKey(profile))!), set, 'nothing promoted, nothing lost');
  });

  it('rotation: a registered pending key is promoted and the old key is dropped', async () => {
    const set = await rotateClientKey(await generateClientKey('RS256', clock.now()), 'ES256', clock.now());
    const [old, fresh] = set.keys;
    register(publicJwks(set));
    const { service, secrets, log } = makeService(clock);
    const profile = await addKeyProfile(service, idp.issuer, set);
    const token = await service.getToken();
    assert.equal(token.provenKid, fresh!.kid);
    const stored = parseClientKeySet(secrets.values.get(secretKey(profile))!)!;
    assert.deepEqual(stored.keys.map(k => k.kid), [fresh!.kid]);
    assert.equal(stored.pending, undefined);
    assert.ok(log.some(line => line.includes(`accepted the new client key ${fresh!.kid}`)));
    assert.deepEqual(idp.tokenCounts(), [{ clientId: CLIENT_ID, scope: 'tamarack', issued: 1, refused: 0, failed: 0 }]);

    // The old key is gone from the profile: even with it still registered, the next request uses the new key only.
    await service.getToken(undefined, { force: true, byUser: true });
    assert.deepEqual(tokenRequests().map(r => decodeProtectedHeader(assertionIn(r)).kid), [fresh!.kid, fresh!.kid]);
    assert.deepEqual(idp.tokenCounts(), [{ clientId: CLIENT_ID, scope: 'tamarack', issued: 2, refused: 0, failed: 0 }]);
    assert.ok(!secrets.values.get(secretKey(profile))!.includes(old!.privateJwk.d!));
  });

  it('stops after invalid_client from both keys and does not send the key set again by itself', async () => {
    const set = await rotateClientKey(await generateClientKey('RS256', clock.now()), 'ES256', clock.now());
    const { service } = makeService(clock);
    await addKeyProfile(service, idp.issuer, set);
    await assert.rejects(service.getToken(), { code: 'invalid_client' });
    await assert.rejects(service.getToken(), { code: 'invalid_client' });
    assert.deepEqual(idp.tokenCounts(), [{ clientId: CLIENT_ID, scope: 'tamarack', issued: 0, refused: 2, failed: 0 }], 'one fallback, then the refused budget');
  });
});

describe('private_key_jwt against the oidc-provider peer', () => {
  const sets = new Map<ClientKeyAlg, ClientKeySet>();
  let peer: OidcPeer;
  let tokenEndpoint: string;
  let clock: FakeClock;

  before(async () => {
    for (const alg of ['RS256', 'ES256'] as const) sets.set(alg, await generateClientKey(alg, Date.now()));
    const jwks = { keys: [...sets.values()].flatMap(set => publicJwks(set).keys) };
    peer = await startOidcProviderPeer({ keyClients: [{ clientId: CLIENT_ID, jwks }] });
    tokenEndpoint = ((await (await fetch(`${peer.issuer}/.well-known/openid-configuration`)).json()) as { token_endpoint: string }).token_endpoint;
  });
  after(() => peer.close());
  beforeEach(() => {
    clock = new FakeClock(Date.now());
  });

  for (const alg of ['RS256', 'ES256'] as const) {
    it(`issues a token for an ${alg} assertion sent by the extension`, async () => {
      const { service } = makeService(clock);
      await addKeyProfile(service, peer.issuer, sets.get(alg)!);
      const token = await service.getToken();
      assert.equal(decodeJwt(token.accessToken).client_id, CLIENT_ID);
      assert.equal(token.provenKid, sets.get(alg)!.keys[0]!.kid);
    });
  }

  it('accepts aud = the issuer or the token endpoint, refuses a replay and a foreign aud', async () => {
    const key = sets.get('ES256')!.keys[0]!;
    const assertion = await makeAssertion(key, peer.issuer, Date.now());
    assert.equal((await postAssertion(tokenEndpoint, assertion)).status, 200, 'aud = issuer');
    const replay = await postAssertion(tokenEndpoint, assertion);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error, 'invalid_client');
    assert.equal((await postAssertion(tokenEndpoint, await makeAssertion(key, tokenEndpoint, Date.now()))).status, 200, 'aud = token endpoint');
    const wrong = await postAssertion(tokenEndpoint, await makeAssertion(key, 'https://auth.alertsense.com', Date.now()));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
  });
});
