/**
 * Row 7 in the real VS Code host: the extension's start-up in code-server's extension host (VS Code
 * 1.139.1's Node extension host, the one desktop VS Code runs), measured by VS Code itself.
 *
 * The extension is the one users get: the .vsix (vsce package; its vscode:prepublish is the production
 * build) installed with code-server's --install-extension (test/harness/lib/installedVsix.ts), so it runs in
 * ExtensionMode.Production. Each launch is a new code-server and a new headless Chromium (the harness of
 * test/harness/lib) opening the workbench with a baseline extension that does nothing (same activation event,
 * onStartupFinished) as extensionDevelopmentPath and the probe (test/host/bench/hostStartupProbe.ts)
 * as extensionTestsPath. The probe reads VS Code's own numbers: the extension host's performance marks
 * around the `require` of each extension's main file (code/extHost/willLoadExtensionCode → didLoadExtensionCode)
 * and the workbench's ExtensionActivationTimes (activateCallTime + activateResolvedTime: activate() and the
 * promise it returns). Its result file comes back here.
 *
 *   cold: a fresh user-data dir, extensions dir and browser profile: nothing stored.
 *   warm: the user-data dir and browser profile of the first cold launch, relaunched, after that launch's
 *         first command stored a profile, its secret and a token (code-server keeps extension state in the
 *         browser's IndexedDB and secrets in its localStorage, sealed by a key from the server).
 * Launches alternate cold, warm, cold, warm… so that the machine's drift hits both alike. The baseline is
 * the built-in vscode.merge-conflict: a bundle of about our size, activated by the same onStartupFinished
 * burst of the same launch (the ratio is the median of the per-launch ratios). The empty extension's
 * figures (VS Code's own cost per extension) are shown beside them.
 *
 * KONEXUS_BENCH_HOST_COMPARE=<a .vsix of another build> (say, of the main branch) measures that build too, in
 * the same run: each round launches both (cold, then warm; which one first alternates by round), each in
 * its own folders, and the rows are printed for both, the other build's ids marked "before".
 *
 * The local Konexus identity server (startTestServers) records every request: the probe reads that record
 * after activation and a quiet window, before its first command, and again after it (the positive control:
 * the extension's requests do reach that server). Everything started is stopped by the harness's Teardown,
 * on every way out; servers bind 127.0.0.1 only.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_CLIENT } from '../../idp/konexusIdp';
import { launchBrowser } from '../../harness/lib/browser';
import { startCodeServer, type CodeServer } from '../../harness/lib/codeServer';
import { ensureHostTools, type HostTools } from '../../harness/lib/hostTools';
import { Teardown, type MainContext } from '../../harness/lib/lifecycle';
import { installVsix, packageVsix } from '../../harness/lib/installedVsix';
import { createLog, type Log } from '../../harness/lib/log';
import { freePort } from '../../harness/lib/ports';
import { extensionId, repoRoot } from '../../harness/lib/repo';
import { createRunFolder, type RunFolder } from '../../harness/lib/runFolder';
import { startTestServers, type TestServers } from '../../harness/lib/testServers';
import { runTestsInWorkbench } from '../../harness/lib/workbenchTestRun';
import { formatMs, formatRatio, formatSpread, type Detail, type Row, type Section } from './report';
import { withOwnTeardown } from './ownTeardown';
import { HOST_STARTUP_PROBE_ENV, type HostStartupProbeResult, type HostStartupTask, type LaunchKind } from './hostStartupShared';
import { pairedRatios, summarize } from './stats';

const PROBE_BUILT = 'out/test/host/bench/hostStartupProbe.js';
const BASELINE_ID = 'konexus-bench.baseline-empty';
/** A built-in of about our size (187 KB bundle) with our activation event: the baseline of the ratios. */
const BUILTIN_BASELINE_ID = 'vscode.merge-conflict';
/** Launches of each kind; 3-5 is what the 2-core machine affords (25-50 s each). */
const DEFAULT_LAUNCHES = 5;
const LAUNCH_LIMIT_MS = 180_000;
const QUIET_MS = 2000;

export interface LaunchFigures {
  readonly kind: LaunchKind;
  /** `compare`: the build of KONEXUS_BENCH_HOST_COMPARE. */
  readonly build: 'this' | 'compare';
  readonly probe: HostStartupProbeResult;
  /** Requests the identity server recorded during the whole launch (read here, after the launch). */
  readonly requestsInLaunch: number;
}

interface StepTimes {
  /** The `require` of the main file: code/extHost/didLoadExtensionCode - willLoadExtensionCode. */
  readonly require: number;
  /** ExtensionActivationTimes.activateCallTime + activateResolvedTime: activate() and the promise it returns. */
  readonly activate: number;
  /** ExtensionActivationTimes.codeLoadingTime: the require plus the awaits before it (l10n, a busy host). */
  readonly codeLoading: number;
  /** code/extHost/didActivateExtension - willActivateExtension: the activate step again, from the marks. */
  readonly markActivate: number;
}

function stepTimes(probe: HostStartupProbeResult, id: string): StepTimes {
  const times = probe.activationTimes[id];
  const mark = (name: string) => probe.marks.find(m => m.name === `code/extHost/${name}/${id}`)?.startTime ?? Number.NaN;
  return {
    require: mark('didLoadExtensionCode') - mark('willLoadExtensionCode'),
    activate: times ? times.activateCallTime + times.activateResolvedTime : Number.NaN,
    codeLoading: times ? times.codeLoadingTime : Number.NaN,
    markActivate: mark('didActivateExtension') - mark('willActivateExtension'),
  };
}

/** Every extension the host loaded in the launch, from the marks: require and activate, ms. */
function allExtensions(probe: HostStartupProbeResult): Record<string, { require: number; activate: number }> {
  const ids = new Set(probe.marks.map(m => /^code\/extHost\/willLoadExtensionCode\/(.+)$/.exec(m.name)?.[1]).filter((id): id is string => Boolean(id)));
  return Object.fromEntries([...ids].map(id => {
    const at = (name: string) => probe.marks.find(m => m.name === `code/extHost/${name}/${id}`)?.startTime ?? Number.NaN;
    return [id, { require: at('didLoadExtensionCode') - at('willLoadExtensionCode'), activate: at('didActivateExtension') - at('willActivateExtension') }];
  }));
}

/** `npm run bench` calls this with no context (it has no runMain around it): it brings its own teardown. */
export async function benchHostStartup(context?: MainContext): Promise<Section> {
  const log = createLog('bench-host');
  return withOwnTeardown(log, context, own => measure(own, log));
}

async function measure({ teardown, signal }: MainContext, log: Log): Promise<Section> {
  const launches = Number(process.env.KONEXUS_BENCH_HOST_LAUNCHES || DEFAULT_LAUNCHES);
  if (!Number.isInteger(launches) || launches < 1) throw new Error(`KONEXUS_BENCH_HOST_LAUNCHES must be a positive integer, not ${process.env.KONEXUS_BENCH_HOST_LAUNCHES}`);
  const tools = await ensureHostTools(log);
  signal.throwIfAborted();
  const run = createRunFolder('bench-host', teardown);
  const paths = await prepareExtensions(run, tools, teardown, signal, log);
  signal.throwIfAborted();
  const servers = await startTestServers(teardown);

  const launcher = new Launcher(tools, servers, paths, teardown, signal, log);
  const results: LaunchFigures[] = [];
  let failure: string | undefined;
  const builds = paths.compareExtensions ? (['this', 'compare'] as const) : (['this'] as const);
  try {
    const profileFolders = { this: run.sub('profile'), compare: run.sub('profile-compare') };
    for (let i = 0; i < launches; i++) {
      for (const build of i % 2 ? [...builds].reverse() : builds) {
        const tag = build === 'this' ? '' : ' (compare)';
        // The first cold launch is the one whose profile the warm launches reuse.
        const cold = i === 0 ? profileFolders[build] : run.sub(`cold-${i + 1}${build === 'this' ? '' : '-compare'}`);
        results.push(await launcher.launch('cold', build, cold, `cold ${i + 1}/${launches}${tag}`));
        results.push(await launcher.launch('warm', build, profileFolders[build], `warm ${i + 1}/${launches}${tag}`));
        signal.throwIfAborted();
      }
    }
  } catch (error) {
    if (signal.aborted) throw error;
    failure = error instanceof Error ? error.message : String(error);
    run.keep();
    log(`FAILED: ${failure}; run folder kept: ${run.dir}`);
  }
  const ours = section(results.filter(r => r.build === 'this'), launches, failure);
  if (!paths.compareExtensions) return ours;
  const before = section(results.filter(r => r.build === 'compare'), launches, failure);
  const mark = (rows: readonly Row[]) => rows.map(row => ({ ...row, id: `${row.id} before`, what: `${row.what} [${process.env.KONEXUS_BENCH_HOST_COMPARE}]` }));
  return {
    rows: [...mark(before.rows), ...ours.rows],
    details: [...(before.details ?? []).map(d => ({ ...d, title: `BEFORE (${process.env.KONEXUS_BENCH_HOST_COMPARE}): ${d.title}` })), ...(ours.details ?? [])],
  };
}

/**
 * The extension as users get it: the .vsix (packaged from a copy of the tree; its vscode:prepublish is the
 * production build) installed with code-server's --install-extension into a template extensions folder,
 * which every fresh launch folder gets a copy of. Beside it, the baseline: an extension that does nothing,
 * loaded as extensionDevelopmentPath (VS Code runs extensionTestsPath only with one; the workbench honours
 * only one), with a copy of the probe inside it so that the probe's `vscode` is that extension's API.
 */
async function prepareExtensions(run: RunFolder, tools: HostTools, teardown: Teardown, signal: AbortSignal, log: Log): Promise<LaunchPaths> {
  const built = join(repoRoot, PROBE_BUILT);
  if (!existsSync(built)) throw new Error(`${built} is missing: run node scripts/build.mjs first`);
  const vsix = await packageVsix(join(run.dir, 'konexus.vsix'), log, teardown, signal);
  const template = run.sub('installed');
  log(`installed ${await installVsix(tools, template.dir, vsix, log, signal)}`);
  const compareVsix = process.env.KONEXUS_BENCH_HOST_COMPARE;
  let compareExtensions: string | undefined;
  if (compareVsix) {
    if (!existsSync(compareVsix)) throw new Error(`KONEXUS_BENCH_HOST_COMPARE names no file: ${compareVsix}`);
    const compareTemplate = run.sub('installed-compare');
    log(`installed ${await installVsix(tools, compareTemplate.dir, resolve(compareVsix), log, signal)} (compare)`);
    compareExtensions = join(compareTemplate.dir, 'extensions');
  }

  const baseline = join(run.dir, 'baseline');
  mkdirSync(baseline, { recursive: true });
  const [publisher, name] = BASELINE_ID.split('.') as [string, string];
  writeFileSync(join(baseline, 'package.json'), `${JSON.stringify({
    name, publisher, version: '0.0.0', engines: { vscode: '^1.100.0' }, main: './extension.js', activationEvents: ['onStartupFinished'],
  }, null, 2)}\n`);
  writeFileSync(join(baseline, 'extension.js'), 'exports.activate = function activate() {};\nexports.deactivate = function deactivate() {};\n');
  const probe = join(baseline, 'probe', 'hostStartupProbe.js');
  mkdirSync(join(probe, '..'), { recursive: true });
  copyFileSync(built, probe);
  return { extensions: join(template.dir, 'extensions'), ...(compareExtensions ? { compareExtensions } : {}), baseline, probe };
}

interface LaunchPaths {
  readonly extensions: string;
  /** The installed extensions folder of KONEXUS_BENCH_HOST_COMPARE's .vsix. */
  readonly compareExtensions?: string;
  readonly baseline: string;
  readonly probe: string;
}

class Launcher {
  private readonly ports = new Map<string, number>();

  constructor(
    private readonly tools: HostTools,
    private readonly servers: TestServers,
    private readonly paths: LaunchPaths,
    private readonly teardown: Teardown,
    private readonly signal: AbortSignal,
    private readonly log: Log,
  ) {}

  /** One launch of code-server + browser in `folder` (its user data, extensions and browser profile); stops both after. */
  async launch(kind: LaunchKind, build: LaunchFigures['build'], folder: RunFolder, label: string): Promise<LaunchFigures> {
    const { log, signal, servers } = this;
    const own = new Teardown(log);
    this.teardown.add(label, () => own.run());
    try {
      const workspace = existsSync(join(folder.dir, 'workspace')) ? join(folder.dir, 'workspace') : folder.copyWorkspace('workspace');
      // A fresh folder gets the installed extension; a relaunched one keeps its own.
      const installed = build === 'this' ? this.paths.extensions : this.paths.compareExtensions!;
      if (!existsSync(join(folder.dir, 'extensions'))) cpSync(installed, join(folder.dir, 'extensions'), { recursive: true });
      const resultsFile = join(folder.dir, `probe-${label.replace(/\W+/g, '-')}.json`);
      rmSync(resultsFile, { force: true });
      servers.resetIdp();
      const task: HostStartupTask = {
        kind, resultsFile, extensionIds: [extensionId, BUILTIN_BASELINE_ID, BASELINE_ID], quietMs: QUIET_MS,
        profile: { name: 'bench', authority: servers.idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret },
      };
      // The workbench's storage (extension state in IndexedDB, secrets in localStorage) belongs to the page's
      // origin, http://127.0.0.1:PORT: a relaunch must use the port of the first launch to find it.
      const port = this.ports.get(folder.dir) ?? await freePort();
      this.ports.set(folder.dir, port);
      const server = await startCodeServer({ tools: this.tools, run: folder, folder: workspace, port, env: { ...servers.env, [HOST_STARTUP_PROBE_ENV]: JSON.stringify(task) }, log, signal }, own);
      const browser = await launchBrowser(this.tools, folder, own);
      log(`${label}: opening the workbench`);
      const outcome = await runTestsInWorkbench({ browser, url: this.url(server, workspace), testLimitMs: LAUNCH_LIMIT_MS, verbose: Boolean(process.env.KONEXUS_VERBOSE), signal });
      const probe = readProbe(resultsFile);
      if (!probe) throw new Error(`${label}: the probe wrote no result (${outcome.problem ?? `exit code ${outcome.exitCode}`}); see ${server.logFile}`);
      if (probe.errors.length) throw new Error(`${label}: ${probe.errors.join(' / ')}`);
      if (outcome.problem) throw new Error(`${label}: ${outcome.problem}`);
      const figures: LaunchFigures = { kind, build, probe, requestsInLaunch: servers.idp.requests.length };
      const konexus = stepTimes(probe, extensionId);
      log(`${label}: require ${konexus.require} ms, activate ${konexus.activate} ms; requests before the first command ${probe.requestsBeforeCommand.length}, `
        + `after it ${probe.requestsAfterCommand.length}; stored ${probe.stored.profiles} profile(s), token valid ${probe.stored.tokenValidForS ?? '-'} s`);
      log(`${label}: every extension (require/activate ms): ${Object.entries(allExtensions(probe)).map(([id, t]) => `${id} ${t.require}/${t.activate}`).join(', ')}`);
      return figures;
    } finally {
      await own.run();
    }
  }

  private url(server: CodeServer, workspace: string): string {
    const remote = (path: string) => `vscode-remote://${server.authority}${resolve(path)}`;
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', remote(this.paths.baseline)],
      ['extensionTestsPath', remote(this.paths.probe)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    return `${server.origin}/?folder=${encodeURIComponent(resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
}

function readProbe(file: string): HostStartupProbeResult | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HostStartupProbeResult;
  } catch {
    return undefined;
  }
}

const NOT_MEASURED = { value: '—', spread: '—', baseline: '—', ratio: '—', target: 'info' } as const;

function section(results: readonly LaunchFigures[], launches: number, failure: string | undefined): Section {
  const rows: Row[] = [];
  const details: Detail[] = [];
  const host = results[0]?.probe;
  const where = host ? `VS Code ${host.vscodeVersion}'s extension host (code-server, Node ${host.nodeVersion})` : 'the real extension host';
  for (const kind of ['cold', 'warm'] as const) {
    const runs = results.filter(r => r.kind === kind);
    const ours = runs.map(r => stepTimes(r.probe, extensionId));
    const peer = runs.map(r => stepTimes(r.probe, BUILTIN_BASELINE_ID));
    const empty = runs.map(r => stepTimes(r.probe, BASELINE_ID));
    const state = kind === 'cold' ? 'cold profile (fresh user data, nothing stored)' : 'warm profile (relaunch; a profile and its secret stored; VS Code for the Web keeps tokens in memory only)';
    const [requireId, activateId] = kind === 'cold' ? ['7e', '7f'] : ['7g', '7h'];
    const row = (rowId: string, what: string, pick: (times: StepTimes) => number): Row => {
      const mine = ours.map(pick);
      const theirs = peer.map(pick);
      if (!mine.length || [...mine, ...theirs].some(Number.isNaN)) return { id: rowId, what, ...NOT_MEASURED, outcome: 'not measured', data: { failure } };
      // A step of 0 ms (the marks count whole milliseconds) counts as 1 ms in a ratio.
      const ratios = pairedRatios(mine.map(v => Math.max(v, 1)), theirs.map(v => Math.max(v, 1)));
      const summary = summarize(mine);
      const peerSummary = summarize(theirs);
      return {
        id: rowId, what, value: formatMs(summary.median), spread: formatSpread(summary),
        baseline: `${formatMs(peerSummary.median)} (merge-conflict)`, ratio: formatRatio(summarize(ratios).median), target: 'info', outcome: 'info',
        data: { samples: mine, baselineSamples: theirs, emptyExtensionSamples: empty.map(pick), summary, baselineSummary: peerSummary, ratios },
      };
    };
    rows.push(
      row(requireId, `  real host, ${state}: require of dist/extension.js (VS Code's marks), ${runs.length} launches`, t => t.require),
      row(activateId, `  real host, ${state}: activate() (VS Code's activateCallTime + activateResolvedTime)`, t => t.activate),
    );
    if (runs.length) {
      details.push({
        title: `Row 7, ${kind} launches in ${where}: per launch, ms, Konexus / vscode.merge-conflict / an empty extension`,
        lines: runs.map((r, i) => {
          const [k, m, e] = [ours[i]!, peer[i]!, empty[i]!];
          const { stored } = r.probe;
          return `- require ${k.require} / ${m.require} / ${e.require}; activate ${k.activate} / ${m.activate} / ${e.activate} (marks: ${k.markActivate} / ${m.markActivate} / ${e.markActivate}); `
            + `codeLoadingTime ${k.codeLoading} / ${m.codeLoading} / ${e.codeLoading}; event ${r.probe.activationTimes[extensionId]?.activationEvent ?? '?'}; `
            + `stored at start: ${stored.profiles} profile(s)${stored.tokenValidForS === undefined ? ', no token' : `, a token valid ${Math.round(stored.tokenValidForS / 60)} min`}`;
        }),
      });
    }
  }
  if (results.length) {
    details.push({
      title: 'Row 7, real host: how to read it',
      lines: [
        'The extension is the installed .vsix (production bundle, ExtensionMode.Production). "require" is the extension host\'s marks '
        + 'code/extHost/willLoadExtensionCode → didLoadExtensionCode (the synchronous require of the main file); "activate" is VS Code\'s '
        + 'ExtensionActivationTimes (the Startup Performance view\'s "Call Activate" + "Finish Activate"); both count whole milliseconds (Date.now()). '
        + 'VS Code\'s codeLoadingTime is not used for "require": it also spans awaits before the require, during which the host runs the other '
        + 'extensions starting in the same burst (it is the same for every extension of the burst). The baseline is the built-in vscode.merge-conflict: '
        + 'a 187 KB bundle (ours: see row 7) activated by the same onStartupFinished burst of the same launch; the ratio is the median of the '
        + 'per-launch ratios. Launches alternate cold, warm, cold…; the first cold launch\'s profile is the one the warm launches reopen.',
      ],
    });
  }

  const before = results.reduce((n, r) => n + r.probe.requestsBeforeCommand.length, 0);
  const controlsSeen = results.filter(r => r.probe.requestsAfterCommand.length > r.probe.requestsBeforeCommand.length).length;
  // The web keeps tokens in memory only (src/extension.ts): a warm launch has the profile and its secret, no token.
  const warmReady = results.filter(r => r.kind === 'warm').every(r => r.probe.stored.profiles === 1);
  const complete = results.length === 2 * launches && !failure;
  const network = complete && before === 0 && controlsSeen === results.length && warmReady;
  rows.push({
    id: '7i',
    what: `  real host: requests the local identity server got from launch to the first command, ${QUIET_MS / 1000} s after activation (${results.length} launches; the command's own request seen in ${controlsSeen})`,
    value: complete ? `${before}` : 'not measured', spread: '—', baseline: '—', ratio: '—', target: '0',
    outcome: complete ? (network ? 'pass' : 'miss') : 'not measured',
    data: {
      before, controlsSeen, warmReady, failure,
      launches: results.map(r => ({ kind: r.kind, before: r.probe.requestsBeforeCommand, command: r.probe.command, after: r.probe.requestsAfterCommand, inLaunch: r.requestsInLaunch, stored: r.probe.stored, extensions: allExtensions(r.probe) })),
    },
  });
  if (failure) details.push({ title: 'Row 7, real host: the run did not finish', lines: [failure] });
  return { rows, details };
}
