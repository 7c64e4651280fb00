import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { KonexusAuthProvider } from './tokens/authProvider';
import { commandTable } from './commands/commandTable';
import { registerCommands } from './commands/registerCommands';
import { createDemoProfile } from './tokens/demoProfile';
import { GitRunner } from './core/git/gitRunner';
import { HttpFilesFeature } from './httpFiles/httpFilesFeature';
import { InspectorFeature } from './inspector/inspectorFeature';
import { LeakGuard } from './leakGuard/leakGuard';
import { LmToolsFeature } from './lmTools/lmToolsFeature';
import { ProfilesView } from './tokens/profilesView';
import { createServices, type Services } from './platform/services';
import { TokenStatusBar } from './tokens/statusBar';
import { TerminalTokenFeature } from './terminal/terminalTokenFeature';
import { BackgroundFailureNotifier } from './tokens/backgroundFailureNotifier';
import { ProductionGate } from './tokens/productionGate';

/**
 * What activate() hands back to the integration tests, and only to them: in ExtensionMode.Test. In every other
 * mode activate() returns undefined, because `vscode.extensions.getExtension(id).exports` is readable by any
 * extension, and these objects reach this extension's SecretStorage and hand out tokens without the consent
 * the `konexus` authentication provider asks for.
 */
export interface KonexusExtensionApi {
  readonly services: Services;
  readonly context: vscode.ExtensionContext;
  readonly git: GitRunner;
  readonly production: ProductionGate;
  readonly inspector: InspectorFeature;
  readonly statusBar: TokenStatusBar;
  readonly authProvider: KonexusAuthProvider;
  readonly terminal: TerminalTokenFeature;
  readonly lmTools: LmToolsFeature;
}

/** Composition root: builds the services and features, registers them, hands every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): KonexusExtensionApi | undefined {
  // The core and the vscode-free halves of features translate through @vscode/l10n: hand it the bundle VS
  // Code loaded for the display language (none for English), before anything makes a message.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  // In VS Code for the Web a token write would store this window's stale copy of every secret (see
  // TokenServiceDeps.cacheTokens): tokens stay in memory there, and a reload costs one token request.
  const services = createServices(context, { cacheTokens: vscode.env.uiKind !== vscode.UIKind.Web });
  // The only way to run git (gitRunner.ts): none in an untrusted workspace, none of the repository's commands.
  const git = new GitRunner({
    trusted: () => vscode.workspace.isTrusted,
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).filter(folder => folder.uri.scheme === 'file').map(folder => folder.uri.fsPath),
  });
  // Once-per-window confirmation before a production profile's token leaves the extension.
  const production = new ProductionGate(services.settings, services.log);
  // A removed profile's confirmations go with it: one added again under that name is asked about again.
  const forgetSignedOut = services.tokens.onDidChange(event => {
    if (event.kind === 'signedOut') production.forgetProfile(event.profile.name);
  });
  const inspector = new InspectorFeature(services, context.globalState);
  const httpFiles = new HttpFilesFeature(services, { workspaceState: context.workspaceState, git, production });
  const statusBar = new TokenStatusBar(services);
  const authProvider = new KonexusAuthProvider(services);
  const leakGuard = new LeakGuard(services, git);
  const terminal = new TerminalTokenFeature(services, production, {
    collection: context.environmentVariableCollection,
    helperPath: () => context.asAbsolutePath('media/konexus-token.mjs'),
  });
  const lmTools = new LmToolsFeature(services);
  context.subscriptions.push(
    services,
    forgetSignedOut,
    inspector,
    httpFiles,
    statusBar,
    authProvider,
    leakGuard,
    terminal,
    lmTools,
    new ProfilesView(services),
    new BackgroundFailureNotifier(services),
    ...registerCommands(services, commandTable(services, { inspector, httpFiles, leakGuard, production, secrets: context.secrets })),
    context.secrets.onDidChange(e => void services.tokens.onSecretChanged(e.key)),
    vscode.window.onDidChangeWindowState(state => {
      if (state.focused) void services.tokens.checkClocks();
    }),
  );
  // After activation, never inside it: the demo profile fetches a token.
  setTimeout(() => void createDemoProfile(services, context.extensionMode), 0);
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, context, git, production, inspector, statusBar, authProvider, terminal, lmTools } : undefined;
}

export function deactivate(): void {}
