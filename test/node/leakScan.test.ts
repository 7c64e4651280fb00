/**
 * The Leak guard's pure parts: the scanner (every syntax it reads and every value it must leave alone), its
 * linear time (5 MB against 50 KB, also on adversarial lines), a fuzz of random and mutated inputs, the
 * line-by-line index against full scans after random edits, and the "client id nearby" lookup.
 * Seeded; the seed is printed and LEAK_FUZZ_SEED=<n> replays a run.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { generateClientKey, rotateClientKey, serializeClientKeySet, type ClientKeySet } from '../../src/core/tokens/clientKeys';
import { decodeLeakValue, scanForLeaks, scanLine, type Leak, type ScanFileKind } from '../../src/core/leaks/leakScan';
import { isPlaceholder, isReference } from '../../src/core/leaks/secretPlaceholders';
import { dotenvPathBeside, leakFileKind } from '../../src/leakGuard/model/leakFiles';
import { leakText } from '../../src/leakGuard/model/leakWords';
import { countLineBreaks, LineLeaks } from '../../src/leakGuard/model/lineLeaks';
import { credentialsNear, jsonObjectAround } from '../../src/leakGuard/model/nearbyCredentials';
import { SEED_TOKEN } from './fixtures/seed-token';
import { prng, RandomPicks } from './lib/random';

const SEED = Number(process.env.LEAK_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const SECRET = 'k0nexus-S3cret_value.42';
const JWT = SEED_TOKEN;

/** The values the scanner reports for a text, as [kind, text] pairs. */
function found(text: string, kind: ScanFileKind): [string, string][] {
  return scanForLeaks(text, kind).map(leak => [leak.kind, text.slice(leak.start, leak.end)]);
}

function only(text: string, kind: ScanFileKind): Leak {
  const leaks = scanForLeaks(text, kind);
  assert.equal(leaks.length, 1, `one leak in ${JSON.stringify(text.slice(0, 120))}, got ${JSON.stringify(leaks.map(l => [l.kind, text.slice(l.start, l.end)]))}`);
  return leaks[0]!;
}

describe('leakScan: what is a leak', () => {
  describe('raw JWTs', () => {
    it('in an Authorization header of a .http file, with the .env key in the message', () => {
      const text = `GET https://api.konexus.com/v1/me\nAuthorization: Bearer ${JWT}\n`;
      const leak = only(text, 'http');
      assert.equal(leak.kind, 'jwt');
      assert.equal(text.slice(leak.start, leak.end), JWT);
      assert.equal(leak.line, 1);
      assert.match(leakText(leak, 'http', ''), /raw access token.*\{\{\$dotenv KONEXUS_TOKEN\}\} \(Quick Fix\)/);
      assert.match(leakText(leak, 'http', 'API_TOKEN'), /\{\{\$dotenv API_TOKEN\}\}/);
    });

    it('in a file variable, a comment, a .env value and a settings string', () => {
      assert.deepEqual(found(`@token = ${JWT}`, 'http'), [['jwt', JWT]]);
      assert.deepEqual(found(`# token from yesterday: ${JWT}`, 'http'), [['jwt', JWT]]);
      assert.deepEqual(found(`KONEXUS_TOKEN=${JWT}\n`, 'dotenv'), [['jwt', JWT]]);
      const settings = `{\n  "rest-client.environmentVariables": { "dev": { "token": "${JWT}" } }\n}`;
      assert.deepEqual(found(settings, 'settings'), [['jwt', JWT]]);
      assert.match(leakText(scanForLeaks(settings, 'settings')[0]!, 'settings', 'KONEXUS_TOKEN'), /settings/);
      assert.match(leakText(scanForLeaks(`KONEXUS_TOKEN=${JWT}`, 'dotenv')[0]!, 'dotenv', 'KONEXUS_TOKEN'), /\.env file/);
    });

    it('every token of a line, offsets right after CRLF and lone CR line breaks', () => {
      const text = `a\r\nb\rx ${JWT} y ${JWT}\r\n`;
      const leaks = scanForLeaks(text, 'other');
      assert.equal(leaks.length, 2);
      for (const leak of leaks) {
        assert.equal(text.slice(leak.start, leak.end), JWT);
        assert.equal(leak.line, 2);
      }
    });
  });

  describe('client secrets', () => {
    const cases: [string, ScanFileKind, string, Leak['encoding']][] = [
      [`grant_type=client_credentials&client_id=ext-1741&client_secret=${SECRET}&scope=tamarack`, 'http', SECRET, 'url'],
      [`client_secret=${SECRET}&grant_type=client_credentials`, 'http', SECRET, 'url'],
      [`POST https://auth.alertsense.com/connect/token?client_id=x&client_secret=${SECRET} HTTP/1.1`, 'http', SECRET, 'url'],
      [`  &client_secret=${SECRET}`, 'http', SECRET, 'url'],
      [`  "client_secret": "${SECRET}",`, 'http', SECRET, 'json'],
      [`{"clientSecret":"${SECRET}"}`, 'http', SECRET, 'json'],
      [`  "konexus.clientSecret": "${SECRET}" // mine`, 'settings', SECRET, 'json'],
      [`      "client_secret" : "${SECRET}"`, 'settings', SECRET, 'json'],
      [`client_secret: ${SECRET}`, 'http', SECRET, 'raw'],
      [`X-Client-Secret: ${SECRET}#with-hash`, 'http', `${SECRET}#with-hash`, 'raw'],
      [`Client-Secret:${SECRET}`, 'http', SECRET, 'raw'],
      [`@clientSecret = ${SECRET}  `, 'http', SECRET, 'raw'],
      [`@client_secret=${SECRET}`, 'http', SECRET, 'raw'],
      [`@clientSecret := "${SECRET}"`, 'http', SECRET, 'raw'],
      [`KONEXUS_CLIENT_SECRET=${SECRET}`, 'dotenv', SECRET, 'raw'],
      [`export CLIENT_SECRET="${SECRET} two"`, 'dotenv', `${SECRET} two`, 'raw'],
      [`CLIENT_SECRET='${SECRET}' # prod`, 'dotenv', SECRET, 'raw'],
      [`CLIENT_SECRET = ${SECRET} # prod`, 'dotenv', SECRET, 'raw'],
      [`CLIENT_SECRET: ${SECRET}`, 'dotenv', SECRET, 'raw'],
      [`TOKEN_URL=https://auth/connect/token?client_secret=${SECRET}`, 'dotenv', SECRET, 'url'],
      [`client_secret: "${SECRET}"`, 'other', SECRET, 'raw'],
      [`const body = { clientSecret: "${SECRET}" };`, 'other', SECRET, 'json'],
      [`# curl -d "client_secret=${SECRET}" https://auth/connect/token`, 'http', SECRET, 'url'],
      [`curl -d 'client_id=x&client_secret=${SECRET}' https://auth/connect/token`, 'other', SECRET, 'url'],
    ];
    for (const [text, kind, value, encoding] of cases) {
      it(`${kind}: ${text.replace(SECRET, '…')}`, () => {
        const leak = only(text, kind);
        assert.equal(leak.kind, 'client_secret');
        assert.equal(text.slice(leak.start, leak.end), value);
        assert.equal(leak.encoding, encoding);
        assert.match(leak.name ?? '', /secret/i);
        const message = leakText(leak, kind, 'KONEXUS_TOKEN');
        assert.match(message, /client secret.*Konexus profile/);
        assert.ok(!message.includes(SECRET), 'the message never holds the value');
      });
    }

    it('decodes what it found: JSON escapes, URL encoding; the text as written when that fails', () => {
      const json = '"client_secret": "a\\"b\\\\c\\u0041"';
      const leak = only(json, 'settings');
      assert.equal(decodeLeakValue(json.slice(leak.start, leak.end), leak.encoding), 'a"b\\cA');
      assert.equal(decodeLeakValue('a%2Bb+c%3D', 'url'), 'a+b c=');
      assert.equal(decodeLeakValue('100%zz', 'url'), '100%zz');
      assert.equal(decodeLeakValue('bad\\escape', 'json'), 'bad\\escape');
    });

    it('a secret that looks like a JWT is reported once, as the secret', () => {
      assert.deepEqual(found(`client_secret=${JWT}`, 'http'), [['client_secret', JWT]]);
    });

    it('several on one line and over several lines, in text order', () => {
      const text = `client_id=a&client_secret=${SECRET}1&x=1\n"clientSecret": "${SECRET}2", "client_secret": "${SECRET}3"\nBearer ${JWT}`;
      assert.deepEqual(found(text, 'http'), [['client_secret', `${SECRET}1`], ['client_secret', `${SECRET}2`], ['client_secret', `${SECRET}3`], ['jwt', JWT]]);
    });
  });
});

describe('leakScan: private keys', () => {
  let rsa: ClientKeySet;
  let ec: ClientKeySet;
  before(async () => {
    rsa = await generateClientKey('RS256', 0);
    ec = await rotateClientKey(await generateClientKey('ES256', 0), 'ES256', 1);
  });
  const d = (set: ClientKeySet, index = 0) => set.keys[index]!.privateJwk.d!;
  const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';

  it('the d of a pretty-printed private JWK (RSA and EC), with what to do', () => {
    for (const set of [rsa, ec]) {
      const text = JSON.stringify(set.keys[0]!.privateJwk, null, 2);
      const leak = only(text, 'other');
      assert.equal(leak.kind, 'private_key');
      assert.equal(text.slice(leak.start, leak.end), d(set));
      assert.equal(leak.keyFormat, 'jwk');
      assert.match(leakText(leak, 'other', 'KONEXUS_TOKEN'), /private key \(the "d" of a JWK\).*Remove it.*Konexus: Rotate Client Key/);
    }
  });

  it('a one-line JWK, a stored Konexus key set (every key), and a JWK inside a JSON string', () => {
    assert.deepEqual(found(JSON.stringify(rsa.keys[0]!.privateJwk), 'settings'), [['private_key', d(rsa)]]);
    assert.deepEqual(found(serializeClientKeySet(ec), 'other'), [['private_key', d(ec, 0)], ['private_key', d(ec, 1)]]);
    const escaped = JSON.stringify({ key: JSON.stringify(ec.keys[0]!.privateJwk) });
    assert.deepEqual(found(escaped, 'settings'), [['private_key', d(ec)]]);
    assert.deepEqual(found(`KEY='${JSON.stringify(ec.keys[0]!.privateJwk)}'`, 'dotenv'), [['private_key', d(ec)]]);
  });

  for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
    it(`a PEM ${label} block: its BEGIN line, or the whole block written on one line`, () => {
      const block = `-----BEGIN ${label}-----\n${PEM_BODY}\n-----END ${label}-----\n`;
      const leak = only(block, 'other');
      assert.deepEqual([leak.kind, leak.line, block.slice(leak.start, leak.end)], ['private_key', 0, `-----BEGIN ${label}-----`]);
      assert.equal(leak.keyFormat, 'pem');
      assert.match(leakText(leak, 'other', 'KONEXUS_TOKEN'), /private key \(PEM\).*Remove it/);
      const oneLine = JSON.stringify({ key: block });
      const inJson = only(oneLine, 'settings');
      assert.equal(oneLine.slice(inJson.start, inJson.end), JSON.stringify(block.trimEnd()).slice(1, -1));
    });
  }

  it('not: a public JWK or JWKS, a short "d", a symmetric key\'s line, a public key or certificate PEM', async () => {
    const { publicJwks } = await import('../../src/core/tokens/clientKeys');
    assert.deepEqual(found(JSON.stringify(publicJwks(rsa), null, 2), 'other'), []);
    assert.deepEqual(found('{"d": "2026-12-07", "p": "tamarack"}', 'other'), []);
    assert.deepEqual(found(`{"kty":"oct","d":"${'a'.repeat(50)}"}`, 'other'), []);
    assert.deepEqual(found(`-----BEGIN PUBLIC KEY-----\n${PEM_BODY}\n-----END PUBLIC KEY-----`, 'other'), []);
    assert.deepEqual(found(`-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----`, 'other'), []);
  });
});

describe('leakScan: what is not a leak', () => {
  const references = [
    '{{clientSecret}}', '{{$dotenv KONEXUS_CLIENT_SECRET}}', '{{ $processEnv KONEXUS_CLIENT_SECRET }}', '$KONEXUS_CLIENT_SECRET',
    '${env:KONEXUS_CLIENT_SECRET}', '${KONEXUS_CLIENT_SECRET}', '$(cat secret.txt)', '%CLIENT_SECRET%', 'process.env.CLIENT_SECRET',
  ];
  const placeholders = [
    '', ' ', 'abc', 'XXXX', 'xxxxxxxxxxxx', 'XXXX-XXXX-XXXX', '****', '••••••', '<secret>', '<your-client-secret>', '[secret]', '«secret»',
    'your-secret', 'YOUR_CLIENT_SECRET_HERE', 'your secret', 'changeme', 'REDACTED', 'placeholder', 'secret', 'client_secret',
    'paste-your-secret-here', 'my-secret', 'example-client-secret', 'null', '0000',
  ];
  for (const value of [...references, ...placeholders]) {
    it(`the value ${JSON.stringify(value)} in every syntax`, () => {
      const texts: [string, ScanFileKind][] = [
        [`grant_type=client_credentials&client_secret=${value}`, 'http'],
        [`"client_secret": "${value}"`, 'settings'],
        [`Client-Secret: ${value}`, 'http'],
        [`@clientSecret = ${value}`, 'http'],
        [`KONEXUS_CLIENT_SECRET=${value}`, 'dotenv'],
        [`KONEXUS_CLIENT_SECRET="${value}"`, 'dotenv'],
      ];
      for (const [text, kind] of texts) assert.deepEqual(found(text, kind), [], text);
    });
  }

  const texts: [string, ScanFileKind][] = [
    ['"token_endpoint_auth_method": "client_secret_basic"', 'settings'],
    ['"token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]', 'settings'],
    ['client_secret_expires_at=0&x=1', 'http'],
    ['"client_secret_expires_at": "1753820842"', 'settings'],
    ['# Put your client secret in a Konexus profile, never here.', 'http'],
    ['"client_secret": null,', 'settings'],
    ['"clientSecret": 1234567,', 'settings'],
    ['"clientSecret": {', 'settings'],
    ['@clientSecret := process.env.KONEXUS_CLIENT_SECRET', 'http'],
    ['const s = clientSecret;', 'other'],
    ['client_secretx=abcdef123', 'http'],
    ['myclient_secret_hash=abcdef123', 'http'],
    ['"client_secret": "unterminated', 'settings'],
    ['Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}', 'http'],
    ['Authorization: Bearer eyJhbGciOiJSUzI1NiJ9', 'http'],
    ['x = eyJhbGciOiJSUzI1NiJ9.notAnObject.sig', 'other'],
    [`${'a'.repeat(200)}_client_secret=abcdef123`, 'http'],
  ];
  for (const [text, kind] of texts) {
    it(`${kind}: ${text.slice(0, 70)}`, () => assert.deepEqual(found(text, kind), []));
  }

  it('isReference and isPlaceholder leave real secrets alone', () => {
    for (const real of [SECRET, 'a1b2c3d4', '$3cr3t-with-dollar', 'konexus-demo-secret-0123456789abcdef', 'Y0urs-truly-9f8e7d']) {
      assert.equal(isReference(real) || isPlaceholder(real), false, real);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

class Gen extends RandomPicks {}

const KINDS: readonly ScanFileKind[] = ['http', 'dotenv', 'settings', 'other'];

/** Lines of the kinds people write, leaking or not. */
const LINE_TEMPLATES: readonly ((g: Gen) => string)[] = [
  () => `Authorization: Bearer ${JWT}`,
  g => `grant_type=client_credentials&client_id=ext-${g.int(9999)}&client_secret=${SECRET}${g.int(99)}`,
  g => `  "client_secret": "${SECRET}${g.int(99)}",`,
  () => `@clientSecret = ${SECRET}`,
  () => 'KONEXUS_CLIENT_SECRET=changeme',
  () => 'client_secret={{$dotenv KONEXUS_CLIENT_SECRET}}',
  () => 'GET {{baseUrl}}/tenants/{{tenantId}}/contacts?page=1&pageSize=25',
  () => 'Accept: application/json',
  () => '',
  () => '###',
  () => '{ "title": "Weekly test", "priority": "normal", "channels": ["email", "sms"] }',
  g => `# ${g.chars('abc secret client_ "\'=:&?{}$ ', 40)}`,
  () => `"token_endpoint_auth_method": "client_secret_basic"`,
  g => `  "kty": "EC", "d": "${g.chars('ABCabc019_-', 43)}",`,
  () => '-----BEGIN EC PRIVATE KEY-----',
];

function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** About `bytes` of realistic mixed text. */
function realisticText(g: Gen, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = g.pick(LINE_TEMPLATES)(g);
    lines.push(line);
    size += line.length + 1;
  }
  return flat(lines.join('\n'));
}

/** CPU-ish time of the fastest of `runs` runs (the fastest is the one least disturbed by GC and neighbours). */
function fastestMs(runs: number, work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('leakScan: linear time', function () {
  this.timeout(120_000);
  const MB5 = 5 * 1024 * 1024;
  const KB50 = 50 * 1024;

  /**
   * Per-byte time of the 5 MB input at most this many times that of the 50 KB one. Linear code measures 1 to 3
   * here (50 KB stays in the CPU cache, 5 MB does not; a loaded machine adds noise); a quadratic path measures
   * about 100 (the inputs differ 100-fold), an n·log n one under 2 over the noise. 10 tells them apart.
   */
  const MAX_PER_BYTE_RATIO = 10;

  function compare(name: string, make: (bytes: number) => string, kind: ScanFileKind): void {
    const small = make(KB50);
    const large = make(MB5);
    for (let i = 0; i < 20; i++) scanForLeaks(small, kind); // warm the JIT
    const smallMs = fastestMs(15, () => scanForLeaks(small, kind));
    const largeMs = fastestMs(3, () => scanForLeaks(large, kind));
    const ratio = (largeMs / large.length) / (smallMs / small.length);
    console.log(`      ${name}: 50 KB ${smallMs.toFixed(2)} ms, 5 MB ${largeMs.toFixed(0)} ms, per-byte ratio ${ratio.toFixed(2)}`);
    assert.ok(ratio < MAX_PER_BYTE_RATIO, `${name}: 5 MB costs ${ratio.toFixed(1)}× per byte what 50 KB does`);
    assert.ok(largeMs < 5000, `${name}: 5 MB took ${largeMs.toFixed(0)} ms`);
  }

  it('a realistic .http text', () => {
    const g = new Gen(prng(SEED));
    compare('realistic http', bytes => realisticText(g, bytes), 'http');
  });

  const adversarial: [string, string, ScanFileKind][] = [
    ['one line of "secret"', 'secret', 'http'],
    ['one line of client_secret=', 'client_secret=', 'http'],
    ['one line of "client_secret": "', '"client_secret": "', 'settings'],
    ["one line of 'client_secret':'", "'client_secret':'", 'other'],
    ['one line of eyJ.', 'eyJ.', 'other'],
    ['one line of name chars then secret', `${'a_'.repeat(60)}client_secret`, 'http'],
    ['one line of { clientSecret: "', '{ clientSecret: "', 'other'],
    ['lines of KONEXUS_CLIENT_SECRET="', 'KONEXUS_CLIENT_SECRET="\n', 'dotenv'],
    ['one line of "d":"', '"d":"', 'other'],
    ['one line of "d":"<39 base64url>', `"d":"${'A'.repeat(39)}`, 'other'],
    ['one line of \\"kty\\":\\"EC', '\\"kty\\":\\"EC', 'settings'],
    ['one line of PEM BEGIN markers', '-----BEGIN PRIVATE KEY-----', 'other'],
    ['one line of -----BEGIN ', '-----BEGIN ', 'other'],
  ];
  for (const [name, unit, kind] of adversarial) {
    it(name, () => compare(name, bytes => flat(unit.repeat(Math.ceil(bytes / unit.length))), kind));
  }
});

describe('leakScan: fuzz', function () {
  this.timeout(120_000);
  const INPUTS = 10_000;
  const SLOWEST_ALLOWED_MS = 20;

  function mutate(g: Gen, text: string): string {
    const at = g.int(text.length + 1);
    switch (g.int(7)) {
      case 0: return text.slice(0, at);
      case 1: return text.slice(0, at) + g.pick(['"', "'", '=', ':', '&', '?', '@', '{{', '}}', '$', '\n', '\r', '\r\n', '#', '\\', 'secret', 'client_', 'eyJ', '.', ' ', '\ud800', '🚨', '"d":"', '"kty":"EC"', '-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----']) + text.slice(at);
      case 2: return text.slice(0, at) + text.slice(at + 1 + g.int(20));
      case 3: return text + text.slice(at);
      case 4: return text.replace(/[A-Za-z]/g, c => (g.next() < 0.05 ? c.toUpperCase() : c));
      case 5: return text.slice(0, at) + g.chars('"\'=:&?@{}$#\\ \n_-.client_secretCLIENTSECRET', g.int(30)) + text.slice(at);
      default: return text.split('').reverse().join('');
    }
  }

  function input(g: Gen): string {
    switch (g.int(5)) {
      case 0: return g.chars('abcdefghijklmnopqrstuvwxyz_-."\'=:&?@{}$# \n\r\\', g.int(400));
      case 1: {
        let out = '';
        for (let i = g.int(300); i > 0; i--) out += String.fromCharCode(g.int(0x10000));
        return out;
      }
      case 2: return realisticText(g, g.int(4000));
      case 3: return g.pick(['secret', 'client_secret=', '"client_secret": "', '@clientSecret = ', 'eyJ.', 'CLIENT_SECRET="']).repeat(1 + g.int(4000));
      default: {
        let text = realisticText(g, g.int(600));
        for (let n = 1 + g.int(4); n > 0; n--) text = mutate(g, text);
        return text;
      }
    }
  }

  function check(text: string, kind: ScanFileKind): void {
    const leaks = scanForLeaks(text, kind);
    let previousEnd = 0;
    for (const leak of leaks) {
      assert.ok(leak.start >= previousEnd && leak.start < leak.end && leak.end <= text.length, 'in order, not overlapping, not empty');
      previousEnd = leak.end;
      const value = text.slice(leak.start, leak.end);
      assert.ok(!/[\r\n]/.test(value), 'within one line');
      // The value must not stand in the message as a token of its own; a short value may occur inside a word of
      // the fixed text ("cret" in "secret", seed 299573363), which echoes nothing.
      const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const message = leakText(leak, kind, 'KONEXUS_TOKEN');
      assert.ok(message.length > 40 && !new RegExp(`(?:^|[^A-Za-z0-9])${escaped}(?:$|[^A-Za-z0-9])`).test(message), 'a message without the value');
      if (leak.kind === 'client_secret') assert.ok(!isReference(value) && !isPlaceholder(value), 'no reference or placeholder');
      decodeLeakValue(value, leak.encoding);
    }
  }

  it(`${INPUTS.toLocaleString('en-US')} random and mutated inputs: no throw, each under ${SLOWEST_ALLOWED_MS} ms (seed in the log)`, () => {
    console.log(`      leak fuzz seed ${SEED} (replay: LEAK_FUZZ_SEED=${SEED})`);
    const g = new Gen(prng(SEED));
    let worst = { ms: 0, length: 0, index: -1 };
    let total = 0;
    for (let index = 0; index < INPUTS; index++) {
      const text = flat(input(g));
      const kind = g.pick(KINDS);
      const started = performance.now();
      try {
        check(text, kind);
      } catch (error) {
        throw new Error(`seed ${SEED}, input #${index} (${kind}, ${text.length} chars): ${error instanceof Error ? error.message : String(error)}\n${JSON.stringify(text.slice(0, 300))}`);
      }
      const ms = performance.now() - started;
      total += ms;
      if (ms > worst.ms) worst = { ms, length: text.length, index };
    }
    // The slowest input once more, best of 5: a GC pause hits one run, a real slowness all of them.
    const again = new Gen(prng(SEED));
    let replay = '';
    let replayKind: ScanFileKind = 'http';
    for (let index = 0; index <= worst.index; index++) {
      replay = flat(input(again));
      replayKind = again.pick(KINDS);
    }
    const worstMs = fastestMs(5, () => check(replay, replayKind));
    console.log(`      ${INPUTS} inputs in ${total.toFixed(0)} ms; slowest ${worstMs.toFixed(2)} ms (best of 5; #${worst.index}, ${worst.length} chars)`);
    assert.ok(worstMs < SLOWEST_ALLOWED_MS, `seed ${SEED}: input #${worst.index} took ${worstMs.toFixed(2)} ms`);
  });
});

// ---------------------------------------------------------------------------------------------------------

/** The line/column view of a full scan, to compare with the index. */
function fullByLine(text: string, kind: ScanFileKind): string[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') lineStarts.push(i + 1);
  }
  return scanForLeaks(text, kind).map(leak => `${leak.kind}@${leak.line}:${leak.start - lineStarts[leak.line!]!}-${leak.end - lineStarts[leak.line!]!}`);
}

function indexByLine(index: LineLeaks): string[] {
  return index.all().map(leak => `${leak.kind}@${leak.line}:${leak.start}-${leak.end}`);
}

function linesOf(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** Line and column of an offset, VS Code style. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') {
      if (i + 1 === offset) break; // between CR and LF: still on the line
      i++;
    }
    if (text[i] === '\n' || text[i] === '\r') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

describe('leakGuard line index: incremental equals full', () => {
  it('after 1,000 random edit sequences (typing, pasting, deleting lines), rescanning only dirty lines', () => {
    const g = new Gen(prng(SEED ^ 0x2545f491));
    for (let round = 0; round < 1000; round++) {
      const kind = g.pick(KINDS);
      let text = realisticText(g, g.int(1500));
      const index = new LineLeaks(kind);
      index.scanAll(text);
      for (let step = 0, steps = 1 + g.int(6); step < steps; step++) {
        // A few changes per event, applied one after the other, as VS Code reports them.
        for (let n = 1 + g.int(3); n > 0; n--) {
          let start = g.int(text.length + 1);
          let end = Math.min(text.length, start + g.int(g.pick([0, 3, 40, 400])));
          // VS Code never splits a CRLF.
          if (text[start - 1] === '\r' && text[start] === '\n') start--;
          if (text[end - 1] === '\r' && text[end] === '\n') end++;
          const inserted = g.pick(['', 'x', '\n', '\r\n', `client_secret=${SECRET}`, `\nAuthorization: Bearer ${JWT}\n`, '"clientSecret": "abc123456"', '###\n', 'eyJ', '&', g.pick(LINE_TEMPLATES)(g)]);
          const from = positionAt(text, start);
          const to = positionAt(text, end);
          index.applyChange({ startLine: from.line, endLine: to.line, insertedLineBreaks: countLineBreaks(inserted) });
          text = text.slice(0, start) + inserted + text.slice(end);
        }
        const lines = linesOf(text);
        index.rescan({ lineCount: lines.length, lineAt: line => lines[line]! });
        assert.deepEqual(indexByLine(index), fullByLine(text, kind), `round ${round}, step ${step} (seed ${SEED})`);
      }
    }
  });

  it('an edit to a 5 MB document rescans one line: microseconds, not the file', () => {
    const g = new Gen(prng(SEED));
    const text = realisticText(g, 5 * 1024 * 1024);
    const lines = linesOf(text);
    const index = new LineLeaks('http');
    const fullMs = fastestMs(2, () => index.scanAll(text));
    const middle = Math.floor(lines.length / 2);
    const source = { lineCount: lines.length, lineAt: (line: number) => lines[line]! };
    const keystrokeMs = fastestMs(50, () => {
      index.applyChange({ startLine: middle, endLine: middle, insertedLineBreaks: 0 });
      assert.equal(index.rescan(source), 1);
    });
    console.log(`      5 MB: full scan ${fullMs.toFixed(0)} ms; one keystroke (change + rescan of its line) ${(keystrokeMs * 1000).toFixed(0)} µs, ${index.all().length} leaks kept`);
    assert.ok(keystrokeMs < 10, `a keystroke cost ${keystrokeMs.toFixed(2)} ms`);
  });

  it('counts line breaks as VS Code does', () => {
    assert.equal(countLineBreaks(''), 0);
    assert.equal(countLineBreaks('a\nb\r\nc\rd'), 3);
    assert.equal(countLineBreaks('\r\r\n\n'), 3);
  });
});

describe('leakGuard: the client id and authority next to a secret', () => {
  it('.http: the same request block, a {{variable}} resolved, the authority from the token URL', () => {
    const text = [
      '@authority = https://auth.staging.konexus.com',
      '@clientId = ext-1741-sample-client',
      '',
      '### Other request',
      'POST https://elsewhere.example/connect/token',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'grant_type=client_credentials&client_id=someone-else&client_secret=other-secret-1',
      '',
      '### Token',
      'POST {{authority}}/connect/token',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      `grant_type=client_credentials&client_id={{clientId}}&client_secret=${SECRET}`,
    ].join('\n');
    assert.deepEqual(credentialsNear(text, text.indexOf(SECRET), 'http'), { clientId: 'ext-1741-sample-client', authority: 'https://auth.staging.konexus.com' });
    assert.deepEqual(credentialsNear(text, text.indexOf('other-secret-1'), 'http'), { clientId: 'someone-else', authority: 'https://elsewhere.example' });
  });

  it('.http: a file variable when the block has none; nothing made up when there is nothing', () => {
    const text = `@konexusClientId = ext-42\n\n###\nPOST https://x.example/api\n\n{"client_secret": "${SECRET}"}`;
    assert.deepEqual(credentialsNear(text, text.indexOf(SECRET), 'http'), { clientId: 'ext-42' });
    const bare = `client_secret=${SECRET}`;
    assert.deepEqual(credentialsNear(bare, 14, 'http'), {});
  });

  it('settings: the innermost JSON object holding the secret', () => {
    const text = `{
  // REST Client environments
  "rest-client.environmentVariables": {
    "dev": { "client_id": "dev-client", "authority": "https://auth.dev.example", "client_secret": "dev-secret-123" },
    "prod": {
      "clientId": "prod-client", /* "clientId": "commented" */
      "note": "a } brace in a string",
      "clientSecret": "${SECRET}"
    }
  }
}`;
    assert.deepEqual(credentialsNear(text, text.indexOf(SECRET), 'settings'), { clientId: 'prod-client' });
    assert.deepEqual(credentialsNear(text, text.indexOf('dev-secret-123'), 'settings'), { clientId: 'dev-client', authority: 'https://auth.dev.example' });
    const around = jsonObjectAround(text, text.indexOf(SECRET));
    assert.ok(text.slice(around.start, around.end).startsWith('{\n      "clientId"'));
  });

  it('.env: the KONEXUS_CLIENT_ID of the file', () => {
    const text = `KONEXUS_AUTHORITY=https://auth.alertsense.com\nKONEXUS_CLIENT_ID=ext-7\nKONEXUS_CLIENT_SECRET=${SECRET}\n`;
    assert.deepEqual(credentialsNear(text, text.indexOf(SECRET), 'dotenv'), { clientId: 'ext-7', authority: 'https://auth.alertsense.com' });
  });

  it('scanLine gives columns of the line it was handed', () => {
    const [leak] = scanLine(`  client_secret=${SECRET}`, 'http');
    assert.deepEqual([leak?.start, leak?.end, leak?.line], [16, 16 + SECRET.length, undefined]);
  });
});

describe('leakGuard: which files are watched', () => {
  const kind = (scheme: string, path: string, languageId = 'plaintext') => leakFileKind({ scheme, path, languageId });

  it('.http and .rest files, and any document REST Client or httpYac calls http', () => {
    assert.equal(kind('file', '/w/api.http'), 'http');
    assert.equal(kind('file', '/w/API.REST'), 'http');
    assert.equal(kind('untitled', 'Untitled-1', 'http'), 'http');
    assert.equal(kind('file', '/w/notes.txt', 'http'), 'http');
  });

  it('.env files on disk only', () => {
    for (const path of ['/w/.env', '/w/.env.local', '/w/prod.env', '/w/.ENV']) assert.equal(kind('file', path), 'dotenv', path);
    assert.equal(kind('untitled', '/w/.env'), undefined);
    assert.equal(kind('file', '/w/.envrc'), undefined);
    assert.equal(kind('file', '/w/.env-tools.ts'), undefined);
  });

  it('workspace and user settings, and .code-workspace files', () => {
    assert.equal(kind('file', '/w/.vscode/settings.json', 'jsonc'), 'settings');
    assert.equal(kind('vscode-userdata', '/home/u/.config/Code/User/settings.json', 'jsonc'), 'settings');
    assert.equal(kind('file', '/home/u/.config/Code/User/settings.json', 'jsonc'), 'settings');
    assert.equal(kind('file', '/home/u/.config/Code/User/profiles/1a2b/settings.json', 'jsonc'), 'settings');
    assert.equal(kind('file', '/w/team.code-workspace', 'jsonc'), 'settings');
    assert.equal(kind('file', '/w/src/settings.json', 'json'), undefined);
  });

  it('not the other sides of diffs, output and the like', () => {
    assert.equal(kind('git', '/w/api.http', 'http'), undefined);
    assert.equal(kind('output', 'extension-output-konexus', 'log'), undefined);
  });

  it('the .env a .http file reads is in its folder', () => {
    assert.equal(dotenvPathBeside('/w/requests/api.http'), '/w/requests/.env');
  });
});
