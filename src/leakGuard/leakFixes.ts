/**
 * What the Leak guard's Quick Fixes do. One command, LEAK_FIX_COMMAND (leakFixArgs.ts), with the warning's place as argument; it finds the leak again (pending edits scanned
 * first), writes the value to its safe place, and only then changes the document. It never throws: a
 * failure is shown and returned as `{error, message}`.
 *
 *   moveTokenToDotenv    .http: the token goes into the `.env` beside the file (upserted with workspace.fs,
 *                        never through an editor, whose saves land in Local History); every copy of it in
 *                        the document becomes `{{$dotenv KONEXUS_TOKEN}}`; a warning if git would commit that .env.
 *   moveSecretToProfile  anywhere: the secret goes into a Konexus profile (`konexus.addProfile` with the secret
 *                        as argument, so SecretStorage is the only place it is written), or into the existing
 *                        profile of the same authority + client id (`konexus.updateSecret`). Then every copy in
 *                        the document is replaced, see SECRET_ENV_REFERENCE.
 *   removeValue          settings / .env: the token is removed (an empty value); a profile provides tokens.
 *   ignoreDotenv         .env: its name is appended to the .gitignore of its folder.
 */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { authorityKey, DEFAULT_AUTHORITY, parseAuthority } from '../core/authority';
import { authorityProblemText } from '../platform/model/words/httpErrorWords';
import { isKonexusError, KonexusError } from '../core/errors';
import { decodeLeakValue, type LeakKind, type ScanFileKind } from '../core/leaks/leakScan';
import { profileNameProblem, type Profile } from '../core/tokens/profiles';
import { displayPath } from '../platform/displayPath';
import { errorText } from '../platform/model/words/errorWords';
import { clientIdValidation, profileNameValidation } from '../platform/model/words/profileWords';
import type { Services } from '../platform/services';
import { appendToGitignore } from '../platform/workspaceFiles';
import { presentError } from '../tokens/presentError';
import { wouldBeCommitted } from './model/dotenvIgnoreCache';
import { dotenvPathBeside } from './model/leakFiles';
import type { GuardedDocuments } from './model/guardedDocuments';
import type { LineLeak } from './model/lineLeaks';
import { parseLeakFixArgs, SECRET_ENV_NAME, SECRET_ENV_REFERENCE, type LeakFixArgs } from './model/leakFixArgs';
import { upsertDotenv } from './leakFixFiles';
import { credentialsNear } from './model/nearbyCredentials';

export type LeakFixResult =
  | {
    readonly fixed: 'moveTokenToDotenv';
    readonly replaced: number;
    readonly dotenv: string;
    /** `keptNewer`: the .env already held a token under the key that expires later (the extension's own, say). */
    readonly dotenvValue: 'moved' | 'keptNewer';
    readonly dotenvWouldBeCommitted: boolean;
  }
  | { readonly fixed: 'moveSecretToProfile'; readonly profile: string; readonly clientId: string; readonly authority: string; readonly replaced: number; readonly updatedExistingProfile: boolean }
  | { readonly fixed: 'removeValue'; readonly replaced: number }
  | { readonly fixed: 'ignoreDotenv'; readonly gitignore: string; readonly status: string | undefined }
  | { readonly cancelled: true }
  | { readonly error: string; readonly message: string };

export class LeakFixes {
  constructor(private readonly services: Services, private readonly guard: GuardedDocuments) {}

  async run(arg: unknown): Promise<LeakFixResult> {
    try {
      const args = parseLeakFixArgs(arg);
      const document = await openDocument(args.uri);
      const kind = this.guard.fileKind(document);
      if (!kind) throw KonexusError.withWords('invalid_request', vscode.l10n.t('{0} is not a file the Konexus leak guard watches.', displayPath(document.uri)));
      const leak = this.leakAt(document, args);
      switch (args.fix) {
        case 'moveTokenToDotenv':
          return await this.moveTokenToDotenv(document, leak);
        case 'moveSecretToProfile':
          return await this.moveSecretToProfile(document, kind, leak, args);
        case 'removeValue':
          return await this.removeValue(document, kind, leak);
        case 'ignoreDotenv':
          return await this.ignoreDotenv(document);
      }
    } catch (error) {
      void presentError(this.services, error);
      const message = errorText(error);
      return { error: isKonexusError(error) ? error.code : 'unexpected', message: this.services.redactor.redact(message) };
    }
  }

  /** The leak the warning was about, as the document is now; the only one of its kind on that line if it moved. */
  private leakAt(document: vscode.TextDocument, args: LeakFixArgs): LineLeak {
    const onLine = this.guard.currentLeaks(document).filter(leak => leak.line === args.line && leak.kind === args.kind);
    const exact = onLine.find(leak => leak.start === args.start && leak.end === args.end);
    const leak = exact ?? (onLine.length === 1 ? onLine[0] : undefined);
    if (!leak) throw KonexusError.withWords('invalid_request', vscode.l10n.t('The file changed since this warning was shown: open the Quick Fix menu on the warning again.'));
    return leak;
  }

  private async moveTokenToDotenv(document: vscode.TextDocument, leak: LineLeak): Promise<LeakFixResult> {
    if (leak.kind !== 'jwt' || document.uri.scheme === 'untitled') {
      throw KonexusError.withWords('invalid_request', vscode.l10n.t('Save the file first: the token goes into the .env file beside it.'));
    }
    const token = writtenValue(document, leak);
    const envUri = document.uri.with({ path: dotenvPathBeside(document.uri.path), query: '', fragment: '' });
    const key = this.services.settings().dotenvKey;
    const dotenvValue = await upsertDotenv(envUri, key, token);
    // After the await: the document as it is now.
    const replaced = await this.replaceEvery(document, 'jwt', token, `{{$dotenv ${key}}}`);
    const check = await this.guard.ignore.check(envUri, { force: true });
    const exposed = check !== undefined && wouldBeCommitted(check);
    this.services.log.info(`[leakGuard] moved a token (${replaced}×) from ${displayPath(document.uri)} to ${key} in ${displayPath(envUri)} (${dotenvValue})${exposed ? `; git would commit that file (${check?.status})` : ''}`);
    if (exposed) void this.warnDotenvExposed(envUri, check?.status === 'tracked');
    return { fixed: 'moveTokenToDotenv', replaced, dotenv: envUri.toString(), dotenvValue, dotenvWouldBeCommitted: exposed };
  }

  private async moveSecretToProfile(document: vscode.TextDocument, kind: ScanFileKind, leak: LineLeak, args: LeakFixArgs): Promise<LeakFixResult> {
    if (leak.kind !== 'client_secret') throw KonexusError.withWords('invalid_request', vscode.l10n.t('This warning is not about a client secret.'));
    const written = writtenValue(document, leak);
    const secret = decodeLeakValue(written, leak.encoding);
    const near = credentialsNear(document.getText(), document.offsetAt(new vscode.Position(leak.line, leak.start)), kind);
    const prompts = args.name === undefined;

    const clientId = args.clientId ?? near.clientId ?? (prompts ? await askClientId() : undefined);
    if (clientId === undefined) {
      if (prompts) return { cancelled: true };
      throw KonexusError.withWords('invalid_request', vscode.l10n.t('No client id was found next to the secret: give "clientId".'));
    }
    // The authority written in the file (the token request's URL) is taken as is; otherwise the default, confirmed when prompting.
    const authority = args.authority ?? near.authority ?? (prompts ? await askAuthority() : DEFAULT_AUTHORITY);
    if (authority === undefined) return { cancelled: true };

    const existing = this.services.tokens.profiles().find(profile => isSameCredential(profile, authority, clientId));
    const updateExisting = existing !== undefined && (args.name === undefined || args.name === existing.name);
    let profileName: string;
    if (updateExisting) {
      profileName = existing.name;
      const outcome = await vscode.commands.executeCommand<unknown>('konexus.updateSecret', { name: profileName, clientSecret: secret });
      if (outcome !== true) return commandFailure(outcome, vscode.l10n.t('The secret was not stored'));
    } else {
      const names = this.services.tokens.profiles().map(profile => profile.name);
      const name = args.name ?? await askProfileName(suggestName(clientId, names), clientId, names);
      if (name === undefined) return { cancelled: true };
      const outcome = await vscode.commands.executeCommand<unknown>('konexus.addProfile', { name, authority, clientId, clientSecret: secret, fetchToken: false });
      if (typeof outcome !== 'string') return commandFailure(outcome, vscode.l10n.t('The profile was not added'));
      profileName = outcome;
    }

    // Only now that SecretStorage holds it: every copy of the secret in the document is replaced.
    const replacement = kind === 'http' || kind === 'settings' ? SECRET_ENV_REFERENCE : '';
    const replaced = await this.replaceEvery(document, 'client_secret', secret, replacement, true);
    this.services.log.info(`[leakGuard] moved a client secret (${replaced}×) of ${clientId} from ${displayPath(document.uri)} into profile "${profileName}"`);
    const said = { clientId, profile: profileName, file: posix.basename(document.uri.path), variable: SECRET_ENV_NAME };
    void vscode.window.showInformationMessage(replacement
      ? vscode.l10n.t('Konexus: the client secret of {clientId} is now in profile "{profile}", in VS Code\'s secret storage only. The file now reads it from the environment variable {variable}; "Konexus: Insert Bearer Header" spares you the token request altogether. If {file} was ever committed or shared, ask Konexus for a new secret.', said)
      : vscode.l10n.t('Konexus: the client secret of {clientId} is now in profile "{profile}", in VS Code\'s secret storage only. If {file} was ever committed or shared, ask Konexus for a new secret.', said));
    return { fixed: 'moveSecretToProfile', profile: profileName, clientId, authority, replaced, updatedExistingProfile: updateExisting };
  }

  private async removeValue(document: vscode.TextDocument, kind: ScanFileKind, leak: LineLeak): Promise<LeakFixResult> {
    const replaced = await this.replaceEvery(document, leak.kind, writtenValue(document, leak), '');
    this.services.log.info(`[leakGuard] removed a ${leak.kind === 'jwt' ? 'token' : 'client secret'} (${replaced}×) from ${displayPath(document.uri)}`);
    const addProfile = vscode.l10n.t('Add Profile');
    void vscode.window.showInformationMessage(
      kind === 'settings'
        ? vscode.l10n.t('Konexus: removed the token from settings. Let a Konexus profile provide always-valid tokens instead: "Insert Bearer Header" in .http files, or the "konexus" authentication provider in code.')
        : vscode.l10n.t('Konexus: removed the token from {0}. Let a Konexus profile provide always-valid tokens instead: "Insert Bearer Header" in .http files, or the "konexus" authentication provider in code.', posix.basename(document.uri.path)),
      addProfile,
    ).then(picked => (picked === addProfile ? vscode.commands.executeCommand('konexus.addProfile') : undefined), () => undefined);
    return { fixed: 'removeValue', replaced };
  }

  private async ignoreDotenv(document: vscode.TextDocument): Promise<LeakFixResult> {
    const { gitignore } = await appendToGitignore(document.uri);
    await this.guard.recheckIgnored();
    const status = this.guard.ignore.known(document.uri)?.status;
    this.services.log.info(`[leakGuard] added ${posix.basename(document.uri.path)} to ${displayPath(gitignore)}; git now says ${status ?? 'unknown'}`);
    return { fixed: 'ignoreDotenv', gitignore: gitignore.toString(), status };
  }

  /**
   * Replaces every leak of `kind` whose value is `value` (decoded when `decoded`) with `newText`, as one
   * edit (one undo step). Computed from the document as it is at the call. Returns how many were replaced.
   */
  private async replaceEvery(document: vscode.TextDocument, kind: LeakKind, value: string, newText: string, decoded = false): Promise<number> {
    const targets = this.guard.currentLeaks(document).filter(leak => {
      if (leak.kind !== kind) return false;
      const written = writtenValue(document, leak);
      return (decoded ? decodeLeakValue(written, leak.encoding) : written) === value;
    });
    if (targets.length === 0) return 0;
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, targets.map(leak => vscode.TextEdit.replace(new vscode.Range(leak.line, leak.start, leak.line, leak.end), newText)));
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw KonexusError.withWords('invalid_request', vscode.l10n.t('VS Code did not apply the edit to {0} (is it read-only?).', displayPath(document.uri)));
    }
    return targets.length;
  }

  private async warnDotenvExposed(envUri: vscode.Uri, tracked: boolean): Promise<void> {
    try {
      const add = vscode.l10n.t('Add .env to .gitignore');
      const message = tracked
        ? vscode.l10n.t('Konexus: the token is now in {0}, which git tracks: the next commit would include it. Run `git rm --cached .env` and add .env to .gitignore.', displayPath(envUri))
        : vscode.l10n.t('Konexus: the token is now in {0}, which git does not ignore: a commit could include it.', displayPath(envUri));
      const picked = await vscode.window.showWarningMessage(message, ...(tracked ? [] : [add]));
      if (picked === add) {
        await appendToGitignore(envUri);
        await this.guard.recheckIgnored();
      }
    } catch (error) {
      this.services.log.error('[leakGuard] the .env warning failed', error);
    }
  }
}

async function openDocument(uri: string): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.find(document => document.uri.toString() === uri);
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  } catch {
    throw KonexusError.withWords('invalid_request', vscode.l10n.t('Cannot open {0}.', uri));
  }
}

function writtenValue(document: vscode.TextDocument, leak: LineLeak): string {
  return document.lineAt(leak.line).text.slice(leak.start, leak.end);
}

function isSameCredential(profile: Profile, authority: string, clientId: string): boolean {
  try {
    return profile.clientId === clientId.trim() && profile.authority === authorityKey(parseAuthority(authority));
  } catch {
    return false;
  }
}

/** A command's failure (registerCommands already showed it) as this fix's result. */
function commandFailure(outcome: unknown, what: string): LeakFixResult {
  const failure = typeof outcome === 'object' && outcome !== null ? outcome as { error?: unknown; message?: unknown } : {};
  return {
    error: typeof failure.error === 'string' ? failure.error : 'unexpected',
    message: `${vscode.l10n.t('{0}; the document is unchanged.', what)} ${typeof failure.message === 'string' ? failure.message : ''}`.trim(),
  };
}

function suggestName(clientId: string, existing: readonly string[]): string {
  const base = clientId.replace(/[^\p{L}\p{N} ._-]/gu, '-').slice(0, 34) || 'konexus';
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? base : `${base} ${n}`;
    if (!profileNameProblem(name, existing)) return name;
  }
  return '';
}

function askProfileName(value: string, clientId: string, existing: readonly string[]): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Move the client secret into a Konexus profile'),
    prompt: vscode.l10n.t('A name for the profile of {0}. The secret is kept in VS Code\'s secret storage only.', clientId),
    value,
    ignoreFocusOut: true,
    validateInput: name => profileNameValidation(name, existing),
  });
}

function askClientId(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Move the client secret into a Konexus profile'),
    prompt: vscode.l10n.t('The client id this secret belongs to (none was found next to it)'),
    placeHolder: 'ext-1741-sample-client',
    ignoreFocusOut: true,
    validateInput: clientIdValidation,
  });
}

function askAuthority(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Move the client secret into a Konexus profile'),
    prompt: vscode.l10n.t('The identity server (authority) that issued this client'),
    value: DEFAULT_AUTHORITY,
    ignoreFocusOut: true,
    validateInput: authorityProblemText,
  });
}
