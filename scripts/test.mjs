// `npm test`: installs what is missing, builds, then runs the unit suite (mocha, plain Node), the host
// suite (test/host in a real VS Code extension host), the installed suite (a few of those against
// the copy installed from the packaged .vsix), both again in the oldest VS Code engines.vscode admits, the network suite (test/host/network: VS Code's
// proxy and certificate settings) and the UI suite (test/workbench against the real workbench), in turn: a
// failing suite does not stop the next. Prints each suite's output, a table of counts, and ends with one line `N passed, N failed` over all suites.
// The counts come from the results file each suite writes, test-results/<suite>.json (test/harness/lib/suiteResults.ts),
// not from its output: a suite that wrote none (it crashed) is 1 failed. Exit code 0 only when nothing failed.
//   node scripts/test.mjs [unit|host|installed|host-oldest|installed-oldest|network|ui ...]     (default: all)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITE_LIMIT_MS = 30 * 60 * 1000;
const ANSI = /\x1b\[[0-9;]*m/g;
/** The results files' reader, from the build (test/harness/lib/suiteResults.ts): imported once the build is done. */
const SUITE_RESULTS = join(repoRoot, 'out', 'test', 'harness', 'lib', 'suiteResults.mjs');

/** Every host test but the request budget's (two idle minutes, nothing that depends on the VS Code release). */
const OLDEST_HOST_GREP = '^(?!request budget: )';
const mocha = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const SUITES = [
  {
    name: 'unit',
    // npm test runs the whole fuzz (100,000 inputs, about 80 s); `npm run test:unit` keeps to 8,000.
    env: { FUZZ_FULL: process.env.FUZZ_FULL ?? '1' },
    args: [mocha, ...(process.stdout.isTTY ? ['--color'] : []), ...(process.env.CI ? ['--forbid-only'] : [])],
  },
  { name: 'host', args: [join(repoRoot, 'out', 'test', 'harness', 'runHostTests.mjs')] },
  // The packaged .vsix installed into code-server: the manifest and extension-host suites against that copy.
  // Run as a fresh machine would: an empty HOME (the host tool cache reused, and given its full check), so
  // whatever the probe, code-server or Chromium would write into the user's home shows as a failure.
  { name: 'installed', freshHome: true, args: [join(repoRoot, 'out', 'test', 'harness', 'runInstalledTests.mjs')] },
  // The same two in the oldest VS Code engines.vscode admits (code-server 4.93.1 = VS Code 1.93.1, on Node 20,
  // installed into the same cache by the same step): what an editor on an older VS Code runs. The request
  // budget's two idle minutes are left to the current host.
  { name: 'host-oldest', env: { KONEXUS_HOST: 'oldest', KONEXUS_TEST_GREP: OLDEST_HOST_GREP }, args: [join(repoRoot, 'out', 'test', 'harness', 'runHostTests.mjs')] },
  { name: 'installed-oldest', freshHome: true, env: { KONEXUS_HOST: 'oldest' }, args: [join(repoRoot, 'out', 'test', 'harness', 'runInstalledTests.mjs')] },
  // A host set up like a corporate user's: a proxy in http.proxy, CAs in the system store and NODE_EXTRA_CA_CERTS.
  { name: 'network', args: [join(repoRoot, 'out', 'test', 'harness', 'runNetworkTests.mjs')] },
  { name: 'ui', args: [join(repoRoot, 'out', 'test', 'harness', 'runUiTests.mjs')] },
];

let readSuiteResults;
let resultsFileOf;
let interrupted = false;
let current;
process.on('SIGINT', () => {
  // The terminal sent SIGINT to the running suite as well: let it stop and report, then stop here.
  interrupted = true;
});
process.on('SIGTERM', () => {
  interrupted = true;
  current?.kill('SIGTERM');
});

/** An empty HOME for a suite, with the machine's host tool cache and npm cache kept where they are. */
function freshHomeEnv(home) {
  const env = { ...process.env, HOME: home, KONEXUS_HOST_CACHE: process.env.KONEXUS_HOST_CACHE || join(homedir(), '.cache', 'konexus-vscode-host'), KONEXUS_HOST_TOOLS_VERIFY: '1' };
  env.npm_config_cache ??= join(homedir(), '.npm');
  for (const name of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME']) delete env[name];
  return env;
}

async function runSuite(suite) {
  if (!suite.freshHome) return runSuiteIn(suite, { ...process.env, ...suite.env, KONEXUS_SUITE: suite.name });
  const home = mkdtempSync(join(tmpdir(), 'konexus-empty-home-'));
  try {
    const result = await runSuiteIn(suite, { ...freshHomeEnv(home), ...suite.env, KONEXUS_SUITE: suite.name });
    const written = readdirSync(home);
    if (!written.length) return result;
    console.log(`[test] the ${suite.name} suite wrote into an empty HOME: ${written.join(', ')}`);
    return { ...result, failed: result.failed + 1, note: `${result.note ? `${result.note}; ` : ''}wrote into HOME: ${written.join(', ')}` };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Runs one suite with its output shown as it comes (its own summary line relabelled); counts from its results file. */
function runSuiteIn(suite, env) {
  // A file left by an earlier run must not stand in for this one's.
  rmSync(resultsFileOf(suite.name), { force: true });
  return new Promise(resolve => {
    const started = Date.now();
    const child = spawn(process.execPath, suite.args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    const relay = (stream, target) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', chunk => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) target.write(`${relabel(line, suite.name)}\n`);
      });
      stream.on('end', () => {
        if (pending) target.write(`${relabel(pending, suite.name)}\n`);
      });
    };
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    const limit = setTimeout(() => {
      console.log(`[test] the ${suite.name} suite is still running after ${SUITE_LIMIT_MS / 60000} min: stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    }, SUITE_LIMIT_MS);
    child.on('error', error => {
      console.log(`[test] the ${suite.name} suite could not start: ${error.message}`);
    });
    child.on('close', code => {
      clearTimeout(limit);
      current = undefined;
      const seconds = (Date.now() - started) / 1000;
      const results = readSuiteResults(suite.name);
      if (results.problem) {
        resolve({ name: suite.name, passed: 0, failed: 1, skipped: 0, seconds, note: `exit ${code}, ${results.problem}` });
      } else if (code !== 0 && results.failed === 0) {
        resolve({ name: suite.name, ...counts(results), failed: 1, seconds, note: `exit ${code} with no failed test counted` });
      } else {
        resolve({ name: suite.name, ...counts(results), seconds, note: code === 0 ? '' : `exit ${code}` });
      }
    });
  });
}

const counts = ({ passed, failed, skipped }) => ({ passed, failed, skipped });

/** A suite's own `N passed, N failed` line, made not to look like the run's final summary. */
function relabel(line, suiteName) {
  return /^\d+ passed, \d+ failed/.test(line.replace(ANSI, '')) ? `(${suiteName} suite) ${line}` : line;
}

function table(results) {
  const rows = [['suite', 'passed', 'failed', 'skipped', 'time', ''], ...results.map(r => [r.name, r.passed, r.failed, r.skipped, `${r.seconds.toFixed(1)}s`, r.note ?? ''])];
  const widths = rows[0].map((_, column) => Math.max(...rows.map(row => String(row[column]).length)));
  return rows.map(row => row.map((cell, column) => (column === 0 || column === 5 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ').trimEnd()).join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter(name => !SUITES.some(suite => suite.name === name));
  if (unknown.length) {
    console.error(`unknown suite(s) ${unknown.join(', ')}; choose from ${SUITES.map(suite => suite.name).join(', ')}`);
    return 2;
  }
  const started = Date.now();
  try {
    ensureDeps(repoRoot);
  } catch (error) {
    console.error(error.message);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('[test] the build failed: no suite can run');
    console.log('0 passed, 1 failed');
    return 1;
  }

  ({ readSuiteResults, resultsFileOf } = await import(pathToFileURL(SUITE_RESULTS).href));
  const results = [];
  for (const suite of SUITES.filter(s => !wanted.length || wanted.includes(s.name))) {
    if (interrupted) break;
    console.log(`\n[test] ── ${suite.name} suite ──`);
    results.push(await runSuite(suite));
  }
  const total = key => results.reduce((sum, result) => sum + result[key], 0);
  const failed = total('failed') + (interrupted ? 1 : 0);
  const skipped = total('skipped');
  console.log(`\n${table(results)}${interrupted ? '\n(interrupted)' : ''}`);
  console.log(`[test] total ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`${total('passed')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return interrupted ? 130 : failed > 0 ? 1 : 0;
}

process.exitCode = await main();
