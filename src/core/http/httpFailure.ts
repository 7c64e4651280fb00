import * as l10n from '@vscode/l10n';
import { KonexusError } from '../errors';
import type { ReadResponse } from './readResponse';

type Operation = 'discovery' | 'token' | 'jwks';

/** What was asked for, as the {what} of the messages below (looked up when a message is made, after l10n.config). */
function what(operation: Operation): string {
  switch (operation) {
    case 'discovery': return l10n.t('the discovery document');
    case 'token': return l10n.t('a token');
    case 'jwks': return l10n.t('the signing keys');
  }
}

/**
 * Turns a failed `fetch` (no response at all) into a KonexusError: timeout, cancelled, or unreachable with
 * the system's reason (refused, DNS, reset, TLS). Never includes request bodies, so never a secret.
 */
export function fetchFailure(error: unknown, operation: Operation, url: URL, timeoutMs: number): KonexusError {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError') {
    return new KonexusError('timeout', l10n.t({
      message: '{host} did not answer within {seconds} s while asking for {what}. The server may be overloaded or a proxy may be holding the request; it will be retried.',
      args: { host: url.host, seconds: Math.round(timeoutMs / 1000), what: what(operation) },
      comment: ['{what} is "the discovery document", "a token" or "the signing keys"'],
    }), { operation, cause: error });
  }
  if (name === 'AbortError') {
    return new KonexusError('aborted', l10n.t({ message: 'The request for {what} was cancelled.', args: { what: what(operation) }, comment: ['{what} is "the discovery document", "a token" or "the signing keys"'] }), { operation, cause: error });
  }
  const code = systemErrorCode(error);
  const certificate = code ? certificateProblem(code, url.host) : undefined;
  if (certificate) {
    const message = certificate.untrustedIssuer
      ? l10n.t({ message: '{problem} while asking for {what}. {advice}', args: { problem: certificate.text, what: what(operation), advice: trustAdvice() }, comment: ['{problem} is "The TLS certificate of HOST is not trusted (…)"', '{what} is "the discovery document", "a token" or "the signing keys"'] })
      : l10n.t({ message: '{problem} while asking for {what}.', args: { problem: certificate.text, what: what(operation) }, comment: ['{problem} is "The TLS certificate of HOST has expired (…)"', '{what} is "the discovery document", "a token" or "the signing keys"'] });
    return new KonexusError('untrusted_certificate', message, { operation, cause: error });
  }
  const reason = code ? (systemReason(code) ?? code) : l10n.t('the connection failed');
  return new KonexusError('unreachable', l10n.t({
    message: 'Cannot reach {host} for {what}: {reason}. Check the authority, your network and proxy settings.',
    args: { host: url.host, what: what(operation), reason },
    comment: ['{what} is "the discovery document", "a token" or "the signing keys"', '{reason} says why, such as "connection refused (nothing listens there)"'],
  }), { operation, cause: error });
}

/**
 * A response body over `maxBytes` (see readTextCapped), which was not read: the server or something in
 * its place (a proxy, a captive portal) is not answering as an identity server does.
 */
export function bodyTooLarge(operation: Operation, url: string, maxBytes: number, status: number): KonexusError {
  return new KonexusError('bad_response', l10n.t({
    message: '{host} answered the request for {what} with more than {size} MiB (HTTP {status}), so the answer was not read. An identity server answers with a few KiB: check the authority, and whether a proxy or captive portal answers in its place.',
    args: { host: hostOf(url), what: what(operation), size: maxBytes / (1024 * 1024), status },
    comment: ['{what} is "the discovery document", "a token" or "the signing keys"'],
  }), { status, operation });
}

/** A system error code in words, or undefined for a code we have no words for (certificates: certificateProblem). */
function systemReason(code: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED': return l10n.t('connection refused (nothing listens there)');
    case 'ECONNRESET': return l10n.t('the connection was reset');
    case 'ENOTFOUND': return l10n.t('the host name does not resolve');
    case 'EAI_AGAIN': return l10n.t('DNS lookup failed (offline?)');
    case 'ETIMEDOUT': return l10n.t('the connection timed out');
    case 'EHOSTUNREACH': return l10n.t('the host is unreachable');
    case 'ENETUNREACH': return l10n.t('the network is unreachable (offline?)');
    case 'UND_ERR_SOCKET': return l10n.t('the connection closed unexpectedly');
    case 'UND_ERR_CONNECT_TIMEOUT': return l10n.t('connecting timed out');
    default: return undefined;
  }
}

/** OpenSSL's verify errors that mean "signed by a CA this machine does not trust", with what each says. */
function untrustedIssuerReason(code: string): string | undefined {
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY': return l10n.t('its issuer is unknown');
    case 'SELF_SIGNED_CERT_IN_CHAIN': return l10n.t('its chain ends in a CA that is not trusted');
    case 'DEPTH_ZERO_SELF_SIGNED_CERT': return l10n.t('it is self-signed');
    case 'CERT_UNTRUSTED': return l10n.t('its CA is not trusted for this');
    case 'CERT_SIGNATURE_FAILURE': return l10n.t('its signature does not verify');
    default: return undefined;
  }
}

/** What to do about a CA that is not trusted; README "Proxy and certificates" says it at length. */
export function trustAdvice(): string {
  return l10n.t('If a corporate proxy that inspects TLS or a private CA signed it, add that CA to the operating system\'s trust store, which VS Code reads (http.systemCertificates, on by default); a CA in NODE_EXTRA_CA_CERTS counts only while http.systemCertificates is off. See "Proxy and certificates" in the README.');
}

export interface CertificateProblem {
  /** "The TLS certificate of HOST is not trusted (…)", without a final period or advice. */
  readonly text: string;
  /** Signed by a CA this machine does not trust: trustAdvice() applies. */
  readonly untrustedIssuer: boolean;
}

/** A TLS certificate failure in words (`code` as Node and OpenSSL name it); undefined for other codes. */
export function certificateProblem(code: string, host: string): CertificateProblem | undefined {
  const untrusted = untrustedIssuerReason(code);
  if (untrusted) return { text: l10n.t('The TLS certificate of {0} is not trusted ({1})', host, untrusted), untrustedIssuer: true };
  switch (code) {
    case 'CERT_HAS_EXPIRED': return { text: l10n.t("The TLS certificate of {0} has expired (or this computer's clock is far ahead)", host), untrustedIssuer: false };
    case 'CERT_NOT_YET_VALID': return { text: l10n.t("The TLS certificate of {0} is not valid yet (or this computer's clock is behind)", host), untrustedIssuer: false };
    case 'ERR_TLS_CERT_ALTNAME_INVALID': return { text: l10n.t('The TLS certificate of {0} is for another host name (a wrong authority, or a proxy answering in its place?)', host), untrustedIssuer: false };
    default: return undefined;
  }
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
export function unhealthyResponse(read: ReadResponse, operation: Operation, nowMs: number): KonexusError | undefined {
  const { response } = read;
  if (response.status !== 429 && response.status < 500) return undefined;
  const host = hostOf(read.url);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  // A whole sentence, or nothing: it stands between two sentences of the messages below.
  const wait = retryAfterMs === undefined ? '' : ` ${l10n.t('It asked to wait {0} s.', Math.ceil(retryAfterMs / 1000))}`;
  const details = { status: response.status, operation, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (response.status === 429) {
    return new KonexusError('rate_limited', l10n.t({
      message: '{host} is rate limiting requests for {what} (HTTP 429).{wait} It will be retried.',
      args: { host, what: what(operation), wait },
      comment: ['{what} is "the discovery document", "a token" or "the signing keys"', '{wait} is empty or a sentence such as " It asked to wait 30 s." with its leading space'],
    }), details);
  }
  if (response.status === 503) {
    return new KonexusError('unavailable', l10n.t({
      message: '{host} is temporarily unavailable (HTTP 503) while asking for {what}.{wait} It will be retried.',
      args: { host, what: what(operation), wait },
      comment: ['{what} is "the discovery document", "a token" or "the signing keys"', '{wait} is empty or a sentence such as " It asked to wait 30 s." with its leading space'],
    }), details);
  }
  if (response.status >= 500) {
    return new KonexusError('server_error', l10n.t({
      message: '{host} failed with HTTP {status} while asking for {what}. This is a server-side problem; it will be retried.',
      args: { host, status: response.status, what: what(operation) },
      comment: ['{what} is "the discovery document", "a token" or "the signing keys"'],
    }), details);
  }
  return undefined;
}

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** A short description of a body that is not the JSON we expected, for "bad_response" messages. */
export function describeUnexpectedBody(contentType: string | null, text: string): string {
  if (/html/i.test(contentType ?? '') || /^\s*<(?:!doctype|html)/i.test(text)) {
    return l10n.t('an HTML page instead of JSON (a proxy, captive portal or sign-in page in the way?)');
  }
  if (text.trim() === '') return l10n.t('an empty body');
  return l10n.t('a body that is not valid JSON ({0})', contentType ?? l10n.t('no content type'));
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host || l10n.t('the identity server');
  } catch {
    return l10n.t('the identity server');
  }
}
