/**
 * What every host-suite runner does once code-server is up: open the workbench with a tests payload in a
 * new page, relay the extension host's test lines, and wait for its exit code, a page crash or the time
 * limit; then read the results file, keep the run folder of a failed run, and report `N passed, N failed`.
 */
import type { TestResults } from '../../host/lib/results';
import type { Browser } from './browser';
import { launchBrowser } from './browser';
import { startCodeServer, type CodeServerOptions } from './codeServer';
import { formatForwarded, isHarmless } from './hostConsole';
import { abortable, describeError, type Teardown } from './lifecycle';
import { elapsedSince, type Log } from './log';
import { readResults, reportHostRun } from './report';
import type { RunFolder } from './runFolder';

export interface WorkbenchTestRunOptions {
  readonly browser: Browser;
  /** Builds the workbench URL that loads `extensionDevelopmentPath` and runs `extensionTestsPath`. */
  readonly url: string;
  readonly testLimitMs: number;
  readonly verbose: boolean;
  readonly signal: AbortSignal;
}

export interface WorkbenchTestRunOutcome {
  readonly exitCode: number | undefined;
  /** Why the run could not finish normally (timeout, crash), if so. */
  readonly problem: string | undefined;
  readonly testsStarted: number;
}

export async function runTestsInWorkbench(options: WorkbenchTestRunOptions): Promise<WorkbenchTestRunOutcome> {
  const { verbose, signal, testLimitMs } = options;
  const page = await options.browser.newPage();
  if (verbose) page.on('console', message => console.log('[browser]', message.text()));

  const hostExit = new Promise<number>(resolve => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  const pageCrash = new Promise<never>((_, reject) => page.on('crash', () => reject(new Error('the workbench page crashed'))));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
    const message = formatForwarded(args);
    if (/^ {2}[✓✗-] /.test(message)) console.log(message); // a test's line from index.ts
    else if (/^Error: \d+ test\(s\) failed/.test(message)) return; // run()'s rejection: the report says it
    else if (verbose || !isHarmless(message)) console.log(message.replace(/^/gm, '[workbench] '));
  });

  const testsStarted = Date.now();
  await abortable(page.goto(options.url), signal);
  // Cleared once the run ends: a pending limit would keep a process that runs more after this (npm run bench) alive.
  let limit: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    limit = setTimeout(() => reject(new Error(`the tests did not finish within ${testLimitMs / 1000} s (KONEXUS_HOST_TEST_TIMEOUT_S)`)), testLimitMs);
  });
  try {
    const exitCode = await abortable(Promise.race([hostExit, pageCrash, timedOut]), signal);
    return { exitCode, problem: undefined, testsStarted };
  } catch (error) {
    return { exitCode: undefined, problem: describeError(error), testsStarted };
  } finally {
    clearTimeout(limit);
  }
}

export interface HostRunConclusion {
  /** The suite's own name for test-results/<suite>.json (suiteResults.ts). */
  readonly suite: string;
  readonly outcome: WorkbenchTestRunOutcome;
  readonly resultsFile: string;
  readonly serverLogFile: string;
  readonly run: RunFolder;
  readonly started: number;
  readonly log: Log;
  /** A runner's own requirement on a finished run; returns what is wrong, if anything. */
  readonly check?: (results: TestResults) => string | undefined;
}

/** Reads and reports a host run; returns the process exit code (0 only when everything passed). */
function concludeHostRun(conclusion: HostRunConclusion): number {
  const { outcome: { exitCode, testsStarted }, resultsFile, run, log } = conclusion;
  let problem = conclusion.outcome.problem;
  const results = readResults(resultsFile);
  if (!results) problem ??= `the extension host exited (code ${exitCode}) without writing ${resultsFile}; see ${conclusion.serverLogFile}`;
  else if (!problem && exitCode !== 0 && results.failed === 0) problem = `the extension host exited with code ${exitCode}`;
  else if (!problem) problem = conclusion.check?.(results);
  log(`tests took ${elapsedSince(testsStarted)}, the whole run ${elapsedSince(conclusion.started)}`);
  if (problem || (results?.failed ?? 0) > 0) {
    run.keep();
    log(`run folder kept for its logs: ${run.dir}`);
  }
  return reportHostRun(conclusion.suite, results, problem, log) > 0 ? 1 : 0;
}

export interface HostSuiteRun extends Pick<CodeServerOptions, 'tools' | 'run' | 'env' | 'settings' | 'log' | 'signal'> {
  readonly suite: HostRunConclusion['suite'];
  readonly teardown: Teardown;
  readonly workspace: string;
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  readonly resultsFile: string;
  readonly testLimitMs: number;
  readonly verbose: boolean;
  readonly started: number;
  /** Added to the "opening the workbench" line, e.g. the grep. */
  readonly note?: string;
  readonly check?: HostRunConclusion['check'];
}

/** code-server on the workspace, a browser, the tests payload run in the workbench, and the report: every host runner's tail. */
export async function runHostSuite(suite: HostSuiteRun): Promise<number> {
  const { tools, run, teardown, workspace, log, signal } = suite;
  const server = await startCodeServer({
    tools, run, folder: workspace, log, signal,
    ...(suite.env && { env: suite.env }),
    ...(suite.settings && { settings: suite.settings }),
  }, teardown);
  signal.throwIfAborted();
  const browser = await launchBrowser(tools, run, teardown);
  signal.throwIfAborted();
  log(`opening the workbench (${workspace})${suite.note ?? ''}`);
  const outcome = await runTestsInWorkbench({
    browser,
    url: server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: suite.extensionDevelopmentPath, extensionTestsPath: suite.extensionTestsPath }),
    testLimitMs: suite.testLimitMs, verbose: suite.verbose, signal,
  });
  return concludeHostRun({
    suite: suite.suite, outcome, resultsFile: suite.resultsFile, serverLogFile: server.logFile, run, started: suite.started, log,
    ...(suite.check && { check: suite.check }),
  });
}
