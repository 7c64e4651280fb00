/**
 * The production bundle, built the way `vscode:prepublish` builds it (scripts/build.mjs --production, into
 * a temporary folder), then run in a fresh Node process with the recording `vscode` stub
 * (test/bench/activateProbe.ts): activation, then a first inspection. One file holds all the extension's
 * code, and its messages come out in the language VS Code hands to activate(), the core's (@vscode/l10n)
 * as well as the glue's.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import type { InspectProbe, ProbeResult } from '../bench/activateProbe';

const PROBE = 'out/test/bench/activateProbe.mjs';

describe('the production bundle, as build.mjs --production makes it', function () {
  this.timeout(60_000);
  let dir: string;
  let inputs: string[];
  let code: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'konexus-bundle-'));
    execFileSync(process.execPath, ['scripts/build.mjs', '--production', `--outdir=${dir}`, `--metafile=${join(dir, 'meta.json')}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    const metafile = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile;
    inputs = Object.keys(Object.values(metafile.outputs)[0]!.inputs);
    code = readFileSync(join(dir, 'extension.js'), 'utf8');
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const probe = (translations?: Record<string, string>): ProbeResult & { inspection: InspectProbe } => {
    const args = [PROBE, join(dir, 'extension.js'), 'fresh', 'inspect'];
    if (translations) {
      writeFileSync(join(dir, 'bundle.l10n.de.json'), JSON.stringify(translations));
      args.push(join(dir, 'bundle.l10n.de.json'));
    }
    const output = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as ProbeResult;
    assert.ok(result.inspection, 'the probe ran no inspection');
    return result as ProbeResult & { inspection: InspectProbe };
  };

  it('is one file holding all the extension, which requires no file of its own beside it', () => {
    assert.deepEqual(readdirSync(dir).filter(name => name.endsWith('.js')), ['extension.js']);
    for (const part of ['node_modules/jose/', 'node_modules/oauth4webapi/', 'node_modules/@vscode/l10n/', 'src/core/jwt/verify.ts', 'src/inspector/inspectorCommands.ts', 'src/leakGuard/leakFixes.ts', 'src/tokens/profileCommands.ts', 'src/httpFiles/bearerHeaderCommand.ts']) {
      assert.ok(inputs.some(input => input.startsWith(part)), `${part} is not in dist/extension.js`);
    }
    // `vscode` and Node's own modules only: a relative require would name a file the .vsix does not hold.
    assert.deepEqual([...code.matchAll(/require\("([./][^"]*)"\)/g)].map(match => match[1]), []);
  });

  it("requires dist/extension.js without loading Node's fetch implementation (undici), which nothing needs before the first request", () => {
    // A module-level `class … extends Response` did: about 35 ms of require in plain Node (BENCHMARKS.md, row 7b).
    const { fetchLoadedByRequire, errors } = probe();
    assert.deepEqual(errors, []);
    assert.equal(fetchLoadedByRequire, false);
  });

  it('inspects a token after activation without any request, and speaks the language VS Code hands to activate()', () => {
    const { errors, inspection, fetchesDuringActivate, fetchesAfter, socketConnects } = probe({
      Validation: 'Prüfung', // inspectionNodes.ts
      'alg {0} is allowed': 'alg {0} ist erlaubt', // core/jwt/verify.ts
      'not verified: {0}': 'nicht geprüft: {0}', // inspector/verification.ts
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(inspection.logErrors, []);
    assert.equal(fetchesDuringActivate + fetchesAfter + socketConnects, 0);
    const result = inspection.result as { ok: boolean; keys: string; checks: Array<{ id: string; status: string; reason: string }>; nodes: Array<{ id: string; label: string }> };
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.nodes.find(node => node.id === 'validation')?.label, 'Prüfung');
    assert.equal(result.checks.find(check => check.id === 'alg')?.reason, 'alg RS256 ist erlaubt');
    assert.match(result.keys, /^nicht geprüft: /);
    assert.equal(result.checks.find(check => check.id === 'exp')?.status, 'fail');
  });
});
