/**
 * `konexus.insertBearerHeader` { all?, style?, profile?, uri?, line? }: sets the Authorization header of the
 * request at the cursor (or of every request) so that both REST Client and httpYac send the profile's token,
 * as one edit (one undo step). Style `dotenv` also writes the token into the `.env` beside the file and keeps
 * it there; `fileVariable` sets `@konexusToken = …` at the top and keeps it current while the document is
 * open; `literal` writes the token itself and says that it expires and must not be committed.
 * Before the token goes into a `.env` of a folder in Restricted Mode, through a symbolic link leading
 * outside the workspace, or into a file git tracks (judged at the link's target), a modal dialog asks
 * (DotenvWriteGate in dotenvTokenWriter.ts); Cancel writes and inserts nothing and
 * the command returns `cancelled` (no error). A production profile's token (core/tokens/production.ts) goes into a
 * `.env` or the document only after the once-per-window modal of ProductionGate (or `confirmProduction: true`);
 * declined, the command fails with `production_not_confirmed` and nothing changes.
 * Failures throw a KonexusError (`invalid_request` with what to do); registerCommands shows and returns them.
 */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { KonexusError } from '../core/errors';
import { parseInsertBearerArgs, planBearerEdits, type InsertBearerArgs, type TextEdit } from '../core/httpFile';
import { formatDuration } from '../platform/model/words/timeWords';
import { bearerPlanText, insertBearerArgsText } from './model/bearerWords';
import { Command } from '../platform/model/commandIds';
import type { Services } from '../platform/services';
import type { HeaderStyle } from '../platform/settings';
import type { ProductionGate } from '../tokens/productionGate';
import type { DotenvTokenWriter, DotenvWriteGate, DotenvWriteOutcome } from './dotenvTokenWriter';
import type { DotenvRisk } from './model/dotenvRisk';
import type { DotenvIgnoreReport, GitIgnoreGuard } from './gitIgnoreWarning';
import { displayPath } from '../platform/displayPath';
import { commandTarget, dotenvBeside } from './httpDocuments';
import type { ManagedFiles } from './model/managedFiles';

/** What the command returns (tests, tasks). Never a token. */
export interface InsertBearerResult {
  /** Requests whose Authorization header changed (0: already right). */
  readonly edited: number;
  /** Requests targeted: 1 at the cursor, or every request of the file. */
  readonly requests: number;
  readonly style: HeaderStyle;
  readonly profile: string;
  /** The `.env` written (style dotenv). */
  readonly dotenvPath?: string;
  readonly dotenv?: DotenvWriteOutcome;
  /** Whether git ignores that `.env`, and whether this call warned (style dotenv, local files). */
  readonly gitignore?: DotenvIgnoreReport;
  /**
   * Style dotenv: the user did not confirm writing the token into that `.env` (why it asked, and the file the
   * token would have gone to). Nothing was written and no request changed (`edited` 0).
   */
  readonly cancelled?: { readonly reasons: readonly DotenvRisk[]; readonly writesTo?: string };
}

export interface BearerHeaderDeps {
  readonly services: Services;
  readonly managed: ManagedFiles;
  readonly dotenvWriter: DotenvTokenWriter;
  readonly gitignore: GitIgnoreGuard;
  readonly gate: DotenvWriteGate;
  readonly production: ProductionGate;
}

export async function insertBearerHeader(deps: BearerHeaderDeps, arg: unknown): Promise<InsertBearerResult> {
  const { services } = deps;
  const parsed = parseInsertBearerArgs(arg);
  if (!parsed.ok) throw KonexusError.withWords('invalid_request', insertBearerArgsText(parsed.problem));
  const args = parsed.args;
  const target = await commandTarget(args);
  const { document } = target;
  const settings = services.settings();
  const style = args.style ?? settings.headerStyle;
  const names = { dotenvKey: settings.dotenvKey, fileVariableName: settings.fileVariableName };
  const scopeAt = (offset: number) => (args.all ? { kind: 'all' as const } : { kind: 'at' as const, offset });
  const fileName = posix.basename(document.uri.path);

  // Fail on a missing request before asking the identity server for anything.
  const dryRun = planBearerEdits(document.getText(), { style, names, accessToken: 'token', scope: scopeAt(target.offset) });
  if (!dryRun.ok && dryRun.code === 'no_request') throw KonexusError.withWords('invalid_request', bearerPlanText(dryRun.why));
  const envUri = style === 'dotenv' ? dotenvBeside(document.uri) : undefined;
  if (style === 'dotenv' && !envUri) {
    throw KonexusError.withWords('invalid_request', vscode.l10n.t('Save {0} first: the token goes into the .env file beside it.', fileName));
  }

  // Ask before anything happens (no token fetched, nothing written) when the .env needs it. An unknown
  // profile is left to getToken below, which says what to do.
  const profileName = args.profile ?? services.tokens.activeProfile()?.name;
  if (envUri && profileName !== undefined && services.tokens.profile(profileName)) {
    const confirmation = await deps.gate.confirm(envUri, profileName);
    if (!confirmation.write) {
      services.log.info(`[insertBearerHeader] ${displayPath(document.uri)}: ${displayPath(envUri)} not confirmed (${confirmation.reasons.join(', ')}): nothing written`);
      void vscode.window.setStatusBarMessage(`$(circle-slash) ${vscode.l10n.t('Konexus: the token was not written to .env; nothing changed')}`, 4000);
      const requests = dryRun.ok ? dryRun.targetedRequests : 0;
      return {
        edited: 0, requests, style, profile: profileName, dotenvPath: displayPath(envUri),
        cancelled: { reasons: confirmation.reasons, ...(confirmation.writesTo ? { writesTo: confirmation.writesTo } : {}) },
      };
    }
  }

  // A production token leaves the extension: into the .env, or into the document (file variable, literal).
  const chosen = profileName !== undefined ? services.tokens.profile(profileName) : undefined;
  if (chosen) {
    await deps.production.confirm(chosen, envUri ? 'dotenv' : 'editor', { target: displayPath(envUri ?? document.uri), preconfirmed: args.confirmProduction });
  }

  const token = await services.tokens.getToken(args.profile);
  const profile = args.profile ?? services.tokens.activeProfile()?.name ?? '';
  const currentToken = async () => (await services.tokens.getToken(args.profile)).accessToken;

  // The .env before the header: a header that reads a key the .env does not have yet would fail a request.
  let dotenv: DotenvWriteOutcome | undefined;
  if (envUri) {
    dotenv = await deps.dotenvWriter.write(envUri, names.dotenvKey, currentToken, { create: true });
    await deps.managed.setDotenv(envUri.toString(), { key: names.dotenvKey, profile: args.profile });
  }

  // The user may have typed while the token came: then find the cursor (or line) again. After this, no await
  // between reading the text and handing VS Code the edits computed from it.
  let offset = target.offset;
  if (document.version !== target.version) {
    const again = await commandTarget(args);
    if (again.document !== document) throw KonexusError.withWords('invalid_request', vscode.l10n.t('The active editor changed while the token was being fetched; run the command again.'));
    offset = again.offset;
  }
  const plan = planBearerEdits(document.getText(), { style, names, accessToken: token.accessToken, scope: scopeAt(offset) });
  if (!plan.ok) throw KonexusError.withWords('invalid_request', bearerPlanText(plan.why));
  if (plan.edits.length > 0 && !(await vscode.workspace.applyEdit(toWorkspaceEdit(document, plan.edits)))) {
    throw KonexusError.withWords('invalid_request', vscode.l10n.t('{0} changed while the header was being set; run the command again.', fileName));
  }
  if (style === 'fileVariable') {
    await deps.managed.setVariableDocument(document.uri.toString(), { name: names.fileVariableName, profile: args.profile });
  }

  const gitignore = envUri ? await deps.gitignore.checkAndWarn(envUri) : undefined;
  services.log.info(`[insertBearerHeader] ${displayPath(document.uri)}: ${plan.editedRequests} of ${plan.targetedRequests} request(s) changed; style ${style}, profile ${profile}${envUri ? `; ${displayPath(envUri)} ${dotenv}${gitignore ? `, git: ${gitignore.status}` : ''}` : ''}`);
  confirm(services, { args, style, edited: plan.editedRequests, requests: plan.targetedRequests, expiresAt: token.expiresAt, document, offset });
  return {
    edited: plan.editedRequests,
    requests: plan.targetedRequests,
    style,
    profile,
    ...(envUri ? { dotenvPath: displayPath(envUri), dotenv } : {}),
    ...(gitignore ? { gitignore } : {}),
  };
}

interface Confirmation {
  readonly args: InsertBearerArgs;
  readonly style: HeaderStyle;
  readonly edited: number;
  readonly requests: number;
  readonly expiresAt: number;
  readonly document: vscode.TextDocument;
  readonly offset: number;
}

/**
 * A status-bar line; for `literal` a (non-modal) warning that the token expires and must not be committed,
 * with an offer to switch to the dotenv style. Not awaited: the command returns at once.
 */
function confirm(services: Services, { args, style, edited, requests, expiresAt, document, offset }: Confirmation): void {
  const one = requests === 1;
  if (style !== 'literal') {
    const done = style === 'dotenv'
      ? (one ? vscode.l10n.t('Konexus: Authorization header set in the request; the token is in .env and kept valid')
        : vscode.l10n.t('Konexus: Authorization header set in {0} of {1} requests; the token is in .env and kept valid', edited, requests))
      : (one ? vscode.l10n.t('Konexus: Authorization header set in the request')
        : vscode.l10n.t('Konexus: Authorization header set in {0} of {1} requests', edited, requests));
    void vscode.window.setStatusBarMessage(`$(check) ${done}`, 4000);
    return;
  }
  const useDotenv = vscode.l10n.t('Use .env Instead');
  const left = formatDuration(expiresAt - services.clock.now());
  void vscode.window.showWarningMessage(
    one
      ? vscode.l10n.t('Konexus: the token itself is now in the request. It expires in {0} and is not renewed there, and it must not be committed. The "dotenv" style keeps it out of the file and always valid.', left)
      : vscode.l10n.t('Konexus: the token itself is now in {0} of {1} requests. It expires in {2} and is not renewed there, and it must not be committed. The "dotenv" style keeps it out of the file and always valid.', edited, requests, left),
    useDotenv,
  ).then(picked => {
    if (picked !== useDotenv) return undefined;
    return vscode.commands.executeCommand(Command.insertBearerHeader, {
      all: args.all, style: 'dotenv', uri: document.uri.toString(), line: document.positionAt(offset).line,
      ...(args.profile ? { profile: args.profile } : {}),
    });
  }).then(undefined, error => services.log.error('[insertBearerHeader] the literal-token warning failed', error));
}

/** The core's offset edits as a `vscode.WorkspaceEdit` on one document: applied together, one undo step.
 * `edits` are offsets into `document.getText()` as it is now (computed from it, with no await between). */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(document.uri, edits.map(edit => vscode.TextEdit.replace(
    new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)),
    edit.newText,
  )));
  return workspaceEdit;
}
