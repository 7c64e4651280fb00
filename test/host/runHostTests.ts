/**
 * `npm run test:host`: the integration suites (test/integration) in a real VS Code extension host.
 * code-server (VS Code 1.139.1) serves the workbench, headless Chromium opens it with a payload that loads
 * this extension (extensionDevelopmentPath) and runs out/test/integration/index.js (extensionTestsPath);
 * the local identity servers run in this process and their addresses reach the suites via the
 * environment (test/integration/lib/env.ts). Prints each test, then `N passed, N failed`; exits non-zero on
 * a failure, a crash or a timeout.
 *
 *   KONEXUS_TEST_GREP=<regexp>        run a subset
 *   KONEXUS_HOST_TEST_TIMEOUT_S=300   limit for the tests once the workbench is loading
 *   KONEXUS_VERBOSE=1                 also print the browser console and filtered host noise
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_ENV } from '../integration/lib/env';
import type { TestResults } from '../integration/lib/results';
import { launchBrowser } from './lib/browser';
import { startCodeServer } from './lib/codeServer';
import { formatForwarded, isHarmless } from './lib/hostConsole';
import { ensureHostTools } from './lib/hostTools';
import { abortable, describeError, runMain, sleep } from './lib/lifecycle';
import { createLog, elapsedSince } from './lib/log';
import { extensionPath, integrationEntry } from './lib/repo';
import { createRunFolder } from './lib/runFolder';
import { startTestServers } from './lib/testServers';

const log = createLog('host');
const verbose = Boolean(process.env.KONEXUS_VERBOSE);
const testLimitMs = Number(process.env.KONEXUS_HOST_TEST_TIMEOUT_S || 300) * 1000;
// Installs included (a fresh machine builds code-server once, 3-5 minutes).
const wholeRunLimitMs = 25 * 60 * 1000;

function readResults(file: string): TestResults | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TestResults;
  } catch {
    return undefined;
  }
}

function indent(text: string, by = '      '): string {
  return text.split('\n').map(line => by + line).join('\n');
}

runMain(log, async ({ teardown, signal }) => {
  const started = Date.now();
  if (!existsSync(integrationEntry)) throw new Error(`${integrationEntry} is missing: run node scripts/build.mjs first`);
  const tools = await ensureHostTools(log);
  const run = createRunFolder('host', teardown);
  const workspace = run.copyWorkspace();
  const servers = await startTestServers(teardown);
  const resultsFile = join(run.dir, 'results.json');
  const grep = process.env[TEST_ENV.grep];
  const server = await startCodeServer({
    tools,
    run,
    folder: workspace,
    env: { ...servers.env, [TEST_ENV.results]: resultsFile, ...(grep ? { [TEST_ENV.grep]: grep } : {}) },
    log,
    signal,
  }, teardown);
  const browser = await launchBrowser(tools, run, teardown);
  const page = await browser.newPage();
  if (verbose) page.on('console', message => console.log('[browser]', message.text()));

  const hostExit = new Promise<number>(resolve => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  const pageCrash = new Promise<never>((_, reject) => page.on('crash', () => reject(new Error('the workbench page crashed'))));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
    const message = formatForwarded(args);
    if (/^ {2}[✓✗-] /.test(message)) console.log(message); // a test's line from index.ts
    else if (verbose || !isHarmless(message)) console.log(message.replace(/^/gm, '[workbench] '));
  });

  log(`opening the workbench (${workspace})`);
  const testsStarted = Date.now();
  await page.goto(server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: extensionPath, extensionTestsPath: integrationEntry }));

  let exitCode: number | undefined;
  let problem: string | undefined;
  try {
    exitCode = await abortable(Promise.race([hostExit, pageCrash, sleep(testLimitMs).then(() => {
      throw new Error(`the tests did not finish within ${testLimitMs / 1000} s (KONEXUS_HOST_TEST_TIMEOUT_S)`);
    })]), signal);
  } catch (error) {
    problem = describeError(error);
  }

  const results = readResults(resultsFile);
  const passed = results?.passed ?? 0;
  let failed = results?.failed ?? 0;
  const pending = results?.pending ?? 0;
  if (results) {
    log(`extension host: VS Code ${results.host.vscodeVersion}, Node ${results.host.nodeVersion}, ${results.host.uiKind} UI; tests took ${elapsedSince(testsStarted)}`);
    const failures = results.tests.filter(test => test.state === 'failed');
    if (failures.length) {
      console.log('\nfailures:');
      failures.forEach((test, index) => {
        console.log(`  ${index + 1}) ${test.title}`);
        console.log(indent(test.error?.stack ?? test.error?.message ?? 'no error given'));
      });
      console.log('');
    }
  } else {
    problem ??= `the extension host exited (code ${exitCode}) without writing ${resultsFile}; see ${server.logFile}`;
  }
  if (!problem && exitCode !== 0 && failed === 0) problem = `the extension host exited with code ${exitCode}`;
  if (problem) {
    log(`FAILED: ${problem}`);
    failed += 1;
  }
  if (failed > 0) {
    run.keep();
    log(`run folder kept for its logs: ${run.dir}`);
  }
  log(`done in ${elapsedSince(started)}`);
  console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  return failed > 0 ? 1 : 0;
}, { timeoutMs: wholeRunLimitMs });
