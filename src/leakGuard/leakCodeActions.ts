/**
 * The Quick Fixes of the Leak guard's warnings. Each one is a command (LEAK_FIX_COMMAND) and not a ready
 * WorkspaceEdit: the fixes write to SecretStorage or a `.env` first, and change the document only once that
 * worked. Their arguments name the warning's place, never its value.
 */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { LeakKind, ScanFileKind } from '../core/leaks/leakScan';
import { LEAK_FIX_COMMAND, SECRET_ENV_REFERENCE, type LeakFixArgs, type LeakFixName } from './model/leakFixArgs';
import type { GuardedDocuments } from './model/guardedDocuments';

/** The documents the guard can warn about (the guard itself decides precisely, per document). */
export const LEAK_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  { language: 'http' },
  { pattern: '**/*.{http,rest}' },
  { pattern: '**/{.env,.env.*,*.env}' },
  { pattern: '**/settings.json' },
  { pattern: '**/*.code-workspace' },
];

export class LeakCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly guard: GuardedDocuments) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const kind = this.guard.fileKind(document);
    if (!kind) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'Konexus' || (diagnostic.code !== 'jwt' && diagnostic.code !== 'client_secret')) continue;
      actions.push(...this.actionsFor(document, kind, diagnostic, diagnostic.code));
    }
    return actions;
  }

  private actionsFor(document: vscode.TextDocument, kind: ScanFileKind, diagnostic: vscode.Diagnostic, leak: LeakKind): vscode.CodeAction[] {
    const action = (title: string, fix: LeakFixName, preferred: boolean): vscode.CodeAction => {
      const codeAction = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      const { start, end } = diagnostic.range;
      const args: LeakFixArgs = { fix, uri: document.uri.toString(), line: start.line, start: start.character, end: end.character, kind: leak };
      codeAction.command = { command: LEAK_FIX_COMMAND, title, arguments: [args] };
      codeAction.diagnostics = [diagnostic];
      codeAction.isPreferred = preferred;
      return codeAction;
    };
    const dotenvName = posix.basename(document.uri.path);
    const gitTracks = this.guard.ignore.known(document.uri)?.status === 'tracked';
    const ignoreFix = () => action(vscode.l10n.t('Add {0} to .gitignore', dotenvName), 'ignoreDotenv', false);

    if (leak === 'client_secret') {
      const title = kind === 'http' || kind === 'settings'
        ? vscode.l10n.t('Move the client secret into a Konexus profile (the file then reads {0}; nothing is written to disk)', SECRET_ENV_REFERENCE)
        : vscode.l10n.t('Move the client secret into a Konexus profile (and clear it here)');
      const actions = [action(title, 'moveSecretToProfile', true)];
      if (kind === 'dotenv' && !gitTracks) actions.push(ignoreFix());
      return actions;
    }
    switch (kind) {
      case 'http': {
        if (document.uri.scheme === 'untitled') return [];
        const key = this.guard.dotenvKey();
        return [action(vscode.l10n.t('Move the token into .env as {0} and use {1}', key, `{{$dotenv ${key}}}`), 'moveTokenToDotenv', true)];
      }
      case 'dotenv': {
        const remove = action(vscode.l10n.t('Remove the token (let a Konexus profile provide tokens)'), 'removeValue', gitTracks);
        if (gitTracks) return [remove];
        const ignore = ignoreFix();
        ignore.isPreferred = true;
        return [ignore, remove];
      }
      case 'settings':
      case 'other':
        return [action(vscode.l10n.t('Remove the token from settings (let a Konexus profile provide tokens)'), 'removeValue', true)];
    }
  }
}
