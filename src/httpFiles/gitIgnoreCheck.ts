/**
 * Is the `.env` holding a token safe from `git add`? Asks git itself (`git check-ignore -q`, which applies
 * every .gitignore, .git/info/exclude and core.excludesFile), in the file's folder, with a time limit.
 * No `vscode` import: node's child_process and fs only, tested in plain Node against real repositories.
 *
 *   exit 0    ignored
 *   exit 1    not ignored; then `git ls-files --error-unmatch` tells whether git already tracks it (ignore
 *             rules do not apply to a tracked file: adding it to .gitignore would not help)
 *   exit 128  "not a git repository": nothing can be committed today, but a later `git init && git add .`
 *             would take the token along, so the .gitignore files from the folder up to the workspace
 *             folder decide (`coveredByGitignore`); the same fallback when git is missing, fails or hangs
 */
import * as l10n from '@vscode/l10n';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { gitignoreDecision } from './gitignoreText';

export type IgnoreStatus = 'ignored' | 'not_ignored' | 'tracked' | 'no_repo' | 'unknown';

export interface IgnoreCheck {
  readonly status: IgnoreStatus;
  /** For `no_repo` and `unknown`: a .gitignore in the folder or above it (within `stopAt`) ignores the file. */
  readonly coveredByGitignore: boolean;
  /** Why `unknown` (git missing, timed out, its message); empty otherwise. For the log. */
  readonly detail: string;
}

export interface IgnoreCheckOptions {
  /** The git executable; default `git` on PATH. */
  readonly git?: string;
  readonly timeoutMs?: number;
  /** The outermost folder whose .gitignore the fallback reads (the workspace folder); default: only the file's own folder. */
  readonly stopAt?: string;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** Whether the user should be warned: the token could end up in a commit. */
export function needsIgnoreWarning(check: IgnoreCheck): boolean {
  switch (check.status) {
    case 'ignored':
      return false;
    case 'not_ignored':
    case 'tracked':
      return true;
    case 'no_repo':
    case 'unknown':
      return !check.coveredByGitignore;
  }
}

/** Never rejects: every failure becomes `unknown` with the fallback applied. */
export async function checkIgnored(filePath: string, options: IgnoreCheckOptions = {}): Promise<IgnoreCheck> {
  const git = options.git ?? 'git';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const folder = dirname(filePath);
  const name = basename(filePath);
  const ignored = await runGit(git, ['check-ignore', '-q', '--', name], folder, timeoutMs);
  if (ignored.code === 0) return { status: 'ignored', coveredByGitignore: false, detail: '' };
  if (ignored.code === 1) {
    const tracked = await runGit(git, ['ls-files', '--error-unmatch', '--', name], folder, timeoutMs);
    return { status: tracked.code === 0 ? 'tracked' : 'not_ignored', coveredByGitignore: false, detail: '' };
  }
  const coveredByGitignore = await gitignoreFilesCover(filePath, options.stopAt);
  if (ignored.code === 128 && /not a git repository/i.test(ignored.stderr)) return { status: 'no_repo', coveredByGitignore, detail: '' };
  return { status: 'unknown', coveredByGitignore, detail: ignored.failure ?? (ignored.stderr.trim() || l10n.t('git exited with {0}', String(ignored.code))) };
}

interface GitRun {
  /** The exit code; undefined when git did not run to an exit (missing, killed by the time limit). */
  readonly code: number | undefined;
  readonly stderr: string;
  readonly failure?: string;
}

function runGit(git: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<GitRun> {
  return new Promise(resolvePromise => {
    try {
      execFile(git, args, {
        cwd,
        timeout: timeoutMs,
        windowsHide: true,
        // No index lock taken for a read-only question, no pager, no prompt for credentials.
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      }, (error, _stdout, stderr) => {
        if (!error) return resolvePromise({ code: 0, stderr: String(stderr) });
        const { code, killed, signal } = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
        if (typeof code === 'number') return resolvePromise({ code, stderr: String(stderr) });
        const failure = killed || signal ? l10n.t('git did not answer within {0} ms', timeoutMs) : code === 'ENOENT' ? l10n.t('git was not found ({0})', git) : error.message;
        resolvePromise({ code: undefined, stderr: String(stderr ?? ''), failure });
      });
    } catch (error) {
      resolvePromise({ code: undefined, stderr: '', failure: (error as Error).message });
    }
  });
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
