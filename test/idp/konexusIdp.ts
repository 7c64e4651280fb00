/**
 * A local identity server shaped like Konexus (auth.alertsense.com, an IdentityServer-family server), for
 * unit tests, host tests and the `npm start` demo. Built on `node:http` and `jose` only.
 *
 * What it mirrors (see /work/shared/notes/konexus-auth.md and the docs page in the seed):
 * - discovery at `/.well-known/openid-configuration`, keys at `/.well-known/openid-configuration/jwks`,
 *   tokens at `POST /connect/token` (client credentials only);
 * - IdentityServer's error shapes: HTTP 400 `{"error":"…"}` for every token error, invalid_client included
 *   (IdentityServer never answers 401 there), no error_description;
 * - the access token exactly as the sample in the docs: header {alg, kid, x5t, typ "at+jwt"}, `scope` as an
 *   array, `admin` as a string, kid = 40 upper-case hex + "RS256".
 * - private_key_jwt (test/idp/clientAssertion.ts) for clients with registered public keys (`jwks`), every
 *   refusal (replayed jti, wrong aud, expired or too long-lived, unknown kid, bad signature) a plain
 *   invalid_client, the reason only in the request log (`RecordedRequest.reason`).
 * Plus test controls: injected wall clock, fault modes per endpoint, key rotation, a log of every request.
 * It listens on 127.0.0.1 only.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { AssertionRefused, assertionChecker } from './clientAssertion';

export interface IdpClient {
  clientId: string;
  /** Its secret for client_secret_basic/post; a client without one authenticates with a key only. */
  clientSecret?: string;
  /** Its registered public keys (RS256, ES256) for private_key_jwt; without them it cannot use that method. */
  jwks?: { keys: JWK[] };
  /** Scopes the client may ask for; default ['tamarack']. */
  scopes?: string[];
  /** Extra claims, or overrides of the default ones (tenantId, name, sub, admin, …). */
  claims?: Record<string, unknown>;
  /** This client's access-token lifetime in seconds (IdentityServer sets it per client); default: the server's. */
  lifetimeSeconds?: number;
}
/** What the token endpoint answered one client for one scope, counted (the operator's request log). */
export interface TokenRequestCount {
  clientId: string;
  /** The scope asked for, as sent ('' when none). */
  scope: string;
  /** Tokens issued. */
  issued: number;
  /** Refused with invalid_client (a wrong secret or an unknown client). */
  refused: number;
  /** Any other answer: other OAuth errors and the injected faults. */
  failed: number;
}
export type FaultTarget = 'discovery' | 'token' | 'jwks';
export type FaultMode =
  | 'none' | '500' | '503' | '429' | 'slow' | 'hang' | 'malformed-json' | 'html' | 'empty' | 'no-access-token' | 'reset';
export interface FaultOptions {
  /** The fault applies to the next `times` requests of the target, then heals; default: until changed. */
  times?: number;
  /** Retry-After for 503 and 429; default 2. */
  retryAfterSeconds?: number;
  /** Delay of 'slow'; default 3000. */
  delayMs?: number;
}
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** When the request was complete, by the server's `now()` (so a fake wall clock shows here too). */
  at: number;
  /** Why the token endpoint refused it, when it says more than the answer (a private_key_jwt assertion's fault). */
  reason?: string;
}
export interface KonexusIdpOptions {
  /** 0 (the default) = any free port. */
  port?: number;
  /** Access-token lifetime in seconds; default 3600. */
  lifetimeSeconds?: number;
  /** Registered clients; default [DEMO_CLIENT]. */
  clients?: IdpClient[];
  /** Wall clock in ms for iat/nbf/exp; default Date.now. */
  now?: () => number;
  /** The `aud` of access tokens; default 'tamarack'. */
  audience?: string;
  /**
   * Serve https with this key and certificate, and name the issuer `https://<hostname>:<port>` (the
   * certificate's name; the server still listens on 127.0.0.1 only, so only a proxy or resolver that maps
   * `hostname` there reaches it). Default: plain http, issuer `http://127.0.0.1:<port>`.
   */
  tls?: { key: string; cert: string; hostname: string };
  /** Fields that replace or add to the discovery document's (a misconfigured or hostile server's). */
  discoveryOverrides?: Record<string, unknown>;
}
export interface KonexusIdp {
  /** e.g. http://127.0.0.1:41234, or https://auth.konexus.test:41234 with `tls` (no trailing slash). */
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  /** Every request received, in order, bodies included (tests search them for leaked secrets). */
  readonly requests: RecordedRequest[];
  /** Every access token the token endpoint issued, in order (tests search storage for them). */
  readonly issued: string[];
  /** Token requests counted per client id and scope, in order of first request. */
  tokenCounts(): TokenRequestCount[];
  /** Empties the request log, the issued tokens and the counters. */
  clearLog(): void;
  /** 'all' sets the three targets; 'no-access-token' only concerns the token endpoint. */
  setFault(target: FaultTarget | 'all', mode: FaultMode, options?: FaultOptions): void;
  setLifetime(seconds: number): void;
  addClient(client: IdpClient): void;
  removeClient(clientId: string): void;
  /** Registers (replaces) a client's public keys for private_key_jwt; an empty set removes them. */
  setClientJwks(clientId: string, jwks: { keys: JWK[] }): void;
  /** A new signing key becomes current; the old one stays in the JWKS unless keepOld is false. */
  rotateKey(options?: { keepOld?: boolean }): Promise<{ kid: string }>;
  readonly currentKid: string;
  /**
   * Signs arbitrary claims with the current key. The header defaults to {alg RS256, kid, x5t, typ at+jwt};
   * `header` entries override those, and an entry set to undefined removes it (e.g. `{ typ: undefined }`).
   */
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** A normal access token for a registered client (all its scopes), without HTTP. */
  issueToken(clientId: string): Promise<string>;
  /** Stops listening and destroys every open socket, hanging ones included. */
  close(): Promise<void>;
}

/** The demo client: its secret is a published demo value, fine to print and to commit. */
export const DEMO_CLIENT: IdpClient & { readonly clientSecret: string } = {
  clientId: 'konexus-demo-client',
  clientSecret: 'konexus-demo-secret-0123456789abcdef',
  scopes: ['tamarack'],
  claims: {
    admin: 'false',
    globalTenantId: 'id.konexuscp',
    name: 'Konexus (CP) - Demo Client',
    sub: '974899',
    tenantId: '1741',
  },
};

export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/.well-known/openid-configuration/jwks';
export const TOKEN_PATH = '/connect/token';

const DEFAULT_SCOPES = ['tamarack'];
// Grant types IdentityServer knows: asking for one of these that the client may not use is
// `unauthorized_client`; asking for anything else is `unsupported_grant_type` (as IdentityServer decides).
const KNOWN_GRANT_TYPES = new Set([
  'authorization_code', 'client_credentials', 'refresh_token', 'password', 'implicit',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:openid:params:grant-type:ciba',
]);
const CLIENT_GRANT_TYPE = 'client_credentials';
// IdentityServer's token responses carry exactly these (RFC 6749 §5.1 asks for no-store).
const NO_STORE_HEADERS = { 'Cache-Control': 'no-store, no-cache, max-age=0', Pragma: 'no-cache' };
const JSON_TYPE = 'application/json; charset=UTF-8';

interface SigningKey {
  kid: string;
  x5t: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

interface ActiveFault {
  mode: Exclude<FaultMode, 'none'>;
  remaining: number | undefined;
  retryAfterSeconds: number;
  delayMs: number;
}

/** A response computed before faults are applied (faults truncate it, delay it, or replace it). */
interface PlannedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

class TokenError extends Error {
  constructor(readonly error: string, readonly reason?: string) {
    super(error);
  }
}

async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const spkiDer = Buffer.from((await exportSPKI(publicKey)).replace(/-----[^-]+-----|\s/g, ''), 'base64');
  // IdentityServer's kid and x5t are both the SHA-1 thumbprint of the signing certificate (hex + alg, and
  // base64url). We have no certificate, so both are the SHA-1 of the public key's SPKI DER instead: same
  // shape, same kid/x5t relationship as the sample token in the docs.
  const thumbprint = createHash('sha1').update(spkiDer).digest();
  const kid = `${thumbprint.toString('hex').toUpperCase()}RS256`;
  const x5t = thumbprint.toString('base64url');
  const { n, e } = await exportJWK(publicKey);
  // Member order as IdentityServer writes its JWKS (it adds x5c, which we cannot have).
  return { kid, x5t, privateKey, publicJwk: { kty: 'RSA', use: 'sig', kid, x5t, e, n, alg: 'RS256' } };
}

/** A stable, sample-like numeric subject for clients that do not set `sub`. */
function subjectFor(clientId: string): string {
  return String(100000 + (createHash('sha256').update(clientId).digest().readUInt32BE(0) % 900000));
}

function secretsEqual(expected: string | undefined, given: string): boolean {
  if (expected === undefined) return false;
  // Compare digests so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** application/x-www-form-urlencoded decoding ('+' is a space), as RFC 6749 §2.3.1 asks for Basic. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/** The client id and secret of an HTTP Basic header, or null when it is not well-formed Basic. */
function parseBasic(authorization: string): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
  if (!match) return null;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null; // malformed percent-encoding
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const CAPTIVE_PORTAL_PAGE = `<!DOCTYPE html>
<html><head><title>Sign in to Guest Wi-Fi</title></head>
<body><h1>Welcome to Guest Wi-Fi</h1><form method="post" action="/login">
<label>Room number <input name="room"></label><label>Last name <input name="name"></label>
<button type="submit">Connect</button></form></body></html>
`;

export async function startKonexusIdp(options: KonexusIdpOptions = {}): Promise<KonexusIdp> {
  const now = options.now ?? Date.now;
  const audience = options.audience ?? 'tamarack';
  let lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  const clients = new Map<string, IdpClient>();
  for (const client of options.clients ?? [DEMO_CLIENT]) clients.set(client.clientId, client);
  let keys: SigningKey[] = [await generateSigningKey()];
  const currentKey = (): SigningKey => keys[keys.length - 1] as SigningKey;
  const faults = new Map<FaultTarget, ActiveFault>();
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  const counts = new Map<string, TokenRequestCount>();
  /** Counts a token request by the client id and scope it named, whether or not they are registered. */
  const count = (request: IncomingMessage, body: string, outcome: 'issued' | 'refused' | 'failed'): void => {
    const form = new URLSearchParams(body);
    const basic = /^Basic\s/i.test(request.headers.authorization ?? '') ? parseBasic(request.headers.authorization!) : undefined;
    const clientId = basic?.clientId ?? form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const key = JSON.stringify([clientId, scope]);
    const entry = counts.get(key) ?? { clientId, scope, issued: 0, refused: 0, failed: 0 };
    entry[outcome]++;
    counts.set(key, entry);
  };
  const pendingTimers = new Set<NodeJS.Timeout>();

  const tls = options.tls;
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }) : createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = tls ? `https://${tls.hostname}:${port}` : `http://127.0.0.1:${port}`;
  const tokenEndpoint = `${issuer}${TOKEN_PATH}`;
  const jwksUri = `${issuer}${JWKS_PATH}`;
  const checker = assertionChecker({ issuer, tokenEndpoint, now });

  const sign = async (claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> => {
    const key = currentKey();
    const merged: Record<string, unknown> = { alg: 'RS256', kid: key.kid, x5t: key.x5t, typ: 'at+jwt', ...header };
    for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
    // CompactSign rather than SignJWT: the payload is signed exactly as given (claim order, odd types).
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader(merged as { alg: string })
      .sign(key.privateKey);
  };

  const accessTokenFor = (client: IdpClient, scopes: string[]): Promise<string> => {
    const issuedAt = Math.floor(now() / 1000);
    // Claim order as in the docs' sample token.
    return sign({
      iss: issuer,
      nbf: issuedAt,
      iat: issuedAt,
      exp: issuedAt + (client.lifetimeSeconds ?? lifetimeSeconds),
      aud: audience,
      scope: scopes,
      client_id: client.clientId,
      admin: 'false',
      globalTenantId: 'id.konexuscp',
      name: client.clientId,
      sub: subjectFor(client.clientId),
      tenantId: '1741',
      ...client.claims,
      jti: randomBytes(16).toString('hex').toUpperCase(),
    });
  };

  const discoveryDocument = () => ({
    issuer,
    jwks_uri: jwksUri,
    // IdentityServer advertises its interactive endpoints too; this server only serves token and jwks
    // (the others answer 404), which is all a client-credentials client uses.
    authorization_endpoint: `${issuer}/connect/authorize`,
    token_endpoint: tokenEndpoint,
    userinfo_endpoint: `${issuer}/connect/userinfo`,
    end_session_endpoint: `${issuer}/connect/endsession`,
    check_session_iframe: `${issuer}/connect/checksession`,
    revocation_endpoint: `${issuer}/connect/revocation`,
    introspection_endpoint: `${issuer}/connect/introspect`,
    device_authorization_endpoint: `${issuer}/connect/deviceauthorization`,
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    scopes_supported: ['openid', 'profile', 'tamarack', 'offline_access'],
    claims_supported: ['sub', 'name', 'admin', 'tenantId', 'globalTenantId', 'client_id'],
    grant_types_supported: [
      'authorization_code', 'client_credentials', 'refresh_token', 'implicit', 'password',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    response_types_supported: [
      'code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token',
    ],
    response_modes_supported: ['form_post', 'query', 'fragment'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public'],
    code_challenge_methods_supported: ['plain', 'S256'],
    request_parameter_supported: true,
  });

  const json = (status: number, value: unknown, extraHeaders: Record<string, string> = {}): PlannedResponse => ({
    status,
    headers: { 'Content-Type': JSON_TYPE, ...extraHeaders },
    body: JSON.stringify(value),
  });

  const secretClient = (credentials: { clientId: string; clientSecret: string }): IdpClient => {
    const client = clients.get(credentials.clientId);
    if (!credentials.clientId || !client || !secretsEqual(client.clientSecret, credentials.clientSecret)) {
      throw new TokenError('invalid_client');
    }
    return client;
  };

  const assertedClient = async (form: URLSearchParams): Promise<IdpClient> => {
    try {
      return await checker.verify(form, clientId => clients.get(clientId)) as IdpClient;
    } catch (error) {
      if (error instanceof AssertionRefused) throw new TokenError('invalid_client', error.message);
      throw error;
    }
  };

  /** The token endpoint's answer, following IdentityServer's order of checks. */
  const tokenResponse = async (request: IncomingMessage, body: string, record: RecordedRequest): Promise<PlannedResponse> => {
    try {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (request.method !== 'POST' || contentType !== 'application/x-www-form-urlencoded') {
        throw new TokenError('invalid_request');
      }
      const form = new URLSearchParams(body);
      // RFC 6749 §3.2: request parameters must not be included more than once.
      for (const name of new Set(form.keys())) if (form.getAll(name).length > 1) throw new TokenError('invalid_request');

      const authorization = request.headers.authorization;
      const basic = authorization && /^Basic\s/i.test(authorization) ? parseBasic(authorization) : undefined;
      const withAssertion = form.has('client_assertion') || form.has('client_assertion_type');
      const inBody = form.has('client_id') || form.has('client_secret');
      // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
      if (basic !== undefined && (inBody || withAssertion)) throw new TokenError('invalid_request');
      if (withAssertion && form.has('client_secret')) throw new TokenError('invalid_request');
      if (basic === null) throw new TokenError('invalid_client');
      const client = withAssertion ? await assertedClient(form) : secretClient(basic ?? { clientId: form.get('client_id') ?? '', clientSecret: form.get('client_secret') ?? '' });

      const grantType = form.get('grant_type');
      if (!grantType || !KNOWN_GRANT_TYPES.has(grantType)) throw new TokenError('unsupported_grant_type');
      if (grantType !== CLIENT_GRANT_TYPE) throw new TokenError('unauthorized_client');

      const allowedScopes = client.scopes ?? DEFAULT_SCOPES;
      const requestedScopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      if (requestedScopes.some(scope => !allowedScopes.includes(scope))) throw new TokenError('invalid_scope');
      const grantedScopes = requestedScopes.length ? [...new Set(requestedScopes)] : [...allowedScopes];
      if (!grantedScopes.length) throw new TokenError('invalid_scope');

      const accessToken = await accessTokenFor(client, grantedScopes);
      issued.push(accessToken);
      count(request, body, 'issued');
      return json(200, {
        access_token: accessToken,
        expires_in: client.lifetimeSeconds ?? lifetimeSeconds,
        token_type: 'Bearer',
        scope: grantedScopes.join(' '),
      }, NO_STORE_HEADERS);
    } catch (error) {
      if (error instanceof TokenError) {
        if (error.reason) record.reason = error.reason;
        count(request, body, error.error === 'invalid_client' ? 'refused' : 'failed');
        return json(400, { error: error.error }, NO_STORE_HEADERS);
      }
      throw error;
    }
  };

  const plannedResponse = async (target: FaultTarget | undefined, request: IncomingMessage, body: string, record: RecordedRequest): Promise<PlannedResponse> => {
    switch (target) {
      case 'discovery':
        return request.method === 'GET' ? json(200, { ...discoveryDocument(), ...options.discoveryOverrides }) : { status: 405, headers: {}, body: '' };
      case 'jwks':
        return request.method === 'GET'
          ? json(200, { keys: keys.map(key => key.publicJwk) })
          : { status: 405, headers: {}, body: '' };
      case 'token':
        return tokenResponse(request, body, record);
      default:
        return { status: 404, headers: {}, body: '' };
    }
  };

  /** Takes the fault for a request of `target`, counting down `times`. */
  const takeFault = (target: FaultTarget): ActiveFault | undefined => {
    const fault = faults.get(target);
    if (!fault) return undefined;
    if (fault.remaining !== undefined && --fault.remaining <= 0) faults.delete(target);
    return fault;
  };

  const send = (response: ServerResponse, planned: PlannedResponse): void => {
    if (response.destroyed) return;
    response.writeHead(planned.status, { ...planned.headers, 'Content-Length': Buffer.byteLength(planned.body) });
    response.end(planned.body);
  };

  const delay = (ms: number): Promise<void> => new Promise(resolve => {
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      resolve();
    }, ms);
    pendingTimers.add(timer);
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const path = new URL(request.url ?? '/', issuer).pathname;
    const record: RecordedRequest = { method: request.method ?? '', path, headers: { ...request.headers }, body, at: now() };
    requests.push(record);
    const target: FaultTarget | undefined =
      path === DISCOVERY_PATH ? 'discovery' : path === JWKS_PATH ? 'jwks' : path === TOKEN_PATH ? 'token' : undefined;
    const fault = target && takeFault(target);
    if (fault && target === 'token') count(request, body, 'failed');

    switch (fault?.mode) {
      case undefined:
        return send(response, await plannedResponse(target, request, body, record));
      case 'slow':
        await delay(fault.delayMs);
        return send(response, await plannedResponse(target, request, body, record));
      case 'hang':
        return; // the socket stays open until the client gives up or close() destroys it
      case 'reset':
        request.socket.destroy();
        return;
      case '500':
        return send(response, {
          status: 500,
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
          body: '<!DOCTYPE html><html><body><h1>An unhandled exception occurred while processing the request.</h1></body></html>',
        });
      case '503':
      case '429':
        return send(response, {
          status: Number(fault.mode),
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(fault.retryAfterSeconds) },
          body: fault.mode === '503' ? 'Service Unavailable' : 'Too Many Requests',
        });
      case 'malformed-json': {
        const planned = await plannedResponse(target, request, body, record);
        const truncated = planned.body.slice(0, Math.max(1, Math.floor(planned.body.length / 2)));
        return send(response, { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: truncated || '{' });
      }
      case 'html':
        return send(response, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: CAPTIVE_PORTAL_PAGE });
      case 'empty':
        return send(response, { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: '' });
      case 'no-access-token':
        return send(response, json(200, { expires_in: lifetimeSeconds, token_type: 'Bearer', scope: 'tamarack' }, NO_STORE_HEADERS));
    }
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[konexus-idp] request failed:', error);
      if (!response.headersSent) send(response, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'internal error' });
      else response.destroy();
    });
  });

  const setFault = (target: FaultTarget | 'all', mode: FaultMode, faultOptions: FaultOptions = {}): void => {
    const targets: FaultTarget[] = target === 'all' ? ['discovery', 'token', 'jwks'] : [target];
    if (mode === 'no-access-token' && target !== 'all' && target !== 'token') {
      throw new TypeError(`fault 'no-access-token' only applies to the token endpoint, not ${target}`);
    }
    if (faultOptions.times !== undefined && !(Number.isInteger(faultOptions.times) && faultOptions.times > 0)) {
      throw new RangeError(`times must be a positive integer, got ${faultOptions.times}`);
    }
    for (const each of targets) {
      if (mode === 'none' || (mode === 'no-access-token' && each !== 'token')) {
        faults.delete(each);
        continue;
      }
      faults.set(each, {
        mode,
        remaining: faultOptions.times,
        retryAfterSeconds: faultOptions.retryAfterSeconds ?? 2,
        delayMs: faultOptions.delayMs ?? 3000,
      });
    }
  };

  return {
    issuer,
    tokenEndpoint,
    jwksUri,
    requests,
    issued,
    tokenCounts: () => [...counts.values()].map(entry => ({ ...entry })),
    clearLog() {
      requests.length = 0;
      issued.length = 0;
      counts.clear();
    },
    setFault,
    setLifetime(seconds: number) {
      if (!(Number.isInteger(seconds) && seconds > 0)) throw new RangeError(`lifetime must be a positive integer, got ${seconds}`);
      lifetimeSeconds = seconds;
    },
    addClient(client: IdpClient) {
      clients.set(client.clientId, client);
    },
    removeClient(clientId: string) {
      clients.delete(clientId);
    },
    setClientJwks(clientId: string, jwks: { keys: JWK[] }) {
      const client = clients.get(clientId);
      if (!client) throw new Error(`no registered client ${clientId}`);
      // A copy: the registered client objects (DEMO_CLIENT) are shared and restored by reset().
      clients.set(clientId, { ...client, jwks: { keys: jwks.keys.map(key => ({ ...key })) } });
    },
    async rotateKey(rotateOptions: { keepOld?: boolean } = {}) {
      const key = await generateSigningKey();
      keys = rotateOptions.keepOld === false ? [key] : [...keys, key];
      return { kid: key.kid };
    },
    get currentKid() {
      return currentKey().kid;
    },
    sign,
    issueToken(clientId: string) {
      const client = clients.get(clientId);
      if (!client) return Promise.reject(new Error(`no registered client ${clientId}`));
      return accessTokenFor(client, [...(client.scopes ?? DEFAULT_SCOPES)]);
    },
    close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      return new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
