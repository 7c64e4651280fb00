// The extension's two bundles, for build.mjs and for the tests and the bench that rebuild them in memory:
//   dist/extension.js  what activation runs (src/extension.ts)
//   dist/onDemand.js   what activation does not need, required on first use (src/onDemand/index.ts)
// Both are CommonJS with `vscode` external, minified without sourcemaps for production, sourcemaps otherwise.
//
// Two plugins make the split:
// - In dist/extension.js, the loader's `import('./index')` (src/onDemand/load.ts) becomes
//   `require('./onDemand.js')`: a plain CommonJS require of the file beside it (esbuild would keep an
//   `import()` of an external file, which Node would load through its ES module loader).
// - dist/onDemand.js copies in no module that dist/extension.js has: each import of one of the modules
//   src/onDemand/host.ts lends becomes a stand-in that takes the start-up bundle's copy from the loader
//   (src/onDemand/hostSlot.ts). One @vscode/l10n (configured by activate()), one KonexusError class, one
//   of every cache. After both are built, a module found in both bundles fails the build, as does a
//   host.ts whose keys are not the paths of the modules it imports or that lends one nothing takes.
// Any other build (out/test) has no plugin: the dynamic import is bundled inline, as Node runs the tests.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const MAIN_ENTRY = 'src/extension.ts';
export const ON_DEMAND_ENTRY = 'src/onDemand/index.ts';
const LOADER = 'src/onDemand/load.ts';
const HOST = 'src/onDemand/host.ts';
const SLOT = 'src/onDemand/hostSlot.ts';
/** Modules both bundles may hold: the slot itself (a symbol and a lookup), and files of re-exports only (below). */
const IN_BOTH_ALLOWED = new Set([SLOT]);
const LENT = 'konexus-lent';
const ON_DEMAND_REQUIRE = 'konexus-on-demand-require';

/**
 * A module's key: its path from the repository root, as esbuild's metafile gives it, but a package's from
 * its node_modules folder on (the packaging copy links node_modules, which esbuild resolves to the real
 * folder outside the copy).
 */
export function moduleKey(path) {
  if (path.startsWith(`${LENT}:`)) return `${LENT}:${moduleKey(path.slice(LENT.length + 1))}`;
  const slashed = path.split('\\').join('/');
  const at = slashed.lastIndexOf('node_modules/');
  return at >= 0 ? slashed.slice(at) : slashed;
}

/** The lent modules' keys (moduleKey): the keys of onDemandHost in src/onDemand/host.ts, one `'key': name,` a line. */
export function lentPaths() {
  const source = readFileSync(HOST, 'utf8');
  const table = source.slice(source.indexOf('export const onDemandHost'));
  return new Set([...table.matchAll(/^\s*'([^']+)':\s*\w+,?\s*$/gm)].map(match => match[1]));
}

/**
 * esbuild options of both bundles, into `outdir` (default dist), and `state`, where each build leaves its
 * latest metafile. Build them with buildExtension, or with two contexts in watch mode (`watch: true` then
 * prints the split's problems after each rebuild).
 */
export function extensionConfigs({ production = false, outdir = 'dist', watch = false } = {}) {
  const common = {
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], logLevel: 'warning', legalComments: 'none',
    minify: production, sourcemap: !production, sourcesContent: false, metafile: true,
  };
  const state = { main: undefined, onDemand: undefined };
  const main = {
    ...common,
    entryPoints: [MAIN_ENTRY],
    outfile: join(outdir, 'extension.js'),
    plugins: [requireOnDemand(), recordMetafile(state, 'main', watch)],
  };
  const onDemand = {
    ...common,
    entryPoints: [ON_DEMAND_ENTRY],
    outfile: join(outdir, 'onDemand.js'),
    plugins: [lendModules(), recordMetafile(state, 'onDemand', watch)],
  };
  return { main, onDemand, state };
}

/** Builds both bundles (main first, then the on-demand one, then the checks); returns both metafiles. */
export async function buildExtension(options = {}) {
  const { main, onDemand } = extensionConfigs(options);
  const mainResult = await esbuild.build({ ...main, ...(options.write === false && { write: false }) });
  const onDemandResult = await esbuild.build({ ...onDemand, ...(options.write === false && { write: false }) });
  const problems = splitProblems(mainResult.metafile, onDemandResult.metafile);
  if (problems.length) throw new Error(`the split of the extension bundle is wrong:\n- ${problems.join('\n- ')}`);
  return { main: mainResult, onDemand: onDemandResult };
}

/**
 * What is wrong with a pair of metafiles: a module in both bundles, a host.ts whose keys are not the
 * paths of its imports, or which lends a module the on-demand bundle does not take.
 */
export function splitProblems(mainMeta, onDemandMeta) {
  const problems = [];
  const mainInputs = inputsOf(mainMeta);
  const onDemandInputs = inputsOf(onDemandMeta);
  const both = [...onDemandInputs.keys()].filter(path => mainInputs.has(path) && !IN_BOTH_ALLOWED.has(path) && !reExportsOnly(path));
  for (const path of both) {
    problems.push(`${path} is in both dist/extension.js and dist/onDemand.js: lend it from the start-up bundle (add it to ${HOST})`);
  }
  const imported = new Set((mainMeta.inputs[HOST]?.imports ?? []).filter(i => !i.external).map(i => moduleKey(i.path)).filter(path => path !== SLOT));
  const keys = lentPaths();
  for (const path of imported) if (!keys.has(path)) problems.push(`${HOST} imports ${path} but lends it under another key`);
  for (const key of keys) if (!imported.has(key)) problems.push(`${HOST} lends ${key}, which is not one of its imports`);
  for (const key of keys) {
    if (!onDemandInputs.has(`${LENT}:${key}`)) problems.push(`${HOST} lends ${key}, which dist/onDemand.js does not import: remove it (it keeps all its exports in dist/extension.js)`);
  }
  if (!mainInputs.has(HOST)) problems.push(`${HOST} is not in dist/extension.js: the on-demand bundle would find nothing to take`);
  return problems;
}

/**
 * A file that only re-exports (an index.ts): harmless in both bundles, each copy leads to the modules it
 * names, which are lent one by one. Lending the index instead would keep all it re-exports in the start-up
 * bundle (src/core/jwt/index.ts names the signature check too).
 */
function reExportsOnly(path) {
  if (!path.endsWith('.ts')) return false;
  const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const statements = code.split(';').map(statement => statement.trim()).filter(Boolean);
  return statements.every(statement => /^export\s+(type\s+)?(\*|\{[^}]*\})(\s+as\s+\w+)?\s+from\s+'[^']+'$/.test(statement));
}

/** Each output's inputs with their bytes in it. */
function inputsOf(metafile) {
  const inputs = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) inputs.set(moduleKey(path), input.bytesInOutput);
  }
  return inputs;
}

/** Keeps each build's metafile; in watch mode, prints the split's problems after every rebuild. */
function recordMetafile(state, which, check) {
  return {
    name: `record-${which}`,
    setup(build) {
      build.onEnd(result => {
        state[which] = result.metafile;
        if (check && state.main && state.onDemand && result.errors.length === 0) {
          for (const problem of splitProblems(state.main, state.onDemand)) console.error(`[build] ${problem}`);
        }
      });
    },
  };
}

/** dist/extension.js: the loader's import('./index') → require('./onDemand.js'), left to Node. */
function requireOnDemand() {
  return {
    name: 'require-on-demand',
    setup(build) {
      const loader = resolve(LOADER);
      build.onResolve({ filter: /^\.\/index$/ }, args => (args.importer === loader ? { path: 'onDemand.js', namespace: ON_DEMAND_REQUIRE } : undefined));
      build.onLoad({ filter: /.*/, namespace: ON_DEMAND_REQUIRE }, () => ({ contents: "module.exports = require('./onDemand.js');", loader: 'js' }));
      build.onResolve({ filter: /^\.\/onDemand\.js$/ }, args => (args.namespace === ON_DEMAND_REQUIRE ? { path: './onDemand.js', external: true } : undefined));
    },
  };
}

/** dist/onDemand.js: an import of a module host.ts lends → a stand-in that exports the start-up bundle's copy. */
function lendModules() {
  return {
    name: 'lend-modules',
    setup(build) {
      let lent = new Set();
      build.onStart(() => {
        lent = lentPaths();
      });
      build.onResolve({ filter: /.*/ }, async args => {
        if (args.pluginData?.lendModules || args.namespace === LENT || args.path === 'vscode' || args.path.startsWith('node:')) return undefined;
        const resolved = await build.resolve(args.path, { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: { lendModules: true } });
        if (resolved.errors.length || resolved.external || !resolved.path) return resolved;
        const key = moduleKey(relative(process.cwd(), resolved.path));
        return lent.has(key) ? { path: key, namespace: LENT } : resolved;
      });
      build.onLoad({ filter: /.*/, namespace: LENT }, args => ({
        contents: `module.exports = require(${JSON.stringify(resolve(SLOT))}).hostModule(${JSON.stringify(args.path)});`,
        resolveDir: process.cwd(),
        loader: 'js',
      }));
    },
  };
}
