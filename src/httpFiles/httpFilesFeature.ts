/**
 * Bearer headers in REST Client / httpYac `.http` files: the Insert Bearer Header command, the `.env` and
 * file-variable upkeep on every token refresh, the gitignore guard and the validity CodeLens. Owns every
 * listener and provider it registers; `dispose` releases them.
 *
 * Restricted Mode: a `.env` is written only after the user confirms it in a modal dialog (DotenvWriteGate),
 * and background upkeep pauses every kept `.env` not confirmed in this window; once the user trusts the
 * folder, upkeep resumes at once (onDidGrantWorkspaceTrust) for every file that needs no confirmation then.
 */
import * as vscode from 'vscode';
import { Coalesced, VIEW_REDRAW_DELAY_MS } from '../core/coalesced';
import type { Services } from '../platform/services';
import type { ProductionGate } from '../tokens/productionGate';
import { insertBearerHeader, type InsertBearerResult } from './bearerHeaderCommand';
import { DotenvTokenWriter, DotenvWriteGate } from './dotenvTokenWriter';
import { isReplaceableDotenvValue } from './model/dotenvRisk';
import { GitIgnoreGuard } from './gitIgnoreWarning';
import type { GitRunner } from '../core/git/gitRunner';
import { HTTP_DOCUMENT_SELECTOR } from './httpDocuments';
import { KeyedSequencer } from '../core/async';
import { ManagedFiles } from './model/managedFiles';
import { TokenCodeLensProvider } from './tokenCodeLens';
import { TokenSync } from './tokenSync';

/** What the feature needs beside the shared services. */
export interface HttpFilesPieces {
  /** Where the kept `.env` and file-variable documents are remembered (ManagedFiles). */
  readonly workspaceState: vscode.Memento;
  readonly git: GitRunner;
  readonly production: ProductionGate;
}

export class HttpFilesFeature implements vscode.Disposable {
  private readonly managed: ManagedFiles;
  private readonly dotenvWriter: DotenvTokenWriter;
  private readonly gate: DotenvWriteGate;
  /** Warns once per `.env` per window. */
  private readonly gitignore: GitIgnoreGuard;
  private readonly codeLens: TokenCodeLensProvider;
  private readonly tokenSync: TokenSync;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services, private readonly pieces: HttpFilesPieces) {
    this.managed = new ManagedFiles(pieces.workspaceState, message => services.log.warn(message));
    this.dotenvWriter = new DotenvTokenWriter(new KeyedSequencer(), isReplaceableDotenvValue);
    this.gate = new DotenvWriteGate(services.log, pieces.git);
    this.gitignore = new GitIgnoreGuard(services.log, pieces.git);
    this.codeLens = new TokenCodeLensProvider(services, this.managed, this.gate);
    this.tokenSync = new TokenSync(services, this.managed, this.dotenvWriter, this.gate, pieces.production);
    // Token events: the lenses are asked for again once per burst (see Coalesced); the kept files at once.
    const redrawLenses = new Coalesced(services.clock, VIEW_REDRAW_DELAY_MS, () => this.codeLens.refresh());
    this.subscriptions.push(
      this.codeLens,
      redrawLenses,
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        services.log.info('[httpFiles] the workspace is trusted now: bringing the kept files up to date');
        this.codeLens.refresh();
        void this.tokenSync.syncAll().catch(error => services.log.error('[httpFiles] sync after trust failed', error));
      }),
      vscode.languages.registerCodeLensProvider(HTTP_DOCUMENT_SELECTOR, this.codeLens),
      services.tokens.onDidChange(event => {
        this.tokenSync.onTokenEvent(event);
        redrawLenses.schedule();
      }),
      this.managed.onDidChange(() => this.codeLens.refresh()),
      vscode.workspace.onDidOpenTextDocument(document => void this.tokenSync.onDocumentOpened(document)),
      // A profile a kept `.env` or an open kept document is bound to stays fresh in the background
      // (files bound to no profile follow the active one, which always does).
      services.tokens.addDemand(profile => this.managed.dotenvFiles().some(([, entry]) => entry.profile === profile)
        || this.managed.variableDocuments().some(([uri, entry]) => entry.profile === profile && vscode.workspace.textDocuments.some(d => d.uri.toString() === uri))),
    );
    // After activation, never inside it: bringing kept files up to date may fetch a token.
    const startup = setTimeout(() => void this.tokenSync.syncAll().catch(error => services.log.error('[httpFiles] start-up sync failed', error)), 0);
    this.subscriptions.push({ dispose: () => clearTimeout(startup) });
  }

  /** `konexus.insertBearerHeader` (and `…All` with `all: true`). Throws a KonexusError; registerCommands presents it. */
  async insertBearerHeader(arg?: unknown): Promise<InsertBearerResult> {
    const { services, managed, dotenvWriter, gitignore, gate, pieces: { production } } = this;
    return insertBearerHeader({ services, managed, dotenvWriter, gitignore, gate, production }, arg);
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}
