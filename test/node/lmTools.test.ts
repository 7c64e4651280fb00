import assert from 'node:assert/strict';
import { sendApiRequest } from '../../src/lmTools/model/apiRequest';
import { scanForLeaks } from '../../src/core/leaks/leakScan';
import {
  MAX_BODY_CHARS, hasStableToolApi, profileFacts, requestConfirmations, requestMethod, requestUrl, tokenStatusFacts,
} from '../../src/lmTools/model/toolResults';
import { isProduction } from '../../src/core/tokens/production';
import type { Profile } from '../../src/core/tokens/profiles';
import { Redactor } from '../../src/core/redact';
import { KonexusError } from '../../src/core/errors';
import { inspectJwtFacts } from '../../src/lmTools/model/inspectJwtFacts';
import { konexusClaims, unsigned } from './lib/jwtTestKit';

const NOW = Date.UTC(2026, 0, 1);
const SECRET = 'very-secret-client-secret-1234';
const profile = (authority: string, name = 'dev'): Profile => ({ name, authority, clientId: 'ext-1', scope: 'tamarack', clientAuthMethod: 'auto' });
const dev = profile('https://auth.dev.example');
const prod = profile('https://auth.alertsense.com/', 'prod');
const tokenA = unsigned(konexusClaims(NOW, { tenantId: 'tenant-42', jti: 'first' }));
const tokenB = unsigned(konexusClaims(NOW, { tenantId: 'tenant-42', jti: 'second' }));

function redactor(): Redactor {
  const r = new Redactor();
  r.addSecret(SECRET, 'ext-1');
  return r;
}

/** The leak scan's own check (the leak guard's grep), plus the raw values: none may be in a tool result. */
function assertNoLeak(result: unknown, ...raw: string[]): void {
  const text = JSON.stringify(result);
  assert.deepEqual(scanForLeaks(text, 'other').map(leak => leak.kind), [], text);
  for (const value of raw) assert.ok(!text.includes(value), `result contains ${value.slice(0, 12)}…`);
}

describe('language model tools: results', () => {
  it('tokenStatus gives profile, expiry, scope, tenant and the last error, never the token', () => {
    const state = {
      status: 'valid' as const, nextAttemptAt: undefined, consecutiveFailures: 0,
      token: { accessToken: tokenA, tokenType: 'Bearer', scope: 'tamarack', issuedAt: NOW, expiresAt: NOW + 3_600_000, issuer: dev.authority },
      lastError: new KonexusError('invalid_client', { area: 'token', kind: 'secretRejected', url: `${dev.authority}/connect/token`, clientId: dev.clientId, said: `rejected client_secret=${SECRET} for ${tokenA}` }),
    };
    const facts = tokenStatusFacts(dev, state, JSON.parse(Buffer.from(tokenA.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>, NOW, redactor());
    assert.equal(facts.profile, 'dev');
    assert.equal(facts.expiresInSeconds, 3600);
    assert.equal(facts.tenant, 'tenant-42');
    assert.equal(facts.grantedScope, 'tamarack');
    assert.equal(facts.lastError?.code, 'invalid_client');
    assert.match(facts.lastError?.message ?? '', /^auth\.dev\.example rejected the client id .* or its secret \(invalid_client\)\. The server said: "rejected client_secret=/, 'the error in words');
    assertNoLeak(facts, tokenA, SECRET);
    assert.deepEqual(tokenStatusFacts(undefined, undefined, undefined, NOW, redactor()), { profile: null, status: 'no-profile' });
  });

  it('the tool API counts as there from VS Code 1.95 on (1.93 and 1.94 have a proposal that refuses the tools)', () => {
    assert.deepEqual(['1.93.1', '1.94.2', '1.95.0', '1.139.1', '2.0.0'].map(hasStableToolApi), [false, false, true, true, true]);
  });

  it('listProfiles marks the active and the production profiles', () => {
    assert.deepEqual(profileFacts([dev, prod], 'prod').map(p => [p.name, p.active, p.production]), [['dev', false, false], ['prod', true, true]]);
    assert.equal(isProduction(profile('http://127.0.0.1:5000')), false);
  });

  it('inspectJwt gives the claims and times with the token redacted, and says the signature is not checked', () => {
    const facts = inspectJwtFacts(`Bearer ${tokenA}`, NOW, redactor());
    assert.equal(facts.ok, true);
    if (!facts.ok) return;
    assert.equal(facts.state, 'valid');
    assert.equal(facts.signatureChecked, false);
    assert.ok(facts.nodes.some(node => node.id.includes('tenantId')), 'the claims are listed');
    assertNoLeak(facts, tokenA, tokenA.split('.')[1]!);
    const bad = inspectJwtFacts('not a token', NOW, redactor());
    assert.equal(bad.ok, false);
  });
});

describe('language model tools: konexus_request', () => {
  it('accepts https and loopback http; refuses other http, credentials in the URL and the identity server', () => {
    assert.equal(requestUrl('https://api.konexus.com/v1/me', dev).hostname, 'api.konexus.com');
    assert.equal(requestUrl('http://127.0.0.1:8080/x', dev).port, '8080');
    assert.throws(() => requestUrl('http://api.konexus.com/', dev), /https/);
    assert.throws(() => requestUrl('https://u:p@api.konexus.com/', dev), /user name/);
    assert.throws(() => requestUrl('https://auth.dev.example/connect/token', dev), /identity server/);
    assert.throws(() => requestUrl('nope', dev), /not a URL/);
  });

  it('asks in the chat for every method but GET/HEAD and for production; a modal only for production', () => {
    assert.deepEqual(requestConfirmations(requestMethod(undefined), false), { chat: false, modal: false });
    assert.deepEqual(requestConfirmations(requestMethod('head'), false), { chat: false, modal: false });
    assert.deepEqual(requestConfirmations(requestMethod('post'), false), { chat: true, modal: false });
    assert.deepEqual(requestConfirmations('GET', true), { chat: true, modal: true });
    assert.throws(() => requestMethod('TRACE'), /Unsupported method/);
  });

  it('retries once with a forced token on 401, and the result holds neither token nor Authorization nor cookies', async () => {
    const seen: Array<string | null> = [];
    const forced: boolean[] = [];
    const fetchFake = (async (_url: URL, init: RequestInit) => {
      const auth = new Headers(init.headers).get('authorization');
      seen.push(auth);
      if (seen.length === 1) return new Response('expired', { status: 401 });
      return new Response(JSON.stringify({ echo: auth, secret: `client_secret=${SECRET}`, pad: 'x'.repeat(MAX_BODY_CHARS) }), {
        status: 200, headers: { 'content-type': 'application/json', 'set-cookie': 'session=abc', authorization: `Bearer ${tokenB}`, 'x-echo': tokenB },
      });
    }) as unknown as typeof fetch;
    const result = await sendApiRequest({ method: 'GET', url: new URL('https://api.konexus.com/v1/me') }, {
      fetch: fetchFake, timeoutMs: 5000, redactor: redactor(),
      token: async force => { forced.push(force); return force ? tokenB : tokenA; },
    });
    assert.deepEqual(forced, [false, true], 'one retry, with a forced token');
    assert.deepEqual(seen, [`Bearer ${tokenA}`, `Bearer ${tokenB}`]);
    assert.equal(result.status, 200);
    assert.equal(result.retriedAfter401, true);
    assert.equal(result.headers['set-cookie'], undefined);
    assert.equal(result.headers['authorization'], undefined);
    assert.equal(result.bodyClipped, true);
    assert.equal(result.body.length, MAX_BODY_CHARS);
    assertNoLeak(result, tokenA, tokenB, SECRET);
  });

  it('a second 401 is returned as it is, not retried again; nor is the same token sent twice (budget floor)', async () => {
    let calls = 0;
    const fetchFake = (async () => { calls++; return new Response('no', { status: 401 }); }) as unknown as typeof fetch;
    const request = { method: 'DELETE', url: new URL('https://api.konexus.com/x') };
    const result = await sendApiRequest(request, {
      fetch: fetchFake, timeoutMs: 5000, redactor: redactor(), token: async force => (force ? tokenB : tokenA),
    });
    assert.equal(calls, 2);
    assert.equal(result.status, 401);
    const held = await sendApiRequest(request, { fetch: fetchFake, timeoutMs: 5000, redactor: redactor(), token: async () => tokenA });
    assert.equal(calls, 3, 'the forced token was the refused one: not sent again');
    assert.equal(held.retriedAfter401, false);
  });
});
