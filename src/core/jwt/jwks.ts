/**
 * The issuer's keys (JWKS), fetched and cached per URI by jose's remote key set. jose does the caching,
 * the refetch when a kid is unknown (key rotation) and the cooldown that stops a flood of unknown kids
 * from becoming a flood of requests. This file adds what jose leaves to us: refusing plain http except on
 * loopback, an injectable fetch, and failures that carry what happened (a status, a body that is not JSON,
 * a timeout) as values (checkWhy.ts) instead of a generic JOSEError; keyWords.ts says them where shown.
 */
import { createRemoteJWKSet, customFetch } from 'jose';
import type { FetchImplementation, RemoteJWKSet } from 'jose';
import { isLoopbackHost } from '../authority';
import { readTextCapped } from '../http/cappedBody';
import { fetchErrorCode, hostOf } from '../http/httpFailure';
import { messageOf } from './checks';
import type { JwksFetchProblem, JwksUriProblem, KeySetProblem, NetworkProblem } from './checkWhy';

export interface JwksCacheOptions {
  /** The fetch to use (tests inject one); default: the global fetch at call time. */
  readonly fetch?: typeof fetch;
  /** Abort a key set request after this long. Default 5000. */
  readonly timeoutMs?: number;
  /** After a successful fetch, an unknown kid does not cause another fetch for this long. Default 30000. */
  readonly cooldownMs?: number;
  /** Keys older than this are fetched again before use. Default 10 minutes. */
  readonly cacheMaxAgeMs?: number;
}

/** Spellings of key set URIs remembered by keySetFor (issuers are few; a flood just starts over). */
const MAX_SPELLINGS = 64;

/** A key set larger than this is not a key set: refuse rather than parse it. */
const MAX_JWKS_BYTES = 1024 * 1024;

export type JwksUriCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly why: JwksUriProblem };

export type KeySetLookup =
  | { readonly ok: true; readonly keySet: RemoteJWKSet; readonly url: URL; readonly cooldownMs: number }
  | { readonly ok: false; readonly why: KeySetProblem };

export type JwksFetchFailure = JwksFetchProblem['kind'];

/**
 * Thrown only from inside our customFetch, where jose needs a rejection; signatureCheck.ts turns it into
 * a failed check carrying `why`. It never escapes this module's callers. `message` is for developers.
 */
export class JwksFetchError extends Error {
  override readonly name = 'JwksFetchError';
  readonly code: JwksFetchFailure;
  constructor(readonly why: JwksFetchProblem) {
    super(`jwks: ${why.kind}`);
    this.code = why.kind;
  }
}

/**
 * Keys must come over HTTPS: a key set fetched over plain http can be swapped by anyone on the path,
 * and then every forged token verifies. Loopback is exempt because local test servers have no certificate.
 */
export function checkJwksUri(uri: string): JwksUriCheck {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, why: { kind: 'invalidUrl', uri } };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return { ok: true, url };
    return { ok: false, why: { kind: 'plainHttp', href: url.href } };
  }
  return { ok: false, why: { kind: 'notHttps', uri } };
}


/** One remote key set per JWKS URI, kept for the life of the cache (the extension keeps one cache). */
export class JwksCache {
  private readonly keySets = new Map<string, RemoteJWKSet>();
  /** Lookups by the URI as callers spell it: a verification repeats it, and parsing it costs more than the rest. */
  private readonly lookups = new Map<string, KeySetLookup & { ok: true }>();
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly cacheMaxAgeMs: number;

  constructor(options: JwksCacheOptions = {}) {
    this.fetchImpl = options.fetch;
    // jose throws a TypeError on a negative, NaN or (for the timeout) fractional value: clamp here instead.
    this.timeoutMs = durationOr(options.timeoutMs, 5000, true);
    this.cooldownMs = durationOr(options.cooldownMs, 30_000, false);
    this.cacheMaxAgeMs = durationOr(options.cacheMaxAgeMs, 600_000, false);
  }

  /** The cached key set for a URI, or why there is none (a refused URI). Never fetches by itself. */
  keySetFor(jwksUri: string): KeySetLookup {
    const known = this.lookups.get(jwksUri);
    if (known) return known;
    const checked = checkJwksUri(jwksUri);
    if (!checked.ok) return checked;
    const { url } = checked;
    let keySet = this.keySets.get(url.href);
    if (!keySet) {
      try {
        keySet = createRemoteJWKSet(url, {
          timeoutDuration: this.timeoutMs,
          cooldownDuration: this.cooldownMs,
          cacheMaxAge: this.cacheMaxAgeMs,
          [customFetch]: this.describedFetch(),
        });
      } catch (error) {
        return { ok: false, why: { kind: 'setupFailed', href: url.href, detail: messageOf(error) } };
      }
      this.keySets.set(url.href, keySet);
    }
    const lookup = { ok: true as const, keySet, url, cooldownMs: this.cooldownMs };
    if (this.lookups.size >= MAX_SPELLINGS) this.lookups.clear();
    this.lookups.set(jwksUri, lookup);
    return lookup;
  }

  /** Drops the cached keys of one URI (or all): the next verification fetches them again. */
  forget(jwksUri?: string): void {
    this.lookups.clear();
    if (jwksUri === undefined) this.keySets.clear();
    else this.keySets.delete(checkJwksUri(jwksUri).ok ? new URL(jwksUri).href : jwksUri);
  }

  /** A fetch for jose that turns each way a key set request can fail into a JwksFetchError with values. */
  private describedFetch(): FetchImplementation {
    const timeoutMs = this.timeoutMs;
    return async (url, init) => {
      const fetchImpl = this.fetchImpl ?? globalThis.fetch;
      const timedOut = () => new JwksFetchError({ kind: 'timeout', url: String(url), timeoutMs });
      let response: Response;
      try {
        // Race the signal too: an injected fetch that ignores it must still time out.
        response = await raceAbort(fetchImpl(url, init), init.signal);
      } catch (error) {
        if (init.signal.aborted) throw timedOut();
        throw new JwksFetchError({ kind: 'unreachable', url: String(url), stage: 'connect', network: networkProblem(error, url) });
      }
      if (response.status !== 200) {
        void response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        const redirect = location && response.status >= 300 && response.status < 400 ? { location } : {};
        throw new JwksFetchError({ kind: 'http_status', url: String(url), status: response.status, statusText: response.statusText, ...redirect });
      }
      let text: string;
      try {
        text = await raceAbort(readKeySet(response), init.signal);
      } catch (error) {
        if (init.signal.aborted) throw timedOut();
        if (error instanceof JwksFetchError) throw error;
        throw new JwksFetchError({ kind: 'unreachable', url: String(url), stage: 'read', network: networkProblem(error, url) });
      }
      try {
        JSON.parse(text);
      } catch {
        const contentType = response.headers.get('content-type');
        throw new JwksFetchError({ kind: 'not_json', url: String(url), ...(contentType && { contentType }) });
      }
      return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
    };
  }
}

async function readKeySet(response: Response): Promise<string> {
  const text = await readTextCapped(response, MAX_JWKS_BYTES);
  if (text === undefined) throw new JwksFetchError({ kind: 'too_large', maxBytes: MAX_JWKS_BYTES });
  return text;
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // The loser must not become an unhandled rejection.
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      value => { signal.removeEventListener('abort', onAbort); resolve(value); },
      error => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}

/** Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in `cause`. */
function networkProblem(error: unknown, url: string): NetworkProblem {
  const code = fetchErrorCode(error);
  const causeCode = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return {
    host: hostOf(url),
    ...(code !== undefined && { code }),
    ...(typeof causeCode === 'string' && { causeCode }),
    detail: messageOf(error),
  };
}


function durationOr(value: number | undefined, fallback: number, integer: boolean): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  const clamped = Math.max(0, value);
  return integer ? Math.min(Math.floor(clamped), 2_147_483_647) : clamped;
}
