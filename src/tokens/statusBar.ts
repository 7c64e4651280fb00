import * as vscode from 'vscode';
import type { TimerHandle } from '../core/clock';
import { Coalesced, VIEW_REDRAW_DELAY_MS } from '../core/coalesced';
import type { Profile } from '../core/tokens/profiles';
import type { TokenState } from '../core/tokens/tokenState';
import { isProduction } from '../core/tokens/production';
import { Command } from '../platform/model/commandIds';
import type { Services } from '../platform/services';
import { usesKeyPair } from './model/credentialKind';
import { statusView } from './model/statusView';
import { statusTooltipMarkdown, TOOLTIP_COMMANDS } from './model/statusTooltip';

/** Contributed in package.json (`colors`), so a theme can change it. */
const PRODUCTION_COLOR = 'konexus.statusBar.productionForeground';

/**
 * The status-bar indicator: active profile and time left, coloured by urgency, with a rich tooltip.
 * It re-renders after token events (once per burst) and otherwise wakes only when the shown minute changes.
 */
export class TokenStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('konexus.token', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: TimerHandle | undefined;
  /** Token events: one render per burst (see Coalesced). */
  private readonly renderSoon: Coalesced;
  private renderVersion = 0;
  private shown: { text: string; severity: 'normal' | 'warning' | 'error'; production: boolean } = { text: '', severity: 'normal', production: false };

  constructor(private readonly services: Services) {
    this.item.name = vscode.l10n.t('Konexus Token');
    this.renderSoon = new Coalesced(services.clock, VIEW_REDRAW_DELAY_MS, () => void this.render());
    this.subscriptions.push(
      this.item,
      this.renderSoon,
      services.tokens.onDidChange(() => this.renderSoon.schedule()),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('konexus')) void this.render();
      }),
    );
    void this.render();
  }

  /** What the bar shows now (for tests: VS Code has no API to read another status-bar item). */
  get snapshot(): { readonly text: string; readonly severity: 'normal' | 'warning' | 'error'; readonly production: boolean; readonly visible: boolean } {
    return { ...this.shown, visible: this.services.settings().statusBarEnabled };
  }

  /** Renders the current state; also the entry point for tests. */
  async render(): Promise<void> {
    const version = ++this.renderVersion;
    this.clearTimer();
    try {
      if (!this.services.settings().statusBarEnabled) {
        this.item.hide();
        return;
      }
      const profile = this.services.tokens.activeProfile();
      if (!profile) {
        this.showNoProfile();
        return;
      }
      const state = await this.services.tokens.warm(profile.name);
      const signedOut = !state?.token && !(await this.services.tokens.hasSecret(profile.name));
      if (version !== this.renderVersion) return; // a newer render started meanwhile
      this.show(profile, state, signedOut);
    } catch (error) {
      this.services.log.error('[statusBar] render failed', error);
    }
  }

  private showNoProfile(): void {
    this.item.text = `$(key) ${vscode.l10n.t('Konexus: Add Profile')}`;
    this.item.tooltip = vscode.l10n.t('No Konexus profile yet. Click to add client credentials.');
    this.item.command = Command.addProfile;
    this.item.backgroundColor = undefined;
    this.item.color = undefined;
    this.shown = { text: this.item.text, severity: 'normal', production: false };
    this.item.show();
  }

  private show(profile: Profile, state: TokenState | undefined, signedOut: boolean): void {
    const now = this.services.clock.now();
    const production = isProduction(profile);
    const view = statusView(profile.name, state, now, signedOut, production);
    this.item.text = view.text;
    this.item.command = signedOut
      ? { command: usesKeyPair(profile) ? Command.rotateKey : Command.updateSecret, title: vscode.l10n.t('Sign in'), arguments: [{ name: profile.name }] }
      : Command.statusBarMenu;
    this.item.backgroundColor = view.severity === 'normal' ? undefined : new vscode.ThemeColor(`statusBarItem.${view.severity}Background`);
    // A healthy production token has its own colour (not red: that is for errors, which keep theirs).
    this.item.color = production && view.severity === 'normal' ? new vscode.ThemeColor(PRODUCTION_COLOR) : undefined;
    const summary = production ? `${vscode.l10n.t('PRODUCTION profile: its token sends real emergency notifications.')} ${view.summary}` : view.summary;
    this.item.tooltip = this.tooltip(profile, state, summary, now);
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.shown = { text: view.text, severity: view.severity, production };
    this.item.show();
    if (view.nextChangeAt !== undefined) {
      this.timer = this.services.clock.setTimeout(() => void this.render(), Math.max(1_000, view.nextChangeAt - now));
    }
  }

  private tooltip(profile: Profile, state: TokenState | undefined, summary: string, now: number): vscode.MarkdownString {
    const md = new vscode.MarkdownString(statusTooltipMarkdown(profile, state, summary, now, text => this.services.redactor.redact(text)), true);
    md.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    return md;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.services.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearTimer();
    this.renderVersion++;
    for (const s of this.subscriptions) s.dispose();
  }
}

/** `konexus.statusBarMenu`: what a click on the status bar offers. */
export async function statusBarMenu(services: Services): Promise<void> {
  const active = services.tokens.activeProfile();
  const items: Array<vscode.QuickPickItem & { command?: string }> = [
    { label: `$(refresh) ${vscode.l10n.t('Refresh Token')}`, command: Command.refreshToken, description: active?.name },
    { label: `$(copy) ${vscode.l10n.t('Copy Access Token')}`, command: Command.copyToken },
    { label: `$(copy) ${vscode.l10n.t('Copy Authorization Header')}`, command: Command.copyAuthorizationHeader },
    { label: `$(eye) ${vscode.l10n.t('Inspect Current Token')}`, command: Command.inspectCurrentToken },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(arrow-swap) ${vscode.l10n.t('Switch Profile…')}`, command: Command.selectProfile },
    { label: `$(add) ${vscode.l10n.t('Add Profile…')}`, command: Command.addProfile },
    { label: `$(sign-out) ${vscode.l10n.t('Sign Out…')}`, command: Command.signOut },
    { label: `$(output) ${vscode.l10n.t('Show Log')}`, command: Command.showLog },
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: active ? `Konexus · ${active.name}` : 'Konexus' });
  if (picked?.command) await vscode.commands.executeCommand(picked.command);
}
