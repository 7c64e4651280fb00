/**
 * Claims made readable for the hover and the tree: Konexus' own claims get names ("Tenant", "Client"),
 * stringly-typed values get their meaning ("false" → "No"), times become dates. Values are shown, never
 * interpreted for trust: that is verify.ts.
 */
import * as l10n from '@vscode/l10n';
import type { DecodedJwt, JwtObject } from './decode';
import { readNumericDate } from './times';
import { formatRelative, isoFromSeconds } from '../../platform/model/words/timeWords';

export interface ReadableClaim {
  /** The claim name as in the token. */
  readonly key: string;
  /** What a person calls it: "Tenant" for tenantId. The key itself for claims we do not know. */
  readonly label: string;
  /** One line of text, at most MAX_DISPLAY_LENGTH characters, no control characters. */
  readonly display: string;
  /** The value as decoded from the token. */
  readonly raw: unknown;
  /** A second line when the value needs one: "3 h ago", "sent as the text \"false\"". */
  readonly hint?: string;
}

/** What a token is. The values are stable identifiers; `tokenKindLabel` gives the words to show. */
export type TokenKind = 'Access token (at+jwt)' | 'Access token' | 'ID token' | 'JWT';

/** A TokenKind in the display language. */
export function tokenKindLabel(kind: TokenKind): string {
  switch (kind) {
    case 'Access token (at+jwt)': return l10n.t('Access token (at+jwt)');
    case 'Access token': return l10n.t('Access token');
    case 'ID token': return l10n.t('ID token');
    case 'JWT': return 'JWT';
  }
}

export interface TokenSummary {
  readonly kind: TokenKind;
  readonly issuer?: string;
  readonly audiences: readonly string[];
  readonly subject?: string;
  readonly clientId?: string;
  readonly tenantId?: string;
  readonly scopes: readonly string[];
}

export interface ReadableClaimsOptions {
  /** When given, time claims get a relative hint ("in 42 min"). */
  readonly nowMs?: number;
}

export const MAX_DISPLAY_LENGTH = 200;

type ClaimKind = 'text' | 'time' | 'list' | 'flag';

/**
 * Known claims, in the order a reader wants them: who issued it, for whom, what it allows, when. Labels are
 * functions: they are translated when shown, after the glue has loaded the translations.
 */
const KNOWN: ReadonlyArray<readonly [key: string, label: () => string, kind: ClaimKind]> = [
  ['iss', () => l10n.t('Issuer'), 'text'],
  ['sub', () => l10n.t('Subject'), 'text'],
  ['name', () => l10n.t('Name'), 'text'],
  ['client_id', () => l10n.t('Client'), 'text'],
  ['azp', () => l10n.t('Authorized party'), 'text'],
  ['aud', () => l10n.t('Audience'), 'list'],
  ['scope', () => l10n.t('Scopes'), 'list'],
  ['scp', () => l10n.t('Scopes'), 'list'],
  ['tenantId', () => l10n.t('Tenant'), 'text'],
  ['globalTenantId', () => l10n.t('Global tenant'), 'text'],
  ['admin', () => l10n.t('Admin'), 'flag'],
  ['role', () => l10n.t('Roles'), 'list'],
  ['roles', () => l10n.t('Roles'), 'list'],
  ['exp', () => l10n.t('Expires'), 'time'],
  ['nbf', () => l10n.t('Not before'), 'time'],
  ['iat', () => l10n.t('Issued at'), 'time'],
  ['auth_time', () => l10n.t('Authenticated at'), 'time'],
  ['jti', () => l10n.t('Token ID'), 'text'],
  ['sid', () => l10n.t('Session'), 'text'],
  ['idp', () => l10n.t('Identity provider'), 'text'],
  ['amr', () => l10n.t('Authentication methods'), 'list'],
  ['nonce', () => l10n.t('Nonce'), 'text'],
];
const KNOWN_BY_KEY = new Map(KNOWN.map(([key, label, kind]) => [key, { label, kind }]));

/** Every claim of the token, known ones first in a reading order, then the rest as the token has them. */
export function readableClaims(claims: JwtObject, options: ReadableClaimsOptions = {}): ReadableClaim[] {
  const result: ReadableClaim[] = [];
  const own = ownKeys(claims);
  const present = new Set(own);
  for (const [key] of KNOWN) if (present.has(key)) result.push(readable(claims, key, options));
  for (const key of own) if (!KNOWN_BY_KEY.has(key)) result.push(readable(claims, key, options));
  return result;
}

function readable(claims: JwtObject, key: string, options: ReadableClaimsOptions): ReadableClaim {
  const raw = claims[key];
  const known = KNOWN_BY_KEY.get(key);
  const label = known?.label() ?? key;
  const base = { key, label, raw };
  switch (known?.kind) {
    case 'time': {
      const { seconds, problem } = readNumericDate(claims, key);
      if (seconds === undefined) return { ...base, display: displayValue(raw), hint: problem ?? l10n.t('not a date') };
      const hint = options.nowMs !== undefined && Number.isFinite(options.nowMs)
        ? l10n.t({ message: '{0}, NumericDate {1}', args: [formatRelative(seconds * 1000 - options.nowMs), seconds], comment: ['{0} is a time such as "in 42 min"; {1} is a number of seconds'] })
        : l10n.t('NumericDate {0}', seconds);
      return { ...base, display: isoFromSeconds(seconds), hint };
    }
    case 'list': {
      if (typeof raw === 'string') {
        const items = splitSpaces(raw);
        // aud is one value even with spaces in it; scope-like claims are space-separated lists.
        const list = key === 'aud' ? [raw] : items;
        return { ...base, display: clip(list.join(', ')), ...(list.length > 1 && { hint: l10n.t('sent as a space-separated string') }) };
      }
      if (Array.isArray(raw)) return { ...base, display: clip(raw.map(displayValue).join(', ')) };
      return { ...base, display: displayValue(raw) };
    }
    case 'flag': {
      const hint = typeof raw === 'string' && { hint: l10n.t('sent as the text "{0}"', raw) };
      if (raw === true || raw === 'true' || raw === 'True') return { ...base, display: l10n.t('Yes'), ...hint };
      if (raw === false || raw === 'false' || raw === 'False') return { ...base, display: l10n.t('No'), ...hint };
      return { ...base, display: displayValue(raw) };
    }
    default:
      return { ...base, display: displayValue(raw) };
  }
}

/** The token at a glance: what it is, from whom, for whom, allowing what. */
export function summarizeToken(token: DecodedJwt): TokenSummary {
  const { claims } = token;
  const issuer = textClaim(claims, 'iss');
  const subject = textClaim(claims, 'sub');
  const clientId = textClaim(claims, 'client_id') ?? textClaim(claims, 'azp');
  const tenantId = textClaim(claims, 'tenantId');
  return {
    kind: kindOf(token),
    ...(issuer !== undefined && { issuer }),
    audiences: audiencesOf(claims),
    ...(subject !== undefined && { subject }),
    ...(clientId !== undefined && { clientId }),
    ...(tenantId !== undefined && { tenantId }),
    scopes: scopesOf(claims),
  };
}

/** The token's scopes from `scope` (RFC 8693/9068: space-separated string; IdentityServer: an array) and `scp`. */
export function scopesOf(claims: JwtObject): string[] {
  const scopes = new Set<string>();
  for (const key of ['scope', 'scp']) {
    const value = ownValue(claims, key);
    if (typeof value === 'string') for (const s of splitSpaces(value)) scopes.add(s);
    else if (Array.isArray(value)) for (const s of value) if (typeof s === 'string' && s.length > 0) scopes.add(s);
  }
  return [...scopes];
}

/** `aud` is a string or an array of strings (RFC 7519 §4.1.3). Anything else gives no audience. */
export function audiencesOf(claims: JwtObject): string[] {
  const aud = ownValue(claims, 'aud');
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** RFC 9068 §2.1: "at+jwt", also written "application/at+jwt"; media types compare case-insensitively. */
export function isAccessTokenTyp(typ: string | undefined): boolean {
  return typ !== undefined && normalizeTyp(typ) === 'at+jwt';
}

export function normalizeTyp(typ: string): string {
  const lower = typ.trim().toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

function kindOf(token: DecodedJwt): TokenKind {
  if (isAccessTokenTyp(token.typ)) return 'Access token (at+jwt)';
  const has = (key: string) => ownValue(token.claims, key) !== undefined;
  // ID tokens (OIDC Core §2) carry these; access tokens carry scopes or the client they were issued to.
  if (has('nonce') || has('at_hash') || has('c_hash')) return 'ID token';
  if (has('scope') || has('scp') || has('client_id')) return 'Access token';
  return 'JWT';
}

function textClaim(claims: JwtObject, key: string): string | undefined {
  const value = ownValue(claims, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// Claims come from JSON.parse, but a claim named "constructor" or "__proto__" must still not reach the prototype.
function ownValue(claims: JwtObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(claims, key) ? claims[key] : undefined;
}

function ownKeys(claims: JwtObject): string[] {
  try {
    return Object.keys(claims);
  } catch {
    return [];
  }
}

function splitSpaces(text: string): string[] {
  return text.split(/\s+/).filter(s => s.length > 0);
}

/** Any JSON value as one safe line of text. */
function displayValue(value: unknown): string {
  if (typeof value === 'string') return clip(value);
  if (value === undefined) return l10n.t('(none)');
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return clip(json ?? String(typeof value));
}

/** One line, no control characters, at most MAX_DISPLAY_LENGTH characters. */
function clip(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  if (line.length <= MAX_DISPLAY_LENGTH) return line;
  let cut = MAX_DISPLAY_LENGTH - 1;
  // Never cut a surrogate pair in half.
  const last = line.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${line.slice(0, cut)}…`;
}
