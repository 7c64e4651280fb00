/**
 * The manifest as VS Code reads it: every contributed command is registered once the extension is active,
 * every command a menu, welcome view or walkthrough link names exists, the strings from package.nls.json are
 * resolved (no `%key%` reaches the user), and the walkthrough and snippets point at files that are there.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'konexus-devtools.konexus-vscode';

interface Manifest {
  displayName: string;
  icon: string;
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    walkthroughs: { id: string; title: string; steps: { id: string; title: string; description: string; media: { image: string; altText: string } }[] }[];
    snippets: { language: string; path: string }[];
  };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed`);
  return found;
}

const manifest = (): Manifest => extension().packageJSON as Manifest;

/** The `command:` links of a markdown text (welcome views, walkthrough steps), without their arguments. */
function commandLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\(command:([\w.-]+)/g)].map(match => match[1]!);
}

/** Every string in a value that still looks like an unresolved `%key%` placeholder. */
function placeholders(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return /^%[^%\s]+%$/.test(value) ? [`${path}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholders(item, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => placeholders(item, path ? `${path}.${key}` : key));
  return [];
}

async function exists(relativePath: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension().extensionUri, relativePath));
    return true;
  } catch {
    return false;
  }
}

describe('manifest, as VS Code reads it', () => {
  before(async () => {
    await extension().activate();
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands.map(command => command.command);
    assert.ok(contributed.length >= 10);
    assert.deepEqual(contributed.filter(command => !registered.has(command)), []);
  });

  it('names only existing commands in menus, welcome views and walkthrough links', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const { menus, viewsWelcome, walkthroughs } = manifest().contributes;
    const named = [
      ...Object.values(menus).flat().map(item => item.command),
      ...viewsWelcome.flatMap(welcome => commandLinks(welcome.contents)),
      ...walkthroughs.flatMap(walkthrough => walkthrough.steps.flatMap(step => commandLinks(step.description))),
    ];
    assert.ok(named.length > 0);
    assert.deepEqual([...new Set(named)].filter(command => !registered.has(command)), []);
  });

  it('shows the English strings of package.nls.json: no %placeholder% is left', () => {
    assert.deepEqual(placeholders(manifest()), []);
    assert.equal(manifest().displayName, 'Konexus for VS Code');
    const addProfile = manifest().contributes.commands.find(command => command.command === 'konexus.addProfile');
    assert.equal(addProfile?.title, 'Add Profile…');
  });

  it('has the getting-started walkthrough: add a profile, status bar, inspect, .http header, each with an image that is there', async () => {
    const walkthrough = manifest().contributes.walkthroughs.find(candidate => candidate.id === 'gettingStarted');
    assert.ok(walkthrough, 'no walkthrough gettingStarted');
    const steps = walkthrough.steps.map(step => step.id);
    for (const step of ['addProfile', 'statusBar', 'inspectToken', 'httpHeader']) assert.ok(steps.includes(step), `no step ${step}`);
    const links = (id: string) => commandLinks(walkthrough.steps.find(step => step.id === id)!.description);
    assert.deepEqual(links('addProfile'), ['konexus.addProfile']);
    assert.deepEqual(links('inspectToken'), ['konexus.inspectToken']);
    assert.deepEqual(links('httpHeader'), ['konexus.insertBearerHeader']);
    for (const step of walkthrough.steps) {
      assert.ok(step.media.altText, `step ${step.id} has no alt text`);
      assert.ok(await exists(step.media.image), `step ${step.id}: ${step.media.image} is missing`);
    }
  });

  it('contributes .http snippets that keep the token and the client secret out of the file', async () => {
    const snippets = manifest().contributes.snippets.find(contribution => contribution.language === 'http');
    assert.ok(snippets, 'no snippets for the http language');
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, snippets.path));
    const bodies = Object.values(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, { body: string[] }>).map(snippet => snippet.body.join('\n'));
    assert.ok(bodies.some(body => body.includes('Authorization: Bearer {{\\$dotenv KONEXUS_TOKEN}}')));
    assert.ok(bodies.some(body => body.includes('client_secret={{\\$processEnv KONEXUS_CLIENT_SECRET}}')));
    assert.ok(await exists(manifest().icon), 'the icon is missing');
  });

  it('points VS Code at the l10n bundle of its runtime strings, and speaks English in an English host', async () => {
    const l10nFolder = (extension().packageJSON as { l10n?: string }).l10n;
    assert.equal(l10nFolder, './l10n');
    const bundle = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(
      vscode.Uri.joinPath(extension().extensionUri, l10nFolder, 'bundle.l10n.json'),
    ))) as Record<string, unknown>;
    assert.equal(bundle['Konexus: refreshing token'], 'Konexus: refreshing token');
    // English is the default language: VS Code loads no bundle, and every message is the source text.
    assert.equal(vscode.env.language, 'en');
    assert.equal(vscode.l10n.bundle, undefined);
    assert.equal(vscode.l10n.t('Konexus: refreshing token'), 'Konexus: refreshing token');
  });

  // Remote-SSH, containers, Codespaces: it runs beside the workspace (git, its files), not on the client.
  it('declares that it runs where the workspace is (extensionKind workspace)', () => {
    assert.deepEqual((extension().packageJSON as { extensionKind?: string[] }).extensionKind, ['workspace']);
    assert.equal(extension().extensionKind, vscode.ExtensionKind.Workspace);
  });

  // The harness names the release it started (KONEXUS_EXPECT_VSCODE): the oldest-host suites prove the
  // oldest VS Code engines.vscode admits, not a newer one by mistake.
  if (process.env.KONEXUS_EXPECT_VSCODE) {
    it(`runs in VS Code ${process.env.KONEXUS_EXPECT_VSCODE}, the release the harness started`, () => {
      assert.equal(vscode.version, process.env.KONEXUS_EXPECT_VSCODE);
    });
  }

  // Only when the suites run against the copy installed from the .vsix (`code-server --install-extension`),
  // which sets KONEXUS_EXPECT_INSTALLED=1; a normal run loads the repository and has no such test.
  if (process.env.KONEXUS_EXPECT_INSTALLED) {
    it('is the copy installed from the .vsix, running its production bundle', async () => {
      assert.match(extension().extensionUri.path, /\/extensions\/konexus-devtools\.konexus-vscode-\d+\.\d+\.\d+$/);
      const bundle = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, 'dist', 'extension.js'));
      assert.doesNotMatch(new TextDecoder().decode(bundle), /sourceMappingURL/);
    });
  }
});
