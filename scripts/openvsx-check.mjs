// `npm run package` ends here: would Open VSX accept the .vsix? Nothing is published and no token is needed.
// ovsx (npm) checks what it checks offline: its manifest validation and its license check of the tree
// (`ovsx publish` asks both before uploading); scripts/openvsx-rules.mjs checks the rest on the packaged
// files. Prints each problem and exits 1, or one line saying it passed.
//   node scripts/openvsx-check.mjs [extension.vsix]     (default: <name>-<version>.vsix in the repository)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openVsxProblems } from './openvsx-rules.mjs';

const require = createRequire(import.meta.url);
const ovsx = require('ovsx');
const { readZip } = require('ovsx/lib/zip');

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const tree = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = resolve(process.argv[2] ?? join(repoRoot, `${tree.name}-${tree.version}.vsix`));
  if (!existsSync(vsix)) {
    console.error(`[openvsx] ${vsix} is missing: run vsce package first`);
    return 1;
  }
  const problems = [];
  if (!await ovsx.isLicenseOk(repoRoot)) problems.push('ovsx: the tree has no license (a license field or a LICENSE file)');

  const files = await readZip(vsix, () => true);
  const manifestBytes = files.get('extension/package.json');
  if (!manifestBytes) {
    console.error(`[openvsx] ${vsix} has no extension/package.json`);
    return 1;
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8'));
  try {
    ovsx.validateManifest(manifest);
  } catch (error) {
    problems.push(`ovsx: ${error.message}`);
  }
  problems.push(...openVsxProblems({
    manifest,
    entries: [...files.keys()],
    readme: files.get('extension/readme.md')?.toString('utf8'),
    file: name => files.get(name.toLowerCase()),
    repositoryHas: path => !path.split('/').includes('..') && existsSync(join(repoRoot, path)),
  }));
  const name = `${manifest.publisher}.${manifest.name} ${manifest.version}`;
  if (problems.length) {
    for (const problem of problems) console.error(`[openvsx] ${problem}`);
    console.error(`[openvsx] ${name}: Open VSX would refuse or misshow it (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was published`);
    return 1;
  }
  console.log(`[openvsx] ${name} (${vsix.split('/').pop()}, engines.vscode ${manifest.engines.vscode}) passes Open VSX's publishing checks; nothing was published`);
  return 0;
}

process.exitCode = await main();
