/** What an event registration or any other owned resource returns: call `dispose()` to let it go. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; the returned Disposable unsubscribes it. Shaped like `vscode.Event`. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * One event source: `event` for the subscribers, `fire` for the owner. Listeners run in the order they
 * subscribed, on a snapshot of the list taken at `fire`. A listener that throws is reported through `log` and the others still run: a broken view
 * must neither break token upkeep nor go unnoticed. After `dispose`, `fire` does nothing and new
 * subscriptions are inert.
 */
export class Emitter<T> {
  private readonly listeners = new Set<{ readonly call: (value: T) => void }>();
  private disposed = false;

  /** `name` says in the log which event's listener failed. */
  constructor(private readonly name: string, private readonly log: (message: string) => void) {}

  readonly event: Event<T> = listener => {
    if (this.disposed) return { dispose: () => undefined };
    // One entry per subscription: the same function subscribed twice runs twice and is removed once per dispose.
    const entry = { call: listener };
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  };

  fire(value: T): void {
    for (const entry of [...this.listeners]) {
      try {
        entry.call(value);
      } catch (error) {
        this.log(`[${this.name}] a listener failed: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

/**
 * Runs async tasks one after another per key, tasks of different keys side by side: two writes to the same
 * `.env` (a token refresh arriving while the command writes it) never interleave their read and write. A
 * failing task does not stop the ones queued after it.
 */
export class KeyedSequencer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    // Forget the key once its queue drains, so the map does not grow with every file ever written.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task queued or running (for tests). */
  get busyKeys(): readonly string[] {
    return [...this.tails.keys()];
  }
}
