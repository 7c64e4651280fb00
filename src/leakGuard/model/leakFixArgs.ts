/**
 * What the Leak guard's Quick Fixes are called with (leakCodeActions.ts makes them, leakFixes.ts runs them),
 * how that argument is checked, and what a moved client secret becomes. Pure: no runtime `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { Command } from '../../platform/model/commandIds';
import { KonexusError } from '../../core/errors';
import type { LeakKind } from '../../core/leaks/leakScan';

/** The one command of every Quick Fix (registered in the command table: LeakGuard.fix). */
export const LEAK_FIX_COMMAND = Command.leakGuardFix;

/**
 * What a moved client secret is replaced with in `.http` files and settings.
 *
 * Not `{{$dotenv KONEXUS_CLIENT_SECRET}}`: that would need the secret written into a `.env`, and the point
 * of the fix is that the secret is on disk nowhere (SecretStorage is the OS keychain). `{{$processEnv …}}`
 * is read by REST Client and httpYac in .http files and by REST Client in its `environmentVariables`
 * setting; it keeps a token request runnable for whoever exports KONEXUS_CLIENT_SECRET in their shell, the
 * same variable `Konexus: Copy Token Request as curl` reads. Without it the request just fails to
 * authenticate, which is the safe failure, and the extension's own token (Insert Bearer Header) makes the
 * request unnecessary anyway. In a `.env` (which cannot reference the environment) the value is cleared.
 */
export const SECRET_ENV_NAME = 'KONEXUS_CLIENT_SECRET';
export const SECRET_ENV_REFERENCE = `{{$processEnv ${SECRET_ENV_NAME}}}`;

export type LeakFixName = 'moveTokenToDotenv' | 'moveSecretToProfile' | 'removeValue' | 'ignoreDotenv';

const FIX_NAMES: readonly LeakFixName[] = ['moveTokenToDotenv', 'moveSecretToProfile', 'removeValue', 'ignoreDotenv'];

/** Where the warning is (its diagnostic's range), never what it found. */
export interface LeakFixArgs {
  readonly fix: LeakFixName;
  readonly uri: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly kind: LeakKind;
  /** moveSecretToProfile without prompts (tests, tasks): the new profile's name; then `clientId` must be known. */
  readonly name?: string;
  readonly authority?: string;
  readonly clientId?: string;
}

/** The command's argument, checked; throws `invalid_request` when it is not what a Quick Fix gives. */
export function parseLeakFixArgs(arg: unknown): LeakFixArgs {
  const a = (typeof arg === 'object' && arg !== null ? arg : {}) as Record<string, unknown>;
  const isIndex = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  const valid = FIX_NAMES.includes(a.fix as LeakFixName) && typeof a.uri === 'string' && isIndex(a.line) && isIndex(a.start) && isIndex(a.end)
    && (a.kind === 'jwt' || a.kind === 'client_secret') && optionalString(a.name) && optionalString(a.authority) && optionalString(a.clientId);
  if (!valid) throw KonexusError.withWords('invalid_request', l10n.t('The leak fix needs {0} as given by its Quick Fix.', '{fix, uri, line, start, end, kind}'));
  return a as unknown as LeakFixArgs;
}
