import type { Disposable } from '../async';

/**
 * What needs profiles' tokens kept fresh in the background besides the active profile (kept files,
 * consumers' sessions): each demand names the profiles it needs. A demand that throws is logged and counts
 * as not needing the profile.
 */
export class TokenDemands {
  private readonly demands = new Set<(profile: string) => boolean>();

  constructor(private readonly log: (message: string) => void) {}

  add(needs: (profile: string) => boolean): Disposable {
    this.demands.add(needs);
    return { dispose: () => this.demands.delete(needs) };
  }

  /** Whether any demand needs the profile now. */
  need(name: string): boolean {
    for (const needs of this.demands) {
      try {
        if (needs(name)) return true;
      } catch (error) {
        this.log(`[demand] a demand check failed: ${(error as Error)?.message ?? String(error)}`);
      }
    }
    return false;
  }
}
