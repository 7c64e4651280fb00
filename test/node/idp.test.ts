// Tests of the project's local identity servers themselves (test/idp), with plain fetch and jose: other
// suites rely on these servers behaving like Konexus (and like oidc-provider), so their shapes are pinned here.
import assert from 'node:assert/strict';
import { compactVerify, createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { DEMO_CLIENT, startKonexusIdp } from '../idp/konexusIdp';
import type { KonexusIdp } from '../idp/konexusIdp';
import { startOidcProviderPeer } from '../idp/oidcProviderPeer';
import type { OidcPeer } from '../idp/oidcProviderPeer';

const FORM = 'application/x-www-form-urlencoded';
const START = Date.UTC(2026, 10, 29, 12, 0, 0);

/** HTTP Basic as RFC 6749 §2.3.1 wants it: id and secret form-urlencoded, then base64. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`;
}

function postForm(url: string, form: Record<string, string> | string, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': FORM, ...headers },
    body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

function getUrl(url: string, timeoutMs = 5000): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
}

const demoPostForm = (extra: Record<string, string> = {}) => ({
  client_id: DEMO_CLIENT.clientId,
  client_secret: DEMO_CLIENT.clientSecret,
  grant_type: 'client_credentials',
  scope: 'tamarack',
  ...extra,
});

async function assertRejectsWithName(promise: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as Error).name, name);
    return true;
  });
}

describe('Konexus IdP (test/idp/konexusIdp.ts)', () => {
  let idp: KonexusIdp;
  let nowMs = START;

  before(async () => {
    idp = await startKonexusIdp({ now: () => nowMs });
  });
  after(() => idp.close());
  afterEach(() => {
    idp.setFault('all', 'none');
    idp.setLifetime(3600);
    nowMs = START;
  });

  const verify = (token: string, jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(idp.jwksUri))) =>
    jwtVerify(token, jwks, { typ: 'at+jwt', issuer: idp.issuer, audience: 'tamarack', algorithms: ['RS256'], currentDate: new Date(nowMs) });

  async function demoToken(): Promise<string> {
    const response = await postForm(idp.tokenEndpoint, demoPostForm());
    assert.equal(response.status, 200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  describe('discovery and keys', () => {
    it('listens on 127.0.0.1 and derives its endpoints from the issuer', () => {
      assert.match(idp.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(idp.tokenEndpoint, `${idp.issuer}/connect/token`);
      assert.equal(idp.jwksUri, `${idp.issuer}/.well-known/openid-configuration/jwks`);
    });

    it('serves an IdentityServer-like discovery document', async () => {
      const response = await getUrl(`${idp.issuer}/.well-known/openid-configuration`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const document = (await response.json()) as Record<string, unknown>;
      assert.equal(document.issuer, idp.issuer);
      assert.equal(document.token_endpoint, idp.tokenEndpoint);
      assert.equal(document.jwks_uri, idp.jwksUri);
      assert.ok((document.grant_types_supported as string[]).includes('client_credentials'));
      assert.deepEqual(document.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
      assert.deepEqual(document.token_endpoint_auth_signing_alg_values_supported, ['RS256', 'ES256']);
      assert.deepEqual(document.id_token_signing_alg_values_supported, ['RS256']);
      assert.ok((document.scopes_supported as string[]).includes('tamarack'));
      assert.ok((document.claims_supported as string[]).includes('tenantId'));
      assert.ok(Array.isArray(document.response_types_supported));
    });

    it('publishes the signing key with IdentityServer-shaped kid and x5t', async () => {
      const response = await getUrl(idp.jwksUri);
      assert.equal(response.status, 200);
      const { keys } = (await response.json()) as JSONWebKeySet;
      assert.equal(keys.length, 1);
      const [key] = keys as [Record<string, string>];
      assert.deepEqual(Object.keys(key), ['kty', 'use', 'kid', 'x5t', 'e', 'n', 'alg']);
      assert.deepEqual([key.kty, key.use, key.alg, key.e], ['RSA', 'sig', 'RS256', 'AQAB']);
      assert.match(key.kid ?? '', /^[0-9A-F]{40}RS256$/);
      assert.equal(key.kid, idp.currentKid);
      // As in the docs' sample: x5t is the same SHA-1 as the kid's hex, base64url-encoded.
      assert.equal(`${Buffer.from(key.x5t ?? '', 'base64url').toString('hex').toUpperCase()}RS256`, key.kid);
      assert.equal(Buffer.from(key.n ?? '', 'base64url').length, 256); // RSA 2048
    });

    it('answers 404 on paths it does not serve and 405 on non-GET discovery', async () => {
      assert.equal((await getUrl(`${idp.issuer}/connect/userinfo`)).status, 404);
      const post = await fetch(`${idp.issuer}/.well-known/openid-configuration`, { method: 'POST' });
      assert.equal(post.status, 405);
    });
  });

  describe('token endpoint: success', () => {
    it('issues a token to client_secret_post that verifies against the JWKS, shaped like the docs sample', async () => {
      const response = await postForm(idp.tokenEndpoint, demoPostForm());
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store, no-cache, max-age=0');
      assert.equal(response.headers.get('pragma'), 'no-cache');
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const text = await response.text();
      assert.match(text, /^\{"access_token":"[\w-]+\.[\w-]+\.[\w-]+","expires_in":3600,"token_type":"Bearer","scope":"tamarack"\}$/);
      const token = (JSON.parse(text) as { access_token: string }).access_token;

      const { payload, protectedHeader } = await verify(token);
      assert.deepEqual(Object.keys(protectedHeader), ['alg', 'kid', 'x5t', 'typ']);
      assert.equal(protectedHeader.kid, idp.currentKid);
      assert.deepEqual(Object.keys(payload), [
        'iss', 'nbf', 'iat', 'exp', 'aud', 'scope', 'client_id', 'admin', 'globalTenantId', 'name', 'sub', 'tenantId', 'jti',
      ]);
      const issuedAt = Math.floor(START / 1000);
      assert.equal(payload.iat, issuedAt);
      assert.equal(payload.nbf, issuedAt);
      assert.equal(payload.exp, issuedAt + 3600);
      assert.equal(payload.aud, 'tamarack');
      assert.deepEqual(payload.scope, ['tamarack']);
      assert.equal(payload.client_id, DEMO_CLIENT.clientId);
      assert.equal(payload.admin, 'false');
      assert.equal(payload.tenantId, '1741');
      assert.equal(payload.globalTenantId, 'id.konexuscp');
      assert.match(String(payload.jti), /^[0-9A-F]{32}$/);
    });

    it('accepts client_secret_basic with form-urlencoded id and secret (RFC 6749 §2.3.1)', async () => {
      const odd = { clientId: 'ext 1741:odd+client', clientSecret: 'p@ss:w/rd+%20 é=' };
      idp.addClient({ ...odd, claims: { tenantId: '9000' } });
      try {
        const response = await postForm(idp.tokenEndpoint, { grant_type: 'client_credentials', scope: 'tamarack' }, {
          Authorization: basicAuthorization(odd.clientId, odd.clientSecret),
        });
        assert.equal(response.status, 200);
        const { access_token: token } = (await response.json()) as { access_token: string };
        const { payload } = await verify(token);
        assert.equal(payload.client_id, odd.clientId);
        assert.equal(payload.tenantId, '9000');
        // Without the form-urlencoding step (raw id:secret), the same client is refused.
        const raw = `Basic ${Buffer.from(`${odd.clientId}:${odd.clientSecret}`).toString('base64')}`;
        const refused = await postForm(idp.tokenEndpoint, { grant_type: 'client_credentials' }, { Authorization: raw });
        assert.equal(refused.status, 400);
      } finally {
        idp.removeClient(odd.clientId);
      }
    });

    it('grants all the client\'s scopes when scope is missing, as an array claim and a space-separated field', async () => {
      idp.addClient({ clientId: 'two-scopes', clientSecret: 'two-scopes-secret', scopes: ['tamarack', 'reports'] });
      try {
        const response = await postForm(idp.tokenEndpoint, { client_id: 'two-scopes', client_secret: 'two-scopes-secret', grant_type: 'client_credentials' });
        assert.equal(response.status, 200);
        const body = (await response.json()) as { access_token: string; scope: string };
        assert.equal(body.scope, 'tamarack reports');
        assert.deepEqual((await verify(body.access_token)).payload.scope, ['tamarack', 'reports']);
      } finally {
        idp.removeClient('two-scopes');
      }
    });

    it('stamps iat/nbf/exp from the injected clock and follows setLifetime', async () => {
      nowMs = START + 7 * 24 * 3600 * 1000 + 1234;
      idp.setLifetime(60);
      const response = await postForm(idp.tokenEndpoint, demoPostForm());
      const body = (await response.json()) as { access_token: string; expires_in: number };
      assert.equal(body.expires_in, 60);
      const { payload } = await verify(body.access_token);
      assert.equal(payload.iat, Math.floor(nowMs / 1000));
      assert.equal(payload.exp, Math.floor(nowMs / 1000) + 60);
      // 61 s later by the same clock, the token is expired.
      await assert.rejects(
        jwtVerify(body.access_token, createRemoteJWKSet(new URL(idp.jwksUri)), { currentDate: new Date(nowMs + 61_000) }),
        { code: 'ERR_JWT_EXPIRED' },
      );
      assert.throws(() => idp.setLifetime(0), RangeError);
    });

    it('issueToken() gives a normal token without HTTP and refuses unknown clients', async () => {
      const before = idp.requests.length;
      const token = await idp.issueToken(DEMO_CLIENT.clientId);
      assert.equal(idp.requests.length, before);
      assert.equal((await verify(token)).payload.client_id, DEMO_CLIENT.clientId);
      await assert.rejects(idp.issueToken('nobody'), /no registered client/);
    });

    it('sign() signs arbitrary claims; header entries override, undefined removes', async () => {
      const token = await idp.sign({ custom: true, aud: 'elsewhere' }, { typ: undefined, cty: 'demo' });
      const header = decodeProtectedHeader(token);
      assert.deepEqual(header, { alg: 'RS256', kid: idp.currentKid, x5t: header.x5t, cty: 'demo' });
      const { payload } = await compactVerify(token, createRemoteJWKSet(new URL(idp.jwksUri)));
      assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { custom: true, aud: 'elsewhere' });
    });

    it('records every request in order, body included', async () => {
      nowMs = START + 5000;
      const before = idp.requests.length;
      await getUrl(`${idp.issuer}/.well-known/openid-configuration`);
      await postForm(idp.tokenEndpoint, demoPostForm());
      const [discovery, token] = idp.requests.slice(before);
      assert.equal(idp.requests.length, before + 2);
      assert.deepEqual([discovery?.method, discovery?.path], ['GET', '/.well-known/openid-configuration']);
      assert.deepEqual([token?.method, token?.path], ['POST', '/connect/token']);
      assert.ok(token?.body.includes(`client_secret=${DEMO_CLIENT.clientSecret}`));
      assert.equal(token?.headers['content-type'], FORM);
      assert.equal(token?.at, START + 5000);
    });
  });

  describe('token endpoint: errors as IdentityServer sends them', () => {
    const basicDemo = basicAuthorization(DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret);
    const cases: { name: string; error: string; request: () => Promise<Response> }[] = [
      { name: 'unknown client id', error: 'invalid_client', request: () => postForm(idp.tokenEndpoint, demoPostForm({ client_id: 'nobody' })) },
      { name: 'wrong secret (post)', error: 'invalid_client', request: () => postForm(idp.tokenEndpoint, demoPostForm({ client_secret: 'wrong' })) },
      {
        name: 'wrong secret (basic)', error: 'invalid_client',
        request: () => postForm(idp.tokenEndpoint, { grant_type: 'client_credentials' }, { Authorization: basicAuthorization(DEMO_CLIENT.clientId, 'wrong') }),
      },
      { name: 'no credentials at all', error: 'invalid_client', request: () => postForm(idp.tokenEndpoint, { grant_type: 'client_credentials' }) },
      { name: 'empty secret', error: 'invalid_client', request: () => postForm(idp.tokenEndpoint, demoPostForm({ client_secret: '' })) },
      {
        name: 'malformed Basic header', error: 'invalid_client',
        request: () => postForm(idp.tokenEndpoint, { grant_type: 'client_credentials' }, { Authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` }),
      },
      { name: 'both basic and post', error: 'invalid_request', request: () => postForm(idp.tokenEndpoint, demoPostForm(), { Authorization: basicDemo }) },
      {
        name: 'JSON body', error: 'invalid_request',
        request: () => fetch(idp.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(demoPostForm()) }),
      },
      { name: 'GET', error: 'invalid_request', request: () => getUrl(`${idp.tokenEndpoint}?${new URLSearchParams(demoPostForm())}`) },
      { name: 'repeated parameter', error: 'invalid_request', request: () => postForm(idp.tokenEndpoint, `${new URLSearchParams(demoPostForm())}&scope=tamarack`) },
      { name: 'missing grant_type', error: 'unsupported_grant_type', request: () => postForm(idp.tokenEndpoint, demoPostForm({ grant_type: '' })) },
      { name: 'unknown grant_type', error: 'unsupported_grant_type', request: () => postForm(idp.tokenEndpoint, demoPostForm({ grant_type: 'urn:example:magic' })) },
      { name: 'grant_type the client may not use', error: 'unauthorized_client', request: () => postForm(idp.tokenEndpoint, demoPostForm({ grant_type: 'password' })) },
      { name: 'scope not allowed (openid)', error: 'invalid_scope', request: () => postForm(idp.tokenEndpoint, demoPostForm({ scope: 'openid' })) },
      { name: 'one scope of two not allowed', error: 'invalid_scope', request: () => postForm(idp.tokenEndpoint, demoPostForm({ scope: 'tamarack admin' })) },
    ];
    for (const { name, error, request } of cases) {
      it(`${name}: 400 {"error":"${error}"}`, async () => {
        const response = await request();
        assert.equal(response.status, 400);
        assert.equal(response.headers.get('cache-control'), 'no-store, no-cache, max-age=0');
        assert.equal(response.headers.get('pragma'), 'no-cache');
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(response.headers.get('www-authenticate'), null);
        assert.equal(await response.text(), JSON.stringify({ error }));
      });
    }

    it('a removed client is refused, an added one accepted', async () => {
      idp.addClient({ clientId: 'short-lived', clientSecret: 'short-lived-secret' });
      const form = { client_id: 'short-lived', client_secret: 'short-lived-secret', grant_type: 'client_credentials' };
      assert.equal((await postForm(idp.tokenEndpoint, form)).status, 200);
      idp.removeClient('short-lived');
      const refused = await postForm(idp.tokenEndpoint, form);
      assert.equal(refused.status, 400);
      assert.deepEqual(await refused.json(), { error: 'invalid_client' });
    });
  });

  describe('faults', () => {
    const discoveryUrl = () => `${idp.issuer}/.well-known/openid-configuration`;
    const requestOf = {
      discovery: (timeoutMs?: number) => getUrl(discoveryUrl(), timeoutMs),
      jwks: (timeoutMs?: number) => getUrl(idp.jwksUri, timeoutMs),
      token: (timeoutMs?: number) => postForm(idp.tokenEndpoint, demoPostForm(), {}, timeoutMs),
    };
    const targets = ['discovery', 'jwks', 'token'] as const;

    for (const target of targets) {
      describe(target, () => {
        it('500 answers with an HTML body and persists until changed', async () => {
          idp.setFault(target, '500');
          for (let i = 0; i < 2; i++) {
            const response = await requestOf[target]();
            assert.equal(response.status, 500);
            assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
            assert.match(await response.text(), /<html>/);
          }
          idp.setFault(target, 'none');
          assert.equal((await requestOf[target]()).status, 200);
        });

        it('503 and 429 carry Retry-After (default 2, or as asked)', async () => {
          idp.setFault(target, '503', { retryAfterSeconds: 7 });
          const unavailable = await requestOf[target]();
          assert.equal(unavailable.status, 503);
          assert.equal(unavailable.headers.get('retry-after'), '7');
          idp.setFault(target, '429');
          const limited = await requestOf[target]();
          assert.equal(limited.status, 429);
          assert.equal(limited.headers.get('retry-after'), '2');
        });

        it('slow answers correctly after delayMs, and a shorter client timeout fires first', async () => {
          idp.setFault(target, 'slow', { delayMs: 150 });
          const started = performance.now();
          const response = await requestOf[target]();
          assert.ok(performance.now() - started >= 140, 'answered before the delay');
          assert.equal(response.status, 200);
          assert.ok(typeof ((await response.json()) as object) === 'object');
          await assertRejectsWithName(requestOf[target](40), 'TimeoutError');
        });

        it('hang never answers (client timeout) but the request is recorded', async () => {
          idp.setFault(target, 'hang');
          const before = idp.requests.length;
          await assertRejectsWithName(requestOf[target](100), 'TimeoutError');
          assert.equal(idp.requests.length, before + 1);
        });

        it('malformed-json is a 200 application/json that does not parse', async () => {
          idp.setFault(target, 'malformed-json');
          const response = await requestOf[target]();
          assert.equal(response.status, 200);
          assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
          const text = await response.text();
          assert.ok(text.startsWith('{'));
          assert.throws(() => JSON.parse(text), SyntaxError);
        });

        it('html is a 200 captive-portal login page', async () => {
          idp.setFault(target, 'html');
          const response = await requestOf[target]();
          assert.equal(response.status, 200);
          assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
          assert.match(await response.text(), /<form[^>]*login/);
        });

        it('empty is a 200 with no body', async () => {
          idp.setFault(target, 'empty');
          const response = await requestOf[target]();
          assert.equal(response.status, 200);
          assert.equal(await response.text(), '');
        });

        it('reset destroys the connection', async () => {
          idp.setFault(target, 'reset');
          await assert.rejects(requestOf[target](), (error: unknown) => {
            assert.equal((error as Error).name, 'TypeError'); // undici: "fetch failed", cause = socket error
            assert.ok((error as Error).cause);
            return true;
          });
        });

        it('times: n applies to the next n requests, then heals by itself', async () => {
          idp.setFault(target, '503', { times: 2 });
          assert.equal((await requestOf[target]()).status, 503);
          assert.equal((await requestOf[target]()).status, 503);
          assert.equal((await requestOf[target]()).status, 200);
          assert.equal((await requestOf[target]()).status, 200);
        });
      });
    }

    it('no-access-token is a token-only 200 JSON without access_token', async () => {
      idp.setFault('token', 'no-access-token');
      const response = await requestOf.token();
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.access_token, undefined);
      assert.equal(body.token_type, 'Bearer');
      assert.throws(() => idp.setFault('jwks', 'no-access-token'), TypeError);
      idp.setFault('all', 'no-access-token');
      assert.equal((await requestOf.discovery()).status, 200);
      assert.equal(((await (await requestOf.token()).json()) as Record<string, unknown>).access_token, undefined);
    });

    it('a fault on one target leaves the others healthy; "all" hits all three', async () => {
      idp.setFault('jwks', '500');
      assert.equal((await requestOf.discovery()).status, 200);
      assert.equal((await requestOf.token()).status, 200);
      assert.equal((await requestOf.jwks()).status, 500);
      idp.setFault('all', '503');
      for (const target of targets) assert.equal((await requestOf[target]()).status, 503, target);
      idp.setFault('all', 'none');
      for (const target of targets) assert.equal((await requestOf[target]()).status, 200, target);
    });

    it('rejects a non-positive times', () => {
      assert.throws(() => idp.setFault('token', '500', { times: 0 }), RangeError);
    });
  });

  describe('key rotation', () => {
    it('keepOld (default): old and new tokens both verify; the new one carries the new kid', async () => {
      const oldKid = idp.currentKid;
      const oldToken = await demoToken();
      const { kid: newKid } = await idp.rotateKey();
      assert.notEqual(newKid, oldKid);
      assert.equal(idp.currentKid, newKid);
      assert.match(newKid, /^[0-9A-F]{40}RS256$/);
      const newToken = await demoToken();
      assert.equal(decodeProtectedHeader(newToken).kid, newKid);
      const jwks = (await (await getUrl(idp.jwksUri)).json()) as JSONWebKeySet;
      assert.deepEqual(jwks.keys.map(key => key.kid).sort(), [oldKid, newKid].sort());
      const keySet = createLocalJWKSet(jwks);
      assert.equal((await verify(oldToken, keySet)).protectedHeader.kid, oldKid);
      assert.equal((await verify(newToken, keySet)).protectedHeader.kid, newKid);
    });

    it('keepOld false: only the new key is published, old tokens no longer verify', async () => {
      const oldToken = await demoToken();
      const { kid } = await idp.rotateKey({ keepOld: false });
      const jwks = (await (await getUrl(idp.jwksUri)).json()) as JSONWebKeySet;
      assert.deepEqual(jwks.keys.map(key => key.kid), [kid]);
      await assert.rejects(verify(oldToken, createLocalJWKSet(jwks)), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
      await verify(await demoToken(), createLocalJWKSet(jwks));
    });
  });

  it('close() ends a hanging request and frees the port', async () => {
    const own = await startKonexusIdp();
    own.setFault('token', 'hang');
    const pending = postForm(own.tokenEndpoint, demoPostForm(), {}, 10_000);
    while (own.requests.length === 0) await new Promise(resolve => setImmediate(resolve));
    const started = performance.now();
    await own.close();
    assert.ok(performance.now() - started < 1000, 'close() waited for the hanging socket');
    await assert.rejects(pending, (error: unknown) => (error as Error).name === 'TypeError');
    await assert.rejects(getUrl(`${own.issuer}/.well-known/openid-configuration`, 1000));
  });
});

describe('oidc-provider peer (test/idp/oidcProviderPeer.ts)', () => {
  let peer: OidcPeer;
  let discovery: { issuer: string; token_endpoint: string; jwks_uri: string };
  const logged: unknown[][] = [];
  const consoleMethods = ['log', 'info', 'warn', 'error'] as const;
  const originals = consoleMethods.map(method => console[method]);

  before(async () => {
    // Capture the console while the provider loads and starts: it must stay quiet.
    for (const method of consoleMethods) console[method] = (...args: unknown[]) => { logged.push(args); };
    try {
      peer = await startOidcProviderPeer({ lifetimeSeconds: 120 });
      discovery = (await (await getUrl(`${peer.issuer}/.well-known/openid-configuration`)).json()) as typeof discovery;
    } finally {
      consoleMethods.forEach((method, i) => { console[method] = originals[i] as typeof console.log; });
    }
  });
  after(() => peer?.close());

  it('starts quietly on 127.0.0.1 with its own endpoints', () => {
    assert.deepEqual(logged, []);
    assert.match(peer.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(discovery.issuer, peer.issuer);
    assert.equal(discovery.token_endpoint, `${peer.issuer}/token`);
    assert.equal(discovery.jwks_uri, `${peer.issuer}/jwks`);
  });

  for (const method of ['basic', 'post'] as const) {
    it(`issues a verifiable RS256 at+jwt with aud tamarack to the client_secret_${method} client`, async () => {
      const { clientId, clientSecret } = peer.clients[method];
      const response = method === 'basic'
        ? await postForm(discovery.token_endpoint, { grant_type: 'client_credentials', scope: 'tamarack' }, { Authorization: basicAuthorization(clientId, clientSecret) })
        : await postForm(discovery.token_endpoint, { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials', scope: 'tamarack' });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { access_token: string; expires_in: number; token_type: string; scope: string };
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 120);
      assert.equal(body.scope, 'tamarack');
      const { payload, protectedHeader } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
        typ: 'at+jwt', issuer: peer.issuer, audience: 'tamarack', algorithms: ['RS256'],
      });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(protectedHeader.x5t, undefined);
      assert.equal(payload.client_id, clientId);
      assert.equal(payload.scope, 'tamarack'); // a string here, an array at Konexus
      assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 120);
    });
  }

  it('answers a wrong secret with 401 invalid_client and WWW-Authenticate for Basic', async () => {
    const { clientId } = peer.clients.basic;
    const response = await postForm(discovery.token_endpoint, { grant_type: 'client_credentials' }, { Authorization: basicAuthorization(clientId, 'wrong') });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm=".*", error="invalid_client"/);
    const body = (await response.json()) as { error: string; error_description?: string };
    assert.equal(body.error, 'invalid_client');
    assert.equal(typeof body.error_description, 'string');
  });

  it('answers a wrong post secret with 401 invalid_client and no WWW-Authenticate', async () => {
    const { clientId } = peer.clients.post;
    const response = await postForm(discovery.token_endpoint, { client_id: clientId, client_secret: 'wrong', grant_type: 'client_credentials' });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), null);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');
  });
});
