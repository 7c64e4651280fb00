/** A tagged logger with the seconds since the program started: `[host 12.3s] message`. */
const started = Date.now();

export type Log = (...parts: unknown[]) => void;

export function createLog(tag: string): Log {
  return (...parts: unknown[]) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`[${tag} ${seconds}s]`, ...parts);
  };
}

export function elapsedSince(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}
