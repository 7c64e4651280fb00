/**
 * `konexus.terminal.injectToken` (opt-in, user or remote settings only): terminals opened from now on in this
 * window get the active profile's token as `KONEXUS_TOKEN` and its authority as `KONEXUS_AUTHORITY`, through
 * the extension's EnvironmentVariableCollection (not persisted: a reload does not bring a stale token back),
 * replaced on every token event of the active profile and removed on sign-out or when the setting goes off.
 * A terminal keeps the environment it started with, so every terminal also gets `KONEXUS_TOKEN_CMD`: a
 * command that asks this running extension for the current token (src/core/tokenIpc.ts).
 *
 * What this does not do: fetch on its own schedule. It follows the active profile's token events, which the
 * token service keeps fresh anyway (the active profile is always needed), and the helper's requests are
 * answered by getToken, which hands out the token held unless it is due: the README's request budget holds.
 *
 * A production profile (core/tokens/production.ts): KONEXUS_TOKEN stays unset until the user confirmed, in this
 * window, that its token may go into terminals (ProductionGate's modal, asked when KONEXUS_TOKEN_CMD first
 * runs, never unprompted at start-up); declined, the helper gets an error and no token.
 */
import * as vscode from 'vscode';
import type { Profile } from '../core/tokens/profiles';
import type { TokenState } from '../core/tokens/tokenState';
import { helperCommand, startTokenIpcServer, type TokenIpcServer } from './model/tokenIpc';
import type { TokenServiceEvent } from '../core/tokens/tokenService';
import type { Services } from '../platform/services';
import type { ProductionGate } from '../tokens/productionGate';

const TERMINAL_ENV = {
  token: 'KONEXUS_TOKEN',
  authority: 'KONEXUS_AUTHORITY',
  command: 'KONEXUS_TOKEN_CMD',
  ipc: 'KONEXUS_TOKEN_IPC',
  nonce: 'KONEXUS_TOKEN_IPC_NONCE',
} as const;

/** Where the variables go, and the helper script KONEXUS_TOKEN_CMD runs (both from the ExtensionContext). */
export interface TerminalEnvironment {
  readonly collection: vscode.GlobalEnvironmentVariableCollection;
  /** The absolute path of media/konexus-token.mjs in the installed extension. */
  readonly helperPath: () => string;
}

export class TerminalTokenFeature implements vscode.Disposable {
  private readonly collection: vscode.GlobalEnvironmentVariableCollection;
  private readonly helperPath: () => string;
  private readonly subscriptions: vscode.Disposable[] = [];
  private ipc: Promise<TokenIpcServer> | undefined;
  private enabled = false;
  /** Bumped by every change to the token variables: an older asynchronous update yields to a newer one. */
  private version = 0;

  constructor(
    private readonly services: Services,
    private readonly production: ProductionGate,
    terminals: TerminalEnvironment,
  ) {
    this.collection = terminals.collection;
    this.helperPath = terminals.helperPath;
    this.collection.persistent = false;
    this.subscriptions.push(
      services.tokens.onDidChange(event => this.onTokenEvent(event)),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('konexus.terminal.injectToken') || e.affectsConfiguration('konexus.production.confirmTokenUse')) void this.apply();
      }),
    );
    void this.apply();
  }

  /** Follows the setting: on, the variables and the helper's server; off, neither. Also for tests. */
  async apply(): Promise<void> {
    try {
      if (!this.services.settings().terminalInjectToken) {
        this.turnOff();
        return;
      }
      if (!this.enabled) this.services.log.info('[terminal] new terminals get the token (konexus.terminal.injectToken)');
      this.enabled = true;
      this.collection.description = vscode.l10n.t('Konexus: the active profile\'s access token (KONEXUS_TOKEN, KONEXUS_AUTHORITY) and KONEXUS_TOKEN_CMD, which prints the current one, in terminals opened while the setting konexus.terminal.injectToken is on.');
      const pending = (this.ipc ??= startTokenIpcServer({
        answer: () => this.answerHelper(),
        log: message => this.services.log.info(message),
      }));
      const ipc = await pending;
      if (!this.enabled || this.ipc !== pending) return;
      this.collection.replace(TERMINAL_ENV.ipc, ipc.path);
      this.collection.replace(TERMINAL_ENV.nonce, ipc.nonce);
      this.collection.replace(TERMINAL_ENV.command, helperCommand(this.helperPath()));
      await this.updateToken();
    } catch (error) {
      this.services.log.error('[terminal] could not set up the terminal token', error);
    }
  }

  /** KONEXUS_TOKEN_CMD: the active token; a production one only once confirmed in this window (modal). */
  private async answerHelper(): Promise<string> {
    const profile = this.services.tokens.activeProfile();
    const before = profile ? this.production.released(profile, 'terminal') : true;
    if (profile) await this.production.confirm(profile, 'terminal');
    const token = (await this.services.tokens.getToken(profile?.name)).accessToken;
    if (!before) void this.updateToken(); // confirmed just now: new terminals get KONEXUS_TOKEN too
    return token;
  }

  private onTokenEvent(event: TokenServiceEvent): void {
    if (!this.enabled) return;
    const active = this.services.tokens.activeProfile();
    if (event.kind === 'token') {
      if (event.profile === active?.name) this.showToken(active, event.state);
    } else if (event.kind === 'signedOut') {
      if (event.profile.name === active?.name) this.showToken(undefined, undefined);
    } else {
      void this.updateToken(); // another active profile, or the profile list changed
    }
  }

  /** Reads the active profile's state (no network unless its refresh is due) and shows it. */
  private async updateToken(): Promise<void> {
    const version = ++this.version;
    const profile = this.services.tokens.activeProfile();
    const state = profile ? await this.services.tokens.warm(profile.name) : undefined;
    if (version === this.version) this.showToken(profile, state);
  }

  private showToken(profile: Profile | undefined, state: TokenState | undefined): void {
    this.version++;
    if (!this.enabled) return;
    const token = state?.token;
    const released = profile !== undefined && this.production.released(profile, 'terminal');
    if (profile !== undefined && released && token && token.expiresAt > this.services.clock.now()) {
      this.collection.replace(TERMINAL_ENV.token, token.accessToken);
      this.collection.replace(TERMINAL_ENV.authority, profile.authority);
    } else {
      this.collection.delete(TERMINAL_ENV.token);
      this.collection.delete(TERMINAL_ENV.authority);
    }
  }

  private turnOff(): void {
    if (this.enabled) this.services.log.info('[terminal] new terminals no longer get the token');
    this.enabled = false;
    this.version++;
    this.collection.clear();
    const ipc = this.ipc;
    this.ipc = undefined;
    void ipc?.then(server => server.dispose(), () => undefined);
  }

  dispose(): void {
    this.turnOff();
    for (const s of this.subscriptions) s.dispose();
  }
}
