/**
 * The Token Inspector's tree for what was inspected (summary, Validation, Claims, Header, Raw token, or the
 * reason input is not a JWT), and the command's plain result made from it. Pure: no runtime `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { clipLine } from '../../platform/model/words/clipLine';
import { describeTimes, summarizeToken } from '../../core/jwt';
import type { CheckId } from '../../core/jwt';
import { keySourceText } from '../../platform/model/words/keyWords';
import { inspectionCheckReason, type InspectionCheck } from './inspectionCheckWords';
import { isAdminToken } from '../../core/tokens/production';
import { timeProblemText, tokenKindLabel } from '../../platform/model/words/claimWords';
import { decodeErrorText } from '../../platform/model/words/decodeWords';
import { flattenNodes, stateText, type IconKind, type InspectorContent, type InspectorNode, type TokenOrigin } from './inspectionModel';
import { claimsNode, headerNode, rawNode } from './tokenNodes';
import type { InspectResult } from './inspectCommandIo';

// The words below are functions, not tables: they are translated when shown, after the glue loaded the bundle.
function originText(origin: TokenOrigin): string {
  switch (origin) {
    case 'argument': return l10n.t('given to the command');
    case 'selection': return l10n.t('the editor selection');
    case 'cursor': return l10n.t('the token at the cursor');
    case 'clipboard': return l10n.t('the clipboard');
    case 'input': return l10n.t('pasted into the input box');
    case 'profile': return l10n.t("the profile's current token");
  }
}

function checkLabel(id: CheckId): string {
  switch (id) {
    case 'signature': return l10n.t('Signature');
    case 'alg': return l10n.t('Algorithm (alg)');
    case 'typ': return l10n.t('Type (typ)');
    case 'iss': return l10n.t('Issuer (iss)');
    case 'aud': return l10n.t('Audience (aud)');
    case 'exp': return l10n.t('Expiry (exp)');
    case 'nbf': return l10n.t('Not before (nbf)');
    default: return id;
  }
}

/** The tree's root nodes for the content, with times relative to `nowMs`. */
export function inspectorNodes(content: InspectorContent | undefined, nowMs: number): InspectorNode[] {
  if (!content) return [];
  if (content.kind === 'malformed') {
    const message = decodeErrorText(content.error);
    return [{
      id: 'error',
      label: message,
      tooltip: l10n.t('Not a valid JWT ({0}): {1}', content.error.code, message),
      icon: 'fail',
      value: message,
      context: 'error',
    }];
  }
  const { token } = content;
  return [
    summaryNode(content, nowMs),
    validationNode(content),
    claimsNode(token, nowMs),
    headerNode(token),
    rawNode(token),
  ];
}

/** The command's plain summary of what the tree shows (InspectResult, inspectCommandIo.ts). */
export function inspectResult(content: InspectorContent, nowMs: number): InspectResult {
  if (content.kind === 'malformed') return { ok: false, code: content.error.code, message: decodeErrorText(content.error) };
  const { token, report } = content;
  const summary = summarizeToken(token);
  const nodes = flattenNodes(inspectorNodes(content, nowMs)).map(node => ({
    id: node.id,
    label: node.label,
    ...(node.description !== undefined && { description: node.description }),
  }));
  return {
    ok: true,
    kind: summary.kind,
    state: describeTimes(token.claims, nowMs).state,
    valid: report?.valid ?? false,
    ...(summary.issuer !== undefined && { issuer: summary.issuer }),
    ...(token.kid !== undefined && { kid: token.kid }),
    keys: content.keys,
    checks: (report?.checks ?? []).map(c => ({ id: c.id, status: c.status, reason: inspectionCheckReason(c) })),
    nodes,
  };
}

function summaryNode(content: Extract<InspectorContent, { kind: 'token' }>, nowMs: number): InspectorNode {
  const { token, report } = content;
  const summary = summarizeToken(token);
  const times = describeTimes(token.claims, nowMs);
  const nbfInMs = times.nbf?.fromNowMs;
  const state = stateText(times.state, times.expiresInMs, nbfInMs);
  const failed = report?.checks.filter(c => c.status === 'fail') ?? [];
  const signature = report?.checks.find(c => c.id === 'signature');

  let icon: IconKind;
  if (failed.length > 0 || times.state === 'expired' || times.state === 'invalid' || times.state === 'not-yet-valid') icon = 'fail';
  else if (times.state === 'expiring' || times.state === 'no-expiry' || signature?.status === 'skip') icon = 'warning';
  else if (!report) icon = 'pending';
  else icon = 'pass';

  const verdict = !report
    ? l10n.t('verifying…')
    : report.valid ? l10n.t('verified') : signature?.status === 'skip' ? l10n.t('signature not checked')
      : failed.length === 1 ? l10n.t('1 check failed') : l10n.t('{0} checks failed', failed.length);
  const kind = tokenKindLabel(summary.kind);
  const admin = isAdminToken(token.claims);
  const lines = [
    `${kind}: ${state}`,
    ...(admin ? [l10n.t('ADMIN token: its admin claim grants administrative rights.')] : []),
    summary.issuer === undefined ? l10n.t('No issuer (iss)') : l10n.t('Issuer: {0}', clipLine(summary.issuer)),
    l10n.t('Verification: {0}', verdict),
    l10n.t('Keys: {0}', content.keys),
    l10n.t('Inspected: {0}', originText(content.origin)),
    ...times.problems.map(p => l10n.t('Problem: {0}', timeProblemText(p))),
  ];
  return {
    id: 'summary',
    label: kind,
    description: `${admin ? `${l10n.t('ADMIN')} · ` : ''}${state} · ${verdict}`,
    tooltip: lines.join('\n'),
    icon,
    value: lines.join('\n'),
    context: 'summary',
  };
}

function validationNode(content: Extract<InspectorContent, { kind: 'token' }>): InspectorNode {
  const { report } = content;
  if (!report) {
    return {
      id: 'validation',
      label: l10n.t('Validation'),
      description: l10n.t('verifying…'),
      tooltip: l10n.t('Verifying against {0}', content.keys),
      icon: 'pending',
      expanded: true,
      children: [{ id: 'check:pending', label: l10n.t('verifying…'), description: content.keys, tooltip: content.keys, icon: 'pending', value: content.keys }],
    };
  }
  const reasons = report.checks.map(c => inspectionCheckReason(c));
  const checks = report.checks.map((c, i) => checkNode(c, reasons[i]!));
  if (content.confirmableIssuer !== undefined && !report.decodeError) checks.splice(1, 0, confirmIssuerNode(content.confirmableIssuer));
  const failed = report.checks.filter(c => c.status === 'fail').length;
  const skipped = report.checks.filter(c => c.status === 'skip').map(c => c.id);
  const description = report.valid
    ? skipped.length ? l10n.t('valid ({0} not checked)', skipped.join(', ')) : l10n.t('valid: every check passed')
    : failed
      ? skipped.includes('signature') ? l10n.t('{0} failed · signature not checked', failed) : l10n.t('{0} failed', failed)
      : l10n.t('signature not checked');
  const icon: IconKind = report.valid ? 'pass' : failed ? 'fail' : 'skip';
  const text = report.checks.map((c, i) => `${c.id}: ${c.status}: ${reasons[i]!}`).join('\n');
  return {
    id: 'validation',
    label: l10n.t('Validation'),
    description,
    tooltip: `${description}\n${l10n.t('Keys: {0}', content.keys)}${report.keySource.kind !== 'none' ? ` (${keySourceText(report.keySource)})` : ''}`,
    icon,
    value: text,
    expanded: true,
    children: checks,
  };
}

/** Right under the skipped Signature check: the way to verify it. */
function confirmIssuerNode(issuer: string): InspectorNode {
  return {
    id: 'action:trustIssuer',
    label: l10n.t('Trust this issuer and verify…'),
    description: clipLine(issuer),
    tooltip: l10n.t("Fetch the signing keys of {0} to check this token's signature.\nYou are asked to confirm once; no credentials are sent.", clipLine(issuer)),
    icon: 'key',
    action: { kind: 'confirmIssuer', issuer },
    context: 'action',
  };
}

function checkNode(check: InspectionCheck, reason: string): InspectorNode {
  const label = checkLabel(check.id);
  return {
    id: `check:${check.id}`,
    label,
    description: reason,
    tooltip: `${label}: ${check.status}\n${reason}`,
    icon: check.status,
    value: `${check.id}: ${check.status}: ${reason}`,
    context: `check ${check.status}`,
  };
}
