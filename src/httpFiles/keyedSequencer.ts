/**
 * Runs async tasks one after another per key, tasks of different keys side by side: two writes to the same
 * `.env` (a token refresh arriving while the command writes it) never interleave their read and write. A
 * failing task does not stop the ones queued after it. Pure.
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
