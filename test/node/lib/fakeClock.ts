import type { Clock, TimerHandle } from '../../../src/core/clock';

interface Timer { id: number; at: number; callback: () => void }

/**
 * A Clock whose time moves only when a test says so. `advance(ms)` runs every timer that falls due,
 * in order, each seeing `now()` equal to its due time; `jump(ms)` moves wall time without running timers
 * (a laptop waking from sleep). Counts the timers set and the callbacks it ran, for idle-cost assertions.
 */
export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: Timer[] = [];
  callbacksRun = 0;
  /** Every setTimeout call, cleared or not. */
  timersSet = 0;

  constructor(start = Date.UTC(2026, 10, 29, 12, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    this.timersSet++;
    // As Node and browsers do: a delay that is not a finite number (NaN, Infinity) becomes 1 ms.
    const timer = { id: this.nextId++, at: this.time + (Number.isFinite(ms) ? Math.max(0, ms) : 1), callback };
    this.timers.push(timer);
    return timer.id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter(t => t.id !== (handle as unknown as number));
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, running due timers; awaits microtasks between them so promise chains settle. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.filter(t => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter(t => t !== due);
      this.time = Math.max(this.time, due.at);
      this.callbacksRun++;
      due.callback();
    }
    this.time = target;
    await flushMicrotasks();
  }

  /** Wall time jumps (sleep/resume, NTP correction) without timers firing. */
  jump(ms: number): void {
    this.time += ms;
  }
}

export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>(resolve => setImmediate(resolve));
}
