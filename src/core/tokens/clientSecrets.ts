import { KeyedSequencer } from '../async';
import type { DiscoveryCache } from '../http/discovery';
import { KonexusError, isKonexusError } from '../errors';
import type { HttpDeps } from '../http/httpExchange';
import { promoteProvenKey } from './keyPromotion';
import { secretKey, type Profile } from './profiles';
import type { Redactor } from '../redact';
import type { SecretStore } from './stores';
import { requestToken, type IssuedToken } from './tokenClient';
import type { FetchContext } from './tokenState';

export interface ClientSecretsDeps {
  readonly secrets: SecretStore;
  readonly http: HttpDeps;
  readonly discovery: DiscoveryCache;
  readonly redactor: Redactor;
  readonly log?: (message: string) => void;
}

/**
 * The client secrets (or key sets) in SecretStorage, per secret key (authority + client id, shared by the
 * profiles of one client), and the token requests that send them: what this window knows of each, which
 * one the server refused, and one request at a time per secret.
 */
export class ClientSecrets {
  /**
   * The secret this window last stored, deleted or used, per secret key. SecretStorage announces our own
   * writes too (asynchronously): only a value different from this one was changed by another window. It is
   * also what requests send and `has` answers from without reading SecretStorage, a round trip to the
   * workbench (5 ms in VS Code for the Web, as long as the token request itself): `changed` keeps it current.
   */
  private readonly known = new Map<string, string | undefined>();
  /**
   * A secret the server refused (invalid_client), per secret key: it is not sent again, by any profile that
   * shares it, until it changes or the user asks.
   */
  private readonly refused = new Map<string, { readonly secret: string; readonly error: KonexusError }>();
  /** Requests per secret key, one after another (see fetch). */
  private readonly sending = new KeyedSequencer();

  constructor(private readonly deps: ClientSecretsDeps) {}

  /** Stores the profile's secret, known to the redactor first and to this window as its own write. */
  async store(profile: Pick<Profile, 'authority' | 'clientId'>, secret: string): Promise<void> {
    const key = secretKey(profile);
    this.deps.redactor.addSecret(secret, profile.clientId);
    this.known.set(key, secret);
    await this.deps.secrets.store(key, secret);
  }

  /** Reads SecretStorage only for a secret this window does not know. */
  async has(key: string): Promise<boolean> {
    return this.known.get(key) !== undefined || (await this.deps.secrets.get(key)) !== undefined;
  }

  /**
   * SecretStorage announced a change of the secret under `key`: its new value (undefined: deleted), or
   * nothing when the value is the one this window wrote or used (its own write coming back).
   */
  async changed(key: string): Promise<{ readonly secret: string | undefined } | undefined> {
    const secret = await this.deps.secrets.get(key);
    if (this.known.has(key) && this.known.get(key) === secret) return undefined;
    this.known.set(key, secret);
    return { secret };
  }

  /** Forgets the refusal of the profile's secret, and deletes the secret unless another profile still uses it. */
  async forget(profile: Pick<Profile, 'authority' | 'clientId'>, stillUsed: boolean): Promise<void> {
    const key = secretKey(profile);
    this.refused.delete(key);
    if (stillUsed) return;
    this.deps.redactor.removeSecret(await this.deps.secrets.get(key));
    this.known.set(key, undefined);
    await this.deps.secrets.delete(key);
  }

  /**
   * A token for the profile. One request at a time per secret: profiles sharing a client (`prod`,
   * `prod-readonly`) wait for each other, so a refused secret is sent once, not once per profile.
   */
  fetch(profile: Profile, signal: AbortSignal, context: FetchContext): Promise<IssuedToken> {
    const key = secretKey(profile);
    return this.sending.run(key, () => this.send(profile, key, signal, context));
  }

  private async send(profile: Profile, key: string, signal: AbortSignal, context: FetchContext): Promise<IssuedToken> {
    const clientSecret = this.known.get(key) ?? await this.deps.secrets.get(key);
    this.known.set(key, clientSecret);
    if (clientSecret === undefined) {
      throw new KonexusError('missing_secret', { area: 'token', kind: 'secretMissing', profile: profile.name });
    }
    this.deps.redactor.addSecret(clientSecret, profile.clientId);
    const refused = this.refused.get(key);
    if (refused && refused.secret === clientSecret && !context.byUser) {
      this.deps.log?.(`[fetchToken] ${profile.name}: not sent: the server refused this client secret; waiting for a new secret or the user`);
      throw refused.error;
    }
    this.deps.log?.(`[fetchToken] ${profile.name}: asking ${profile.authority} for scope ${profile.scope} (${context.byUser ? 'asked by the user' : context.trigger})`);
    try {
      const token = await requestToken({ ...profile, clientSecret, authMethod: profile.clientAuthMethod }, { ...this.deps.http, discovery: this.deps.discovery }, signal);
      this.refused.delete(key);
      await this.promoteKey(profile, key, clientSecret, token.provenKid);
      return token;
    } catch (error) {
      if (isKonexusError(error) && error.code === 'invalid_client') this.refused.set(key, { secret: clientSecret, error });
      throw error;
    }
  }

  /** private_key_jwt: the pending key of the key set worked, so it becomes the key in use (keyPromotion.ts). */
  private async promoteKey(profile: Profile, key: string, sent: string, provenKid: string | undefined): Promise<void> {
    const willStore = (value: string) => {
      this.deps.redactor.addSecret(value, profile.clientId);
      this.known.set(key, value);
    };
    try {
      if (await promoteProvenKey({ get: k => this.deps.secrets.get(k), store: (k, v) => this.deps.secrets.store(k, v), willStore }, key, sent, provenKid)) {
        this.deps.log?.(`[fetchToken] ${profile.name}: the server accepted the new client key ${provenKid}; it is now the key in use and the old one was deleted`);
      }
    } catch (error) {
      // The token is good either way; the pending key is tried first again next time and promoted then.
      this.deps.log?.(`[fetchToken] ${profile.name}: could not store the promoted client key: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
