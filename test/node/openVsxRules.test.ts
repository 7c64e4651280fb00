/**
 * The Open VSX check of `npm run package` (scripts/openvsx-rules.mjs): a package like ours passes, and each
 * rule the registry or its galleries apply refuses the package that breaks it, with a message naming the fix.
 */
import assert from 'node:assert/strict';
import { openVsxProblems, readmeImageUrls, type OpenVsxManifest } from '../../scripts/openvsx-rules.mjs';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const RAW = 'https://github.com/konexus-devtools/konexus-vscode/raw/HEAD/';

function manifest(): OpenVsxManifest {
  return {
    publisher: 'konexus-devtools',
    name: 'konexus-vscode',
    version: '0.1.0',
    license: 'MIT',
    icon: 'media/icon.png',
    engines: { vscode: '^1.93.0' },
    repository: { type: 'git', url: 'https://github.com/konexus-devtools/konexus-vscode.git' },
    activationEvents: ['onStartupFinished'],
  };
}

function check(change: { manifest?: (m: OpenVsxManifest) => void; readme?: string; entries?: string[]; icon?: Uint8Array; has?: string[] } = {}): string[] {
  const m = manifest();
  change.manifest?.(m);
  const files = new Map<string, Uint8Array>([['extension/media/icon.png', change.icon ?? PNG]]);
  const has = new Set(change.has ?? ['media/screenshots/status-bar.png']);
  return openVsxProblems({
    manifest: m,
    entries: change.entries ?? ['extension/package.json', 'extension/license.txt', 'extension/readme.md', 'extension/media/icon.png'],
    readme: 'readme' in change ? change.readme : `# Konexus\n\n![Status bar](${RAW}media/screenshots/status-bar.png)\n`,
    file: name => files.get(name),
    repositoryHas: path => has.has(path),
  });
}

describe('Open VSX publishing checks (scripts/openvsx-rules.mjs)', () => {
  it('passes a package like ours', () => {
    assert.deepEqual(check(), []);
  });

  it('refuses a package without a license field or LICENSE file', () => {
    assert.match(check({ manifest: m => delete m.license }).join('\n'), /no 'license'/);
    assert.match(check({ entries: ['extension/package.json', 'extension/readme.md', 'extension/media/icon.png'] }).join('\n'), /no LICENSE file/);
  });

  it("refuses a missing or non-https repository, and a missing publisher, name or version (ovsx's validateManifest)", () => {
    assert.match(check({ manifest: m => delete m.repository }).join('\n'), /no 'repository'/);
    assert.match(check({ manifest: m => (m.repository = 'http://example.test/x.git') }).join('\n'), /not https/);
    assert.match(check({ manifest: m => delete m.publisher }).join('\n'), /no 'publisher'/);
    assert.match(check({ manifest: m => delete m.engines }).join('\n'), /no engines\.vscode/);
  });

  it('refuses a missing icon, one left out of the .vsix, and an SVG icon', () => {
    assert.match(check({ manifest: m => delete m.icon }).join('\n'), /no 'icon'/);
    assert.match(check({ manifest: m => (m.icon = 'media/other.png') }).join('\n'), /not in the \.vsix/);
    assert.match(check({ icon: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>') }).join('\n'), /not a PNG/);
  });

  it("refuses '*' activation", () => {
    assert.match(check({ manifest: m => (m.activationEvents = ['*']) }).join('\n'), /activationEvents has '\*'/);
  });

  it('refuses README images a gallery cannot show: relative, http, data:, SVG, or a file the repository lacks', () => {
    assert.match(check({ readme: undefined }).join('\n'), /no README/);
    assert.match(check({ readme: '![x](media/screenshots/status-bar.png)' }).join('\n'), /not an https URL/);
    assert.match(check({ readme: '<img src="http://example.test/a.png">' }).join('\n'), /not an https URL/);
    assert.match(check({ readme: '![x](data:image/png;base64,AAAA)' }).join('\n'), /data: URIs/);
    assert.match(check({ readme: '![badge][b]\n\n[b]: https://example.test/badge.svg\n' }).join('\n'), /SVG images are refused/);
    assert.match(check({ readme: `![x](${RAW}media/screenshots/gone.png)` }).join('\n'), /the repository has no media\/screenshots\/gone\.png/);
  });

  it('finds inline, HTML and reference images, and not links', () => {
    const markdown = '![a](https://a.test/a.png "t")\n<img alt="b" src=\'https://b.test/b.png\'>\n![c][c]\n[c]: https://c.test/c.png\n[link](https://d.test/d.png)\n';
    assert.deepEqual(readmeImageUrls(markdown), ['https://a.test/a.png', 'https://b.test/b.png', 'https://c.test/c.png']);
  });
});
