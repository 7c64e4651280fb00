/**
 * HttpWhy in words, for the failures the request and fault suites do not word: what the core returns
 * (the values) and what a person reads (the sentences the core made before it returned values).
 */
import assert from 'node:assert/strict';
import { parseAuthority } from '../../src/core/authority';
import type { KonexusError } from '../../src/core/errors';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { fetchFailure } from '../../src/core/http/httpFailure';
import { errorText } from '../../src/platform/model/words/errorWords';
import { authorityProblemText } from '../../src/platform/model/words/httpErrorWords';
import { FakeClock } from './lib/fakeClock';

const AUTHORITY = 'https://auth.konexus.test';
const WELL_KNOWN = `${AUTHORITY}/.well-known/openid-configuration`;
const DOC = { issuer: AUTHORITY, token_endpoint: `${AUTHORITY}/connect/token`, jwks_uri: `${AUTHORITY}/jwks` };
const REST = 'Konexus credentials are only sent over https (plain http is allowed for 127.0.0.1 and localhost during development).';

/** The error discovery fails with when the well-known document is `answer`. */
function discover(answer: Response): Promise<KonexusError> {
  const http = { fetch: (async () => answer) as typeof fetch, clock: new FakeClock(), timeoutMs: 5_000 };
  return new DiscoveryCache(http).get(AUTHORITY).then(() => assert.fail('discovery accepted the document'), (error: KonexusError) => error);
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
}

describe('HTTP failures in words (httpWhyText)', () => {
  it('a discovery document without a token endpoint', async () => {
    const error = await discover(json({ issuer: AUTHORITY }));
    assert.deepEqual(error.why, { area: 'http', kind: 'noTokenEndpoint', origin: AUTHORITY });
    assert.equal(errorText(error), 'The discovery document of https://auth.konexus.test names no token_endpoint, so no token can be requested.');
  });

  it('endpoints that are not URLs', async () => {
    const token = await discover(json({ ...DOC, token_endpoint: 'not a url' }));
    assert.deepEqual(token.why, { area: 'http', kind: 'endpointNotUrl', role: 'tokenEndpoint' });
    assert.equal(errorText(token), 'The token endpoint in the discovery document is not a URL.');
    const keys = await discover(json({ ...DOC, jwks_uri: 'nope' }));
    assert.equal(errorText(keys), 'The key set (jwks_uri) in the discovery document is not a URL.');
  });

  it('endpoints that are not https: what is wrong with the URL, then that the document is refused', async () => {
    const plain = await discover(json({ ...DOC, token_endpoint: 'http://auth.konexus.test/connect/token' }));
    assert.equal(plain.code, 'discovery_invalid');
    assert.deepEqual(plain.why, { area: 'http', kind: 'endpointRefused', refused: { area: 'http', kind: 'plainHttp', role: 'tokenEndpoint', origin: 'http://auth.konexus.test' } });
    assert.equal(errorText(plain), `The token endpoint http://auth.konexus.test uses plain http. ${REST} The discovery document is refused.`);
    const ftp = await discover(json({ ...DOC, jwks_uri: 'ftp://auth.konexus.test/jwks' }));
    assert.equal(errorText(ftp), 'The key set (jwks_uri) "ftp://auth.konexus.test/jwks" must be an https URL. The discovery document is refused.');
  });

  it('a document oauth4webapi refuses, with its reason', async () => {
    const error = await discover(json({ token_endpoint: DOC.token_endpoint }));
    assert.equal(error.why?.kind, 'discoveryInvalid');
    assert.match(errorText(error), new RegExp(`^The discovery document at ${WELL_KNOWN.replace(/[./]/g, '\\$&')} is not valid: .+\\.$`));
  });

  it('a body that is not JSON, naming its content type', async () => {
    const error = await discover(new Response('{"issuer":', { headers: { 'content-type': 'application/json' } }));
    assert.deepEqual(error.why, { area: 'http', kind: 'discoveryNotJson', url: WELL_KNOWN, body: { kind: 'notJson', contentType: 'application/json' } });
    assert.equal(errorText(error), `${WELL_KNOWN} returned a body that is not valid JSON (application/json).`);
  });

  it('another issuer: the value keeps what the document states, the words show 200 characters of it', async () => {
    const stated = `https://evil.example/${'x'.repeat(300)}`;
    const error = await discover(json({ ...DOC, issuer: stated }));
    assert.deepEqual(error.why, { area: 'http', kind: 'issuerMismatch', url: WELL_KNOWN, stated, expected: AUTHORITY });
    assert.equal(errorText(error), `The discovery document at ${WELL_KNOWN} names the issuer "${stated.slice(0, 200)}", not ${AUTHORITY}. Tokens from it could not be trusted; use the issuer's own address as the authority.`);
  });

  it('a timeout in seconds, and an unreachable host with or without a system code', () => {
    const url = new URL(`${AUTHORITY}/jwks`);
    const timeout = fetchFailure(new DOMException('timed out', 'TimeoutError'), 'jwks', url, 15_400);
    assert.deepEqual(timeout.why, { area: 'http', kind: 'timeout', operation: 'jwks', host: 'auth.konexus.test', timeoutMs: 15_400 });
    assert.equal(errorText(timeout), 'auth.konexus.test did not answer within 15 s while asking for the signing keys. The server may be overloaded or a proxy may be holding the request; it will be retried.');
    const failed = fetchFailure(new TypeError('fetch failed'), 'discovery', url, 5_000);
    assert.equal(errorText(failed), 'Cannot reach auth.konexus.test for the discovery document: the connection failed. Check the authority, your network and proxy settings.');
    const odd = fetchFailure(new TypeError('fetch failed', { cause: { code: 'EPROTO' } }), 'token', url, 5_000);
    assert.equal(errorText(odd), 'Cannot reach auth.konexus.test for a token: EPROTO. Check the authority, your network and proxy settings.');
  });
});

describe('authorities in words (authorityProblemText)', () => {
  const problem = (text: string) => {
    const said = authorityProblemText(text);
    assert.throws(() => parseAuthority(text), (error: KonexusError) => errorText(error) === said, 'parseAuthority throws what the input box says');
    return said;
  };

  it('says nothing about an authority parseAuthority accepts', () => {
    assert.equal(authorityProblemText(' https://auth.alertsense.com/ '), undefined);
    assert.equal(authorityProblemText('http://127.0.0.1:5080'), undefined);
  });

  it('not a URL: what was typed, clipped to 80 characters, and an example', () => {
    assert.equal(problem('auth.alertsense.com'), '"auth.alertsense.com" is not a URL. Enter the identity server\'s address, e.g. https://auth.alertsense.com.');
    const long = 'x'.repeat(100);
    assert.equal(problem(long), `"${'x'.repeat(80)}…" is not a URL. Enter the identity server's address, e.g. https://auth.alertsense.com.`);
  });

  it('a query or fragment, another scheme, plain http', () => {
    assert.equal(problem('https://auth.konexus.test/?tenant=1'), 'The authority https://auth.konexus.test/ must not carry a query or fragment.');
    assert.equal(problem('ftp://auth.alertsense.com'), 'The authority "ftp://auth.alertsense.com/" must be an https URL.');
    assert.equal(problem('http://auth.alertsense.com'), `The authority http://auth.alertsense.com uses plain http. ${REST}`);
  });
});
