/**
 * Writes the current token into a `.env` file: created if asked, else only updated; every other byte kept
 * (`dotenvUpsertEdit` changes only the value). Through `workspace.fs`, never a TextDocument: VS Code's local
 * History keeps a copy of every file saved through an editor, and this file holds a live token.
 * Writes to the same file are serialised, and each write asks for the token when its turn comes, so the
 * last write always carries the newest token whatever order a command and a refresh ran in.
 */
import * as vscode from 'vscode';
import { applyEdits, dotenvLookup, dotenvRemoveEdit, dotenvUpsertEdit, parseDotenv } from '../core/httpFile';
import { KonexusError } from '../core/errors';
import { displayPath } from '../platform/displayPath';
import { isFileNotFound } from '../platform/workspaceFiles';
import type { KeyedSequencer } from '../core/async';

export type DotenvWriteOutcome = 'created' | 'updated' | 'unchanged' | 'missing';

export class DotenvTokenWriter {
  /** `replaceable`: whether a value already there may be overwritten (dotenvOverwrite.ts: empty, or a profile's token). */
  constructor(private readonly sequencer: KeyedSequencer, private readonly replaceable: (value: string) => boolean) {}

  /**
   * Sets `key` to the token `currentToken()` gives when this write's turn comes. `create: false` (a
   * refresh) leaves a deleted `.env` deleted and reports 'missing'. Throws a KonexusError when the file
   * cannot be read as UTF-8 text, its syntax makes the edit unsafe (`ambiguous_text`), or `key` holds a
   * value that is not replaceable (the user's own entry): then nothing is written and no token is asked for.
   */
  write(uri: vscode.Uri, key: string, currentToken: () => Promise<string>, options: { create: boolean }): Promise<DotenvWriteOutcome> {
    return this.sequencer.run(uri.toString(), async () => {
      const existing = await readText(uri);
      if (existing === undefined && !options.create) return 'missing';
      const text = existing ?? '';
      if (parseDotenv(text).some(entry => entry.key === key && !this.replaceable(entry.value))) {
        throw new KonexusError('invalid_request', vscode.l10n.t('{0} in {1} holds a value that is not an access token; Konexus does not overwrite it. Empty that value or remove the line, or set konexus.httpFiles.dotenvKey to another name.', key, displayPath(uri)));
      }
      const token = await currentToken();
      const result = dotenvUpsertEdit(text, key, token);
      if (!result.ok) throw new KonexusError('invalid_request', vscode.l10n.t('Cannot write {0} into {1}: {2}', key, displayPath(uri), result.message));
      if (existing !== undefined && result.edits.length === 0) return 'unchanged';
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(applyEdits(text, result.edits)));
      return existing === undefined ? 'created' : 'updated';
    });
  }

  removeIf(uri: vscode.Uri, key: string, belongs: (value: string) => boolean): Promise<DotenvRemoveOutcome> {
    return this.sequencer.run(uri.toString(), async () => {
      const text = await readText(uri);
      if (text === undefined) return 'missing';
      const value = dotenvLookup(parseDotenv(text), key);
      if (value === undefined || !belongs(value)) return 'kept';
      const result = dotenvRemoveEdit(text, key);
      if (!result.ok || result.edits.length === 0) return 'kept';
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(applyEdits(text, result.edits)));
      return 'removed';
    });
  }
}

export type DotenvRemoveOutcome = 'removed' | 'kept' | 'missing';

/** The file's text, undefined when it does not exist. A BOM is kept as text, so writing back keeps it. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if (isFileNotFound(error)) return undefined;
    throw error;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new KonexusError('invalid_request', vscode.l10n.t('{0} is not UTF-8 text; the token is not written into it, so none of its bytes change.', displayPath(uri)));
  }
}
