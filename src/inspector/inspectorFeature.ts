import type * as vscode from 'vscode';
import type { Services } from '../services';

/** PLACEHOLDER until the token inspector lands: the tree view, the JWT hover and their commands. */
export class InspectorFeature implements vscode.Disposable {
  constructor(private readonly services: Services) {}
  async inspectToken(_arg?: unknown): Promise<unknown> { this.services.log.info('[inspectToken] not built yet'); return undefined; }
  async inspectCurrentToken(_arg?: unknown): Promise<unknown> { return undefined; }
  async copyValue(_arg?: unknown): Promise<unknown> { return undefined; }
  dispose(): void {}
}
