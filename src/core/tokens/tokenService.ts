import { Emitter, type Disposable } from '../async';
import type { Clock } from '../clock';
import type { DiscoveryCache } from '../http/discovery';
import { KonexusError } from '../errors';
import type { HttpDeps } from '../http/httpExchange';
import { ClientSecrets } from './clientSecrets';
import { secretKey, toProfile, tokenKey, type Profile, type ProfileInput } from './profiles';
import { ProfileManagers, parseStoredToken } from './profileManagers';
import { ProfileStore } from './profileStore';
import type { Redactor } from '../redact';
import type { KeyValueStore, SecretStore } from './stores';
import { TokenDemands } from './tokenDemands';
import type { IssuedToken } from './tokenClient';
import type { TokenRequest, TokenState } from './tokenState';
import type { TokenManagerOptions } from './tokenTiming';

export interface TokenServiceDeps {
  readonly secrets: SecretStore;
  readonly state: KeyValueStore;
  /** Per-workspace memory (workspaceState): the profile chosen in this workspace wins. */
  readonly workspaceState?: KeyValueStore;
  /** The workspace's `konexus.defaultProfile` setting (VS Code drops it in untrusted workspaces). */
  readonly preferredProfile?: () => string | undefined;
  readonly http: HttpDeps;
  readonly discovery: DiscoveryCache;
  readonly redactor: Redactor;
  readonly managerOptions?: Omit<TokenManagerOptions, 'fetchToken' | 'clock' | 'initialToken' | 'keepWarm'>;
  /**
   * Keep issued tokens in SecretStorage (default true), so a reload or another window reuses them. False
   * keeps them in memory: in VS Code for the Web (code-server) every SecretStorage write stores the
   * window's whole, possibly stale, copy of the secrets and would undo a secret changed in another window.
   */
  readonly cacheTokens?: boolean;
  readonly log?: (message: string) => void;
  /** An error in words for the log (the edge's errorText); without it the log gets the code and kind. */
  readonly errorText?: (error: unknown) => string;
}

export type TokenServiceEvent =
  | { readonly kind: 'profiles' }
  | { readonly kind: 'active'; readonly profile: string | undefined }
  /** The profile's secret and token are gone (sign-out or removal): copies the extension wrote must go too. */
  | { readonly kind: 'signedOut'; readonly profile: Profile }
  | { readonly kind: 'token'; readonly profile: string; readonly state: TokenState };

/**
 * Profiles, their secrets and their always-valid tokens. Secrets and tokens go to the SecretStore only;
 * the profile list (no secrets) to the KeyValueStore. One TokenManager per profile, created on first use
 * with the token restored from storage. No network on construction.
 */
export class TokenService {
  private readonly managers: ProfileManagers;
  private readonly changed = new Emitter<TokenServiceEvent>('TokenService.onDidChange', message => this.deps.log?.(message));
  private readonly clientSecrets: ClientSecrets;
  /** What else needs a profile's token kept fresh besides being active (kept files, consumers' sessions). */
  private readonly demands = new TokenDemands(message => this.deps.log?.(message));

  private readonly profileStore: ProfileStore;

  constructor(private readonly deps: TokenServiceDeps) {
    this.profileStore = new ProfileStore(deps);
    this.clientSecrets = new ClientSecrets(deps);
    this.managers = new ProfileManagers({
      ...deps,
      clock: deps.http.clock,
      cacheTokens: deps.cacheTokens ?? true,
      keepWarm: name => this.isNeeded(name),
      fetchToken: (profile, signal, context) => this.clientSecrets.fetch(profile, signal, context),
      onState: (profile, state) => this.emit({ kind: 'token', profile, state }),
    });
  }

  /**
   * Registers what needs tokens kept fresh in the background: the active profile always does; a profile
   * no demand names is refreshed only when asked (see TokenManagerOptions.keepWarm).
   */
  addDemand(needs: (profile: string) => boolean): Disposable {
    return this.demands.add(needs);
  }

  /** Whether anything needs the profile's token kept fresh now. */
  isNeeded(name: string): boolean {
    return this.activeProfile()?.name === name || this.demands.need(name);
  }

  get clock(): Clock {
    return this.deps.http.clock;
  }

  profiles(): readonly Profile[] {
    return this.profileStore.profiles();
  }

  profile(name: string): Profile | undefined {
    return this.profiles().find(p => p.name === name);
  }

  /** See ProfileStore.activeProfile. */
  activeProfile(): Profile | undefined {
    return this.profileStore.activeProfile();
  }

  /** Adds (or, with `replace`, updates) a profile and stores its secret. Does not fetch a token. */
  async addProfile(input: ProfileInput & { clientSecret: unknown }, options: { replace?: boolean; activate?: boolean } = {}): Promise<Profile> {
    const others = this.profiles().filter(p => !(options.replace && p.name === String(input.name ?? '').trim()));
    const profile = toProfile(input, others.map(p => p.name));
    const secret = typeof input.clientSecret === 'string' ? input.clientSecret : '';
    if (!secret.trim()) throw new KonexusError('missing_secret', { area: 'token', kind: 'secretEmpty' });
    await this.clientSecrets.store(profile, secret);
    await this.saveProfiles([...others, profile]);
    await this.managers.drop(profile.name);
    if (options.activate ?? true) await this.selectProfile(profile.name);
    this.deps.log?.(`[addProfile] ${profile.name}: ${profile.clientId} at ${profile.authority}`);
    return profile;
  }

  /** Marks (or unmarks) a profile as production (core/tokens/production.ts); the secret and token stay. */
  async setProduction(name: string, production: boolean): Promise<Profile> {
    const profile = this.require(name);
    const { production: _old, ...rest } = profile;
    const changed: Profile = production ? { ...rest, production: true } : rest;
    await this.saveProfiles(this.profiles().map(p => (p.name === name ? changed : p)));
    this.deps.log?.(`[setProduction] ${name}: ${production ? 'marked' : 'unmarked'} production`);
    return changed;
  }

  /** Removes the profile, its cached token, and its secret unless another profile uses the same credential. */
  async removeProfile(name: string): Promise<void> {
    const profile = this.require(name);
    const rest = this.profiles().filter(p => p.name !== name);
    await this.saveProfiles(rest);
    await this.forgetCredentials(profile, rest);
    await this.managers.drop(name);
    this.emit({ kind: 'signedOut', profile });
    if (this.profileStore.lastChosen() === name) await this.selectProfile(rest[0]?.name);
    this.deps.log?.(`[removeProfile] ${name}`);
  }

  /** Deletes the secret and cached token of a profile but keeps the profile, so the user can sign in again. */
  async signOut(name: string): Promise<void> {
    const profile = this.require(name);
    await this.signOutOf(profile, this.profiles().filter(p => p.name !== name));
    this.emit({ kind: 'profiles' });
    this.deps.log?.(`[signOut] ${name}`);
  }

  /**
   * Signs out of every profile: every secret (a shared one too, which signing out of one profile at a time
   * keeps for the others) and every cached token is deleted; the profiles are kept. Returns their names.
   */
  async signOutAll(): Promise<string[]> {
    const all = this.profiles();
    for (const profile of all) await this.signOutOf(profile, []);
    this.emit({ kind: 'profiles' });
    this.deps.log?.(`[signOutAll] ${all.length} profile(s)`);
    return all.map(p => p.name);
  }

  async setSecret(name: string, secret: string): Promise<void> {
    const profile = this.require(name);
    await this.clientSecrets.store(profile, secret);
    (await this.managers.get(name))?.reset();
    this.emit({ kind: 'profiles' });
  }

  /**
   * Whether a secret is stored for a credential (authority + client id) and whether it is `secret`. Never
   * hands out the stored secret. Throws a KonexusError for an authority that does not parse.
   */
  async compareStoredSecret(credential: Pick<Profile, 'authority' | 'clientId'>, secret: string): Promise<'none' | 'same' | 'different'> {
    const stored = await this.deps.secrets.get(secretKey(credential));
    return stored === undefined ? 'none' : stored === secret ? 'same' : 'different';
  }

  /** The profiles whose secret is this credential's (same authority and client id): a new secret changes all of them. */
  credentialUsers(credential: Pick<Profile, 'authority' | 'clientId'>): Profile[] {
    const key = secretKey(credential);
    return this.profiles().filter(profile => secretKey(profile) === key);
  }

  /** Reads SecretStorage only for a secret this window does not know (see ClientSecrets.has). */
  async hasSecret(name: string): Promise<boolean> {
    const profile = this.profile(name);
    return profile !== undefined && (await this.clientSecrets.has(secretKey(profile)));
  }

  async selectProfile(name: string | undefined): Promise<void> {
    if (name !== undefined) this.require(name);
    await this.profileStore.choose(name);
    this.emit({ kind: 'active', profile: name });
  }

  /** A valid token for the profile (default: the active one), fetched if needed, within the request budget. */
  async getToken(name?: string, options: TokenRequest = {}): Promise<IssuedToken> {
    const profile = name === undefined ? this.activeProfile() : this.require(name);
    if (!profile) throw new KonexusError('unknown_profile', { area: 'token', kind: 'noProfile' });
    return (await this.managers.for(profile)).getToken(options);
  }

  /** The token state of a profile if its manager exists (no I/O). */
  async tokenState(name: string): Promise<TokenState | undefined> {
    const manager = this.managers.get(name);
    return manager ? (await manager).current : undefined;
  }

  /**
   * Starts upkeep for a profile (restores its stored token, schedules refresh). No network unless due, and
   * then only if something needs the profile (isNeeded).
   */
  async warm(name: string): Promise<TokenState | undefined> {
    const profile = this.profile(name);
    if (!profile) return undefined;
    const manager = await this.managers.for(profile);
    manager.resume();
    return manager.current;
  }

  /** Call on window focus / resume: lets each manager notice clock jumps and due refreshes. */
  async checkClocks(): Promise<void> {
    for (const manager of this.managers.all()) (await manager).checkNow();
  }

  /** SecretStorage changed, maybe in another window: adopt its fresher token, or reset on a new secret. */
  async onSecretChanged(key: string): Promise<void> {
    const users = this.profiles().filter(profile => secretKey(profile) === key);
    if (users.length) {
      const change = await this.clientSecrets.changed(key);
      // Our own write coming back (it would abort the request that checks the new secret): nothing to do.
      if (!change) return;
      const { secret } = change;
      // Every profile that shares the secret (`prod`, `prod-readonly`) drops the token issued for the old one.
      for (const profile of users) {
        const pending = this.managers.get(profile.name);
        if (!pending) continue;
        (await pending).reset();
        this.deps.log?.(`[onSecretChanged] secret of ${profile.name} ${secret === undefined ? 'removed' : 'changed'}`);
      }
      if (secret === undefined) this.emit({ kind: 'profiles' });
      return;
    }
    for (const profile of this.profiles()) {
      const pending = this.managers.get(profile.name);
      if (!pending || key !== tokenKey(profile)) continue;
      const stored = parseStoredToken(await this.deps.secrets.get(key));
      if (stored && (await pending).adopt(stored)) this.deps.log?.(`[onSecretChanged] adopted a fresher token for ${profile.name}`);
    }
  }

  onDidChange(listener: (event: TokenServiceEvent) => void): Disposable {
    return this.changed.event(listener);
  }

  dispose(): void {
    this.managers.dispose();
    this.changed.dispose();
  }

  private async forgetCredentials(profile: Profile, others: readonly Profile[]): Promise<void> {
    const key = secretKey(profile);
    await this.clientSecrets.forget(profile, others.some(o => secretKey(o) === key));
    await this.deps.secrets.delete(tokenKey(profile));
  }

  private async signOutOf(profile: Profile, others: readonly Profile[]): Promise<void> {
    await this.forgetCredentials(profile, others);
    await this.managers.drop(profile.name);
    this.emit({ kind: 'signedOut', profile });
  }

  private async saveProfiles(profiles: readonly Profile[]): Promise<void> {
    await this.profileStore.save(profiles);
    this.emit({ kind: 'profiles' });
  }

  private require(name: string): Profile {
    const profile = this.profile(name);
    if (!profile) throw new KonexusError('unknown_profile', { area: 'token', kind: 'unknownProfile', name });
    return profile;
  }

  /** Listeners (status bar, tree) that fail are logged and do not break token upkeep. */
  private emit(event: TokenServiceEvent): void {
    this.changed.fire(event);
  }
}
