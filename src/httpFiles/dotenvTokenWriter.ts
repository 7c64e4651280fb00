/**
 * Writing the current token into a `.env`, and asking first where that is risky.
 *
 * DotenvWriteGate asks before the token goes into a `.env` that needs it (model/dotenvRisk.ts decides:
 * Restricted Mode, a symbolic link leading outside the workspace, or a file git tracks), with a modal dialog
 * naming the file, the profile and the risk (`confirm`; only a write the user asked for asks: Insert Bearer
 * Header). What the user confirmed is remembered for this window only (memory): background upkeep writes a
 * new token into such a `.env` only if the user confirmed that very file (and where it leads) in this window;
 * else that file is paused, which the log and the CodeLens say (`pausedReasons`, worked out each time it is
 * asked). Nothing is remembered across windows, so a folder opened again in Restricted Mode gets no
 * background write until it is trusted or the user confirms.
 *
 * DotenvTokenWriter writes the token: the file created if asked, else only updated; every other byte kept
 * (`dotenvUpsertEdit` changes only the value). Through `workspace.fs`, never a TextDocument: VS Code's local
 * History keeps a copy of every file saved through an editor, and this file holds a live token.
 * Writes to the same file are serialised, and each write asks for the token when its turn comes, so the
 * last write always carries the newest token whatever order a command and a refresh ran in.
 */
import * as vscode from 'vscode';
import type { KeyedSequencer } from '../core/async';
import { KonexusError } from '../core/errors';
import { isTrackedByGit } from '../core/git/ignoreCheck';
import type { GitRunner } from '../core/git/gitRunner';
import { applyEdits, dotenvLookup, dotenvRemoveEdit, dotenvUpsertEdit, parseDotenv } from '../core/httpFile';
import { displayPath } from '../platform/displayPath';
import type { Log } from '../platform/log';
import { textEditText } from '../platform/model/words/textEditWords';
import { isFileNotFound } from '../platform/workspaceFiles';
import { errorText } from '../platform/model/words/errorWords';
import {
  describeRisks, dotenvConfirmationText, dotenvWriteDecision, locateDotenv, type DotenvLocation, type DotenvRisk, type DotenvWriteDecision,
} from './model/dotenvRisk';

/** The workbench's own command behind "Manage Workspace Trust" (VS Code's Restricted Mode prompts offer it). */
const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

export type DotenvConfirmOutcome =
  | { readonly write: true }
  /** Not confirmed: nothing may be written. `manageTrust`: the user chose to open the Workspace Trust editor. */
  | { readonly write: false; readonly reasons: readonly DotenvRisk[]; readonly writesTo?: string; readonly manageTrust?: boolean };

export class DotenvWriteGate {
  /** `.env` URI → the real path the user confirmed writing to, in this window: the only state kept. */
  private readonly confirmed = new Map<string, string | undefined>();

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
   * Why background upkeep does not write new tokens into this kept `.env` now (the CodeLens says "paused"):
   * it needs a confirmation (Restricted Mode, a link leading outside, a file git tracks) that the user has
   * not given for this file, leading to where it leads now, in this window. Undefined: not paused. Never rejects.
   */
  async pausedReasons(envUri: vscode.Uri): Promise<readonly DotenvRisk[] | undefined> {
    try {
      const { location, decision } = await this.assess(envUri);
      return decision.confirm && !this.isConfirmedFor(envUri, location) ? decision.reasons : undefined;
    } catch (error) {
      this.log.error(`[dotenvGate] could not check ${displayPath(envUri)}`, error);
      return ['linkUnresolved'];
    }
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
      this.log.warn(`[dotenvGate] the confirmation could not be shown: ${errorText(error)}`);
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
    this.confirmed.set(envUri.toString(), realPath);
  }

  /**
   * Before a background write (a refresh, a profile switch, start-up): true when the file is not paused
   * (pausedReasons); else says why in the log. Never rejects.
   */
  async allowsBackgroundWrite(envUri: vscode.Uri): Promise<boolean> {
    const reasons = await this.pausedReasons(envUri);
    if (!reasons) return true;
    this.log.info(`[tokenSync] ${displayPath(envUri)}: new tokens are not written there (${describeRisks(reasons)}) until you confirm it in this window${reasons.includes('untrusted') ? ' or trust the folder' : ''}`);
    return false;
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

export type DotenvWriteOutcome = 'created' | 'updated' | 'unchanged' | 'missing';

export class DotenvTokenWriter {
  /** `replaceable`: whether a value already there may be overwritten (model/dotenvRisk.ts: empty, or a client's access token). */
  constructor(private readonly sequencer: KeyedSequencer, private readonly replaceable: (value: string) => boolean) {}

  /**
   * Sets `key` to the token `currentToken()` gives when this write's turn comes. `create: false` (a
   * refresh) leaves a deleted `.env` deleted and reports 'missing'. Throws a KonexusError when the file
   * cannot be read as UTF-8 text, its syntax makes the edit unsafe (`ambiguous_text`), or `key` holds a
   * value that is not replaceable (the user's own entry): then nothing is written and no token is asked for.
   */
  write(uri: vscode.Uri, key: string, currentToken: () => Promise<string>, options: { create: boolean }): Promise<DotenvWriteOutcome> {
    return this.sequencer.run(uri.toString(), async () => {
      const existing = await readText(uri);
      if (existing === undefined && !options.create) return 'missing';
      const text = existing ?? '';
      if (parseDotenv(text).some(entry => entry.key === key && !this.replaceable(entry.value))) {
        throw KonexusError.withWords('invalid_request', vscode.l10n.t('{0} in {1} holds a value that is not an access token; Konexus does not overwrite it. Empty that value or remove the line, or set konexus.httpFiles.dotenvKey to another name.', key, displayPath(uri)));
      }
      const token = await currentToken();
      const result = dotenvUpsertEdit(text, key, token);
      if (!result.ok) throw KonexusError.withWords('invalid_request', vscode.l10n.t('Cannot write {0} into {1}: {2}', key, displayPath(uri), textEditText(result.why)));
      if (existing !== undefined && result.edits.length === 0) return 'unchanged';
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(applyEdits(text, result.edits)));
      return existing === undefined ? 'created' : 'updated';
    });
  }

  removeIf(uri: vscode.Uri, key: string, belongs: (value: string) => boolean): Promise<DotenvRemoveOutcome> {
    return this.sequencer.run(uri.toString(), async () => {
      const text = await readText(uri);
      if (text === undefined) return 'missing';
      const value = dotenvLookup(parseDotenv(text), key);
      if (value === undefined || !belongs(value)) return 'kept';
      const result = dotenvRemoveEdit(text, key);
      if (!result.ok || result.edits.length === 0) return 'kept';
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(applyEdits(text, result.edits)));
      return 'removed';
    });
  }
}

export type DotenvRemoveOutcome = 'removed' | 'kept' | 'missing';

/** The file's text, undefined when it does not exist. A BOM is kept as text, so writing back keeps it. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if (isFileNotFound(error)) return undefined;
    throw error;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw KonexusError.withWords('invalid_request', vscode.l10n.t('{0} is not UTF-8 text; the token is not written into it, so none of its bytes change.', displayPath(uri)));
  }
}
