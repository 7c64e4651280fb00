/**
 * The .vsix for the installed-copy host test: packaged from a temporary copy of the working tree (as
 * test/node/package.test.ts does), because vsce runs `vscode:prepublish` (the production build) in the
 * folder it packages; the shared dist/ keeps its development build. Checked as `npm run package` checks it
 * (scripts/openvsx-check.mjs: would Open VSX accept it), then installed into a run's
 * extensions folder with code-server's `--install-extension`.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { HostTools } from './hostTools';
import type { Teardown } from './lifecycle';
import type { Log } from './log';
import { extensionId, repoRoot } from './repo';

const PACKAGE_LIMIT_MS = 120_000;
const INSTALL_LIMIT_MS = 120_000;

/** Top-level entries of the working tree not copied: generated, installed, or another process's run state. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'out', 'dist', '.konexus-run', '.vscode-test', '.vscode-test-web', 'test-results']);

/** Runs a program to its end; rejects with its output's tail on a non-zero exit, a timeout or an abort. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; limitMs: number; signal: AbortSignal; what: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    const stop = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(stop, options.limitMs);
    options.signal.addEventListener('abort', stop, { once: true });
    child.on('error', reject);
    child.on('close', (code, killedBy) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', stop);
      if (code === 0) resolve(output);
      else reject(new Error(`${options.what} failed (${killedBy ? `killed by ${killedBy}` : `exit ${code}`}):\n${output.trim().split('\n').slice(-20).join('\n')}`));
    });
  });
}

/** `npx vsce package --no-dependencies --out <vsix>` in a temporary copy of the tree; returns the .vsix path. */
export async function packageVsix(vsix: string, log: Log, teardown: Teardown, signal: AbortSignal): Promise<string> {
  const workDir = mkdtempSync(join(tmpdir(), 'konexus-installed-'));
  teardown.add('the packaging copy', () => rmSync(workDir, { recursive: true, force: true }));
  const tree = join(workDir, 'tree');
  cpSync(repoRoot, tree, {
    recursive: true,
    filter: source => {
      const path = relative(repoRoot, source);
      return !NOT_COPIED.has(path.split(sep)[0]!) && !path.endsWith('.vsix');
    },
  });
  // The production build needs esbuild and vsce needs its own packages: the repository's, not a second install.
  symlinkSync(join(repoRoot, 'node_modules'), join(tree, 'node_modules'), 'dir');
  log('packaging the .vsix from a copy of the tree (vscode:prepublish = the production build)');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
    cwd: tree,
    env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' },
    limitMs: PACKAGE_LIMIT_MS,
    signal,
    what: 'vsce package',
  });
  if (!existsSync(vsix)) throw new Error(`vsce package wrote no ${vsix}`);
  // As `npm run package` does: the .vsix this suite installs is the one Open VSX would accept.
  const checked = await run(process.execPath, [join(repoRoot, 'scripts', 'openvsx-check.mjs'), vsix], { cwd: repoRoot, limitMs: 30_000, signal, what: 'the Open VSX check' });
  log(checked.trim());
  return vsix;
}

/** Installs the .vsix with `code-server --install-extension` into `<runDir>/extensions`; returns the installed folder. */
export async function installVsix(tools: HostTools, runDir: string, vsix: string, log: Log, signal: AbortSignal): Promise<string> {
  const extensionsDir = join(runDir, 'extensions');
  const userData = join(runDir, 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  const output = await run(tools.node, [tools.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userData, '--install-extension', vsix], {
    cwd: runDir,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(runDir, 'xdg', 'config'),
      XDG_DATA_HOME: join(runDir, 'xdg', 'data'),
      XDG_CACHE_HOME: join(runDir, 'xdg', 'cache'),
    },
    limitMs: INSTALL_LIMIT_MS,
    signal,
    what: 'code-server --install-extension',
  });
  log(`install: ${output.trim().split('\n').pop()}`);
  const installed = readdirSync(extensionsDir).find(name => name.toLowerCase().startsWith(`${extensionId}-`));
  if (!installed) throw new Error(`no ${extensionId}-* folder in ${extensionsDir} after the install`);
  return join(extensionsDir, installed);
}

/**
 * Installs an unpacked extension folder (package.json + main) into `<runDir>/extensions` as an installed,
 * non-development extension: a copy named `<publisher>.<name>-<version>` and its entry in the folder's
 * extensions.json, which is what VS Code's scanner lists. (The workbench payload keeps one
 * extensionDevelopmentPath only: its entries go into a Map.) Returns the extension id.
 */
export function installUnpacked(runDir: string, folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${manifest.publisher}.${manifest.name}`;
  const extensionsDir = join(runDir, 'extensions');
  const relativeLocation = `${id}-${manifest.version}`;
  const target = join(extensionsDir, relativeLocation);
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(folder, target, { recursive: true });
  const listFile = join(extensionsDir, 'extensions.json');
  const list = existsSync(listFile) ? JSON.parse(readFileSync(listFile, 'utf8')) as unknown[] : [];
  list.push({
    identifier: { id },
    version: manifest.version,
    location: { $mid: 1, scheme: 'file', path: target },
    relativeLocation,
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  });
  writeFileSync(listFile, JSON.stringify(list));
  return id;
}
