/**
 * konexus_request's network half: one call to the Konexus API with a profile's bearer token, sent once
 * more with a fresh token when the first answer is 401. Pure (fetch and the token are injected).
 */
import { readTextCapped } from '../../core/http/cappedBody';
import { shapeResponse, type ApiResponseFacts } from './toolResults';
import type { Redactor } from '../../core/redact';

export interface ApiRequestDeps {
  readonly fetch: typeof fetch;
  /** The profile's access token; `force` asks the identity server for a new one (after a 401). */
  readonly token: (force: boolean) => Promise<string>;
  readonly redactor: Redactor;
  readonly timeoutMs: number;
}

export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  readonly body?: string;
  readonly contentType?: string;
}

/** Bodies larger than this are not read at all (the model sees at most MAX_BODY_CHARS of one anyway). */
const MAX_READ_BYTES = 1024 * 1024;

export async function sendApiRequest(request: ApiRequest, deps: ApiRequestDeps, signal?: AbortSignal): Promise<ApiResponseFacts> {
  const sent: string[] = [];
  const send = async (token: string) => {
    sent.push(token);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json, */*;q=0.5' };
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    const timeout = AbortSignal.timeout(deps.timeoutMs);
    return deps.fetch(request.url, {
      method: request.method,
      headers,
      ...(request.body !== undefined && { body: request.body }),
      redirect: 'manual', // a redirect would carry the token elsewhere
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  };
  const first = await deps.token(false);
  let response = await send(first);
  let retried = false;
  if (response.status === 401) {
    // A forced request is held to the token budget's floor (TokenManager): within it, the same token comes
    // back, and sending it again would only earn the same 401.
    const fresh = await deps.token(true);
    if (fresh !== first) {
      void response.body?.cancel().catch(() => undefined);
      response = await send(fresh);
      retried = true;
    }
  }
  const body = (await readTextCapped(response, MAX_READ_BYTES)) ?? `(body larger than ${MAX_READ_BYTES} bytes, not read)`;
  return shapeResponse(response, body, { method: request.method, url: request.url, retried }, sent, deps.redactor);
}
