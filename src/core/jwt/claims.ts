/**
 * What a token's claims say, as data: its kind, issuer, audiences, scopes. Read, never interpreted for
 * trust: that is verify.ts. The claims in words for a person (labels, displays, hints) are readableClaims
 * in the edge's claimWords.ts.
 */
import type { DecodedJwt, JwtObject } from './decode';

/** What a token is. The values are stable identifiers; `tokenKindLabel` (claimWords.ts) gives the words to show. */
export type TokenKind = 'Access token (at+jwt)' | 'Access token' | 'ID token' | 'JWT';

export interface TokenSummary {
  readonly kind: TokenKind;
  readonly issuer?: string;
  readonly audiences: readonly string[];
  readonly subject?: string;
  readonly clientId?: string;
  readonly tenantId?: string;
  readonly scopes: readonly string[];
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

/** The claim names of the token, as it has them; none when they cannot be listed. */
export function claimNames(claims: JwtObject): string[] {
  try {
    return Object.keys(claims);
  } catch {
    return [];
  }
}

/** The words of a space-separated claim ("a b" → a, b), empty ones left out. */
export function splitSpaces(text: string): string[] {
  return text.split(/\s+/).filter(s => s.length > 0);
}
