import * as l10n from '@vscode/l10n';
import * as oauth from 'oauth4webapi';
import { assertSecureUrl, authorityKey, isLoopbackHost, parseAuthority } from '../authority';
import { KonexusError } from '../errors';
import { exchange, type HttpDeps } from './httpExchange';
import { describeUnexpectedBody, unhealthyResponse } from './httpFailure';

/** What the extension uses of a discovery document, validated. */
export interface IssuerMetadata {
  /** The issuer exactly as the document states it (tokens' `iss` must equal it). */
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /** The token endpoint parsed (requestToken needs its host on every request); never mutated. */
  readonly tokenEndpointUrl: URL;
  readonly jwksUri: string | undefined;
  readonly authMethods: readonly string[] | undefined;
  /** The raw document, for oauth4webapi's request steps. */
  readonly server: oauth.AuthorizationServer;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;
/** Spellings of authorities remembered (profiles are few; a flood of distinct strings just starts over). */
const MAX_SPELLINGS = 64;

/**
 * Fetches and validates `{authority}/.well-known/openid-configuration`, once per authority: concurrent
 * callers share one request, a success is kept for `ttlMs`, a failure is not kept.
 */
export class DiscoveryCache {
  private readonly entries = new Map<string, { at: number; promise: Promise<IssuerMetadata> }>();
  /** The authority as the caller spelled it → its cache key: a warm get parses no URL (one per token request). */
  private readonly keys = new Map<string, string>();

  constructor(private readonly deps: HttpDeps, private readonly ttlMs = DEFAULT_TTL_MS) {}

  get(authority: string, signal?: AbortSignal): Promise<IssuerMetadata> {
    const knownKey = this.keys.get(authority);
    const warm = knownKey === undefined ? undefined : this.entries.get(knownKey);
    if (warm && this.deps.clock.now() - warm.at < this.ttlMs) return warm.promise;
    const url = parseAuthority(authority);
    const key = authorityKey(url);
    if (this.keys.size >= MAX_SPELLINGS) this.keys.clear();
    this.keys.set(authority, key);
    const cached = this.entries.get(key);
    if (cached && this.deps.clock.now() - cached.at < this.ttlMs) return cached.promise;
    const promise = discover(url, this.deps, signal);
    const entry = { at: this.deps.clock.now(), promise };
    this.entries.set(key, entry);
    promise.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return promise;
  }

  /** Forget an authority, e.g. after its token endpoint vanished (404) or the user edited the profile. */
  invalidate(authority: string): void {
    try {
      this.entries.delete(authorityKey(parseAuthority(authority)));
    } catch {
      // an unparsable authority was never cached
    }
  }
}

/** One discovery round trip and its validation. Prefer DiscoveryCache.get. */
async function discover(authority: URL, deps: HttpDeps, signal?: AbortSignal): Promise<IssuerMetadata> {
  const loopback = isLoopbackHost(authority.hostname);
  const wellKnown = new URL(`${authorityKey(authority)}/.well-known/openid-configuration`);
  const read = await exchange(
    fetchWithTimeout => oauth.discoveryRequest(authority, {
      algorithm: 'oidc',
      [oauth.customFetch]: fetchWithTimeout,
      [oauth.allowInsecureRequests]: loopback,
    }),
    'discovery', wellKnown, deps, signal,
  );
  const unhealthy = unhealthyResponse(read, 'discovery', deps.clock.now());
  if (unhealthy) throw unhealthy;
  if (read.status !== 200) {
    throw new KonexusError('discovery_invalid', l10n.t('{0} answered HTTP {1}. Is {2} a Konexus identity server? Check the authority.', wellKnown.href, read.status, authority.origin), { status: read.status, operation: 'discovery' });
  }

  let server: oauth.AuthorizationServer;
  try {
    server = await oauth.processDiscoveryResponse(authority, read.response);
  } catch (error) {
    throw discoveryError(error, authority, wellKnown, read.contentType, read.text);
  }

  if (typeof server.token_endpoint !== 'string') {
    throw new KonexusError('discovery_invalid', l10n.t('The discovery document of {0} names no token_endpoint, so no token can be requested.', authority.origin), { operation: 'discovery' });
  }
  const tokenEndpoint = checkedEndpoint(server.token_endpoint, 'tokenEndpoint', authority);
  const jwksUri = typeof server.jwks_uri === 'string' ? checkedEndpoint(server.jwks_uri, 'jwksUri', authority).href : undefined;
  const methods = server.token_endpoint_auth_methods_supported;
  return {
    issuer: server.issuer,
    tokenEndpoint: tokenEndpoint.href,
    tokenEndpointUrl: tokenEndpoint,
    jwksUri,
    authMethods: Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : undefined,
    server,
  };
}

/**
 * An endpoint the discovery document names, parsed, refused unless it is on the authority's own origin
 * (scheme, host and port). The client secret goes to the token endpoint and the keys from jwks_uri decide
 * which tokens verify: a document that names another origin for either (a compromised or misconfigured
 * server, a proxy rewriting the document) would send the secret, or take the keys, from a host the user
 * never typed. Konexus's identity server serves both on its own origin. Being the same origin also keeps
 * an https authority's endpoints on https; assertSecureUrl is still asked, for the message.
 */
function checkedEndpoint(value: string, role: 'tokenEndpoint' | 'jwksUri', authority: URL): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const message = role === 'tokenEndpoint' ? l10n.t('The token endpoint in the discovery document is not a URL.') : l10n.t('The key set (jwks_uri) in the discovery document is not a URL.');
    throw new KonexusError('discovery_invalid', message, { operation: 'discovery' });
  }
  try {
    assertSecureUrl(url, role, authority.protocol !== 'https:');
  } catch (error) {
    throw new KonexusError('discovery_invalid', `${(error as Error).message} ${l10n.t('The discovery document is refused.')}`, { operation: 'discovery', cause: error });
  }
  if (url.origin !== authority.origin) {
    throw new KonexusError('discovery_invalid', role === 'tokenEndpoint'
      ? l10n.t('The discovery document of {0} names a token endpoint on another host, {1}. The client secret is only sent to the authority\'s own origin, so nothing was sent. Check the authority: if {1} is really your identity server, use its address as the authority.', authority.origin, url.origin)
      : l10n.t('The discovery document of {0} names a key set (jwks_uri) on another host, {1}. Keys are only taken from the authority\'s own origin, so the document is refused. Check the authority: if {1} is really your identity server, use its address as the authority.', authority.origin, url.origin),
    { operation: 'discovery' });
  }
  return url;
}

function discoveryError(error: unknown, authority: URL, wellKnown: URL, contentType: string | null, text: string): KonexusError {
  const code = (error as { code?: unknown }).code;
  if (code === oauth.JSON_ATTRIBUTE_COMPARISON) {
    const stated = safeIssuer(text);
    return new KonexusError('issuer_mismatch', l10n.t('The discovery document at {0} names the issuer "{1}", not {2}. Tokens from it could not be trusted; use the issuer\'s own address as the authority.', wellKnown.href, stated, authorityKey(authority)), { operation: 'discovery', cause: error });
  }
  if (code === oauth.RESPONSE_IS_NOT_JSON || code === oauth.PARSE_ERROR) {
    return new KonexusError('bad_response', l10n.t({ message: '{0} returned {1}.', args: [wellKnown.href, describeUnexpectedBody(contentType, text)], comment: ['{1} describes the body, such as "an empty body"'] }), { operation: 'discovery', cause: error });
  }
  return new KonexusError('discovery_invalid', l10n.t('The discovery document at {0} is not valid: {1}.', wellKnown.href, (error as Error).message), { operation: 'discovery', cause: error });
}

function safeIssuer(text: string): string {
  try {
    const issuer = (JSON.parse(text) as { issuer?: unknown }).issuer;
    return typeof issuer === 'string' ? issuer.slice(0, 200) : '?';
  } catch {
    return '?';
  }
}
