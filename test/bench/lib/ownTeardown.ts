/**
 * For the bench rows that start code-server and a browser: `npm run bench` calls them with no context (it
 * has no runMain around it), so such a row brings its own Teardown and stops everything on SIGINT, SIGTERM
 * and SIGHUP too; under runMain (their own entry points) they use its context.
 */
import { Interrupted, Teardown, type MainContext } from '../../harness/lib/lifecycle';
import type { Log } from '../../harness/lib/log';

export async function withOwnTeardown<T>(log: Log, context: MainContext | undefined, measure: (context: MainContext) => Promise<T>): Promise<T> {
  if (context) return measure(context);
  const teardown = new Teardown(log);
  const controller = new AbortController();
  const signals: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  const handlers = signals.map(([name, code]) => {
    const handler = () => {
      log(`${name}: stopping code-server, the browser and the servers`);
      controller.abort(new Interrupted(name));
      void teardown.run().finally(() => process.exit(code));
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  try {
    return await measure({ teardown, signal: controller.signal });
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
    await teardown.run();
  }
}
