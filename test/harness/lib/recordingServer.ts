/**
 * A TCP server on 127.0.0.1 that keeps every byte any client sends it (HTTP, a proxy's CONNECT, a TLS
 * hello: whatever arrives) and answers each request head with a bare 404. Tests aim hostile workspaces at
 * it and then search what it received for secrets; `connections` alone shows whether anything called it.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RecordingServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** The bytes of each connection, in order of arrival (appended while the connection lives). */
  readonly connections: readonly Buffer[];
  /** Every byte received, all connections one after the other. */
  received(): Buffer;
  close(): Promise<void>;
}

const NOT_FOUND = 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

export async function startRecordingServer(): Promise<RecordingServer> {
  const connections: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(socket => {
    sockets.add(socket);
    const index = connections.push(Buffer.alloc(0)) - 1;
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      connections[index] = Buffer.concat([connections[index]!, chunk]);
      // Answer once the request head is complete, then let the client send whatever else it wants.
      if (!answered && connections[index]!.includes('\r\n\r\n')) {
        answered = true;
        socket.write(NOT_FOUND);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    received: () => Buffer.concat(connections),
    close: () => new Promise<void>(resolve => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * The forms a secret takes on the wire or in storage: as is, URL- and form-encoded, base64 and base64url
 * (alone and in HTTP Basic's `id:secret`), hex, and JSON-escaped. Searching for all of them finds a secret
 * however it was sent or stored.
 */
export function encodedForms(secret: string, clientId?: string): Map<string, string> {
  const forms = new Map<string, string>();
  const add = (label: string, value: string) => {
    if (value) forms.set(label, value);
  };
  add('raw', secret);
  add('encodeURIComponent', encodeURIComponent(secret));
  add('form-urlencoded', new URLSearchParams({ s: secret }).toString().slice(2));
  // Inside a longer base64 text the secret starts at any of three byte offsets: each gives other letters.
  for (const [offset, core] of base64Cores(Buffer.from(secret)).entries()) {
    add(`base64@${offset}`, core);
    add(`base64url@${offset}`, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  add('hex', Buffer.from(secret).toString('hex'));
  add('json', JSON.stringify(secret).slice(1, -1));
  if (clientId !== undefined) {
    const basic = `${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`;
    add('basic-base64', Buffer.from(basic).toString('base64').replace(/=+$/, ''));
    add('basic-raw-base64', Buffer.from(`${clientId}:${secret}`).toString('base64').replace(/=+$/, ''));
  }
  return forms;
}

/** The base64 letters that depend on `bytes` alone, for each of the three offsets it can start at. */
function base64Cores(bytes: Buffer): string[] {
  return [0, 1, 2].map(offset => {
    let core = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    if ((offset + bytes.length) % 3) core = core.slice(0, -1); // the last letter mixes in padding bits
    return core.slice([0, 2, 3][offset]); // the first letters mix in the offset's bytes
  });
}

/** The labels of `forms` found in `haystack` (compared as latin1, so any byte sequence is searchable). */
export function findForms(haystack: Buffer | string, forms: Map<string, string>): string[] {
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1');
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const [label, value] of forms) {
    const needle = Buffer.from(value).toString('latin1');
    // hex and percent-escapes may be written in either case
    const hit = label === 'hex' || label.includes('urlencoded') || label === 'encodeURIComponent'
      ? lower.includes(needle.toLowerCase())
      : text.includes(needle);
    if (hit) found.push(label);
  }
  return found;
}
