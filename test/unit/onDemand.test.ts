/**
 * The on-demand bundle (src/onDemand): the loader's contract, and the production pair of bundles built the
 * way build.mjs builds them (scripts/bundles.mjs), then run in a fresh Node process with the recording
 * `vscode` stub (test/bench/activateProbe.ts): activation, then a first inspection, which requires
 * dist/onDemand.js. Its messages must come out in the language VS Code hands to activate(): the on-demand
 * code has no @vscode/l10n of its own (an unconfigured second copy would speak English), it uses the one
 * dist/extension.js lends it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension, lentPaths } from '../../scripts/bundles.mjs';
import type { OnDemandProbe, ProbeResult } from '../bench/activateProbe';
import { isKonexusError } from '../../src/core/errors';
import { HOST_SLOT, hostModule, type OnDemandHost } from '../../src/onDemand/hostSlot';
import { onDemandLoader, ON_DEMAND_BUNDLE, type OnDemand } from '../../src/onDemand/loader';

const PROBE = 'out/test/bench/activateProbe.mjs';

const slot = () => (globalThis as Record<symbol, unknown>)[HOST_SLOT];
const fakeBundle = (name: string) => ({ name }) as unknown as OnDemand;

describe('the on-demand bundle', () => {
  describe('loader', () => {
    it('loads once for any number of callers, with the lent modules in the slot only while it loads', async () => {
      const host: OnDemandHost = { 'src/core/errors.ts': { marker: 1 } };
      let loads = 0;
      let seen: unknown;
      const load = onDemandLoader({
        importBundle: async () => {
          loads++;
          seen = slot();
          await new Promise(resolve => setTimeout(resolve, 5));
          return fakeBundle('on demand');
        },
        host,
        logError: () => assert.fail('nothing failed'),
      });
      assert.equal(slot(), undefined);
      const [a, b] = await Promise.all([load(), load()]);
      assert.equal(a, b);
      assert.equal(await load(), a);
      assert.equal(loads, 1);
      assert.equal(seen, host);
      assert.equal(slot(), undefined, 'the slot is emptied once the bundle is loaded');
    });

    it('turns a failure into a logged KonexusError that names the file and says to reinstall, and tries again next time', async () => {
      const logged: Array<[string, unknown]> = [];
      let attempt = 0;
      const load = onDemandLoader({
        importBundle: async () => {
          if (++attempt === 1) throw new Error("Cannot find module '/ext/dist/onDemand.js'\nRequire stack:\n- /ext/dist/extension.js");
          return fakeBundle('second try');
        },
        host: {},
        logError: (message, error) => void logged.push([message, error]),
      });
      const error: unknown = await load().then(() => assert.fail('the load should fail'), (e: unknown) => e);
      assert.ok(isKonexusError(error), String(error));
      assert.equal(error.code, 'incomplete_install');
      assert.equal(error.message, `A part of the extension (${ON_DEMAND_BUNDLE}) could not be loaded: Cannot find module '/ext/dist/onDemand.js'. Reinstall the Konexus extension.`);
      assert.equal(logged.length, 1);
      assert.match(logged[0]![0], /could not load dist\/onDemand\.js/);
      assert.match(String(logged[0]![1]), /Require stack/, 'the log keeps the whole cause');
      assert.equal(slot(), undefined, 'the slot is emptied after a failure too');
      assert.deepEqual(await load(), fakeBundle('second try'));
      assert.equal(attempt, 2);
    });

    it("hostModule: the on-demand bundle's stand-ins say what is wrong when loaded another way", () => {
      assert.throws(() => hostModule('src/core/errors.ts'), /dist\/onDemand\.js must be loaded by dist\/extension\.js \(it takes src\/core\/errors\.ts from it\)/);
      const globals = globalThis as Record<symbol, unknown>;
      globals[HOST_SLOT] = { 'src/core/errors.ts': { ok: true } };
      try {
        assert.deepEqual(hostModule('src/core/errors.ts'), { ok: true });
        assert.throws(() => hostModule('src/core/leakScan.ts'), /does not lend src\/core\/leakScan\.ts/);
      } finally {
        delete globals[HOST_SLOT];
      }
    });
  });

  describe('the production pair, as build.mjs --production makes it', function () {
    this.timeout(60_000);
    let dir: string;
    let mainInputs: string[];
    let onDemandInputs: string[];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'konexus-on-demand-'));
      // buildExtension fails on a module in both bundles and on a host.ts out of step with its imports.
      const built = await buildExtension({ production: true, outdir: dir });
      mainInputs = Object.keys(Object.values(built.main.metafile.outputs)[0]!.inputs);
      onDemandInputs = Object.keys(Object.values(built.onDemand.metafile.outputs)[0]!.inputs);
    });

    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const probe = (translations?: Record<string, string>): ProbeResult & { onDemand: OnDemandProbe } => {
      const args = [PROBE, join(dir, 'extension.js'), 'fresh', 'on-demand'];
      if (translations) {
        writeFileSync(join(dir, 'bundle.l10n.de.json'), JSON.stringify(translations));
        args.push(join(dir, 'bundle.l10n.de.json'));
      }
      const output = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
      const result = JSON.parse(output.trim().split('\n').at(-1)!) as ProbeResult;
      assert.ok(result.onDemand, 'the probe ran no on-demand step');
      return result as ProbeResult & { onDemand: OnDemandProbe };
    };

    it('keeps what activation does not need out of dist/extension.js, and @vscode/l10n out of dist/onDemand.js', () => {
      for (const lazy of ['node_modules/jose/', 'src/core/jwt/verify.ts', 'src/core/jwt/jwks.ts', 'src/inspector/inspectionModel.ts', 'src/inspector/inspectorCommands.ts', 'src/leakGuard/leakFixes.ts', 'src/profiles/profileCommands.ts', 'src/httpFiles/bearerHeaderCommand.ts']) {
        assert.ok(!mainInputs.some(input => input.startsWith(lazy)), `${lazy} is in dist/extension.js`);
        assert.ok(onDemandInputs.some(input => input.startsWith(lazy)), `${lazy} is not in dist/onDemand.js`);
      }
      assert.ok(mainInputs.includes('node_modules/@vscode/l10n/dist/main.js'));
      assert.deepEqual(onDemandInputs.filter(input => input.startsWith('node_modules/@vscode/l10n')), []);
      assert.ok(onDemandInputs.includes('konexus-lent:node_modules/@vscode/l10n/dist/main.js'), 'the on-demand code takes the lent @vscode/l10n');
      assert.ok(lentPaths().has('src/core/errors.ts'), 'one KonexusError class for both bundles');
    });

    it("requires dist/extension.js without loading Node's fetch implementation (undici), which nothing needs before the first request", () => {
      // A module-level `class … extends Response` did: about 35 ms of require in plain Node (BENCHMARKS.md, row 7b).
      const { fetchLoadedByRequire, errors } = probe();
      assert.deepEqual(errors, []);
      assert.equal(fetchLoadedByRequire, false);
    });

    it('loads dist/onDemand.js on the first inspection after activation, and speaks the language VS Code hands to activate()', () => {
      const { errors, onDemand, fetchesDuringActivate, fetchesAfter, socketConnects } = probe({
        Validation: 'Prüfung', // inspectionModel.ts, on demand
        'alg {0} is allowed': 'alg {0} ist erlaubt', // core/jwt/verify.ts, on demand
        'not verified: {0}': 'nicht geprüft: {0}', // inspector/verification.ts, start-up bundle
      });
      assert.deepEqual(errors, []);
      assert.deepEqual(onDemand.logErrors, []);
      assert.equal(fetchesDuringActivate + fetchesAfter + socketConnects, 0);
      assert.ok(onDemand.loadMs !== undefined && onDemand.loadMs > 0, 'dist/onDemand.js was not required');
      const result = onDemand.result as { ok: boolean; keys: string; checks: Array<{ id: string; status: string; reason: string }>; nodes: Array<{ id: string; label: string }> };
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.nodes.find(node => node.id === 'validation')?.label, 'Prüfung');
      assert.equal(result.checks.find(check => check.id === 'alg')?.reason, 'alg RS256 ist erlaubt');
      assert.match(result.keys, /^nicht geprüft: /);
      assert.equal(result.checks.find(check => check.id === 'exp')?.status, 'fail');
    });

    it('without dist/onDemand.js, the command answers with the reason and the log says it; nothing is thrown', () => {
      rmSync(join(dir, 'onDemand.js'));
      const { errors, onDemand } = probe();
      assert.deepEqual(errors, []);
      const failure = onDemand.result as { error: string; message: string };
      assert.equal(failure.error, 'incomplete_install');
      assert.match(failure.message, /^A part of the extension \(dist\/onDemand\.js\) could not be loaded: Cannot find module .*onDemand\.js'\. Reinstall the Konexus extension\.$/);
      assert.equal(onDemand.logErrors.length >= 1, true);
      assert.match(onDemand.logErrors[0]!, /\[onDemand\] could not load dist\/onDemand\.js: Cannot find module/);
    });
  });
});
