import type * as vscode from 'vscode';

/** A path a person reads: the file system path for `file:` URIs, the whole URI otherwise. */
export function displayPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}
