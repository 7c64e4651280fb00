/**
 * Row 9, token refresh in the real VS Code host: `konexus.refreshToken` {profile} in code-server's extension
 * host against a raw fetch of the same request from the same host, and where the difference goes.
 *
 * One launch of code-server + headless Chromium (the harness of test/harness/lib) opens the workbench with this
 * extension under test (extensionDevelopmentPath: ExtensionMode.Test, so the probe gets the test API) and
 * the probe (test/host/bench/hostRefreshProbe.ts) as extensionTestsPath. The probe adds a profile for
 * the local identity server's demo client by command, then interleaves, round by round, the command, the raw
 * fetch and the diagnostic variants (the TokenService call without the command's glue, the same with its
 * event listeners detached, the core's requestToken, one SecretStorage read); then binds `keptFiles` `.env`
 * files to the profile and interleaves the command and the raw fetch again. Its result file comes back here.
 * The ratio is the ratio of the medians (the issue's measure); the median of the per-round ratios is in
 * bench.json. The machine's load (os.loadavg) before and after is shown: other host suites may share it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEMO_CLIENT } from '../../idp/konexusIdp';
import { launchBrowser } from '../../harness/lib/browser';
import { startCodeServer } from '../../harness/lib/codeServer';
import { ensureHostTools } from '../../harness/lib/hostTools';
import type { MainContext } from '../../harness/lib/lifecycle';
import { createLog, type Log } from '../../harness/lib/log';
import { extensionPath, repoRoot } from '../../harness/lib/repo';
import { createRunFolder } from '../../harness/lib/runFolder';
import { startTestServers } from '../../harness/lib/testServers';
import { runTestsInWorkbench } from '../../harness/lib/workbenchTestRun';
import { HOST_REFRESH_PROBE_ENV, type HostRefreshProbeResult, type HostRefreshTask, type RefreshVariant, type StepCounts, type VariantResult } from './hostRefreshShared';
import { withOwnTeardown } from './ownTeardown';
import { formatMs, formatRatio, formatSpread, type Detail, type Row, type Section } from './report';
import { pairedRatios, summarize } from './stats';

const PROBE_BUILT = 'out/test/host/bench/hostRefreshProbe.js';
const TARGET = 1.5;
const DEFAULT_ROUNDS = 40;
const WARMUP_ROUNDS = 5;
const SETTLE_MS = 40;
const DEFAULT_KEPT_FILES = 5;
const PROBE_LIMIT_MS = 10 * 60 * 1000;

export async function benchHostRefresh(context?: MainContext): Promise<Section> {
  const log = createLog('bench-refresh');
  return withOwnTeardown(log, context, own => measure(own, log));
}

function positiveInteger(name: string, fallback: number, zeroAllowed = false): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) throw new Error(`${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer, not ${raw}`);
  return value;
}

async function measure({ teardown, signal }: MainContext, log: Log): Promise<Section> {
  const rounds = positiveInteger('KONEXUS_BENCH_REFRESH_ROUNDS', DEFAULT_ROUNDS);
  const keptFiles = positiveInteger('KONEXUS_BENCH_REFRESH_KEPT', DEFAULT_KEPT_FILES, true);
  const probe = join(repoRoot, PROBE_BUILT);
  if (!existsSync(probe)) throw new Error(`${probe} is missing: run node scripts/build.mjs first`);
  const loadBefore = loadavg();
  const tools = await ensureHostTools(log);
  signal.throwIfAborted();
  const run = createRunFolder('bench-refresh', teardown);
  const workspace = run.copyWorkspace('workspace');
  const servers = await startTestServers(teardown);
  const resultsFile = join(run.dir, 'probe.json');
  const task: HostRefreshTask = {
    resultsFile, rounds, warmupRounds: WARMUP_ROUNDS, settleMs: SETTLE_MS, keptFiles,
    profile: { name: 'bench', authority: servers.idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret },
  };
  const server = await startCodeServer({ tools, run, folder: workspace, env: { ...servers.env, [HOST_REFRESH_PROBE_ENV]: JSON.stringify(task) }, log, signal }, teardown);
  const browser = await launchBrowser(tools, run, teardown);
  log(`opening the workbench: ${rounds} rounds (+${WARMUP_ROUNDS} warm-up), ${keptFiles} kept .env files`);
  const outcome = await runTestsInWorkbench({
    browser, url: server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: extensionPath, extensionTestsPath: probe }),
    testLimitMs: PROBE_LIMIT_MS, verbose: Boolean(process.env.KONEXUS_VERBOSE), signal,
  });
  const result = readProbe(resultsFile);
  const failure = !result ? `the probe wrote no result (${outcome.problem ?? `exit code ${outcome.exitCode}`}); see ${server.logFile}`
    : result.errors.length ? result.errors.join(' / ') : outcome.problem;
  if (failure) {
    run.keep();
    log(`FAILED: ${failure}; run folder kept: ${run.dir}`);
  }
  return section(result, { rounds, keptFiles, loadBefore, loadAfter: loadavg(), failure });
}

function readProbe(file: string): HostRefreshProbeResult | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HostRefreshProbeResult;
  } catch {
    return undefined;
  }
}

interface RunFacts {
  readonly rounds: number;
  readonly keptFiles: number;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly failure: string | undefined;
}

const NOT_MEASURED = { value: '—', spread: '—', baseline: '—', ratio: '—', target: 'info', outcome: 'not measured' } as const;

/** Medians of the counts of each step, over the rounds. */
function medianCounts(counts: readonly StepCounts[]): StepCounts {
  const keys = Object.keys(counts[0] ?? {}) as Array<keyof StepCounts>;
  return Object.fromEntries(keys.map(key => [key, summarize(counts.map(c => c[key])).median])) as unknown as StepCounts;
}

function describeCounts(c: StepCounts): string {
  const ms = (value: number) => value.toFixed(1);
  return `${c.secretGets} secret reads (${ms(c.secretGetMs)} ms summed), ${c.secretStores} secret writes, ${c.listenerCalls} listener calls (${ms(c.listenerMs)} ms synchronous), `
    + `${c.renders} status-bar renders (${ms(c.renderMs)} ms), ${c.announces} session announcements (${ms(c.announceMs)} ms)`;
}

function section(result: HostRefreshProbeResult | undefined, facts: RunFacts): Section {
  const variant = (name: RefreshVariant): VariantResult | undefined => {
    const found = result?.variants[name];
    return found && found.samples.length ? found : undefined;
  };
  const row = (id: string, what: string, name: RefreshVariant, baselineName: RefreshVariant, target?: number): Row => {
    const mine = variant(name);
    const theirs = variant(baselineName);
    if (!mine || !theirs || facts.failure) return { id, what, ...NOT_MEASURED, ...(target ? { target: `≤ ${formatRatio(target)}` } : {}), data: { failure: facts.failure } };
    const summary = summarize(mine.samples);
    const baseline = summarize(theirs.samples);
    const ratio = summary.median / baseline.median;
    return {
      id, what, value: formatMs(summary.median), spread: formatSpread(summary), baseline: `${formatMs(baseline.median)} (raw fetch)`, ratio: formatRatio(ratio),
      target: target ? `≤ ${formatRatio(target)}` : 'info', outcome: target ? (ratio <= target ? 'pass' : 'miss') : 'info',
      data: {
        samples: mine.samples, baselineSamples: theirs.samples, summary, baselineSummary: baseline, ratioOfMedians: ratio,
        medianOfRoundRatios: summarize(pairedRatios(mine.samples, theirs.samples)).median, during: medianCounts(mine.during), after: medianCounts(mine.after),
      },
    };
  };
  const where = result ? `VS Code ${result.vscodeVersion}'s extension host (code-server, Node ${result.nodeVersion}, UI ${result.uiKind})` : 'the real extension host';
  const k = facts.keptFiles;
  const rows: Row[] = [
    row('9', `Refresh in the real host: konexus.refreshToken {profile} vs a raw fetch of the same request from the same host, ${facts.rounds} interleaved rounds, ratio of medians`, 'command', 'raw', TARGET),
    row('9b', '  same rounds: TokenService.getToken(name, {force, byUser}) (the command without its glue)', 'service', 'raw'),
    row('9i', '  same rounds: the command\'s handler called directly (the command without VS Code\'s dispatch)', 'handler', 'raw'),
    row('9c', '  same rounds: the same with the TokenService\'s event listeners detached', 'serviceNoListeners', 'raw'),
    row('9d', '  same rounds: the core\'s requestToken with the extension\'s http deps', 'core', 'raw'),
    row('9e', '  same rounds: one SecretStorage read (a round trip to the workbench)', 'secretGet', 'raw'),
    row('9f', '  same rounds: executeCommand of a command that does nothing (VS Code\'s command dispatch)', 'noopCommand', 'raw'),
    row('9j', '  same rounds: that command, then TokenService.getToken(force) (the dispatch\'s message to the workbench during the request)', 'noopThenService', 'raw'),
  ];
  if (k > 0) {
    rows.push(row('9g', `  ${k} kept .env files bound to the profile: the command vs the raw fetch, ${facts.rounds} more interleaved rounds`, 'commandKept', 'rawKept', TARGET));
    rows.push(row('9k', `  ${k} kept .env files, same rounds: the command with the listener that starts the .env upkeep detached`, 'commandKeptNoUpkeep', 'rawKept'));
    const settle = result?.keptSettleMs ?? [];
    rows.push(settle.length && !facts.failure
      ? { id: '9h', what: `  ${k} kept .env files: from the command's return until every one holds the new token`, value: formatMs(summarize(settle).median), spread: formatSpread(summarize(settle)), baseline: '—', ratio: '—', target: 'info', outcome: 'info', data: { samples: settle, bound: result?.keptBound } }
      : { id: '9h', what: `  ${k} kept .env files: until every one holds the new token`, ...NOT_MEASURED });
  }
  const load = (values: number[]) => values.map(v => v.toFixed(2)).join(' / ');
  const details: Detail[] = [];
  if (result && !facts.failure) {
    const lines = (['command', 'service', 'serviceNoListeners', 'commandKept'] as const).flatMap(name => {
      const found = variant(name);
      return found ? [`- ${name}: while it ran: ${describeCounts(medianCounts(found.during))}; with its tail: ${describeCounts(medianCounts(found.after))}`] : [];
    });
    details.push({
      title: `Row 9, refresh in ${where}: what one operation set off (medians per round)`,
      lines: [
        ...lines,
        `- identity server: ${result.tokenRequests} tokens issued in the launch; load average (1/5/15 min) ${load(facts.loadBefore)} before, ${load(facts.loadAfter)} after`,
      ],
    });
  }
  const phase = result?.listenerPhase;
  if (phase && !facts.failure) {
    const median = (name: string) => summarize(phase.variants[name]?.samples ?? []).median;
    const raw = median('raw');
    const all = median('all');
    const line = (name: string, label: string) => `- ${label}: ${formatMs(median(name))} (${formatRatio(median(name) / raw)} the raw fetch's ${formatMs(raw)})`;
    details.push({
      title: 'Row 9, which listener the caller waits for: TokenService.getToken(force) with every listener, none, and all but one, interleaved with the raw fetch',
      lines: [
        line('all', 'every listener'),
        line('none', 'no listener'),
        ...phase.listeners.map((source, i) => `${line(`without ${i}`, `without listener ${i}`)}, ${formatMs(all - median(`without ${i}`))} less than with every listener: \`${source}\``),
      ],
    });
  }
  if (facts.failure) details.push({ title: 'Row 9, real host: the run did not finish', lines: [facts.failure] });
  return { rows, details };
}
