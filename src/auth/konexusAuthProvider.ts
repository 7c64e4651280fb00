import * as vscode from 'vscode';
import type { Profile } from '../core/profiles';
import type { Services } from '../services';

export const AUTH_PROVIDER_ID = 'konexus';
const PROFILE_SCOPE_PREFIX = 'profile:';

/**
 * The `konexus` authentication provider: other extensions (and ours) call
 * `vscode.authentication.getSession('konexus', ['tamarack'])` and get a session whose accessToken is valid
 * now. One session per profile that has a secret; the session id is the profile name. Scopes select
 * profiles: each requested scope must be in the profile's scope, and `profile:<name>` picks one by name.
 * Sign-out from the Accounts menu deletes the profile's secret and cached token.
 */
export class KonexusAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changes];
  /** Last announced access token per session id, to announce only real changes. */
  private announced = new Map<string, string>();

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Konexus', this, { supportsMultipleAccounts: true }),
      services.tokens.onDidChange(() => void this.announce()),
    );
  }

  /**
   * With scopes (an extension asking for a session) a profile without a valid token gets one fetched. Without
   * scopes (the workbench listing accounts, as it does at every start-up) only tokens at hand are listed:
   * start-up sends nothing over the network, also in VS Code for the Web, where tokens are not cached.
   */
  async getSessions(scopes: readonly string[] | undefined): Promise<vscode.AuthenticationSession[]> {
    const sessions: vscode.AuthenticationSession[] = [];
    for (const profile of this.matching(scopes)) {
      if (!(await this.services.tokens.hasSecret(profile.name))) continue;
      try {
        if (scopes === undefined) {
          const token = (await this.services.tokens.warm(profile.name))?.token;
          if (token && token.expiresAt > this.services.clock.now()) sessions.push(toSession(profile, token.accessToken));
          continue;
        }
        const token = await this.services.tokens.getToken(profile.name);
        sessions.push(toSession(profile, token.accessToken));
      } catch (error) {
        this.services.log.warn(`[getSessions] ${profile.name}: no valid token: ${(error as Error).message}`);
      }
    }
    return sessions;
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const existing = await this.getSessions(scopes);
    if (existing[0]) return existing[0];
    const named = scopes.find(s => s.startsWith(PROFILE_SCOPE_PREFIX))?.slice(PROFILE_SCOPE_PREFIX.length);
    const plain = scopes.filter(s => !s.startsWith(PROFILE_SCOPE_PREFIX));
    const { addProfile } = await this.services.onDemand();
    const name = await addProfile(this.services, { ...(named ? { name: named } : {}), ...(plain.length ? { scope: plain.join(' ') } : {}) });
    const profile = name ? this.services.tokens.profile(name) : undefined;
    if (!profile) throw new Error(vscode.l10n.t('Konexus sign-in was cancelled.'));
    const token = await this.services.tokens.getToken(profile.name);
    const session = toSession(profile, token.accessToken);
    this.announced.set(session.id, session.accessToken);
    this.changes.fire({ added: [session], removed: [], changed: [] });
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const profile = this.services.tokens.profile(sessionId);
    if (!profile) return;
    await this.services.tokens.signOut(profile.name);
  }

  /** Compares what is known now (no network) with what was announced, and fires the difference. */
  private async announce(): Promise<void> {
    try {
      const now = new Map<string, vscode.AuthenticationSession>();
      for (const profile of this.services.tokens.profiles()) {
        const state = await this.services.tokens.tokenState(profile.name);
        const token = state?.token;
        if (token && token.expiresAt > this.services.clock.now() && (await this.services.tokens.hasSecret(profile.name))) {
          now.set(profile.name, toSession(profile, token.accessToken));
        }
      }
      const added = [...now.values()].filter(s => !this.announced.has(s.id));
      const changed = [...now.values()].filter(s => this.announced.has(s.id) && this.announced.get(s.id) !== s.accessToken);
      const removed = [...this.announced.keys()].filter(id => !now.has(id)).map(id => removedSession(id));
      this.announced = new Map([...now].map(([id, s]) => [id, s.accessToken]));
      if (added.length || changed.length || removed.length) this.changes.fire({ added, removed, changed });
    } catch (error) {
      this.services.log.error('[authProvider] announcing session changes failed', error);
    }
  }

  private matching(scopes: readonly string[] | undefined): Profile[] {
    const wanted = scopes ?? [];
    return this.services.tokens.profiles().filter(profile => {
      const granted = profile.scope.split(' ');
      return wanted.every(s => (s.startsWith(PROFILE_SCOPE_PREFIX) ? s.slice(PROFILE_SCOPE_PREFIX.length) === profile.name : granted.includes(s)));
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function toSession(profile: Profile, accessToken: string): vscode.AuthenticationSession {
  return {
    id: profile.name,
    accessToken,
    account: { id: `${profile.clientId}@${profile.authority}`, label: `${profile.name} (${profile.clientId})` },
    scopes: [...profile.scope.split(' '), `${PROFILE_SCOPE_PREFIX}${profile.name}`],
  };
}

function removedSession(id: string): vscode.AuthenticationSession {
  return { id, accessToken: '', account: { id, label: id }, scopes: [] };
}
