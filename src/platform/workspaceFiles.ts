/**
 * Files the extension changes besides the user's documents, through `workspace.fs` (never an editor, whose
 * saves land in Local History): what is shared by the `.http` upkeep and the Leak guard's Quick Fixes.
 */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { gitignoreAppendEdits } from '../core/git/gitignoreFile';

/** A `workspace.fs` (or node fs) error that says the file does not exist. */
export function isFileNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'FileNotFound' || code === 'ENOENT' || (error instanceof Error && /\bENOENT\b|EntryNotFound|FileNotFound/.test(error.message));
}

/**
 * Appends the file's name to the .gitignore of its folder (created when missing), on a line of its own with
 * the file's line ending. The new bytes are appended to the old ones, so every existing byte stays even in a
 * file that is not valid UTF-8. Returns the .gitignore and whether it changed (false: it already ignores the name).
 */
export async function appendToGitignore(fileUri: vscode.Uri): Promise<{ readonly gitignore: vscode.Uri; readonly changed: boolean }> {
  const gitignore = fileUri.with({ path: posix.join(posix.dirname(fileUri.path), '.gitignore') });
  let bytes: Uint8Array = new Uint8Array();
  try {
    bytes = await vscode.workspace.fs.readFile(gitignore);
  } catch (error) {
    if (!isFileNotFound(error)) throw error;
  }
  const edits = gitignoreAppendEdits(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), posix.basename(fileUri.path));
  if (edits.length === 0) return { gitignore, changed: false };
  const added = new TextEncoder().encode(edits.map(edit => edit.newText).join(''));
  const updated = new Uint8Array(bytes.length + added.length);
  updated.set(bytes);
  updated.set(added, bytes.length);
  await vscode.workspace.fs.writeFile(gitignore, updated);
  return { gitignore, changed: true };
}
