import assert from 'node:assert/strict';
import { decodeJwt, MAX_JWT_LENGTH } from '../../src/core/jwt/decode';
import type { JwtDecodeErrorCode, JwtDecodeResult } from '../../src/core/jwt/decode';
import { describeTimes } from '../../src/core/jwt/times';
import { summarizeToken } from '../../src/core/jwt/claims';
import { readableClaims } from '../../src/platform/model/words/claimWords';
import { decodeErrorText } from '../../src/platform/model/words/decodeWords';
import { JwksCache } from '../../src/core/jwt/jwks';
import { verifyJwt } from '../../src/core/jwt/verify';
import { checkReason } from '../../src/platform/model/words/checkWords';
import { SEED_EXP, SEED_TOKEN } from './fixtures/seed-token';
import { b64url } from './lib/jwtTestKit';

const [SEED_HEADER, SEED_PAYLOAD, SEED_SIGNATURE] = SEED_TOKEN.split('.') as [string, string, string];
const TODAY = Date.UTC(2026, 10, 29, 12, 0, 0);

function expectFailure(result: JwtDecodeResult, code: JwtDecodeErrorCode, messagePart?: RegExp): string {
  assert.equal(result.ok, false, 'expected a decode failure');
  if (result.ok) throw new Error('unreachable');
  const message = decodeErrorText(result);
  assert.equal(result.code, code, message);
  if (messagePart) assert.match(message, messagePart);
  return message;
}

describe('jwt decode: the docs sample token', () => {
  it('decodes header, claims and signature', () => {
    const result = decodeJwt(SEED_TOKEN);
    assert.ok(result.ok);
    const { token } = result;
    assert.equal(token.raw, SEED_TOKEN);
    assert.equal(token.alg, 'RS256');
    assert.equal(token.kid, '88C75786E932527E73EE8C801676444A90AB96DERS256');
    assert.equal(token.x5t, 'iMdXhukyUn5z7oyAFnZESpCrlt4');
    assert.equal(token.typ, 'at+jwt');
    assert.equal(token.signature, SEED_SIGNATURE);
    assert.equal(token.claims['iss'], 'https://auth.alertsense.com');
    assert.equal(token.claims['exp'], SEED_EXP);
    assert.deepEqual(token.claims['scope'], ['tamarack']);
    assert.equal(token.claims['admin'], 'false');
  });

  it('reads as a Konexus access token', () => {
    const result = decodeJwt(SEED_TOKEN);
    assert.ok(result.ok);
    assert.deepEqual(summarizeToken(result.token), {
      kind: 'Access token (at+jwt)',
      issuer: 'https://auth.alertsense.com',
      audiences: ['tamarack'],
      subject: '974899',
      clientId: 'ext-1741-sample-client',
      tenantId: '1741',
      scopes: ['tamarack'],
    });
    const byKey = new Map(readableClaims(result.token.claims, { nowMs: TODAY }).map(c => [c.key, c]));
    assert.equal(byKey.get('tenantId')?.label, 'Tenant');
    assert.equal(byKey.get('tenantId')?.display, '1741');
    assert.equal(byKey.get('globalTenantId')?.display, 'id.konexuscp');
    assert.equal(byKey.get('admin')?.display, 'No');
    assert.equal(byKey.get('client_id')?.label, 'Client');
    assert.equal(byKey.get('exp')?.display, '2025-07-29T20:27:22Z');
    assert.match(byKey.get('exp')?.hint ?? '', /d ago/);
  });

  it('is expired on today\'s clock', () => {
    const result = decodeJwt(SEED_TOKEN);
    assert.ok(result.ok);
    const times = describeTimes(result.token.claims, TODAY);
    assert.equal(times.state, 'expired');
    assert.equal(times.exp?.seconds, SEED_EXP);
    assert.equal(times.exp?.date.toISOString(), '2025-07-29T20:27:22.000Z');
    assert.equal(times.expiresInMs, SEED_EXP * 1000 - TODAY);
    assert.equal(times.iat?.seconds, 1753817242);
  });

  it('verifies without keys: signature skipped, exp failed, the claims that can be checked pass', async () => {
    const report = await verifyJwt(SEED_TOKEN, { kind: 'none' }, { issuer: 'https://auth.alertsense.com', audience: 'tamarack' }, { jwks: new JwksCache(), nowMs: TODAY });
    const byId = Object.fromEntries(report.checks.map(c => [c.id, c]));
    assert.equal(report.valid, false);
    assert.equal(byId['signature']?.status, 'skip');
    assert.equal(checkReason(byId['signature']!), "the issuer's keys are not known: signature not checked");
    assert.equal(byId['exp']?.status, 'fail');
    assert.match(checkReason(byId['exp']!), /^expired \d+ d ago \(exp 2025-07-29 20:27:22 UTC\)$/);
    for (const id of ['alg', 'typ', 'iss', 'aud', 'nbf']) assert.equal(byId[id]?.status, 'pass', `${id}: ${JSON.stringify(byId[id]?.why)}`);
    assert.equal(report.kid, '88C75786E932527E73EE8C801676444A90AB96DERS256');
    assert.deepEqual(report.keySource, { kind: 'none' });
  });
});

describe('jwt decode: what it accepts around a token', () => {
  for (const [name, input] of [
    ['surrounding whitespace and newlines', `  \n\t${SEED_TOKEN}\r\n `],
    ['a Bearer prefix', `Bearer ${SEED_TOKEN}`],
    ['a lower-case bearer prefix with extra spaces', `  bearer   ${SEED_TOKEN}`],
    ['double quotes', `"${SEED_TOKEN}"`],
    ['a quoted Bearer value', `'Bearer ${SEED_TOKEN}'`],
  ] as const) {
    it(`accepts ${name}`, () => {
      const result = decodeJwt(input);
      assert.ok(result.ok, result.ok ? '' : decodeErrorText(result));
      assert.equal(result.token.raw, SEED_TOKEN);
    });
  }

  it('decodes an unsecured token (empty signature): decoding is not trusting', () => {
    const result = decodeJwt(`${b64url('{"alg":"none"}')}.${b64url('{"sub":"x"}')}.`);
    assert.ok(result.ok);
    assert.equal(result.token.alg, 'none');
    assert.equal(result.token.signature, '');
  });

  it('decodes unicode claims and ignores a non-string kid', () => {
    const result = decodeJwt(`${b64url('{"alg":"RS256","kid":42}')}.${b64url('{"name":"Zoë 🚨 警报"}')}.c2ln`);
    assert.ok(result.ok);
    assert.equal(result.token.claims['name'], 'Zoë 🚨 警报');
    assert.equal(result.token.kid, undefined);
    assert.equal(result.token.header['kid'], 42);
  });

  it('keeps a "__proto__" claim as data, not as a prototype', () => {
    const result = decodeJwt(`${b64url('{"alg":"RS256"}')}.${b64url('{"__proto__":{"polluted":true}}')}.c2ln`);
    assert.ok(result.ok);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal((result.token.claims as { polluted?: unknown }).polluted, undefined);
  });
});

describe('jwt decode: every failure has its code and says what to do', () => {
  const header = b64url('{"alg":"RS256","typ":"at+jwt"}');
  const payload = b64url('{"sub":"x"}');

  it('not_string', () => {
    for (const input of [undefined, null, 42, {}, ['a']]) expectFailure(decodeJwt(input as unknown as string), 'not_string');
    expectFailure(decodeJwt(null as unknown as string), 'not_string', /^Expected the token as text, got null\.$/);
    expectFailure(decodeJwt(['a'] as unknown as string), 'not_string', /got object\.$/);
  });

  it('empty', () => {
    expectFailure(decodeJwt(''), 'empty', /empty/);
    expectFailure(decodeJwt('   \n '), 'empty');
    expectFailure(decodeJwt('Bearer '), 'empty');
    expectFailure(decodeJwt('""'), 'empty');
  });

  it('too_long (cap 64 KiB)', () => {
    expectFailure(decodeJwt('a'.repeat(MAX_JWT_LENGTH + 1)), 'too_long', /65,537 characters/);
    // At the cap the length is fine; what fails is the shape.
    expectFailure(decodeJwt('a'.repeat(MAX_JWT_LENGTH)), 'segment_count');
  });

  it('segment_count', () => {
    expectFailure(decodeJwt(`${header}.${payload}`), 'segment_count', /has 2 segments; a JWT has 3 separated by dots/);
    expectFailure(decodeJwt('hello world'), 'segment_count', /has 1 segment;/);
    expectFailure(decodeJwt(`${SEED_TOKEN}.${SEED_TOKEN}`), 'segment_count', /has 6 segments.*joined/);
    expectFailure(decodeJwt('a.b.c.d'), 'segment_count', /has 4 segments/);
  });

  it('jwe', () => {
    const jweHeader = b64url('{"alg":"RSA-OAEP","enc":"A256GCM"}');
    expectFailure(decodeJwt(`${jweHeader}..iv.ciphertext.tag`), 'jwe', /encrypted token/);
  });

  it('bad_base64url names the segment, the character and the position', () => {
    const message = expectFailure(decodeJwt(`${header}.${payload.slice(0, 3)}+${payload.slice(4)}.c2ln`), 'bad_base64url', /payload \(segment 2\) has '\+' at character 4/);
    assert.match(message, /position \d+ in the token/);
    assert.match(message, /standard base64/);
    const at = decodeJwt(`${header}.${payload.slice(0, 3)}+${payload.slice(4)}.c2ln`);
    assert.ok(!at.ok && at.position === header.length + 1 + 3 && at.segment === 'payload');
    assert.deepEqual(at.why, { kind: 'bad_base64url', segment: 'payload', problem: { kind: 'bad_character', index: 3, char: '+' }, position: header.length + 1 + 3 });
    expectFailure(decodeJwt(`${header}=.${payload}.c2ln`), 'bad_base64url', /header \(segment 1\) has '=' .*padding/);
    expectFailure(decodeJwt(`${header}.${payload}.sig nature`), 'bad_base64url', /signature \(segment 3\) has a space/);
    expectFailure(decodeJwt(`${header}.${payload}.c2l\u0000g`), 'bad_base64url', /U\+0000/);
    expectFailure(decodeJwt(`${header}.${payload}.c2l🚨`), 'bad_base64url', /U\+1F6A8/);
    expectFailure(decodeJwt(`${header}.${payload}.c2lnX`), 'bad_base64url', /5 characters long.*truncated/);
  });

  it('header_not_json and payload_not_json (never quoting the text)', () => {
    expectFailure(decodeJwt(`${b64url('{"alg":"RS256"')}.${payload}.c2ln`), 'header_not_json', /header \(segment 1\) decodes to text that is not JSON/);
    const message = expectFailure(decodeJwt(`${header}.${b64url('secret-ish text')}.c2ln`), 'payload_not_json');
    assert.doesNotMatch(message, /secret-ish/);
    assert.doesNotMatch(JSON.stringify(decodeJwt(`${header}.${b64url('secret-ish text')}.c2ln`)), /secret-ish/, 'nor do its values');
    expectFailure(decodeJwt(`.${payload}.c2ln`), 'header_not_json', /header \(segment 1\) is empty/);
    expectFailure(decodeJwt(`${header}..c2ln`), 'payload_not_json', /payload \(segment 2\) is empty/);
    // Bytes that are not UTF-8 (0xff 0xfe …) cannot be JSON either.
    expectFailure(decodeJwt(`${header}.${Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url')}.c2ln`), 'payload_not_json', /not UTF-8/);
  });

  it('header_not_object and payload_not_object', () => {
    expectFailure(decodeJwt(`${b64url('["RS256"]')}.${payload}.c2ln`), 'header_not_object', /an array/);
    expectFailure(decodeJwt(`${header}.${b64url('"a string"')}.c2ln`), 'payload_not_object', /a string/);
    expectFailure(decodeJwt(`${header}.${b64url('null')}.c2ln`), 'payload_not_object', /null/);
    expectFailure(decodeJwt(`${header}.${b64url('42')}.c2ln`), 'payload_not_object', /a number/);
  });

  it('missing_alg', () => {
    expectFailure(decodeJwt(`${b64url('{"typ":"JWT"}')}.${payload}.c2ln`), 'missing_alg', /no "alg"/);
    expectFailure(decodeJwt(`${b64url('{"alg":""}')}.${payload}.c2ln`), 'missing_alg');
    expectFailure(decodeJwt(`${b64url('{"alg":256}')}.${payload}.c2ln`), 'missing_alg');
  });

  it('checks the alphabet of all segments before any JSON', () => {
    expectFailure(decodeJwt(`${b64url('not json')}.${payload}.si/g`), 'bad_base64url', /signature/);
  });

  it('the sample token\'s segments swapped or cut give the matching code', () => {
    expectFailure(decodeJwt(`${SEED_PAYLOAD}.${SEED_HEADER}.${SEED_SIGNATURE}`), 'missing_alg');
    expectFailure(decodeJwt(`${SEED_SIGNATURE}.${SEED_PAYLOAD}.${SEED_SIGNATURE}`), 'header_not_json');
    expectFailure(decodeJwt(SEED_TOKEN.slice(0, SEED_HEADER.length + 1 + 101)), 'segment_count');
  });
});
