/**
 * The change proposed for src/core/httpExchange.ts, kept here so row 1 can measure it beside the real
 * exchange(): identical except that a 200 JSON answer (every successful discovery, token and key-set
 * response) is handed on as it came, unread, instead of being read to text and re-wrapped in a second
 * Response that oauth4webapi then reads again. The timeout signal stays attached to the fetch, so the body
 * read inside oauth4webapi's process step is still under the same budget. What the callers lose: `text`
 * is '' on that path, so a 200 JSON body that then fails to parse is described from its content type only.
 */
import { fetchFailure } from '../../../src/core/httpFailure';
import type { HttpDeps, ReadResponse } from '../../../src/core/httpExchange';

const MAX_BODY_CHARS = 1_000_000;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export async function proposedExchange(
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
    const contentType = raw.headers.get('content-type');
    if (raw.status === 200 && JSON_TYPE.test(contentType ?? '')) {
      return { response: raw, text: '', status: 200, contentType, url: raw.url || url.href };
    }
    const text = (await raw.text()).slice(0, MAX_BODY_CHARS);
    const response = new Response(raw.status === 204 || raw.status === 304 ? null : text, {
      status: raw.status,
      statusText: raw.statusText,
      headers: raw.headers,
    });
    return { response, text, status: raw.status, contentType, url: raw.url || url.href };
  } catch (error) {
    const reason = signal.aborted ? signal.reason : error;
    throw fetchFailure(reason ?? error, operation, url, deps.timeoutMs);
  }
}
