/**
 * `konexus.reviewSecrets`: what the extension keeps in SecretStorage, by profile and kind, never a value
 * (the model: core/tokens/storedSecrets.ts). Orphans, which no profile uses, can be deleted; "Sign out of all
 * profiles" deletes every secret and cached token and keeps the profiles.
 */
import * as vscode from 'vscode';
import { isObject } from '../platform/model/commandArgs';
import { KonexusError } from '../core/errors';
import { parseClientKeySet } from '../core/tokens/clientKeys';
import { deleteOrphanSecrets, groupByProfiles, listStoredSecrets, type StoredSecret, type StoredSecretList } from '../core/tokens/storedSecrets';
import type { Services } from '../platform/services';
import { describeClientKeys, summarizeClientKeySet } from './model/clientKeyPrompts';
import { authorityHost } from './model/secretPrompts';

type ReviewResult = StoredSecretList | { readonly deleted: readonly string[] } | { readonly signedOut: readonly string[] } | undefined;

/**
 * With `{action: 'list'}` returns the classified keys (keys and kinds, never values); `{action:
 * 'deleteOrphans', keys?}` deletes the orphans (of `keys`) and returns `{deleted}`; `{action: 'signOutAll'}`
 * returns `{signedOut}`. An argument object runs without prompts, as every command's does. Without one: a
 * QuickPick, and a modal confirmation before anything is deleted. Undefined when cancelled.
 */
export async function reviewStoredSecrets(services: Services, secrets: vscode.SecretStorage, arg?: unknown): Promise<ReviewResult> {
  if (!isObject(arg)) return reviewInteractively(services, secrets);
  switch (arg.action) {
    case 'list':
      return list(services, secrets);
    case 'deleteOrphans': {
      const keys = Array.isArray(arg.keys) ? arg.keys.filter((k): k is string => typeof k === 'string') : undefined;
      return { deleted: await deleteOrphans(services, secrets, keys) };
    }
    case 'signOutAll':
      return { signedOut: await services.tokens.signOutAll() };
    default:
      throw new KonexusError('invalid_request', { area: 'token', kind: 'notOneOf', field: 'action', allowed: ['list', 'deleteOrphans', 'signOutAll'] });
  }
}

async function list(services: Services, secrets: vscode.SecretStorage): Promise<StoredSecretList> {
  const listed = await listStoredSecrets(secrets, services.tokens.profiles());
  return { ...listed, secrets: await Promise.all(listed.secrets.map(secret => withClientKey(secrets, secret))) };
}

/**
 * A client-secret entry that holds a key set (private_key_jwt) says so, with its algorithms and key count:
 * the value is read and parsed here to tell, and only that summary leaves this function.
 */
async function withClientKey(secrets: vscode.SecretStorage, secret: StoredSecret): Promise<StoredSecret> {
  if (secret.kind !== 'clientSecret') return secret;
  const value = await secrets.get(secret.key);
  const set = value === undefined ? undefined : parseClientKeySet(value);
  if (!set) return secret;
  return { ...secret, clientKey: summarizeClientKeySet(set) };
}

async function deleteOrphans(services: Services, secrets: vscode.SecretStorage, keys: readonly string[] | undefined): Promise<string[]> {
  const deleted = await deleteOrphanSecrets(secrets, services.tokens.profiles(), keys);
  services.log.info(`[reviewSecrets] deleted ${deleted.length} orphaned key(s): ${deleted.join(', ') || 'none'}`);
  return deleted;
}

type ReviewItem = vscode.QuickPickItem & { readonly action?: 'deleteOrphans' | 'signOutAll'; readonly secret?: StoredSecret };

const KIND_ICONS: Record<StoredSecret['kind'], string> = { clientSecret: '$(key)', token: '$(shield)', unknown: '$(question)' };

function kindName(secret: StoredSecret): string {
  if (secret.clientKey) return vscode.l10n.t('Client key ({0})', describeClientKeys(secret.clientKey));
  return secret.kind === 'clientSecret' ? vscode.l10n.t('Client secret') : secret.kind === 'token' ? vscode.l10n.t('Cached token') : vscode.l10n.t('Unknown Konexus key');
}

/** "client at host", or the key itself for a key of no known form. */
function whose(secret: StoredSecret): string {
  return secret.clientId ? vscode.l10n.t('{0} at {1}', secret.clientId, authorityHost(secret.authority ?? '')) : secret.key;
}

function secretItem(secret: StoredSecret): ReviewItem {
  return {
    label: `${KIND_ICONS[secret.kind]} ${kindName(secret)}`,
    description: secret.orphan ? `${whose(secret)} · ${vscode.l10n.t('orphan')}` : whose(secret),
    detail: secret.scope === undefined ? undefined : vscode.l10n.t('Scope: {0}', secret.scope),
    secret,
  };
}

/** The list grouped by the profiles that use each key; orphans last. */
function groupedItems(secrets: readonly StoredSecret[]): ReviewItem[] {
  return groupByProfiles(secrets).flatMap(group => [
    { label: group.profiles.length === 1 ? vscode.l10n.t('Profile {0}', group.profiles.join(''))
      : group.profiles.length ? vscode.l10n.t('Profiles {0} (shared)', group.profiles.join(', ')) : vscode.l10n.t('Orphans: no profile uses them'), kind: vscode.QuickPickItemKind.Separator },
    ...group.secrets.map(secretItem),
  ]);
}

async function reviewInteractively(services: Services, secrets: vscode.SecretStorage): Promise<ReviewResult> {
  const listed = await list(services, secrets);
  const orphans = listed.secrets.filter(s => s.orphan);
  const profiles = services.tokens.profiles();
  const actions: ReviewItem[] = [];
  if (orphans.length) actions.push({ label: `$(trash) ${vscode.l10n.t('Delete orphans…')}`, description: vscode.l10n.t('{0} key(s) no profile uses', orphans.length), action: 'deleteOrphans' });
  if (profiles.length) actions.push({ label: `$(sign-out) ${vscode.l10n.t('Sign out of all profiles…')}`, description: vscode.l10n.t('Deletes every client secret and cached token; keeps the profiles'), action: 'signOutAll' });
  const placeHolder = listed.complete
    ? vscode.l10n.t('What Konexus keeps in SecretStorage (never the values): pick an orphan to delete it')
    : vscode.l10n.t('This VS Code cannot list stored keys (1.105 can): only your profiles\' secrets and tokens are shown, and orphans cannot be found');
  const items: ReviewItem[] = [...actions, ...groupedItems(listed.secrets)];
  if (!listed.secrets.length) items.push({ label: vscode.l10n.t('Nothing stored') });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Konexus: Review Stored Secrets'), placeHolder, ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.action === 'signOutAll') {
    if (!(await confirmSignOutAll(profiles.map(p => p.name)))) return undefined;
    const signedOut = await services.tokens.signOutAll();
    void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Konexus: signed out of {0} profile(s)', signedOut.length)}`, 3000);
    return { signedOut };
  }
  const chosen = picked.action === 'deleteOrphans' ? await pickOrphans(orphans) : picked.secret?.orphan ? [picked.secret] : undefined;
  if (!chosen?.length || !(await confirmDeletion(chosen))) return undefined;
  const deleted = await deleteOrphans(services, secrets, chosen.map(s => s.key));
  void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Konexus: {0} orphaned key(s) deleted', deleted.length)}`, 3000);
  return { deleted };
}

async function pickOrphans(orphans: readonly StoredSecret[]): Promise<StoredSecret[] | undefined> {
  const picked = await vscode.window.showQuickPick(orphans.map(secret => ({ ...secretItem(secret), picked: true })), {
    title: vscode.l10n.t('Konexus: Delete Orphaned Secrets'), placeHolder: vscode.l10n.t('The checked keys are deleted'), canPickMany: true, ignoreFocusOut: true,
  });
  return picked?.map(item => item.secret).filter((s): s is StoredSecret => s !== undefined);
}

/** A modal dialog; a dismissed or refused one (the test-mode workbench refuses dialogs) is a no. */
async function confirm(message: string, detail: string, yes: string): Promise<boolean> {
  try {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, yes)) === yes;
  } catch {
    return false;
  }
}

function confirmDeletion(chosen: readonly StoredSecret[]): Promise<boolean> {
  const names = chosen.map(s => `${kindName(s)}: ${whose(s)}`);
  return confirm(
    vscode.l10n.t('Delete {0} orphaned key(s) from SecretStorage?', chosen.length),
    `${names.join('\n')}\n\n${vscode.l10n.t('No profile uses them. This cannot be undone.')}`,
    vscode.l10n.t('Delete'),
  );
}

function confirmSignOutAll(names: readonly string[]): Promise<boolean> {
  return confirm(
    vscode.l10n.t('Sign out of all {0} Konexus profile(s)?', names.length),
    `${names.join(', ')}\n\n${vscode.l10n.t('Every client secret and cached token is deleted. The profiles are kept: Update Client Secret signs in again.')}`,
    vscode.l10n.t('Sign Out of All'),
  );
}
