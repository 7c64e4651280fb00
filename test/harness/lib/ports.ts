/** Ports on 127.0.0.1 only. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

function tryListen(port: number): Promise<number | undefined> {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const chosen = (server.address() as AddressInfo).port;
      server.close(() => resolve(chosen));
    });
  });
}

/** A port free right now (the caller binds it soon after; a lost race shows as a start failure). */
export async function freePort(): Promise<number> {
  const port = await tryListen(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return port;
}

/** `preferred` when it is free, else any free port. */
export async function preferredOrFreePort(preferred: number): Promise<number> {
  return (await tryListen(preferred)) ?? freePort();
}
