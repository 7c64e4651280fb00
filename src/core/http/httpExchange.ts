import { readTextCapped } from './cappedBody';
import type { Clock } from '../clock';
import { bodyTooLarge, fetchFailure } from './httpFailure';
import type { HttpOperation } from './httpWhy';
import { readBodyResponse, type ReadResponse } from './readResponse';

/** What the core needs to speak HTTP: an injectable fetch (VS Code's proxy-aware one, a test's) and a timeout. */
export interface HttpDeps {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  /** Whole-exchange budget per request (headers and body), in ms. */
  readonly timeoutMs: number;
}

/** Discovery documents and token answers are a few KiB; a larger body is refused unread (see exchange). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Performs one request step under a timeout covering headers and body. A slow or hanging server, a
 * reset connection or an unreachable host all end as a KonexusError (see fetchFailure). A body over
 * MAX_BODY_BYTES is not read (readTextCapped: a stated length is refused at once, a stream is cut at the
 * cap) and ends as a `bad_response`, unless the status (429, 5xx) already says all there is to say: then
 * the body is dropped and the status, with its Retry-After, is handled as for any other body.
 *
 * The timeout is one AbortController, a timer and a listener on the caller's signal, all released when the
 * body has been read: `AbortSignal.timeout` + `AbortSignal.any` cost ~15× more to set up and leave a
 * 15 s timer and a tracked composite signal behind per request (BENCHMARKS.md, row 1).
 */
export async function exchange(
  send: (fetchWithTimeout: typeof fetch) => Promise<Response>,
  operation: HttpOperation,
  url: URL,
  deps: HttpDeps,
  outerSignal?: AbortSignal,
): Promise<ReadResponse> {
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), deps.timeoutMs);
  // The caller's abort reason is an AbortError (TokenManager's reset or dispose).
  const onOuterAbort = () => controller.abort(outerSignal?.reason);
  if (outerSignal?.aborted) onOuterAbort();
  else outerSignal?.addEventListener('abort', onOuterAbort, { once: true });
  const fetchWithTimeout: typeof fetch = (input, init) => deps.fetch(input, { ...init, signal });
  let raw: Response;
  let text: string | undefined;
  try {
    raw = await send(fetchWithTimeout);
    text = await readTextCapped(raw, MAX_BODY_BYTES);
  } catch (error) {
    const reason = signal.aborted ? signal.reason : error;
    throw fetchFailure(reason ?? error, operation, url, deps.timeoutMs);
  } finally {
    clearTimeout(timer);
    outerSignal?.removeEventListener('abort', onOuterAbort);
  }
  const received = raw.url || url.href;
  if (text === undefined) {
    if (raw.status !== 429 && raw.status < 500) throw bodyTooLarge(operation, received, MAX_BODY_BYTES, raw.status);
    text = '';
  }
  return { response: readBodyResponse(raw, text), text, status: raw.status, contentType: raw.headers.get('content-type'), url: received };
}
