import assert from 'node:assert/strict';
import { assertSecureUrl, authorityKey, isLoopbackHost, parseAuthority } from '../../src/core/authority';
import { checkJwksUri } from '../../src/core/jwt/jwks';
import type { KonexusError } from '../../src/core/errors';
import { authorityProblemText } from '../../src/platform/model/words/httpErrorWords';
import { errorText } from '../../src/platform/model/words/errorWords';

describe('plain http: literal loopback addresses and localhost only', () => {
  const allowed = [
    'http://localhost', 'http://localhost:5080', 'http://LOCALHOST:5080',
    'http://127.0.0.1', 'http://127.0.0.1:5080', 'http://127.1', 'http://127.255.255.254:9', 'http://0x7f000001', 'http://2130706433',
    'http://[::1]', 'http://[::1]:5080', 'http://[0:0:0:0:0:0:0:1]:5080',
  ];
  // A name is resolved before it is connected to, and a resolver (hosts file, DNS on the path) may put
  // anything behind it: only `localhost` itself is taken on trust, as the README says.
  const refused = [
    'http://foo.localhost', 'http://foo.localhost:5080', 'http://a.b.localhost', 'http://localhost.', 'http://localhost.evil.test',
    'http://127.0.0.1.nip.io', 'http://127.0.0.1.evil.test', 'http://128.0.0.1', 'http://10.0.0.1', 'http://[::2]', 'http://[::ffff:127.0.0.1]',
    'http://auth.alertsense.com',
  ];

  for (const text of allowed) {
    it(`allows ${text}`, () => {
      const url = parseAuthority(text);
      assert.ok(isLoopbackHost(url.hostname), url.hostname);
      assert.doesNotThrow(() => assertSecureUrl(url, 'tokenEndpoint'));
      assert.ok(checkJwksUri(`${text}/jwks`).ok);
    });
  }

  for (const text of refused) {
    it(`refuses ${text}, naming what is allowed`, () => {
      assert.throws(() => parseAuthority(text), (error: KonexusError) => {
        assert.equal(error.code, 'insecure_url');
        assert.deepEqual(error.why, { area: 'http', kind: 'plainHttp', role: 'authority', origin: new URL(text).origin });
        assert.match(errorText(error), /^The authority http:\/\/\S+ uses plain http\. .*plain http is allowed for 127\.0\.0\.1 and localhost/);
        assert.equal(authorityProblemText(text), errorText(error), 'an input box says the same');
        return true;
      });
      assert.throws(() => assertSecureUrl(new URL(text), 'tokenEndpoint'), { code: 'insecure_url' });
      assert.equal(checkJwksUri(`${text}/jwks`).ok, false);
    });
  }

  it('allows https on any host, *.localhost included', () => {
    assert.equal(parseAuthority('https://foo.localhost').hostname, 'foo.localhost');
    assert.doesNotThrow(() => assertSecureUrl(new URL('https://foo.localhost/connect/token'), 'tokenEndpoint', false));
  });

  it('never allows http for an endpoint of an https authority, not even on loopback', () => {
    assert.throws(() => assertSecureUrl(new URL('http://127.0.0.1/connect/token'), 'tokenEndpoint', false), { code: 'insecure_url' });
  });
});

describe('authority normalisation', () => {
  it('keys an authority by origin and path: case, default port, IDN, userinfo and 127.1 spelled once', () => {
    const key = (text: string) => authorityKey(parseAuthority(text));
    assert.equal(key('HTTPS://Auth.AlertSense.com:443/'), 'https://auth.alertsense.com');
    assert.equal(key('https://user:pw@auth.alertsense.com'), 'https://auth.alertsense.com');
    assert.equal(key('https://bücher.example/tenant/'), 'https://xn--bcher-kva.example/tenant');
    assert.equal(key('http://127.1:5080'), 'http://127.0.0.1:5080');
    assert.equal(key('https://auth.alertsense.com:8443'), 'https://auth.alertsense.com:8443');
  });
});
