/**
 * Is the `.env` holding a token safe from `git add`? Asks git itself (`git check-ignore -q`, which applies
 * every .gitignore, .git/info/exclude and core.excludesFile), in the file's folder, through the hardened
 * GitRunner (core/git/gitRunner.ts: no git in an untrusted workspace, none of the repository's commands, a time limit).
 * No `vscode` import: node's fs only, tested in plain Node against real repositories.
 *
 *   exit 0     ignored
 *   exit 1     not ignored; then `git ls-files --error-unmatch` tells whether git already tracks it (ignore
 *              rules do not apply to a tracked file: adding it to .gitignore would not help)
 *   exit 128   "not a git repository": nothing can be committed today, but a later `git init && git add .`
 *              would take the token along, so the .gitignore files from the folder up to the workspace
 *              folder decide (`coveredByGitignore`); the same fallback when git is missing, fails, hangs or
 *              refuses an embedded bare repository (`unknown`)
 *   untrusted  Restricted Mode: git is not run at all; the .gitignore files decide
 */
import * as l10n from '@vscode/l10n';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { gitignoreDecision } from './gitignoreFile';
import type { GitRun, GitRunner } from './gitRunner';

export type IgnoreStatus = 'ignored' | 'not_ignored' | 'tracked' | 'no_repo' | 'untrusted' | 'unknown';

export interface IgnoreCheck {
  readonly status: IgnoreStatus;
  /** For `no_repo`, `untrusted` and `unknown`: a .gitignore in the folder or above it (within `stopAt`) ignores the file. */
  readonly coveredByGitignore: boolean;
  /** Why `unknown` (git missing, timed out, its message); empty otherwise. For the log. */
  readonly detail: string;
}

export interface IgnoreCheckOptions {
  /** The outermost folder whose .gitignore the fallback reads (the workspace folder); default: only the file's own folder. */
  readonly stopAt?: string;
}

/** Whether the user should be warned: the token could end up in a commit. */
export function needsIgnoreWarning(check: IgnoreCheck): boolean {
  switch (check.status) {
    case 'ignored':
      return false;
    case 'not_ignored':
    case 'tracked':
      return true;
    case 'no_repo':
    case 'untrusted':
    case 'unknown':
      return !check.coveredByGitignore;
  }
}

/** Never rejects: every failure becomes `unknown` with the fallback applied. */
export async function checkIgnored(git: GitRunner, filePath: string, options: IgnoreCheckOptions = {}): Promise<IgnoreCheck> {
  const folder = dirname(filePath);
  const name = basename(filePath);
  const ignored = await git.run(['check-ignore', '-q', '--', name], folder);
  if (exitedWith(ignored, 0)) return { status: 'ignored', coveredByGitignore: false, detail: '' };
  if (exitedWith(ignored, 1)) {
    const tracked = await git.run(['ls-files', '--error-unmatch', '--', name], folder);
    return { status: exitedWith(tracked, 0) ? 'tracked' : 'not_ignored', coveredByGitignore: false, detail: '' };
  }
  const coveredByGitignore = await gitignoreFilesCover(filePath, options.stopAt);
  if (ignored.kind === 'untrusted') return { status: 'untrusted', coveredByGitignore, detail: '' };
  if (ignored.kind === 'exited' && ignored.code === 128 && /not a git repository/i.test(ignored.stderr)) return { status: 'no_repo', coveredByGitignore, detail: '' };
  return { status: 'unknown', coveredByGitignore, detail: ignored.kind === 'failed' ? ignored.failure : (ignored.stderr.trim() || l10n.t('git exited with {0}', String(ignored.code))) };
}

/**
 * Whether git tracks the file at `filePath` (give the real path: a symbolic link is judged by its target).
 * Undefined when git cannot say: untrusted workspace, no git, no repository, a failure. Never rejects.
 */
export async function isTrackedByGit(git: GitRunner, filePath: string): Promise<boolean | undefined> {
  const run = await git.run(['ls-files', '--error-unmatch', '--', basename(filePath)], dirname(filePath));
  if (exitedWith(run, 0)) return true;
  if (exitedWith(run, 1)) return false;
  return undefined;
}

function exitedWith(run: GitRun, code: number): boolean {
  return run.kind === 'exited' && run.code === code;
}

/**
 * The .gitignore files from the file's folder up to `stopAt`: the innermost one with a matching line
 * decides, as in git (a deeper .gitignore overrides an outer one).
 */
async function gitignoreFilesCover(filePath: string, stopAt: string | undefined): Promise<boolean> {
  const name = basename(filePath);
  for (const folder of foldersUp(dirname(resolve(filePath)), stopAt === undefined ? undefined : resolve(stopAt))) {
    const text = await readFile(`${folder}${sep}.gitignore`, 'utf8').catch(() => undefined);
    const decision = text === undefined ? undefined : gitignoreDecision(text, name);
    if (decision) return decision === 'ignored';
  }
  return false;
}

/** `from`, then its parents up to and including `stopAt` when `stopAt` contains `from`; else `from` only. */
function foldersUp(from: string, stopAt: string | undefined): string[] {
  const path = stopAt === undefined ? undefined : relative(stopAt, from);
  const inside = path !== undefined && !path.startsWith('..') && !isAbsolute(path);
  if (!inside) return [from];
  const folders: string[] = [];
  for (let folder = from; ; folder = dirname(folder)) {
    folders.push(folder);
    if (folder === stopAt || dirname(folder) === folder) break;
  }
  return folders;
}
