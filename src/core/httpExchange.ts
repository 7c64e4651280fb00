import type { Clock } from './clock';
import { fetchFailure } from './httpFailure';

/** What the core needs to speak HTTP: an injectable fetch (VS Code's proxy-aware one, a test's) and a timeout. */
export interface HttpDeps {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  /** Whole-exchange budget per request (headers and body), in ms. */
  readonly timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_BODY_CHARS = 1_000_000;

/**
 * A response read whole under the timeout, then re-wrapped in a fresh `Response` so the pure
 * oauth4webapi `process*` steps can consume it, while the raw text stays available for error messages.
 */
export interface ReadResponse {
  readonly response: Response;
  readonly text: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly url: string;
}

/**
 * Performs one request step under a timeout covering headers and body. A slow or hanging server, a
 * reset connection or an unreachable host all end as a KonexusError (see fetchFailure).
 */
export async function exchange(
  send: (fetchWithTimeout: typeof fetch) => Promise<Response>,
  operation: 'discovery' | 'token' | 'jwks',
  url: URL,
  deps: HttpDeps,
  outerSignal?: AbortSignal,
): Promise<ReadResponse> {
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  const signal = outerSignal ? AbortSignal.any([timeout, outerSignal]) : timeout;
  const fetchWithTimeout: typeof fetch = (input, init) => deps.fetch(input, { ...init, signal });
  try {
    const raw = await send(fetchWithTimeout);
    const text = (await raw.text()).slice(0, MAX_BODY_CHARS);
    const response = new Response(raw.status === 204 || raw.status === 304 ? null : text, {
      status: raw.status,
      statusText: raw.statusText,
      headers: raw.headers,
    });
    return { response, text, status: raw.status, contentType: raw.headers.get('content-type'), url: raw.url || url.href };
  } catch (error) {
    // The timeout signal's reason is a TimeoutError; a caller's abort is an AbortError.
    const reason = signal.aborted ? signal.reason : error;
    throw fetchFailure(reason ?? error, operation, url, deps.timeoutMs);
  }
}
