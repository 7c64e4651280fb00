import * as oauth from 'oauth4webapi';
import { DEFAULT_SCOPE, isLoopbackHost } from '../authority';
import { parseClientKeySet, signingKey, signingOrder, type ClientKey } from './clientKeys';
import type { DiscoveryCache, IssuerMetadata } from '../http/discovery';
import { KonexusError, type KonexusErrorCode } from '../errors';
import { exchange, type HttpDeps } from '../http/httpExchange';
import { describeUnexpectedBody, unhealthyResponse } from '../http/httpFailure';
import type { TokenWhy } from './tokenWhy';

export type ClientAuthMethod = 'auto' | 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';

/** Everything needed to ask for a token. The secret is held here only for the duration of a request. */
export interface ClientCredentials {
  readonly authority: string;
  readonly clientId: string;
  /** The client secret, or for private_key_jwt the serialized client key set (src/core/tokens/clientKeys.ts). */
  readonly clientSecret: string;
  readonly scope?: string;
  readonly authMethod?: ClientAuthMethod;
}

/** A token as received. Times are this machine's clock (ms), so skew with the server does not matter. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly scope: string | undefined;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** The issuer that issued it (from discovery), for verification. */
  readonly issuer: string;
  /** private_key_jwt only: the kid of the key whose assertion the server accepted. */
  readonly provenKid?: string;
}

/** Used when the server states no lifetime and the token carries none either. */
const FALLBACK_LIFETIME_S = 300;

/**
 * The client-credentials grant (RFC 6749 §4.4) against the authority's discovered token endpoint.
 * Every failure is a KonexusError whose code says what to do (wrong secret vs server down vs offline).
 */
export async function requestToken(
  credentials: ClientCredentials,
  deps: HttpDeps & { readonly discovery: DiscoveryCache },
  signal?: AbortSignal,
): Promise<IssuedToken> {
  const metadata = await deps.discovery.get(credentials.authority, signal);
  const method = chooseAuthMethod(credentials.authMethod ?? 'auto', metadata);
  if (method !== 'private_key_jwt') {
    const clientAuth = method === 'client_secret_basic'
      ? oauth.ClientSecretBasic(credentials.clientSecret)
      : oauth.ClientSecretPost(credentials.clientSecret);
    return sendTokenRequest(credentials, metadata, clientAuth, undefined, deps, signal);
  }
  const keys = signingOrder(keySetOf(credentials));
  // A pending key (rotation) is tried first to prove it; if the server does not know it yet, the key in
  // use is tried once more. Any other failure is the answer.
  for (const [index, key] of keys.entries()) {
    try {
      const token = await sendTokenRequest(credentials, metadata, await privateKeyJwt(key), key.kid, deps, signal);
      return { ...token, provenKid: key.kid };
    } catch (error) {
      const last = index === keys.length - 1;
      if (last || !(error instanceof KonexusError) || error.code !== 'invalid_client') throw error;
    }
  }
  throw new Error('unreachable: signingOrder is never empty');
}

/** The stored credential of a private_key_jwt profile, which must be a key set, not a client secret. */
function keySetOf(credentials: ClientCredentials) {
  const set = parseClientKeySet(credentials.clientSecret);
  if (!set) {
    throw new KonexusError('missing_secret', { area: 'token', kind: 'notAClientKey', clientId: credentials.clientId });
  }
  return set;
}

/**
 * oauth4webapi's assertion: header {alg, kid}, claims {jti (random), aud = the issuer, exp = now + 60 s,
 * iat, nbf, iss = sub = client id}, sent as client_assertion with client_id.
 */
async function privateKeyJwt(key: ClientKey): Promise<oauth.ClientAuth> {
  return oauth.PrivateKeyJwt({ key: await signingKey(key), kid: key.kid });
}

async function sendTokenRequest(
  credentials: ClientCredentials,
  metadata: IssuerMetadata,
  clientAuth: oauth.ClientAuth,
  /** The kid the assertion was signed with (private_key_jwt), carried in the invalid_client why. */
  kid: string | undefined,
  deps: HttpDeps & { readonly discovery: DiscoveryCache },
  signal: AbortSignal | undefined,
): Promise<IssuedToken> {
  const client: oauth.Client = { client_id: credentials.clientId };
  const tokenEndpoint = metadata.tokenEndpointUrl;
  const read = await exchange(
    fetchWithTimeout => oauth.clientCredentialsGrantRequest(
      metadata.server, client, clientAuth,
      { grant_type: 'client_credentials', scope: credentials.scope?.trim() || DEFAULT_SCOPE },
      { [oauth.customFetch]: fetchWithTimeout, [oauth.allowInsecureRequests]: isLoopbackHost(tokenEndpoint.hostname) },
    ),
    'token', tokenEndpoint, deps, signal,
  );
  const receivedAt = deps.clock.now();
  const unhealthy = unhealthyResponse(read, 'token', receivedAt);
  if (unhealthy) throw unhealthy;
  if (read.status === 404) {
    deps.discovery.invalidate(credentials.authority);
    throw new KonexusError('discovery_invalid', { area: 'token', kind: 'tokenEndpointMissing', endpoint: tokenEndpoint.href }, { status: 404, operation: 'token' });
  }

  let body: oauth.TokenEndpointResponse;
  try {
    body = await oauth.processClientCredentialsResponse(metadata.server, client, read.response);
  } catch (error) {
    throw tokenError(error, credentials, kid, read.status, read.contentType, read.text, read.url);
  }
  return {
    accessToken: body.access_token,
    tokenType: body.token_type,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
    issuedAt: receivedAt,
    expiresAt: receivedAt + lifetimeSeconds(body) * 1000,
    issuer: metadata.issuer,
  };
}

/**
 * 'auto' follows the server's stated methods: client_secret_post first (what the Konexus docs show),
 * then client_secret_basic (RFC 6749's default, also what a server that states nothing must accept).
 * It never picks private_key_jwt: a profile uses it by choice, because its credential is a key set. A server
 * that does not list private_key_jwt is not sent an assertion (RFC 8414: stating nothing means basic only).
 */
export function chooseAuthMethod(requested: ClientAuthMethod, metadata: Pick<IssuerMetadata, 'authMethods' | 'issuer'>): Exclude<ClientAuthMethod, 'auto'> {
  const supported = metadata.authMethods;
  if (requested === 'private_key_jwt' && !supported?.includes(requested)) {
    throw new KonexusError('unsupported_auth_method', { area: 'token', kind: 'keyAuthNotOffered', issuer: metadata.issuer, offered: supported });
  }
  if (requested !== 'auto') {
    if (supported && !supported.includes(requested)) {
      throw new KonexusError('unsupported_auth_method', { area: 'token', kind: 'authMethodNotOffered', issuer: metadata.issuer, requested, offered: supported });
    }
    return requested;
  }
  if (!supported || supported.includes('client_secret_post')) return supported ? 'client_secret_post' : 'client_secret_basic';
  if (supported.includes('client_secret_basic')) return 'client_secret_basic';
  throw new KonexusError('unsupported_auth_method', { area: 'token', kind: 'secretAuthNotOffered', issuer: metadata.issuer, offered: supported });
}

/** expires_in when given; else the JWT's own exp - iat; else a short fallback so we ask again soon. */
function lifetimeSeconds(body: oauth.TokenEndpointResponse): number {
  if (typeof body.expires_in === 'number' && body.expires_in > 0) return body.expires_in;
  const claims = unverifiedClaims(body.access_token);
  if (claims && typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat) {
    return claims.exp - claims.iat;
  }
  return FALLBACK_LIFETIME_S;
}

function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) return undefined;
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const OAUTH_CODES: Record<string, KonexusErrorCode> = {
  invalid_client: 'invalid_client',
  invalid_scope: 'invalid_scope',
  unauthorized_client: 'unauthorized_client',
  unsupported_grant_type: 'unsupported_grant_type',
  invalid_request: 'invalid_request',
  invalid_grant: 'invalid_grant',
};

function tokenError(error: unknown, credentials: ClientCredentials, kid: string | undefined, status: number, contentType: string | null, text: string, url: string): KonexusError {
  const scope = credentials.scope?.trim() || DEFAULT_SCOPE;
  if (error instanceof oauth.ResponseBodyError) {
    return oauthError(error.error, error.error_description, status, url, credentials.clientId, kid, scope, error);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    // A 401 with WWW-Authenticate (Basic auth rejected) is a wrong id or secret, whatever the body says.
    const challenge = error.cause[0];
    const code = challenge?.parameters.error ?? 'invalid_client';
    return oauthError(code, challenge?.parameters.error_description, status, url, credentials.clientId, kid, scope, error);
  }
  const details = { status, operation: 'token' as const, cause: error };
  const code = (error as { code?: unknown }).code;
  if (code === oauth.RESPONSE_IS_NOT_JSON || code === oauth.PARSE_ERROR) {
    return new KonexusError('bad_response', { area: 'token', kind: 'notATokenResponse', url, status, body: describeUnexpectedBody(contentType, text) }, details);
  }
  if (code === oauth.INVALID_RESPONSE && status === 200 && /access_token/.test((error as Error).message)) {
    return new KonexusError('no_access_token', { area: 'token', kind: 'noAccessToken', url }, details);
  }
  if (status >= 400) {
    return new KonexusError('oauth_error', { area: 'token', kind: 'refusedWithoutCode', url, status }, details);
  }
  return new KonexusError('bad_response', { area: 'token', kind: 'unusableTokenResponse', url, detail: (error as Error).message }, details);
}


function oauthError(oauthCode: string, description: string | undefined, status: number, url: string, clientId: string, kid: string | undefined, scope: string, cause: unknown): KonexusError {
  const code = OAUTH_CODES[oauthCode] ?? 'oauth_error';
  const said = description || undefined;
  const details = { status, operation: 'token' as const, cause, ...(description ? { serverDescription: description.slice(0, 300) } : {}) };
  return new KonexusError(code, oauthWhy(code, oauthCode, url, clientId, kid, scope, said), details);
}

function oauthWhy(code: KonexusErrorCode, oauthCode: string, url: string, clientId: string, kid: string | undefined, scope: string, said: string | undefined): TokenWhy {
  switch (code) {
    case 'invalid_client':
      return kid !== undefined
        ? { area: 'token', kind: 'keyRejected', url, clientId, kid, said }
        : { area: 'token', kind: 'secretRejected', url, clientId, said };
    case 'invalid_scope': return { area: 'token', kind: 'scopeRefused', clientId, scope, said };
    case 'unauthorized_client': return { area: 'token', kind: 'grantNotAllowed', clientId, said };
    case 'unsupported_grant_type': return { area: 'token', kind: 'grantUnsupported', url, said };
    case 'invalid_request': return { area: 'token', kind: 'requestMalformed', url, said };
    default: return { area: 'token', kind: 'requestRefused', url, oauthCode, said };
  }
}
