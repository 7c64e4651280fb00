/**
 * `npm run test:ui`: UI scenarios (test/workbench/*.ts) against the real workbench in headless Chromium, with
 * the extension loaded from the repository in Development mode (no tests payload) and the demo profile
 * pointing at the local Konexus identity server. Each scenario gets its own code-server, browser profile
 * and copy of the demo workspace; screenshots go to test-results/screenshots/. The scenarios run as mocha
 * tests (one suite, one `it` per scenario module, the servers started in a root `before`), reported by the
 * shared results reporter: mocha's spec lines, test-results/ui.json (test/harness/lib/suiteResults.ts), then
 * `N passed, N failed`.
 *
 *   KONEXUS_UI_GREP=<regexp>               run the scenarios whose title (`<file>: <name>`) matches (mocha grep)
 *   KONEXUS_UI_SCENARIO_TIMEOUT_S=180      limit per scenario (workbench start-up included)
 *   KONEXUS_VERBOSE=1                      print the browser console
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Mocha from 'mocha';
import type { Page } from 'playwright-core';
import { launchBrowser } from './lib/browser';
import { startCodeServer } from './lib/codeServer';
import { demoProfileEnv } from './lib/demoProfile';
import { ensureHostTools, type HostTools } from './lib/hostTools';
import { abortable, describeError, runMain, sleep, Teardown } from './lib/lifecycle';
import { createLog, elapsedSince } from './lib/log';
import { installUnpacked } from './lib/installedVsix';
import { compiledUiDir, consumerExtensionPath, extensionPath, screenshotsDir } from './lib/repo';
import ResultsReporter, { type ResultsReporterOptions } from './lib/resultsReporter';
import { createRunFolder, type RunFolder } from './lib/runFolder';
import { startTestServers, type TestServers } from './lib/testServers';
import type { UiContext, UiScenarioModule } from './lib/uiScenario';
import { isUiScenarioModule } from './lib/uiScenario';
import { WorkbenchPage } from './lib/workbenchPage';
import { readSuiteResults, suiteName, writeSuiteResults } from './lib/suiteResults';

const log = createLog('ui');
const verbose = Boolean(process.env.KONEXUS_VERBOSE);
const scenarioLimitMs = Number(process.env.KONEXUS_UI_SCENARIO_TIMEOUT_S || 180) * 1000;
/** mocha's limit for a scenario's `it`: the scenario's own limit, then time for its teardown (code-server, browser). */
const TEARDOWN_MARGIN_MS = 60_000;
const grep = process.env.KONEXUS_UI_GREP ? new RegExp(process.env.KONEXUS_UI_GREP) : undefined;

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** A scenario step that failed; it saved its own screenshot already. Its message says it all (no stack). */
class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

/** What the root `before` starts for every scenario: the host tools, the run folder, the local servers. */
interface Shared {
  readonly tools: HostTools;
  readonly run: RunFolder;
  readonly servers: TestServers;
}

/** One scenario from nothing: its own code-server (user data, extension storage), its own browser profile
 * (where the web workbench keeps secrets and global state) and workspace copy; only the identity server is
 * shared, reset to its initial state. */
async function runScenario(shared: Shared, module: UiScenarioModule, fileStem: string, index: number, signal: AbortSignal): Promise<void> {
  const { tools, run, servers } = shared;
  for (const old of readdirSync(screenshotsDir).filter(shot => shot.startsWith(`${fileStem}-`))) rmSync(join(screenshotsDir, old));
  const scenarioTeardown = new Teardown(log);
  let page: Page | undefined;
  let shots = 0;
  const screenshot = async (name: string, of = page) => {
    if (!of) throw new Error('no page yet');
    const shot = join(screenshotsDir, `${fileStem}-${String(++shots).padStart(2, '0')}-${slug(name)}.png`);
    await of.screenshot({ path: shot });
    return shot;
  };
  try {
    const folder = run.sub(`s${index}`);
    // Beside it, as in the host suite: another publisher's extension that asks VS Code for konexus sessions.
    installUnpacked(folder.dir, consumerExtensionPath);
    const workspace = folder.copyWorkspace('konexus-demo');
    servers.resetIdp();
    const server = await startCodeServer({
      tools,
      run: folder,
      folder: workspace,
      env: { ...servers.env, ...demoProfileEnv(servers.idp.issuer) },
      log,
      signal,
      workspaceTrust: module.workspaceTrust === true,
      ...(module.settings && { settings: { ...module.settings } }),
      ...(module.machineSettings && { machineSettings: { ...module.machineSettings } }),
    }, scenarioTeardown);
    signal.throwIfAborted();
    const browser = await launchBrowser(tools, folder, scenarioTeardown);
    const openPage = async () => {
      const opened = await browser.newPage();
      if (verbose) opened.on('console', message => console.log('[browser]', message.text()));
      return opened;
    };
    const scenarioPage = page = await openPage();
    const workbenchUrl = (folder: string) => server.workbenchUrl({ folder, extensionDevelopmentPath: extensionPath });
    const ui: UiContext = {
      workspace,
      workbench: new WorkbenchPage(scenarioPage),
      idp: servers.idp,
      log: (...parts) => log(`[${fileStem}]`, ...parts),
      screenshot,
      workbenchUrl,
      newPage: openPage,
      async step(title, action) {
        try {
          return await action();
        } catch (error) {
          const shot = await screenshot(`FAILED-${title}`).catch(() => undefined);
          throw new StepFailure(`step "${title}" failed${shot ? ` (screenshot ${shot})` : ''}: ${describeError(error)}`);
        }
      },
    };
    await abortable(scenarioPage.goto(workbenchUrl(workspace)), signal);
    await abortable(Promise.race([
      module.run(scenarioPage, ui),
      sleep(scenarioLimitMs).then(() => {
        throw new Error(`did not finish within ${scenarioLimitMs / 1000} s (KONEXUS_UI_SCENARIO_TIMEOUT_S)`);
      }),
    ]), signal);
  } catch (error) {
    if (!(error instanceof StepFailure)) await screenshot('FAILED').catch(() => undefined);
    throw error;
  } finally {
    await scenarioTeardown.run();
  }
}

runMain(log, async ({ teardown, signal }) => {
  const started = Date.now();
  const files = readdirSync(compiledUiDir).filter(file => file.endsWith('.mjs')).sort();
  if (!files.length) throw new Error(`no scenarios in ${compiledUiDir}: run node scripts/build.mjs first`);

  const suite = suiteName('ui');
  const mocha = new Mocha({ slow: 60_000, ...(grep && { grep }) });
  mocha.reporter(ResultsReporter, { suite } satisfies ResultsReporterOptions);
  const scenarios = Mocha.Suite.create(mocha.suite, 'workbench');
  scenarios.timeout(scenarioLimitMs + TEARDOWN_MARGIN_MS);
  let shared: Shared | undefined;
  scenarios.beforeAll('start the host tools and the local servers', async function () {
    this.timeout(0); // the first run downloads code-server and Chromium; runMain's limit still holds
    const tools = await ensureHostTools(log);
    signal.throwIfAborted();
    const run = createRunFolder('ui', teardown);
    const servers = await startTestServers(teardown);
    mkdirSync(screenshotsDir, { recursive: true });
    shared = { tools, run, servers };
  });
  for (const [index, file] of files.entries()) {
    const module: unknown = await import(pathToFileURL(join(compiledUiDir, file)).href);
    const fileStem = basename(file, '.mjs');
    scenarios.addTest(isUiScenarioModule(module)
      ? new Mocha.Test(`${fileStem}: ${module.name}`, () => runScenario(shared!, module, fileStem, index, signal))
      : new Mocha.Test(`${fileStem}: not a scenario`, () => {
        throw new Error(`${file} does not export \`name\` and \`run(page, ui)\``);
      }));
  }

  // The reporter writes test-results/<suite>.json as the run ends; after an abort the run itself failed too.
  await new Promise<void>(resolve => {
    const runner = mocha.run(() => resolve());
    signal.addEventListener('abort', () => runner.abort(), { once: true });
  });
  let results = readSuiteResults(suite);
  if ('problem' in results) throw new Error(results.problem);
  if (signal.aborted) {
    log(`FAILED: ${describeError(signal.reason)}`);
    results = writeSuiteResults(suite, [...results.tests, { title: 'the run', state: 'failed', durationMs: 0, error: describeError(signal.reason) }]);
  }
  const { passed, failed } = results;
  if (failed) {
    shared?.run.keep();
    if (shared) log(`run folder kept for its logs: ${shared.run.dir}`);
  }
  log(`screenshots in ${screenshotsDir}; done in ${elapsedSince(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}, { timeoutMs: 25 * 60 * 1000, crashLine: '0 passed, 1 failed' });
