import { KonexusError } from './errors';
import type { ReadResponse } from './httpExchange';

type Operation = 'discovery' | 'token' | 'jwks';

const WHAT: Record<Operation, string> = {
  discovery: 'the discovery document',
  token: 'a token',
  jwks: 'the signing keys',
};

/**
 * Turns a failed `fetch` (no response at all) into a KonexusError: timeout, cancelled, or unreachable with
 * the system's reason (refused, DNS, reset, TLS). Never includes request bodies, so never a secret.
 */
export function fetchFailure(error: unknown, operation: Operation, url: URL, timeoutMs: number): KonexusError {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError') {
    return new KonexusError('timeout', `${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s while asking for ${WHAT[operation]}. The server may be overloaded or a proxy may be holding the request; it will be retried.`, { operation, cause: error });
  }
  if (name === 'AbortError') {
    return new KonexusError('aborted', `The request for ${WHAT[operation]} was cancelled.`, { operation, cause: error });
  }
  const code = systemErrorCode(error);
  const reason = code ? (SYSTEM_REASONS[code] ?? code) : 'the connection failed';
  return new KonexusError('unreachable', `Cannot reach ${url.host} for ${WHAT[operation]}: ${reason}. Check the authority, your network and proxy settings.`, { operation, cause: error });
}

const SYSTEM_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'DNS lookup failed (offline?)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable (offline?)',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified (a corporate proxy?)",
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate is in the chain (a corporate proxy?)',
};

/** undici wraps the system error: `TypeError('fetch failed', { cause: { code } })`, sometimes nested. */
function systemErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Statuses that say "the server is not well right now", whatever the endpoint: 429, 5xx. Returns undefined
 * for the others, which the endpoint-specific processing handles.
 */
export function unhealthyResponse(read: ReadResponse, operation: Operation, nowMs: number): KonexusError | undefined {
  const { response } = read;
  if (response.status !== 429 && response.status < 500) return undefined;
  const host = hostOf(read.url);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  const wait = retryAfterMs === undefined ? '' : ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
  const details = { status: response.status, operation, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (response.status === 429) {
    return new KonexusError('rate_limited', `${host} is rate limiting requests for ${WHAT[operation]} (HTTP 429).${wait} It will be retried.`, details);
  }
  if (response.status === 503) {
    return new KonexusError('unavailable', `${host} is temporarily unavailable (HTTP 503) while asking for ${WHAT[operation]}.${wait} It will be retried.`, details);
  }
  if (response.status >= 500) {
    return new KonexusError('server_error', `${host} failed with HTTP ${response.status} while asking for ${WHAT[operation]}. This is a server-side problem; it will be retried.`, details);
  }
  return undefined;
}

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** A short description of a body that is not the JSON we expected, for "bad_response" messages. */
export function describeUnexpectedBody(contentType: string | null, text: string): string {
  if (/html/i.test(contentType ?? '') || /^\s*<(?:!doctype|html)/i.test(text)) {
    return 'an HTML page instead of JSON (a proxy, captive portal or sign-in page in the way?)';
  }
  if (text.trim() === '') return 'an empty body';
  return `a body that is not valid JSON (${contentType ?? 'no content type'})`;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host || 'the identity server';
  } catch {
    return 'the identity server';
  }
}
