/**
 * What test/bench/lib/hostRefresh.ts (the harness, plain Node) and test/host/bench/hostRefreshProbe.ts
 * (the probe, inside the extension host) agree on: the environment variable that carries the probe's task,
 * the task, and the result file the probe writes. No `vscode` import: both sides use it.
 */

/** The probe's task, as JSON, in the environment the extension host inherits from code-server. */
export const HOST_REFRESH_PROBE_ENV = 'KONEXUS_BENCH_HOST_REFRESH';

export interface HostRefreshTask {
  readonly resultsFile: string;
  /** Measured rounds per phase; every variant runs once per round, in an order that rotates. */
  readonly rounds: number;
  /** Unmeasured rounds first (the connection pool, the JIT, the workbench's lazy parts). */
  readonly warmupRounds: number;
  /** Untimed pause after each operation, so one variant's asynchronous tail (listeners) does not land in the next. */
  readonly settleMs: number;
  /** How many kept `.env` files the second phase binds to the profile. */
  readonly keptFiles: number;
  readonly profile: { readonly name: string; readonly authority: string; readonly clientId: string; readonly clientSecret: string };
}

/** The variants of the first phase (no kept file) and of the second (`keptFiles` kept `.env` files). */
export type PlainVariant = 'command' | 'raw' | 'handler' | 'service' | 'serviceNoListeners' | 'core' | 'secretGet' | 'noopCommand' | 'noopThenService';
export type KeptVariant = 'commandKept' | 'rawKept' | 'commandKeptNoUpkeep';
export type RefreshVariant = PlainVariant | KeptVariant;

/**
 * What the extension did during one operation, counted by the probe's wrappers around the TokenService's
 * SecretStorage, its event listeners, the status bar's render and the auth provider's announce. `during`:
 * from the call until it resolved; `after`: the operation's asynchronous tail, until the settle pause ended.
 */
export interface StepCounts {
  secretGets: number;
  secretGetMs: number;
  secretStores: number;
  secretStoreMs: number;
  listenerCalls: number;
  /** The synchronous part of the listeners (what they do before their first await). */
  listenerMs: number;
  renders: number;
  renderMs: number;
  announces: number;
  announceMs: number;
}

export interface VariantResult {
  /** ms per operation, aligned by round. */
  readonly samples: number[];
  readonly during: StepCounts[];
  readonly after: StepCounts[];
}

export interface HostRefreshProbeResult {
  readonly vscodeVersion: string;
  readonly nodeVersion: string;
  readonly uiKind: string;
  readonly variants: Partial<Record<RefreshVariant, VariantResult>>;
  /** Kept phase: ms from the command's return until every kept `.env` held the new token. */
  readonly keptSettleMs: number[];
  /** Kept `.env` files actually bound (the insert command's outcomes). */
  readonly keptBound: number;
  /**
   * The listener phase: the TokenService call with every listener attached (`all`), none (`none`) and all
   * but one (`without <n>`, n an index into `listeners`, the start of each listener's source), and the raw
   * fetch (`raw`), interleaved: which listener's work the caller waits for.
   */
  readonly listenerPhase?: { readonly listeners: string[]; readonly variants: Record<string, VariantResult> };
  /** Token requests the identity server recorded (a control that every variant reached it). */
  readonly tokenRequests: number;
  readonly errors: string[];
}

export function emptyCounts(): StepCounts {
  return { secretGets: 0, secretGetMs: 0, secretStores: 0, secretStoreMs: 0, listenerCalls: 0, listenerMs: 0, renders: 0, renderMs: 0, announces: 0, announceMs: 0 };
}
