/**
 * A run's own folder under <repo>/.konexus-run/: code-server's user data and extensions, the browser
 * profile, TMPDIR, logs and a copy of the demo workspace, so a run never writes into the repository or
 * the user's home. Removed when the run passes; a failed run's folder is kept for its logs (the three
 * newest are kept, older leftovers of dead runs are pruned when the next run starts).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoWorkspaceSource, runsRoot } from './repo';
import type { Teardown } from './lifecycle';

// Unix socket paths are limited to 108 bytes and VS Code puts ~50-byte socket names in TMPDIR.
const MAX_TMPDIR_LENGTH = 50;
const KEEP_FAILED = 3;
const OWNER_FILE = 'owner.pid';

export interface RunFolder {
  readonly dir: string;
  /** For TMPDIR: short enough for Unix sockets (a link in /tmp when the repository path is long). */
  readonly tmp: string;
  /** Copies the demo workspace to <run>/<name> and returns its absolute path. */
  copyWorkspace(name?: string): string;
  /** Keeps the folder after the run (for a failed run's logs). */
  keep(): void;
  /** A subfolder with the same TMPDIR and fate (one UI scenario's server, browser and workspace). */
  sub(name: string): RunFolder;
}

function folderAt(dir: string, tmp: string, keep: () => void): RunFolder {
  return {
    dir,
    tmp,
    copyWorkspace(name = 'workspace') {
      const target = join(dir, name);
      cpSync(demoWorkspaceSource, target, { recursive: true });
      return target;
    },
    keep,
    sub(name) {
      const child = join(dir, name);
      mkdirSync(child, { recursive: true });
      return folderAt(child, tmp, keep);
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes folders of runs whose process is gone, but keeps the newest few (failed runs' logs). */
function pruneDeadRuns(prefix: string): void {
  if (!existsSync(runsRoot)) return;
  const dead = readdirSync(runsRoot)
    .filter(name => name.startsWith(`${prefix}-`))
    .map(name => join(runsRoot, name))
    .filter(dir => {
      const owner = Number.parseInt(readOr(join(dir, OWNER_FILE)), 10);
      return !Number.isInteger(owner) || !alive(owner);
    })
    .sort((a, b) => mtime(b) - mtime(a));
  for (const dir of dead.slice(KEEP_FAILED)) rmSync(dir, { recursive: true, force: true });
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function shortTmp(dir: string, teardown: Teardown): string {
  const tmp = join(dir, 't');
  mkdirSync(tmp, { recursive: true });
  if (tmp.length <= MAX_TMPDIR_LENGTH) return tmp;
  const link = join(mkdtempSync('/tmp/kx-'), 't');
  symlinkSync(tmp, link);
  teardown.add('tmp link', () => rmSync(join(link, '..'), { recursive: true, force: true }));
  return link;
}

/**
 * A new folder `.konexus-run/<prefix>-XXXXXX`, or the fixed `.konexus-run/<prefix>` (emptied first)
 * when `fixed` (the demo: its workspace path is stable and documented).
 */
export function createRunFolder(prefix: string, teardown: Teardown, options: { fixed?: boolean } = {}): RunFolder {
  mkdirSync(runsRoot, { recursive: true });
  let dir: string;
  if (options.fixed) {
    dir = join(runsRoot, prefix);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
  } else {
    pruneDeadRuns(prefix);
    dir = mkdtempSync(join(runsRoot, `${prefix}-`));
  }
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  let kept = Boolean(options.fixed);
  // Registered first, so it runs last: after code-server and the browser have let go of the files.
  teardown.add('run folder', () => {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  });
  return folderAt(dir, shortTmp(dir, teardown), () => {
    kept = true;
  });
}
