/**
 * Token errors are values in the core and sentences at the edge: errorText says each kind in the words it
 * said before the move, and a message for developers never stands in for them.
 */
import assert from 'node:assert/strict';
import { isKonexusError, KonexusError } from '../../src/core/errors';
import type { TokenWhy } from '../../src/core/tokens/tokenWhy';
import { TokenManager } from '../../src/core/tokens/tokenManager';
import { errorText } from '../../src/platform/model/words/errorWords';
import { tokenKeptText, tokenWhyText } from '../../src/platform/model/words/tokenErrorWords';
import { FakeClock } from './lib/fakeClock';

const URL_ = 'https://auth.konexus.test/connect/token';

describe('token errors in words', () => {
  const cases: Array<[TokenWhy, string]> = [
    [{ area: 'token', kind: 'noProfile' }, 'No Konexus profile yet. Run "Konexus: Add Profile" first.'],
    [{ area: 'token', kind: 'unknownProfile', name: 'nope' }, 'There is no Konexus profile named "nope".'],
    [{ area: 'token', kind: 'secretEmpty' }, 'Enter the client secret that belongs to the client id.'],
    [{ area: 'token', kind: 'secretMissing', profile: 'demo' }, 'No client secret is stored for the profile "demo". Run "Konexus: Add Profile" to enter it again.'],
    [{ area: 'token', kind: 'notOneOf', field: 'action', allowed: ['list', 'deleteOrphans', 'signOutAll'] }, 'action must be one of list, deleteOrphans, signOutAll.'],
    [{ area: 'token', kind: 'notOneOf', field: 'keyAlgorithm', allowed: ['RS256', 'ES256'] }, 'keyAlgorithm must be one of RS256, ES256.'],
    [{ area: 'token', kind: 'keyPairMissing', profile: 'kp' }, 'No key pair is stored for "kp" (signed out). Run "Konexus: Rotate Client Key…" to make a new one, then register it.'],
    [{ area: 'token', kind: 'authMethodNotOffered', issuer: 'https://i', requested: 'client_secret_post', offered: [] }, 'https://i does not accept client_secret_post (it supports no client secret method). Choose "auto" or one it supports.'],
    [{ area: 'token', kind: 'tokenEndpointMissing', endpoint: URL_ }, `The token endpoint ${URL_} does not exist (HTTP 404). Check the authority.`],
    [{ area: 'token', kind: 'notATokenResponse', url: URL_, status: 200, body: { kind: 'notJson', contentType: null } }, 'auth.konexus.test returned a body that is not valid JSON (no content type) (HTTP 200) instead of a token.'],
    [{ area: 'token', kind: 'refusedWithoutCode', url: 'https://idp.test:8443/connect/token', status: 403 }, 'idp.test:8443 refused the token request with HTTP 403 and no OAuth error code.'],
    [{ area: 'token', kind: 'requestRefused', url: URL_, oauthCode: 'x'.repeat(100), said: 'y'.repeat(400) }, `auth.konexus.test refused the token request (${'x'.repeat(60)}). The server said: "${'y'.repeat(300)}".`],
    [{ area: 'token', kind: 'requestedMomentsAgo' }, 'A token was requested moments ago; the next request waits a little.'],
    [{ area: 'token', kind: 'unexpected', detail: 'boom' }, 'Unexpected failure while fetching a token: boom'],
    [{ area: 'token', kind: 'productionNotConfirmed', profile: 'live' }, 'The token of the production profile "live" was not released: confirm in the dialog, or turn off konexus.production.confirmTokenUse in your user settings.'],
  ];
  for (const [why, sentence] of cases) {
    it(`says ${why.kind} as before`, () => {
      const error = new KonexusError('invalid_request', why);
      assert.equal(errorText(error), sentence);
      assert.equal(tokenWhyText(why), sentence);
      assert.equal(error.message, `invalid_request: ${why.kind}`, 'the message is for developers');
    });
  }

  it('a refresh that failed while the token is valid says the failure in its words, then the time left', () => {
    const failure: TokenWhy = { area: 'token', kind: 'secretRejected', url: URL_, clientId: 'c', said: undefined };
    assert.equal(tokenKeptText(errorText(new KonexusError('invalid_client', failure)), 90_500), 'auth.konexus.test rejected the client id "c" or its secret (invalid_client). Check both and store the secret again. The current token stays in use for 1 min.');
  });

  it('an error made by another copy of the core (another bundle) is recognised by shape and worded by its why', () => {
    const why: TokenWhy = { area: 'token', kind: 'secretRejected', url: URL_, clientId: 'c', said: undefined };
    const foreign = Object.assign(new Error('invalid_client: secretRejected'), { name: 'KonexusError', code: 'invalid_client', why });
    assert.ok(!(foreign instanceof KonexusError));
    assert.ok(isKonexusError(foreign));
    assert.equal(errorText(foreign), tokenWhyText(why));
    const lookalike = Object.assign(new Error('just a message'), { name: 'KonexusError' });
    assert.ok(!isKonexusError(lookalike), 'a name alone is not enough');
    assert.equal(errorText(lookalike), 'just a message');
  });

  it('the token manager fails with values: a removed profile, and a failure that is not a KonexusError', async () => {
    const manager = new TokenManager({ fetchToken: () => Promise.reject(new TypeError('boom')), clock: new FakeClock() });
    const failed = await manager.getToken().then(() => assert.fail('must reject'), (e: unknown) => e as KonexusError);
    assert.deepEqual(failed.why, { area: 'token', kind: 'unexpected', detail: 'boom' });
    assert.equal(errorText(failed), 'Unexpected failure while fetching a token: boom');
    manager.dispose();
    const gone = await manager.getToken().then(() => assert.fail('must reject'), (e: unknown) => e as KonexusError);
    assert.equal(errorText(gone), 'This profile was removed or the extension is shutting down.');
  });
});
