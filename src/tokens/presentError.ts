import * as vscode from 'vscode';
import type { KonexusError} from '../core/errors';
import { isKonexusError } from '../core/errors';
import { Command } from '../platform/model/commandIds';
import { usesKeyPair } from './model/credentialKind';
import type { Services } from '../platform/services';
import { errorText } from '../platform/model/words/errorWords';

interface Action {
  readonly title: string;
  readonly run: () => Thenable<unknown>;
}

/**
 * Shows a failure in words with the actions that fix it: a wrong secret offers to update it, a network
 * problem to retry or open the log. The words hold no secret by construction (an error's why never does)
 * and are redacted again here. Never throws.
 */
export async function presentError(services: Services, error: unknown, context: { profile?: string } = {}): Promise<void> {
  try {
    const known = isKonexusError(error) ? error : undefined;
    const message = services.redactor.redact(known ? errorText(known) : vscode.l10n.t('Unexpected error: {0}', errorText(error)));
    services.log.error(context.profile ? `[${context.profile}] ${known?.code ?? 'error'}` : (known?.code ?? 'error'), known ? errorText(known) : error);
    const profile = context.profile === undefined ? undefined : services.tokens.profile(context.profile);
    const actions = actionsFor(known, context.profile, profile !== undefined && usesKeyPair(profile));
    const picked = await vscode.window.showErrorMessage(`Konexus: ${message}`, ...actions.map(a => a.title));
    await actions.find(a => a.title === picked)?.run();
  } catch {
    // presenting an error must never raise another one into VS Code
  }
}

function actionsFor(error: KonexusError | undefined, profile: string | undefined, keyPair: boolean): Action[] {
  const exec = (command: string, arg?: unknown) => () => vscode.commands.executeCommand(command, arg);
  const showLog = { title: vscode.l10n.t('Show Log'), run: exec(Command.showLog) };
  const named = profile ? { name: profile, profile } : undefined;
  // A key pair has no secret to update: refused, its public key is not registered (yet); missing, a new key is made.
  if (keyPair && error?.code === 'invalid_client') return [{ title: vscode.l10n.t('Show Public Key'), run: exec(Command.showPublicKey, named) }, showLog];
  if (keyPair && error?.code === 'missing_secret') return [{ title: vscode.l10n.t('New Key Pair'), run: exec(Command.rotateKey, named) }, showLog];
  switch (error?.code) {
    case 'invalid_client':
    case 'missing_secret':
      return [{ title: vscode.l10n.t('Update Secret'), run: exec(Command.updateSecret, named) }, showLog];
    case 'invalid_scope':
    case 'unauthorized_client':
    case 'unsupported_auth_method':
    case 'insecure_url':
    case 'invalid_url':
    case 'issuer_mismatch':
    case 'discovery_invalid':
      return [{ title: vscode.l10n.t('Add Profile'), run: exec(Command.addProfile) }, showLog];
    case 'unknown_profile':
      return [{ title: vscode.l10n.t('Add Profile'), run: exec(Command.addProfile) }];
    case 'unreachable':
    case 'untrusted_certificate':
    case 'timeout':
    case 'server_error':
    case 'unavailable':
    case 'rate_limited':
    case 'bad_response':
    case 'no_access_token':
      return [{ title: vscode.l10n.t('Retry'), run: exec(Command.refreshToken, profile ? { profile } : undefined) }, showLog];
    default:
      return [showLog];
  }
}
