/**
 * What each `konexus.*` setting may be, and what a value outside that becomes. Pure (no `vscode`): the
 * glue (src/platform/settings.ts) hands in whatever VS Code read, which a hand-edited or hostile settings.json can
 * make anything: a string where a number belongs, NaN, 1e9. Each value is checked when read; a wrong type
 * falls back to the default, a number out of range is clamped to the range documented in package.json.
 * Nothing here throws.
 */
import { isPortableName } from './httpFile/names';

export type HeaderStyle = 'dotenv' | 'fileVariable' | 'literal';

/** The `konexus.*` settings, checked; defaults and ranges as declared in package.json. */
export interface Settings {
  readonly defaultProfile: string;
  readonly refreshLeadSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly statusBarEnabled: boolean;
  readonly hoverEnabled: boolean;
  readonly hoverLanguages: readonly string[];
  readonly headerStyle: HeaderStyle;
  readonly dotenvKey: string;
  readonly fileVariableName: string;
  readonly codeLens: boolean;
  /** New terminals get KONEXUS_TOKEN and KONEXUS_TOKEN_CMD (opt-in; user or machine settings only). */
  readonly terminalInjectToken: boolean;
  /** A production profile's token leaving the extension asks once per window (user or machine settings only). */
  readonly productionConfirmTokenUse: boolean;
}

/** A value that was not taken as it was written: the setting, what it became, and why. */
export interface SettingAdjustment {
  readonly key: string;
  readonly raw: unknown;
  readonly used: unknown;
  readonly reason: 'wrongType' | 'notFinite' | 'belowMinimum' | 'aboveMaximum' | 'notAllowed';
}

interface NumberRange { readonly min: number; readonly max: number; readonly fallback: number }

/** The documented ranges, in seconds (package.json declares the same `minimum`/`maximum`). */
export const NUMBER_RANGES = {
  refreshLeadSeconds: { min: 0, max: 3600, fallback: 300 },
  requestTimeoutSeconds: { min: 1, max: 120, fallback: 15 },
  clockToleranceSeconds: { min: 0, max: 300, fallback: 60 },
} as const satisfies Record<string, NumberRange>;

const HEADER_STYLES: readonly HeaderStyle[] = ['dotenv', 'fileVariable', 'literal'];
const MAX_LANGUAGES = 100;
const MAX_NAME_LENGTH = 200;

/** Reads one setting by its key below `konexus.` (`httpFiles.dotenvKey`); undefined when unset. */
export type RawSettings = (key: string) => unknown;

/** Every setting checked; `adjustments` lists each value that was replaced or clamped, in key order. */
export function checkSettings(raw: RawSettings): { settings: Settings; adjustments: SettingAdjustment[] } {
  const adjustments: SettingAdjustment[] = [];
  const take = <T>(key: string, fallback: T, check: (value: unknown) => { value: T; reason?: SettingAdjustment['reason'] }): T => {
    const value = raw(key);
    if (value === undefined) return fallback;
    const checked = check(value);
    if (checked.reason) adjustments.push({ key, raw: value, used: checked.value, reason: checked.reason });
    return checked.value;
  };
  const number = (key: keyof typeof NUMBER_RANGES) => take(key, NUMBER_RANGES[key].fallback, value => clampNumber(value, NUMBER_RANGES[key]));
  const boolean = (key: string, fallback = true) => take(key, fallback, value => (typeof value === 'boolean' ? { value } : { value: fallback, reason: 'wrongType' }));
  const name = (key: string, fallback: string) => take(key, fallback, value => checkName(value, fallback));
  const settings: Settings = {
    defaultProfile: take('defaultProfile', '', value => (typeof value === 'string' && value.length <= MAX_NAME_LENGTH ? { value } : { value: '', reason: typeof value === 'string' ? 'notAllowed' : 'wrongType' })),
    refreshLeadSeconds: number('refreshLeadSeconds'),
    requestTimeoutSeconds: number('requestTimeoutSeconds'),
    clockToleranceSeconds: number('clockToleranceSeconds'),
    statusBarEnabled: boolean('statusBar.enabled'),
    hoverEnabled: boolean('hover.enabled'),
    hoverLanguages: take('hover.languages', ['*'], checkLanguages),
    headerStyle: take<HeaderStyle>('httpFiles.headerStyle', 'dotenv', value => (HEADER_STYLES.includes(value as HeaderStyle) ? { value: value as HeaderStyle } : { value: 'dotenv', reason: typeof value === 'string' ? 'notAllowed' : 'wrongType' })),
    dotenvKey: name('httpFiles.dotenvKey', 'KONEXUS_TOKEN'),
    fileVariableName: name('httpFiles.fileVariableName', 'konexusToken'),
    codeLens: boolean('httpFiles.codeLens'),
    terminalInjectToken: boolean('terminal.injectToken', false),
    productionConfirmTokenUse: boolean('production.confirmTokenUse', true),
  };
  return { settings, adjustments };
}

/** A finite number clamped to the range; anything else (a string, NaN, ±Infinity) is the fallback. */
export function clampNumber(value: unknown, range: NumberRange): { value: number; reason?: SettingAdjustment['reason'] } {
  if (typeof value !== 'number') return { value: range.fallback, reason: 'wrongType' };
  if (!Number.isFinite(value)) return { value: range.fallback, reason: 'notFinite' };
  if (value < range.min) return { value: range.min, reason: 'belowMinimum' };
  if (value > range.max) return { value: range.max, reason: 'aboveMaximum' };
  return { value };
}

function checkName(value: unknown, fallback: string): { value: string; reason?: SettingAdjustment['reason'] } {
  if (typeof value !== 'string') return { value: fallback, reason: 'wrongType' };
  return value.length <= MAX_NAME_LENGTH && isPortableName(value) ? { value } : { value: fallback, reason: 'notAllowed' };
}

/** An array of language ids (`*` for all); entries that are not short strings are dropped. */
function checkLanguages(value: unknown): { value: readonly string[]; reason?: SettingAdjustment['reason'] } {
  if (!Array.isArray(value)) return { value: ['*'], reason: 'wrongType' };
  const kept = value.filter((entry): entry is string => typeof entry === 'string' && entry.length > 0 && entry.length <= MAX_NAME_LENGTH).slice(0, MAX_LANGUAGES);
  return kept.length === value.length ? { value: kept } : { value: kept, reason: 'notAllowed' };
}
