/**
 * Warns, once per `.env` per window, when the file the extension writes a token into could be committed,
 * and offers the fix: "Add .env to .gitignore" (appended to the .gitignore of that folder) and "Show Me"
 * (reveals the file in the Explorer). The warning is never modal and never awaited by the command.
 */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { Log } from '../platform/log';
import { checkIgnored, needsIgnoreWarning, type IgnoreCheck } from '../core/git/ignoreCheck';
import type { GitRunner } from '../core/git/gitRunner';
import { displayPath } from '../platform/displayPath';
import { gitProblemText } from '../platform/model/words/gitWords';
import { appendToGitignore } from '../platform/workspaceFiles';

/**
 * The check's result as the command reports it: `detail` says in words why git gave no answer (empty when
 * it answered), `warned` is true when this call showed the warning.
 */
export interface DotenvIgnoreReport {
  readonly status: IgnoreCheck['status'];
  readonly coveredByGitignore: boolean;
  readonly detail: string;
  readonly warned: boolean;
}

export class GitIgnoreGuard {
  private readonly warned = new Set<string>();

  constructor(private readonly log: Log, private readonly git: GitRunner) {}

  /**
   * Checks the `.env` and warns if needed (once per file per window). Undefined for a file outside the
   * local file system (a virtual workspace has no git to ask). Never rejects.
   */
  async checkAndWarn(envUri: vscode.Uri): Promise<DotenvIgnoreReport | undefined> {
    const check = await checkDotenvIgnored(this.git, envUri);
    if (!check) return undefined;
    const key = envUri.toString();
    const warn = needsIgnoreWarning(check) && !this.warned.has(key);
    const detail = check.problem ? gitProblemText(check.problem) : '';
    if (check.status === 'unknown') this.log.warn(`[gitignore] could not ask git about ${displayPath(envUri)}: ${detail}`);
    if (warn) {
      this.warned.add(key);
      this.log.warn(`[gitignore] ${displayPath(envUri)}: ${check.status}${check.coveredByGitignore ? ' (a .gitignore lists it)' : ''}`);
      void this.showWarning(envUri, check);
    }
    return { status: check.status, coveredByGitignore: check.coveredByGitignore, detail, warned: warn };
  }

  private async showWarning(envUri: vscode.Uri, check: IgnoreCheck): Promise<void> {
    try {
      const where = displayPath(envUri);
      const addAction = vscode.l10n.t('Add .env to .gitignore');
      const showAction = vscode.l10n.t('Show Me');
      const message = check.status === 'tracked'
        ? vscode.l10n.t('Konexus: {0} holds your access token and git already tracks it, so the next commit would include the token. Run `git rm --cached .env` and add .env to .gitignore.', where)
        : check.status === 'not_ignored'
          ? vscode.l10n.t('Konexus: {0} holds your access token and is not ignored by git: a commit could include it.', where)
          : check.status === 'untrusted'
            ? vscode.l10n.t('Konexus: {0} holds your access token and no .gitignore in its folder lists it (git is not asked in Restricted Mode): a commit could include it.', where)
            : vscode.l10n.t('Konexus: {0} holds your access token and no .gitignore lists it: once this folder is in a git repository, a commit could include it.', where);
      const picked = await vscode.window.showWarningMessage(message, addAction, showAction);
      if (picked === addAction) {
        const { gitignore } = await appendToGitignore(envUri);
        const after = await checkDotenvIgnored(this.git, envUri);
        const fixed = after !== undefined && !needsIgnoreWarning(after);
        this.log.info(`[gitignore] added ${posix.basename(envUri.path)} to ${displayPath(gitignore)}; now ${after?.status ?? 'unknown'}`);
        if (fixed) void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Konexus: .env is now ignored by git')}`, 4000);
        else void vscode.window.showWarningMessage(after?.status === 'tracked'
          ? vscode.l10n.t('Konexus: {0} is still not ignored: git tracks it; run `git rm --cached .env`.', where)
          : vscode.l10n.t('Konexus: {0} is still not ignored.', where));
      } else if (picked === showAction) {
        await vscode.commands.executeCommand('revealInExplorer', envUri);
      }
    } catch (error) {
      this.log.error('[gitignore] the warning failed', error);
    }
  }
}

/** Asks git through the hardened runner (local files only); undefined for other schemes. Never rejects. */
export async function checkDotenvIgnored(git: GitRunner, envUri: vscode.Uri): Promise<IgnoreCheck | undefined> {
  if (envUri.scheme !== 'file') return undefined;
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(envUri);
  const stopAt = workspaceFolder?.uri.scheme === 'file' ? workspaceFolder.uri.fsPath : undefined;
  return checkIgnored(git, envUri.fsPath, stopAt === undefined ? {} : { stopAt });
}
