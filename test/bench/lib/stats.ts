/**
 * Medians, percentiles and A/B alternation for the benchmarks. The machine is small and noisy: absolute
 * times drift during a run, so every comparison runs its variants interleaved, round by round, in an order
 * that rotates each round, and is judged by the median of the per-round ratios.
 */
import { performance } from 'node:perf_hooks';

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

/** The q-quantile (0..1) of ascending `sorted`, interpolating linearly between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Element-wise a[i] / b[i]: the ratio within each round, which machine drift between rounds does not move. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / b[i]!);
}

/** One timed sample: `run` performs `batch` operations; the sample is the time per operation in ms. */
export type Variant = () => unknown;

export interface AlternateOptions {
  /** Measured rounds; every variant runs once per round. */
  readonly rounds: number;
  /** Unmeasured rounds first (JIT, connection pool, caches). */
  readonly warmupRounds: number;
  /** Operations per sample: the time of one sample is divided by it (for operations far below 1 ms). */
  readonly batch?: number;
}

/**
 * Runs the variants interleaved: round r runs them in the order rotated by r (A B, then B A, …), so
 * neither always goes first. Returns each variant's per-operation times in ms, aligned by round.
 */
export async function alternate<K extends string>(variants: Record<K, Variant>, options: AlternateOptions): Promise<Record<K, number[]>> {
  const names = Object.keys(variants) as K[];
  const batch = options.batch ?? 1;
  const samples = Object.fromEntries(names.map(name => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const time = await timeBatch(variants[name], batch);
      if (round >= options.warmupRounds) samples[name].push(time);
    }
  }
  return samples;
}

/** Time per operation in ms of `batch` sequential runs of `run` (awaited when it returns a promise). */
async function timeBatch(run: Variant, batch: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < batch; i++) {
    const result = run();
    if (result instanceof Promise) await result;
  }
  return (performance.now() - start) / batch;
}
