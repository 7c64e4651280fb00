/**
 * What every host-suite runner does once code-server is up: open the workbench with a tests payload in a
 * new page, relay the extension host's test lines, and wait for its exit code, a page crash or the time
 * limit. Reading the results file and reporting stay with the runner (each checks its own extras).
 */
import type { Browser } from './browser';
import { formatForwarded, isHarmless } from './hostConsole';
import { abortable, describeError, sleep } from './lifecycle';

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
  try {
    const exitCode = await abortable(Promise.race([hostExit, pageCrash, sleep(testLimitMs).then(() => {
      throw new Error(`the tests did not finish within ${testLimitMs / 1000} s (KONEXUS_HOST_TEST_TIMEOUT_S)`);
    })]), signal);
    return { exitCode, problem: undefined, testsStarted };
  } catch (error) {
    return { exitCode: undefined, problem: describeError(error), testsStarted };
  }
}
