/**
 * code-server (VS Code 1.139.1's server, whose Node extension host is the one desktop VS Code runs) on
 * 127.0.0.1, in its own process group so that stopping it stops the extension host and every helper too.
 * The extension host inherits this process's environment: that is how tests get their servers' addresses.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HostTools } from './hostTools';
import type { Teardown } from './lifecycle';
import { abortable, sleep } from './lifecycle';
import type { Log } from './log';
import { freePort } from './ports';
import type { RunFolder } from './runFolder';

const START_LIMIT_MS = 90_000;

/** User settings that keep the workbench quiet and predictable: no chat panel, no update checks. */
const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
};

export interface CodeServerOptions {
  tools: HostTools;
  run: RunFolder;
  /** The folder the server opens by default (the workbench URL names its own folder too). */
  folder: string;
  /** Added to the environment of code-server, and so of the extension host. */
  env?: Record<string, string>;
  /** User settings added to (or overriding) the quiet defaults, e.g. `http.proxy`. */
  settings?: Record<string, unknown>;
  /**
   * Remote settings (user-data/Machine/settings.json), where a `machine`-scoped setting such as
   * `konexus.terminal.injectToken` is read in this remote window: VS Code ignores it in the User file here.
   */
  machineSettings?: Record<string, unknown>;
  /** 0 or undefined: any free port. */
  port?: number;
  /**
   * Workspace trust as users have it (true: folders open in Restricted Mode until trusted). Off by default,
   * so the workbench opens every folder trusted, without asking.
   */
  workspaceTrust?: boolean;
  log: Log;
  signal: AbortSignal;
}

export interface CodeServer {
  readonly port: number;
  /** `127.0.0.1:PORT`, the remote authority in vscode-remote:// URIs. */
  readonly authority: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly logFile: string;
  /** The workbench for `folder`, loading the extension at `extensionDevelopmentPath`, and tests if given. */
  workbenchUrl(options: { folder: string; extensionDevelopmentPath: string; extensionTestsPath?: string }): string;
  /** True once the process has exited (expected only after stop()). */
  readonly exited: boolean;
  /** Settles when the process exits, whoever stopped it. */
  readonly exit: Promise<void>;
  stop(): Promise<void>;
}

/** The environment without what an outer VS Code (a terminal inside one) would leak into the server. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('VSCODE_') || name.startsWith('ELECTRON_') || name.startsWith('npm_')) continue;
    env[name] = value;
  }
  return env;
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function healthy(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

export async function startCodeServer(options: CodeServerOptions, teardown: Teardown): Promise<CodeServer> {
  const { run, tools, log } = options;
  const port = options.port || await freePort();
  const authority = `127.0.0.1:${port}`;
  const origin = `http://${authority}`;
  const userData = join(run.dir, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  const userSettings = { ...USER_SETTINGS, 'security.workspace.trust.enabled': Boolean(options.workspaceTrust), ...options.settings };
  writeFileSync(join(userData, 'User', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
  if (options.machineSettings) {
    mkdirSync(join(userData, 'Machine'), { recursive: true });
    writeFileSync(join(userData, 'Machine', 'settings.json'), `${JSON.stringify(options.machineSettings, null, 2)}\n`);
  }
  // An explicit config file, so ~/.config/code-server/config.yaml (with its generated password) is neither read nor written.
  const config = join(run.dir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const logFile = join(run.dir, 'code-server.log');
  const out = openSync(logFile, 'w');

  const args = [
    tools.codeServerEntry,
    '--config', config,
    '--bind-addr', authority,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', join(run.dir, 'extensions'),
    // A built VS Code honours the workbench URL's `payload` (extensionDevelopmentPath, extensionTestsPath)
    // only with the smoke-test driver enabled (1.93 without it, and its code-server does not know the option).
    ...(tools.payloadNeedsSmokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    options.folder,
  ];
  const child = spawn(tools.node, args, {
    detached: true, // its own process group: stop() signals the whole group
    stdio: ['ignore', out, out],
    env: {
      ...cleanEnvironment(),
      TMPDIR: run.tmp,
      XDG_CONFIG_HOME: join(run.dir, 'xdg', 'config'),
      XDG_DATA_HOME: join(run.dir, 'xdg', 'data'),
      XDG_CACHE_HOME: join(run.dir, 'xdg', 'cache'),
      ...options.env,
    },
  });
  closeSync(out);
  let exited = false;
  const exit = new Promise<void>(resolveExit => child.once('exit', () => {
    exited = true;
    resolveExit();
  }));
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = async () => {
    signalGroup('SIGTERM');
    await Promise.race([exit, sleep(5000)]);
    // Whatever is left in the group (an extension host that ignored SIGTERM, a pty helper) goes now.
    signalGroup('SIGKILL');
  };
  teardown.add('code-server', stop);

  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`code-server exited while starting; ${logFile}:\n${tail(logFile)}`);
    if (await abortable(healthy(origin), options.signal)) break;
    if (Date.now() - started > START_LIMIT_MS) throw new Error(`code-server not healthy after ${START_LIMIT_MS / 1000} s; ${logFile}:\n${tail(logFile)}`);
    await sleep(250, options.signal);
  }
  log(`code-server up at ${origin} in ${((Date.now() - started) / 1000).toFixed(1)}s (log ${logFile})`);

  const remote = (path: string) => `vscode-remote://${authority}${resolve(path)}`;
  return {
    port,
    authority,
    origin,
    logFile,
    get exited() {
      return exited;
    },
    exit,
    stop,
    workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }) {
      const payload: Array<[string, string]> = [
        ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
      ];
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      return `${origin}/?folder=${encodeURIComponent(resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
  };
}
