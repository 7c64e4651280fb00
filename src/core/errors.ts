/**
 * Typed failures of the core. Every error the core raises is a KonexusError with a stable `code` (what
 * kind of failure, for retry and recovery decisions) and a `why` (what exactly happened, with the values
 * a sentence needs). The core makes no sentence: the edge turns `why` into words where it is shown
 * (src/platform/model/words/errorWords.ts). Values never contain a secret or a token.
 */
import type { HttpOperation, HttpWhy } from './http/httpWhy';
import type { TokenWhy } from './tokens/tokenWhy';

/**
 * What exactly failed, with the values the words need; `area` says which words file, `kind` which sentence.
 * `area: 'words'` is for the edge alone (see KonexusError.withWords): its sentence is already made.
 */
export type ErrorWhy = HttpWhy | TokenWhy | WordsWhy;

/** An error the edge raised with its sentence already made (a command's bad argument, a refused edit). */
export interface WordsWhy {
  readonly area: 'words';
  readonly kind: 'said';
  readonly text: string;
}
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
  // a production profile's token was not released (src/core/tokens/production.ts)
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
  /** Which request failed (discovery, token or keys), for code that reads the error; the words read `why`. */
  readonly operation?: HttpOperation;
  readonly cause?: unknown;
}

export class KonexusError extends Error {
  override readonly name = 'KonexusError';
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly serverDescription: string | undefined;
  readonly operation: KonexusErrorDetails['operation'];

  /**
   * `message` is for developers (stack traces, tests): `code: kind`, in no language (a withWords error:
   * its sentence). What a person reads comes from errorText() at the edge (src/platform/model/words/errorWords.ts).
   */
  constructor(readonly code: KonexusErrorCode, readonly why: ErrorWhy, details: KonexusErrorDetails = {}) {
    super(why.area === 'words' ? why.text : `${code}: ${why.kind}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.serverDescription = details.serverDescription;
    this.operation = details.operation;
  }

  /**
   * For the edge, which makes words: an error whose sentence is already made where it is raised (a
   * command's argument, an edit VS Code refused). The core never calls it (test/node/architecture.test.ts).
   */
  static withWords(code: KonexusErrorCode, text: string, details: KonexusErrorDetails = {}): KonexusError {
    return new KonexusError(code, { area: 'words', kind: 'said', text }, details);
  }

  /** True when retrying later may succeed without the user changing anything. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

/**
 * By shape as well as by class: an error made by another copy of this module (the extension's bundle, seen
 * from a test or another extension) is one too.
 */
export function isKonexusError(value: unknown): value is KonexusError {
  if (value instanceof KonexusError) return true;
  if (!(value instanceof Error) || value.name !== 'KonexusError') return false;
  const { code, why } = value as { code?: unknown; why?: unknown };
  return typeof code === 'string' && typeof why === 'object' && why !== null && typeof (why as { kind?: unknown }).kind === 'string';
}
