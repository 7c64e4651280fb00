/**
 * Keeps the kept files' token current: on every new token of a profile (a refresh, a token adopted from
 * another window) and on a switch of the active profile, rewrites each `.env` bound to that profile and
 * updates the variable in each open fileVariable document; at start-up, brings them up to date once. A
 * `.env` the user deleted is not recreated, a variable the user removed is not put back: both stop being
 * kept. Never throws: failures are logged and shown once per file.
 * A `.env` that needs the user's confirmation (Restricted Mode, a symbolic link leading outside the
 * workspace, a file git tracks: DotenvWriteGate) and was not confirmed in this window gets no new token: it is paused, and
 * resumes when the folder is trusted (the feature calls syncAll then) or the user confirms it.
 * Removing a signed-out profile's token from a kept `.env` writes no token and is always done.
 */
import * as vscode from 'vscode';
import { fileVariableEdit, parseHttpFile } from '../core/httpFile';
import { decodeJwt } from '../core/jwt';
import type { Profile } from '../core/tokens/profiles';
import type { TokenServiceEvent } from '../core/tokens/tokenService';
import type { Services } from '../platform/services';
import type { ProductionGate } from '../tokens/productionGate';
import type { DotenvTokenWriter, DotenvWriteGate } from './dotenvTokenWriter';
import { toWorkspaceEdit } from './bearerHeaderCommand';
import { displayPath } from '../platform/displayPath';
import type { ManagedFiles } from './model/managedFiles';
import { errorText } from '../platform/model/words/errorWords';

export class TokenSync {
  /** The token last synced per profile (memory only), so repeated 'valid' events do no I/O. */
  private readonly lastSynced = new Map<string, string>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly services: Services,
    private readonly managed: ManagedFiles,
    private readonly dotenvWriter: DotenvTokenWriter,
    private readonly gate: DotenvWriteGate,
    private readonly production: ProductionGate,
  ) {}

  onTokenEvent(event: TokenServiceEvent): void {
    if (event.kind === 'token') {
      const token = event.state.token;
      if (event.state.status !== 'valid' || !token || this.lastSynced.get(event.profile) === token.accessToken) return;
      this.lastSynced.set(event.profile, token.accessToken);
      void this.syncProfile(event.profile);
    } else if (event.kind === 'signedOut') {
      this.lastSynced.delete(event.profile.name);
      void this.forgetProfile(event.profile);
    } else if (event.kind === 'active' && event.profile !== undefined) {
      // Files bound to no profile follow the active one.
      void this.syncProfile(event.profile, { followersOnly: true });
    }
  }

  /**
   * Sign-out or removal: removes from every kept `.env` the token that credential was issued (recognised by
   * its client_id and issuer, whichever profile the file was bound to), so no valid token outlives it.
   */
  async forgetProfile(profile: Profile): Promise<void> {
    const issuedTo = (value: string) => {
      const decoded = decodeJwt(value);
      if (!decoded.ok) return false;
      const { client_id: clientId, iss } = decoded.token.claims;
      return clientId === profile.clientId && typeof iss === 'string' && iss.replace(/\/+$/, '') === profile.authority;
    };
    await Promise.all(this.managed.dotenvFiles().map(async ([uri, entry]) => {
      const envUri = vscode.Uri.parse(uri, true);
      try {
        if ((await this.dotenvWriter.removeIf(envUri, entry.key, issuedTo)) === 'removed') {
          this.services.log.info(`[tokenSync] ${displayPath(envUri)}: ${entry.key} removed after sign-out of ${profile.name}`);
        }
      } catch (error) {
        this.report(uri, `could not remove the token from ${displayPath(envUri)}`, vscode.l10n.t('Konexus: could not remove the token from {0}', displayPath(envUri)), error);
      }
    }));
  }

  /** Every kept file, once (after activation: a token may have expired while VS Code was closed). */
  async syncAll(): Promise<void> {
    const active = this.services.tokens.activeProfile()?.name;
    const profiles = new Set<string>();
    for (const [, entry] of [...this.managed.dotenvFiles(), ...this.managed.variableDocuments()]) {
      const profile = entry.profile ?? active;
      if (profile !== undefined && this.services.tokens.profile(profile)) profiles.add(profile);
    }
    await Promise.all([...profiles].map(profile => this.syncProfile(profile)));
  }

  /** Brings a kept document opened now up to date (it may hold a token from before its last save). */
  async onDocumentOpened(document: vscode.TextDocument): Promise<void> {
    const entry = this.managed.variableDocument(document.uri.toString());
    if (!entry) return;
    const profile = entry.profile ?? this.services.tokens.activeProfile()?.name;
    if (profile === undefined || !this.services.tokens.profile(profile)) return;
    await this.updateVariable(document, entry.name, profile);
  }

  /** Rewrites the files whose token comes from `profile`. */
  async syncProfile(profile: string, options: { followersOnly?: boolean } = {}): Promise<void> {
    const active = this.services.tokens.activeProfile()?.name;
    const mine = (entry: { profile?: string }) => (options.followersOnly ? entry.profile === undefined && active === profile : (entry.profile ?? active) === profile);
    const currentToken = async () => (await this.services.tokens.getToken(profile)).accessToken;
    const writes = this.managed.dotenvFiles().filter(([, entry]) => mine(entry)).map(async ([uri, entry]) => {
      const envUri = vscode.Uri.parse(uri, true);
      try {
        if (!(await this.gate.allowsBackgroundWrite(envUri))) return;
        if (!this.productionReleased(profile, 'dotenv', displayPath(envUri))) return;
        const outcome = await this.dotenvWriter.write(envUri, entry.key, currentToken, { create: false });
        if (outcome === 'missing') {
          await this.managed.removeDotenv(uri);
          this.services.log.info(`[tokenSync] ${displayPath(envUri)} was deleted: no longer kept`);
        } else if (outcome !== 'unchanged') {
          this.services.log.info(`[tokenSync] ${displayPath(envUri)}: ${entry.key} ${outcome} for ${profile}`);
        }
      } catch (error) {
        this.report(uri, `could not write the new token into ${displayPath(envUri)}`, vscode.l10n.t('Konexus: could not write the new token into {0}', displayPath(envUri)), error);
      }
    });
    const updates = this.managed.variableDocuments().filter(([, entry]) => mine(entry)).map(async ([uri, entry]) => {
      const document = vscode.workspace.textDocuments.find(open => open.uri.toString() === uri);
      if (document) await this.updateVariable(document, entry.name, profile);
    });
    await Promise.all([...writes, ...updates]);
  }

  /**
   * A production profile's token is written in the background only where the user confirmed it in this
   * window (ProductionGate); else that file keeps its old token until Insert Bearer Header runs there again.
   */
  private productionReleased(name: string, destination: 'dotenv' | 'editor', target: string): boolean {
    const profile = this.services.tokens.profile(name);
    if (!profile || this.production.released(profile, destination, target)) return true;
    this.services.log.info(`[tokenSync] ${target}: the new token of production profile ${name} is not written there until you confirm it in this window (run Insert Bearer Header)`);
    return false;
  }

  private async updateVariable(document: vscode.TextDocument, name: string, profile: string): Promise<void> {
    const uri = document.uri.toString();
    try {
      if (!this.productionReleased(profile, 'editor', displayPath(document.uri))) return;
      const token = await this.services.tokens.getToken(profile);
      const outcome = await updateTokenVariable(document, name, token.accessToken);
      if (outcome === 'no_variable') {
        await this.managed.removeVariableDocument(uri);
        this.services.log.info(`[tokenSync] ${displayPath(document.uri)} no longer defines @${name}: no longer kept`);
      } else if (outcome === 'updated') {
        this.services.log.info(`[tokenSync] ${displayPath(document.uri)}: @${name} updated for ${profile}`);
      } else if (outcome === 'failed') {
        this.services.log.warn(`[tokenSync] ${displayPath(document.uri)}: could not update @${name}`);
      }
    } catch (error) {
      this.report(uri, `could not update @${name} in ${displayPath(document.uri)}`, vscode.l10n.t('Konexus: could not update @{0} in {1}', name, displayPath(document.uri)), error);
    }
  }

  /** Logs every failure; shows the first one per file per window (a refresh comes every hour). */
  private report(key: string, logMessage: string, message: string, error: unknown): void {
    this.services.log.error(`[tokenSync] ${logMessage}`, error);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const reason = this.services.redactor.redact(errorText(error));
    void vscode.window.showWarningMessage(`${message}: ${reason}`, vscode.l10n.t('Show Log')).then(
      picked => (picked ? this.services.log.show() : undefined),
      () => undefined,
    );
  }
}

type VariableUpdateOutcome = 'updated' | 'unchanged' | 'no_variable' | 'failed';

/**
 * Sets the variable `name` of the OPEN `document` to `token` if the document defines it: one edit, left
 * unsaved (saving is the user's call; the file on disk holds whatever they last saved).
 */
async function updateTokenVariable(document: vscode.TextDocument, name: string, token: string): Promise<VariableUpdateOutcome> {
  // A second try covers an edit that raced with the user's typing (the version it was computed for moved on).
  for (let attempt = 0; attempt < 2; attempt++) {
    const text = document.getText();
    if (!parseHttpFile(text).fileVariables.some(variable => variable.name === name)) return 'no_variable';
    const result = fileVariableEdit(text, name, token);
    if (!result.ok) return 'failed';
    if (result.edits.length === 0) return 'unchanged';
    if (await vscode.workspace.applyEdit(toWorkspaceEdit(document, result.edits))) return 'updated';
  }
  return 'failed';
}
