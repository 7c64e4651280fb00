import type { TokenState } from '../core/tokenManager';

/** What the status bar shows for a profile's token state: pure, so it is tested without VS Code. */
export interface StatusView {
  readonly text: string;
  readonly severity: 'normal' | 'warning' | 'error';
  /** When the text would change next (ms on the same clock), or undefined if only an event changes it. */
  readonly nextChangeAt: number | undefined;
  readonly summary: string;
}

const MIN = 60_000;
export const EXPIRING_SOON_MS = 5 * MIN;

/** "42m", "1h 05m", "<1m": minute resolution so the bar never needs a per-second timer. */
export function formatTimeLeft(ms: number): string {
  if (ms < MIN) return '<1m';
  const minutes = Math.floor(ms / MIN);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function statusView(profile: string, state: TokenState | undefined, now: number): StatusView {
  const label = `Konexus · ${profile}`;
  if (!state || state.status === 'empty' || state.status === 'disposed') {
    return { text: `$(key) ${label} · no token`, severity: 'normal', nextChangeAt: undefined, summary: 'No token yet: it is fetched when first needed. Click for actions.' };
  }
  const token = state.token;
  const left = token ? token.expiresAt - now : 0;
  const valid = token !== undefined && left > 0;
  if (state.status === 'refreshing') {
    return { text: `$(sync~spin) ${label}${valid ? ` · ${formatTimeLeft(left)}` : ''}`, severity: 'normal', nextChangeAt: undefined, summary: 'Fetching a new token…' };
  }
  // The displayed minute changes when `left` crosses the next whole minute.
  const nextChangeAt = valid ? now + (left % MIN || MIN) : undefined;
  if (state.status === 'failed' || state.status === 'retrying') {
    const problem = state.lastError?.message ?? 'the last request failed';
    if (valid) {
      return { text: `$(warning) ${label} · ${formatTimeLeft(left)}`, severity: 'warning', nextChangeAt, summary: `Still valid, but the last refresh failed: ${problem}` };
    }
    return { text: `$(error) ${label} · ${state.status === 'failed' ? 'failed' : 'expired'}`, severity: 'error', nextChangeAt: undefined, summary: problem };
  }
  if (!valid) {
    return { text: `$(error) ${label} · expired`, severity: 'error', nextChangeAt: undefined, summary: 'The token has expired; a new one is fetched on next use.' };
  }
  const soon = left <= EXPIRING_SOON_MS;
  return {
    text: `$(key) ${label} · ${formatTimeLeft(left)}`,
    severity: soon ? 'warning' : 'normal',
    // Expiry is itself a change: make sure we wake for it even inside the last minute.
    nextChangeAt: Math.min(nextChangeAt ?? Infinity, token.expiresAt),
    summary: soon ? 'The token expires soon and is being renewed.' : 'The token is valid.',
  };
}
