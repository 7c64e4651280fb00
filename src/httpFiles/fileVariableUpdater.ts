/**
 * Keeps the fileVariable style's `@konexusToken = …` current in OPEN documents: one edit per refresh, left
 * unsaved (saving is the user's call; the file on disk holds whatever they last saved). A variable the user
 * deleted is not put back: the document stops being kept.
 */
import * as vscode from 'vscode';
import { fileVariableEdit, parseHttpFile } from '../core/httpFile';
import { toWorkspaceEdit } from './workspaceEdits';

export type VariableUpdateOutcome = 'updated' | 'unchanged' | 'no_variable' | 'failed';

/** Sets the variable `name` of `document` to `token` if the document defines it. */
export async function updateTokenVariable(document: vscode.TextDocument, name: string, token: string): Promise<VariableUpdateOutcome> {
  // A second try covers an edit that raced with the user's typing (the version it was computed for moved on).
  for (let attempt = 0; attempt < 2; attempt++) {
    const text = document.getText();
    if (!parseHttpFile(text).fileVariables.some(variable => variable.name === name)) return 'no_variable';
    const result = fileVariableEdit(text, name, token);
    if (!result.ok) return 'failed';
    if (result.edits.length === 0) return 'unchanged';
    if (await vscode.workspace.applyEdit(toWorkspaceEdit(document, result.edits))) return 'updated';
  }
  return 'failed';
}
