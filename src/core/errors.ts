/**
 * Typed failures of the core. Every error the core raises is a KonexusError with a stable `code`;
 * the UI edge turns codes into words and actions. Messages never contain a secret or a token.
 */
export type KonexusErrorCode =
  // OAuth errors the token endpoint returned (RFC 6749 §5.2)
  | 'invalid_client'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_request'
  | 'invalid_grant'
  | 'oauth_error'
  // transport and server health
  | 'unreachable'
  | 'untrusted_certificate'
  | 'timeout'
  | 'aborted'
  | 'server_error'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_response'
  | 'no_access_token'
  // configuration and discovery
  | 'invalid_url'
  | 'insecure_url'
  | 'issuer_mismatch'
  | 'discovery_invalid'
  | 'unsupported_auth_method'
  // profiles
  | 'missing_secret'
  | 'unknown_profile'
  // a production profile's token was not released (src/core/production.ts)
  | 'production_not_confirmed';

/**
 * Codes worth retrying automatically: the server or the network may heal by itself. A certificate that
 * is not trusted is among them: it often comes from the network (a TLS-inspecting proxy on a VPN) rather
 * than the server, and a valid token is kept meanwhile as for any network failure.
 */
const TRANSIENT: ReadonlySet<KonexusErrorCode> = new Set([
  'unreachable', 'untrusted_certificate', 'timeout', 'server_error', 'rate_limited', 'unavailable', 'bad_response', 'no_access_token',
]);

export interface KonexusErrorDetails {
  /** HTTP status, when a response was received. */
  readonly status?: number;
  /** Milliseconds the server asked us to wait (Retry-After), when it said so. */
  readonly retryAfterMs?: number;
  /** The server's `error_description`, when it sent one (never contains our secret). */
  readonly serverDescription?: string;
  /** Which request failed: helps the message say "discovery" vs "token" vs "keys". */
  readonly operation?: 'discovery' | 'token' | 'jwks';
  readonly cause?: unknown;
}

export class KonexusError extends Error {
  override readonly name = 'KonexusError';
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly serverDescription: string | undefined;
  readonly operation: KonexusErrorDetails['operation'];

  constructor(readonly code: KonexusErrorCode, message: string, details: KonexusErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.serverDescription = details.serverDescription;
    this.operation = details.operation;
  }

  /** True when retrying later may succeed without the user changing anything. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

export function isKonexusError(value: unknown): value is KonexusError {
  return value instanceof KonexusError;
}
