/**
 * The Markdown of the JWT hover, as text: pure, so it is tested in plain Node. Every value from the token
 * is escaped (a claim is attacker-controlled text: it must not become a link or a command), clipped to one
 * short line, and the encoded token itself is never part of the visible text.
 */
import * as l10n from '@vscode/l10n';
import { clipLine } from '../../platform/model/words/clipLine';
import { describeTimes, summarizeToken } from '../../core/jwt';
import { timeProblemText, tokenKindLabel } from '../../platform/model/words/claimWords';
import { decodeErrorText } from '../../platform/model/words/decodeWords';
import { formatRelative, formatUtc } from '../../platform/model/words/timeWords';
import type { DecodedJwt, JwtDecodeError } from '../../core/jwt';
import { escapeMarkdown } from '../../core/markdown';
import { isAdminToken } from '../../core/tokens/production';
import { inspectionCheckReason, type InspectionReport } from './inspectionCheckWords';
import { stateText } from './inspectionModel';

/** A previous verification of the same token (the hover never verifies by itself). */
export interface KnownVerification {
  readonly report: InspectionReport;
  /** Where its keys came from, in words. */
  readonly keys: string;
}

/** The hover's link to the inspector. */
function inspectLinkText(): string {
  return l10n.t('Inspect in Konexus');
}

/** The `command:` URI that opens the token in the inspector. Its argument is the token; it is not shown. */
export function inspectCommandUri(command: string, token: string): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([{ token }]))}`;
}

/** The hover of a token that decodes. `inspectUri` from inspectCommandUri. */
export function tokenHoverMarkdown(token: DecodedJwt, nowMs: number, known: KnownVerification | undefined, inspectUri: string): string {
  const summary = summarizeToken(token);
  const times = describeTimes(token.claims, nowMs);
  const nbfInMs = times.nbf?.fromNowMs;
  const lines: string[] = [];
  lines.push(`**Konexus · ${escapeMarkdown(tokenKindLabel(summary.kind))}** · ${escapeMarkdown(stateText(times.state, times.expiresInMs, nbfInMs))}`);
  // Admin rights are the one claim that changes what a leaked token can do: said at a glance.
  if (isAdminToken(token.claims)) lines.push(`$(shield) ${l10n.t('ADMIN token: its admin claim grants administrative rights.')}  `);
  lines.push('');
  const rows: Array<[string, string | undefined]> = [
    [l10n.t('Issuer'), summary.issuer],
    [l10n.t('Audience'), summary.audiences.length ? summary.audiences.join(', ') : undefined],
    [l10n.t('Client'), summary.clientId],
    [l10n.t('Subject'), summary.subject],
    [l10n.t('Tenant'), summary.tenantId],
    [l10n.t('Scopes'), summary.scopes.length ? summary.scopes.join(' ') : undefined],
    [l10n.t('Expires'), times.exp ? `${formatUtc(times.exp.date)} · ${formatRelative(times.exp.fromNowMs)}` : undefined],
    [l10n.t('Not before'), times.state === 'not-yet-valid' && times.nbf ? `${formatUtc(times.nbf.date)} · ${formatRelative(times.nbf.fromNowMs)}` : undefined],
  ];
  for (const [label, value] of rows) {
    if (value !== undefined) lines.push(`${label}: ${escapeMarkdown(clipLine(value, 120))}  `);
  }
  for (const problem of times.problems) lines.push(`$(warning) ${escapeMarkdown(clipLine(timeProblemText(problem), 200))}  `);
  lines.push(signatureLine(token, known));
  lines.push('');
  lines.push(`[${inspectLinkText()}](${inspectUri} "${l10n.t('Decode and verify this token in the Konexus Token Inspector')}")`);
  return lines.join('\n');
}

/** The short hover of JWT-shaped text that does not decode: what is wrong. */
export function malformedHoverMarkdown(error: JwtDecodeError): string {
  return `**Konexus · ${l10n.t('not a valid JWT')}**\n\n${escapeMarkdown(clipLine(decodeErrorText(error), 400))}`;
}

function signatureLine(token: DecodedJwt, known: KnownVerification | undefined): string {
  // The words are the translator's (trusted Markdown); only what comes from the token is escaped.
  // Reasons are made only for the checks shown: a failed or skipped signature and the other failures.
  const kid = token.kid === undefined ? '' : ` (kid ${escapeMarkdown(clipLine(token.kid, 24))})`;
  if (!known) return `${l10n.t('Signature: not verified yet{0}: use {1} to check it', kid, inspectLinkText())}  `;
  const signature = known.report.checks.find(c => c.id === 'signature');
  const others = known.report.checks.filter(c => c.status === 'fail' && c.id !== 'signature' && c.id !== 'exp' && c.id !== 'nbf');
  let line: string;
  if (signature?.status === 'pass') line = `$(pass) ${l10n.t('Signature: valid{0}', kid)}`;
  else if (signature?.status === 'fail') line = `$(error) ${l10n.t('Signature: {0}', escapeMarkdown(clipLine(inspectionCheckReason(signature), 200)))}`;
  else line = `$(circle-slash) ${l10n.t('Signature: {0}', escapeMarkdown(clipLine(signature ? inspectionCheckReason(signature) : l10n.t('not checked'), 200)))}`;
  for (const check of others) line += `  \n$(error) ${escapeMarkdown(check.id)}: ${escapeMarkdown(clipLine(inspectionCheckReason(check), 160))}`;
  return `${line}  `;
}
