import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { generateClientKey } from '../../src/core/tokens/clientKeys';
import { Redactor, describeJwt, jwtLabel } from '../../src/core/redact';
import { prng } from './lib/random';
import { clientIdProblem, profileNameProblem, secretKey, toProfile, tokenKey } from '../../src/core/tokens/profiles';
import { errorText } from '../../src/platform/model/words/errorWords';
import { clientIdProblemText, profileNameProblemText } from '../../src/platform/model/words/profileWords';

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

  it('replaces a secret in every encoding it is sent in: URL, form (URLSearchParams, oauth4webapi), lower-case hex, JSON', () => {
    const secret = 'p@ss word~!*(x)-y_z"\\';
    const r = new Redactor();
    r.addSecret(secret, 'ext-1741 client');
    const form = new URLSearchParams({ client_secret: secret }).toString().slice('client_secret='.length);
    assert.match(form, /^p%40ss\+word/, 'the form encoding writes a space as +');
    const basicPart = encodeURIComponent(secret).replace(/[-_.!~*'()]|%20/g, c => (c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    for (const [what, text] of [
      ['raw', secret], ['encodeURIComponent', encodeURIComponent(secret)], ['form', form], ['Basic part', basicPart],
      ['lower-case hex', encodeURIComponent(secret).toLowerCase()], ['JSON', JSON.stringify(secret).slice(1, -1)],
    ] as const) {
      assert.equal(r.redact(`[x] sent=${text} .`), '[x] sent=«secret» .', what);
    }
  });

  it('replaces Basic credentials whole, and their base64 alone when the client id is known', () => {
    const secret = 'p@ss word~';
    const r = new Redactor();
    r.addSecret(secret, 'ext-1741-client');
    const plain = Buffer.from(`ext-1741-client:${secret}`).toString('base64');
    const encoded = Buffer.from(`ext%2D1741%2Dclient:p%40ss+word%7E`).toString('base64');
    assert.equal(r.redact(`authorization: Basic ${encoded}`), 'authorization: Basic «secret»');
    assert.equal(r.redact(`-H "Authorization: basic\t${plain}"`), '-H "Authorization: basic\t«secret»"');
    assert.equal(r.redact(`creds ${plain} and ${plain.replace(/=+$/, '')}`), 'creds «secret» and «secret»', 'the base64 alone, padded or not');
    const unregistered = new Redactor();
    const other = Buffer.from('someone:else').toString('base64');
    assert.equal(unregistered.redact(`Authorization: Basic ${other}`), 'Authorization: Basic «secret»', 'any user:password, registered or not');
    assert.equal(unregistered.redact(`Authorization: Basic ${other.slice(0, 13)}`), 'Authorization: Basic «secret»', 'also cut off at the end of a clipped line');
    for (const prose of ['Basic authentication failed', 'WWW-Authenticate: Basic realm="konexus"', 'client_secret_basic or Basic auth']) {
      assert.equal(unregistered.redact(prose), prose);
    }
  });

  it('replaces client_secret values of any length, registered or not; a short secret nowhere else', () => {
    const r = new Redactor();
    r.addSecret('xy', 'client-id-1');
    assert.equal(r.redact('grant_type=client_credentials&client_secret=xy&scope=a'), 'grant_type=client_credentials&client_secret=«secret»&scope=a');
    assert.equal(r.redact('{"client_id":"c","client_secret" : "x\\"y","scope":"a"}'), '{"client_id":"c","client_secret" : "«secret»","scope":"a"}');
    assert.equal(r.redact('"konexus.clientSecret": "xy"'), '"konexus.clientSecret": "«secret»"');
    assert.equal(r.redact('xylophone, xy, x y'), 'xylophone, xy, x y', 'a 2-character secret is not replaced wherever its letters occur');
    assert.equal(r.redact(`Basic ${Buffer.from('client-id-1:xy').toString('base64')}`), 'Basic «secret»');
    assert.equal(r.redact('client_secret_post and client_secret_basic'), 'client_secret_post and client_secret_basic');
    assert.doesNotThrow(() => r.addSecret('lone \ud800 surrogate', 'id'));
    assert.equal(r.redact('a lone \ud800 surrogate'), 'a «secret»');
  });

  it('keeps a token\'s alg and kid short and on one line', () => {
    const header = Buffer.from(JSON.stringify({ alg: `RS\n[error] ${'eyJ'.repeat(15_000)}`, kid: 'k>\u2028' })).toString('base64url');
    const described = describeJwt(`${header}.e30.sig123`);
    assert.equal(described, '<jwt RS?[error] kid=k??… …sig123>');
    assert.equal(jwtLabel('x'.repeat(46_000), undefined, 'a.b.c'), '<jwt xxxxxxxxxx …a.b.c>');
  });

  it('finds the same JWTs as the pattern it replaces, on random text', () => {
    const OLD_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
    const random = prng(0x13a1);
    const pieces = ['eyJ', 'ey', 'J', '.', '..', 'a', 'Zz', '-', '_', ' ', '\n', '"', '/', 'eyJhbGciOiJub25lIn0'];
    const r = new Redactor();
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      assert.equal(r.redact(text), text.replace(OLD_PATTERN, describeJwt), JSON.stringify(text));
    }
  });

  it('replaces the private members of a JWK (pretty, one-line, JSON-escaped) and keeps the public ones', async () => {
    const set = await generateClientKey('RS256', 0);
    const jwk = set.keys[0]!.privateJwk as Record<string, string>;
    const r = new Redactor();
    for (const text of [JSON.stringify(jwk, null, 2), `[token] key ${JSON.stringify(jwk)}`, JSON.stringify({ stored: JSON.stringify(jwk) })]) {
      const out = r.redact(text);
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!out.includes(jwk[member]!), `${member} in ${out.slice(0, 80)}`);
      assert.ok(out.includes(jwk.n!) && out.includes(jwk.e!), 'the public key stays readable');
      assert.equal(out.split('«private key»').length - 1, 6);
    }
    const ec = (await generateClientKey('ES256', 0)).keys[0]!.privateJwk;
    assert.equal(r.redact(JSON.stringify(ec)), JSON.stringify({ ...ec, d: '«private key»' }));
    assert.equal(r.redact('{"d": "2026-12-07", "p": "tamarack"}'), '{"d": "2026-12-07", "p": "tamarack"}');
  });

  it('replaces the body of a PEM private key block, keeping its labels; a cut-off block to the end', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
    const r = new Redactor();
    for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
      const pem = `-----BEGIN ${label}-----\n${body}\n${body}\n-----END ${label}-----`;
      assert.equal(r.redact(`key: ${pem} (end)`), `key: -----BEGIN ${label}-----«private key»-----END ${label}----- (end)`);
      assert.equal(r.redact(JSON.stringify(pem)), `"-----BEGIN ${label}-----«private key»-----END ${label}-----"`);
    }
    assert.equal(r.redact(`-----BEGIN PRIVATE KEY-----\n${body.slice(0, 20)}`), '-----BEGIN PRIVATE KEY-----«private key»');
    const publicPem = `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`;
    assert.equal(r.redact(publicPem), publicPem);
  });

  it('takes time linear in the length of hostile lines (8× the text: at most 12× the time)', function () {
    this.timeout(60_000);
    const r = new Redactor();
    r.addSecret('registered-secret', 'client');
    const shapes: Record<string, (n: number) => string> = {
      'eyJ without dots': n => 'eyJ'.repeat(n / 3),
      'eyJ, then one dot': n => `${'eyJ'.repeat(n / 3)}.x`,
      'eyJ runs, one dot between': n => `${'eyJ'.repeat(n / 6)}.${'eyJ'.repeat(n / 6)}`,
      'eyJ and dots': n => 'eyJa.'.repeat(n / 5),
      'client_secret= fields': n => 'client_secret='.repeat(n / 14),
      'JSON client_secret keys': n => '"client_secret":"'.repeat(n / 17),
      'Basic and blanks': n => `Basic${' '.repeat(n / 2)}${'Basic\t'.repeat(n / 12)}`,
      'JWK "d" keys': n => '"d":"'.repeat(n / 5),
      'JWK "dp" keys with short values': n => `"dp":"${'A'.repeat(19)}`.repeat(n / 25),
      'PEM BEGIN markers': n => '-----BEGIN PRIVATE KEY-----'.repeat(n / 27),
      'PEM BEGIN, then dashes': n => `-----BEGIN PRIVATE KEY-----${'-----END '.repeat(n / 9)}`,
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // CPU time, not wall time, so that time spent descheduled on a busy machine does not count (never more
    // than wall time: GC threads run alongside).
    const time = (text: string, repeat: number) => {
      const wall = performance.now();
      const cpu = process.cpuUsage();
      for (let i = 0; i < repeat; i++) r.redact(text);
      const used = process.cpuUsage(cpu);
      return Math.min(performance.now() - wall, (used.user + used.system) / 1000);
    };
    const ratios: string[] = [];
    for (const [shape, make] of Object.entries(shapes)) {
      const small = make(4_800);
      const large = make(8 * 4_800);
      time(small, 20);
      time(large, 2);
      // Enough repeats that one sample of the small text takes 4 ms or more: timer resolution and noise stay small.
      let repeat = 1;
      while (time(small, repeat) < 4 && repeat < 1e6) repeat *= 2;
      // Samples alternate, so a slower stretch of the machine slows both sizes alike.
      const samples = Array.from({ length: 7 }, () => [time(small, repeat), time(large, repeat)] as const);
      const smallMs = median(samples.map(([s]) => s));
      const largeMs = median(samples.map(([, l]) => l));
      ratios.push(`${shape} ${(largeMs / smallMs).toFixed(1)}×`);
      assert.ok(largeMs <= 12 * smallMs, `${shape}: ${large.length} chars took ${(largeMs / smallMs).toFixed(1)}× the time of ${small.length} (${smallMs.toFixed(2)} → ${largeMs.toFixed(2)} ms for ${repeat} runs)`);
    }
    console.log(`      time for 8× the text: ${ratios.join(', ')}`);
  });
});

describe('profiles', () => {
  it('validates and normalises input, with defaults from the Konexus docs', () => {
    const p = toProfile({ name: ' staging ', clientId: 'ext-1741-sample-client' });
    assert.deepEqual(p, { name: 'staging', authority: 'https://auth.alertsense.com', clientId: 'ext-1741-sample-client', scope: 'tamarack', clientAuthMethod: 'auto' });
    assert.equal(toProfile({ name: 'x', clientId: 'c', authority: 'http://127.0.0.1:5080/', scope: ' a   b ' }).scope, 'a b');
  });

  it('names what is wrong', () => {
    assert.deepEqual(profileNameProblem(''), { kind: 'empty' });
    assert.match(profileNameProblemText(profileNameProblem('')!), /Give the profile a name/);
    assert.deepEqual(profileNameProblem('Staging', ['staging']), { kind: 'taken', name: 'Staging' });
    assert.match(profileNameProblemText(profileNameProblem('Staging', ['staging'])!), /already exists/);
    assert.match(clientIdProblemText(clientIdProblem('a b')!), /no spaces/);
    assert.throws(() => toProfile({ name: 'x', clientId: 'c', authority: 'http://evil.example' }), { code: 'insecure_url' });
    assert.throws(() => toProfile({ name: 'x', clientId: 'c', clientAuthMethod: 'client_secret_jwt' }), (error: unknown) => {
      assert.match(errorText(error), /clientAuthMethod must be one of auto, client_secret_post/);
      return true;
    });
    assert.throws(() => toProfile({ name: '', clientId: 'c' }), (error: unknown) => {
      assert.equal(errorText(error), 'Give the profile a name, e.g. "staging" or "tenant 1741".');
      return true;
    });
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
