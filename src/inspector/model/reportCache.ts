/**
 * The last few verification reports, by token, in memory only: the hover shows a token's signature status
 * when the inspector already verified it, and never verifies (or fetches keys) by itself. Least recently
 * used entries go first. Pure: no `vscode`.
 */
import type { KnownVerification } from './hoverMarkdown';

const REPORT_CACHE_SIZE = 32;

export class ReportCache {
  private readonly entries = new Map<string, KnownVerification>();

  constructor(private readonly capacity = REPORT_CACHE_SIZE) {}

  get(token: string): KnownVerification | undefined {
    const entry = this.entries.get(token);
    if (entry) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(token);
      this.entries.set(token, entry);
    }
    return entry;
  }

  set(token: string, entry: KnownVerification): void {
    this.entries.delete(token);
    this.entries.set(token, entry);
    while (this.entries.size > Math.max(1, this.capacity)) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
