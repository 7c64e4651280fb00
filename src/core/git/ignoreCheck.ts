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
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { gitignoreDecision } from './gitignoreFile';
import type { GitFailure, GitRun, GitRunner } from './gitRunner';

export type IgnoreStatus = 'ignored' | 'not_ignored' | 'tracked' | 'no_repo' | 'untrusted' | 'unknown';

export interface IgnoreCheck {
  readonly status: IgnoreStatus;
  /** For `no_repo`, `untrusted` and `unknown`: a .gitignore in the folder or above it (within `stopAt`) ignores the file. */
  readonly coveredByGitignore: boolean;
  /** For `unknown` only: why git gave no answer, for the log, in words at the edge (gitWords.ts). */
  readonly problem?: GitProblem;
}

/** Why git gave no answer: it did not run to an exit, or it exited with a code this check does not expect. */
export type GitProblem = GitFailure | { readonly kind: 'unexpected_exit'; readonly code: number; readonly stderr: string };

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
  if (exitedWith(ignored, 0)) return { status: 'ignored', coveredByGitignore: false };
  if (exitedWith(ignored, 1)) {
    const tracked = await git.run(['ls-files', '--error-unmatch', '--', name], folder);
    return { status: exitedWith(tracked, 0) ? 'tracked' : 'not_ignored', coveredByGitignore: false };
  }
  const coveredByGitignore = await gitignoreFilesCover(filePath, options.stopAt);
  if (ignored.kind === 'untrusted') return { status: 'untrusted', coveredByGitignore };
  if (ignored.kind === 'exited' && ignored.code === 128 && /not a git repository/i.test(ignored.stderr)) return { status: 'no_repo', coveredByGitignore };
  const problem: GitProblem = ignored.kind === 'failed' ? ignored.failure : { kind: 'unexpected_exit', code: ignored.code, stderr: ignored.stderr };
  return { status: 'unknown', coveredByGitignore, problem };
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
