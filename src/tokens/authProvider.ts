import * as vscode from 'vscode';
import { Coalesced, VIEW_REDRAW_DELAY_MS } from '../core/coalesced';
import { isKonexusError } from '../core/errors';
import type { Profile } from '../core/tokens/profiles';
import { isProduction } from '../core/tokens/production';
import { addProfile } from './profileCommands';
import type { Services } from '../platform/services';
import { errorText } from '../platform/model/words/errorWords';

const AUTH_PROVIDER_ID = 'konexus';
const PROFILE_SCOPE_PREFIX = 'profile:';

/**
 * The `konexus` authentication provider: other extensions call
 * `vscode.authentication.getSession('konexus', ['tamarack'])` and get a session whose accessToken is valid
 * now. One account per profile that has a secret; the session id is the profile name.
 *
 * What a request selects, so that VS Code's getSession (the workbench's doGetSession), which hands a silent
 * caller a session only when exactly one allowed session matches, always has one to hand:
 * - plain scopes (`['tamarack']`): the active profile alone, if its scope holds every one of them;
 * - a scope `profile:<name>`: that profile (and its scope must hold the plain ones);
 * - `options.account` (VS Code passes the caller's `account`, or its remembered preference): that profile.
 * `forceNewSession` (a caller whose token was refused) reaches createSession, which fetches a new token.
 * Sign-out from the Accounts menu deletes the profile's secret and cached token.
 */
export class KonexusAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changes];
  /**
   * What was last announced per session id (access token and account label), to announce only real changes:
   * a profile marked production changes its account's label, not its token.
   */
  private announced = new Map<string, Announced>();
  /** The active profile when sessions were last announced: a switch changes what plain scopes return. */
  private announcedActive: string | undefined;
  /** Profiles whose session an extension asked for in this window: kept fresh in the background. */
  private readonly handedOut = new Set<string>();

  constructor(private readonly services: Services) {
    this.announcedActive = services.tokens.activeProfile()?.name;
    // Once per burst of token events, after it: a refresh emits `refreshing` and `valid` while its caller
    // waits, and announcing reads every profile's state and may message the workbench.
    const announceSoon = new Coalesced(services.clock, VIEW_REDRAW_DELAY_MS, () => void this.announce());
    this.subscriptions.push(
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Konexus', this, { supportsMultipleAccounts: true }),
      services.tokens.onDidChange(event => {
        if (event.kind === 'signedOut') this.handedOut.delete(event.profile.name);
        announceSoon.schedule();
      }),
      announceSoon,
      services.tokens.addDemand(profile => this.handedOut.has(profile)),
    );
  }

  /**
   * With scopes (an extension asking for a session) the selected profile gets a token fetched if it has no
   * valid one. Without scopes (the workbench listing accounts, as it does at every start-up) only tokens at
   * hand are listed: start-up sends nothing over the network, also in VS Code for the Web, where tokens are
   * not cached.
   */
  async getSessions(scopes: readonly string[] | undefined, options: vscode.AuthenticationProviderSessionOptions = {}): Promise<vscode.AuthenticationSession[]> {
    const sessions: vscode.AuthenticationSession[] = [];
    for (const profile of this.selected(scopes, options.account)) {
      if (!(await this.services.tokens.hasSecret(profile.name))) continue;
      try {
        if (scopes === undefined) {
          const token = (await this.services.tokens.warm(profile.name))?.token;
          if (token && token.expiresAt > this.services.clock.now()) sessions.push(toSession(profile, token.accessToken));
          continue;
        }
        this.handedOut.add(profile.name);
        const token = await this.services.tokens.getToken(profile.name);
        sessions.push(toSession(profile, token.accessToken));
      } catch (error) {
        this.services.log.warn(`[getSessions] ${profile.name}: no valid token: ${errorText(error)}`);
      }
    }
    return sessions;
  }

  /**
   * VS Code calls this for `forceNewSession` (after its consent dialog) and for `createIfNone` when
   * getSessions found nothing. A selected profile with a secret gets a NEW token (a caller asking again has
   * been refused the one it had); with none selected, the Add Profile flow runs with the scopes asked for.
   * VS Code passes a failure on to the extension that asked (getSession): its message is the error in words.
   */
  async createSession(scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions = {}): Promise<vscode.AuthenticationSession> {
    try {
      return await this.newSession(scopes, options);
    } catch (error) {
      throw inWords(error);
    }
  }

  private async newSession(scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const [selected] = this.selected(scopes, options.account);
    if (selected && (await this.services.tokens.hasSecret(selected.name))) {
      // VS Code calls this only after the user agreed in its dialog: the user asked.
      const token = await this.services.tokens.getToken(selected.name, { force: true, byUser: true });
      this.handedOut.add(selected.name);
      const session = toSession(selected, token.accessToken);
      // The token event announces it too; announcing here first makes that one a no-op.
      this.fireFor(session);
      return session;
    }
    const named = scopes.find(s => s.startsWith(PROFILE_SCOPE_PREFIX))?.slice(PROFILE_SCOPE_PREFIX.length);
    const plain = scopes.filter(s => !s.startsWith(PROFILE_SCOPE_PREFIX));
    const name = await addProfile(this.services, { ...(named ? { name: named } : {}), ...(plain.length ? { scope: plain.join(' ') } : {}) });
    const profile = name ? this.services.tokens.profile(name) : undefined;
    if (!profile) throw new Error(vscode.l10n.t('Konexus sign-in was cancelled.'));
    const token = await this.services.tokens.getToken(profile.name);
    const session = toSession(profile, token.accessToken);
    this.fireFor(session);
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const profile = this.services.tokens.profile(sessionId);
    if (!profile) return;
    await this.services.tokens.signOut(profile.name);
  }

  private fireFor(session: vscode.AuthenticationSession): void {
    const before = this.announced.get(session.id);
    if (before && sameAnnouncement(before, session)) return;
    this.announced.set(session.id, announcedAs(session));
    this.changes.fire(before === undefined ? { added: [session], removed: [], changed: [] } : { added: [], removed: relabelled(before, session), changed: [session] });
  }

  /**
   * Compares what is known now (no network) with what was announced, and fires the difference once: new
   * sessions added, gone ones removed, a refreshed token changed, and on a switch of the active profile the
   * two profiles changed (plain scopes now select the other one). Nothing when nothing differs.
   */
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
      const active = this.services.tokens.activeProfile()?.name;
      const switched = new Set(active === this.announcedActive ? [] : [active, this.announcedActive].filter((n): n is string => n !== undefined));
      const added = [...now.values()].filter(s => !this.announced.has(s.id));
      const changed = [...now.values()].filter(s => {
        const before = this.announced.get(s.id);
        return before !== undefined && (!sameAnnouncement(before, s) || switched.has(s.id));
      });
      const removed = [
        ...[...this.announced.keys()].filter(id => !now.has(id)).map(id => removedSession(id, this.services.tokens.profile(id))),
        ...changed.flatMap(s => relabelled(this.announced.get(s.id)!, s)),
      ];
      this.announced = new Map([...now].map(([id, s]) => [id, announcedAs(s)]));
      this.announcedActive = active;
      if (added.length || changed.length || removed.length) this.changes.fire({ added, removed, changed });
    } catch (error) {
      this.services.log.error('[authProvider] announcing session changes failed', error);
    }
  }

  /** The profiles a request selects (see the class comment); without scopes and account, every profile. */
  private selected(scopes: readonly string[] | undefined, account: vscode.AuthenticationSessionAccountInformation | undefined): readonly Profile[] {
    const all = this.services.tokens.profiles();
    const wanted = scopes ?? [];
    const named = wanted.filter(s => s.startsWith(PROFILE_SCOPE_PREFIX)).map(s => s.slice(PROFILE_SCOPE_PREFIX.length));
    const plain = wanted.filter(s => !s.startsWith(PROFILE_SCOPE_PREFIX));
    const grants = (profile: Profile) => {
      const granted = profile.scope.split(' ');
      return plain.every(s => granted.includes(s));
    };
    let candidates: readonly Profile[];
    if (account) candidates = all.filter(p => accountId(p) === account.id);
    else if (named.length) candidates = all.filter(p => named.includes(p.name));
    else if (scopes === undefined) candidates = all;
    else {
      const active = this.services.tokens.activeProfile();
      candidates = active ? [active] : [];
    }
    // Two different `profile:` scopes, or an account and another profile's name, select nothing.
    if (named.length) candidates = candidates.filter(p => named.every(n => n === p.name));
    return candidates.filter(grants);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * A KonexusError's message is for developers (`code: kind`); what another extension reads in the error its
 * getSession rejects with is the sentence, as it is for the user. Same name, and the original as cause.
 */
function inWords(error: unknown): unknown {
  if (!isKonexusError(error)) return error;
  const said = new Error(errorText(error), { cause: error });
  said.name = error.name;
  return said;
}

/** Where the profile's tokens come from, as people name it: the host (with a non-default port) and any path. */
function authorityName(authority: string): string {
  try {
    const url = new URL(authority);
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.host}${path}`;
  } catch {
    return authority;
  }
}

/**
 * Stable per profile (a token refresh does not change it) and distinct for two profiles that share a client
 * id at one authority (`prod`, `prod-readonly`). VS Code remembers a consumer's access per account label,
 * which names the profile and its authority: `prod (auth.alertsense.com)`.
 */
function accountId(profile: Profile): string {
  return `${profile.name}|${profile.authority}|${profile.clientId}`;
}

/** What a session was announced as: a new token or a new account label is a change. */
interface Announced {
  readonly accessToken: string;
  readonly account: vscode.AuthenticationSessionAccountInformation;
}

function announcedAs(session: vscode.AuthenticationSession): Announced {
  return { accessToken: session.accessToken, account: session.account };
}

function sameAnnouncement(before: Announced, session: vscode.AuthenticationSession): boolean {
  return before.accessToken === session.accessToken && before.account.label === session.account.label;
}

/**
 * The workbench's Accounts menu keys accounts by label and adds a changed session's account without dropping
 * the old one: a relabelled account (marked production) is announced as the old one removed, the new changed.
 */
function relabelled(before: Announced, session: vscode.AuthenticationSession): vscode.AuthenticationSession[] {
  return before.account.label === session.account.label ? [] : [{ id: session.id, accessToken: '', account: before.account, scopes: [] }];
}

function accountOf(profile: Profile): vscode.AuthenticationSessionAccountInformation {
  const label = `${profile.name} (${authorityName(profile.authority)})`;
  return { id: accountId(profile), label: isProduction(profile) ? `${label} · ${vscode.l10n.t('production')}` : label };
}

function toSession(profile: Profile, accessToken: string): vscode.AuthenticationSession {
  return {
    id: profile.name,
    accessToken,
    account: accountOf(profile),
    scopes: [...profile.scope.split(' '), `${PROFILE_SCOPE_PREFIX}${profile.name}`],
  };
}

function removedSession(id: string, profile: Profile | undefined): vscode.AuthenticationSession {
  return { id, accessToken: '', account: profile ? accountOf(profile) : { id, label: id }, scopes: [] };
}
