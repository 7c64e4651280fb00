import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every .ts file under a folder, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts')).map(f => join(dir, f));
}

/** Runtime imports of `vscode` (a type-only import is erased by the build and allowed). */
export function runtimeVscodeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*import\s+(?!type\b)[^;]*?from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) found.push(match[0].trim());
  return found;
}

describe('architecture', () => {
  it('keeps src/core pure: no runtime vscode import', () => {
    const offenders = sources('src/core').flatMap(file => runtimeVscodeImports(readFileSync(file, 'utf8')).map(line => `${file}: ${line}`));
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
});
