import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FakeClock } from './fakeClock';

/** A port on 127.0.0.1 that nothing listens on (bound, then closed): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

export interface RoutedFetch {
  readonly fetch: typeof fetch;
  /** Every request the code under test started, by path, with the fake-clock time it started at. */
  readonly attempts: { path: string; at: number }[];
  /** The next `times` requests to `path` go to the closed port instead (a real refused TCP connection). */
  refuse(path: string, times: number): void;
  count(path: string): number;
}

/**
 * The global fetch, with a log of attempts and an optional detour of one path to a closed port. The URL the
 * code under test believes it asked stays the same, so its messages still name the identity server's host.
 */
export function routedFetch(clock: FakeClock, deadPort: number): RoutedFetch {
  const attempts: { path: string; at: number }[] = [];
  const refusals = new Map<string, number>();
  const routed: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    attempts.push({ path: url.pathname, at: clock.now() });
    const left = refusals.get(url.pathname) ?? 0;
    if (left > 0) {
      refusals.set(url.pathname, left - 1);
      const detour = new URL(url);
      detour.port = String(deadPort);
      return fetch(detour, init);
    }
    return fetch(input, init);
  };
  return {
    fetch: routed,
    attempts,
    refuse: (path, times) => { refusals.set(path, times); },
    count: path => attempts.filter(a => a.path === path).length,
  };
}

/** Collects unhandled rejections and uncaught exceptions while installed. */
export function escapeWatch(): { readonly escaped: unknown[]; dispose(): void } {
  const escaped: unknown[] = [];
  const onRejection = (reason: unknown) => { escaped.push(reason); };
  const onException = (error: unknown) => { escaped.push(error); };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    escaped,
    dispose: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Waits (real time) for real I/O to settle; never used to wait for fake-clock time. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}
