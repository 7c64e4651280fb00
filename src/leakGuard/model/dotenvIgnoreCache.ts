/**
 * Whether git would commit a `.env`, asked once per path and remembered: a keystroke never runs git. The
 * answer comes from `checkIgnored` (src/core/git/ignoreCheck.ts: `git check-ignore -q` in the file's
 * folder through the hardened GitRunner, the .gitignore files as a fallback when there is no repository, no
 * git, or the workspace is untrusted, where git is not run at all).
 * Answers are kept for a minute and dropped at once when a `.gitignore` changes (the guard's watcher) or a
 * fix edits one; a check already running is shared, not repeated.
 */
import type * as vscode from 'vscode';
import { checkIgnored, needsIgnoreWarning, type IgnoreCheck } from '../../core/git/ignoreCheck';
import type { Clock } from '../../core/clock';
import type { GitRunner } from '../../core/git/gitRunner';

const FRESH_MS = 60_000;

export class DotenvIgnoreCache {
  private readonly answers = new Map<string, { readonly check: IgnoreCheck; readonly at: number }>();
  private readonly running = new Map<string, Promise<IgnoreCheck | undefined>>();
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly git: GitRunner,
    private readonly workspaceFolderOf: (uri: vscode.Uri) => vscode.Uri | undefined,
  ) {}

  /** The last answer for this file, fresh or not; undefined before the first. */
  known(uri: vscode.Uri): IgnoreCheck | undefined {
    return this.answers.get(uri.toString())?.check;
  }

  isFresh(uri: vscode.Uri): boolean {
    const answer = this.answers.get(uri.toString());
    return answer !== undefined && this.clock.now() - answer.at < FRESH_MS;
  }

  /** Asks git unless a fresh answer is known (or `force`). Undefined for files not on the local disk. Never rejects. */
  check(uri: vscode.Uri, options: { force?: boolean } = {}): Promise<IgnoreCheck | undefined> {
    if (uri.scheme !== 'file') return Promise.resolve(undefined);
    const key = uri.toString();
    if (!options.force && this.isFresh(uri)) return Promise.resolve(this.known(uri));
    const running = this.running.get(key);
    if (running && !options.force) return running;
    const generation = this.generation;
    const folder = this.workspaceFolderOf(uri);
    const asked = checkIgnored(this.git, uri.fsPath, folder?.scheme === 'file' ? { stopAt: folder.fsPath } : {})
      .then(check => {
        // An answer that started before a .gitignore changed may be stale: it is returned, not kept.
        if (generation === this.generation) this.answers.set(key, { check, at: this.clock.now() });
        return check;
      })
      .finally(() => {
        if (this.running.get(key) === asked) this.running.delete(key);
      });
    this.running.set(key, asked);
    return asked;
  }

  /** Forget every answer (a .gitignore changed somewhere). */
  clear(): void {
    this.generation++;
    this.answers.clear();
    this.running.clear();
  }
}

/** True when git could commit the file, so its leaks are shown. */
export function wouldBeCommitted(check: IgnoreCheck): boolean {
  return needsIgnoreWarning(check);
}
