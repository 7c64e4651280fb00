/**
 * Asks before the token goes into a `.env` that needs it (dotenvTrust.ts decides: Restricted Mode, a
 * symbolic link leading outside the workspace, or a file git tracks), with a modal dialog naming the file,
 * the profile and the risk (`confirm`; only a write the user asked for asks: Insert Bearer Header).
 * What the user confirmed is remembered for this window only (memory): background upkeep writes a new token
 * into such a `.env` only if the user confirmed that very file (and where it leads) in this window; else it
 * pauses that file and says so in the log and the CodeLens. Nothing is remembered across windows, so a
 * folder opened again in Restricted Mode gets no background write until it is trusted or the user confirms.
 */
import * as vscode from 'vscode';
import type { Log } from '../platform/log';
import { isTrackedByGit } from '../core/git/ignoreCheck';
import type { GitRunner } from '../core/git/gitRunner';
import {
  describeRisks, dotenvConfirmationText, dotenvWriteDecision, locateDotenv, type DotenvLocation, type DotenvRisk, type DotenvWriteDecision,
} from './model/dotenvTrust';
import { displayPath } from '../platform/displayPath';

/** The workbench's own command behind "Manage Workspace Trust" (VS Code's Restricted Mode prompts offer it). */
const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

export type DotenvConfirmOutcome =
  | { readonly write: true }
  /** Not confirmed: nothing may be written. `manageTrust`: the user chose to open the Workspace Trust editor. */
  | { readonly write: false; readonly reasons: readonly DotenvRisk[]; readonly writesTo?: string; readonly manageTrust?: boolean };

export class DotenvWriteGate implements vscode.Disposable {
  /** `.env` URI → the real path the user confirmed writing to, in this window. */
  private readonly confirmed = new Map<string, string | undefined>();
  /** `.env` URI → why background upkeep skipped it last time. */
  private readonly paused = new Map<string, readonly DotenvRisk[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A file was paused or resumed, or confirmed (the CodeLens shows it). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: Log,
    /** Asks git whether it tracks the real file: the hardened runner (none in Restricted Mode, which asks anyway). */
    private readonly git: GitRunner,
    private readonly trusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {}

  /** Whether the window's workspace is trusted (Restricted Mode off). */
  isTrusted(): boolean {
    return this.trusted();
  }

  /**
   * Why the CodeLens should call this kept `.env` paused: why background upkeep last skipped it, or, before
   * any skip, Restricted Mode while the user has not confirmed it in this window. Undefined: not paused.
   */
  pausedReasons(envUri: vscode.Uri): readonly DotenvRisk[] | undefined {
    const key = envUri.toString();
    return this.paused.get(key) ?? (!this.trusted() && !this.confirmed.has(key) ? ['untrusted'] : undefined);
  }

  async assess(envUri: vscode.Uri): Promise<{ location: DotenvLocation; decision: DotenvWriteDecision }> {
    const location = await this.locate(envUri);
    return { location, decision: dotenvWriteDecision(this.trusted(), location) };
  }

  /** Whether the user confirmed, in this window, writing through this `.env` to where it leads now. */
  isConfirmedFor(envUri: vscode.Uri, location: DotenvLocation): boolean {
    const key = envUri.toString();
    return this.confirmed.has(key) && this.confirmed.get(key) === location.realPath;
  }

  /**
   * Asks in a modal dialog when the decision says so and this window has not confirmed the same file
   * (leading to the same place) yet. A dismissed, refused or failing dialog confirms nothing. Never rejects.
   */
  async confirm(envUri: vscode.Uri, profile: string): Promise<DotenvConfirmOutcome> {
    let assessed: Awaited<ReturnType<DotenvWriteGate['assess']>>;
    try {
      assessed = await this.assess(envUri);
    } catch (error) {
      this.log.error(`[dotenvGate] could not check ${displayPath(envUri)}`, error);
      return { write: false, reasons: ['linkUnresolved'] };
    }
    const { location, decision } = assessed;
    if (!decision.confirm) return { write: true };
    if (this.isConfirmedFor(envUri, location)) return { write: true };

    const writesTo = location.realPath ?? location.path;
    const untrusted = decision.reasons.includes('untrusted');
    const write = vscode.l10n.t('Write Token');
    const manage = vscode.l10n.t('Manage Workspace Trust');
    const text = dotenvConfirmationText(decision.reasons, location, profile);
    let picked: string | undefined;
    try {
      picked = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, ...(untrusted ? [write, manage] : [write]));
    } catch (error) {
      // The test-mode workbench refuses dialogs; a refusal confirms nothing.
      this.log.warn(`[dotenvGate] the confirmation could not be shown: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.log.info(`[dotenvGate] ${location.path}: asked before writing the token of ${profile} (${describeRisks(decision.reasons)}; writes to ${writesTo}): ${picked === write ? 'confirmed' : picked === manage ? 'Manage Workspace Trust' : 'cancelled'}`);
    if (picked === write) {
      this.recordConfirmed(envUri, location.realPath);
      return { write: true };
    }
    if (picked === manage) {
      await Promise.resolve(vscode.commands.executeCommand(MANAGE_TRUST_COMMAND)).catch(error => this.log.error('[dotenvGate] could not open the Workspace Trust editor', error));
    }
    return { write: false, reasons: decision.reasons, writesTo, ...(picked === manage ? { manageTrust: true } : {}) };
  }

  /** The user confirmed writing through this `.env` to `realPath`: background upkeep may too. */
  recordConfirmed(envUri: vscode.Uri, realPath: string | undefined): void {
    const key = envUri.toString();
    this.confirmed.set(key, realPath);
    this.paused.delete(key);
    this.changed.fire();
  }

  /**
   * Before a background write (a refresh, a profile switch, start-up): true when no confirmation is needed or
   * the user confirmed this file, leading to the same place, in this window. Otherwise pauses it. Never rejects.
   */
  async allowsBackgroundWrite(envUri: vscode.Uri): Promise<boolean> {
    const key = envUri.toString();
    let allowed: boolean;
    let reasons: readonly DotenvRisk[] = [];
    try {
      const { location, decision } = await this.assess(envUri);
      allowed = !decision.confirm || this.isConfirmedFor(envUri, location);
      if (decision.confirm) reasons = decision.reasons;
    } catch (error) {
      this.log.error(`[dotenvGate] could not check ${displayPath(envUri)}`, error);
      allowed = false;
      reasons = ['linkUnresolved'];
    }
    const was = this.paused.get(key);
    if (allowed) {
      if (was) {
        this.paused.delete(key);
        this.log.info(`[tokenSync] ${displayPath(envUri)}: kept current again`);
        this.changed.fire();
      }
      return true;
    }
    if (!was || describeRisks(was) !== describeRisks(reasons)) {
      this.paused.set(key, reasons);
      this.log.info(`[tokenSync] ${displayPath(envUri)}: new tokens are not written there (${describeRisks(reasons)}) until you confirm it in this window${reasons.includes('untrusted') ? ' or trust the folder' : ''}`);
      this.changed.fire();
    }
    return false;
  }

  /** The folder was trusted: Restricted Mode no longer pauses anything (a link leading outside still does). */
  trustGranted(): void {
    for (const [key, reasons] of [...this.paused]) {
      const rest = reasons.filter(reason => reason !== 'untrusted');
      if (rest.length) this.paused.set(key, rest);
      else this.paused.delete(key);
    }
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async locate(envUri: vscode.Uri): Promise<DotenvLocation> {
    const path = displayPath(envUri);
    const folders = (vscode.workspace.workspaceFolders ?? []).filter(folder => folder.uri.scheme === 'file').map(folder => folder.uri.fsPath);
    if (envUri.scheme === 'file') return locateDotenv(envUri.fsPath, folders, realPath => isTrackedByGit(this.git, realPath));
    // Another file system (a virtual workspace): it can say whether the file is a link, not where it leads.
    try {
      const stat = await vscode.workspace.fs.stat(envUri);
      const link = (stat.type & vscode.FileType.SymbolicLink) !== 0;
      return { path, realPath: link ? undefined : path, exists: true, ...(link ? { link: 'file' as const } : {}), workspaceFolders: folders };
    } catch {
      return { path, realPath: path, exists: false, workspaceFolders: folders };
    }
  }
}
