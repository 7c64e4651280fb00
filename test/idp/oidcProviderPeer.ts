/**
 * An independent peer: `oidc-provider` (panva, v9) configured for client credentials, so the extension is
 * also tested against a server that is not ours and does not share our reading of the specs.
 *
 * How it differs from Konexus (test/idp/konexusIdp.ts), as observed against oidc-provider 9.13.3:
 * - endpoints: token `POST /token`, keys `/jwks` (Konexus: `/connect/token`, `/.well-known/openid-configuration/jwks`);
 *   discovery is at the same `/.well-known/openid-configuration`, and advertises token_endpoint_auth_methods
 *   beyond basic/post (client_secret_jwt, private_key_jwt, none, …).
 * - success: `{"access_token","expires_in","scope","token_type":"Bearer"}` (member order differs), with
 *   `Cache-Control: no-store` only (no Pragma) and CORS headers.
 * - access token: header {alg RS256, typ at+jwt, kid} with no x5t, kid is whatever the JWKS says (here the
 *   RFC 7638 thumbprint); claims jti (43-char base64url), sub (= the client id), iat, exp, scope as a
 *   space-separated STRING, client_id, iss, aud "tamarack": no nbf, no tenant claims.
 * - invalid_client (unknown id or wrong secret) is HTTP 401 with an error_description
 *   ("client authentication failed"); with HTTP Basic it adds
 *   `WWW-Authenticate: Basic realm="<issuer>", error="invalid_client", error_description="…"`.
 *   Konexus: 400 `{"error":"invalid_client"}`, never a description or WWW-Authenticate.
 * - every error carries error_description. A missing grant_type is `invalid_request` (Konexus:
 *   unsupported_grant_type); an unknown or unused one (password) is `unsupported_grant_type` (Konexus:
 *   unauthorized_client for grant types it knows); basic and post credentials in one request,
 *   a JSON body, or a repeated parameter are `invalid_request` (400). GET /token is a plain-text 404
 *   (Konexus: 400 invalid_request).
 * - it does not hold a client to its registered method: the client_secret_post client may authenticate
 *   with Basic and vice versa.
 * - scopes: a scope it does not know at all is silently dropped (200, no `scope` anywhere) and a missing
 *   scope gives a token without `scope` (Konexus: invalid_scope, and all allowed scopes); a known scope the
 *   client may not use (openid) is 400 invalid_scope with an extra `"scope":"openid"` member.
 * - with http:// on 127.0.0.1 it prints no warning; the only noise on Node 20 is the runtime notice that
 *   loadProvider() drops (see there).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import type { Configuration } from 'oidc-provider';
import type ProviderClass from 'oidc-provider';

export interface OidcPeer {
  issuer: string;
  clients: {
    basic: { clientId: string; clientSecret: string };
    post: { clientId: string; clientSecret: string };
  };
  close(): Promise<void>;
}

const BASIC_CLIENT = { clientId: 'peer-basic-client', clientSecret: 'peer-basic-secret-0123456789abcdef' };
const POST_CLIENT = { clientId: 'peer-post-client', clientSecret: 'peer-post-secret-0123456789abcdef' };
const RESOURCE = 'urn:konexus:tamarack';

let providerModule: Promise<typeof ProviderClass> | undefined;

/**
 * oidc-provider prints "Unsupported runtime. Use Node.js v22.x LTS" when its module is evaluated on Node 20,
 * which the project's tests run on; it works on Node 20 for what we use. That one notice is dropped (only
 * while the module loads, only that text) so test output stays readable; any other warning still shows.
 */
function loadProvider(): Promise<typeof ProviderClass> {
  providerModule ??= (async () => {
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
      originalWarn(...args);
    };
    try {
      return (await import('oidc-provider')).default;
    } finally {
      console.warn = originalWarn;
    }
  })();
  return providerModule;
}

/**
 * A Map-backed adapter. oidc-provider's built-in one works the same but warns on every start that it is
 * "development-only"; a test server wants exactly that, so we bring our own and skip the warning.
 */
type AdapterStore = Map<string, { payload: Record<string, unknown>; expiresAt: number | undefined }>;
class MemoryAdapter {
  constructor(private readonly model: string, private readonly store: AdapterStore) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
    this.store.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const entry = this.store.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }

  async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
    return this.findBy('userCode', userCode);
  }

  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    return this.findBy('uid', uid);
  }

  async consume(id: string): Promise<void> {
    const entry = this.store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(key);
  }

  private findBy(field: string, value: string): Record<string, unknown> | undefined {
    const prefix = `${this.model}:`;
    for (const [key, entry] of this.store) {
      if (key.startsWith(prefix) && entry.payload[field] === value) return entry.payload;
    }
    return undefined;
  }
}

/** A client that authenticates with private_key_jwt, registered with its public keys. */
export interface PeerKeyClient {
  clientId: string;
  jwks: { keys: JWK[] };
}

export async function startOidcProviderPeer(options: { lifetimeSeconds?: number; keyClients?: PeerKeyClient[] } = {}): Promise<OidcPeer> {
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  const adapterStore: AdapterStore = new Map();
  const Provider = await loadProvider();

  // Our own key (the provider's built-in keys are development-only and warn).
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const signingJwk = { ...privateJwk, kid: await calculateJwkThumbprint(privateJwk), use: 'sig', alg: 'RS256' };

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clientMetadata = (client: { clientId: string; clientSecret: string }, method: string) => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    token_endpoint_auth_method: method,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'tamarack',
  });

  const configuration: Configuration = {
    // A factory: one store per peer, so two peers in one process never share state.
    adapter: (model: string) => new MemoryAdapter(model, adapterStore),
    jwks: { keys: [signingJwk] },
    clients: [
      clientMetadata(BASIC_CLIENT, 'client_secret_basic'),
      clientMetadata(POST_CLIENT, 'client_secret_post'),
      ...(options.keyClients ?? []).map(client => ({
        client_id: client.clientId,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: client.jwks,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'tamarack',
      })),
    ],
    scopes: ['tamarack'],
    // Defaults that otherwise print "you SHOULD change it" notices on first use.
    ttl: { ClientCredentials: () => lifetimeSeconds, AccessToken: () => lifetimeSeconds },
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // No `resource` parameter in the request: the token is still for the tamarack resource server,
        // a JWT with aud "tamarack", as Konexus clients expect.
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'tamarack',
          audience: 'tamarack',
          accessTokenTTL: lifetimeSeconds,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  };
  const provider = new Provider(issuer, configuration);
  // Real failures inside the provider (not client errors) would otherwise be silent.
  provider.on('server_error', (_ctx: unknown, error: unknown) => console.error('[oidc-provider peer] server error:', error));
  server.on('request', provider.callback());

  return {
    issuer,
    clients: { basic: { ...BASIC_CLIENT }, post: { ...POST_CLIENT } },
    close: () => new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
