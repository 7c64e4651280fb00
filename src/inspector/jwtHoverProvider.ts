import * as vscode from 'vscode';
import { Command } from '../platform/model/commandIds';
import { decodeJwt, findJwtAt } from '../core/jwt';
import type { Services } from '../platform/services';
import { inspectCommandUri, malformedHoverMarkdown, tokenHoverMarkdown } from './model/hoverMarkdown';
import type { ReportCache } from './model/reportCache';

/** Lines longer than this get no hover: reading them is the expensive part, and no one hovers a 200 KB line. */
export const MAX_HOVER_LINE_LENGTH = 200 * 1024;

/**
 * The JWT hover: registered for the languages of `konexus.hover.languages` while `konexus.hover.enabled`,
 * and registered again when either changes. Reads the hovered line only (never the whole document), shows
 * what the token says and, if the inspector verified this token before, its signature status. It never
 * fetches anything; its one link runs konexus.inspectToken, the only command the Markdown may run.
 */
export class JwtHoverProvider implements vscode.HoverProvider, vscode.Disposable {
  private registration: vscode.Disposable | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services, private readonly reports: ReportCache) {
    this.register();
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration(event => {
      if (event.affectsConfiguration('konexus.hover')) this.register();
    }));
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    try {
      const line = document.lineAt(position.line);
      if (line.range.end.character > MAX_HOVER_LINE_LENGTH) return undefined;
      const found = findJwtAt(line.text, position.character);
      if (!found) return undefined;
      const range = new vscode.Range(position.line, found.start, position.line, found.end);
      const decoded = decodeJwt(found.token);
      const markdown = decoded.ok
        ? tokenHoverMarkdown(decoded.token, this.services.clock.now(), this.reports.get(decoded.token.raw), inspectCommandUri(Command.inspectToken, decoded.token.raw))
        : malformedHoverMarkdown(decoded);
      const contents = new vscode.MarkdownString(markdown, true);
      contents.isTrusted = { enabledCommands: [Command.inspectToken] };
      return new vscode.Hover(contents, range);
    } catch (error) {
      this.services.log.error('[hover] could not describe the token', error);
      return undefined;
    }
  }

  dispose(): void {
    this.registration?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private register(): void {
    this.registration?.dispose();
    this.registration = undefined;
    const { hoverEnabled, hoverLanguages } = this.services.settings();
    if (!hoverEnabled) return;
    const languages = hoverLanguages.filter(l => typeof l === 'string' && l.trim()).map(l => l.trim());
    if (languages.length === 0) return;
    const selector: vscode.DocumentSelector = languages.includes('*') ? '*' : languages.map(language => ({ language }));
    this.registration = vscode.languages.registerHoverProvider(selector, this);
  }
}
