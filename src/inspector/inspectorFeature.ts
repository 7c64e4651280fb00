import type * as vscode from 'vscode';
import type { Services } from '../services';
import type { InspectorCommands } from './inspectorCommands';
import { InspectorTree } from './inspectorTree';
import type { InspectResult } from './tokenText';
import { JwtHoverProvider } from './jwtHoverProvider';
import { ReportCache } from './reportCache';

/**
 * The token inspector: the `konexus.tokenInspector` tree view and the JWT hover, registered at activation,
 * and the commands behind them. The commands, the tree's model, the verification and the key cache are in
 * the on-demand bundle (src/onDemand): the first command loads it and makes the one InspectorCommands,
 * which is kept with the tree and the hover's memory of verified tokens (ReportCache) that this owns.
 * The hover needs none of it.
 */
export class InspectorFeature implements vscode.Disposable {
  private readonly reports = new ReportCache();
  private readonly tree: InspectorTree;
  private readonly hover: JwtHoverProvider;
  private made: InspectorCommands | undefined;

  constructor(private readonly services: Services) {
    this.tree = new InspectorTree(services.clock);
    this.hover = new JwtHoverProvider(services, this.reports);
  }

  /** `konexus.inspectToken`: see InspectorCommands.inspectToken. */
  async inspectToken(arg?: unknown): Promise<InspectResult | undefined> {
    return (await this.commands()).inspectToken(arg);
  }

  /** `konexus.trustIssuer`: see InspectorCommands.trustIssuer. */
  async trustIssuer(arg?: unknown): Promise<{ readonly trusted: boolean; readonly result?: InspectResult }> {
    return (await this.commands()).trustIssuer(arg);
  }

  /** `konexus.forgetTrustedIssuers`: see InspectorCommands.forgetTrustedIssuers. */
  async forgetTrustedIssuers(arg?: unknown): Promise<number> {
    return (await this.commands()).forgetTrustedIssuers(arg);
  }

  /** `konexus.inspectCurrentToken`: see InspectorCommands.inspectCurrentToken. */
  async inspectCurrentToken(arg?: unknown): Promise<InspectResult | undefined> {
    return (await this.commands()).inspectCurrentToken(arg);
  }

  /** `konexus.copyValue`: see InspectorCommands.copyValue. */
  async copyValue(arg?: unknown): Promise<boolean> {
    return (await this.commands()).copyValue(arg);
  }

  dispose(): void {
    this.made?.dispose();
    this.hover.dispose();
    this.tree.dispose();
    this.reports.clear();
  }

  /** The commands, loaded with the on-demand bundle by the first one (rejects with its KonexusError if it cannot be). */
  private async commands(): Promise<InspectorCommands> {
    const onDemand = await this.services.onDemand();
    this.made ??= new onDemand.InspectorCommands(this.services, this.tree, this.reports);
    return this.made;
  }
}
