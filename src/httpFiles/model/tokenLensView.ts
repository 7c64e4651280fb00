/**
 * What the CodeLens above a request says about the token its Authorization header uses, and what a click
 * does. Pure: the provider (tokenCodeLens.ts) turns a view into a `vscode.CodeLens`.
 *
 *   $(key) Konexus · demo · valid 42m         click: refresh now
 *   $(warning) Konexus · demo · expired       click: refresh now
 *   $(key) Konexus · demo · write token to .env    the header is ours but its .env is not kept yet
 *   $(key) Konexus · demo · write token to .env…   the same in Restricted Mode: a click asks first
 *   $(shield) Konexus · demo · .env paused         kept, but not written in Restricted Mode (or through a
 *                                                  link leading outside) until the user confirms
 */
import * as l10n from '@vscode/l10n';
import { authorityKey, parseAuthority } from '../../core/authority';
import { formatTimeLeft } from '../../platform/model/words/timeWords';
import type { TokenState } from '../../core/tokens/tokenState';
import type { HeaderStyle } from '../../core/settingsRules';
import type { DotenvRisk } from './dotenvRisk';
import { errorText } from '../../platform/model/words/errorWords';

export type LensAction =
  | { readonly kind: 'refresh'; readonly profile: string }
  | { readonly kind: 'addProfile' }
  /** Run Insert Bearer Header on this request with this style (writes the .env / the variable). */
  | { readonly kind: 'insert'; readonly style: HeaderStyle };

export interface LensView {
  readonly title: string;
  readonly tooltip: string;
  readonly action: LensAction;
  /** When the title would change next (clock ms), or undefined if only an event changes it. */
  readonly nextChangeAt: number | undefined;
}

const MINUTE = 60_000;

/** The lens of a request whose header reads the token of `profile` (through the .env or a file variable). */
export function profileTokenLens(profile: string | undefined, state: TokenState | undefined, now: number): LensView {
  if (profile === undefined) {
    return { title: `$(key) Konexus · ${l10n.t('add a profile')}`, tooltip: l10n.t('No Konexus profile yet: add client credentials to get a token.'), action: { kind: 'addProfile' }, nextChangeAt: undefined };
  }
  const label = `Konexus · ${profile}`;
  const refresh: LensAction = { kind: 'refresh', profile };
  const token = state?.token;
  const left = token ? token.expiresAt - now : 0;
  const valid = token !== undefined && left > 0;
  if (state?.status === 'refreshing') {
    return { title: `$(sync~spin) ${label} · ${l10n.t('refreshing')}`, tooltip: l10n.t('Fetching a new token…'), action: refresh, nextChangeAt: undefined };
  }
  if (valid) {
    const failing = state?.status === 'failed' || state?.status === 'retrying';
    return {
      title: `${failing ? '$(warning)' : '$(key)'} ${label} · ${l10n.t({ message: 'valid {0}', args: [formatTimeLeft(left)], comment: ['{0} is the time left, such as "42m"'] })}`,
      tooltip: failing
        ? l10n.t('Still valid, but the last refresh failed: {0}. Click to try again.', state?.lastError ? errorText(state.lastError) : l10n.t('unknown error'))
        : l10n.t('The token this request uses is valid and is renewed before it expires. Click to refresh it now.'),
      action: refresh,
      // The shown minute changes when `left` crosses the next whole minute; expiry itself is a change.
      nextChangeAt: Math.min(now + (left % MINUTE || MINUTE), token.expiresAt),
    };
  }
  if (state?.status === 'failed') {
    return { title: `$(error) ${label} · ${l10n.t('refresh failed')}`, tooltip: `${state.lastError ? errorText(state.lastError) : l10n.t('The last token request failed.')} ${l10n.t('Click to try again.')}`, action: refresh, nextChangeAt: undefined };
  }
  if (!token) {
    return { title: `$(key) ${label} · ${l10n.t('no token yet')}`, tooltip: l10n.t('No token yet. Click to fetch one.'), action: refresh, nextChangeAt: undefined };
  }
  return { title: `$(warning) ${label} · ${l10n.t('expired')}`, tooltip: l10n.t('The token has expired. Click to fetch a new one.'), action: refresh, nextChangeAt: undefined };
}

/**
 * A request using the style's reference while the extension does not keep its token up to date yet.
 * `restricted`: the folder is in Restricted Mode, so writing the .env asks first (the title ends in "…").
 */
export function unmanagedLens(style: 'dotenv' | 'fileVariable', profile: string | undefined, options: { restricted?: boolean } = {}): LensView {
  const label = profile === undefined ? 'Konexus' : `Konexus · ${profile}`;
  if (style === 'fileVariable') {
    return { title: `$(key) ${label} · ${l10n.t('set token variable')}`, tooltip: l10n.t('This request reads the token from a file variable the extension does not keep up to date yet. Click to set it to the current token.'), action: { kind: 'insert', style }, nextChangeAt: undefined };
  }
  return {
    title: `$(key) ${label} · ${l10n.t('write token to .env')}${options.restricted ? '…' : ''}`,
    tooltip: options.restricted
      ? l10n.t('This request reads the token from the .env beside the file. This folder is in Restricted Mode: click to see which file would receive your token, and confirm or cancel.')
      : l10n.t('This request reads the token from the .env beside the file, which the extension does not keep up to date yet. Click to write the current token there and keep it valid.'),
    action: { kind: 'insert', style },
    nextChangeAt: undefined,
  };
}

/**
 * A kept `.env` that new tokens do not reach: the folder is in Restricted Mode, the file is a link leading
 * outside the workspace, or git tracks it, and the user has not confirmed it in this window. A click asks, then writes.
 */
export function pausedDotenvLens(profile: string | undefined, reasons: readonly DotenvRisk[]): LensView {
  const label = profile === undefined ? 'Konexus' : `Konexus · ${profile}`;
  const restricted = reasons.includes('untrusted');
  const link = reasons.includes('linkOutside') || reasons.includes('linkUnresolved');
  return {
    title: `$(shield) ${label} · ${restricted ? l10n.t('.env paused in Restricted Mode') : link ? l10n.t('.env paused: symbolic link') : l10n.t('.env paused: tracked by git')}…`,
    tooltip: restricted
      ? l10n.t('This folder is in Restricted Mode, so Konexus does not write new tokens into its .env and the token there may have expired. Trust the folder, or click to see which file would receive your token and confirm.')
      : link
        ? l10n.t('This .env is a symbolic link leading outside the workspace, so Konexus does not write new tokens there and the token there may have expired. Click to see where it leads and confirm.')
        : l10n.t('Git tracks this .env, so a commit would carry the token: Konexus does not write new tokens there and the token there may have expired. Run `git rm --cached` on it, or click to confirm writing anyway.'),
    action: { kind: 'insert', style: 'dotenv' },
    nextChangeAt: undefined,
  };
}

/** What a literal token must match to be called a profile's. */
export interface LiteralOwnerCandidate {
  readonly name: string;
  readonly clientId: string;
  readonly authority: string;
}

/**
 * The profile a literal token belongs to: its `client_id` is the profile's client id AND its `iss` is the
 * profile's authority (compared normalised, as the inspector does); the active profile first. A token
 * another server issued for the same client id (a hostile workspace can write one) is not the profile's.
 */
export function literalTokenOwner<P extends LiteralOwnerCandidate>(claims: Readonly<Record<string, unknown>>, profiles: readonly P[], active: string | undefined): P | undefined {
  const issuer = issuerKey(claims.iss);
  if (issuer === undefined || typeof claims.client_id !== 'string') return undefined;
  const owners = profiles.filter(p => p.clientId === claims.client_id && issuerKey(p.authority) === issuer);
  return owners.find(p => p.name === active) ?? owners[0];
}

function issuerKey(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2048) return undefined;
  try {
    return authorityKey(parseAuthority(text));
  } catch {
    return undefined;
  }
}

/**
 * A token of `profile` (its client id and issuer) written literally in the header: its own `exp` (seconds), since
 * nothing renews it.
 */
export function literalTokenLens(profile: string, expSeconds: number | undefined, now: number): LensView {
  const replace: LensAction = { kind: 'insert', style: 'literal' };
  const label = `Konexus · ${profile} · ${l10n.t('literal token')}`;
  if (expSeconds === undefined) {
    return { title: `$(key) ${label} · ${l10n.t('no expiry')}`, tooltip: l10n.t('This token states no expiry. Literal tokens do not belong in committed files.'), action: replace, nextChangeAt: undefined };
  }
  const left = expSeconds * 1000 - now;
  if (left <= 0) {
    return { title: `$(warning) ${label} · ${l10n.t('expired')}`, tooltip: l10n.t('This literal token has expired. Click to put the current token in its place (the dotenv style keeps it valid by itself).'), action: replace, nextChangeAt: undefined };
  }
  return {
    title: `$(key) ${label} · ${l10n.t({ message: 'valid {0}', args: [formatTimeLeft(left)], comment: ['{0} is the time left, such as "42m"'] })}`,
    tooltip: l10n.t('A literal token is not renewed: it stops working when it expires. Click to put the current token in its place. Do not commit it.'),
    action: replace,
    nextChangeAt: Math.min(now + (left % MINUTE || MINUTE), expSeconds * 1000),
  };
}
