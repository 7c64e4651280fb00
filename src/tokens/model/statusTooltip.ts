import * as l10n from '@vscode/l10n';
import { Command } from '../../platform/model/commandIds';
import { decodeJwt, summarizeToken } from '../../core/jwt';
import { formatRelative } from '../../platform/model/words/timeWords';
import { escapeMarkdownLine } from '../../core/markdown';
import type { Profile } from '../../core/tokens/profiles';
import type { TokenState } from '../../core/tokens/tokenState';
import { credentialKindText, usesKeyPair } from './credentialKind';
import { errorText } from '../../platform/model/words/errorWords';

/** The commands the tooltip links to: the glue's MarkdownString trusts exactly these. */
export const TOOLTIP_COMMANDS: readonly string[] = [Command.refreshToken, Command.inspectCurrentToken, Command.selectProfile, Command.showLog];

/**
 * The status bar's tooltip as Markdown: pure, so it is tested without VS Code. The tooltip is trusted (its
 * links run commands) and renders theme icons, so every value from outside (profile fields, a server's
 * error text, token claims) is redacted and escaped (core/markdown.ts); only our own words and links are
 * Markdown. `summary` is statusView's (it may carry a server's error text too).
 */
export function statusTooltipMarkdown(profile: Profile, state: TokenState | undefined, summary: string, now: number, redact: (text: string) => string): string {
  const text = (value: string) => escapeMarkdownLine(redact(value));
  const rows: Array<[string, string]> = [
    [l10n.t('Client'), profile.clientId],
    // Only a key pair is named: a client secret is what every other profile has.
    ...(usesKeyPair(profile) ? [[l10n.t('Credential'), credentialKindText(profile)] satisfies [string, string]] : []),
    [l10n.t('Authority'), profile.authority], [l10n.t('Scope'), profile.scope],
  ];
  const token = state?.token;
  if (token) {
    const decoded = decodeJwt(token.accessToken);
    if (decoded.ok) {
      const tenantId = summarizeToken(decoded.token).tenantId;
      if (tenantId) rows.push([l10n.t('Tenant'), tenantId]);
    }
    rows.push([l10n.t('Expires'), `${new Date(token.expiresAt).toLocaleString()} (${formatRelative(token.expiresAt - now)})`]);
  }
  if (state?.nextAttemptAt !== undefined) rows.push([state.status === 'retrying' ? l10n.t('Next retry') : l10n.t('Next refresh'), formatRelative(state.nextAttemptAt - now)]);
  if (state?.lastError) rows.push([l10n.t('Last error'), errorText(state.lastError)]);
  const links = [
    `[$(refresh) ${l10n.t('Refresh')}](command:${Command.refreshToken})`,
    `[$(eye) ${l10n.t('Inspect')}](command:${Command.inspectCurrentToken})`,
    `[$(arrow-swap) ${l10n.t('Switch')}](command:${Command.selectProfile})`,
    `[$(output) ${l10n.t('Log')}](command:${Command.showLog})`,
  ];
  return [
    `**Konexus · ${text(profile.name)}**`,
    '',
    text(summary),
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([label, value]) => `| ${label} | ${text(value)} |`),
    '',
    links.join(' · '),
  ].join('\n');
}
