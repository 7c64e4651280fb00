/**
 * `npm run test:ui`: UI scenarios (test/workbench/*.ts) against the real workbench in headless Chromium, with
 * the extension loaded from the repository in Development mode (no tests payload) and the demo profile
 * pointing at the local Konexus identity server. Each scenario gets its own code-server, browser profile
 * and copy of the demo workspace; screenshots go to test-results/screenshots/. Prints a line per scenario, then
 * `N passed, N failed`, and writes test-results/ui.json (test/harness/lib/suiteResults.ts).
 *
 *   KONEXUS_UI_GREP=<regexp>               run the scenarios whose name or file matches
 *   KONEXUS_UI_SCENARIO_TIMEOUT_S=180      limit per scenario (workbench start-up included)
 *   KONEXUS_VERBOSE=1                      print the browser console
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser } from './lib/browser';
import { startCodeServer } from './lib/codeServer';
import { demoProfileEnv } from './lib/demoProfile';
import { ensureHostTools } from './lib/hostTools';
import { abortable, describeError, runMain, sleep, Teardown } from './lib/lifecycle';
import { createLog, elapsedSince } from './lib/log';
import { installUnpacked } from './lib/installedVsix';
import { compiledUiDir, consumerExtensionPath, extensionPath, screenshotsDir } from './lib/repo';
import { createRunFolder } from './lib/runFolder';
import { startTestServers } from './lib/testServers';
import type { UiContext } from './lib/uiScenario';
import { isUiScenarioModule } from './lib/uiScenario';
import { WorkbenchPage } from './lib/workbenchPage';
import { suiteName, writeSuiteResults, type SuiteTest } from './lib/suiteResults';

const log = createLog('ui');
const verbose = Boolean(process.env.KONEXUS_VERBOSE);
const scenarioLimitMs = Number(process.env.KONEXUS_UI_SCENARIO_TIMEOUT_S || 180) * 1000;
const grep = process.env.KONEXUS_UI_GREP ? new RegExp(process.env.KONEXUS_UI_GREP) : undefined;

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** A scenario step that failed; it saved its own screenshot already. */
class StepFailure extends Error {
  override readonly name = 'StepFailure';
}

interface Outcome {
  name: string;
  durationMs: number;
  error?: string;
}

runMain(log, async ({ teardown, signal }) => {
  const started = Date.now();
  const files = readdirSync(compiledUiDir).filter(file => file.endsWith('.mjs')).sort();
  if (!files.length) throw new Error(`no scenarios in ${compiledUiDir}: run node scripts/build.mjs first`);

  const tools = await ensureHostTools(log);
  signal.throwIfAborted();
  const run = createRunFolder('ui', teardown);
  const servers = await startTestServers(teardown);
  mkdirSync(screenshotsDir, { recursive: true });

  const outcomes: Outcome[] = [];
  for (const [index, file] of files.entries()) {
    if (signal.aborted) break;
    const module: unknown = await import(pathToFileURL(join(compiledUiDir, file)).href);
    const fileStem = basename(file, '.mjs');
    if (!isUiScenarioModule(module)) {
      outcomes.push({ name: fileStem, durationMs: 0, error: `${file} does not export \`name\` and \`run(page, ui)\`` });
      console.log(`✗ ${fileStem}: not a scenario`);
      continue;
    }
    if (grep && !grep.test(module.name) && !grep.test(fileStem)) continue;

    for (const old of readdirSync(screenshotsDir).filter(shot => shot.startsWith(`${fileStem}-`))) rmSync(join(screenshotsDir, old));
    const scenarioStarted = Date.now();
    // Each scenario starts from nothing: its own code-server (user data, extension storage), its own
    // browser profile (where the web workbench keeps secrets and global state) and workspace copy; only
    // the identity server is shared, reset to its initial state.
    const scenarioTeardown = new Teardown(log);
    teardown.add(`scenario ${fileStem}`, () => scenarioTeardown.run());
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
      outcomes.push({ name: module.name, durationMs: Date.now() - scenarioStarted });
      console.log(`✓ ${module.name} (${elapsedSince(scenarioStarted)})`);
    } catch (error) {
      const message = error instanceof StepFailure ? error.message : describeError(error);
      outcomes.push({ name: module.name, durationMs: Date.now() - scenarioStarted, error: message });
      if (!(error instanceof StepFailure)) await screenshot('FAILED').catch(() => undefined);
      console.log(`✗ ${module.name} (${elapsedSince(scenarioStarted)})\n${message.replace(/^/gm, '    ')}`);
    } finally {
      await scenarioTeardown.run();
    }
  }

  const tests: SuiteTest[] = outcomes.map(({ name, durationMs, error }) => ({ title: name, state: error ? 'failed' : 'passed', durationMs, ...(error && { error }) }));
  if (signal.aborted) {
    log(`FAILED: ${describeError(signal.reason)}`);
    tests.push({ title: 'the run', state: 'failed', durationMs: 0, error: describeError(signal.reason) });
  }
  const { passed, failed } = writeSuiteResults(suiteName('ui'), tests);
  if (failed) {
    run.keep();
    log(`run folder kept for its logs: ${run.dir}`);
  }
  log(`screenshots in ${screenshotsDir}; done in ${elapsedSince(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}, { timeoutMs: 25 * 60 * 1000, crashLine: '0 passed, 1 failed' });
