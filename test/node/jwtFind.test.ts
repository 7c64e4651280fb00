import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { findJwtAt, findJwtsInLine, MAX_FIND_LENGTH } from '../../src/core/jwt/find';
import { SEED_TOKEN } from './fixtures/seed-token';
import { b64url } from './lib/jwtTestKit';

const T = SEED_TOKEN;
const SHORT = `${b64url('{"alg":"RS256"}')}.${b64url('{"sub":"x"}')}.c2lnbmF0dXJl`;

/** Asserts findJwtAt finds `token` at every listed offset of `line`. */
function assertFinds(line: string, token: string, offsets: number[]): void {
  const start = line.indexOf(token);
  assert.ok(start >= 0);
  for (const at of offsets) {
    assert.deepEqual(findJwtAt(line, at), { start, end: start + token.length, token }, `at ${at} of ${JSON.stringify(line.slice(0, 40))}`);
  }
}

describe('jwt find: findJwtAt', () => {
  it('start, middle, end of a token (end inclusive, like VS Code word ranges)', () => {
    const line = `token ${T} here`;
    assertFinds(line, T, [6, 7, 6 + 100, 6 + T.indexOf('.'), 6 + T.length - 1, 6 + T.length]);
    assert.equal(findJwtAt(line, 5), undefined, 'the space before');
    assert.equal(findJwtAt(line, 6 + T.length + 1), undefined, 'inside the next word');
  });

  it('a line that is only the token, at 0 and at line.length', () => {
    assertFinds(T, T, [0, T.length]);
  });

  it('between tokens: each side finds its own token, the gap none', () => {
    const line = `${SHORT} , ${T}`;
    assertFinds(line, SHORT, [0, SHORT.length]);
    assert.equal(findJwtAt(line, SHORT.length + 1), undefined);
    assertFinds(line, T, [SHORT.length + 3]);
    const adjacent = `${SHORT} ${T}`;
    assert.equal(findJwtAt(adjacent, SHORT.length)?.token, SHORT, 'the space right after belongs to the left token');
    assert.equal(findJwtAt(adjacent, SHORT.length + 1)?.token, T);
  });

  it('in quotes, after Bearer, in JSON, in a URL query, in an .http header', () => {
    assertFinds(`const t = "${T}";`, T, [11, 11 + T.length]);
    assertFinds(`const t = '${T}';`, T, [20]);
    assertFinds(`Authorization: Bearer ${T}`, T, [22, 500]);
    assertFinds(`{"access_token":"${T}","expires_in":3600}`, T, [17, 300]);
    assertFinds(`https://api.test/x?access_token=${T}&y=1`, T, [40]);
    assertFinds(`\tAuthorization: Bearer ${T}\t`, T, [24]);
  });

  it('a token at the end of a sentence keeps its dot outside', () => {
    const line = `The token is ${SHORT}. Thanks`;
    assertFinds(line, SHORT, [13, 13 + SHORT.length]);
  });

  it('an unsecured token (empty signature) ends at its last dot', () => {
    const unsigned = `${b64url('{"alg":"none"}')}.${b64url('{"sub":"x"}')}.`;
    assertFinds(`x ${unsigned} y`, unsigned, [2, 2 + unsigned.length - 1]);
  });

  it('an encrypted token (5 segments) is found whole, so the hover can say it is encrypted', () => {
    const jwe = `${b64url('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.a2V5.aXY.Y2lwaGVy.dGFn`;
    assertFinds(`jwe: ${jwe}`, jwe, [5, 5 + jwe.length]);
  });

  it('a prefix glued by a dot (a.b.<token>) is not part of the token', () => {
    const line = `foo.bar.${SHORT}`;
    assertFinds(line, SHORT, [8, line.length]);
    assert.equal(findJwtAt(line, 1), undefined);
  });

  it('nothing in plain text, code, or near-misses', () => {
    for (const [line, at] of [
      ['just some plain text here', 5],
      ['const x = a.b.c;', 10],
      ['eyJhbGciOiJSUzI1NiJ9 without dots', 3],
      ['eyJhbGciOiJSUzI1NiJ9.notjson.sig', 3],
      ['version 1.2.3 released', 9],
      ['', 0],
    ] as const) {
      assert.equal(findJwtAt(line, at), undefined, line);
    }
  });

  it('out-of-range or odd positions give undefined, never throw', () => {
    for (const at of [-1, T.length + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(findJwtAt(T, at), undefined, String(at));
    assert.equal(findJwtAt(undefined as unknown as string, 0), undefined);
  });

  it('a base64url run longer than the scan cap holds no token (and costs no more than the cap)', () => {
    const line = `${'A'.repeat(MAX_FIND_LENGTH)}.${T}`;
    assert.equal(findJwtAt(line, line.length - 10), undefined);
    assert.equal(findJwtAt(line, 5), undefined);
    assert.deepEqual(findJwtsInLine(line), []);
  });

  it('a 5 MB line: findJwtAt costs what the token costs, not what the line costs', function () {
    const unit = `${T} `;
    const big = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
    const small = unit.repeat(1);
    const middle = Math.floor(big.length / 2);
    const hit = findJwtAt(big, middle);
    assert.ok(hit && hit.token === T && hit.start <= middle && middle <= hit.end);

    // Compare median costs against a one-token line: a scan of the whole line would be ~4000x.
    const cost = (line: string, at: number) => {
      const samples: number[] = [];
      for (let round = 0; round < 15; round++) {
        const started = performance.now();
        for (let i = 0; i < 50; i++) findJwtAt(line, at + (i % 7));
        samples.push(performance.now() - started);
      }
      return samples.sort((a, b) => a - b)[7]!;
    };
    cost(small, 10); // warm up the JIT
    cost(big, middle);
    const ratio = cost(big, middle) / Math.max(cost(small, 10), 0.001);
    assert.ok(ratio < 20, `findJwtAt on a 5 MB line cost ${ratio.toFixed(1)}x the one-token line`);

    // And a pathological 5 MB line with no separators is bounded by the cap.
    // Measured as a ratio to a 100 KB wall (a wall clock bound fails on a loaded machine): unbounded
    // scanning would cost about 50x; bounded, both cost the same.
    const wallCost = (wall: string) => {
      const started = performance.now();
      for (let i = 0; i < 20; i++) assert.equal(findJwtAt(wall, (wall.length >> 1) + i), undefined);
      return performance.now() - started;
    };
    const huge = 'A'.repeat(5 * 1024 * 1024);
    const modest = 'A'.repeat(100 * 1024);
    wallCost(modest); // warm-up
    const best = (wall: string) => Math.min(wallCost(wall), wallCost(wall), wallCost(wall));
    const wallRatio = best(huge) / Math.max(best(modest), 0.05);
    assert.ok(wallRatio < 10, `a 5 MB wall cost ${wallRatio.toFixed(1)}x a 100 KB one: not bounded by the cap`);
  });
});

describe('jwt find: findJwtsInLine', () => {
  it('finds every token, left to right, with positions', () => {
    const line = `a=${SHORT}; b="${T}" Bearer ${SHORT}.`;
    const found = findJwtsInLine(line);
    assert.deepEqual(found.map(f => f.token), [SHORT, T, SHORT]);
    for (const f of found) assert.equal(line.slice(f.start, f.end), f.token);
  });

  it('agrees with findJwtAt on every position of a mixed line', () => {
    const line = `x ${SHORT} ${T}.${SHORT} y.z eyJ.eyJ. ${SHORT}`;
    const all = findJwtsInLine(line);
    for (let at = 0; at <= line.length; at++) {
      const hit = findJwtAt(line, at);
      if (hit) assert.ok(all.some(f => f.start === hit.start && f.end === hit.end), `at ${at}`);
    }
    for (const f of all) assert.deepEqual(findJwtAt(line, f.start), f);
  });

  it('is linear: a 5 MB line of tokens is scanned in one pass', () => {
    const unit = `${SHORT} `;
    const line = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
    const started = performance.now();
    const found = findJwtsInLine(line);
    const ms = performance.now() - started;
    assert.equal(found.length, Math.ceil((5 * 1024 * 1024) / unit.length));
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('nothing in plain text', () => {
    assert.deepEqual(findJwtsInLine('no tokens in here. none at all... e.y.J'), []);
    assert.deepEqual(findJwtsInLine(''), []);
  });
});
