/**
 * The Markdown of the JWT hover, as text: pure, so it is tested in plain Node. Every value from the token
 * is escaped (a claim is attacker-controlled text: it must not become a link or a command), clipped to one
 * short line, and the encoded token itself is never part of the visible text.
 */
import { describeTimes, formatRelative, formatUtc, summarizeToken } from '../core/jwt';
import type { DecodedJwt, JwtDecodeError, VerificationReport } from '../core/jwt';
import { clipText, stateText } from './inspectionModel';

/** A previous verification of the same token (the hover never verifies by itself). */
export interface KnownVerification {
  readonly report: VerificationReport;
  /** Where its keys came from, in words. */
  readonly keys: string;
}

export const INSPECT_LINK_TEXT = 'Inspect in Konexus';

/** The `command:` URI that opens the token in the inspector. Its argument is the token; it is not shown. */
export function inspectCommandUri(command: string, token: string): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([{ token }]))}`;
}

/** The hover of a token that decodes. `inspectUri` from inspectCommandUri. */
export function tokenHoverMarkdown(token: DecodedJwt, nowMs: number, known: KnownVerification | undefined, inspectUri: string): string {
  const summary = summarizeToken(token);
  const times = describeTimes(token.claims, nowMs);
  const nbfInMs = times.nbf ? times.nbf.seconds * 1000 - nowMs : undefined;
  const lines: string[] = [];
  lines.push(`**Konexus · ${escapeMarkdown(summary.kind)}** · ${escapeMarkdown(stateText(times.state, times.expiresInMs, nbfInMs))}`);
  lines.push('');
  const rows: Array<[string, string | undefined]> = [
    ['Issuer', summary.issuer],
    ['Audience', summary.audiences.length ? summary.audiences.join(', ') : undefined],
    ['Client', summary.clientId],
    ['Subject', summary.subject],
    ['Tenant', summary.tenantId],
    ['Scopes', summary.scopes.length ? summary.scopes.join(' ') : undefined],
    ['Expires', times.exp ? `${formatUtc(times.exp.date)} · ${formatRelative(times.exp.date.getTime() - nowMs)}` : undefined],
    ['Not before', times.state === 'not-yet-valid' && times.nbf ? `${formatUtc(times.nbf.date)} · ${formatRelative(times.nbf.date.getTime() - nowMs)}` : undefined],
  ];
  for (const [label, value] of rows) {
    if (value !== undefined) lines.push(`${label}: ${escapeMarkdown(clipText(value, 120))}  `);
  }
  for (const problem of times.problems) lines.push(`$(warning) ${escapeMarkdown(clipText(problem.message, 200))}  `);
  lines.push(signatureLine(token, known));
  lines.push('');
  lines.push(`[${INSPECT_LINK_TEXT}](${inspectUri} "Decode and verify this token in the Konexus Token Inspector")`);
  return lines.join('\n');
}

/** The short hover of JWT-shaped text that does not decode: what is wrong. */
export function malformedHoverMarkdown(error: Pick<JwtDecodeError, 'message'>): string {
  return `**Konexus · not a valid JWT**\n\n${escapeMarkdown(clipText(error.message, 400))}`;
}

function signatureLine(token: DecodedJwt, known: KnownVerification | undefined): string {
  const kid = token.kid === undefined ? '' : ` (kid ${escapeMarkdown(clipText(token.kid, 24))})`;
  if (!known) return `Signature: not verified yet${kid}: use ${INSPECT_LINK_TEXT} to check it  `;
  const signature = known.report.checks.find(c => c.id === 'signature');
  const others = known.report.checks.filter(c => c.status === 'fail' && c.id !== 'signature' && c.id !== 'exp' && c.id !== 'nbf');
  let line: string;
  if (signature?.status === 'pass') line = `$(pass) Signature: valid${kid}`;
  else if (signature?.status === 'fail') line = `$(error) Signature: ${escapeMarkdown(clipText(signature.reason, 200))}`;
  else line = `$(circle-slash) Signature: ${escapeMarkdown(clipText(signature?.reason ?? 'not checked', 200))}`;
  for (const check of others) line += `  \n$(error) ${escapeMarkdown(check.id)}: ${escapeMarkdown(clipText(check.reason, 160))}`;
  return `${line}  `;
}

/**
 * Escapes text for the hover's Markdown as MarkdownString.appendText does: theme icons first (`$(zap)`
 * becomes `\$(zap)`, which the renderer shows as text), then every ASCII punctuation character Markdown could
 * read as syntax (CommonMark §2.4), `:` included so a URL does not become an autolink.
 */
export function escapeMarkdown(text: string): string {
  const icons = text.replace(/(\\)?\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g, (match, escaped: string | undefined) => (escaped ? match : `\\${match}`));
  return icons.replace(/[\\`*_{}[\]()<>#+\-.!|~&:]/g, '\\$&');
}
