import type * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { ConfirmedIssuers } from './model/confirmedIssuers';
import { InspectorCommands } from './inspectorCommands';
import { InspectorTree } from './inspectorTree';
import { JwtHoverProvider } from './jwtHoverProvider';
import { ReportCache } from './model/reportCache';

/**
 * The token inspector: the `konexus.tokenInspector` tree view, the JWT hover, and the commands behind them
 * (InspectorCommands, which the command table calls). Owns the hover's memory of verified tokens
 * (ReportCache) and the issuers the user confirmed once for key fetches (ConfirmedIssuers, in globalState:
 * a workspace cannot add to it).
 */
export class InspectorFeature implements vscode.Disposable {
  readonly confirmedIssuers: ConfirmedIssuers;
  readonly commands: InspectorCommands;
  private readonly reports = new ReportCache();
  private readonly tree: InspectorTree;
  private readonly hover: JwtHoverProvider;

  constructor(services: Services, globalState: vscode.Memento) {
    this.confirmedIssuers = new ConfirmedIssuers(globalState);
    this.tree = new InspectorTree(services.clock);
    this.hover = new JwtHoverProvider(services, this.reports);
    this.commands = new InspectorCommands(services, this.confirmedIssuers, this.tree, this.reports);
  }

  dispose(): void {
    this.commands.dispose();
    this.hover.dispose();
    this.tree.dispose();
    this.reports.clear();
  }
}
