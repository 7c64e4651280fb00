/**
 * Whether a profile's credential is a key pair (private_key_jwt) or a client secret, and its word for the
 * status bar tooltip and the profiles view. Pure (`@vscode/l10n`).
 */
import * as l10n from '@vscode/l10n';
import type { Profile } from '../../core/tokens/profiles';

/** A profile whose credential is a key set (private_key_jwt), not a client secret. */
export function usesKeyPair(profile: Pick<Profile, 'clientAuthMethod'>): boolean {
  return profile.clientAuthMethod === 'private_key_jwt';
}

/** "key pair" or "client secret". */
export function credentialKindText(profile: Pick<Profile, 'clientAuthMethod'>): string {
  return usesKeyPair(profile) ? l10n.t('key pair') : l10n.t('client secret');
}
