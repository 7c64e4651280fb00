import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeAdjustment } from '../../src/platform/model/words/settingWords';
import { checkSettings, clampNumber, NUMBER_RANGES, type SettingAdjustment } from '../../src/core/settingsRules';
import { TokenManager } from '../../src/core/tokens/tokenManager';
import { FakeClock } from './lib/fakeClock';

const HOUR = 3_600_000;

/** checkSettings over a plain object of raw values (keys below `konexus.`). */
const check = (raw: Record<string, unknown>) => checkSettings(key => raw[key]);
const reasons = (adjustments: readonly SettingAdjustment[]) => adjustments.map(a => [a.key, a.reason]);

describe('settings rules', () => {
  it('takes unset settings as the defaults, with nothing to log', () => {
    const { settings, adjustments } = check({});
    assert.deepEqual(settings, {
      defaultProfile: '', refreshLeadSeconds: 300, requestTimeoutSeconds: 15, clockToleranceSeconds: 60,
      statusBarEnabled: true, hoverEnabled: true, hoverLanguages: ['*'], headerStyle: 'dotenv',
      dotenvKey: 'KONEXUS_TOKEN', fileVariableName: 'konexusToken', codeLens: true, terminalInjectToken: false, productionConfirmTokenUse: true,
    });
    assert.deepEqual(adjustments, []);
  });

  it('keeps every value inside its range as written', () => {
    const raw = {
      defaultProfile: 'staging', refreshLeadSeconds: 0, requestTimeoutSeconds: 120, clockToleranceSeconds: 300,
      'statusBar.enabled': false, 'hover.enabled': false, 'hover.languages': ['http', 'json'], 'httpFiles.headerStyle': 'literal',
      'httpFiles.dotenvKey': 'MY_TOKEN', 'httpFiles.fileVariableName': '_t1', 'httpFiles.codeLens': false,
      'terminal.injectToken': true,
    };
    const { settings, adjustments } = check(raw);
    assert.deepEqual(adjustments, []);
    assert.deepEqual([settings.refreshLeadSeconds, settings.requestTimeoutSeconds, settings.clockToleranceSeconds], [0, 120, 300]);
    assert.deepEqual([settings.headerStyle, settings.dotenvKey, settings.fileVariableName, settings.defaultProfile], ['literal', 'MY_TOKEN', '_t1', 'staging']);
    assert.deepEqual([settings.statusBarEnabled, settings.hoverEnabled, settings.codeLens, settings.terminalInjectToken], [false, false, false, true]);
  });

  it('takes a terminal.injectToken that is not a boolean as off', () => {
    const { settings, adjustments } = check({ 'terminal.injectToken': 'yes' });
    assert.equal(settings.terminalInjectToken, false);
    assert.deepEqual(reasons(adjustments), [['terminal.injectToken', 'wrongType']]);
  });

  it('the review\'s values: timeout 0, lead "x", tolerance 1e9 are clamped or replaced', () => {
    const { settings, adjustments } = check({ requestTimeoutSeconds: 0, refreshLeadSeconds: 'x', clockToleranceSeconds: 1e9 });
    assert.equal(settings.requestTimeoutSeconds, 1);
    assert.equal(settings.refreshLeadSeconds, 300);
    assert.equal(settings.clockToleranceSeconds, 300);
    assert.deepEqual(reasons(adjustments), [['refreshLeadSeconds', 'wrongType'], ['requestTimeoutSeconds', 'belowMinimum'], ['clockToleranceSeconds', 'aboveMaximum']]);
  });

  for (const [key, range] of Object.entries(NUMBER_RANGES)) {
    it(`${key}: wrong types and non-finite numbers fall back to ${range.fallback}; out of range clamps to ${range.min}–${range.max}`, () => {
      for (const bad of ['30', 'x', '', true, null, {}, [5], NaN, Infinity, -Infinity]) {
        assert.equal(clampNumber(bad, range).value, range.fallback, `${String(bad)}`);
        assert.ok(clampNumber(bad, range).reason, `${String(bad)} is reported`);
      }
      assert.deepEqual(clampNumber(-1, range), { value: range.min, reason: 'belowMinimum' });
      assert.deepEqual(clampNumber(-1e308, range), { value: range.min, reason: 'belowMinimum' });
      assert.deepEqual(clampNumber(1e9, range), { value: range.max, reason: 'aboveMaximum' });
      assert.deepEqual(clampNumber(Number.MAX_VALUE, range), { value: range.max, reason: 'aboveMaximum' });
      assert.deepEqual(clampNumber(range.min + 0.5, range), { value: range.min + 0.5 });
      assert.equal(check({ [key]: 'x' }).settings[key as keyof typeof NUMBER_RANGES], range.fallback);
    });
  }

  it('dotenvKey and fileVariableName must be portable names; anything else is the default', () => {
    for (const bad of ['', '1ABC', 'A-B', 'A B', 'KEY=1', 'A\nB', '$HOME', 'Ä', 42, null, ['A'], 'A'.repeat(201)]) {
      const { settings, adjustments } = check({ 'httpFiles.dotenvKey': bad, 'httpFiles.fileVariableName': bad });
      assert.equal(settings.dotenvKey, 'KONEXUS_TOKEN', JSON.stringify(bad));
      assert.equal(settings.fileVariableName, 'konexusToken', JSON.stringify(bad));
      assert.equal(adjustments.length, 2);
    }
  });

  it('headerStyle outside the enum, booleans and languages of the wrong type fall back', () => {
    const { settings, adjustments } = check({
      'httpFiles.headerStyle': 'curl', 'statusBar.enabled': 'false', 'hover.enabled': 0, 'httpFiles.codeLens': null,
      'hover.languages': 'http', defaultProfile: 7,
    });
    assert.deepEqual([settings.headerStyle, settings.statusBarEnabled, settings.hoverEnabled, settings.codeLens], ['dotenv', true, true, true]);
    assert.deepEqual(settings.hoverLanguages, ['*']);
    assert.equal(settings.defaultProfile, '');
    assert.equal(adjustments.length, 6);
    assert.deepEqual(check({ 'hover.languages': ['http', 3, '', 'json'] }).settings.hoverLanguages, ['http', 'json'], 'non-strings dropped');
  });

  it('says in the log line what was written and what is used, shortened', () => {
    const [clamped] = check({ clockToleranceSeconds: 1e9 }).adjustments;
    assert.equal(describeAdjustment(clamped!), 'konexus.clockToleranceSeconds: 1000000000 is above the maximum; using 300');
    const [long] = check({ 'httpFiles.dotenvKey': 'x'.repeat(500) }).adjustments;
    assert.ok(describeAdjustment(long!).length < 120);
  });

  it('package.json declares the same ranges and restricts the settings that weaken checks or choose where the token goes', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    const properties = manifest.contributes.configuration.properties;
    for (const [key, range] of Object.entries(NUMBER_RANGES)) {
      const declared = properties[`konexus.${key}`];
      assert.deepEqual([declared.minimum, declared.maximum, declared.default], [range.min, range.max, range.fallback], key);
    }
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of ['refreshLeadSeconds', 'requestTimeoutSeconds', 'clockToleranceSeconds', 'httpFiles.headerStyle', 'httpFiles.dotenvKey', 'httpFiles.fileVariableName', 'defaultProfile', 'terminal.injectToken']) {
      assert.ok(restricted.includes(`konexus.${key}`), `konexus.${key} is restricted`);
      assert.ok(properties[`konexus.${key}`], `konexus.${key} exists`);
    }
    // Tokens in every terminal only if the user asks: no workspace settings.json can turn it on, trusted or not.
    assert.equal(properties['konexus.terminal.injectToken'].scope, 'machine');
    assert.equal(properties['konexus.terminal.injectToken'].default, false);
  });
});

describe('refresh lead from a hostile setting', () => {
  /** A manager with a 1 h token from a fake clock; counts the timers it sets. */
  async function timersOverTwoSeconds(refreshLeadMs: number): Promise<{ timers: number; requests: number }> {
    const clock = new FakeClock();
    let requests = 0;
    const manager = new TokenManager({
      clock,
      refreshLeadMs,
      fetchToken: async () => {
        requests++;
        const now = clock.now();
        return { accessToken: `t${requests}`, tokenType: 'bearer', scope: 's', issuedAt: now, expiresAt: now + HOUR, issuer: 'https://idp.test' };
      },
    });
    await manager.getToken();
    const before = clock.timersSet;
    await clock.advance(2000);
    const timers = clock.timersSet - before;
    manager.dispose();
    return { timers, requests };
  }

  it('konexus.refreshLeadSeconds "x" sets one timer per refresh, not one a millisecond', async () => {
    const lead = check({ refreshLeadSeconds: 'x' }).settings.refreshLeadSeconds * 1000;
    const clock = new FakeClock();
    const manager = new TokenManager({
      clock, refreshLeadMs: lead,
      fetchToken: async () => ({ accessToken: 't', tokenType: 'bearer', scope: 's', issuedAt: clock.now(), expiresAt: clock.now() + HOUR, issuer: 'https://idp.test' }),
    });
    await manager.getToken();
    assert.equal(clock.timersSet, 1, 'one timer after the first token');
    await clock.advance(2000);
    assert.equal(clock.timersSet, 1, 'no timer in the next 2 s');
    manager.dispose();
  });

  it('the TokenManager itself holds when handed NaN, a negative or an infinite lead', async () => {
    for (const lead of [NaN, -1, Infinity, -Infinity]) {
      const { timers, requests } = await timersOverTwoSeconds(lead);
      assert.equal(timers, 0, `lead ${lead}: no timer in 2 s after the token`);
      assert.equal(requests, 1, `lead ${lead}: one request`);
    }
  });
});
