import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { isLoopbackHost } from '../../src/core/authority';
import { checkJwksUri, JwksCache } from '../../src/core/jwt/jwks';
import { verifyJwt } from '../../src/core/jwt/verify';
import type { Check, CheckId, Expectations, KeySource, VerificationReport } from '../../src/core/jwt/verify';
import { checkReason } from '../../src/platform/model/words/checkWords';
import { keySetProblemText, keySourceText } from '../../src/platform/model/words/keyWords';
import { b64url, JwksServer, konexusClaims, makeRsaKey, sign, signHs256WithPublicKey, unsigned } from './lib/jwtTestKit';
import type { TestKey } from './lib/jwtTestKit';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const nowS = NOW / 1000;
const EXPECTED: Expectations = { issuer: 'https://auth.example.test', audience: 'tamarack' };

function check(report: VerificationReport, id: CheckId): Check {
  const found = report.checks.find(c => c.id === id);
  assert.ok(found, `no ${id} check`);
  return found;
}
function reason(report: VerificationReport, id: CheckId): string {
  return checkReason(check(report, id));
}
function assertOnlyFailure(report: VerificationReport, id: CheckId, reason: RegExp): void {
  assert.equal(report.valid, false);
  const failed = report.checks.filter(c => c.status === 'fail');
  assert.deepEqual(failed.map(c => c.id), [id], JSON.stringify(report.checks, null, 1));
  assert.match(checkReason(failed[0]!), reason);
}
function assertValid(report: VerificationReport): void {
  assert.equal(report.valid, true, JSON.stringify(report.checks, null, 1));
  assert.deepEqual(report.checks.map(c => c.id), ['signature', 'alg', 'typ', 'iss', 'aud', 'exp', 'nbf']);
}

describe('jwt verify', function () {
  let server: JwksServer;
  let keyA: TestKey;
  let keyB: TestKey;
  let paths = 0;
  /** A fresh JWKS URI and cache per test, so request counts are per test. */
  let jwksUri: string;
  let jwks: JwksCache;
  const verify = (token: string, expected: Expectations = EXPECTED, nowMs = NOW, keys?: KeySource) =>
    verifyJwt(token, keys ?? { kind: 'jwks', jwksUri }, expected, { jwks, nowMs });

  before(async () => {
    [keyA, keyB] = await Promise.all([makeRsaKey('kid-A'), makeRsaKey('kid-B')]);
    server = await new JwksServer().start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.keys = [keyA.publicJwk];
    server.handler = undefined;
    server.requests = 0;
    jwksUri = server.uri(`/jwks/${++paths}`);
    jwks = new JwksCache();
  });

  describe('a good at+jwt', () => {
    it('passes every check, fetching the key set once', async () => {
      const report = await verify(await sign(keyA, konexusClaims(NOW)));
      assertValid(report);
      assert.equal(report.kid, 'kid-A');
      assert.deepEqual(report.keySource, { kind: 'jwks', uri: jwksUri });
      assert.equal(keySourceText(report.keySource), `JWKS ${jwksUri}`);
      assert.match(reason(report, 'signature'), /signed by kid kid-A from http:\/\/127\.0\.0\.1/);
      assert.equal(reason(report, 'exp'), 'expires in 59 min (exp 2026-01-15 12:59:00 UTC)');
      assert.equal(reason(report, 'aud'), "aud is 'tamarack'");
      await verify(await sign(keyA, konexusClaims(NOW)));
      assert.equal(server.requests, 1);
    });

    it('20 verifications at once share one key set request', async () => {
      const token = await sign(keyA, konexusClaims(NOW));
      const reports = await Promise.all(Array.from({ length: 20 }, () => verify(token)));
      assert.ok(reports.every(r => r.valid));
      assert.equal(server.requests, 1);
    });

    it('skips iss and aud when nothing is expected, and still calls the token valid', async () => {
      const report = await verify(await sign(keyA, konexusClaims(NOW)), {});
      assert.equal(report.valid, true);
      assert.equal(check(report, 'iss').status, 'skip');
      assert.equal(check(report, 'aud').status, 'skip');
    });

    it('accepts typ application/at+jwt and aud as an array containing the audience', async () => {
      assertValid(await verify(await sign(keyA, konexusClaims(NOW, { aud: ['other', 'tamarack'] }), { typ: 'application/at+jwt' })));
    });
  });

    it('carries each reason as a value: JSON keeps all of it, a copy too, and the words are made from it when shown', async () => {
      const report = await verify(await sign(keyA, konexusClaims(NOW)));
      const exp = check(report, 'exp');
      assert.deepEqual(exp.why, { kind: 'expires', expMs: NOW + 59 * 60_000, nowMs: NOW });
      assert.equal(checkReason(exp), 'expires in 59 min (exp 2026-01-15 12:59:00 UTC)');
      assert.equal(checkReason(exp), checkReason(exp));
      const json = JSON.parse(JSON.stringify(report.checks)) as Check[];
      assert.deepEqual(json.map(c => c.id), ['signature', 'alg', 'typ', 'iss', 'aud', 'exp', 'nbf']);
      assert.deepEqual(json, report.checks, 'a check is a plain object: nothing is lost in JSON');
      assert.ok(json.every(c => c.status === 'pass' && checkReason(c).length > 0), JSON.stringify(json));
      assert.equal(checkReason(json[5]!), checkReason(exp));
      // The inspector rewrites skipped reasons by spreading a check: id and status must survive that.
      const copy = { ...check(report, 'alg'), why: { kind: 'algNone' } as const };
      assert.deepEqual(copy, { id: 'alg', status: 'pass', why: { kind: 'algNone' } });
    });

    it('still gives a sentence when the words of a reason cannot be made', () => {
      // No verification makes such values (typ is text, times are finite); a value from elsewhere (JSON) might.
      assert.equal(checkReason({ why: { kind: 'expired', expMs: Number.NaN, nowMs: NOW } }), 'expired an unknown time ago (exp an invalid date)');
      assert.match(checkReason({ why: { kind: 'typIs', typ: 42 as unknown as string } }), /^the reason could not be formatted: .+/);
    });

  describe('each attack and defect fails its own check, with a named reason', () => {
    it('alg none', async () => {
      const report = await verify(unsigned(konexusClaims(NOW)));
      assert.equal(report.valid, false);
      assert.match(reason(report, 'alg'), /alg is none: the token is unsigned/);
      assert.equal(check(report, 'signature').status, 'fail');
      assert.equal(server.requests, 0, 'no keys are fetched for a refused alg');
    });

    it('HS256 signed with the RSA public key bytes (key confusion)', async () => {
      const report = await verify(await signHs256WithPublicKey(keyA, konexusClaims(NOW)));
      assert.equal(report.valid, false);
      assert.equal(check(report, 'alg').status, 'fail');
      assert.match(reason(report, 'alg'), /HS256 .*HMAC.*classic key-confusion attack/);
      assert.match(reason(report, 'signature'), /not verified: alg HS256 is refused/);
      // The same token offered with the PEM as the key source is refused too.
      const withPem = await verify(await signHs256WithPublicKey(keyA, konexusClaims(NOW)), EXPECTED, NOW, { kind: 'pem', pem: keyA.publicPem });
      assert.equal(withPem.valid, false);
      assert.equal(check(withPem, 'alg').status, 'fail');
    });

    it('an alg outside the caller\'s allow-list, and HS256 even when the caller allows it', async () => {
      const report = await verify(await sign(keyA, konexusClaims(NOW)), { ...EXPECTED, algorithms: ['PS256'] });
      assert.equal(report.valid, false);
      assert.match(reason(report, 'alg'), /^alg RS256 is not an allowed algorithm \(allowed: PS256\)$/);
      assert.equal(check(report, 'signature').status, 'fail');
      const hs = await verify(await signHs256WithPublicKey(keyA, konexusClaims(NOW)), { ...EXPECTED, algorithms: ['HS256', 'RS256'] });
      assert.match(reason(hs, 'alg'), /key-confusion/);
    });

    it('wrong typ', async () => {
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW), { typ: 'JWT' })), 'typ', /^typ is 'JWT', expected 'at\+jwt': an ID token/);
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW), { typ: undefined })), 'typ', /typ is missing, expected 'at\+jwt'/);
      const unchecked = await verify(await sign(keyA, konexusClaims(NOW), { typ: 'JWT' }), { ...EXPECTED, typ: null });
      assert.equal(unchecked.valid, true);
      assert.equal(check(unchecked, 'typ').status, 'skip');
    });

    it('wrong aud', async () => {
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW, { aud: ['x'] }))), 'aud', /^aud is \['x'\], expected 'tamarack'$/);
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW, { aud: undefined }))), 'aud', /aud is missing/);
    });

    it('wrong iss, naming a trailing-slash difference', async () => {
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW, { iss: 'https://evil.test' }))), 'iss', /^iss is 'https:\/\/evil\.test', expected 'https:\/\/auth\.example\.test'$/);
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW, { iss: 'https://auth.example.test/' }))), 'iss', /trailing slash/);
    });

    it('expired', async () => {
      const report = await verify(await sign(keyA, konexusClaims(NOW, { exp: nowS - 3 * 3600 })));
      assertOnlyFailure(report, 'exp', /^expired 3 h ago \(exp 2026-01-15 09:00:00 UTC\)$/);
    });

    it('exp missing or not a number', async () => {
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW, { exp: undefined }))), 'exp', /exp is missing: an access token \(RFC 9068\) must have an expiry/);
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW, { exp: String(nowS + 60) }))), 'exp', /not a number of seconds/);
      const generic = await verify(await sign(keyA, konexusClaims(NOW, { exp: undefined }), { typ: 'JWT' }), { ...EXPECTED, typ: 'JWT' });
      assert.equal(check(generic, 'exp').status, 'skip');
    });

    it('nbf in the future', async () => {
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW, { nbf: nowS + 600 }))), 'nbf', /not valid yet: becomes valid in 10 min, beyond the 60 s clock tolerance/);
    });

    it('kid absent from the JWKS', async () => {
      const report = await verify(await sign(keyB, konexusClaims(NOW)));
      assertOnlyFailure(report, 'signature', /^kid kid-B is not in the issuer's key set \(http:\/\/127\.0\.0\.1:\d+\/jwks\/\d+\) for alg RS256 \(the key set was fetched just now\)$/);
      assert.equal(server.requests, 1);
    });

    it('truncated signature', async () => {
      const token = await sign(keyA, konexusClaims(NOW));
      assertOnlyFailure(await verify(token.slice(0, -4)), 'signature', /the signature is 253 bytes, but a RS256 signature from this key is 256 bytes: the token was probably cut short/);
    });

    it('tampered payload', async () => {
      const [header, , signature] = (await sign(keyA, konexusClaims(NOW))).split('.');
      const forged = `${header}.${b64url(JSON.stringify(konexusClaims(NOW, { admin: 'true' })))}.${signature}`;
      assertOnlyFailure(await verify(forged), 'signature', /does not match the header and payload: the token was altered after signing, or signed with another key/);
    });

    it('signed by a key the JWKS lists under the same kid but different material', async () => {
      server.keys = [{ ...keyB.publicJwk, kid: 'kid-A' }];
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW))), 'signature', /does not match/);
    });

    it('an empty signature with an RS256 header', async () => {
      const token = await sign(keyA, konexusClaims(NOW));
      assertOnlyFailure(await verify(token.slice(0, token.lastIndexOf('.') + 1)), 'signature', /has no signature/);
    });

    it('a token that does not decode: valid false with the decode reason', async () => {
      const report = await verify('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0');
      assert.equal(report.valid, false);
      assert.equal(report.decodeError?.code, 'segment_count');
      assert.match(reason(report, 'signature'), /does not decode: The text has 2 segments/);
      assert.ok(report.checks.filter(c => c.id !== 'signature').every(c => c.status === 'skip'));
      assert.equal(server.requests, 0);
    });

    it('an unknown "now" fails exp and nbf instead of passing them', async () => {
      const report = await verify(await sign(keyA, konexusClaims(NOW)), EXPECTED, Number.NaN);
      assert.equal(report.valid, false);
      assert.match(reason(report, 'exp'), /current time is unknown/);
      assert.match(reason(report, 'nbf'), /current time is unknown/);
    });

    it('never throws, whatever the arguments', async () => {
      const odd = [
        verifyJwt(null as unknown as string, { kind: 'none' }, {}, { jwks, nowMs: NOW }),
        verifyJwt('x', null as unknown as KeySource, {}, { jwks, nowMs: NOW }),
        verifyJwt(await sign(keyA, konexusClaims(NOW)), { kind: 'x509' } as unknown as KeySource, {}, { jwks, nowMs: NOW }),
        verifyJwt(await sign(keyA, konexusClaims(NOW)), { kind: 'jwk', jwk: null as unknown as JsonWebKey }, {}, { jwks, nowMs: NOW }),
        verifyJwt(await sign(keyA, konexusClaims(NOW)), { kind: 'pem', pem: 42 as unknown as string }, {}, { jwks, nowMs: NOW }),
        verifyJwt(await sign(keyA, konexusClaims(NOW)), { kind: 'jwks', jwksUri }, {}, { jwks: {} as JwksCache, nowMs: NOW }),
      ];
      for (const report of await Promise.all(odd)) assert.equal(report.valid, false);
    });
  });

  describe('clock tolerance boundaries (60 s by default)', () => {
    const exp = nowS;
    const nbf = nowS;

    it('exp: still passes 1 ms before exp + 60 s, fails at exp + 60 s', async () => {
      const token = await sign(keyA, konexusClaims(NOW, { exp, nbf: nowS - 600, iat: nowS - 600 }));
      const inside = await verify(token, EXPECTED, (exp + 60) * 1000 - 1);
      assert.equal(inside.valid, true);
      assert.match(reason(inside, 'exp'), /^expired 59 s ago, within the 60 s clock tolerance/);
      assertOnlyFailure(await verify(token, EXPECTED, (exp + 60) * 1000), 'exp', /^expired 1 min ago/);
    });

    it('exp with tolerance 0: fails at exp exactly, passes 1 ms before', async () => {
      const token = await sign(keyA, konexusClaims(NOW, { exp, nbf: nowS - 600 }));
      assertOnlyFailure(await verify(token, { ...EXPECTED, clockToleranceSeconds: 0 }, exp * 1000), 'exp', /expired 0 s ago/);
      assert.equal((await verify(token, { ...EXPECTED, clockToleranceSeconds: 0 }, exp * 1000 - 1)).valid, true);
    });

    it('nbf: passes from nbf − 60 s, fails 1 ms earlier', async () => {
      const token = await sign(keyA, konexusClaims(NOW, { nbf, exp: nowS + 3600 }));
      const edge = await verify(token, EXPECTED, (nbf - 60) * 1000);
      assert.equal(edge.valid, true);
      assert.match(reason(edge, 'nbf'), /becomes valid in 1 min, within the 60 s clock tolerance/);
      assertOnlyFailure(await verify(token, EXPECTED, (nbf - 60) * 1000 - 1), 'nbf', /beyond the 60 s clock tolerance/);
      assert.match(reason(await verify(token, EXPECTED, NOW + 5000), 'nbf'), /^became valid 5 s ago/);
    });

    it('a custom tolerance widens both', async () => {
      const token = await sign(keyA, konexusClaims(NOW, { exp: nowS - 250, nbf: nowS + 250 }));
      assert.equal((await verify(token, { ...EXPECTED, clockToleranceSeconds: 300 })).valid, true);
    });
  });

  describe('key rotation and the cooldown', () => {
    const realNow = Date.now;
    let shift = 0;
    // jose's key set stamps fetches with Date.now(); shifting it is how "31 s later" happens without sleeping.
    beforeEach(() => {
      shift = 0;
      Date.now = () => realNow() + shift;
    });
    afterEach(() => {
      Date.now = realNow;
    });

    it('a new kid after the cooldown causes exactly one refetch; a flood of unknown kids within the cooldown none', async () => {
      jwks = new JwksCache({ cooldownMs: 30_000 });
      assertValid(await verify(await sign(keyA, konexusClaims(NOW))));
      assert.equal(server.requests, 1);

      server.keys = [keyA.publicJwk, keyB.publicJwk]; // the issuer rotates in kid-B
      shift = 31_000;
      assertValid(await verify(await sign(keyB, konexusClaims(NOW))));
      assert.equal(server.requests, 2, 'exactly one refetch for the new kid');
      assertValid(await verify(await sign(keyB, konexusClaims(NOW))));
      assert.equal(server.requests, 2, 'kid-B is now cached');

      const flood = await Promise.all(Array.from({ length: 50 }, async (_, i) => verify(await sign({ ...keyB, kid: `bogus-${i}` }, konexusClaims(NOW)))));
      assert.equal(server.requests, 2, 'no fetch for unknown kids within the cooldown');
      for (const [i, report] of flood.entries()) {
        assert.match(reason(report, 'signature'), new RegExp(`^kid bogus-${i} is not in the issuer's key set .*; the key set was fetched less than 30 s ago, so it was not fetched again$`));
      }

      shift = 62_000;
      const after = await verify(await sign({ ...keyB, kid: 'bogus-late' }, konexusClaims(NOW)));
      assert.equal(server.requests, 3, 'after the cooldown one unknown kid may refetch again');
      assert.match(reason(after, 'signature'), /fetched again and still lacks it/);
    });

    it('with no cooldown, a rotated-in kid is fetched right away, once', async () => {
      jwks = new JwksCache({ cooldownMs: 0 });
      assertValid(await verify(await sign(keyA, konexusClaims(NOW))));
      server.keys = [keyB.publicJwk];
      assertValid(await verify(await sign(keyB, konexusClaims(NOW))));
      assertValid(await verify(await sign(keyB, konexusClaims(NOW))));
      assert.equal(server.requests, 2);
    });

    it('keys older than cacheMaxAgeMs are fetched again before use', async () => {
      jwks = new JwksCache({ cacheMaxAgeMs: 60_000 });
      await verify(await sign(keyA, konexusClaims(NOW)));
      shift = 61_000;
      assertValid(await verify(await sign(keyA, konexusClaims(NOW))));
      assert.equal(server.requests, 2);
    });
  });

  describe('other key sources', () => {
    it('PEM public key: passes with the right key, fails with another', async () => {
      const token = await sign(keyA, konexusClaims(NOW));
      const good = await verify(token, EXPECTED, NOW, { kind: 'pem', pem: keyA.publicPem });
      assertValid(good);
      assert.equal(keySourceText(good.keySource), 'PEM public key');
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'pem', pem: `\n  ${keyB.publicPem}\n` }), 'signature', /does not match/);
    });

    it('PEM: a private key, a PKCS#1 key and garbage are refused with a reason', async () => {
      const token = await sign(keyA, konexusClaims(NOW));
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'pem', pem: await exportPKCS8(keyA.privateKey) }), 'signature', /the PEM is a private key/);
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'pem', pem: '-----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END RSA PUBLIC KEY-----' }), 'signature', /PKCS#1/);
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'pem', pem: 'hello' }), 'signature', /not PEM text/);
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'pem', pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }), 'signature', /the PEM public key cannot verify RS256/);
    });

    it('JWK: passes with the public key, refuses private and symmetric keys, names a kid mismatch', async () => {
      const token = await sign(keyA, konexusClaims(NOW));
      const good = await verify(token, EXPECTED, NOW, { kind: 'jwk', jwk: keyA.publicJwk as JsonWebKey });
      assertValid(good);
      assert.equal(keySourceText(good.keySource), 'JWK (kid kid-A)');
      const privateJwk = await exportJWK(keyA.privateKey);
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'jwk', jwk: privateJwk as JsonWebKey }), 'signature', /private key material/);
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'jwk', jwk: { kty: 'oct', k: 'c2VjcmV0' } }), 'signature', /symmetric \(oct\) key/);
      assertOnlyFailure(await verify(token, EXPECTED, NOW, { kind: 'jwk', jwk: keyB.publicJwk as JsonWebKey }), 'signature', /\(the JWK's kid is kid-B, the token's is kid-A\)/);
    });

    it('an EC key for an RS256 token is a named mismatch', async () => {
      const { publicKey } = await generateKeyPair('ES256', { extractable: true });
      const report = await verify(await sign(keyA, konexusClaims(NOW)), EXPECTED, NOW, { kind: 'jwk', jwk: (await exportJWK(publicKey)) as JsonWebKey });
      assertOnlyFailure(report, 'signature', /the JWK cannot verify RS256/);
    });

    it('ES256 tokens verify through a JWKS too', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      server.keys = [{ ...(await exportJWK(publicKey)), kid: 'ec-1', alg: 'ES256' }];
      const ecKey = { ...keyA, kid: 'ec-1', privateKey };
      assertValid(await verify(await sign(ecKey, konexusClaims(NOW), { alg: 'ES256' })));
    });
  });

  describe('key set failures become a failed signature check with a clear reason', () => {
    it('http to a non-loopback host is refused without a request', async () => {
      let calls = 0;
      jwks = new JwksCache({ fetch: (async () => { calls++; return new Response('{}'); }) as typeof fetch });
      const report = await verify(await sign(keyA, konexusClaims(NOW)), EXPECTED, NOW, { kind: 'jwks', jwksUri: 'http://auth.example.test/.well-known/openid-configuration/jwks' });
      assertOnlyFailure(report, 'signature', /uses plain http: keys are only fetched over https/);
      assert.equal(calls, 0);
    });

    it('checkJwksUri: https anywhere, http only on loopback, nothing else', () => {
      assert.ok(checkJwksUri('https://auth.alertsense.com/.well-known/openid-configuration/jwks').ok);
      for (const ok of ['http://127.0.0.1:5000/jwks', 'http://127.1.2.3/jwks', 'http://localhost:8080/k', 'http://[::1]:9/k', 'http://2130706433/k']) assert.ok(checkJwksUri(ok).ok, ok);
      for (const bad of ['http://auth.alertsense.com/jwks', 'http://128.0.0.1/k', 'http://127.0.0.1.evil.test/k', 'http://localhost.evil.test/k', 'ftp://localhost/k', 'file:///etc/passwd', 'not a url', '']) assert.equal(checkJwksUri(bad).ok, false, bad);
      assert.equal(isLoopbackHost('127.0.0.256'), false);
      const words = (uri: string) => { const checked = checkJwksUri(uri); assert.ok(!checked.ok, uri); return keySetProblemText(checked.why); };
      assert.equal(words('not a url'), "the key set URI 'not a url' is not a valid URL");
      assert.equal(words('ftp://localhost/k'), 'the key set URI ftp://localhost/k is not an https URL');
      assert.match(words('http://auth.alertsense.com/jwks'), /^the key set URI http:\/\/auth\.alertsense\.com\/jwks uses plain http/);
    });

    it('an injected fetch is used (customFetch)', async () => {
      const seen: string[] = [];
      jwks = new JwksCache({ fetch: (async (url: string) => { seen.push(String(url)); return Response.json({ keys: [keyA.publicJwk] }); }) as typeof fetch });
      assertValid(await verify(await sign(keyA, konexusClaims(NOW)), EXPECTED, NOW, { kind: 'jwks', jwksUri: 'https://auth.example.test/jwks' }));
      assert.deepEqual(seen, ['https://auth.example.test/jwks']);
    });

    it('unreachable', async () => {
      const closed = createServer();
      await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>(resolve => closed.close(() => resolve()));
      const report = await verify(await sign(keyA, konexusClaims(NOW)), EXPECTED, NOW, { kind: 'jwks', jwksUri: `http://127.0.0.1:${port}/jwks` });
      assertOnlyFailure(report, 'signature', /could not reach the issuer's key set at http:\/\/127\.0\.0\.1:\d+\/jwks: connection refused/);
    });

    it('timeout (a fetch that never answers and ignores the signal)', async () => {
      jwks = new JwksCache({ timeoutMs: 30, fetch: (() => new Promise<Response>(() => undefined)) as typeof fetch });
      const report = await verify(await sign(keyA, konexusClaims(NOW)), EXPECTED, NOW, { kind: 'jwks', jwksUri: 'https://slow.example.test/jwks' });
      assertOnlyFailure(report, 'signature', /^the issuer's key set at https:\/\/slow\.example\.test\/jwks did not answer within 30 ms$/);
    });

    it('HTTP 404, and a redirect that is not followed', async () => {
      server.handler = (_req, res) => { res.writeHead(404, 'Not Found'); res.end('nope'); };
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW))), 'signature', /answered HTTP 404 Not Found, expected 200/);
      server.handler = (_req, res) => { res.writeHead(302, { location: 'https://elsewhere.test/jwks' }); res.end(); };
      jwks = new JwksCache();
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW))), 'signature', /HTTP 302.*redirect to https:\/\/elsewhere\.test\/jwks; key sets are not fetched across redirects/);
    });

    it('not JSON, not a key set, too large', async () => {
      server.handler = (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>login</html>'); };
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW))), 'signature', /is not JSON \(content-type text\/html\)/);
      server.handler = (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"issuer":"x"}'); };
      jwks = new JwksCache();
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW))), 'signature', /not a usable JWKS .*expected \{"keys"/);
      server.handler = (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(`{"keys":[],"pad":"${'x'.repeat(1_100_000)}"}`); };
      jwks = new JwksCache();
      assertOnlyFailure(await verify(await sign(keyA, konexusClaims(NOW))), 'signature', /larger than 1024 KiB/);
    });

    it('a failed fetch is retried on the next verification (failures are not cached)', async () => {
      server.handler = (_req, res) => { res.writeHead(503); res.end(); };
      assert.equal((await verify(await sign(keyA, konexusClaims(NOW)))).valid, false);
      server.handler = undefined;
      assertValid(await verify(await sign(keyA, konexusClaims(NOW))));
      assert.equal(server.requests, 2);
    });

    it('forget() drops cached keys', async () => {
      await verify(await sign(keyA, konexusClaims(NOW)));
      jwks.forget(jwksUri);
      await verify(await sign(keyA, konexusClaims(NOW)));
      assert.equal(server.requests, 2);
    });
  });
});
