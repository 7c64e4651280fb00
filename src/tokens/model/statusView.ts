import * as l10n from '@vscode/l10n';
import { formatTimeLeft } from '../../platform/model/words/timeWords';
import type { TokenState } from '../../core/tokens/tokenState';
import { errorText } from '../../platform/model/words/errorWords';

/** What the status bar shows for a profile's token state: pure, so it is tested without VS Code. */
export interface StatusView {
  readonly text: string;
  readonly severity: 'normal' | 'warning' | 'error';
  /** When the text would change next (ms on the same clock), or undefined if only an event changes it. */
  readonly nextChangeAt: number | undefined;
  readonly summary: string;
}

const MIN = 60_000;
const EXPIRING_SOON_MS = 5 * MIN;

/**
 * `signedOut`: the profile has no stored secret (signed out, or removed in another window). Shown only
 * while there is no token either: a token still valid keeps working until it expires.
 */
export function statusView(profile: string, state: TokenState | undefined, now: number, signedOut = false, production = false): StatusView {
  const view = plainStatusView(profile, state, now, signedOut, production);
  // Production says so in words and with its own icon; failures keep theirs ($(error), $(warning)).
  return production ? { ...view, text: view.text.replace(/^\$\(key\)/, '$(flame)') } : view;
}

function plainStatusView(profile: string, state: TokenState | undefined, now: number, signedOut: boolean, production: boolean): StatusView {
  const label = production
    ? `Konexus · ${profile} · ${l10n.t({ message: 'PRODUCTION', comment: ['status bar: the profile sends real notifications; short, upper case'] })}`
    : `Konexus · ${profile}`;
  if (signedOut && !(state?.token && state.token.expiresAt > now)) {
    return { text: `$(sign-in) ${label} · ${l10n.t('signed out')}`, severity: 'normal', nextChangeAt: undefined, summary: l10n.t('Signed out: no client secret is stored for this profile. Click to enter it and sign in again.') };
  }
  if (!state || state.status === 'empty' || state.status === 'disposed') {
    return { text: `$(key) ${label} · ${l10n.t('no token')}`, severity: 'normal', nextChangeAt: undefined, summary: l10n.t('No token yet: it is fetched when first needed. Click for actions.') };
  }
  const token = state.token;
  const left = token ? token.expiresAt - now : 0;
  const valid = token !== undefined && left > 0;
  if (state.status === 'refreshing') {
    return { text: `$(sync~spin) ${label}${valid ? ` · ${formatTimeLeft(left)}` : ''}`, severity: 'normal', nextChangeAt: undefined, summary: l10n.t('Fetching a new token…') };
  }
  // The displayed minute changes when `left` crosses the next whole minute.
  const nextChangeAt = valid ? now + (left % MIN || MIN) : undefined;
  if (state.status === 'failed' || state.status === 'retrying') {
    const problem = state.lastError ? errorText(state.lastError) : l10n.t('the last request failed');
    if (valid) {
      return { text: `$(warning) ${label} · ${formatTimeLeft(left)}`, severity: 'warning', nextChangeAt, summary: l10n.t('Still valid, but the last refresh failed: {0}', problem) };
    }
    return { text: `$(error) ${label} · ${state.status === 'failed' ? l10n.t('failed') : l10n.t('expired')}`, severity: 'error', nextChangeAt: undefined, summary: problem };
  }
  if (!valid) {
    return { text: `$(error) ${label} · ${l10n.t('expired')}`, severity: 'error', nextChangeAt: undefined, summary: l10n.t('The token has expired; a new one is fetched on next use.') };
  }
  const soon = left <= EXPIRING_SOON_MS;
  return {
    text: `$(key) ${label} · ${formatTimeLeft(left)}`,
    severity: soon ? 'warning' : 'normal',
    // Expiry is itself a change: make sure we wake for it even inside the last minute.
    nextChangeAt: Math.min(nextChangeAt ?? Infinity, token.expiresAt),
    summary: soon ? l10n.t('The token expires soon and is being renewed.') : l10n.t('The token is valid.'),
  };
}
