import type * as vscode from 'vscode';

/** Composition root: builds the services and hands every disposable to VS Code. No logic lives here. */
export function activate(_context: vscode.ExtensionContext): void {
  // The commands, views and providers are composed here as they are built (see CHANGELOG).
}

export function deactivate(): void {}
