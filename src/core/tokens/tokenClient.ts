import * as l10n from '@vscode/l10n';
import * as oauth from 'oauth4webapi';
import { DEFAULT_SCOPE, isLoopbackHost } from '../authority';
import { parseClientKeySet, signingKey, signingOrder, type ClientKey } from './clientKeys';
import type { DiscoveryCache, IssuerMetadata } from '../http/discovery';
import { KonexusError, type KonexusErrorCode } from '../errors';
import { exchange, type HttpDeps } from '../http/httpExchange';
import { describeUnexpectedBody, hostOf, unhealthyResponse } from '../http/httpFailure';
import { unexpectedBodyText } from '../../platform/model/words/httpErrorWords';

export type ClientAuthMethod = 'auto' | 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';

/** Everything needed to ask for a token. The secret is held here only for the duration of a request. */
export interface ClientCredentials {
  readonly authority: string;
  readonly clientId: string;
  /** The client secret, or for private_key_jwt the serialized client key set (src/core/clientKeys.ts). */
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
    throw new KonexusError('missing_secret', l10n.t('The client "{0}" authenticates with a private key (private_key_jwt), but what is stored for it is not a Konexus client key. Generate a key with "Konexus: Add Profile" or "Konexus: Rotate Client Key" and register its public key with the server.', credentials.clientId));
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
  /** The kid the assertion was signed with (private_key_jwt), for the invalid_client message. */
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
    throw new KonexusError('discovery_invalid', l10n.t('The token endpoint {0} does not exist (HTTP 404). Check the authority.', tokenEndpoint.href), { status: 404, operation: 'token' });
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
    throw new KonexusError('unsupported_auth_method', l10n.t('{0} does not accept private_key_jwt (it lists {1}), so a client key cannot be used with it. Use a client secret profile for this server.', metadata.issuer, supported?.join(', ') || l10n.t('nothing')));
  }
  if (requested !== 'auto') {
    if (supported && !supported.includes(requested)) {
      throw new KonexusError('unsupported_auth_method', l10n.t('{0} does not accept {1} (it supports {2}). Choose "auto" or one it supports.', metadata.issuer, requested, supported.join(', ') || l10n.t('no client secret method')));
    }
    return requested;
  }
  if (!supported || supported.includes('client_secret_post')) return supported ? 'client_secret_post' : 'client_secret_basic';
  if (supported.includes('client_secret_basic')) return 'client_secret_basic';
  throw new KonexusError('unsupported_auth_method', l10n.t('{0} supports neither client_secret_post nor client_secret_basic (it lists {1}), so a client secret cannot be used with it.', metadata.issuer, supported.join(', ') || l10n.t('nothing')));
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
  const host = hostOf(url);
  const scope = credentials.scope?.trim() || DEFAULT_SCOPE;
  if (error instanceof oauth.ResponseBodyError) {
    return oauthError(error.error, error.error_description, status, host, credentials.clientId, kid, scope, error);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    // A 401 with WWW-Authenticate (Basic auth rejected) is a wrong id or secret, whatever the body says.
    const challenge = error.cause[0];
    const code = challenge?.parameters.error ?? 'invalid_client';
    return oauthError(code, challenge?.parameters.error_description, status, host, credentials.clientId, kid, scope, error);
  }
  const code = (error as { code?: unknown }).code;
  if (code === oauth.RESPONSE_IS_NOT_JSON || code === oauth.PARSE_ERROR) {
    return new KonexusError('bad_response', l10n.t({ message: '{0} returned {1} (HTTP {2}) instead of a token.', args: [host, unexpectedBodyText(describeUnexpectedBody(contentType, text)), status], comment: ['{1} describes the body, such as "an empty body"'] }), { status, operation: 'token', cause: error });
  }
  if (code === oauth.INVALID_RESPONSE && status === 200 && /access_token/.test((error as Error).message)) {
    return new KonexusError('no_access_token', l10n.t('{0} answered 200 but sent no access_token. The server may be misconfigured; it will be retried.', host), { status, operation: 'token', cause: error });
  }
  if (status >= 400) {
    return new KonexusError('oauth_error', l10n.t('{0} refused the token request with HTTP {1} and no OAuth error code.', host, status), { status, operation: 'token', cause: error });
  }
  return new KonexusError('bad_response', l10n.t('{0} sent a token response that cannot be used: {1}.', host, (error as Error).message), { status, operation: 'token', cause: error });
}

function oauthError(oauthCode: string, description: string | undefined, status: number, host: string, clientId: string, kid: string | undefined, scope: string, cause: unknown): KonexusError {
  const code = OAUTH_CODES[oauthCode] ?? 'oauth_error';
  // A whole sentence with its leading space, or nothing.
  const said = description ? ` ${l10n.t('The server said: "{0}".', description.slice(0, 300))}` : '';
  const details = { status, operation: 'token' as const, cause, ...(description ? { serverDescription: description.slice(0, 300) } : {}) };
  switch (code) {
    case 'invalid_client':
      return kid !== undefined
        ? new KonexusError(code, l10n.t('{0} rejected the client id "{1}" or its key (invalid_client).{2} Check that the client id is right and that the public key (kid {3}) is registered for it.', host, clientId, said, kid), details)
        : new KonexusError(code, l10n.t('{0} rejected the client id "{1}" or its secret (invalid_client).{2} Check both and store the secret again.', host, clientId, said), details);
    case 'invalid_scope':
      return new KonexusError(code, l10n.t('The client "{0}" may not ask for the scope "{1}" (invalid_scope).{2} Use the scope your Konexus client was granted (usually tamarack).', clientId, scope, said), details);
    case 'unauthorized_client':
      return new KonexusError(code, l10n.t('The client "{0}" is not allowed to use the client-credentials grant (unauthorized_client).{1} Ask Konexus to enable it for this client.', clientId, said), details);
    case 'unsupported_grant_type':
      return new KonexusError(code, l10n.t('{0} does not support the client-credentials grant (unsupported_grant_type).{1} Check the authority.', host, said), details);
    case 'invalid_request':
      return new KonexusError(code, l10n.t('{0} says the token request is malformed (invalid_request).{1} Try another client authentication method.', host, said), details);
    default:
      return new KonexusError(code, l10n.t('{0} refused the token request ({1}).{2}', host, oauthCode.slice(0, 60), said), details);
  }
}
