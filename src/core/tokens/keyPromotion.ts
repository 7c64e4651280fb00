import { parseClientKeySet, promoteClientKey, serializeClientKeySet } from './clientKeys';

/** What promotion needs of its caller (ClientSecrets): SecretStorage and its record of the values this window wrote. */
export interface PromotionDeps {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  /** Called before the write, so the write coming back through TokenService.onSecretChanged is known as our own. */
  willStore(value: string): void;
}

/**
 * A token request proved the pending key of a client key set (`provenKid`): the key set with that key
 * promoted to keys[0] and the old key dropped is written back under `secretKey`. Nothing happens when the
 * kid is not the pending one, or when the stored value is no longer the one that was sent (another window
 * rotated or replaced it meanwhile: that newer value wins). Returns the stored value when it wrote one.
 */
export async function promoteProvenKey(deps: PromotionDeps, secretKey: string, sent: string, provenKid: string | undefined): Promise<string | undefined> {
  if (provenKid === undefined) return undefined;
  const set = parseClientKeySet(sent);
  if (!set || set.pending !== provenKid) return undefined;
  if ((await deps.get(secretKey)) !== sent) return undefined;
  const promoted = serializeClientKeySet(promoteClientKey(set, provenKid));
  deps.willStore(promoted);
  await deps.store(secretKey, promoted);
  return promoted;
}
