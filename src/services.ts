import type * as vscode from 'vscode';
import { systemClock, type Clock } from './core/clock';
import { DiscoveryCache } from './core/discovery';
import type { HttpDeps } from './core/httpExchange';
import type { JwksCacheOptions } from './core/jwt/jwks';
import { Redactor } from './core/redact';
import { GitRunner, type GitRunnerOptions } from './core/git/gitRunner';
import { TokenService } from './core/tokenService';
import { ConfirmedIssuers } from './inspector/confirmedIssuers';
import { Log } from './log';
import { loadOnDemand, type OnDemand } from './onDemand/load';
import { createSettingsReader, type Settings } from './settings';
import { ProductionGate } from './ui/productionGate';

/**
 * What the features of the extension share. Built once in activate(); every feature receives it
 * instead of reaching for module globals. `dispose` releases what it owns.
 */
export interface Services extends vscode.Disposable {
  readonly context: vscode.ExtensionContext;
  readonly clock: Clock;
  readonly redactor: Redactor;
  readonly log: Log;
  readonly http: HttpDeps;
  readonly discovery: DiscoveryCache;
  /**
   * How the issuers' key sets are fetched. The key cache itself (JwksCache, with jose) is part of the
   * on-demand bundle: the inspector makes one on its first verification and keeps it.
   */
  readonly keyFetch: JwksCacheOptions;
  readonly tokens: TokenService;
  /** Issuers the user trusted once for key fetches (globalState: a workspace cannot add to it). */
  readonly confirmedIssuers: ConfirmedIssuers;
  /** The only way to run git (core/git/gitRunner.ts): none in an untrusted workspace, none of the repository's commands. */
  readonly git: GitRunner;
  /** Once-per-window confirmation before a production profile's token leaves the extension. */
  readonly production: ProductionGate;
  settings(): Settings;
  /**
   * The on-demand bundle (src/onDemand): what activation does not need, loaded on first use and kept.
   * Rejects with a KonexusError (`incomplete_install`, already logged) when it cannot be loaded.
   */
  onDemand(): Promise<OnDemand>;
}

export interface ServiceOverrides {
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  /** See TokenServiceDeps.cacheTokens. */
  readonly cacheTokens?: boolean;
  /** Workspace trust and folders, for the git runner. Without them git never runs (taken as untrusted). */
  readonly gitWorkspace?: Pick<GitRunnerOptions, 'trusted' | 'workspaceFolders'>;
}

export function createServices(context: vscode.ExtensionContext, overrides: ServiceOverrides = {}): Services {
  const clock = overrides.clock ?? systemClock;
  const redactor = new Redactor();
  const log = new Log(redactor);
  const settings = createSettingsReader(message => log.warn(message));
  // The extension host's global fetch follows VS Code's proxy and certificate settings.
  const fetchImpl = overrides.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const http: HttpDeps = {
    fetch: fetchImpl,
    clock,
    get timeoutMs() { return settings().requestTimeoutSeconds * 1000; },
  };
  const discovery = new DiscoveryCache(http);
  const keyFetch: JwksCacheOptions = { fetch: fetchImpl, timeoutMs: 10_000 };
  const tokens = new TokenService({
    secrets: context.secrets,
    state: context.globalState,
    workspaceState: context.workspaceState,
    preferredProfile: () => settings().defaultProfile || undefined,
    http,
    discovery,
    redactor,
    managerOptions: { refreshLeadMs: settings().refreshLeadSeconds * 1000 },
    cacheTokens: overrides.cacheTokens ?? true,
    log: message => log.info(message),
  });
  const confirmedIssuers = new ConfirmedIssuers(context.globalState);
  const git = new GitRunner({ trusted: () => false, ...overrides.gitWorkspace });
  const production = new ProductionGate(settings, log);
  // A removed profile's confirmations go with it: one added again under that name is asked about again.
  tokens.onDidChange(event => {
    if (event.kind === 'signedOut') production.forgetProfile(event.profile.name);
  });
  const onDemand = loadOnDemand((message, error) => log.error(message, error));
  return {
    context, clock, redactor, log, http, discovery, keyFetch, tokens, confirmedIssuers, git, production, settings, onDemand,
    dispose: () => {
      tokens.dispose();
      log.dispose();
    },
  };
}
