/**
 * A setting the extension could not use as written, in words for the log (English, like every log line):
 * which setting, a short form of the value written, what is used instead.
 */
import type { SettingAdjustment } from '../../../core/settingsRules';

export function describeAdjustment(adjustment: SettingAdjustment): string {
  const why = {
    wrongType: 'is not of the declared type',
    notFinite: 'is not a finite number',
    belowMinimum: 'is below the minimum',
    aboveMaximum: 'is above the maximum',
    notAllowed: 'is not an allowed value',
  }[adjustment.reason];
  return `konexus.${adjustment.key}: ${shortForm(adjustment.raw)} ${why}; using ${shortForm(adjustment.used)}`;
}

function shortForm(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
