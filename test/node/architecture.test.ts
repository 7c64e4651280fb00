import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importCycles, importGraph, importSpecifiers, resolveImport, type ImportGraph } from './lib/importGraph';

/** Every .ts file under a folder, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts')).map(f => join(dir, f));
}

/** The longest a source file under src/ may be, in lines. */
const MAX_LINES = 300;

/** Lines as `wc -l` counts them: a final line break does not start another line. */
function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Runtime imports of `vscode` (a type-only import is erased by the build and allowed). */
export function runtimeVscodeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*import\s+(?!type\b)[^;]*?from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) found.push(match[0].trim());
  return found;
}

/** Purity by folder: the core and each feature's model/ folder. */
function isPure(file: string): boolean {
  const path = file.split('\\').join('/');
  return path.startsWith('src/core/') || /^src\/[^/]+\/model\//.test(path);
}

/**
 * The layers, lowest first: a file may import its own layer or a lower one, never a higher one.
 *   0 src/core/**             the pure engine (tokens, http, jwt, .http text, git, leaks)
 *   1 src/<feature>/model/**  a feature's vscode-free half
 *   2 src/platform/**         what every feature shares in VS Code: services, log, settings, command ids
 *   3 src/tokens/*            the tokens feature: profiles, status bar, provider, token commands, errors shown
 *   4 src/<feature>/*         the other features, which use tokens but not each other
 *   5 src/commands/**         the one command table and its registration
 *   6 src/extension.ts        the composition root
 */
export function layerOf(file: string): { layer: number; feature?: string } {
  const path = file.split('\\').join('/');
  if (path.startsWith('src/core/')) return { layer: 0 };
  const model = /^src\/([^/]+)\/model\//.exec(path);
  if (model) return { layer: 1, feature: model[1] };
  if (path.startsWith('src/platform/')) return { layer: 2 };
  if (path.startsWith('src/tokens/')) return { layer: 3, feature: 'tokens' };
  if (path.startsWith('src/commands/')) return { layer: 5 };
  if (path === 'src/extension.ts') return { layer: 6 };
  const feature = /^src\/([^/]+)\//.exec(path);
  return { layer: 4, feature: feature?.[1] ?? path };
}

/** Imports that point up a layer, or from one feature's glue into another's. */
export function layerViolations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    const source = layerOf(from);
    for (const to of targets) {
      const target = layerOf(to);
      if (target.layer > source.layer) found.push(`${from} → ${to} (layer ${source.layer} imports layer ${target.layer})`);
      else if (source.layer === 4 && target.layer === 4 && source.feature !== target.feature) found.push(`${from} → ${to} (one feature's glue imports another's)`);
    }
  }
  return found;
}

describe('architecture', () => {
  const graph = () => importGraph(sources('src').map(file => file.split('\\').join('/')));

  it('has no import from a lower layer to a higher one, and no feature reaching into another', () => {
    assert.deepEqual(layerViolations(graph()), []);
  });

  it('the layer check sees an upward import and a sibling feature import, and lets downward ones pass', () => {
    const sample: ImportGraph = new Map([
      ['src/core/a.ts', ['src/tokens/statusBar.ts']],
      ['src/inspector/model/x.ts', ['src/core/a.ts', 'src/inspector/tree.ts']],
      ['src/httpFiles/sync.ts', ['src/inspector/tree.ts', 'src/tokens/presentError.ts', 'src/platform/log.ts']],
      ['src/extension.ts', ['src/commands/table.ts', 'src/httpFiles/sync.ts']],
    ]);
    assert.deepEqual(layerViolations(sample), [
      'src/core/a.ts → src/tokens/statusBar.ts (layer 0 imports layer 3)',
      'src/inspector/model/x.ts → src/inspector/tree.ts (layer 1 imports layer 4)',
      "src/httpFiles/sync.ts → src/inspector/tree.ts (one feature's glue imports another's)",
    ]);
  });

  it('keeps src/core/** and every src/*/model/** pure: no runtime vscode import', () => {
    const offenders = sources('src').filter(file => isPure(file)).flatMap(file => runtimeVscodeImports(readFileSync(file, 'utf8')).map(line => `${file}: ${line}`));
    assert.deepEqual(offenders, []);
  });

  it('the check itself catches each form of a runtime import and lets type imports pass', () => {
    assert.equal(runtimeVscodeImports("import * as vscode from 'vscode';").length, 1);
    assert.equal(runtimeVscodeImports("import { window } from \"vscode\";").length, 1);
    assert.equal(runtimeVscodeImports("const v = require('vscode');").length, 1);
    assert.equal(runtimeVscodeImports("const v = await import('vscode');").length, 1);
    assert.equal(runtimeVscodeImports("import type * as vscode from 'vscode';").length, 0);
    assert.equal(runtimeVscodeImports("import type { Uri } from 'vscode';").length, 0);
  });

  it('makes no sentence in src/core/**: no file there imports @vscode/l10n', () => {
    const offenders = sources('src/core').map(file => file.split('\\').join('/')).filter(file => importSpecifiers(readFileSync(file, 'utf8')).includes('@vscode/l10n')).sort();
    assert.deepEqual(offenders, [], 'return a kind and the values instead; the words go in a model/ file where they are shown (src/platform/model/words/ when several features show them)');
  });

  it('raises no error with ready-made words in src/core/**: KonexusError.withWords is for the edge', () => {
    const offenders = sources('src/core').map(file => file.split('\\').join('/'))
      .filter(file => file !== 'src/core/errors.ts' && /\bwithWords\(|area:\s*'words'/.test(readFileSync(file, 'utf8'))).sort();
    assert.deepEqual(offenders, [], 'give the error a why with the values (HttpWhy, TokenWhy); its words are made in src/platform/model/words/');
  });

  it(`keeps every source file under src/ to ${MAX_LINES} lines`, () => {
    const tooLong = sources('src')
      .map(file => [file.split('\\').join('/'), lineCount(readFileSync(file, 'utf8'))] as const)
      .filter(([, lines]) => lines > MAX_LINES)
      .map(([file, lines]) => `${file}: ${lines} lines`);
    assert.deepEqual(tooLong, [], `split these by meaning (at most ${MAX_LINES} lines a file)`);
  });

  it('counts lines as wc -l does', () => {
    assert.equal(lineCount(''), 0);
    assert.equal(lineCount('a'), 1);
    assert.equal(lineCount('a\n'), 1);
    assert.equal(lineCount('a\nb\n'), 2);
    assert.equal(lineCount('a\n\nb'), 3);
  });

  it('has no import cycle among the sources', () => {
    const cycles = importCycles(importGraph(sources('src').map(file => file.split('\\').join('/'))));
    assert.deepEqual(cycles, [], 'these files import each other, directly or around a circle: move what they share down');
  });

  it('the import reader sees every form of import and no commented-out one', () => {
    const source = [
      "import a from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "import {\n  d,\n} from './d';",
      "const e = await import('./e');",
      "const f = require('./f');",
      "// import g from './g';",
      "/* import h from './h'; */",
      "const text = 'import i from ./i';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(source), ['./a', '../b', './c', './d', './e', './f']);
    const files = new Set(['src/x/a.ts', 'src/x/y/index.ts']);
    assert.equal(resolveImport('src/x/b.ts', './a', path => files.has(path)), 'src/x/a.ts');
    assert.equal(resolveImport('src/x/b.ts', './y', path => files.has(path)), 'src/x/y/index.ts');
    assert.equal(resolveImport('src/x/b.ts', 'vscode', path => files.has(path)), undefined);
  });

  it('finds each cycle as one strongly connected component, a self-import too, and nothing in a tree', () => {
    const graph: ImportGraph = new Map([
      ['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], // a → b → c → a
      ['d', ['e']], ['e', ['d', 'f']], // d ⇄ e, reached from the first cycle
      ['f', ['f']], // imports itself
      ['g', ['a', 'h']], ['h', []], // a tree around them
    ]);
    assert.deepEqual(importCycles(graph), [['a', 'b', 'c'], ['d', 'e'], ['f']]);
    assert.deepEqual(importCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), []);
    // Two cycles joined by one edge back are one component.
    assert.deepEqual(importCycles(new Map([['a', ['b']], ['b', ['a', 'c']], ['c', ['d']], ['d', ['c', 'a']]])), [['a', 'b', 'c', 'd']]);
  });
});
