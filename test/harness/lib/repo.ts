/**
 * Where things are: the repository root (found from this module's own location, so the compiled
 * programs in out/ and a fresh clone anywhere agree) and the folders the harness writes to.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXTENSION_NAME = 'konexus-vscode';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === EXTENSION_NAME) return dir;
      } catch {
        // not ours: keep walking up
      }
    }
    if (dirname(dir) === dir) throw new Error(`no ${EXTENSION_NAME} package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
/** The extension's folder, loaded with extensionDevelopmentPath. */
export const extensionPath = repoRoot;
export const extensionId = 'konexus-devtools.konexus-vscode';
/** Per-run folders (gitignored): code-server's user data, the workspace copy, TMPDIR, logs. */
export const runsRoot = join(repoRoot, '.konexus-run');
export const demoWorkspaceSource = join(repoRoot, 'test', 'harness', 'demo-workspace');
export const screenshotsDir = join(repoRoot, 'test-results', 'screenshots');
/** The compiled test entry the extension host runs (test/host/index.ts). */
export const integrationEntry = join(repoRoot, 'out', 'test', 'host', 'index.js');
/** The network suite's entry (test/host/network/index.ts), run by test/harness/runNetworkTests.ts. */
export const networkEntry = join(repoRoot, 'out', 'test', 'host', 'network', 'index.js');
/** The second extension (test/consumer-extension, built by scripts/build.mjs), of another publisher. */
export const consumerExtensionPath = join(repoRoot, 'out', 'consumer-extension');
export const compiledUiDir = join(repoRoot, 'out', 'test', 'workbench');
