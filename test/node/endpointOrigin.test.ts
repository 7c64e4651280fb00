import assert from 'node:assert/strict';
import { DiscoveryCache } from '../../src/core/http/discovery';
import type { KonexusError } from '../../src/core/errors';
import { errorText } from '../../src/platform/model/words/errorWords';
import { requestToken, type ClientAuthMethod } from '../../src/core/tokens/tokenClient';
import { DEMO_CLIENT, JWKS_PATH, TOKEN_PATH, startKonexusIdp, type KonexusIdp } from '../idp/konexusIdp';
import { FakeClock } from './lib/fakeClock';

/**
 * Issue 13: a discovery document whose token_endpoint was on another origin got the client secret (a
 * second local server received `POST /steal` with Basic credentials). Every endpoint a document names
 * must be on the authority's own origin; the other server must see nothing at all.
 */
describe('discovery endpoints on another origin are refused before anything is sent there', () => {
  let thief: KonexusIdp;
  let idp: KonexusIdp | undefined;

  beforeEach(async () => { thief = await startKonexusIdp(); });
  afterEach(async () => {
    await idp?.close();
    idp = undefined;
    await thief.close();
  });

  const ask = async (overrides: Record<string, unknown>, authMethod: ClientAuthMethod = 'client_secret_basic') => {
    idp = await startKonexusIdp({ discoveryOverrides: overrides });
    const http = { fetch, clock: new FakeClock(), timeoutMs: 5_000 };
    const credentials = { authority: idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret, authMethod };
    return requestToken(credentials, { ...http, discovery: new DiscoveryCache(http) })
      .then(() => assert.fail('a token through another origin'), (error: KonexusError) => error);
  };

  const assertNothingSent = (error: KonexusError) => {
    assert.equal(thief.requests.length, 0, `the other server received ${thief.requests.map(r => `${r.method} ${r.path}`).join(', ')}`);
    assert.deepEqual(idp!.requests.map(r => r.path), ['/.well-known/openid-configuration'], 'only discovery was asked');
    assert.doesNotMatch(errorText(error), new RegExp(DEMO_CLIENT.clientSecret));
    assert.doesNotMatch(JSON.stringify(error.why), new RegExp(DEMO_CLIENT.clientSecret));
  };

  for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
    it(`a token_endpoint on another host gets no secret (${method})`, async () => {
      const error = await ask({ token_endpoint: `${thief.issuer}/steal` }, method);
      assert.equal(error.code, 'discovery_invalid');
      assert.equal(error.operation, 'discovery');
      assert.equal(errorText(error), `The discovery document of ${idp!.issuer} names a token endpoint on another host, ${thief.issuer}. `
        + 'The client secret is only sent to the authority\'s own origin, so nothing was sent. '
        + `Check the authority: if ${thief.issuer} is really your identity server, use its address as the authority.`);
      assertNothingSent(error);
    });
  }

  it('a jwks_uri on another host is refused the same way, and no key is fetched from it', async () => {
    const error = await ask({ jwks_uri: `${thief.issuer}${JWKS_PATH}` });
    assert.equal(error.code, 'discovery_invalid');
    assert.match(errorText(error), new RegExp(`names a key set \\(jwks_uri\\) on another host, ${thief.issuer.replace(/\./g, '\\.')}\\. Keys are only taken from the authority's own origin`));
    assertNothingSent(error);
  });

  it('the same host name spelled as localhost is another origin too', async () => {
    const error = await ask({ token_endpoint: `${thief.issuer.replace('127.0.0.1', 'localhost')}${TOKEN_PATH}` });
    assert.equal(error.code, 'discovery_invalid');
    assert.match(errorText(error), /on another host, http:\/\/localhost:\d+\./);
    assertNothingSent(error);
  });
});
