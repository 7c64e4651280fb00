/**
 * Times as a person reads them in a hover or a check reason: "in 42 min", "3 h ago",
 * "2025-07-29 20:20:42 UTC". One coarse unit, truncated toward zero, so a countdown never overstates
 * the time left ("in 59 s" when 59.9 s remain).
 */
import * as l10n from '@vscode/l10n';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "42 min" for a length of time; `ms` is taken as an absolute value. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return l10n.t('an unknown time');
  const abs = Math.abs(ms);
  if (abs < MINUTE) return l10n.t({ message: '{0} s', args: [Math.floor(abs / SECOND)], comment: ['a length of time in seconds'] });
  if (abs < HOUR) return l10n.t({ message: '{0} min', args: [Math.floor(abs / MINUTE)], comment: ['a length of time in minutes'] });
  if (abs < DAY) return l10n.t({ message: '{0} h', args: [Math.floor(abs / HOUR)], comment: ['a length of time in hours'] });
  return l10n.t({ message: '{0} d', args: [Math.floor(abs / DAY).toLocaleString('en-US')], comment: ['a length of time in days'] });
}

/**
 * "42m", "1h 05m", "<1m": a token's time left as short as possible (status bar, CodeLens), truncated to
 * the minute, so a view showing it needs no per-second timer.
 */
export function formatTimeLeft(ms: number): string {
  if (ms < MINUTE) return l10n.t({ message: '<1m', comment: ['less than a minute left, as short as possible'] });
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return l10n.t({ message: '{0}m', args: [minutes], comment: ['minutes left, as short as possible'] });
  return l10n.t({ message: '{0}h {1}m', args: [Math.floor(minutes / 60), String(minutes % 60).padStart(2, '0')], comment: ['hours and minutes left, as short as possible'] });
}

/**
 * "in 42 min" for a moment `deltaMs` ahead, "3 h ago" for one behind, "now" within a second.
 * The unit boundaries: under 60 s in seconds, under 60 min in minutes, under 24 h in hours, then days.
 */
export function formatRelative(deltaMs: number): string {
  if (!Number.isFinite(deltaMs)) return l10n.t('at an unknown time');
  if (Math.abs(deltaMs) < SECOND) return l10n.t('now');
  const span = formatDuration(deltaMs);
  return deltaMs > 0
    ? l10n.t({ message: 'in {0}', args: [span], comment: ['{0} is a length of time such as "42 min"'] })
    : l10n.t({ message: '{0} ago', args: [span], comment: ['{0} is a length of time such as "3 h"'] });
}

/**
 * "2025-07-29 20:20:42 UTC": unambiguous and sortable, the same for every user's locale. Built from the UTC
 * fields rather than cut out of toISOString(), which costs 3× as much (two of these per verification).
 */
export function formatUtc(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return l10n.t('an invalid date');
  const year = date.getUTCFullYear();
  // Years outside 0000–9999 come out of toISOString as "+010000-…": show those as they are rather than cut them.
  if (year < 0 || year > 9999) return date.toISOString();
  return `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A NumericDate (seconds since the epoch) as an ISO 8601 instant without milliseconds: "2025-07-29T20:20:42Z". */
export function isoFromSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(date.getTime())) return l10n.t('an invalid date');
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
