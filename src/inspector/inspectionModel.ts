/**
 * What the Token Inspector shows, as plain values: the tree's nodes for an inspected token (summary,
 * Validation, Claims, Header, Raw token) or for input that is not a JWT. Pure (no runtime `vscode`
 * import) so it is tested in plain Node; inspectorTree.ts only maps these nodes to TreeItems.
 * The raw token never appears in a label, description or tooltip: only the Raw token node's `value`
 * (what "Copy" copies) holds it.
 */
import {
  describeTimes, formatRelative, formatUtc, readableClaims, summarizeToken,
} from '../core/jwt';
import type { Check, CheckId, DecodedJwt, JwtDecodeError, ReadableClaim, TokenState, VerificationReport } from '../core/jwt';
import { readNumericDate } from '../core/jwt/times';

export type IconKind =
  | 'pass' | 'fail' | 'skip' | 'warning' | 'pending'
  | 'header' | 'claims' | 'claim' | 'time' | 'list-item' | 'key' | 'validation';

export interface InspectorNode {
  /** Stable across refreshes (the tree keeps expansion by it): "claims", "claim:tenantId", "check:exp". */
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

const ORIGIN_TEXT: Record<TokenOrigin, string> = {
  argument: 'given to the command',
  selection: 'the editor selection',
  cursor: 'the token at the cursor',
  clipboard: 'the clipboard',
  input: 'pasted into the input box',
  profile: "the profile's current token",
};

const CHECK_LABELS: Record<CheckId, string> = {
  signature: 'Signature',
  alg: 'Algorithm (alg)',
  typ: 'Type (typ)',
  iss: 'Issuer (iss)',
  aud: 'Audience (aud)',
  exp: 'Expiry (exp)',
  nbf: 'Not before (nbf)',
};

const HEADER_HELP: Record<string, string> = {
  alg: 'Signing algorithm',
  kid: "Key id: which key of the issuer's key set signed the token",
  x5t: "SHA-1 thumbprint of the issuer's signing certificate",
  typ: 'Token type: at+jwt marks an OAuth 2.0 access token (RFC 9068)',
};

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/** The tree's root nodes for the content, with times relative to `nowMs`. */
export function inspectorNodes(content: InspectorContent | undefined, nowMs: number): InspectorNode[] {
  if (!content) return [];
  if (content.kind === 'malformed') {
    return [{
      id: 'error',
      label: content.error.message,
      tooltip: `Not a valid JWT (${content.error.code}): ${content.error.message}`,
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

/** Every node, depth first: for lookups by id and for tests. */
export function flattenNodes(nodes: readonly InspectorNode[]): InspectorNode[] {
  const all: InspectorNode[] = [];
  const visit = (list: readonly InspectorNode[]) => {
    for (const node of list) {
      all.push(node);
      if (node.children) visit(node.children);
    }
  };
  visit(nodes);
  return all;
}

/** "valid · expires in 42 min", "expired 3 h ago": the token's times in one phrase. */
export function stateText(state: TokenState, expiresInMs: number | undefined, nbfInMs?: number): string {
  const left = expiresInMs === undefined ? '' : formatRelative(expiresInMs);
  switch (state) {
    case 'valid': return `valid · expires ${left}`;
    case 'expiring': return `expiring · expires ${left}`;
    case 'expired': return `expired ${formatRelative(expiresInMs ?? 0).replace(/^in /, '')}`;
    case 'not-yet-valid': return `not valid yet · becomes valid ${nbfInMs === undefined ? 'later' : formatRelative(nbfInMs)}`;
    case 'no-expiry': return 'no expiry (exp missing)';
    case 'invalid': return 'invalid times';
  }
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
    ? 'verifying…'
    : report.valid ? 'verified' : signature?.status === 'skip' ? 'signature not checked' : `${failed.length} check${failed.length === 1 ? '' : 's'} failed`;
  const lines = [
    `${summary.kind}: ${state}`,
    summary.issuer === undefined ? 'No issuer (iss)' : `Issuer: ${clipText(summary.issuer)}`,
    `Verification: ${verdict}`,
    `Keys: ${content.keys}`,
    `Inspected: ${ORIGIN_TEXT[content.origin]}`,
    ...times.problems.map(p => `Problem: ${p.message}`),
  ];
  return {
    id: 'summary',
    label: summary.kind,
    description: `${state} · ${verdict}`,
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
      label: 'Validation',
      description: 'verifying…',
      tooltip: `Verifying against ${content.keys}`,
      icon: 'pending',
      expanded: true,
      children: [{ id: 'check:pending', label: 'verifying…', description: content.keys, tooltip: content.keys, icon: 'pending', value: content.keys }],
    };
  }
  const checks = report.checks.map(checkNode);
  if (content.trustableIssuer !== undefined && !report.decodeError) checks.splice(1, 0, trustIssuerNode(content.trustableIssuer));
  const failed = report.checks.filter(c => c.status === 'fail').length;
  const skipped = report.checks.filter(c => c.status === 'skip').map(c => c.id);
  const description = report.valid
    ? skipped.length ? `valid (${skipped.join(', ')} not checked)` : 'valid: every check passed'
    : failed ? `${failed} failed${skipped.includes('signature') ? ' · signature not checked' : ''}` : 'signature not checked';
  const icon: IconKind = report.valid ? 'pass' : failed ? 'fail' : 'skip';
  const text = report.checks.map(c => `${c.id}: ${c.status}: ${c.reason}`).join('\n');
  return {
    id: 'validation',
    label: 'Validation',
    description,
    tooltip: `${description}\nKeys: ${content.keys}${report.keySource && report.keySource !== 'none' ? ` (${report.keySource})` : ''}`,
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
    label: 'Trust this issuer and verify…',
    description: clipText(issuer),
    tooltip: `Fetch the signing keys of ${clipText(issuer)} to check this token's signature.\nYou are asked to confirm once; no credentials are sent.`,
    icon: 'key',
    action: { kind: 'trustIssuer', issuer },
    context: 'action',
  };
}

function checkNode(check: Check): InspectorNode {
  const label = CHECK_LABELS[check.id] ?? check.id;
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
    label: 'Claims',
    description: `${claims.length} claim${claims.length === 1 ? '' : 's'}`,
    icon: 'claims',
    expanded: true,
    children: claims.map(c => claimNode(c, token, nowMs)),
  };
}

function claimNode(claim: ReadableClaim, token: DecodedJwt, nowMs: number): InspectorNode {
  const id = `claim:${claim.key}`;
  const named = claim.label === claim.key ? claim.key : `${claim.label} (${claim.key})`;
  const rawJson = clipText(jsonOf(claim.raw));
  if (TIME_CLAIMS.has(claim.key)) {
    const { seconds, problem } = readNumericDate(token.claims, claim.key);
    if (seconds !== undefined) {
      const date = new Date(seconds * 1000);
      const description = `${formatUtc(date)} · ${formatRelative(date.getTime() - nowMs)}`;
      return { id, label: claim.label, description, tooltip: `${named}: ${description}\nNumericDate ${seconds}`, icon: 'time', value: String(seconds), context: 'claim' };
    }
    return { id, label: claim.label, description: claim.display, tooltip: `${named}: ${rawJson}\n${problem ?? 'not a date'}`, icon: 'warning', value: valueOf(claim.raw), context: 'claim' };
  }
  const tooltip = `${named}: ${rawJson}${claim.hint ? `\n${claim.hint}` : ''}`;
  const items = Array.isArray(claim.raw) ? claim.raw : undefined;
  if (items && items.length > 1) {
    return {
      id,
      label: claim.label,
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
  return { id, label: claim.label, description: claim.display, tooltip, icon: 'claim', value: valueOf(claim.raw), context: 'claim' };
}

function headerNode(token: DecodedJwt): InspectorNode {
  const known = ['alg', 'kid', 'x5t', 'typ'];
  const keys = [...known.filter(k => Object.prototype.hasOwnProperty.call(token.header, k)), ...Object.keys(token.header).filter(k => !known.includes(k))];
  const description = [token.alg, token.typ].filter(Boolean).map(t => clipText(String(t), 40)).join(' · ');
  return {
    id: 'header',
    label: 'Header',
    description,
    icon: 'header',
    expanded: false,
    children: keys.map(key => {
      const raw = token.header[key];
      const shown = clipText(valueOf(raw));
      return {
        id: `header:${key}`,
        label: key,
        description: shown,
        tooltip: `${HEADER_HELP[key] ? `${HEADER_HELP[key]}\n` : ''}${key}: ${clipText(jsonOf(raw))}`,
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
    label: 'Raw token',
    description: `…${token.raw.slice(-6)} · ${token.raw.length.toLocaleString('en-US')} characters`,
    tooltip: 'The encoded token is not shown. Copy Value copies the whole token to the clipboard.',
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

function jsonOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One line, no control characters, at most `max` characters: for labels and tooltips. */
export function clipText(text: string, max = 200): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
