/**
 * `npm start`: the extension running in a real VS Code you open in your browser, signed in to a local
 * Konexus identity server. Starts the bundled IdP (--idp-port, default 5080 or any free port), copies the
 * demo workspace to .konexus-run/demo/workspace, starts code-server (--port, default 8080 or any free
 * port) and prints the URL that loads this extension in Development mode, where it creates the "demo"
 * profile from KONEXUS_DEMO_PROFILE. Runs until Ctrl+C.
 *
 *   node out/test/harness/demo.mjs [--port N] [--idp-port N] [--screenshot FILE]
 * --screenshot FILE: open the URL in headless Chromium, wait for the workbench, save a screenshot, exit
 * (a self-check that the demo comes up).
 */
import { dirname, relative, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DEMO_CLIENT, startKonexusIdp } from '../idp/konexusIdp';
import { launchBrowser } from './lib/browser';
import { startCodeServer } from './lib/codeServer';
import { demoProfileEnv } from './lib/demoProfile';
import { ensureHostTools } from './lib/hostTools';
import { abortable, runMain } from './lib/lifecycle';
import { createLog } from './lib/log';
import { freePort, preferredOrFreePort } from './lib/ports';
import { extensionPath, repoRoot } from './lib/repo';
import { createRunFolder } from './lib/runFolder';
import { WorkbenchPage } from './lib/workbenchPage';

const DEFAULT_PORT = 8080;
const DEFAULT_IDP_PORT = 5080;
const USAGE = 'usage: npm start -- [--port N] [--idp-port N] [--screenshot FILE]';

interface DemoOptions {
  port: number | undefined;
  idpPort: number | undefined;
  screenshot: string | undefined;
}

function fail(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

function parseArguments(argv: string[]): DemoOptions {
  const options: DemoOptions = { port: undefined, idpPort: undefined, screenshot: undefined };
  const port = (flag: string, raw: string | undefined) => {
    const value = Number(raw);
    if (!raw || !Number.isInteger(value) || value < 1 || value > 65535) fail(`${flag} needs a port number, got ${JSON.stringify(raw)}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--port') options.port = port(flag, value());
    else if (flag === '--idp-port') options.idpPort = port(flag, value());
    else if (flag === '--screenshot') options.screenshot = value() || fail('--screenshot needs a file name');
    else if (flag === '--help' || flag === '-h') fail('Konexus for VS Code: live demo in code-server');
    else fail(`unknown argument ${flag}`);
  }
  return options;
}

/** An explicit port must be free (the user asked for it); the default falls back to any free port. */
async function choosePort(explicit: number | undefined, fallback: number, what: string): Promise<number> {
  if (explicit === undefined) return preferredOrFreePort(fallback);
  const chosen = await preferredOrFreePort(explicit);
  if (chosen !== explicit) throw new Error(`${what} port ${explicit} is in use`);
  return chosen;
}

const options = parseArguments(process.argv.slice(2));
const log = createLog('demo');

runMain(log, async ({ teardown, signal }) => {
  const tools = await ensureHostTools(log);
  const run = createRunFolder('demo', teardown, { fixed: true });
  const workspace = run.copyWorkspace('workspace');

  const idp = await startKonexusIdp({ port: await choosePort(options.idpPort, DEFAULT_IDP_PORT, 'IdP') });
  teardown.add('Konexus IdP', () => idp.close());
  const port = options.screenshot && options.port === undefined ? await freePort() : await choosePort(options.port, DEFAULT_PORT, 'code-server');
  const server = await startCodeServer({ tools, run, folder: workspace, port, env: demoProfileEnv(idp.issuer), log, signal }, teardown);
  const url = server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: extensionPath });

  if (options.screenshot) {
    const file = resolve(options.screenshot);
    mkdirSync(dirname(file), { recursive: true });
    const browser = await launchBrowser(tools, run, teardown);
    const page = await browser.newPage();
    await abortable(page.goto(url), signal);
    const workbench = new WorkbenchPage(page);
    await abortable(workbench.waitUntilReady(), signal);
    await abortable(workbench.explorerRow('konexus-api.http').waitFor({ timeout: 30_000 }), signal);
    await abortable(workbench.openFromExplorer('konexus-api.http'), signal);
    // Let the extension activate and show its token in the status bar before the picture.
    const started = Date.now();
    await workbench.statusBarItem(/Konexus|demo/).waitFor({ timeout: 60_000 }).then(
      () => log(`the extension's status bar item is there after ${((Date.now() - started) / 1000).toFixed(1)}s`),
      () => log('no Konexus status bar item after 60 s'),
    );
    await page.waitForTimeout(1000);
    await page.screenshot({ path: file });
    log(`workbench up; screenshot saved to ${file}`);
    return 0;
  }

  console.log(`
Konexus for VS Code: live demo (VS Code 1.139.1 in your browser, this extension in Development mode)

  Open this URL:
    ${url}

  On a machine without a screen, forward the port first, e.g.  ssh -L ${server.port}:127.0.0.1:${server.port} <this machine>
  and open the same URL in your local browser.

  Identity server  ${idp.issuer}  (discovery ${idp.issuer}/.well-known/openid-configuration)
  Demo client      ${DEMO_CLIENT.clientId} / ${DEMO_CLIENT.clientSecret}  (published demo values)
  Profile          "demo", created by the extension on activation
  Workspace        ${relative(repoRoot, workspace)} (a fresh copy of test/harness/demo-workspace on every start)
  code-server log  ${relative(repoRoot, server.logFile)}

Ctrl+C to stop.
`);
  await abortable(server.exit, signal).then(
    () => log('code-server stopped by itself; see its log'),
    () => undefined, // Ctrl+C / SIGTERM: the normal way to stop
  );
  return server.exited && !signal.aborted ? 1 : 0;
}, { stopsOnSignal: true });
