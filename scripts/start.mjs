// `npm start`: the extension live in a real VS Code in your browser, against a local Konexus identity
// server. Installs what is missing, builds, then runs out/test/harness/demo.mjs (see test/harness/demo.ts),
// passing on its arguments:  npm start -- [--port N] [--idp-port N] [--screenshot FILE]
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

try {
  ensureDeps(repoRoot);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const demo = spawn(process.execPath, [join(repoRoot, 'out', 'test', 'harness', 'demo.mjs'), ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit' });
// Ctrl+C reaches the demo directly (same terminal process group); SIGTERM is passed on. Either way the demo
// stops what it started, and this script exits with its code.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => demo.kill('SIGTERM'));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
