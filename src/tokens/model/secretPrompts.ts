/**
 * What the client-secret prompts and the confirmation before replacing a stored secret say, and when that
 * confirmation is needed. Pure (`@vscode/l10n`, no `vscode`): tested in plain Node. Every prompt names the
 * identity server (its host, where the secret will be sent) and the client id, because a command argument
 * (another extension, a link) can choose both: the user must see where the secret goes before typing it.
 */
import * as l10n from '@vscode/l10n';

/** The credential a secret belongs to: authority (as stored, normalised) and client id. */
export interface SecretTarget {
  readonly authority: string;
  readonly clientId: string;
}

/** The host of an authority (`auth.konexus.com`, `127.0.0.1:5000`); the text itself if it is not a URL. */
export function authorityHost(authority: string): string {
  try {
    return new URL(authority).host || authority;
  } catch {
    return authority;
  }
}

export interface SecretPromptText {
  readonly title: string;
  readonly prompt: string;
}

/**
 * The input box asking for a secret. `heading`: Add Profile's "Add Konexus Profile (4/5)"; `profile`: Update Client Secret's profile;
 * `chosenByCaller`: the authority came from a command argument, not from the user; `sharedWith`: the profiles
 * whose stored secret a new one replaces.
 */
export function secretPromptText(target: SecretTarget, options: { heading?: string; profile?: string; chosenByCaller?: boolean; sharedWith?: readonly string[] } = {}): SecretPromptText {
  const host = authorityHost(target.authority);
  const what = options.profile === undefined
    ? l10n.t('Client secret of {0} at {1}', target.clientId, host)
    : l10n.t('Client secret of "{0}" ({1} at {2})', options.profile, target.clientId, host);
  const title = options.heading === undefined ? what : `${options.heading} · ${what}`;
  const parts = [l10n.t('Sent only to {0}; kept in VS Code\'s secret storage only.', target.authority)];
  if (options.chosenByCaller) parts.push(l10n.t('This identity server was not typed by you: enter the secret only if you trust {0}.', host));
  const others = (options.sharedWith ?? []).filter(name => name !== options.profile);
  if (others.length) parts.push(l10n.t('It replaces the secret of {0} too.', quoteNames(others)));
  return { title, prompt: parts.join(' ') };
}

export type StoredSecret = 'none' | 'same' | 'different';

/**
 * Whether replacing the stored secret needs a modal confirmation first: only when a different one is stored,
 * and not when the user typed it into Update Client Secret's prompt for the only profile that uses it (that
 * prompt already named the profile, the client and the server).
 */
export function replacementNeedsConfirmation(stored: StoredSecret, context: { readonly typedForProfile?: string; readonly users: readonly string[] }): boolean {
  if (stored !== 'different') return false;
  const typedFor = context.typedForProfile;
  return typedFor === undefined || context.users.some(name => name !== typedFor);
}

export interface ReplacementText {
  readonly message: string;
  readonly detail: string;
  readonly replace: string;
}

/** The modal confirmation: which client and server, which profiles use the secret now, who asked. Never a secret. */
export function secretReplacementText(target: SecretTarget, users: readonly string[], askedByCommandArgument: boolean): ReplacementText {
  const host = authorityHost(target.authority);
  const lines = [
    users.length === 0
      ? l10n.t('A client secret of {0} at {1} is already stored (left from an earlier profile).', target.clientId, host)
      : l10n.t('The stored client secret of {0} at {1} is used by {2}; they would all use the new one.', target.clientId, host, quoteNames(users)),
    l10n.t('The new secret would be sent to {0}.', target.authority),
  ];
  if (askedByCommandArgument) lines.push(l10n.t('This was asked for by a command with arguments (another extension, a task or a link), not typed by you.'));
  lines.push(l10n.t('Cancel keeps the stored secret and changes nothing.'));
  return {
    message: l10n.t('Replace the stored client secret of {0} at {1}?', target.clientId, host),
    detail: lines.join('\n\n'),
    replace: l10n.t('Replace Secret'),
  };
}

function quoteNames(names: readonly string[]): string {
  return names.map(name => `"${name}"`).join(', ');
}
