/**
 * Which documents are `.http` files, which one a command targets, and where the `.env` beside it is.
 */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { KonexusError } from '../core/errors';
import { isHttpFilePath, type InsertBearerArgs, type UriParts } from '../core/httpFile';

/**
 * REST Client and httpYac give `.http`/`.rest` files the language id `http`; without either extension they
 * are plain text, so the file patterns catch them too.
 */
export const HTTP_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  { language: 'http' },
  { scheme: 'file', pattern: '**/*.{http,rest}' },
];

function isHttpDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'http' || isHttpFilePath(document.uri.path);
}

const DOTENV_FILE_NAME = '.env';

/** The `.env` REST Client and httpYac read for this file: in its folder. Undefined for an unsaved document. */
export function dotenvBeside(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme === 'untitled') return undefined;
  return uri.with({ path: posix.join(posix.dirname(uri.path), DOTENV_FILE_NAME), query: '', fragment: '' });
}

export interface CommandTarget {
  readonly document: vscode.TextDocument;
  /** Where "the request at the cursor" is looked up. */
  readonly offset: number;
  /** The document's version `offset` belongs to. */
  readonly version: number;
}

/** The advice that ends each "no document to work on" message. */
function openHttpFile(): string {
  return vscode.l10n.t('Open a .http or .rest file (REST Client or httpYac), put the cursor in a request and run "Konexus: Insert Bearer Header" again.');
}

/**
 * The document and offset the command works on: `args.uri`/`args.line` when given, else the active editor
 * and its cursor. Throws a KonexusError('invalid_request') saying what to do when there is none.
 */
export async function commandTarget(args: InsertBearerArgs): Promise<CommandTarget> {
  const editor = vscode.window.activeTextEditor;
  let document: vscode.TextDocument | undefined;
  if (args.uri !== undefined) {
    const uri = toUri(args.uri);
    document = vscode.workspace.textDocuments.find(open => open.uri.toString() === uri.toString());
    if (!document) {
      try {
        document = await vscode.workspace.openTextDocument(uri);
      } catch {
        throw KonexusError.withWords('invalid_request', `${vscode.l10n.t('Cannot open {0}.', uri.scheme === 'file' ? uri.fsPath : uri.toString(true))} ${openHttpFile()}`);
      }
    }
  } else {
    document = editor?.document;
  }
  if (!document) throw KonexusError.withWords('invalid_request', `${vscode.l10n.t('No editor is active.')} ${openHttpFile()}`);
  if (!isHttpDocument(document)) {
    throw KonexusError.withWords('invalid_request', `${vscode.l10n.t('"{0}" is not a .http or .rest file.', posix.basename(document.uri.path))} ${openHttpFile()}`);
  }
  if (args.line !== undefined) {
    if (args.line >= document.lineCount) throw KonexusError.withWords('invalid_request', vscode.l10n.t('Line {0} is past the end of the file.', args.line + 1));
    return { document, offset: document.offsetAt(new vscode.Position(args.line, 0)), version: document.version };
  }
  const cursor = editor && editor.document === document ? editor.selection.active : undefined;
  if (!cursor && !args.all) {
    throw KonexusError.withWords('invalid_request', vscode.l10n.t('"{0}" is not in the active editor, so there is no cursor to find the request by. Give a "line", or use "all".', posix.basename(document.uri.path)));
  }
  return { document, offset: cursor ? document.offsetAt(cursor) : 0, version: document.version };
}

function toUri(uri: string | UriParts): vscode.Uri {
  return typeof uri === 'string' ? vscode.Uri.parse(uri, true) : vscode.Uri.from(uri);
}
