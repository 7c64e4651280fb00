import type { Clock } from '../clock';
import { tokenKey, type Profile } from './profiles';
import type { Redactor } from '../redact';
import type { SecretStore } from './stores';
import type { IssuedToken } from './tokenClient';
import { TokenManager } from './tokenManager';
import type { FetchContext, TokenState } from './tokenState';
import type { TokenManagerOptions } from './tokenTiming';

export interface ProfileManagersDeps {
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly redactor: Redactor;
  readonly managerOptions?: Omit<TokenManagerOptions, 'fetchToken' | 'clock' | 'initialToken' | 'keepWarm'>;
  /** See TokenServiceDeps.cacheTokens. */
  readonly cacheTokens: boolean;
  readonly log?: (message: string) => void;
  /** An error in words for the log (TokenServiceDeps.errorText). */
  readonly errorText?: (error: unknown) => string;
  /** Whether anything needs the profile's token kept fresh now (TokenManagerOptions.keepWarm). */
  readonly keepWarm: (profile: string) => boolean;
  readonly fetchToken: (profile: Profile, signal: AbortSignal, context: FetchContext) => Promise<IssuedToken>;
  /** Every state change of a profile's manager, after the new token is on its way to storage. */
  readonly onState: (profile: string, state: TokenState) => void;
}

/**
 * One TokenManager per profile, created on first use with the token restored from SecretStorage; a new
 * token is stored again (unless cacheTokens is false), so a reload or another window reuses it.
 */
export class ProfileManagers {
  private readonly managers = new Map<string, Promise<TokenManager>>();
  private disposed = false;

  constructor(private readonly deps: ProfileManagersDeps) {}

  /** The profile's manager if it exists (no I/O). */
  get(name: string): Promise<TokenManager> | undefined {
    return this.managers.get(name);
  }

  all(): Array<Promise<TokenManager>> {
    return [...this.managers.values()];
  }

  for(profile: Profile): Promise<TokenManager> {
    let pending = this.managers.get(profile.name);
    if (!pending) {
      pending = this.create(profile);
      this.managers.set(profile.name, pending);
    }
    return pending;
  }

  private async create(profile: Profile): Promise<TokenManager> {
    const { cacheTokens } = this.deps;
    const initialToken = cacheTokens ? parseStoredToken(await this.deps.secrets.get(tokenKey(profile))) : undefined;
    const manager = new TokenManager({
      ...this.deps.managerOptions,
      clock: this.deps.clock,
      ...(initialToken ? { initialToken } : {}),
      keepWarm: () => this.deps.keepWarm(profile.name),
      ...(this.deps.log ? { log: this.deps.log } : {}),
      fetchToken: (signal, context) => this.deps.fetchToken(profile, signal, context),
    });
    let lastStored = initialToken?.accessToken;
    manager.onDidChange(state => {
      if (cacheTokens && state.token && state.token.accessToken !== lastStored && state.status === 'valid') {
        lastStored = state.token.accessToken;
        this.deps.secrets.store(tokenKey(profile), JSON.stringify(state.token)).then(undefined, () => undefined);
      }
      if (state.lastError && state.status !== 'refreshing') {
        this.deps.log?.(`[token] ${profile.name}: ${state.status}: ${this.deps.redactor.redact(this.deps.errorText?.(state.lastError) ?? state.lastError.message)}`);
      }
      this.deps.onState(profile.name, state);
    });
    if (this.disposed) manager.dispose();
    return manager;
  }

  async drop(name: string): Promise<void> {
    const pending = this.managers.get(name);
    this.managers.delete(name);
    if (pending) (await pending.catch(() => undefined))?.dispose();
  }

  dispose(): void {
    this.disposed = true;
    for (const pending of this.managers.values()) pending.then(m => m.dispose(), () => undefined);
    this.managers.clear();
  }
}

export function parseStoredToken(text: string | undefined): IssuedToken | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<IssuedToken>;
    if (typeof value.accessToken === 'string' && typeof value.expiresAt === 'number' && typeof value.issuedAt === 'number') {
      return { accessToken: value.accessToken, tokenType: value.tokenType ?? 'bearer', scope: value.scope, issuedAt: value.issuedAt, expiresAt: value.expiresAt, issuer: value.issuer ?? '' };
    }
  } catch {
    // a corrupt cache entry is ignored: a new token is fetched
  }
  return undefined;
}
