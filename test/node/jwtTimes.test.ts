import assert from 'node:assert/strict';
import { describeTimes, readNumericDate } from '../../src/core/jwt/times';
import { numericDateProblemText, timeProblemText } from '../../src/platform/model/words/claimWords';
import { formatDuration, formatRelative, formatUtc, isoFromSeconds } from '../../src/platform/model/words/timeWords';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const nowS = NOW / 1000;

describe('jwt times: formatRelative', () => {
  const cases: Array<[number, string]> = [
    [0, 'now'],
    [999, 'now'],
    [-999, 'now'],
    [1000, 'in 1 s'],
    [-1000, '1 s ago'],
    [59 * S + 999, 'in 59 s'],
    [60 * S, 'in 1 min'],
    [-60 * S, '1 min ago'],
    [42 * MIN + 59 * S, 'in 42 min'],
    [H - 1, 'in 59 min'],
    [H, 'in 1 h'],
    [-3 * H - 59 * MIN, '3 h ago'],
    [D - 1, 'in 23 h'],
    [D, 'in 1 d'],
    [-2 * D, '2 d ago'],
    [-1234 * D, '1,234 d ago'],
    [Number.NaN, 'at an unknown time'],
    [Number.POSITIVE_INFINITY, 'at an unknown time'],
  ];
  for (const [delta, text] of cases) it(`${delta} ms → "${text}"`, () => assert.equal(formatRelative(delta), text));

  it('formatDuration is the same unit ladder, unsigned', () => {
    assert.equal(formatDuration(-90 * S), '1 min');
    assert.equal(formatDuration(30 * S), '30 s');
  });

  it('formatUtc and isoFromSeconds are locale-free', () => {
    assert.equal(formatUtc(new Date(1753820842 * 1000)), '2025-07-29 20:27:22 UTC');
    assert.equal(formatUtc(new Date(Number.NaN)), 'an invalid date');
    assert.equal(isoFromSeconds(1753820842), '2025-07-29T20:27:22Z');
    assert.equal(isoFromSeconds(1753820842.5), '2025-07-29T20:27:22.500Z');
  });
});

describe('jwt times: describeTimes', () => {
  it('valid: more than 5 min left', () => {
    const times = describeTimes({ exp: nowS + 3600, nbf: nowS - 10, iat: nowS - 10 }, NOW);
    assert.equal(times.state, 'valid');
    assert.equal(times.expiresInMs, 3600 * S);
    assert.equal(formatRelative(times.exp!.fromNowMs), 'in 1 h');
    assert.equal(formatRelative(times.nbf!.fromNowMs), '10 s ago');
    assert.equal(times.iat?.date.getTime(), NOW - 10 * S);
    assert.deepEqual(times.problems, []);
  });

  it('expiring: within the window (5 min by default, inclusive), configurable', () => {
    assert.equal(describeTimes({ exp: nowS + 300 }, NOW).state, 'expiring');
    assert.equal(describeTimes({ exp: nowS + 301 }, NOW).state, 'valid');
    assert.equal(formatRelative(describeTimes({ exp: nowS + 59 }, NOW).exp!.fromNowMs), 'in 59 s');
    assert.equal(describeTimes({ exp: nowS + 600 }, NOW, { expiringWithinMs: 10 * MIN }).state, 'expiring');
  });

  it('expired: from the exp second on (RFC 7519: valid only before exp)', () => {
    assert.equal(describeTimes({ exp: nowS }, NOW).state, 'expired');
    assert.equal(describeTimes({ exp: nowS }, NOW - 1).state, 'expiring');
    const times = describeTimes({ exp: nowS - 3 * 3600 }, NOW);
    assert.equal(times.state, 'expired');
    assert.equal(formatRelative(times.exp!.fromNowMs), '3 h ago');
    assert.equal(times.expiresInMs, -3 * H);
  });

  it('not-yet-valid, unless also expired', () => {
    assert.equal(describeTimes({ exp: nowS + 3600, nbf: nowS + 60 }, NOW).state, 'not-yet-valid');
    assert.equal(describeTimes({ nbf: nowS + 60 }, NOW).state, 'not-yet-valid');
    assert.equal(describeTimes({ exp: nowS - 1, nbf: nowS + 60 }, NOW).state, 'expired');
  });

  it('no-expiry', () => {
    const times = describeTimes({ sub: 'x' }, NOW);
    assert.equal(times.state, 'no-expiry');
    assert.equal(times.exp, undefined);
    assert.equal(times.expiresInMs, undefined);
  });

  it('non-numeric or absurd values are reported, not thrown', () => {
    const asString = describeTimes({ exp: String(nowS + 3600) }, NOW);
    assert.equal(asString.state, 'invalid');
    assert.match(timeProblemText(asString.problems[0]!), /exp is a string of digits, not a number of seconds/);
    assert.deepEqual(asString.problems[0], { kind: 'not_numeric_date', claim: 'exp', problem: { kind: 'digit_string', claim: 'exp' } });

    const millis = describeTimes({ exp: (nowS + 3600) * 1000 }, NOW);
    assert.equal(millis.state, 'invalid');
    assert.match(timeProblemText(millis.problems[0]!), /looks like milliseconds/);

    for (const exp of [null, -5, 1e300, true, [1], { n: 1 }]) {
      const times = describeTimes({ exp }, NOW);
      assert.equal(times.state, 'invalid', JSON.stringify(exp));
      assert.equal(times.problems.length, 1);
      assert.equal(times.problems[0]!.claim, 'exp');
    }

    const badNbf = describeTimes({ exp: nowS + 3600, nbf: 'soon', iat: -1 }, NOW);
    assert.equal(badNbf.state, 'valid');
    assert.deepEqual(badNbf.problems.map(p => p.claim), ['nbf', 'iat']);
  });

  it('an unknown "now" is reported, not thrown', () => {
    const times = describeTimes({ exp: nowS }, Number.NaN);
    assert.equal(times.state, 'invalid');
    assert.equal(formatRelative(times.exp!.fromNowMs), 'at an unknown time');
    assert.deepEqual(times.problems, [{ kind: 'unknown_now', claim: 'exp' }]);
    assert.equal(timeProblemText(times.problems[0]!), 'The current time is unknown, so the token\'s times cannot be judged.');
  });

  it('says every kind of unusable NumericDate in words, naming the claim', () => {
    const text = (value: unknown) => {
      const { problem } = readNumericDate({ nbf: value }, 'nbf');
      assert.ok(problem, JSON.stringify(value));
      return numericDateProblemText(problem);
    };
    assert.equal(text(' 1753820842 '), 'nbf is a string of digits, not a number of seconds; servers reject such a token.');
    assert.equal(text('soon'), 'nbf is a string, not a number of seconds; servers reject such a token.');
    assert.equal(text(null), 'nbf is null, not a number of seconds; servers reject such a token.');
    assert.equal(text([1]), 'nbf is an array, not a number of seconds; servers reject such a token.');
    assert.equal(text(true), 'nbf is a boolean, not a number of seconds; servers reject such a token.');
    assert.equal(text({ n: 1 }), 'nbf is an object, not a number of seconds; servers reject such a token.');
    assert.equal(text(Number.NaN), 'nbf is not a finite number.');
    assert.equal(text(-5), 'nbf is -5, a time before 1970: not a real nbf.');
    assert.equal(text(1753820842000), 'nbf is 1753820842000, past the year 9999. It looks like milliseconds (2025-07-29 20:27:22 UTC); a NumericDate is in seconds.');
    assert.equal(text(1e300), 'nbf is 1e+300, past the year 9999.');
    assert.deepEqual(readNumericDate({ nbf: 1753820842000 }, 'nbf'), { problem: { kind: 'milliseconds', claim: 'nbf', value: 1753820842000 } });
  });
});
