import * as vscode from 'vscode';
import { Coalesced, VIEW_REDRAW_DELAY_MS } from '../core/coalesced';
import type { Profile } from '../core/tokens/profiles';
import type { TokenState } from '../core/tokens/tokenState';
import { Command } from '../platform/model/commandIds';
import type { Services } from '../platform/services';
import { statusView } from './model/statusView';
import { credentialKindText, usesKeyPair } from './model/credentialKind';

type Node = { kind: 'profile'; profile: Profile } | { kind: 'detail'; label: string; value: string };

/** The `konexus.profiles` view: every profile, the active one marked, each with its token's state. */
export class ProfilesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly services: Services) {
    const view = vscode.window.createTreeView('konexus.profiles', { treeDataProvider: this, showCollapseAll: false });
    // Token events: one redraw per burst (see Coalesced).
    const redraw = new Coalesced(services.clock, VIEW_REDRAW_DELAY_MS, () => {
      this.changed.fire(undefined);
      void this.updateContext();
    });
    this.subscriptions.push(view, redraw, services.tokens.onDidChange(() => redraw.schedule()));
    void this.updateContext();
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.services.tokens.profiles().map(profile => ({ kind: 'profile', profile }));
    if (node.kind !== 'profile') return [];
    const p = node.profile;
    return [
      { kind: 'detail', label: vscode.l10n.t('Client'), value: p.clientId },
      { kind: 'detail', label: vscode.l10n.t('Authority'), value: p.authority },
      { kind: 'detail', label: vscode.l10n.t('Scope'), value: p.scope },
      { kind: 'detail', label: vscode.l10n.t('Client authentication'), value: usesKeyPair(p) ? `${credentialKindText(p)} (${p.clientAuthMethod})` : p.clientAuthMethod },
    ];
  }

  async getTreeItem(node: Node): Promise<vscode.TreeItem> {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label);
      item.description = node.value;
      return item;
    }
    const { profile } = node;
    const active = this.services.tokens.activeProfile()?.name === profile.name;
    const state: TokenState | undefined = await this.services.tokens.tokenState(profile.name);
    const view = statusView(profile.name, state, this.services.clock.now());
    const item = new vscode.TreeItem(profile.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `profile:${profile.name}`;
    const timeLeft = view.text.replace(/^.*· /, '');
    item.description = active ? vscode.l10n.t('active · {0}', timeLeft) : timeLeft;
    const credential = usesKeyPair(profile) ? ` · ${credentialKindText(profile)}` : '';
    item.tooltip = `${vscode.l10n.t('{0} at {1}', profile.clientId, profile.authority)}${credential}\n${view.summary}`;
    // `keyPair` shows Show Public Key and Rotate Client Key (and hides Update Client Secret) in the context menu.
    item.contextValue = ['profile', ...(active ? ['active'] : []), ...(usesKeyPair(profile) ? ['keyPair'] : [])].join(' ');
    item.iconPath = new vscode.ThemeIcon(active ? 'pass-filled' : 'key', view.severity === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.command = { command: Command.selectProfile, title: vscode.l10n.t('Switch Profile'), arguments: [{ name: profile.name }] };
    return item;
  }

  private async updateContext(): Promise<void> {
    const profiles = this.services.tokens.profiles();
    await vscode.commands.executeCommand('setContext', 'konexus.hasProfiles', profiles.length > 0);
    await vscode.commands.executeCommand('setContext', 'konexus.hasKeyPairProfiles', profiles.some(usesKeyPair));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
