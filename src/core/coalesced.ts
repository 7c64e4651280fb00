import type { Clock, TimerHandle } from './clock';

/**
 * Runs `run` once, `delayMs` after the first of a burst of schedule() calls. Token events come in bursts
 * (a refresh: `refreshing`, then `valid` a few ms later) and are emitted while the caller waits for its
 * token: views that only show the state (status bar, tree, CodeLens) redraw once per burst, after it,
 * instead of asking the workbench to redraw twice during the request.
 */
export class Coalesced {
  private timer: TimerHandle | undefined;

  constructor(private readonly clock: Clock, private readonly delayMs: number, private readonly run: () => void) {}

  schedule(): void {
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How long a view waits after a token event before it redraws: about one frame. */
export const VIEW_REDRAW_DELAY_MS = 16;
