import { KonexusError } from '../errors';
import { certificateCode } from './certificateCodes';
import type { HttpOperation, UnexpectedBody } from './httpWhy';
import type { ReadResponse } from './readResponse';

/**
 * Turns a failed `fetch` (no response at all) into a KonexusError: timeout, cancelled, a certificate that
 * is not accepted, or unreachable with the system's code (refused, DNS, reset). Never includes request
 * bodies, so never a secret.
 */
export function fetchFailure(error: unknown, operation: HttpOperation, url: URL, timeoutMs: number): KonexusError {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError') {
    return new KonexusError('timeout', { area: 'http', kind: 'timeout', operation, host: url.host, timeoutMs }, { operation, cause: error });
  }
  if (name === 'AbortError') {
    return new KonexusError('aborted', { area: 'http', kind: 'aborted', operation }, { operation, cause: error });
  }
  const systemCode = systemErrorCode(error);
  const certificate = systemCode === undefined ? undefined : certificateCode(systemCode);
  if (certificate) {
    return new KonexusError('untrusted_certificate', { area: 'http', kind: 'certificate', operation, host: url.host, code: certificate }, { operation, cause: error });
  }
  return new KonexusError('unreachable', { area: 'http', kind: 'unreachable', operation, host: url.host, systemCode }, { operation, cause: error });
}

/**
 * A response body over `maxBytes` (see readTextCapped), which was not read: the server or something in
 * its place (a proxy, a captive portal) is not answering as an identity server does.
 */
export function bodyTooLarge(operation: HttpOperation, url: string, maxBytes: number, status: number): KonexusError {
  return new KonexusError('bad_response', { area: 'http', kind: 'bodyTooLarge', operation, host: hostOf(url), maxBytes, status }, { status, operation });
}

/** Node's error code of a failed fetch (see systemErrorCode), for callers outside this module. */
export function fetchErrorCode(error: unknown): string | undefined {
  return systemErrorCode(error);
}

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
export function unhealthyResponse(read: ReadResponse, operation: HttpOperation, nowMs: number): KonexusError | undefined {
  const { response } = read;
  const status = response.status;
  if (status !== 429 && status < 500) return undefined;
  const host = hostOf(read.url);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  const details = { status, operation, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 429) return new KonexusError('rate_limited', { area: 'http', kind: 'rateLimited', operation, host, retryAfterMs }, details);
  if (status === 503) return new KonexusError('unavailable', { area: 'http', kind: 'unavailable', operation, host, retryAfterMs }, details);
  return new KonexusError('server_error', { area: 'http', kind: 'serverError', operation, host, status }, details);
}

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** What a body that is not the JSON we expected looks like, for "bad_response" errors (unexpectedBodyText says it). */
export function describeUnexpectedBody(contentType: string | null, text: string): UnexpectedBody {
  if (/html/i.test(contentType ?? '') || /^\s*<(?:!doctype|html)/i.test(text)) return { kind: 'html' };
  if (text.trim() === '') return { kind: 'empty' };
  return { kind: 'notJson', contentType };
}

/**
 * The host of a URL a response came from, for the words. A URL without a host (never one fetch answers
 * from) is given whole rather than left out.
 */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
