/**
 * A small forward proxy on 127.0.0.1 that records what passes through it, for the network suite: HTTPS
 * by CONNECT tunnels, plain HTTP by absolute-form requests. It resolves host names itself through a
 * fixed table (e.g. `auth.konexus.test` → 127.0.0.1) and refuses every other name with 502, so a name
 * that nothing else on the machine resolves is reachable only through it: a request that reached such a
 * server went through this proxy.
 *
 * Requests in origin form (`GET /log`, `POST /clear`) are its own control API, for the suites running in
 * the extension host (VS Code sends loopback requests directly, not through the proxy).
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
  /** 'CONNECT' for a tunnel, else the forwarded request's method. */
  readonly method: string;
  /** `host:port` of a CONNECT, or the absolute URL of a forwarded request. */
  readonly target: string;
  /** 'tunnel' / 'forwarded', or 'refused' when the host is not in the table (answered 502). */
  readonly outcome: 'tunnel' | 'forwarded' | 'refused';
}

export interface RecordingProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** `hosts` maps host names (lower case) to the address the proxy connects to instead. */
export async function startRecordingProxy(hosts: Record<string, string>): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const addressOf = (host: string): string | undefined => hosts[host.toLowerCase().replace(/^\[|\]$/g, '')];

  const control = (request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (request.method === 'GET' && request.url === '/log') reply(200, requests);
    else if (request.method === 'POST' && request.url === '/clear') reply(200, (requests.length = 0, null));
    else reply(404, { error: `no operation ${request.method} ${request.url}` });
  };

  const server = createServer((request, response) => {
    if ((request.url ?? '').startsWith('/')) return control(request, response);
    const method = request.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    const address = url.protocol === 'http:' ? addressOf(url.hostname) : undefined;
    requests.push({ method, target: url.href, outcome: address ? 'forwarded' : 'refused' });
    if (!address) {
      response.writeHead(502, { 'Content-Type': 'text/plain' }).end(`the test proxy does not resolve ${url.hostname}`);
      return;
    }
    const upstream = httpRequest({
      host: address, port: Number(url.port || 80), method, path: `${url.pathname}${url.search}`,
      headers: { ...request.headers, host: url.host },
    }, upstreamResponse => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
    });
    upstream.on('error', () => response.headersSent ? response.destroy() : response.writeHead(502).end());
    request.pipe(upstream);
  });

  server.on('connection', track);
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    const address = match ? addressOf(match[1] ?? '') : undefined;
    requests.push({ method: 'CONNECT', target, outcome: address ? 'tunnel' : 'refused' });
    if (!match || !address) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(match[2]), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>(resolve => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}
