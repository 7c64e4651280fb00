import assert from 'node:assert/strict';
import { Redactor, describeJwt } from '../../src/core/redact';
import { clientIdProblem, profileNameProblem, secretKey, toProfile, tokenKey } from '../../src/core/profiles';

const HEADER = Buffer.from(JSON.stringify({ alg: 'RS256', kid: '88C75786E932527E73EE8C801676444A90AB96DERS256', typ: 'at+jwt' })).toString('base64url');
const TOKEN = `${HEADER}.${Buffer.from('{"sub":"1"}').toString('base64url')}.c2lnbmF0dXJlLWJ5dGVzLXZlcnktbG9uZw`;

describe('Redactor', () => {
  it('replaces every JWT with alg, kid prefix and last 6 characters', () => {
    const r = new Redactor();
    const out = r.redact(`Authorization: Bearer ${TOKEN} and again ${TOKEN}.`);
    assert.ok(!out.includes(TOKEN));
    assert.equal(out, `Authorization: Bearer <jwt RS256 kid=88C75786… …bG9uZw> and again <jwt RS256 kid=88C75786… …bG9uZw>.`);
    assert.equal(describeJwt('eyJub3QganNvbg.x.y'), '<jwt ? …bg.x.y>', 'an unreadable header still redacts');
  });

  it('replaces registered secrets, raw and URL-encoded, and forgets removed ones', () => {
    const r = new Redactor();
    r.addSecret('s3cr3t/with+chars');
    assert.equal(r.redact('body client_secret=s3cr3t%2Fwith%2Bchars&x=s3cr3t/with+chars'), 'body client_secret=«secret»&x=«secret»');
    r.removeSecret('s3cr3t/with+chars');
    assert.equal(r.redact('s3cr3t/with+chars'), 's3cr3t/with+chars');
  });

  it('is linear on long hostile lines', () => {
    const r = new Redactor();
    const line = 'eyJ' + 'a'.repeat(2_000_000) + '.'.repeat(10) + ' eyJ.'.repeat(100_000);
    const started = performance.now();
    r.redact(line);
    assert.ok(performance.now() - started < 1_000);
  });
});

describe('profiles', () => {
  it('validates and normalises input, with defaults from the Konexus docs', () => {
    const p = toProfile({ name: ' staging ', clientId: 'ext-1741-sample-client' });
    assert.deepEqual(p, { name: 'staging', authority: 'https://auth.alertsense.com', clientId: 'ext-1741-sample-client', scope: 'tamarack', clientAuthMethod: 'auto' });
    assert.equal(toProfile({ name: 'x', clientId: 'c', authority: 'http://127.0.0.1:5080/', scope: ' a   b ' }).scope, 'a b');
  });

  it('names what is wrong', () => {
    assert.match(profileNameProblem('')!, /Give the profile a name/);
    assert.match(profileNameProblem('Staging', ['staging'])!, /already exists/);
    assert.match(clientIdProblem('a b')!, /no spaces/);
    assert.throws(() => toProfile({ name: 'x', clientId: 'c', authority: 'http://evil.example' }), { code: 'insecure_url' });
    assert.throws(() => toProfile({ name: 'x', clientId: 'c', clientAuthMethod: 'private_key_jwt' }), /clientAuthMethod must be one of/);
  });

  it('keys secrets by authority and client id, so a profile name cannot redirect a secret', () => {
    const a = toProfile({ name: 'a', clientId: 'c', authority: 'https://auth.alertsense.com/' });
    const b = toProfile({ name: 'b', clientId: 'c', authority: 'https://auth.alertsense.com' });
    const evil = toProfile({ name: 'a', clientId: 'c', authority: 'https://auth.alertsense.com.evil.example' });
    assert.equal(secretKey(a), secretKey(b));
    assert.notEqual(secretKey(a), secretKey(evil));
    assert.notEqual(tokenKey(a), tokenKey({ ...a, scope: 'other' }));
  });
});
