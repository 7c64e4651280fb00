/**
 * Row 7, startup: the size of dist/extension.js after `node scripts/build.mjs --production`, the modules
 * that weigh most in it (esbuild metafile), the `require` time of that bundle in plain Node, and proof that
 * activation sends nothing over the network (activateProbe.ts, one fresh process per sample). Then the
 * first inspection after activation in a fresh process (the signature check, jose and the tree's model run
 * for the first time).
 *
 * Afterwards the development build of the extension is put back (with one entry argument, this bench's
 * probe, so that build.mjs does not empty out/ under programs that others are running).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import type { Metafile } from 'esbuild';
import type { InspectProbe, ProbeResult, Scenario } from '../activateProbe';
import { formatMs, formatSpread, type Detail, type Row, type Section } from './report';
import { summarize } from './stats';

const BUNDLE = 'dist/extension.js';
const PROBE = 'out/test/bench/activateProbe.mjs';
const PROBE_ENTRY = 'test/bench/activateProbe.ts';
const REQUIRE_SAMPLES = 15;
const INSPECT_SAMPLES = 5;
const SCENARIOS: Record<Scenario, string> = {
  fresh: 'no profile yet',
  expired: 'a profile whose cached token expired',
  valid: 'a profile with a token valid for 50 min',
};

export async function benchStartup(): Promise<Section> {
  // Inside the repository (ignored by git), so that the probe's imports resolve from node_modules.
  mkdirSync('.konexus-run', { recursive: true });
  const dir = mkdtempSync(join(resolve('.konexus-run'), 'bench-'));
  try {
    const metafile = join(dir, 'extension.meta.json');
    build(['--production', `--metafile=${metafile}`]); // the extension only: out/ is left alone
    const bytes = statSync(BUNDLE).size;
    // A copy, so that another build in the shared tree (which may empty out/ or dist/) cannot pull it away.
    const bundle = join(dir, 'extension.js');
    const probeProgram = join(dir, 'activateProbe.mjs');
    copyFileSync(BUNDLE, bundle);
    build([PROBE_ENTRY]); // the development bundle back, as `npm run build` leaves it, and a fresh probe
    copyFileSync(PROBE, probeProgram);
    const weights = heaviestInputs(bundle, bytes, JSON.parse(readFileSync(metafile, 'utf8')) as Metafile);

    const probes: ProbeResult[] = [];
    for (let i = 0; i < REQUIRE_SAMPLES; i++) probes.push(probe(probeProgram, bundle, 'fresh'));
    for (const scenario of ['expired', 'valid'] as const) for (let i = 0; i < 3; i++) probes.push(probe(probeProgram, bundle, scenario));
    const fresh = probes.filter(p => p.scenario === 'fresh');
    const requireTime = summarize(fresh.map(p => p.requireMs));
    const activateTime = summarize(fresh.map(p => p.activateMs));
    const network = probes.reduce((n, p) => n + p.fetchesDuringActivate + p.fetchesAfter + p.socketConnects, 0);
    const errors = [...new Set(probes.flatMap(p => p.errors))];
    const kb = bytes / 1024;

    const firstUses: InspectProbe[] = [];
    for (let i = 0; i < INSPECT_SAMPLES; i++) firstUses.push(probe(probeProgram, bundle, 'fresh', 'inspect').inspection!);
    const inspectTime = summarize(firstUses.map(u => u.inspectMs));
    const firstUseOk = firstUses.every(u => (u.result as { ok?: unknown }).ok === true && u.logErrors.length === 0);

    const rows: Row[] = [
      {
        id: '7', what: `Startup: ${BUNDLE} after build.mjs --production (minified, ${weights.checked ? 'metafile agrees' : 'metafile DIFFERS'})`,
        // Info only: what start-up costs is the require and activate() time (7b, 7c, and 7e-7h in the real host).
        value: `${kb.toFixed(1)} KB`, spread: '—', baseline: '—', ratio: '—', target: 'info', outcome: weights.checked ? 'info' : 'miss',
        data: { bytes, top: weights.top },
      },
      {
        id: '7b', what: `  require() of the production bundle in plain Node (stub vscode), ${REQUIRE_SAMPLES} fresh processes`,
        value: formatMs(requireTime.median), spread: formatSpread(requireTime), baseline: '—', ratio: '—', target: 'info', outcome: 'info', data: requireTime,
      },
      {
        id: '7c', what: '  activate() with the stub vscode (synchronous part)',
        value: formatMs(activateTime.median), spread: formatSpread(activateTime), baseline: '—', ratio: '—', target: 'info', outcome: 'info', data: activateTime,
      },
      {
        id: '7d', what: `  network attempts in activate() + the 500 ms after (${probes.length} runs: ${Object.values(SCENARIOS).join('; ')})`,
        value: `${network} (fetch + socket)`, spread: '—', baseline: '—', ratio: '—', target: '0', outcome: network === 0 && errors.length === 0 ? 'pass' : 'miss',
        data: { probes, errors },
      },
      {
        id: '7j', what: `  the first konexus.inspectToken after activation (decode, the signature check's first run, the tree), ${INSPECT_SAMPLES} fresh processes`
          + `${firstUseOk ? '' : ' (FAILED: see data)'}`,
        value: formatMs(inspectTime.median), spread: formatSpread(inspectTime), baseline: '—', ratio: '—', target: 'info', outcome: firstUseOk ? 'info' : 'miss',
        data: {
          firstInspection: inspectTime,
          firstUses: firstUses.map(u => ({ inspectMs: u.inspectMs, ok: (u.result as { ok?: unknown }).ok, logErrors: u.logErrors })),
        },
      },
    ];
    const first = fresh[0]!;
    const details: Detail[] = [
      {
        title: `Row 7: the 10 inputs that weigh most in the production ${BUNDLE} (bytes in the minified output, of ${bytes.toLocaleString('en-US')})`,
        lines: ['| Input | Bytes | Share |', '|---|---|---|', ...weights.top.map(([path, size]) => `| ${path} | ${size.toLocaleString('en-US')} | ${((size / bytes) * 100).toFixed(1)}% |`),
          '', `By package: ${weights.byPackage.map(([name, size]) => `${name} ${(size / 1024).toFixed(1)} KB`).join(', ')}. `
          + `String and template literals (messages, mostly) make ${(weights.literalBytes / 1024).toFixed(1)} KB of it (${((weights.literalBytes / bytes) * 100).toFixed(0)}%): minification cannot shorten them.`],
      },
      {
        title: 'Row 7: what activation touched (stub vscode)',
        lines: [`${first.apiCalls} vscode API calls to ${first.distinctApis} distinct APIs, ${first.subscriptions} disposables handed to context.subscriptions; `
          + `errors: ${errors.length ? errors.join(' / ') : 'none'}. The deferred start-up work (setTimeout 0: demo profile, .http file sync) ran inside the 500 ms window; `
          + 'the .http sync fetches only when a kept .env/.http file needs a fresh token, which these scenarios do not have.'],
      },
    ];
    return { rows, details };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function build(args: string[]): void {
  execFileSync(process.execPath, ['scripts/build.mjs', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function probe(program: string, bundle: string, scenario: Scenario, mode?: 'inspect'): ProbeResult {
  const output = execFileSync(process.execPath, [program, bundle, scenario, ...(mode ? [mode] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output.trim().split('\n').at(-1)!) as ProbeResult;
}

/**
 * The inputs of the production bundle by weight, from the metafile build.mjs wrote beside it; `checked`:
 * the metafile's size of the bundle is that of the file written.
 */
function heaviestInputs(bundle: string, writtenBytes: number, metafile: Metafile): {
  top: Array<[string, number]>; byPackage: Array<[string, number]>; literalBytes: number; checked: boolean;
} {
  const output = metafile.outputs[BUNDLE]!;
  const main = weigh(output);
  return {
    top: main.inputs.slice(0, 10),
    literalBytes: literalBytes(readFileSync(bundle, 'utf8')),
    byPackage: main.byPackage,
    checked: output.bytes === writtenBytes,
  };
}

function weigh(output: { inputs: Record<string, { bytesInOutput: number }> }): { inputs: Array<[string, number]>; byPackage: Array<[string, number]> } {
  const inputs = Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput] as [string, number]).sort((a, b) => b[1] - a[1]);
  const byPackage = new Map<string, number>();
  for (const [path, size] of inputs) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.startsWith('src/core/') ? 'src/core' : 'src (glue)');
    byPackage.set(name, (byPackage.get(name) ?? 0) + size);
  }
  return { inputs, byPackage: [...byPackage].sort((a, b) => b[1] - a[1]) };
}

/** Bytes of string and template literals in minified code: the messages minification cannot shorten. */
function literalBytes(code: string): number {
  const source = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  let bytes = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      bytes += node.end - node.getStart(source);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return bytes;
}
