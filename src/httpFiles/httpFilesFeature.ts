/**
 * Bearer headers in REST Client / httpYac `.http` files: the Insert Bearer Header command, the `.env` and
 * file-variable upkeep on every token refresh, the gitignore guard and the validity CodeLens. Owns every
 * listener and provider it registers; `dispose` releases them. The command and the gitignore guard it
 * warns through are loaded on demand (src/onDemand) by the first Insert Bearer Header.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { InsertBearerResult } from './bearerHeaderCommand';
import { DotenvTokenWriter } from './dotenvTokenWriter';
import type { GitIgnoreGuard } from './gitIgnoreWarning';
import { HTTP_DOCUMENT_SELECTOR } from './httpDocuments';
import { KeyedSequencer } from './keyedSequencer';
import { ManagedFiles } from './managedFiles';
import { TokenCodeLensProvider } from './tokenCodeLens';
import { TokenSync } from './tokenSync';

export class HttpFilesFeature implements vscode.Disposable {
  private readonly managed: ManagedFiles;
  private readonly dotenvWriter = new DotenvTokenWriter(new KeyedSequencer());
  /** Made by the first Insert Bearer Header and kept: it warns once per `.env` per window. */
  private gitignore: GitIgnoreGuard | undefined;
  private readonly codeLens: TokenCodeLensProvider;
  private readonly tokenSync: TokenSync;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.managed = new ManagedFiles(services.context.workspaceState);
    this.codeLens = new TokenCodeLensProvider(services, this.managed);
    this.tokenSync = new TokenSync(services, this.managed, this.dotenvWriter);
    this.subscriptions.push(
      this.codeLens,
      vscode.languages.registerCodeLensProvider(HTTP_DOCUMENT_SELECTOR, this.codeLens),
      services.tokens.onDidChange(event => {
        this.tokenSync.onTokenEvent(event);
        this.codeLens.refresh();
      }),
      this.managed.onDidChange(() => this.codeLens.refresh()),
      vscode.workspace.onDidOpenTextDocument(document => void this.tokenSync.onDocumentOpened(document)),
    );
    // After activation, never inside it: bringing kept files up to date may fetch a token.
    const startup = setTimeout(() => void this.tokenSync.syncAll().catch(error => services.log.error('[httpFiles] start-up sync failed', error)), 0);
    this.subscriptions.push({ dispose: () => clearTimeout(startup) });
  }

  /** `konexus.insertBearerHeader` (and `…All` with `all: true`). Throws a KonexusError; registerCommands presents it. */
  async insertBearerHeader(arg?: unknown): Promise<InsertBearerResult> {
    const { insertBearerHeader, GitIgnoreGuard } = await this.services.onDemand();
    this.gitignore ??= new GitIgnoreGuard(this.services);
    return insertBearerHeader({ services: this.services, managed: this.managed, dotenvWriter: this.dotenvWriter, gitignore: this.gitignore }, arg);
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}
