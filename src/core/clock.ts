/**
 * Time as the core sees it. Injected everywhere so that expiry, refresh and backoff are tested on a
 * fake clock without sleeping. `now()` is wall-clock milliseconds since the epoch (token `exp` is wall time).
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly __timerHandle?: never;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // A pending refresh must never keep a process (a test run, the extension host on shutdown) alive.
    timer.unref?.();
    return timer as unknown as TimerHandle;
  },
  clearTimeout: handle => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>),
};
