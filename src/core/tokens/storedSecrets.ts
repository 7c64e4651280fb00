/**
 * What the extension keeps in SecretStorage, by key and kind, never by value: the model behind
 * "Konexus: Review Stored Secrets…". Given the stored keys and the profiles, each key is classified (a client
 * secret, a cached token, a `konexus.` key of no known form) with the profiles that use it; a key no profile
 * uses is an orphan, which may be deleted. Keys outside `konexus.` are not the extension's and are left out.
 * Nothing here reads a secret's value except `get() !== undefined` where SecretStorage cannot list its keys.
 */
import { secretKey, tokenKey, type Profile } from './profiles';

export type StoredSecretKind = 'clientSecret' | 'token' | 'unknown';

/** One key in SecretStorage. Parsed from the key for display only: which profiles use it is decided by equality. */
export interface StoredSecret {
  readonly key: string;
  readonly kind: StoredSecretKind;
  /** The authority (origin + path) the key names, when it has one. */
  readonly authority?: string;
  readonly clientId?: string;
  /** A cached token's scope. */
  readonly scope?: string;
  /** The profiles whose secret or token this key is, by name. */
  readonly profiles: readonly string[];
  /** No profile uses it: safe to delete. */
  readonly orphan: boolean;
  /**
   * A `clientSecret` key whose value is a key set (private_key_jwt, core/tokens/clientKeys.ts) rather than a secret:
   * its algorithms and number of keys, whether a rotation is pending. Never a key. Set by the caller (the
   * Review Stored Secrets command), which reads the value to tell; this module never reads values.
   */
  readonly clientKey?: { readonly algorithms: readonly string[]; readonly keys: number; readonly pending: boolean };
}

export interface StoredSecretList {
  readonly secrets: readonly StoredSecret[];
  /**
   * False where SecretStorage cannot list its keys (VS Code before 1.105): the list then holds only the keys
   * the profiles imply that are stored, and orphans cannot be found.
   */
  readonly complete: boolean;
}

/** SecretStorage as far as listing needs it; `keys` exists from VS Code 1.105 on. */
export interface ListableSecretStore {
  get(key: string): PromiseLike<string | undefined>;
  delete(key: string): PromiseLike<void>;
  keys?: () => PromiseLike<readonly string[] | undefined>;
}

type KeyedProfile = Pick<Profile, 'name' | 'authority' | 'clientId' | 'scope'>;

const PREFIX = 'konexus.';

/** Kind and parts of a key; undefined for a key that is not the extension's (no `konexus.` prefix). */
export function parseSecretKey(key: string): Omit<StoredSecret, 'profiles' | 'orphan'> | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const [head, authority, clientId, ...rest] = key.split('|');
  if (head === 'konexus.clientSecret' && authority && clientId) return { key, kind: 'clientSecret', authority, clientId: [clientId, ...rest].join('|') };
  if (head === 'konexus.token' && authority && clientId && rest.length) return { key, kind: 'token', authority, clientId, scope: rest.join('|') };
  return { key, kind: 'unknown' };
}

/** The key a profile's secret or token is stored under, with the profiles that use each. */
function keyUsers(profiles: readonly KeyedProfile[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  const add = (key: string, name: string) => users.set(key, [...(users.get(key) ?? []), name]);
  for (const profile of profiles) {
    add(secretKey(profile), profile.name);
    add(tokenKey(profile), profile.name);
  }
  return users;
}

/** The keys the profiles' secrets and tokens are stored under, once each. */
export function impliedSecretKeys(profiles: readonly KeyedProfile[]): string[] {
  return [...keyUsers(profiles).keys()];
}

/**
 * Classifies stored keys against the profiles: the extension's keys only, each once, sorted by kind order
 * (secrets, tokens, unknown) then key.
 */
export function classifyStoredSecrets(keys: readonly string[], profiles: readonly KeyedProfile[]): StoredSecret[] {
  const users = keyUsers(profiles);
  const order: Record<StoredSecretKind, number> = { clientSecret: 0, token: 1, unknown: 2 };
  return [...new Set(keys)]
    .map(key => parseSecretKey(key))
    .filter((parsed): parsed is NonNullable<typeof parsed> => parsed !== undefined)
    .map(parsed => {
      const names = users.get(parsed.key) ?? [];
      return { ...parsed, profiles: names, orphan: names.length === 0 };
    })
    .sort((a, b) => order[a.kind] - order[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The stored keys, or undefined where SecretStorage cannot list them (no keys(), or it refuses). */
async function storedKeys(store: ListableSecretStore): Promise<readonly string[] | undefined> {
  if (typeof store.keys !== 'function') return undefined;
  try {
    const keys = await store.keys();
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : undefined;
  } catch {
    // A VS Code where keys() is still a proposed API throws for extensions that did not enable it.
    return undefined;
  }
}

/**
 * What is stored, classified. Where the keys cannot be listed, the keys the profiles imply are checked one
 * by one (whether a value is stored, not what it is): the result is then incomplete, without orphans.
 */
export async function listStoredSecrets(store: ListableSecretStore, profiles: readonly KeyedProfile[]): Promise<StoredSecretList> {
  const keys = await storedKeys(store);
  if (keys) return { secrets: classifyStoredSecrets(keys, profiles), complete: true };
  const implied = impliedSecretKeys(profiles);
  const present = await Promise.all(implied.map(async key => ((await store.get(key)) !== undefined ? key : undefined)));
  return { secrets: classifyStoredSecrets(present.filter((k): k is string => k !== undefined), profiles), complete: false };
}

/**
 * Deletes orphans (of `only`, when given) as they are now: the list is taken again, so a key a profile
 * started using since it was shown is kept. Returns the deleted keys.
 */
export async function deleteOrphanSecrets(store: ListableSecretStore, profiles: readonly KeyedProfile[], only?: readonly string[]): Promise<string[]> {
  const { secrets } = await listStoredSecrets(store, profiles);
  const chosen = only ? new Set(only) : undefined;
  const doomed = secrets.filter(s => s.orphan && (!chosen || chosen.has(s.key))).map(s => s.key);
  for (const key of doomed) await store.delete(key);
  return doomed;
}

/** The list for display: one group per set of profiles using the keys (sorted), the orphans (profiles []) last. */
export function groupByProfiles(secrets: readonly StoredSecret[]): { readonly profiles: readonly string[]; readonly secrets: readonly StoredSecret[] }[] {
  const groups = new Map<string, StoredSecret[]>();
  for (const secret of secrets) {
    const group = JSON.stringify(secret.profiles);
    groups.set(group, [...(groups.get(group) ?? []), secret]);
  }
  return [...groups]
    .map(([group, members]) => ({ profiles: JSON.parse(group) as string[], secrets: members }))
    .sort((a, b) => Number(!a.profiles.length) - Number(!b.profiles.length) || a.profiles.join('\n').localeCompare(b.profiles.join('\n')));
}
