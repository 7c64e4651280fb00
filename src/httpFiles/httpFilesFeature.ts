import type * as vscode from 'vscode';
import type { Services } from '../services';

/** PLACEHOLDER until the .http support lands: bearer headers, the .env writer and the CodeLens. */
export class HttpFilesFeature implements vscode.Disposable {
  constructor(private readonly services: Services) {}
  async insertBearerHeader(_arg?: unknown): Promise<unknown> { this.services.log.info('[insertBearerHeader] not built yet'); return undefined; }
  dispose(): void {}
}
