/**
 * The decoded token's parts as Token Inspector nodes: Claims (times as dates, lists as items), Header and
 * Raw token. Values nested too deep to show are said to be so, never stringified. Pure: no runtime `vscode`
 * import.
 */
import * as l10n from '@vscode/l10n';
import { clipLine } from '../../platform/model/words/clipLine';
import type { DecodedJwt } from '../../core/jwt';
import { readNumericDate } from '../../core/jwt/times';
import { numericDateProblemText, readableClaims, type ReadableClaim } from '../../platform/model/words/claimWords';
import { formatRelative, formatUtc } from '../../platform/model/words/timeWords';
import type { InspectorNode } from './inspectionModel';

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

export function claimsNode(token: DecodedJwt, nowMs: number): InspectorNode {
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
  const named = clipLine(claim.label === claim.key ? claim.key : `${claim.label} (${claim.key})`);
  if (nestedTooDeep(claim.raw)) return tooDeepNode(id, clipLine(claim.label), named, 'claim');
  const rawJson = clipLine(jsonOf(claim.raw));
  if (TIME_CLAIMS.has(claim.key)) {
    const { seconds, problem } = readNumericDate(token.claims, claim.key);
    if (seconds !== undefined) {
      const date = new Date(seconds * 1000);
      const description = `${formatUtc(date)} · ${formatRelative(date.getTime() - nowMs)}`;
      return { id, label: claim.label, description, tooltip: `${named}: ${description}\n${l10n.t('NumericDate {0}', seconds)}`, icon: 'time', value: String(seconds), context: 'claim' };
    }
    return { id, label: claim.label, description: claim.display, tooltip: `${named}: ${rawJson}\n${problem ? numericDateProblemText(problem) : l10n.t('not a date')}`, icon: 'warning', value: valueOf(claim.raw), context: 'claim' };
  }
  const tooltip = `${named}: ${rawJson}${claim.hint ? `\n${claim.hint}` : ''}`;
  const items = Array.isArray(claim.raw) ? claim.raw : undefined;
  if (items && items.length > 1) {
    return {
      id,
      label: clipLine(claim.label),
      description: claim.display,
      tooltip,
      icon: 'claim',
      value: items.map(valueOf).join(' '),
      context: 'claim',
      expanded: false,
      children: items.map((item, index) => ({
        id: `${id}:${index}`,
        label: clipLine(valueOf(item)),
        icon: 'list-item',
        value: valueOf(item),
        context: 'claim',
      })),
    };
  }
  return { id, label: clipLine(claim.label), description: claim.display, tooltip, icon: 'claim', value: valueOf(claim.raw), context: 'claim' };
}

export function headerNode(token: DecodedJwt): InspectorNode {
  const known = ['alg', 'kid', 'x5t', 'typ'];
  const keys = [...known.filter(k => Object.prototype.hasOwnProperty.call(token.header, k)), ...Object.keys(token.header).filter(k => !known.includes(k))];
  const description = [token.alg, token.typ].filter(Boolean).map(t => clipLine(String(t), 40)).join(' · ');
  return {
    id: 'header',
    label: l10n.t('Header'),
    description,
    icon: 'header',
    expanded: false,
    children: keys.map(key => {
      const id = `header:${idPart(key)}`;
      const raw = token.header[key];
      if (nestedTooDeep(raw)) return tooDeepNode(id, clipLine(key), clipLine(key), 'header');
      const shown = clipLine(valueOf(raw));
      const help = headerHelp(key);
      return {
        id,
        label: clipLine(key),
        description: shown,
        tooltip: `${help ? `${help}\n` : ''}${clipLine(key)}: ${clipLine(jsonOf(raw))}`,
        icon: 'claim',
        value: valueOf(raw),
        context: 'header',
      };
    }),
  };
}

export function rawNode(token: DecodedJwt): InspectorNode {
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
