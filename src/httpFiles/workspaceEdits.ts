/** The core's offset edits as a `vscode.WorkspaceEdit` on one document: applied together, one undo step. */
import * as vscode from 'vscode';
import type { TextEdit } from '../core/httpFile';

/** `edits` are offsets into `document.getText()` as it is now (computed from it, with no await between). */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(document.uri, edits.map(edit => vscode.TextEdit.replace(
    new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)),
    edit.newText,
  )));
  return workspaceEdit;
}
