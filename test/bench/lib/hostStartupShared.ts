/**
 * What test/bench/lib/hostStartup.ts (the harness, plain Node) and test/host/bench/hostStartupProbe.ts
 * (the probe, inside the extension host) agree on: the environment variable that carries the probe's task,
 * the task, and the result file the probe writes. No `vscode` import: both sides use it.
 */

/** The probe's task, as JSON, in the environment the extension host inherits from code-server. */
export const HOST_STARTUP_PROBE_ENV = 'KONEXUS_BENCH_HOST_STARTUP';

/**
 * cold: a fresh user-data dir and browser profile, nothing stored; its first command adds a profile.
 * warm: the same dirs relaunched, with that profile and its secret stored (no token: the web keeps them in memory); its first
 * command refreshes the token.
 */
export type LaunchKind = 'cold' | 'warm';

export interface HostStartupTask {
  readonly kind: LaunchKind;
  readonly resultsFile: string;
  /** The extensions whose activation times are read (the Konexus extension and the baselines). */
  readonly extensionIds: readonly string[];
  /** How long to keep still after activation before the first command: deferred start-up work runs in it. */
  readonly quietMs: number;
  /** The profile a cold launch adds and a warm launch expects. */
  readonly profile: { readonly name: string; readonly authority: string; readonly clientId: string; readonly clientSecret: string };
}

/** One row of the workbench's "Extension Activation Stats" (VS Code's ExtensionActivationTimes), in ms. */
export interface ActivationTimes {
  readonly eager: boolean;
  readonly codeLoadingTime: number;
  readonly activateCallTime: number;
  readonly activateResolvedTime: number;
  readonly activationEvent: string;
}

export interface RecordedRequestSummary {
  readonly method: string;
  readonly path: string;
}

export interface HostStartupProbeResult {
  readonly kind: LaunchKind;
  readonly vscodeVersion: string;
  readonly nodeVersion: string;
  /** The extension host's own performance marks (vs/base/common/performance, Date.now() based, ms). */
  readonly marks: ReadonlyArray<{ readonly name: string; readonly startTime: number }>;
  /** From the workbench's Startup Performance document (`perf:Startup Performance`), by extension id. */
  readonly activationTimes: Readonly<Record<string, ActivationTimes>>;
  /** ms from the probe's start until every extension of the task was active. */
  readonly waitedForActivationMs: number;
  /** What the local Konexus identity server recorded from the launch until just before the first command. */
  readonly requestsBeforeCommand: readonly RecordedRequestSummary[];
  /** The first command the probe ran, and what the server recorded by the time it returned. */
  readonly command: string;
  readonly requestsAfterCommand: readonly RecordedRequestSummary[];
  /** What the extension had stored at start-up (read after the request count, without network). */
  readonly stored: { readonly profiles: number; readonly tokenValidForS: number | undefined };
  readonly errors: readonly string[];
}

/**
 * The "Extension Activation Stats" table of the Startup Performance document: columns Extension, Eager,
 * Load Code, Call Activate, Finish Activate, Event, By. Returns the rows of the wanted ids, or undefined
 * while one of them is missing (the document says "Loading..." until the workbench is fully restored).
 */
export function parseActivationStats(text: string, ids: readonly string[]): Record<string, ActivationTimes> | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex(line => /^#+\s*Extension Activation Stats/.test(line));
  if (start < 0) return undefined;
  const found: Record<string, ActivationTimes> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^#/.test(line)) break;
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map(cell => cell.trim());
    const [id, eager, load, call, finish, event] = cells;
    const match = ids.find(wanted => wanted.toLowerCase() === id?.toLowerCase());
    if (!match || ![load, call, finish].every(cell => /^\d+$/.test(cell ?? ''))) continue;
    found[match] = {
      eager: eager === 'true',
      codeLoadingTime: Number(load),
      activateCallTime: Number(call),
      activateResolvedTime: Number(finish),
      activationEvent: event ?? '',
    };
  }
  return ids.every(id => found[id]) ? found : undefined;
}
