/**
 * The .vsix `npm run package` makes: only what runs and what the Marketplace shows goes in (the production
 * bundles, media/, the manifest and its strings, README, CHANGELOG, LICENSE), and everything the manifest
 * points at is in it.
 *
 * vsce runs `vscode:prepublish` (the production build, which also rebuilds out/) in the folder it packages,
 * so the test packages a copy of the working tree in a temporary folder: the shared tree's dist/ and out/
 * are left alone. The copy gets decoys that must stay out (a stale sourcemap, a .env with a token, test
 * results, out/); the .vsix is read with a small zip reader, so no `unzip` is needed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const repo = process.cwd();
const PACKAGE_LIMIT_MS = 90_000;

/** Top-level entries of the working tree not copied: generated, installed, or another process's run state. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'out', 'dist', '.konexus-run', '.vscode-test', '.vscode-test-web', 'test-results']);

/** The entries of a zip file by name, each read (and inflated) on demand. Stored and deflated entries only. */
function readZip(zip: Buffer): Map<string, () => Buffer> {
  const END_OF_DIRECTORY = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  assert.ok(end >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'corrupt central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return data;
      assert.equal(method, 8, `${name}: compression method ${method}`);
      return inflateRawSync(data);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Every file under a folder of the repository, as repository-relative paths with forward slashes. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(repo, folder), { recursive: true, encoding: 'utf8' })
    .map(name => join(folder, name))
    .filter(path => statSync(join(repo, path)).isFile())
    .map(path => path.split(sep).join('/'));
}

/** Every string of the manifest that is a `%key%` placeholder. */
function placeholders(value: unknown): string[] {
  if (typeof value === 'string') return /^%[^%\s]+%$/.test(value) ? [value.slice(1, -1)] : [];
  if (Array.isArray(value)) return value.flatMap(placeholders);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholders);
  return [];
}

interface Manifest {
  icon?: string;
  repository?: { url?: string };
  contributes: {
    viewsContainers?: Record<string, { icon: string }[]>;
    walkthroughs?: { steps: { media: { image?: string; markdown?: string } }[] }[];
    snippets?: { language: string; path: string }[];
  };
}

describe('the .vsix (npm run package)', function () {
  this.timeout(PACKAGE_LIMIT_MS);

  let workDir: string;
  let vsix: string;
  let entries: Map<string, () => Buffer>;

  before(function () {
    workDir = mkdtempSync(join(tmpdir(), 'konexus-vsix-'));
    const tree = join(workDir, 'tree');
    cpSync(repo, tree, {
      recursive: true,
      filter: source => {
        const path = relative(repo, source);
        return !NOT_COPIED.has(path.split(sep)[0]!) && !path.endsWith('.vsix');
      },
    });
    // The build needs esbuild and vsce needs its own packages: the repository's, not a second install.
    symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'), 'dir');
    mkdirSync(join(tree, 'dist'));
    writeFileSync(join(tree, 'dist', 'extension.js.map'), '{"version":3,"sources":[],"mappings":""}\n');
    mkdirSync(join(tree, 'test-results', 'screenshots'), { recursive: true });
    writeFileSync(join(tree, 'test-results', 'screenshots', 'decoy.png'), 'not a png');
    writeFileSync(join(tree, '.env'), 'KONEXUS_TOKEN=decoy.decoy.decoy\n');

    vsix = join(workDir, 'konexus.vsix');
    const vsce = join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
      cwd: tree,
      stdio: 'pipe',
      env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' },
      timeout: PACKAGE_LIMIT_MS - 5_000,
    });
    entries = readZip(readFileSync(vsix));
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const packaged = (name: string): Buffer => {
    const read = entries.get(`extension/${name}`);
    assert.ok(read, `extension/${name} is not in the .vsix`);
    return read();
  };

  it('holds exactly the production bundle, media/, the manifest, its strings, the l10n bundle, README, CHANGELOG and LICENSE', () => {
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/package.nls.json',
      // The runtime strings (vscode.l10n and @vscode/l10n), for translations to start from.
      'extension/l10n/bundle.l10n.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      // media/screenshots/ holds the README's screenshots only: .vscodeignore leaves it out.
      ...filesUnder('media').filter(path => !path.startsWith('media/screenshots/')).map(path => `extension/${path}`),
    ].sort();
    assert.deepEqual([...entries.keys()].sort(), expected);
  });

  it('ships the minified production build as one bundle, without a sourcemap, requiring nothing of its own beside it', () => {
    const bundle = packaged('dist/extension.js').toString('utf8');
    assert.doesNotMatch(bundle, /sourceMappingURL/);
    // Minified code is a few very long lines; esbuild writes a "\n" string as a template literal holding a real
    // line break, so the count of lines grows with such strings, not with the code: judge the average length.
    const lines = bundle.split('\n').length;
    assert.ok(bundle.length / lines > 1_000, `dist/extension.js has ${lines} lines averaging ${Math.round(bundle.length / lines)} characters: not minified`);
    // Only `vscode` and Node's own modules: a relative require would name a file the .vsix does not hold.
    assert.deepEqual([...bundle.matchAll(/require\("(\.[^"]*)"\)/g)].map(match => match[1]), []);
  });

  // The end of `npm run package`: ovsx's offline checks and the registry's rules (scripts/openvsx-rules.mjs).
  it("passes Open VSX's publishing checks, without publishing", () => {
    const output = execFileSync(process.execPath, [join(repo, 'scripts', 'openvsx-check.mjs'), vsix], { cwd: repo, encoding: 'utf8', timeout: 30_000 });
    assert.match(output, /konexus-devtools\.konexus-vscode \S+ \(konexus\.vsix, engines\.vscode \^1\.93\.0\) passes Open VSX's publishing checks/);
  });

  it('declares that it runs where the workspace is (Remote-SSH, containers, Codespaces)', () => {
    assert.deepEqual((JSON.parse(packaged('package.json').toString('utf8')) as { extensionKind?: string[] }).extensionKind, ['workspace']);
  });

  it('has every file the manifest points at: icon, activity-bar icon, walkthrough images, snippets', () => {
    const manifest = JSON.parse(packaged('package.json').toString('utf8')) as Manifest;
    const referenced = [
      manifest.icon,
      ...Object.values(manifest.contributes.viewsContainers ?? {}).flat().map(container => container.icon),
      ...(manifest.contributes.walkthroughs ?? []).flatMap(walkthrough => walkthrough.steps.map(step => step.media.image ?? step.media.markdown)),
      ...(manifest.contributes.snippets ?? []).map(snippets => snippets.path),
    ];
    assert.ok(referenced.length >= 4, 'the manifest references fewer files than expected');
    for (const path of referenced) {
      assert.ok(path, 'a manifest entry without a path');
      packaged(path.replace(/^\.\//, ''));
    }
    assert.match(manifest.icon ?? '', /\.png$/, 'the Marketplace needs a PNG icon (no SVG)');
    const icon = packaged(manifest.icon!);
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the icon is 128×128');
    assert.match(manifest.repository?.url ?? '', /^https:\/\//);
  });

  it('resolves every %placeholder% of the manifest from the packaged package.nls.json', () => {
    const manifest = JSON.parse(packaged('package.json').toString('utf8')) as unknown;
    const strings = JSON.parse(packaged('package.nls.json').toString('utf8')) as Record<string, unknown>;
    const keys = placeholders(manifest);
    assert.ok(keys.length > 0, 'no placeholders: the strings are not localisable');
    assert.deepEqual(keys.filter(key => typeof strings[key] !== 'string'), []);
    const unused = Object.keys(strings).filter(key => !keys.includes(key));
    assert.deepEqual(unused, [], 'package.nls.json has strings nothing uses');
  });

  it('leaves out the stale sourcemap, the .env, test results, sources and tests', () => {
    const names = [...entries.keys()];
    assert.deepEqual(names.filter(name => /\.map$|(^|\/)\.env$|test-results|\/src\/|\/test\/|\/out\/|node_modules/.test(name)), []);
  });
});
