import * as vscode from 'vscode';
import { KonexusError, isKonexusError } from '../core/errors';
import type { IssuedToken } from '../core/tokens/tokenClient';
import { formatDuration } from '../platform/model/words/timeWords';
import { errorText } from '../platform/model/words/errorWords';
import { tokenKeptText } from '../platform/model/words/tokenErrorWords';
import type { Services } from '../platform/services';
import type { ProductionGate } from './productionGate';
import { isObject, profileNameOf } from '../platform/model/commandArgs';

/**
 * A refresh answered within this time shows no progress: it would only flash in the status bar, and asking
 * the workbench to draw it costs the request time (2 ms of a 5 ms refresh in VS Code for the Web).
 */
const PROGRESS_DELAY_MS = 250;

/** `work`, with a progress indicator in the window's status bar once it takes longer than PROGRESS_DELAY_MS. */
function withProgressIfSlow<T>(services: Services, title: string, work: Promise<T>): Promise<T> {
  const timer = services.clock.setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => work.catch(() => undefined));
  }, PROGRESS_DELAY_MS);
  const stop = () => services.clock.clearTimeout(timer);
  work.then(stop, stop);
  return work;
}

/** `konexus.refreshToken` {profile}: asks the server now, whatever the current token's age. */
export async function refreshToken(services: Services, arg?: unknown): Promise<{ profile: string; expiresAt: number } | undefined> {
  const name = profileNameOf(arg) ?? services.tokens.activeProfile()?.name;
  let token: IssuedToken;
  try {
    token = await withProgressIfSlow(services, vscode.l10n.t('Konexus: refreshing token'), services.tokens.getToken(name, { force: true, byUser: true }));
  } catch (error) {
    throw await withTimeLeft(services, name, error);
  }
  const profile = name ?? services.tokens.activeProfile()?.name ?? '';
  if (!isObject(arg)) {
    void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Konexus: new token for {0}, valid {1}', profile, formatDuration(token.expiresAt - services.clock.now()))}`, 4000);
  }
  return { profile, expiresAt: token.expiresAt };
}

/**
 * A failed refresh leaves the last token in use while it is valid: the message says so, with its time left,
 * so the user knows nothing stopped working yet.
 */
async function withTimeLeft(services: Services, name: string | undefined, error: unknown): Promise<unknown> {
  if (!isKonexusError(error) || name === undefined) return error;
  const left = ((await services.tokens.tokenState(name))?.token?.expiresAt ?? 0) - services.clock.now();
  if (left <= 0) return error;
  return KonexusError.withWords(error.code, tokenKeptText(errorText(error), left), {
    status: error.status, retryAfterMs: error.retryAfterMs, serverDescription: error.serverDescription, operation: error.operation, cause: error,
  });
}

/**
 * The token for the clipboard. A production profile's token goes only after the once-per-window modal, or
 * when an argument object says `confirmProduction: true` (a caller acting deliberately).
 */
async function currentToken(services: Services, production: ProductionGate, arg: unknown): Promise<IssuedToken> {
  const name = profileNameOf(arg);
  const profile = name ? services.tokens.profile(name) : services.tokens.activeProfile();
  if (profile) await production.confirm(profile, 'clipboard', { preconfirmed: isObject(arg) && arg.confirmProduction === true });
  return services.tokens.getToken(name);
}

/** `konexus.copyToken`: the raw access token to the clipboard (the user asked for it). */
export async function copyToken(services: Services, production: ProductionGate, arg?: unknown): Promise<boolean> {
  const token = await currentToken(services, production, arg);
  await vscode.env.clipboard.writeText(token.accessToken);
  void vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Konexus: access token copied')}`, 3000);
  return true;
}

/** `konexus.copyAuthorizationHeader`: `Authorization: Bearer <token>`. */
export async function copyAuthorizationHeader(services: Services, production: ProductionGate, arg?: unknown): Promise<boolean> {
  const token = await currentToken(services, production, arg);
  await vscode.env.clipboard.writeText(`Authorization: Bearer ${token.accessToken}`);
  void vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Konexus: Authorization header copied')}`, 3000);
  return true;
}

/**
 * `konexus.copyCurl`: the profile's token request as a curl command, exactly as the Konexus docs show it,
 * with the secret read from `$KONEXUS_CLIENT_SECRET` so the clipboard never holds it. It holds no token
 * either, so a production profile needs no confirmation here.
 */
export async function copyCurl(services: Services, arg?: unknown): Promise<string> {
  const name = profileNameOf(arg);
  const profile = name ? services.tokens.profile(name) : services.tokens.activeProfile();
  if (!profile) throw new KonexusError('unknown_profile', { area: 'token', kind: 'noProfile' });
  const metadata = await services.discovery.get(profile.authority);
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const command = [
    `curl -sS -X POST ${quote(metadata.tokenEndpoint)}`,
    `  -H 'Content-Type: application/x-www-form-urlencoded'`,
    `  --data-urlencode ${quote(`client_id=${profile.clientId}`)}`,
    `  --data-urlencode "client_secret=$KONEXUS_CLIENT_SECRET"`,
    `  --data-urlencode 'grant_type=client_credentials'`,
    `  --data-urlencode ${quote(`scope=${profile.scope}`)}`,
  ].join(' \\\n');
  await vscode.env.clipboard.writeText(command);
  void vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Konexus: curl copied (set KONEXUS_CLIENT_SECRET first)')}`, 4000);
  return command;
}

export function showLog(services: Services): void {
  services.log.show();
}
