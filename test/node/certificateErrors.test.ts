/**
 * TLS certificate failures in words: a real https identity server whose CA this process does not trust
 * (Node's own fetch, the same error shapes VS Code's fetch passes on), and the other certificate codes
 * as undici wraps them. Each says which host, what is wrong with its certificate, and what to do.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { fetchFailure } from '../../src/core/http/httpFailure';
import { JwksCache, JwksFetchError } from '../../src/core/jwt/jwks';
import { errorText } from '../../src/platform/model/words/errorWords';
import { certificateProblemText, trustAdvice } from '../../src/platform/model/words/networkWords';
import { checkReason } from '../../src/platform/model/words/checkWords';
import { DEMO_CLIENT, startKonexusIdp, type KonexusIdp } from '../idp/konexusIdp';
import { requestToken } from '../../src/core/tokens/tokenClient';
import { createTestCa, issueServerCertificate } from '../harness/lib/testCa';
import { FakeClock } from './lib/fakeClock';

/** What undici's fetch rejects with when the TLS handshake fails: TypeError('fetch failed') over Node's error. */
function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code.toLowerCase()), { code }) });
}

describe('TLS certificate failures', () => {
  const url = new URL('https://auth.konexus.test/connect/token');

  describe('against a real https server whose CA is not trusted', function () {
    this.timeout(20_000);
    let dir: string;
    let idp: KonexusIdp;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'konexus-ca-'));
      const ca = createTestCa(dir, 'unit-untrusted-ca');
      // 127.0.0.1 as the name: Node resolves it, and the chain is checked (and fails) before the name.
      idp = await startKonexusIdp({ tls: { ...issueServerCertificate(ca, dir, '127.0.0.1'), hostname: '127.0.0.1' } });
    });
    after(async () => {
      await idp?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a token request fails as untrusted_certificate, naming the host and the way to trust the CA', async () => {
      const base = { fetch, clock: new FakeClock(), timeoutMs: 5_000 };
      const error = await requestToken(
        { authority: idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret },
        { ...base, discovery: new DiscoveryCache(base) },
      ).then(() => assert.fail('a token came from a server whose CA is not trusted'), (e: unknown) => e as { code?: string; message: string; transient?: boolean });
      assert.equal(error.code, 'untrusted_certificate', error.message);
      assert.equal(errorText(error), `The TLS certificate of ${new URL(idp.issuer).host} is not trusted (its issuer is unknown) while asking for the discovery document. ${trustAdvice()}`);
      assert.equal(error.transient, true, 'retried like any network failure, keeping a valid token meanwhile');
      assert.ok(!errorText(error).includes(DEMO_CLIENT.clientSecret));
    });

    it('a key set request says the same in its signature check reason', async () => {
      const lookup = new JwksCache({ fetch, timeoutMs: 5_000 }).keySetFor(`${idp.issuer}/.well-known/openid-configuration/jwks`);
      assert.ok(lookup.ok);
      await assert.rejects(lookup.keySet({ alg: 'RS256', kid: 'x' }), (error: Error) => {
        assert.ok(error instanceof JwksFetchError, String(error));
        assert.match(String(error.why.kind === 'unreachable' && error.why.network.code), /^UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(_LOCALLY)?)$/);
        assert.match(checkReason({ why: { kind: 'keySetFetch', problem: error.why } }), /^could not reach the issuer's key set at https:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration\/jwks: the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(its issuer is unknown\); see "Proxy and certificates" in the README$/);
        return true;
      });
    });
  });

  const cases: Array<[code: string, words: RegExp, advice: boolean]> = [
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /^The TLS certificate of auth\.konexus\.test is not trusted \(its issuer is unknown\) while asking for a token\./, true],
    ['SELF_SIGNED_CERT_IN_CHAIN', /is not trusted \(its chain ends in a CA that is not trusted\)/, true],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /is not trusted \(it is self-signed\)/, true],
    ['CERT_HAS_EXPIRED', /^The TLS certificate of auth\.konexus\.test has expired \(or this computer's clock is far ahead\) while asking for a token\.$/, false],
    ['CERT_NOT_YET_VALID', /is not valid yet \(or this computer's clock is behind\)/, false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /is for another host name/, false],
  ];
  for (const [code, words, advice] of cases) {
    it(`${code}: untrusted_certificate, ${advice ? 'with' : 'without'} the advice on trusting a CA`, () => {
      const error = fetchFailure(fetchFailed(code), 'token', url, 5_000);
      assert.equal(error.code, 'untrusted_certificate');
      assert.deepEqual(error.why, { area: 'http', kind: 'certificate', operation: 'token', host: 'auth.konexus.test', code });
      assert.match(errorText(error), words);
      assert.equal(errorText(error).includes(trustAdvice()), advice);
      assert.equal(certificateProblemText(code, 'auth.konexus.test')?.untrustedIssuer, advice);
    });
  }

  it('other network failures stay unreachable', () => {
    const error = fetchFailure(fetchFailed('ECONNREFUSED'), 'token', url, 5_000);
    assert.equal(error.code, 'unreachable');
    assert.deepEqual(error.why, { area: 'http', kind: 'unreachable', operation: 'token', host: 'auth.konexus.test', systemCode: 'ECONNREFUSED' });
    assert.match(errorText(error), /connection refused/);
    assert.equal(certificateProblemText('ECONNREFUSED', 'auth.konexus.test'), undefined);
  });
});
