// Makes sure node_modules matches package-lock.json: runs `npm ci` (or `npm install` when there is no
// lockfile) when node_modules is missing or older than the lockfile; says nothing when there is nothing
// to do. Plain Node, no dependencies: it runs before anything is installed.
//   node scripts/ensure-deps.mjs            (or: import { ensureDeps } from './ensure-deps.mjs')
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const mtime = file => statSync(file).mtimeMs;

/** Why node_modules must be (re)installed, or undefined when it is up to date. */
export function depsOutOfDate(root = repoRoot) {
  const lockfile = join(root, 'package-lock.json');
  // npm writes its hidden lockfile last, when an install completed: a better witness than the folder.
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(installed)) return 'node_modules is incomplete';
  if (existsSync(lockfile) && mtime(lockfile) > mtime(installed)) return 'package-lock.json is newer than node_modules';
  return undefined;
}

/**
 * The environment without the script context an outer `npm test` exported (its user agent, prefix,
 * --silent log level), so this npm behaves as if run by hand; the user's npm settings stay.
 */
function npmEnvironment() {
  const outer = /^npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_(user_agent|local_prefix|node_gyp|npm_version|loglevel)$)/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !outer.test(name)));
  return { ...env, npm_config_loglevel: 'warn' };
}

/** Installs when needed; throws when npm fails. Returns true when it installed. */
export function ensureDeps(root = repoRoot) {
  const reason = depsOutOfDate(root);
  if (!reason) return false;
  const args = existsSync(join(root, 'package-lock.json')) ? ['ci'] : ['install'];
  console.log(`[deps] ${reason}: npm ${args[0]}`);
  const started = Date.now();
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: npmEnvironment(),
  });
  if (result.error) throw new Error(`[deps] could not run npm: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`[deps] npm ${args[0]} failed (exit ${result.status})`);
  console.log(`[deps] installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  try {
    ensureDeps();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
