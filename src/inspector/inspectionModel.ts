/**
 * What the Token Inspector shows, as plain values: the tree's nodes for an inspected token (summary,
 * Validation, Claims, Header, Raw token) or for input that is not a JWT, and the command's plain result.
 * Pure (no runtime `vscode` import) so it is tested in plain Node; inspectorTree.ts only maps these nodes to
 * TreeItems. Loaded on demand (src/onDemand): nothing shows a tree before the first inspection. The few
 * helpers the hover needs too live in inspectorText.ts.
 * The raw token never appears in a label, description or tooltip: only the Raw token node's `value`
 * (what "Copy" copies) holds it.
 */
import * as l10n from '@vscode/l10n';
import {
  describeTimes, formatRelative, formatUtc, readableClaims, summarizeToken, tokenKindLabel,
} from '../core/jwt';
import type { Check, CheckId, DecodedJwt, JwtDecodeError, ReadableClaim, VerificationReport } from '../core/jwt';
import { readNumericDate } from '../core/jwt/times';
import { clipText, flattenNodes, stateText } from './inspectorText';
import { isAdminToken } from '../core/production';
import type { InspectResult } from './tokenText';

export type IconKind =
  | 'pass' | 'fail' | 'skip' | 'warning' | 'pending'
  | 'header' | 'claims' | 'claim' | 'time' | 'list-item' | 'key' | 'validation';

export interface InspectorNode {
  /**
   * Unique in the tree and stable across refreshes (the tree keeps expansion by it): "claims", "claim:tenantId",
   * "claim:scope:1" (an item), "check:exp". Names from the token are escaped (idPart).
   */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: IconKind;
  /** What "Copy Value" copies; absent for nodes with nothing to copy. */
  readonly value?: string;
  /** Extra contextValue words besides `copyable` (e.g. "rawToken"). */
  readonly context?: string;
  readonly children?: readonly InspectorNode[];
  /** Initial state of a node with children. */
  readonly expanded?: boolean;
  /** What selecting the node does, if anything: trust the token's issuer (after a confirmation) and verify. */
  readonly action?: { readonly kind: 'trustIssuer'; readonly issuer: string };
}

/** Where the inspected text came from, for the summary's tooltip and the log. */
export type TokenOrigin = 'argument' | 'selection' | 'cursor' | 'clipboard' | 'input' | 'profile';

export type InspectorContent =
  | { readonly kind: 'malformed'; readonly error: Pick<JwtDecodeError, 'code' | 'message'>; readonly origin: TokenOrigin }
  | {
    readonly kind: 'token';
    readonly token: DecodedJwt;
    readonly origin: TokenOrigin;
    /** "the keys of profile "demo" (https://…)" or why the signature is not checked. */
    readonly keys: string;
    /** Undefined while the verification runs. */
    readonly report?: VerificationReport;
    /** When the report was made (ms), for "checked at". */
    readonly verifiedAtMs?: number;
    /** The token's issuer, normalised, when the user may trust it to verify the signature (no profile names it). */
    readonly trustableIssuer?: string;
  };

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

function headerHelp(key: string): string | undefined {
  switch (key) {
    case 'alg': return l10n.t('Signing algorithm');
    case 'kid': return l10n.t("Key id: which key of the issuer's key set signed the token");
    case 'x5t': return l10n.t("SHA-1 thumbprint of the issuer's signing certificate");
    case 'typ': return l10n.t('Token type: at+jwt marks an OAuth 2.0 access token (RFC 9068)');
    default: return undefined;
  }
}

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/** The tree's root nodes for the content, with times relative to `nowMs`. */
export function inspectorNodes(content: InspectorContent | undefined, nowMs: number): InspectorNode[] {
  if (!content) return [];
  if (content.kind === 'malformed') {
    return [{
      id: 'error',
      label: content.error.message,
      tooltip: l10n.t('Not a valid JWT ({0}): {1}', content.error.code, content.error.message),
      icon: 'fail',
      value: content.error.message,
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

/** The command's plain summary of what the tree shows (InspectResult, tokenText.ts). */
export function inspectResult(content: InspectorContent, nowMs: number): InspectResult {
  if (content.kind === 'malformed') return { ok: false, code: content.error.code, message: content.error.message };
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
    checks: (report?.checks ?? []).map(c => ({ id: c.id, status: c.status, reason: c.reason })),
    nodes,
  };
}

function summaryNode(content: Extract<InspectorContent, { kind: 'token' }>, nowMs: number): InspectorNode {
  const { token, report } = content;
  const summary = summarizeToken(token);
  const times = describeTimes(token.claims, nowMs);
  const nbfInMs = times.nbf ? times.nbf.seconds * 1000 - nowMs : undefined;
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
    summary.issuer === undefined ? l10n.t('No issuer (iss)') : l10n.t('Issuer: {0}', clipText(summary.issuer)),
    l10n.t('Verification: {0}', verdict),
    l10n.t('Keys: {0}', content.keys),
    l10n.t('Inspected: {0}', originText(content.origin)),
    ...times.problems.map(p => l10n.t('Problem: {0}', p.message)),
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
  const checks = report.checks.map(checkNode);
  if (content.trustableIssuer !== undefined && !report.decodeError) checks.splice(1, 0, trustIssuerNode(content.trustableIssuer));
  const failed = report.checks.filter(c => c.status === 'fail').length;
  const skipped = report.checks.filter(c => c.status === 'skip').map(c => c.id);
  const description = report.valid
    ? skipped.length ? l10n.t('valid ({0} not checked)', skipped.join(', ')) : l10n.t('valid: every check passed')
    : failed
      ? skipped.includes('signature') ? l10n.t('{0} failed · signature not checked', failed) : l10n.t('{0} failed', failed)
      : l10n.t('signature not checked');
  const icon: IconKind = report.valid ? 'pass' : failed ? 'fail' : 'skip';
  const text = report.checks.map(c => `${c.id}: ${c.status}: ${c.reason}`).join('\n');
  return {
    id: 'validation',
    label: l10n.t('Validation'),
    description,
    tooltip: `${description}\n${l10n.t('Keys: {0}', content.keys)}${report.keySource && report.keySource !== 'none' ? ` (${report.keySource})` : ''}`,
    icon,
    value: text,
    expanded: true,
    children: checks,
  };
}

/** Right under the skipped Signature check: the way to verify it. */
function trustIssuerNode(issuer: string): InspectorNode {
  return {
    id: 'action:trustIssuer',
    label: l10n.t('Trust this issuer and verify…'),
    description: clipText(issuer),
    tooltip: l10n.t("Fetch the signing keys of {0} to check this token's signature.\nYou are asked to confirm once; no credentials are sent.", clipText(issuer)),
    icon: 'key',
    action: { kind: 'trustIssuer', issuer },
    context: 'action',
  };
}

function checkNode(check: Check): InspectorNode {
  const label = checkLabel(check.id);
  return {
    id: `check:${check.id}`,
    label,
    description: check.reason,
    tooltip: `${label}: ${check.status}\n${check.reason}`,
    icon: check.status,
    value: `${check.id}: ${check.status}: ${check.reason}`,
    context: `check ${check.status}`,
  };
}

function claimsNode(token: DecodedJwt, nowMs: number): InspectorNode {
  const claims = readableClaims(token.claims, { nowMs });
  return {
    id: 'claims',
    label: l10n.t('Claims'),
    description: claims.length === 1 ? l10n.t('1 claim') : l10n.t('{0} claims', claims.length),
    icon: 'claims',
    expanded: true,
    children: claims.map(c => claimNode(c, token, nowMs)),
  };
}

function claimNode(claim: ReadableClaim, token: DecodedJwt, nowMs: number): InspectorNode {
  const id = `claim:${idPart(claim.key)}`;
  const named = clipText(claim.label === claim.key ? claim.key : `${claim.label} (${claim.key})`);
  if (nestedTooDeep(claim.raw)) return tooDeepNode(id, clipText(claim.label), named, 'claim');
  const rawJson = clipText(jsonOf(claim.raw));
  if (TIME_CLAIMS.has(claim.key)) {
    const { seconds, problem } = readNumericDate(token.claims, claim.key);
    if (seconds !== undefined) {
      const date = new Date(seconds * 1000);
      const description = `${formatUtc(date)} · ${formatRelative(date.getTime() - nowMs)}`;
      return { id, label: claim.label, description, tooltip: `${named}: ${description}\n${l10n.t('NumericDate {0}', seconds)}`, icon: 'time', value: String(seconds), context: 'claim' };
    }
    return { id, label: claim.label, description: claim.display, tooltip: `${named}: ${rawJson}\n${problem ?? l10n.t('not a date')}`, icon: 'warning', value: valueOf(claim.raw), context: 'claim' };
  }
  const tooltip = `${named}: ${rawJson}${claim.hint ? `\n${claim.hint}` : ''}`;
  const items = Array.isArray(claim.raw) ? claim.raw : undefined;
  if (items && items.length > 1) {
    return {
      id,
      label: clipText(claim.label),
      description: claim.display,
      tooltip,
      icon: 'claim',
      value: items.map(valueOf).join(' '),
      context: 'claim',
      expanded: false,
      children: items.map((item, index) => ({
        id: `${id}:${index}`,
        label: clipText(valueOf(item)),
        icon: 'list-item',
        value: valueOf(item),
        context: 'claim',
      })),
    };
  }
  return { id, label: clipText(claim.label), description: claim.display, tooltip, icon: 'claim', value: valueOf(claim.raw), context: 'claim' };
}

function headerNode(token: DecodedJwt): InspectorNode {
  const known = ['alg', 'kid', 'x5t', 'typ'];
  const keys = [...known.filter(k => Object.prototype.hasOwnProperty.call(token.header, k)), ...Object.keys(token.header).filter(k => !known.includes(k))];
  const description = [token.alg, token.typ].filter(Boolean).map(t => clipText(String(t), 40)).join(' · ');
  return {
    id: 'header',
    label: l10n.t('Header'),
    description,
    icon: 'header',
    expanded: false,
    children: keys.map(key => {
      const id = `header:${idPart(key)}`;
      const raw = token.header[key];
      if (nestedTooDeep(raw)) return tooDeepNode(id, clipText(key), clipText(key), 'header');
      const shown = clipText(valueOf(raw));
      const help = headerHelp(key);
      return {
        id,
        label: clipText(key),
        description: shown,
        tooltip: `${help ? `${help}\n` : ''}${clipText(key)}: ${clipText(jsonOf(raw))}`,
        icon: 'claim',
        value: valueOf(raw),
        context: 'header',
      };
    }),
  };
}

function rawNode(token: DecodedJwt): InspectorNode {
  return {
    id: 'raw',
    label: l10n.t('Raw token'),
    description: `…${token.raw.slice(-6)} · ${l10n.t('{0} characters', token.raw.length.toLocaleString('en-US'))}`,
    tooltip: l10n.t('The encoded token is not shown. Copy Value copies the whole token to the clipboard.'),
    icon: 'key',
    value: token.raw,
    context: 'rawToken',
  };
}

/** A claim or header value as text to copy: strings as they are, anything else as JSON. */
function valueOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return jsonOf(value);
}

/** JSON of a value nestedTooDeep has passed. Never throws: what JSON.parse made has no cycles or BigInts. */
function jsonOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value; // String(value) is no way out: an array's toString recurses as deep as JSON.stringify
  }
}

/**
 * Claims and header values nested deeper than this are not shown. JSON.stringify recurses, so a token with a
 * claim 23,000 arrays deep (46 KiB of `[` and `]`, easy to paste) made it throw and the tree kept the previous
 * token; nothing a person reads in a one-line tooltip is 100 levels deep.
 */
export const MAX_SHOWN_NESTING = 100;

/** Whether a value nests objects or arrays more than MAX_SHOWN_NESTING deep. Iterative, so it cannot overflow either. */
function nestedTooDeep(value: unknown): boolean {
  const stack: Array<{ value: object; depth: number }> = [];
  if (typeof value === 'object' && value !== null) stack.push({ value, depth: 1 });
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.depth > MAX_SHOWN_NESTING) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

/** A claim or header value too deep to show: says so (its children are not built, nor its JSON). */
function tooDeepNode(id: string, label: string, named: string, context: 'claim' | 'header'): InspectorNode {
  const description = l10n.t('nested too deep to show');
  return {
    id,
    label,
    description,
    tooltip: l10n.t('{0}: nested more than {1} levels deep, so it is not shown. Copy the raw token to read it with a JSON tool.', named, MAX_SHOWN_NESTING),
    icon: 'warning',
    value: description,
    context,
  };
}

/**
 * A claim or header name as part of a node id. `%` and `:` are escaped, so an id names one node only: the claim
 * `x:0` is `claim:x%3A0`, never the first item of the claim `x` (`claim:x:0`). Plain names stay as they are.
 */
function idPart(name: string): string {
  return name.replace(/[%:]/g, c => (c === '%' ? '%25' : '%3A'));
}
