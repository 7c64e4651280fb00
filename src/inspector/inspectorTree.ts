import * as vscode from 'vscode';
import { Command } from '../platform/model/commandIds';
import type { Clock } from '../core/clock';
import { flattenNodes, type IconKind, type InspectorContent, type InspectorNode } from './model/inspectionModel';
import { inspectorNodes } from './model/inspectionNodes';

const INSPECTOR_VIEW_ID = 'konexus.tokenInspector';

/** Relative times ("in 42 min") are redrawn this often while the view is visible. */
const REDRAW_MS = 30_000;

/**
 * The `konexus.tokenInspector` view: a thin mapping of inspectionModel's nodes to TreeItems. The nodes
 * are built once per change (and per redraw), so the objects VS Code holds stay the ones `reveal` and
 * `getParent` are asked about. The view is registered at activation and is empty (its welcome view) until
 * the first inspection shows its content.
 */
export class InspectorTree implements vscode.TreeDataProvider<InspectorNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InspectorNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<InspectorNode>;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private content: InspectorContent | undefined;
  private roots: InspectorNode[] = [];
  private parents = new Map<string, InspectorNode>();
  private redrawTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly clock: Clock) {
    this.view = vscode.window.createTreeView(INSPECTOR_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.view, this.view.onDidChangeVisibility(() => this.scheduleRedraw()));
  }

  /** Shows new content (or the welcome view for undefined). */
  show(content: InspectorContent | undefined): void {
    this.content = content;
    this.rebuild();
    this.scheduleRedraw();
  }

  /** The node with this id in what is shown now. */
  node(id: string): InspectorNode | undefined {
    return flattenNodes(this.roots).find(n => n.id === id);
  }

  /** Opens the view and scrolls to the top node, without taking the keyboard focus from the editor. */
  async reveal(): Promise<void> {
    const first = this.roots[0];
    try {
      if (first) {
        await this.view.reveal(first, { select: false, focus: false, expand: false });
        return;
      }
    } catch {
      // reveal refuses while the view is being laid out: opening it by its command is enough
    }
    await vscode.commands.executeCommand(`${INSPECTOR_VIEW_ID}.focus`);
  }

  getChildren(node?: InspectorNode): InspectorNode[] {
    return node ? [...(node.children ?? [])] : this.roots;
  }

  getParent(node: InspectorNode): InspectorNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: InspectorNode): vscode.TreeItem {
    const state = node.children?.length
      ? node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.icon) item.iconPath = themeIcon(node.icon);
    const words = [node.context, node.value !== undefined ? 'copyable' : undefined].filter(Boolean);
    if (words.length) item.contextValue = words.join(' ');
    if (node.action?.kind === 'confirmIssuer') {
      item.command = { command: Command.trustIssuer, title: node.label, arguments: [{ issuer: node.action.issuer }] };
    }
    return item;
  }

  dispose(): void {
    if (this.redrawTimer) clearInterval(this.redrawTimer);
    for (const s of this.subscriptions) s.dispose();
  }

  private rebuild(): void {
    let roots: InspectorNode[] = [];
    try {
      roots = inspectorNodes(this.content, this.clock.now());
    } finally {
      // Also when the model throws: the view then shows nothing, never the previous token.
      this.roots = roots;
      this.parents = new Map();
      const visit = (parent: InspectorNode) => {
        for (const child of parent.children ?? []) {
          this.parents.set(child.id, parent);
          visit(child);
        }
      };
      this.roots.forEach(visit);
      this.changed.fire(undefined);
    }
  }

  private scheduleRedraw(): void {
    const wanted = this.content?.kind === 'token' && this.view.visible;
    if (wanted && !this.redrawTimer) {
      this.redrawTimer = setInterval(() => this.rebuild(), REDRAW_MS);
      this.redrawTimer.unref?.();
    } else if (!wanted && this.redrawTimer) {
      clearInterval(this.redrawTimer);
      this.redrawTimer = undefined;
    }
  }
}

function themeIcon(kind: IconKind): vscode.ThemeIcon {
  switch (kind) {
    case 'pass': return new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'));
    case 'fail': return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'skip': return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
    case 'warning': return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'pending': return new vscode.ThemeIcon('loading~spin');
    case 'header': return new vscode.ThemeIcon('symbol-namespace');
    case 'claims': return new vscode.ThemeIcon('symbol-object');
    case 'claim': return new vscode.ThemeIcon('symbol-field');
    case 'time': return new vscode.ThemeIcon('clock');
    case 'list-item': return new vscode.ThemeIcon('symbol-constant');
    case 'key': return new vscode.ThemeIcon('key');
    case 'validation': return new vscode.ThemeIcon('shield');
  }
}
