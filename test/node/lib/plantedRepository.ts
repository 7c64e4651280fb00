/**
 * What a cloned repository can carry to make git run a command: an embedded bare repository (its
 * files are not named `.git`, so a clone keeps them) whose `config` names a work tree and an fsmonitor
 * command. Plain git run in that folder (`git check-ignore`, `git ls-files`) runs the command; the command
 * here appends a line to `marker`. Used by the unit tests and the host suites alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Makes `folder` such a repository; its fsmonitor command appends to `marker`. Returns `folder`. */
export function plantEmbeddedBareRepository(folder: string, marker: string): string {
  mkdirSync(join(folder, 'objects'), { recursive: true });
  mkdirSync(join(folder, 'refs'), { recursive: true });
  writeFileSync(join(folder, 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(folder, 'config'), '');
  const config = (key: string, value: string) => execFileSync('git', ['config', '-f', join(folder, 'config'), key, value], { stdio: 'pipe' });
  config('core.repositoryformatversion', '0');
  config('core.bare', 'false');
  config('core.worktree', '.');
  config('core.fsmonitor', fsmonitorMarkerCommand(marker));
  return folder;
}

/** A shell command for `core.fsmonitor` that appends a line to `marker` and reports failure (so git goes on). */
export function fsmonitorMarkerCommand(marker: string): string {
  return `echo ran >> '${marker}'; false`;
}

/** Runs plain git the way the extension once did (git from PATH, in the folder, with its config); ignores the exit code. */
export function plainGit(cwd: string, ...args: string[]): void {
  try {
    execFileSync('git', args, { cwd, stdio: 'pipe' });
  } catch {
    // only what git ran on the way matters
  }
}
