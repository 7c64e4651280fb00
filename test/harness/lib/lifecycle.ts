/**
 * The life of a harness program: everything it starts (code-server, the browser, local servers) is
 * registered on a Teardown, and runMain makes sure that teardown runs on every way out: success, failure,
 * the program's own timeout, SIGINT/SIGTERM/SIGHUP, an unhandled rejection.
 */
import type { Log } from './log';

const STEP_LIMIT_MS = 15_000;

/** Thrown (as an AbortSignal reason) when the program ran out of time. */
class HarnessTimeout extends Error {
  override readonly name = 'HarnessTimeout';
}

/** Thrown (as an AbortSignal reason) when the program was asked to stop by a signal. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signalName: NodeJS.Signals) {
    super(`interrupted by ${signalName}`);
  }
}

/** Stop steps, run last-registered first; each bounded in time so one stuck step cannot hang the exit. */
export class Teardown {
  private readonly steps: Array<{ name: string; stop: () => unknown }> = [];
  private running: Promise<void> | undefined;

  constructor(private readonly log: Log) {}

  add(name: string, stop: () => unknown): void {
    if (this.running) {
      // Started after teardown began (a race with a signal): stop it right away.
      void Promise.resolve().then(stop).catch(() => undefined);
      return;
    }
    this.steps.push({ name, stop });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(step.stop),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`still running after ${STEP_LIMIT_MS} ms`)), STEP_LIMIT_MS);
            }),
          ]);
        } catch (error) {
          this.log(`stopping ${step.name} failed:`, error instanceof Error ? error.message : error);
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.running;
  }
}

export interface MainContext {
  readonly teardown: Teardown;
  /** Aborted on timeout (reason HarnessTimeout) or on a signal (reason Interrupted). */
  readonly signal: AbortSignal;
}

export interface RunMainOptions {
  /** The whole program's limit; 0 or undefined = none (the demo runs until stopped). */
  timeoutMs?: number;
  /** Printed after the error when main throws: a test runner's `0 passed, 1 failed`. */
  crashLine?: string;
  /** A signal is the normal way to stop (the demo): exit with main's code, not 128+signal. */
  stopsOnSignal?: boolean;
}

/**
 * Runs `main`, then the teardown, then exits with main's code (1 if it threw). A second signal while
 * stopping, or main not settling 20 s after an abort, forces the teardown and the exit.
 */
export function runMain(log: Log, main: (context: MainContext) => Promise<number>, options: RunMainOptions = {}): void {
  const controller = new AbortController();
  const teardown = new Teardown(log);
  const forceExit = (code: number) => {
    void teardown.run().finally(() => process.exit(code));
  };
  let signalExitCode: number | undefined;
  const abort = (reason: Error, code: number) => {
    if (reason instanceof Interrupted && !options.stopsOnSignal) signalExitCode ??= code;
    if (controller.signal.aborted) {
      log('stopping now');
      forceExit(code);
      return;
    }
    controller.abort(reason);
    setTimeout(() => {
      log('did not stop within 20 s of', reason.message, '- forcing');
      forceExit(code);
    }, 20_000).unref();
  };

  const timer = options.timeoutMs
    ? setTimeout(() => {
      log(`TIMEOUT: still running after ${Math.round(options.timeoutMs! / 1000)} s`);
      abort(new HarnessTimeout(`timed out after ${Math.round(options.timeoutMs! / 1000)} s`), 124);
    }, options.timeoutMs)
    : undefined;
  const signalCodes: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  for (const [name, code] of signalCodes) {
    process.on(name, () => {
      log(`${name}: stopping`);
      abort(new Interrupted(name), code);
    });
  }
  process.on('unhandledRejection', reason => {
    log('unhandled rejection:', reason);
    abort(reason instanceof Error ? reason : new Error(String(reason)), 1);
  });

  // Nothing here can reject: the catch turns main's failure into a code, and the teardown catches every step.
  void main({ teardown, signal: controller.signal })
    .catch((error: unknown) => {
      // After an abort, whatever was in flight fails in its own words; the abort's reason is the story.
      const shown = controller.signal.aborted ? controller.signal.reason : error;
      console.error(shown instanceof Error ? describeError(shown) : shown);
      if (options.crashLine) console.log(options.crashLine);
      return 1;
    })
    .then(async code => {
      clearTimeout(timer);
      await teardown.run();
      // Stopped by a signal: exit as a process killed by it would (130 for Ctrl+C), whatever main returned.
      process.exit(signalExitCode ?? code);
    });
}

/** `promise`, or a rejection with the signal's reason as soon as the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const wait = new Promise<void>(resolve => setTimeout(resolve, ms));
  return signal ? abortable(wait, signal) : wait;
}

/** The message to print for an error, naming timeouts and interruptions plainly. */
export function describeError(error: unknown): string {
  if (error instanceof HarnessTimeout || error instanceof Interrupted) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
