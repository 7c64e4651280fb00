/**
 * `npm run test:host`: the integration suites (test/host) in a real VS Code extension host.
 * code-server (VS Code 1.139.1; with KONEXUS_HOST=oldest, 1.93.1, hostTools.ts) serves the workbench, headless Chromium opens it with a payload that loads
 * this extension (extensionDevelopmentPath) and runs out/test/host/index.js (extensionTestsPath);
 * the local identity servers run in this process and their addresses reach the suites via the
 * environment (test/host/lib/env.ts). Prints each test, then `N passed, N failed`; exits non-zero on
 * a failure, a crash or a timeout.
 *
 *   KONEXUS_TEST_GREP=<regexp>        run a subset
 *   KONEXUS_HOST_TEST_TIMEOUT_S=300   limit for the tests once the workbench is loading
 *   KONEXUS_VERBOSE=1                 also print the browser console and filtered host noise
 *   KONEXUS_HOST=oldest               in code-server 4.93.1 (VS Code 1.93.1) instead of 4.139.1
 */
import { join } from 'node:path';
import { TEST_ENV } from '../host/lib/env';
import { runHostSuite } from './lib/workbenchTestRun';
import { prepareHostRun } from './lib/hostRun';
import { installUnpacked } from './lib/installedVsix';
import { runMain } from './lib/lifecycle';
import { createLog } from './lib/log';
import { consumerExtensionPath, extensionPath, integrationEntry } from './lib/repo';
import { startTestServers } from './lib/testServers';

const log = createLog('host');
const verbose = Boolean(process.env.KONEXUS_VERBOSE);
const testLimitMs = Number(process.env.KONEXUS_HOST_TEST_TIMEOUT_S || 300) * 1000;
// Installs included (a fresh machine builds code-server once, 3-5 minutes).
const wholeRunLimitMs = 25 * 60 * 1000;

runMain(log, async ({ teardown, signal }) => {
  const { started, tools, run } = await prepareHostRun('host', integrationEntry, log, teardown, signal);
  // Beside it, installed: a second extension of another publisher (test/consumer-extension) that calls
  // vscode.authentication.getSession('konexus', …) and reads `exports` as other extensions do.
  installUnpacked(run.dir, consumerExtensionPath);
  const workspace = run.copyWorkspace('konexus-demo');
  const servers = await startTestServers(teardown);
  const resultsFile = join(run.dir, 'results.json');
  const grep = process.env[TEST_ENV.grep];
  return runHostSuite({
    suite: 'host',
    tools, run, teardown, workspace, log, signal, resultsFile, testLimitMs, verbose, started,
    env: { ...servers.env, [TEST_ENV.results]: resultsFile, KONEXUS_EXPECT_VSCODE: tools.vscode, ...(grep ? { [TEST_ENV.grep]: grep } : {}) },
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: integrationEntry,
  });
}, { timeoutMs: wholeRunLimitMs, crashLine: '0 passed, 1 failed' });
