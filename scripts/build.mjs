// The one build script: the extension's bundles (dist/) and the test/tool programs (out/).
//   node scripts/build.mjs [--production] [--watch] [--outdir=DIR] [--metafile=FILE] [entry globs under test/ ...]
// --outdir=DIR puts extension.js there instead of dist/; --metafile=FILE also writes its esbuild metafile
// (the bench and the bundle test weigh and check the production bundle this way).
// dist/extension.js is one CommonJS bundle with `vscode` external: minified without sourcemaps for
// production, sourcemaps for development. Everything under test/ is built to out/ as ES modules that keep their npm
// packages external (Node resolves them), except the extension-host suites, which VS Code loads as
// CommonJS and which therefore bundle their packages like the extension does.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const option = name => args.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const metafile = option('metafile');
const only = args.filter(a => !a.startsWith('--'));

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: join(option('outdir') ?? 'dist', 'extension.js'),
  format: 'cjs',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
};

// Node 20 has no fs.glob: list a folder's .ts files recursively and keep those a test accepts.
const filesUnder = (dir, keep) => {
  let names = [];
  try { names = readdirSync(dir, { recursive: true }); } catch { return []; }
  return names.map(n => join(dir, n)).filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts') && keep(f)).sort();
};
const isHostSuite = f => f.startsWith('test/host/');
const nodeEntries = only.length ? only.filter(f => !isHostSuite(f)) : [
  ...filesUnder('test/node', f => f.endsWith('.test.ts')),
  ...filesUnder('test/idp', f => f.endsWith('cli.ts')),
  // The harness's runners, and the two library files mocha and scripts/test.mjs load from out/.
  ...filesUnder('test/harness', f => !f.includes('/lib/') || /\/lib\/(resultsReporter|suiteResults)\.ts$/.test(f)),
  ...filesUnder('test/workbench', () => true),
  ...filesUnder('test/bench', f => !f.includes('/lib/')),
];
const hostEntries = only.length ? only.filter(isHostSuite) : filesUnder('test/host', f => !f.includes('/lib/'));

const programs = nodeEntries.length && {
  ...common,
  entryPoints: nodeEntries,
  outdir: 'out',
  outbase: '.',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  packages: 'external',
  sourcemap: 'inline',
};

const hostSuites = hostEntries.length && {
  ...common,
  entryPoints: hostEntries,
  outdir: 'out',
  outbase: '.',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  target: 'node22',
};

// The second extension the host suites install beside this one (another publisher): out/consumer-extension/.
const CONSUMER = 'test/consumer-extension';
const consumer = !only.length && {
  ...common,
  entryPoints: [`${CONSUMER}/extension.ts`],
  outfile: 'out/consumer-extension/extension.js',
  format: 'cjs',
  external: ['vscode'],
  target: 'node22',
};

// A production build (packaging) makes only the extension: it must not disturb out/ while tests run.
const others = production ? [] : [programs, hostSuites, consumer].filter(Boolean);
if (!only.length && !production) rmSync('out', { recursive: true, force: true });
if (consumer && !production) {
  mkdirSync('out/consumer-extension', { recursive: true });
  copyFileSync(`${CONSUMER}/package.json`, 'out/consumer-extension/package.json');
}

if (watch) {
  for (const config of [extension, ...others]) await (await esbuild.context(config)).watch();
  console.log('[build] watching for changes');
} else {
  const [built] = await Promise.all([extension, ...others].map(c => esbuild.build(c)));
  const bytes = Object.entries(built.metafile.outputs).find(([file]) => file.endsWith('extension.js'))?.[1].bytes ?? 0;
  console.log(`[build] ${extension.outfile} ${(bytes / 1024).toFixed(1)} KB${production ? ' (production)' : ''}`);
  if (metafile) writeFileSync(metafile, JSON.stringify(built.metafile));
}
