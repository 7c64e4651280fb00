import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { readTextCapped } from '../../src/core/http/cappedBody';
import { DiscoveryCache } from '../../src/core/http/discovery';
import type { KonexusError } from '../../src/core/errors';
import { MAX_BODY_BYTES } from '../../src/core/http/httpExchange';
import { requestToken } from '../../src/core/tokens/tokenClient';
import { errorText } from '../../src/platform/model/words/errorWords';
import { FakeClock } from './lib/fakeClock';

const MiB = 1024 * 1024;
/** What a hostile or broken server streams: the review's 300 MiB, read whole in 2.6 s before the cap. */
const FLOOD_BYTES = 300 * MiB;
/** What the client may take in before it hangs up: the cap plus what loopback socket buffers hold. */
const MAX_SERVER_SENT = 32 * MiB;

interface Sent {
  /** Bytes the server handed to the socket, honouring backpressure, until the client hung up. */
  bytes: number;
  /** Settles when the connection is gone (the client hung up, or the server ended). */
  readonly closed: Promise<void>;
}

/** Writes `chunk` until `total` bytes or until the client hangs up, never faster than the client reads. */
function flood(response: ServerResponse, headers: Record<string, string | number>, chunk: Buffer, total: number): Sent {
  const sent: Sent = { bytes: 0, closed: new Promise(resolve => response.once('close', resolve)) };
  response.on('error', () => undefined);
  response.writeHead(200, headers);
  const pump = () => {
    while (sent.bytes < total && !response.destroyed) {
      sent.bytes += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
  return sent;
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;

describe('response bodies are capped', () => {
  let server: Server;
  let base: string;
  let tokenRoute: Route;
  let discoveryRoute: Route | undefined;
  let sent: Sent | undefined;

  const discoveryDocument = () => JSON.stringify({
    issuer: base, token_endpoint: `${base}/connect/token`, jwks_uri: `${base}/jwks`,
    token_endpoint_auth_methods_supported: ['client_secret_post'],
  });

  before(async () => {
    server = createServer((request, response) => {
      if (request.url?.endsWith('/.well-known/openid-configuration')) {
        if (discoveryRoute) return discoveryRoute(request, response);
        response.setHeader('content-type', 'application/json');
        return response.end(discoveryDocument());
      }
      request.resume();
      tokenRoute(request, response);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>(resolve => server.close(() => resolve())));
  beforeEach(() => {
    discoveryRoute = undefined;
    sent = undefined;
  });
  afterEach(() => server.closeAllConnections());

  /** Bytes the client took out of response bodies (after content-encoding is undone) in a test, by endpoint. */
  let clientRead = { discovery: 0, token: 0 };
  /** The real fetch, with each response body counted as the client reads it. */
  const countingFetch: typeof fetch = async (input, init) => {
    const raw = await fetch(input, init);
    if (!raw.body) return raw;
    const endpoint = String(input).includes('/.well-known/') ? 'discovery' : 'token';
    const counted = raw.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        clientRead[endpoint] += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }));
    return new Response(counted, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
  };

  const ask = (timeoutMs = 10_000) => {
    clientRead = { discovery: 0, token: 0 };
    const http = { fetch: countingFetch, clock: new FakeClock(), timeoutMs };
    return requestToken({ authority: base, clientId: 'client', clientSecret: 'secret-never-in-messages' }, { ...http, discovery: new DiscoveryCache(http) })
      .then(() => assert.fail('a token from an over-size answer'), (error: KonexusError) => error);
  };

  const assertTooLarge = (error: KonexusError, operation: string, what: RegExp) => {
    assert.equal(error.code, 'bad_response', error.message);
    assert.equal(error.operation, operation);
    assert.equal(error.status, 200);
    assert.match(errorText(error), /^127\.0\.0\.1:\d+ answered the request for /);
    assert.match(errorText(error), what);
    assert.match(errorText(error), /with more than 1 MiB \(HTTP 200\), so the answer was not read\. .*check the authority/);
    assert.doesNotMatch(errorText(error), /secret-never-in-messages/);
  };

  /** The client stopped at the first chunk past the cap (undici hands over at most 64 KiB at a time). */
  const assertReadAboutTheCap = (endpoint: 'discovery' | 'token' = 'token') => {
    const read = clientRead[endpoint];
    assert.ok(read > MAX_BODY_BYTES && read <= MAX_BODY_BYTES + MiB, `the client read ${(read / MiB).toFixed(2)} MiB`);
  };

  it('hangs up on a token endpoint streaming 300 MiB after about 1 MiB, memory staying small', async () => {
    tokenRoute = (_request, response) => { sent = flood(response, { 'content-type': 'application/json' }, Buffer.alloc(64 * 1024, 'a'), FLOOD_BYTES); };
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const error = await ask();
    await sent!.closed;
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    assertTooLarge(error, 'token', /for a token/);
    assertReadAboutTheCap();
    assert.ok(sent!.bytes < MAX_SERVER_SENT, `the server got to send ${(sent!.bytes / MiB).toFixed(1)} MiB`);
    assert.ok(rssGrowth < 64 * MiB, `RSS grew by ${(rssGrowth / MiB).toFixed(1)} MiB`);
    console.log(`      (client read ${(clientRead.token / MiB).toFixed(2)} MiB; server sent ${(sent!.bytes / MiB).toFixed(1)} MiB before the client hung up; RSS +${(rssGrowth / MiB).toFixed(1)} MiB; ${Date.now() - started} ms)`);
  });

  it('hangs up on a discovery document streaming 300 MiB', async () => {
    discoveryRoute = (_request, response) => { sent = flood(response, { 'content-type': 'application/json' }, Buffer.alloc(64 * 1024, ' '), FLOOD_BYTES); };
    tokenRoute = () => assert.fail('no token request after a refused discovery');
    const error = await ask();
    await sent!.closed;
    assertTooLarge(error, 'discovery', /for the discovery document/);
    assertReadAboutTheCap('discovery');
    assert.ok(sent!.bytes < MAX_SERVER_SENT, `the server got to send ${(sent!.bytes / MiB).toFixed(1)} MiB`);
  });

  it('refuses a content-length over the cap at once, without reading or waiting for the body', async () => {
    // Announces 10 GiB, sends 16 bytes and never ends: only the header can stop the client before its timeout.
    tokenRoute = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 10 * 1024 * MiB });
      response.write('{"access_token":');
    };
    const error = await ask(5_000);
    assertTooLarge(error, 'token', /for a token/);
    assert.equal(clientRead.token, 0, 'nothing of the body was read');
  });

  it('counts bytes after decompression: a 300 KiB gzip body that inflates to 300 MiB is cut', async () => {
    const member = gzipSync(Buffer.alloc(MiB, ' ')); // gzip members concatenate into one valid body
    const members = FLOOD_BYTES / MiB;
    tokenRoute = (_request, response) => {
      sent = flood(response, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': member.length * members }, member, member.length * members);
    };
    const rssBefore = process.memoryUsage().rss;
    const error = await ask();
    await sent!.closed;
    assertTooLarge(error, 'token', /for a token/);
    assertReadAboutTheCap();
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    assert.ok(rssGrowth < 64 * MiB, `RSS grew by ${(rssGrowth / MiB).toFixed(1)} MiB`);
  });

  it('keeps the status of a 503 with an over-size page: unavailable, with its Retry-After', async () => {
    tokenRoute = (_request, response) => {
      response.on('error', () => undefined);
      response.writeHead(503, { 'content-type': 'text/html', 'retry-after': '7', 'content-length': 2 * MiB });
      response.end(Buffer.alloc(2 * MiB, 'x'));
    };
    const error = await ask();
    assert.equal(error.code, 'unavailable', error.message);
    assert.equal(error.retryAfterMs, 7_000);
  });

  it('still reads a token answer just under the cap', async () => {
    const padding = 'p'.repeat(MAX_BODY_BYTES - 200);
    tokenRoute = (_request, response) => {
      const body = JSON.stringify({ access_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', token_type: 'Bearer', expires_in: 60, padding });
      assert.ok(Buffer.byteLength(body) <= MAX_BODY_BYTES);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    };
    const http = { fetch, clock: new FakeClock(), timeoutMs: 10_000 };
    const token = await requestToken({ authority: base, clientId: 'client', clientSecret: 'x' }, { ...http, discovery: new DiscoveryCache(http) });
    assert.equal(token.accessToken, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
  });
});

describe('readTextCapped', () => {
  const chunked = (...parts: Uint8Array[]) => new Response(new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  }));

  it('reads up to the cap exactly and refuses one byte more', async () => {
    assert.equal(await readTextCapped(new Response('x'.repeat(10)), 10), 'x'.repeat(10));
    assert.equal(await readTextCapped(new Response('x'.repeat(11)), 10), undefined);
    assert.equal(await readTextCapped(chunked(new Uint8Array(6), new Uint8Array(5)), 10), undefined);
  });

  it('decodes UTF-8 split across chunks, and an empty or absent body', async () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë ✓"}');
    const cut = bytes.indexOf(0xc3) + 1; // inside ë
    assert.equal(await readTextCapped(chunked(bytes.slice(0, cut), bytes.slice(cut)), 100), '{"name":"Zoë ✓"}');
    assert.equal(await readTextCapped(new Response(''), 100), '');
    assert.equal(await readTextCapped(new Response(null, { status: 204 }), 100), '');
  });

  it('refuses a stated length over the cap without reading, and cancels the stream', async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1));
        if (pulled === 100) controller.close(); // finite, so that a reader that ignores the cap still ends
      },
      cancel() { cancelled = true; },
    }, { highWaterMark: 0 });
    const response = new Response(body, { headers: { 'content-length': '11' } });
    assert.equal(await readTextCapped(response, 10), undefined);
    assert.equal(pulled, 0);
    assert.ok(cancelled);
  });
});
