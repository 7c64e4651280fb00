import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

/** File → the files of the same set it imports (relative imports only; packages and `vscode` are left out). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Every module a source names: static imports and re-exports, `import type` too, dynamic `import()` and
 * `require()`. Read by TypeScript's own pre-processor, so commented-out imports and strings that look like
 * one are not counted.
 */
export function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map(f => f.fileName);
}

/** `./x` from `src/a/b.ts` → `src/a/x.ts` or `src/a/x/index.ts`; undefined for a package or a missing file. */
export function resolveImport(fromFile: string, specifier: string, exists: (path: string) => boolean = existsSync): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = normalize(join(dirname(fromFile), specifier));
  return [base, `${base}.ts`, join(base, 'index.ts')].find(path => path.endsWith('.ts') && exists(path));
}

export function importGraph(files: readonly string[], read: (file: string) => string = file => readFileSync(file, 'utf8')): ImportGraph {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importSpecifiers(read(file)).map(specifier => resolveImport(file, specifier, path => known.has(path)));
    graph.set(file, [...new Set(targets.filter((t): t is string => t !== undefined))].sort());
  }
  return graph;
}

/**
 * The import cycles: the strongly connected components with more than one file, or one file that imports
 * itself (Tarjan's algorithm, iterative so a deep chain cannot overflow the stack). Each component sorted,
 * the list sorted by its first file.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;

  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: root, edge: 0 }];
    index.set(root, next);
    lowLink.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, next);
          lowLink.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.includes(frame.node)) components.push(component.sort());
    }
  }
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
