/**
 * `npm run test:installed`: a few integration suites against the extension INSTALLED from the .vsix, not
 * the repository. The .vsix is packaged (`vsce package --no-dependencies`, whose vscode:prepublish is the
 * production build) from a temporary copy of the tree, so the shared dist/ keeps its development build;
 * code-server installs it (`--install-extension`) into the run's extensions folder; the workbench then
 * opens with the consumer test extension (test/consumer-extension, another publisher) as
 * extensionDevelopmentPath (VS Code runs the tests only with one), so the Konexus extension in the host is the
 * installed copy, in ExtensionMode.Production: the consumer checks it hands other extensions no exports. KONEXUS_EXPECT_INSTALLED=1 adds
 * the manifest suite's check that it is that copy, running the production bundle.
 * Prints each test, then `N passed, N failed`; exits non-zero on a failure, a crash or a timeout.
 *
 *   KONEXUS_TEST_GREP=<regexp>        another subset (default: the manifest and extension-host suites, and
 *                                     a few tests that go through the bundle's heavier paths: see DEFAULT_GREP)
 *   KONEXUS_HOST_TEST_TIMEOUT_S=120   limit for the tests once the workbench is loading
 *   KONEXUS_VERBOSE=1                 also print the browser console and filtered host noise
 *   KONEXUS_HOST=oldest               in code-server 4.93.1 (VS Code 1.93.1) instead of 4.139.1
 */
import { join } from 'node:path';
import { TEST_ENV } from '../host/lib/env';
import { runHostSuite } from './lib/workbenchTestRun';
import { prepareHostRun } from './lib/hostRun';
import { installVsix, packageVsix } from './lib/installedVsix';
import { runMain } from './lib/lifecycle';
import { createLog } from './lib/log';
import { consumerExtensionPath, integrationEntry } from './lib/repo';
import { startTestServers } from './lib/testServers';

const log = createLog('installed');
const verbose = Boolean(process.env.KONEXUS_VERBOSE);
const testLimitMs = Number(process.env.KONEXUS_HOST_TEST_TIMEOUT_S || 120) * 1000;
/**
 * The suites whose subject is the package itself: what VS Code reads from the manifest, and that it loads and
 * activates; and tests that go through the packaged bundle's heavier paths: the inspector verifying a
 * profile's token (the profile commands, the signature check with jose, the tree's model) and the Leak
 * guard's token fix.
 */
const DEFAULT_GREP = "^(manifest, as VS Code reads it|extension host) |^inspector tree and commands verifies the profile's current token"
  + '|^leakGuard: warnings and Quick Fixes in a real editor (warns on a raw JWT|the token fix writes the token)';
const wholeRunLimitMs = 25 * 60 * 1000;

runMain(log, async ({ teardown, signal }) => {
  const { started, tools, run } = await prepareHostRun('installed', integrationEntry, log, teardown, signal);

  const vsix = await packageVsix(join(run.dir, 'konexus.vsix'), log, teardown, signal);
  const installed = await installVsix(tools, run.dir, vsix, log, signal);
  log(`installed ${installed}`);

  const workspace = run.copyWorkspace('konexus-demo');
  const servers = await startTestServers(teardown);
  const resultsFile = join(run.dir, 'results.json');
  const grep = process.env[TEST_ENV.grep] || DEFAULT_GREP;
  return runHostSuite({
    suite: 'installed',
    tools, run, teardown, workspace, log, signal, resultsFile, testLimitMs, verbose, started,
    env: { ...servers.env, [TEST_ENV.results]: resultsFile, [TEST_ENV.grep]: grep, KONEXUS_EXPECT_INSTALLED: '1', KONEXUS_EXPECT_VSCODE: tools.vscode },
    extensionDevelopmentPath: consumerExtensionPath,
    extensionTestsPath: integrationEntry,
    note: `, tests matching /${grep}/`,
    check: results => {
      if (grep !== DEFAULT_GREP) return undefined;
      if (!results.tests.some(test => test.title.includes('is the copy installed from the .vsix'))) {
        return 'the check that the host runs the installed copy did not run (KONEXUS_EXPECT_INSTALLED or the grep)';
      }
      if (!results.tests.some(test => test.title.includes("verifies the profile's current token"))) return 'no test verified a token with the packaged bundle (the grep)';
      if (!results.tests.some(test => test.title.includes('hands another extension no exports'))) return 'the exports check did not run (the grep)';
      return undefined;
    },
  });
}, { timeoutMs: wholeRunLimitMs, crashLine: '0 passed, 1 failed' });
