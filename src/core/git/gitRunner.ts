/**
 * The one place the extension runs git. A folder is not to be trusted with running anything: a cloned
 * repository can hold an embedded repository whose own `config` names a command (`core.fsmonitor`, a hook),
 * and git runs it for a read-only question like `git check-ignore`. So:
 *
 *   - no git at all while the workspace is untrusted (`trusted()` false, Restricted Mode): `run` answers
 *     `untrusted` and spawns nothing; callers fall back to reading the .gitignore files as text;
 *   - git is found once, as an absolute path, on PATH without its relative entries and without any entry
 *     inside a workspace folder (a `git` shipped by the folder is never run), and never in the working folder;
 *   - every run overrides the repository's dangerous keys on the command line (`-c` wins over every config
 *     file): no fsmonitor command, no hooks, no embedded bare repository (`safe.bareRepository=explicit`), no
 *     credential helper or askpass; no pager, no prompt, no optional locks; a time limit.
 *
 * The user's own global and system configuration stays (core.excludesFile is part of the answer). No `vscode`
 * import: trust and the workspace folders are asked through functions, so plain Node tests drive it.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, normalize } from 'node:path';
import { isInside } from '../paths';

export interface GitRunnerOptions {
  /** Whether git may run now (the workspace is trusted). Asked before every run. */
  readonly trusted: () => boolean;
  /** The workspace folders (local paths): git is never taken from inside one. Default: none. */
  readonly workspaceFolders?: () => readonly string[];
  /** An absolute path to git (tests); default: found on `pathEnv`. Still refused inside a workspace folder. */
  readonly git?: string;
  /** Default: the extension host's PATH. */
  readonly pathEnv?: string;
  readonly timeoutMs?: number;
}

export type GitRun =
  /** git ran to an exit. */
  | { readonly kind: 'exited'; readonly code: number; readonly stderr: string }
  /** git did not run to an exit (missing, refused, killed by the time limit): `failure` says why, for the log. */
  | { readonly kind: 'failed'; readonly failure: GitFailure }
  /** The workspace is untrusted: nothing was spawned. */
  | { readonly kind: 'untrusted' };

/** Why git did not run to an exit, as values: the edge says it in words (gitWords.ts). */
export type GitFailure =
  /** No executable git in the usable PATH entries. */
  | { readonly kind: 'not_on_path' }
  /** The git given or found is relative, or inside a workspace folder: it is not run. */
  | { readonly kind: 'refused_path'; readonly git: string }
  /** Killed by the time limit (or another signal). */
  | { readonly kind: 'timed_out'; readonly timeoutMs: number }
  /** The path was gone when git was started (ENOENT). */
  | { readonly kind: 'missing'; readonly git: string }
  /** Any other error Node reports (EACCES, an output buffer overflow): Node's own message, in English, for the log. */
  | { readonly kind: 'spawn_error'; readonly nodeMessage: string };

/** Put before the subcommand on every run: each overrides whatever the repository's config says. */
export const HARDENING_ARGS: readonly string[] = [
  '--no-pager',
  '-c', 'core.fsmonitor=false',
  '-c', 'safe.bareRepository=explicit',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'credential.helper=',
  '-c', 'core.askPass=',
];

const DEFAULT_TIMEOUT_MS = 5_000;

export class GitRunner {
  private resolved: Promise<string | undefined> | undefined;

  constructor(private readonly options: GitRunnerOptions) {}

  /** `git <hardening> <args>` in `cwd`. Never rejects. */
  async run(args: readonly string[], cwd: string): Promise<GitRun> {
    if (!this.options.trusted()) return { kind: 'untrusted' };
    const git = await this.gitPath();
    if (git === undefined) return { kind: 'failed', failure: { kind: 'not_on_path' } };
    const folders = this.options.workspaceFolders?.() ?? [];
    // Checked at every run: a folder added to the workspace later may contain the git found earlier.
    if (!isAbsolute(git) || folders.some(folder => isInsideFolder(git, folder))) {
      return { kind: 'failed', failure: { kind: 'refused_path', git } };
    }
    // Trust may have been withdrawn while git was being found.
    if (!this.options.trusted()) return { kind: 'untrusted' };
    return spawnGit(git, [...HARDENING_ARGS, ...args], cwd, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  /** The git this runner uses, found once (undefined: none). */
  gitPath(): Promise<string | undefined> {
    this.resolved ??= this.options.git !== undefined
      ? Promise.resolve(this.options.git)
      : findGit(this.options.pathEnv ?? process.env.PATH ?? '', this.options.workspaceFolders?.() ?? []);
    return this.resolved;
  }
}

/**
 * The first executable `git` (`git.exe` on Windows) in the PATH entries that are absolute and not inside
 * `excludedFolders`. Relative and empty entries (which name the working folder) are skipped.
 */
export async function findGit(pathEnv: string, excludedFolders: readonly string[], platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  const name = platform === 'win32' ? 'git.exe' : 'git';
  for (const raw of pathEnv.split(platform === 'win32' ? ';' : delimiter)) {
    const entry = raw.trim().replace(/^"(.*)"$/, '$1');
    if (entry === '' || !isAbsolute(entry) || excludedFolders.some(folder => isInsideFolder(entry, folder))) continue;
    const candidate = join(entry, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** `path` is `folder` or below it (case-insensitively on Windows). */
function isInsideFolder(path: string, folder: string): boolean {
  const fold = (text: string) => (process.platform === 'win32' ? normalize(text).toLowerCase() : normalize(text));
  return isInside(fold(path), fold(folder));
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The environment for git: nothing that prompts, pages, locks, or points it at another repository. */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Inherited from whatever started VS Code (a hook, a script): they would redirect git elsewhere.
  for (const key of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'SSH_ASKPASS']) {
    delete env[key];
  }
  return { ...env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C' };
}

function spawnGit(git: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<GitRun> {
  return new Promise(resolvePromise => {
    try {
      execFile(git, args, { cwd, timeout: timeoutMs, windowsHide: true, shell: false, env: gitEnvironment() }, (error, _stdout, stderr) => {
        if (!error) return resolvePromise({ kind: 'exited', code: 0, stderr: String(stderr) });
        const { code, killed, signal } = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
        if (typeof code === 'number') return resolvePromise({ kind: 'exited', code, stderr: String(stderr) });
        const failure: GitFailure = killed || signal ? { kind: 'timed_out', timeoutMs } : code === 'ENOENT' ? { kind: 'missing', git } : { kind: 'spawn_error', nodeMessage: error.message };
        resolvePromise({ kind: 'failed', failure });
      });
    } catch (error) {
      resolvePromise({ kind: 'failed', failure: { kind: 'spawn_error', nodeMessage: (error as Error).message } });
    }
  });
}
