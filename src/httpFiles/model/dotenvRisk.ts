/**
 * The risks of writing the user's token into a `.env`, and which values there it may overwrite. No `vscode`
 * import: the decisions are pure, `locateDotenv` asks the local file system with node's fs (all tested in
 * plain Node, against real symbolic links), and what the confirmation says (dotenvConfirmationText).
 *
 *   untrusted    the window is in Restricted Mode: the folder's authors are not trusted, yet its `.env` would
 *                hold a live token, readable by whoever put the folder there
 *   linkOutside  the `.env` (or a folder on its path) is a symbolic link that leads outside every workspace
 *                folder: a trusted folder can carry a planted link too, and the token would land elsewhere
 *   linkUnresolved  it is a symbolic link, and where it leads could not be determined
 *   tracked      git tracks the file the write would land in (a link is judged by its target): the next
 *                commit would carry the token, and ignoring the file afterwards does not help
 *
 * A plain `.env` (or a link that stays inside the workspace) that git does not track, in a trusted workspace,
 * needs no confirmation. Whether git tracks it is asked through an injected function (the hardened git runner,
 * which runs nothing in Restricted Mode, where `untrusted` asks anyway).
 */
import * as l10n from '@vscode/l10n';
import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { decodeJwt } from '../../core/jwt';
import { isInside } from '../../core/paths';

/** Where a write to the `.env` would land, as the file system says now. */
export interface DotenvLocation {
  /** The `.env` as named: beside the .http file. */
  readonly path: string;
  /** Where the bytes would go, every symbolic link resolved; undefined when that could not be determined. */
  readonly realPath: string | undefined;
  /** Whether the file at `realPath` exists (a write would otherwise create it). */
  readonly exists: boolean;
  /** `file`: the `.env` itself is a symbolic link; `folder`: a folder on its path is one; undefined: no link. */
  readonly link?: 'file' | 'folder';
  /** The real paths of the workspace folders (links resolved); empty when no folder is open. */
  readonly workspaceFolders: readonly string[];
  /** Git tracks the file at `realPath`; absent when it does not, or could not say. */
  readonly tracked?: true;
}

/** Whether git tracks the file at this real path; undefined when git cannot say. */
export type TrackedByGit = (realPath: string) => Promise<boolean | undefined>;

export type DotenvRisk = 'untrusted' | 'linkOutside' | 'linkUnresolved' | 'tracked';

export type DotenvWriteDecision =
  | { readonly confirm: false }
  | { readonly confirm: true; readonly reasons: readonly DotenvRisk[] };

/**
 * Whether writing a token to `location` needs the user's confirmation, and why (in this order).
 * `workspaceTrusted`: Restricted Mode is off.
 */
export function dotenvWriteDecision(workspaceTrusted: boolean, location: DotenvLocation): DotenvWriteDecision {
  const reasons: DotenvRisk[] = [];
  if (!workspaceTrusted) reasons.push('untrusted');
  if (location.link !== undefined) {
    if (location.realPath === undefined) reasons.push('linkUnresolved');
    else if (!location.workspaceFolders.some(folder => isInside(location.realPath!, folder))) reasons.push('linkOutside');
  }
  if (location.tracked) reasons.push('tracked');
  return reasons.length ? { confirm: true, reasons } : { confirm: false };
}

/** The log's short form of the reasons (no path, no token). */
export function describeRisks(reasons: readonly DotenvRisk[]): string {
  return reasons.join(', ');
}

/**
 * Where a write to `path` would land on the local file system: follows symbolic links, also one that leads
 * to a file that does not exist yet (writing through it would create that file). `workspaceFolders` are
 * resolved too, so a folder opened through a link still contains its own files. With `trackedByGit`, also
 * whether git tracks the file at the real path (the link's target, not the link). Never rejects.
 */
export async function locateDotenv(path: string, workspaceFolders: readonly string[], trackedByGit?: TrackedByGit): Promise<DotenvLocation> {
  const location = await locate(path, workspaceFolders);
  if (!trackedByGit || location.realPath === undefined) return location;
  const tracked = await trackedByGit(location.realPath).catch(() => undefined);
  return tracked ? { ...location, tracked } : location;
}

async function locate(path: string, workspaceFolders: readonly string[]): Promise<DotenvLocation> {
  const folders = (await Promise.all(workspaceFolders.map(folder => realpath(folder).catch(() => folder))));
  const stats = await lstat(path).catch(() => undefined);
  if (stats?.isSymbolicLink()) {
    const realPath = await resolveThroughLinks(path);
    const exists = realPath !== undefined && (await lstat(realPath).then(() => true, () => false));
    return { path, realPath, exists, link: 'file', workspaceFolders: folders };
  }
  const folder = await realpath(dirname(path)).catch(() => undefined);
  const realPath = folder === undefined ? undefined : join(folder, basename(path));
  const link = realPath !== undefined && realPath !== resolve(path) ? 'folder' as const : undefined;
  return { path, realPath, exists: stats !== undefined, ...(link ? { link } : {}), workspaceFolders: folders };
}

const MAX_LINKS = 40;

/** The real path `path` leads to, existing or not (a dangling link's target); undefined on a loop or an error. */
async function resolveThroughLinks(path: string, hops = 0): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT' || hops > MAX_LINKS) return undefined;
  }
  // Something along the way does not exist: the link's own target, or the file it would create.
  const folder = await realpath(dirname(path)).catch(() => undefined);
  if (folder === undefined) return undefined;
  const here = join(folder, basename(path));
  const stats = await lstat(here).catch(() => undefined);
  if (!stats) return here;
  if (!stats.isSymbolicLink()) return undefined;
  const target = await readlink(here).catch(() => undefined);
  return target === undefined ? undefined : resolveThroughLinks(resolve(folder, target), hops + 1);
}

/** The modal dialog's text: `message` (its title) and `detail`. Names the file and the profile, never the token. */
export interface DotenvConfirmationText {
  readonly message: string;
  readonly detail: string;
}

export function dotenvConfirmationText(reasons: readonly DotenvRisk[], location: DotenvLocation, profile: string): DotenvConfirmationText {
  const untrusted = reasons.includes('untrusted');
  const outside = reasons.includes('linkOutside');
  const tracked = reasons.includes('tracked');
  const message = untrusted
    ? l10n.t('Write the access token of profile "{0}" into a file of a folder in Restricted Mode?', profile)
    : outside
      ? l10n.t('Write the access token of profile "{0}" to a file outside this workspace?', profile)
      : tracked
        ? l10n.t('Write the access token of profile "{0}" into a file git tracks?', profile)
        : l10n.t('Write the access token of profile "{0}" through a symbolic link?', profile);

  const lines: string[] = [];
  const target = location.realPath;
  if (location.link === 'file' && target !== undefined) {
    lines.push(outside
      ? l10n.t('{0} is a symbolic link: the token would be written to {1}, outside the workspace folder.', location.path, target)
      : l10n.t('{0} is a symbolic link: the token would be written to {1}.', location.path, target));
  } else if (location.link === 'folder' && target !== undefined) {
    lines.push(outside
      ? l10n.t('{0} is reached through a symbolic link: the token would be written to {1}, outside the workspace folder.', location.path, target)
      : l10n.t('{0} is reached through a symbolic link: the token would be written to {1}.', location.path, target));
  } else if (location.link !== undefined) {
    lines.push(l10n.t('{0} is a symbolic link, and where it leads could not be determined. The token would be written wherever it leads.', location.path));
  } else {
    lines.push(l10n.t('The token would be written to {0}.', location.path));
  }
  if (!location.exists && target !== undefined) lines.push(l10n.t('That file does not exist yet: it would be created.'));
  if (tracked) lines.push(l10n.t('Git tracks {0}: the next commit would include the token, and adding the file to .gitignore does not change that. Run `git rm --cached` on it first, or cancel.', target ?? location.path));
  if (untrusted) lines.push(l10n.t('You have not trusted the authors of this folder: its files may have been put there to collect your token.'));
  lines.push(l10n.t('Anyone who can read that file can use the token to call the API as the client of profile "{0}" until the token expires. While this window is open, Konexus also writes each new token there.', profile));
  lines.push(l10n.t('Cancel writes nothing and leaves the request unchanged.'));
  return { message, detail: lines.join('\n\n') };
}

/**
 * Which `.env` values a profile's token may overwrite. The key comes from a setting (`httpFiles.dotenvKey`)
 * and a workspace could point it at an entry of the user's own (`DATABASE_URL`, `GITHUB_TOKEN`): the token
 * writer overwrites only an empty value or a client-credentials access token (a JWT with `iss` and
 * `client_id`: one a profile was issued, a token of a profile since removed, or one a cloned folder planted
 * there), never anything else.
 */
export function isReplaceableDotenvValue(value: string): boolean {
  if (value.trim() === '') return true;
  const decoded = decodeJwt(value);
  if (!decoded.ok) return false;
  const { iss, client_id: clientId } = decoded.token.claims;
  return typeof iss === 'string' && typeof clientId === 'string';
}
