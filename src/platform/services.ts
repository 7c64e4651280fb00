import type * as vscode from 'vscode';
import { systemClock, type Clock } from '../core/clock';
import { DiscoveryCache } from '../core/http/discovery';
import type { HttpDeps } from '../core/http/httpExchange';
import { Redactor } from '../core/redact';
import { TokenService } from '../core/tokens/tokenService';
import { errorText } from './model/words/errorWords';
import { Log } from './log';
import { createSettingsReader, type Settings } from './settings';

/**
 * The core and the platform every feature shares: clock, log, redactor, http, discovery, the token service
 * and the settings. Built once in activate(); features take it (and, beside it, the few pieces of the
 * ExtensionContext or of another feature they need) instead of reaching for module globals. Settings are
 * read live: `settings()` reads them on every call. `dispose` releases what it owns.
 */
export interface Services extends vscode.Disposable {
  readonly clock: Clock;
  readonly redactor: Redactor;
  readonly log: Log;
  readonly http: HttpDeps;
  readonly discovery: DiscoveryCache;
  readonly tokens: TokenService;
  settings(): Settings;
}

/** What the token service keeps in VS Code: SecretStorage and the two Mementos. */
export type ServiceStores = Pick<vscode.ExtensionContext, 'secrets' | 'globalState' | 'workspaceState'>;

export interface ServiceOverrides {
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  /** See TokenServiceDeps.cacheTokens. */
  readonly cacheTokens?: boolean;
}

export function createServices(stores: ServiceStores, overrides: ServiceOverrides = {}): Services {
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
  const tokens = new TokenService({
    secrets: stores.secrets,
    state: stores.globalState,
    workspaceState: stores.workspaceState,
    preferredProfile: () => settings().defaultProfile || undefined,
    http,
    discovery,
    redactor,
    managerOptions: { refreshLeadMs: () => settings().refreshLeadSeconds * 1000 },
    cacheTokens: overrides.cacheTokens ?? true,
    log: message => log.info(message),
    errorText,
  });
  return {
    clock, redactor, log, http, discovery, tokens, settings,
    dispose: () => {
      tokens.dispose();
      log.dispose();
    },
  };
}
