import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthority } from '../../src/core/authority';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { exchange, type HttpDeps } from '../../src/core/http/httpExchange';
import { generateClientKey, rotateClientKey, serializeClientKeySet } from '../../src/core/tokens/clientKeys';
import type { KonexusError } from '../../src/core/errors';
import { chooseAuthMethod, requestToken } from '../../src/core/tokens/tokenClient';
import { errorText } from '../../src/platform/model/words/errorWords';
import { FakeClock } from './lib/fakeClock';

const ISSUER = 'https://auth.konexus.test';
const DOC = {
  issuer: ISSUER,
  token_endpoint: `${ISSUER}/connect/token`,
  jwks_uri: `${ISSUER}/.well-known/openid-configuration/jwks`,
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  grant_types_supported: ['client_credentials'],
};
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const SECRET = 'correct-horse-battery-staple';

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A fetch that answers discovery with DOC (or `discovery`) and hands token requests to `token`. */
function fakeFetch(token: Handler, discovery: Handler = () => json(DOC)) {
  const seen: Array<{ url: string; body: string; headers: Headers }> = [];
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    seen.push({ url: url.href, body: String(init.body ?? ''), headers: new Headers(init.headers) });
    return url.pathname.startsWith('/.well-known') ? discovery(url, init) : token(url, init);
  }) as typeof fetch;
  return { fetchImpl, seen };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function deps(fetchImpl: typeof fetch, timeoutMs = 2_000): HttpDeps & { discovery: DiscoveryCache } {
  const base = { fetch: fetchImpl, clock: new FakeClock(), timeoutMs };
  return { ...base, discovery: new DiscoveryCache(base) };
}

const credentials = { authority: ISSUER, clientId: 'ext-1741-sample-client', clientSecret: SECRET };

describe('requestToken (process steps on constructed responses)', () => {
  it('posts the documented form and returns the token with local expiry', async () => {
    const { fetchImpl, seen } = fakeFetch(() => json({ access_token: JWT, expires_in: 3600, token_type: 'Bearer', scope: 'tamarack' }));
    const d = deps(fetchImpl);
    const token = await requestToken(credentials, d);
    assert.equal(token.accessToken, JWT);
    assert.equal(token.expiresAt - token.issuedAt, 3_600_000);
    assert.equal(token.issuer, ISSUER);
    const form = new URLSearchParams(seen[1]!.body);
    assert.equal(seen[1]!.url, DOC.token_endpoint);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), 'tamarack');
    assert.equal(form.get('client_id'), 'ext-1741-sample-client');
    assert.equal(form.get('client_secret'), SECRET, 'auto picks client_secret_post, as the Konexus docs show');
    assert.equal(seen[1]!.headers.get('authorization'), null);
  });

  it('sends HTTP Basic with form-urlencoded id and secret for client_secret_basic', async () => {
    const { fetchImpl, seen } = fakeFetch(() => json({ access_token: JWT, expires_in: 60, token_type: 'Bearer' }));
    await requestToken({ ...credentials, clientSecret: 'a b:c', authMethod: 'client_secret_basic' }, deps(fetchImpl));
    const basic = seen[1]!.headers.get('authorization')!;
    assert.match(basic, /^Basic /);
    const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString().split(':');
    const formDecode = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
    assert.equal(formDecode(id!), 'ext-1741-sample-client');
    assert.equal(formDecode(secret!), 'a b:c', 'RFC 6749 §2.3.1: form-urlencoded before base64');
    assert.ok(!secret!.includes(':'));
    assert.equal(new URLSearchParams(seen[1]!.body).get('client_secret'), null);
  });

  it('shares one discovery request between token requests', async () => {
    const { fetchImpl, seen } = fakeFetch(() => json({ access_token: JWT, expires_in: 60, token_type: 'Bearer' }));
    const d = deps(fetchImpl);
    await Promise.all([requestToken(credentials, d), requestToken(credentials, d), requestToken(credentials, d)]);
    assert.equal(seen.filter(s => s.url.includes('.well-known')).length, 1);
  });

  const cases: Array<[string, Handler, string, RegExp]> = [
    ['IdentityServer wrong secret (400)', () => json({ error: 'invalid_client' }, 400), 'invalid_client', /rejected the client id "ext-1741-sample-client" or its secret/],
    ['wrong secret with 401 + WWW-Authenticate', () => json({ error: 'invalid_client' }, 401, { 'www-authenticate': 'Basic realm="x", error="invalid_client"' }), 'invalid_client', /Check both and store the secret again/],
    ['invalid_scope', () => json({ error: 'invalid_scope', error_description: 'scope not allowed' }, 400), 'invalid_scope', /may not ask for the scope "tamarack".*scope not allowed/],
    ['unauthorized_client', () => json({ error: 'unauthorized_client' }, 400), 'unauthorized_client', /not allowed to use the client-credentials grant/],
    ['unsupported_grant_type', () => json({ error: 'unsupported_grant_type' }, 400), 'unsupported_grant_type', /does not support the client-credentials grant/],
    ['500', () => new Response('<h1>oops</h1>', { status: 500, headers: { 'content-type': 'text/html' } }), 'server_error', /HTTP 500/],
    ['503 with Retry-After', () => new Response('', { status: 503, headers: { 'retry-after': '7' } }), 'unavailable', /^auth\.konexus\.test is temporarily unavailable \(HTTP 503\).*wait 7 s/],
    ['429 with Retry-After', () => new Response('', { status: 429, headers: { 'retry-after': '3' } }), 'rate_limited', /rate limiting.*wait 3 s/],
    ['HTML login page with 200', () => new Response('<!doctype html><html>Sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } }), 'bad_response', /HTML page instead of JSON/],
    ['malformed JSON', () => new Response('{"access_token": "ey', { status: 200, headers: { 'content-type': 'application/json' } }), 'bad_response', /not valid JSON/],
    ['empty body', () => new Response('', { status: 200, headers: { 'content-type': 'application/json' } }), 'bad_response', /empty body|not valid JSON/],
    ['200 without access_token', () => json({ token_type: 'Bearer', expires_in: 3600 }), 'no_access_token', /sent no access_token/],
    ['400 with no OAuth error', () => new Response('nope', { status: 400, headers: { 'content-type': 'text/plain' } }), 'bad_response', /HTTP 400/],
  ];
  for (const [name, handler, code, message] of cases) {
    it(`maps ${name} to ${code} with a message a person can act on`, async () => {
      const { fetchImpl } = fakeFetch(handler);
      const error = await requestToken(credentials, deps(fetchImpl)).then(() => undefined, (e: unknown) => e);
      assert.ok(error, 'must reject');
      assert.equal((error as { code: string }).code, code);
      assert.match(errorText(error), message);
      assert.ok(!errorText(error).includes(SECRET), 'never echoes the secret');
      assert.ok(!(error as Error).message.includes(SECRET), 'nor does the message for developers');
    });
  }

  it('marks 5xx, 429 and timeouts transient and OAuth rejections not', async () => {
    const transient = await requestToken(credentials, deps(fakeFetch(() => new Response('', { status: 502 })).fetchImpl)).catch(e => e);
    const permanent = await requestToken(credentials, deps(fakeFetch(() => json({ error: 'invalid_client' }, 400)).fetchImpl)).catch(e => e);
    assert.equal(transient.transient, true);
    assert.equal(permanent.transient, false);
    assert.equal(transient.retryAfterMs, undefined);
  });

  it('times out a server that never answers', async () => {
    const hang: Handler = (_url, init) => new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const started = performance.now();
    const error = await requestToken(credentials, deps(fakeFetch(hang).fetchImpl, 150)).catch(e => e);
    assert.equal(error.code, 'timeout');
    assert.match(errorText(error), /did not answer within 0 s|did not answer within/);
    assert.ok(performance.now() - started < 2_000);
  });

  it('cancels on the caller\'s signal, before and during the request, and leaves no listener or timer behind', async () => {
    // As fetch does: an aborted signal rejects at once, a later abort rejects the pending request.
    const hang: Handler = (_url, init) => new Promise((_resolve, reject) => {
      if (init.signal?.aborted) reject(init.signal.reason);
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
    const d = deps(fakeFetch(hang).fetchImpl, 60_000);
    await d.discovery.get(credentials.authority); // warm: the requests below reach the token endpoint only
    const during = new AbortController();
    const pending = requestToken(credentials, d, during.signal).catch(e => e);
    during.abort();
    const error = await pending;
    assert.equal(error.code, 'aborted');
    assert.match(errorText(error), /was cancelled/);
    const before = new AbortController();
    before.abort();
    assert.equal((await requestToken(credentials, d, before.signal).catch(e => e)).code, 'aborted');

    const caller = new AbortController();
    let tokenSignal: AbortSignal | undefined;
    const { fetchImpl } = fakeFetch((_url, init) => {
      tokenSignal = init.signal ?? undefined;
      return json({ access_token: JWT, expires_in: 60, token_type: 'Bearer' });
    });
    await requestToken(credentials, deps(fetchImpl), caller.signal);
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0, 'the caller\'s signal is let go');
    caller.abort();
    assert.equal(tokenSignal?.aborted, false, 'a finished request is not aborted afterwards');
  }).timeout(10_000);

  it('hands the body on read once: the process step parses it, a second read fails as on any Response', async () => {
    const body = { access_token: JWT, expires_in: 60, token_type: 'Bearer' };
    const read = await exchange(async () => json(body, 200, { 'x-seen': 'yes' }), 'token', new URL(DOC.token_endpoint), { fetch, clock: new FakeClock(), timeoutMs: 1_000 });
    assert.ok(read.response instanceof Response);
    assert.equal(read.text, JSON.stringify(body));
    assert.equal(read.response.headers.get('x-seen'), 'yes');
    assert.deepEqual(await read.response.clone().json(), body);
    assert.equal(read.response.bodyUsed, false);
    assert.deepEqual(await read.response.json(), body);
    assert.equal(read.response.bodyUsed, true);
    await assert.rejects(read.response.text(), TypeError);
    assert.throws(() => read.response.clone(), TypeError);
  });

  it('refuses a discovery document whose issuer is not the authority', async () => {
    const { fetchImpl } = fakeFetch(() => json({}), () => json({ ...DOC, issuer: 'https://evil.example' }));
    await assert.rejects(requestToken(credentials, deps(fetchImpl)), (e: Error & { code: string }) => {
      assert.equal(e.code, 'issuer_mismatch');
      assert.match(errorText(e), /names the issuer "https:\/\/evil.example"/);
      return true;
    });
  });

  it('refuses a discovery document that downgrades the token endpoint to http', async () => {
    const { fetchImpl, seen } = fakeFetch(() => json({}), () => json({ ...DOC, token_endpoint: 'http://auth.konexus.test/connect/token' }));
    await assert.rejects(requestToken(credentials, deps(fetchImpl)), { code: 'discovery_invalid' });
    assert.equal(seen.length, 1, 'the secret was never sent');
  });

  it('refuses endpoints on another origin (host, port, parent domain) before the secret is sent', async () => {
    for (const token_endpoint of ['https://evil.konexus.test/connect/token', 'https://auth.konexus.test:8443/connect/token', 'https://konexus.test/connect/token']) {
      const { fetchImpl, seen } = fakeFetch(() => json({}), () => json({ ...DOC, token_endpoint }));
      const error = await requestToken(credentials, deps(fetchImpl)).catch(e => e);
      assert.equal(error.code, 'discovery_invalid', token_endpoint);
      assert.match(errorText(error), /^The discovery document of https:\/\/auth\.konexus\.test names a token endpoint on another host, https:\/\//);
      assert.equal(seen.length, 1, 'the secret was never sent');
    }
    const { fetchImpl, seen } = fakeFetch(() => json({}), () => json({ ...DOC, jwks_uri: 'https://keys.konexus.test/jwks' }));
    assert.equal((await requestToken(credentials, deps(fetchImpl)).catch(e => e)).code, 'discovery_invalid');
    assert.equal(seen.length, 1);
  });

  it('uses endpoints on the authority\'s origin under any path, the default port spelled or not', async () => {
    const { fetchImpl, seen } = fakeFetch(() => json({ access_token: JWT, expires_in: 60, token_type: 'Bearer' }),
      () => json({ ...DOC, token_endpoint: 'https://AUTH.konexus.test:443/other/token', jwks_uri: 'https://auth.konexus.test/keys' }));
    await requestToken(credentials, deps(fetchImpl));
    assert.equal(seen[1]!.url, 'https://auth.konexus.test/other/token');
  });

  it('maps a discovery 404 and a discovery HTML page', async () => {
    const notFound = await requestToken(credentials, deps(fakeFetch(() => json({}), () => new Response('', { status: 404 })).fetchImpl)).catch(e => e);
    assert.equal(notFound.code, 'discovery_invalid');
    assert.match(errorText(notFound), /HTTP 404.*Check the authority/);
    const html = await requestToken(credentials, deps(fakeFetch(() => json({}), () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } })).fetchImpl)).catch(e => e);
    assert.equal(html.code, 'bad_response');
    assert.match(errorText(html), /^https:\/\/auth\.konexus\.test\/\.well-known\/openid-configuration returned an HTML page instead of JSON/);
  });

  it('refuses an http authority that is not loopback, before any request', async () => {
    const { fetchImpl, seen } = fakeFetch(() => json({}));
    await assert.rejects(requestToken({ ...credentials, authority: 'http://auth.konexus.test' }, deps(fetchImpl)), { code: 'insecure_url' });
    assert.equal(seen.length, 0);
  });
});

describe('authority parsing', () => {
  it('normalises what people paste', () => {
    assert.equal(parseAuthority(' https://auth.alertsense.com/ ').href, 'https://auth.alertsense.com/');
    assert.equal(parseAuthority('https://auth.alertsense.com/.well-known/openid-configuration').origin, 'https://auth.alertsense.com');
    assert.equal(parseAuthority('http://127.0.0.1:5080').host, '127.0.0.1:5080');
    assert.equal(parseAuthority('http://localhost:5080').host, 'localhost:5080');
    assert.equal(parseAuthority('http://[::1]:5080').hostname, '[::1]');
  });
  it('rejects non-URLs, plain http elsewhere, and other schemes with clear codes', () => {
    assert.throws(() => parseAuthority('auth.alertsense.com'), { code: 'invalid_url' });
    assert.throws(() => parseAuthority('http://auth.alertsense.com'), { code: 'insecure_url' });
    assert.throws(() => parseAuthority('http://127.0.0.1.evil.com'), { code: 'insecure_url' });
    assert.throws(() => parseAuthority('ftp://auth.alertsense.com'), { code: 'invalid_url' });
  });
});

describe('chooseAuthMethod', () => {
  it('prefers post when offered, basic when only basic or nothing is stated', () => {
    assert.equal(chooseAuthMethod('auto', { issuer: 'x', authMethods: ['client_secret_basic', 'client_secret_post'] }), 'client_secret_post');
    assert.equal(chooseAuthMethod('auto', { issuer: 'x', authMethods: ['client_secret_basic'] }), 'client_secret_basic');
    assert.equal(chooseAuthMethod('auto', { issuer: 'x', authMethods: undefined }), 'client_secret_basic');
    assert.throws(() => chooseAuthMethod('auto', { issuer: 'x', authMethods: ['private_key_jwt'] }), { code: 'unsupported_auth_method' });
    assert.throws(() => chooseAuthMethod('client_secret_post', { issuer: 'x', authMethods: ['client_secret_basic'] }), { code: 'unsupported_auth_method' });
  });

  it('takes private_key_jwt only when asked for and only from a server that lists it', () => {
    assert.equal(chooseAuthMethod('private_key_jwt', { issuer: 'x', authMethods: ['client_secret_post', 'private_key_jwt'] }), 'private_key_jwt');
    assert.equal(chooseAuthMethod('auto', { issuer: 'x', authMethods: ['private_key_jwt', 'client_secret_basic'] }), 'client_secret_basic');
    const refusal = (authMethods: string[] | undefined) => {
      try {
        chooseAuthMethod('private_key_jwt', { issuer: 'x', authMethods });
      } catch (error) {
        assert.equal((error as KonexusError).code, 'unsupported_auth_method');
        return error as KonexusError;
      }
      assert.fail('must throw');
    };
    const listed = refusal(['client_secret_post']);
    assert.deepEqual(listed.why, { area: 'token', kind: 'keyAuthNotOffered', issuer: 'x', offered: ['client_secret_post'] });
    assert.match(errorText(listed), /does not accept private_key_jwt \(it lists client_secret_post\)/);
    assert.match(errorText(refusal(undefined)), /it lists nothing/);
  });
});

describe('requestToken with private_key_jwt (constructed responses)', () => {
  const PKJWT_DOC = { ...DOC, token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] };
  const ok = () => json({ access_token: JWT, expires_in: 60, token_type: 'Bearer' });
  const refused = () => json({ error: 'invalid_client' }, 400);
  /** The assertion's header and claims (not verified: the IdP tests verify). */
  const assertionOf = (body: string) => {
    const [header, payload] = new URLSearchParams(body).get('client_assertion')!.split('.');
    return { header: JSON.parse(Buffer.from(header!, 'base64url').toString()), claims: JSON.parse(Buffer.from(payload!, 'base64url').toString()) };
  };
  const tokenBodies = (seen: Array<{ url: string; body: string }>) => seen.filter(s => s.url === DOC.token_endpoint).map(s => s.body);

  it('sends a signed assertion (no secret) with aud = the issuer, a fresh jti and a 60 s lifetime', async () => {
    const set = await generateClientKey('ES256', 0);
    const { fetchImpl, seen } = fakeFetch(ok, () => json(PKJWT_DOC));
    const d = deps(fetchImpl);
    const pk = { ...credentials, clientSecret: serializeClientKeySet(set), authMethod: 'private_key_jwt' as const };
    const token = await requestToken(pk, d);
    await requestToken(pk, d);
    assert.equal(token.provenKid, set.keys[0]!.kid);
    const [first, second] = tokenBodies(seen);
    const form = new URLSearchParams(first);
    assert.equal(form.get('client_secret'), null);
    assert.equal(form.get('client_id'), credentials.clientId);
    assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const { header, claims } = assertionOf(first!);
    assert.deepEqual(header, { alg: 'ES256', kid: set.keys[0]!.kid });
    assert.equal(claims.aud, ISSUER, 'oauth4webapi sends the issuer as aud');
    assert.equal(claims.iss, credentials.clientId);
    assert.equal(claims.sub, credentials.clientId);
    assert.equal(claims.exp - claims.iat, 60);
    assert.notEqual(assertionOf(second!).claims.jti, claims.jti, 'every request has its own jti');
    assert.ok(!first!.includes(set.keys[0]!.privateJwk.d!), 'the private key is never sent');
  });

  it('signs with the pending key first and falls back once to the key in use on invalid_client', async () => {
    const set = await rotateClientKey(await generateClientKey('RS256', 0), 'ES256', 1);
    const [old, fresh] = set.keys;
    const { fetchImpl, seen } = fakeFetch((_url, init) => (assertionOf(String(init.body)).header.kid === old!.kid ? ok() : refused()), () => json(PKJWT_DOC));
    const token = await requestToken({ ...credentials, clientSecret: serializeClientKeySet(set), authMethod: 'private_key_jwt' }, deps(fetchImpl));
    assert.deepEqual(tokenBodies(seen).map(body => assertionOf(body).header.kid), [fresh!.kid, old!.kid]);
    assert.equal(token.provenKid, old!.kid, 'the pending key is not proven');
  });

  it('does not fall back when the pending key works, nor on errors other than invalid_client', async () => {
    const set = await rotateClientKey(await generateClientKey('RS256', 0), 'ES256', 1);
    const secret = serializeClientKeySet(set);
    const working = fakeFetch(ok, () => json(PKJWT_DOC));
    const token = await requestToken({ ...credentials, clientSecret: secret, authMethod: 'private_key_jwt' }, deps(working.fetchImpl));
    assert.equal(token.provenKid, set.pending);
    assert.equal(tokenBodies(working.seen).length, 1);

    const scopeRefused = fakeFetch(() => json({ error: 'invalid_scope' }, 400), () => json(PKJWT_DOC));
    await assert.rejects(requestToken({ ...credentials, clientSecret: secret, authMethod: 'private_key_jwt' }, deps(scopeRefused.fetchImpl)), { code: 'invalid_scope' });
    assert.equal(tokenBodies(scopeRefused.seen).length, 1);
  });

  it('reports invalid_client with the kid to register when every key is refused', async () => {
    const set = await rotateClientKey(await generateClientKey('RS256', 0), 'ES256', 1);
    const { fetchImpl, seen } = fakeFetch(refused, () => json(PKJWT_DOC));
    await assert.rejects(
      requestToken({ ...credentials, clientSecret: serializeClientKeySet(set), authMethod: 'private_key_jwt' }, deps(fetchImpl)),
      (error: KonexusError) => error.code === 'invalid_client' && errorText(error).includes(set.keys[0]!.kid) && /or its key/.test(errorText(error)),
    );
    assert.equal(tokenBodies(seen).length, 2, 'one fallback, no more');
  });

  it('says what to do when the stored credential is a client secret, and sends nothing', async () => {
    const { fetchImpl, seen } = fakeFetch(ok, () => json(PKJWT_DOC));
    await assert.rejects(requestToken({ ...credentials, authMethod: 'private_key_jwt' }, deps(fetchImpl)), (error: KonexusError) => {
      assert.equal(error.code, 'missing_secret');
      assert.match(errorText(error), /not a Konexus client key\. Generate a key with "Konexus: Add Profile" or "Konexus: Rotate Client Key"/);
      return true;
    });
    assert.equal(tokenBodies(seen).length, 0);
  });

  it('refuses before sending when the server does not list private_key_jwt', async () => {
    const set = await generateClientKey('ES256', 0);
    const { fetchImpl, seen } = fakeFetch(ok);
    await assert.rejects(requestToken({ ...credentials, clientSecret: serializeClientKeySet(set), authMethod: 'private_key_jwt' }, deps(fetchImpl)), { code: 'unsupported_auth_method' });
    assert.equal(tokenBodies(seen).length, 0);
  });
});

describe('requestToken over real sockets', () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/.well-known')) {
        const base = `http://127.0.0.1:${port}`;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ...DOC, issuer: base, token_endpoint: `${base}/connect/token`, jwks_uri: `${base}/jwks` }));
      } else {
        req.socket.destroy(); // connection reset mid-request
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('maps a reset connection to unreachable', async () => {
    const error = await requestToken({ ...credentials, authority: `http://127.0.0.1:${port}` }, deps(fetch)).catch(e => e);
    assert.equal(error.code, 'unreachable');
    assert.match(errorText(error), /Cannot reach 127\.0\.0\.1:\d+ for a token/);
  });

  it('maps a refused connection to unreachable, naming the reason', async () => {
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const error = await requestToken({ ...credentials, authority: `http://127.0.0.1:${deadPort}` }, deps(fetch)).catch(e => e);
    assert.equal(error.code, 'unreachable');
    assert.match(errorText(error), /connection refused/);
  });
});
