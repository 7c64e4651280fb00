import * as oauth from 'oauth4webapi';
import { authorityKey, isLoopbackHost, parseAuthority, secureUrlProblem } from '../authority';
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
    throw new KonexusError('discovery_invalid', { area: 'http', kind: 'discoveryStatus', url: wellKnown.href, status: read.status, origin: authority.origin }, { status: read.status, operation: 'discovery' });
  }

  let server: oauth.AuthorizationServer;
  try {
    server = await oauth.processDiscoveryResponse(authority, read.response);
  } catch (error) {
    throw discoveryError(error, authority, wellKnown, read.contentType, read.text);
  }

  if (typeof server.token_endpoint !== 'string') {
    throw new KonexusError('discovery_invalid', { area: 'http', kind: 'noTokenEndpoint', origin: authority.origin }, { operation: 'discovery' });
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
 * an https authority's endpoints on https; secureUrlProblem is still asked, to say what is wrong first.
 */
function checkedEndpoint(value: string, role: 'tokenEndpoint' | 'jwksUri', authority: URL): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new KonexusError('discovery_invalid', { area: 'http', kind: 'endpointNotUrl', role }, { operation: 'discovery' });
  }
  const refused = secureUrlProblem(url, role, authority.protocol !== 'https:');
  if (refused) throw new KonexusError('discovery_invalid', { area: 'http', kind: 'endpointRefused', refused }, { operation: 'discovery' });
  if (url.origin !== authority.origin) {
    throw new KonexusError('discovery_invalid', { area: 'http', kind: 'endpointOffOrigin', role, origin: authority.origin, endpointOrigin: url.origin }, { operation: 'discovery' });
  }
  return url;
}

function discoveryError(error: unknown, authority: URL, wellKnown: URL, contentType: string | null, text: string): KonexusError {
  const code = (error as { code?: unknown }).code;
  const url = wellKnown.href;
  if (code === oauth.JSON_ATTRIBUTE_COMPARISON) {
    return new KonexusError('issuer_mismatch', { area: 'http', kind: 'issuerMismatch', url, stated: statedIssuer(text), expected: authorityKey(authority) }, { operation: 'discovery', cause: error });
  }
  if (code === oauth.RESPONSE_IS_NOT_JSON || code === oauth.PARSE_ERROR) {
    return new KonexusError('bad_response', { area: 'http', kind: 'discoveryNotJson', url, body: describeUnexpectedBody(contentType, text) }, { operation: 'discovery', cause: error });
  }
  return new KonexusError('discovery_invalid', { area: 'http', kind: 'discoveryInvalid', url, problem: (error as Error).message }, { operation: 'discovery', cause: error });
}

/** The issuer the document names, unclipped (the words clip it), or undefined when it names none. */
function statedIssuer(text: string): string | undefined {
  try {
    const issuer = (JSON.parse(text) as { issuer?: unknown }).issuer;
    return typeof issuer === 'string' ? issuer : undefined;
  } catch {
    return undefined;
  }
}
