import assert from 'node:assert/strict';
import { audiencesOf, isAccessTokenTyp, scopesOf, summarizeToken } from '../../src/core/jwt/claims';
import { decodeJwt } from '../../src/core/jwt/decode';
import { MAX_DISPLAY_LENGTH, readableClaims } from '../../src/platform/model/words/claimWords';
import { decodeErrorText } from '../../src/platform/model/words/decodeWords';
import type { DecodedJwt } from '../../src/core/jwt/decode';
import { b64url } from './lib/jwtTestKit';

function token(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'at+jwt' }): DecodedJwt {
  const result = decodeJwt(`${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.c2ln`);
  if (!result.ok) throw new Error(decodeErrorText(result));
  return result.token;
}
const byKey = (claims: Record<string, unknown>, nowMs?: number) =>
  new Map(readableClaims(claims, nowMs === undefined ? {} : { nowMs }).map(c => [c.key, c]));

describe('jwt claims: readableClaims', () => {
  it('names Konexus claims and puts known ones first, the rest in token order', () => {
    const list = readableClaims({ zeta: 1, tenantId: '1741', iss: 'https://a', alpha: 'x', client_id: 'c' });
    assert.deepEqual(list.map(c => c.key), ['iss', 'client_id', 'tenantId', 'zeta', 'alpha']);
    assert.deepEqual(list.map(c => c.label), ['Issuer', 'Client', 'Tenant', 'zeta', 'alpha']);
  });

  it('admin sent as the string "false" reads "No"; "true"/true read "Yes"; anything else as it is', () => {
    assert.deepEqual(byKey({ admin: 'false' }).get('admin'), { key: 'admin', label: 'Admin', raw: 'false', display: 'No', hint: 'sent as the text "false"' });
    assert.equal(byKey({ admin: 'true' }).get('admin')?.display, 'Yes');
    assert.equal(byKey({ admin: true }).get('admin')?.display, 'Yes');
    assert.equal(byKey({ admin: true }).get('admin')?.hint, undefined);
    assert.equal(byKey({ admin: 'maybe' }).get('admin')?.display, 'maybe');
  });

  it('scope as an array or as a space-separated string is a list', () => {
    assert.equal(byKey({ scope: ['tamarack', 'read'] }).get('scope')?.display, 'tamarack, read');
    const spaced = byKey({ scope: 'tamarack  read\twrite' }).get('scope');
    assert.equal(spaced?.display, 'tamarack, read, write');
    assert.equal(spaced?.hint, 'sent as a space-separated string');
    assert.equal(byKey({ scp: 'a b' }).get('scp')?.label, 'Scopes');
  });

  it('aud as a string or an array', () => {
    assert.equal(byKey({ aud: 'tamarack' }).get('aud')?.display, 'tamarack');
    assert.equal(byKey({ aud: ['tamarack', 'https://api'] }).get('aud')?.display, 'tamarack, https://api');
  });

  it('times as ISO dates, with a relative hint when "now" is given, and a problem when not a date', () => {
    const now = Date.UTC(2025, 6, 29, 23, 27, 22);
    const exp = byKey({ exp: 1753820842, iat: 1753817242 }, now);
    assert.equal(exp.get('exp')?.display, '2025-07-29T20:27:22Z');
    assert.equal(exp.get('exp')?.hint, '3 h ago, NumericDate 1753820842');
    assert.equal(exp.get('iat')?.label, 'Issued at');
    assert.equal(byKey({ exp: 1753820842 }).get('exp')?.hint, 'NumericDate 1753820842');
    const bad = byKey({ exp: '1753820842' }).get('exp');
    assert.equal(bad?.display, '1753820842');
    assert.match(bad?.hint ?? '', /not a number of seconds/);
  });

  it('other values: one clipped line, no control characters, objects as JSON', () => {
    const claims = byKey({ long: 'x'.repeat(1000), nl: 'a\nb\u0000c', obj: { a: [1, 2] }, n: null, num: 3.5, big: Array.from({ length: 500 }, (_, i) => i) });
    assert.equal(claims.get('long')?.display.length, MAX_DISPLAY_LENGTH);
    assert.ok(claims.get('long')?.display.endsWith('…'));
    assert.equal(claims.get('nl')?.display, 'a b c');
    assert.equal(claims.get('obj')?.display, '{"a":[1,2]}');
    assert.equal(claims.get('n')?.display, 'null');
    assert.equal(claims.get('num')?.display, '3.5');
    assert.ok((claims.get('big')?.display.length ?? 0) <= MAX_DISPLAY_LENGTH);
    assert.equal(claims.get('big')?.raw instanceof Array, true);
  });

  it('does not cut an emoji in half when clipping', () => {
    const display = byKey({ e: '🚨'.repeat(300) }).get('e')!.display;
    assert.ok(display.length <= MAX_DISPLAY_LENGTH);
    assert.doesNotMatch(display, /[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('claims named like Object.prototype members are read as data', () => {
    const claims = readableClaims(JSON.parse('{"__proto__":"p","constructor":"c","toString":1}'));
    assert.deepEqual(claims.map(c => [c.key, c.display]), [['__proto__', 'p'], ['constructor', 'c'], ['toString', '1']]);
  });
});

describe('jwt claims: scopesOf, audiencesOf, summarizeToken', () => {
  it('scopesOf normalises scope (string or array) and scp, without duplicates or empties', () => {
    assert.deepEqual(scopesOf({ scope: 'a b  a' }), ['a', 'b']);
    assert.deepEqual(scopesOf({ scope: ['a', '', 3, 'b'] }), ['a', 'b']);
    assert.deepEqual(scopesOf({ scp: ['x'], scope: 'a' }), ['a', 'x']);
    assert.deepEqual(scopesOf({ scope: 42 }), []);
    assert.deepEqual(scopesOf({}), []);
    assert.deepEqual(scopesOf(JSON.parse('{"__proto__":{"scope":"evil"}}')), []);
  });

  it('audiencesOf', () => {
    assert.deepEqual(audiencesOf({ aud: 'a' }), ['a']);
    assert.deepEqual(audiencesOf({ aud: ['a', 1, 'b'] }), ['a', 'b']);
    assert.deepEqual(audiencesOf({ aud: { a: 1 } }), []);
  });

  it('kind: at+jwt (and application/at+jwt), ID token, access token without typ, plain JWT', () => {
    assert.equal(summarizeToken(token({ sub: 'x' })).kind, 'Access token (at+jwt)');
    assert.equal(summarizeToken(token({}, { alg: 'RS256', typ: 'application/AT+JWT' })).kind, 'Access token (at+jwt)');
    assert.equal(summarizeToken(token({ nonce: 'n', sub: 'u' }, { alg: 'RS256', typ: 'JWT' })).kind, 'ID token');
    assert.equal(summarizeToken(token({ scope: 'a' }, { alg: 'RS256' })).kind, 'Access token');
    assert.equal(summarizeToken(token({ foo: 1 }, { alg: 'RS256', typ: 'JWT' })).kind, 'JWT');
    assert.equal(isAccessTokenTyp(undefined), false);
  });

  it('summary fields, tolerating a numeric tenantId and missing claims', () => {
    assert.deepEqual(summarizeToken(token({ tenantId: 1741, azp: 'spa', scp: 'a b' }, { alg: 'RS256' })), {
      kind: 'Access token', audiences: [], clientId: 'spa', tenantId: '1741', scopes: ['a', 'b'],
    });
  });
});
