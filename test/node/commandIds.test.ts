import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Command } from '../../src/platform/model/commandIds';

/** Ids the extension runs but does not contribute: what its own Quick Fixes call. */
const INTERNAL: readonly string[] = [Command.leakGuardFix];

interface Manifest {
  readonly contributes: { readonly commands: readonly { readonly command: string; readonly title: string }[] };
}

describe('command ids and the manifest', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const contributed = manifest.contributes.commands.map(command => command.command);

  it('contributes every command id but the internal ones, and nothing the id table lacks', () => {
    const ids = Object.values(Command) as string[];
    assert.deepEqual(ids.filter(id => !contributed.includes(id) && !INTERNAL.includes(id)), [], 'add these to contributes.commands in package.json');
    assert.deepEqual(contributed.filter(id => !ids.includes(id)), [], 'add these to src/platform/model/commandIds.ts (and the command table)');
  });

  it('gives every contributed command a title in package.nls.json', () => {
    const missing = manifest.contributes.commands.filter(command => {
      const key = /^%(.+)%$/.exec(command.title)?.[1];
      return key === undefined || typeof nls[key] !== 'string';
    });
    assert.deepEqual(missing.map(command => command.command), []);
  });
});
