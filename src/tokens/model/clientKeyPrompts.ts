/**
 * What the key-pair (private_key_jwt) prompts and dialogs say. Pure (`@vscode/l10n`, no `vscode`): tested in
 * plain Node. Never a private key: these texts name algorithms, key counts, the client and the server only.
 */
import * as l10n from '@vscode/l10n';
import type { ClientKeySet } from '../../core/tokens/clientKeys';
import type { StoredSecret } from '../../core/tokens/storedSecrets';
import { authorityHost, type SecretTarget } from './secretPrompts';


/** What a key set holds, without a key: its algorithms, how many keys, whether a rotation is pending. */
export type ClientKeySummary = NonNullable<StoredSecret['clientKey']>;

export function summarizeClientKeySet(set: Pick<ClientKeySet, 'keys' | 'pending'>): ClientKeySummary {
  return { algorithms: [...new Set(set.keys.map(key => key.alg))], keys: set.keys.length, pending: set.pending !== undefined };
}

/** For lists and dialogs: "RS256, 1 key" or "RS256, 2 keys, rotation pending". */
export function describeClientKeys(summary: ClientKeySummary): string {
  const count = summary.keys === 1 ? l10n.t('1 key') : l10n.t('{0} keys', summary.keys);
  const text = `${summary.algorithms.join(' + ')}, ${count}`;
  return summary.pending ? `${text}, ${l10n.t('rotation pending')}` : text;
}

export function describeClientKeySet(set: Pick<ClientKeySet, 'keys' | 'pending'>): string {
  return describeClientKeys(summarizeClientKeySet(set));
}

/** Why the public key is shown: a new profile, the user asked, or a rotation added a key. */
export type PublicKeyOccasion = 'added' | 'shown' | 'rotated';

export interface PublicKeyText {
  readonly message: string;
  readonly detail: string;
}

/**
 * The dialog that shows a key set's public part: which client and server it must be registered with, and
 * what happens until then. The private key is never in it (it stays in SecretStorage).
 */
export function publicKeyText(target: SecretTarget & { readonly profile: string }, set: Pick<ClientKeySet, 'keys' | 'pending'>, occasion: PublicKeyOccasion): PublicKeyText {
  const host = authorityHost(target.authority);
  const lines: string[] = [];
  if (occasion === 'rotated' || set.pending !== undefined) {
    lines.push(l10n.t('Register the key set with both keys (JWKS) with client {0} at {1}. The current key keeps working meanwhile.', target.clientId, host));
    lines.push(l10n.t('The first token request that the new key signs successfully makes it the only key: the old key is then deleted here, and you can remove it at Konexus.'));
  } else {
    lines.push(l10n.t('Register this public key (or the JWKS) with client {0} at {1}. Token requests are refused until it is registered.', target.clientId, host));
  }
  lines.push(l10n.t('The private key never leaves VS Code\'s secret storage; only public parts are copied or shown.'));
  const message = occasion === 'added'
    ? l10n.t('"{0}" has a new key pair ({1}). Register its public key at Konexus.', target.profile, describeClientKeySet(set))
    : occasion === 'rotated'
      ? l10n.t('A new key was added to "{0}" ({1}). Register both public keys at Konexus.', target.profile, describeClientKeySet(set))
      : l10n.t('Public key of "{0}" ({1})', target.profile, describeClientKeySet(set));
  return { message, detail: lines.join('\n\n') };
}
