/**
 * Insert Bearer Header, the .env and file-variable upkeep, the CodeLens and the gitignore guard, in a real
 * extension host: real editors and undo, `workspace.fs`, git, and tokens from the harness's identity server.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { decodeJwt } from '../../src/core/jwt';
import type { KonexusExtensionApi } from '../../src/extension';
import type { InsertBearerResult } from '../../src/httpFiles/bearerHeaderCommand';
import { checkDotenvIgnored } from '../../src/httpFiles/gitIgnoreWarning';
import { appendToGitignore } from '../../src/platform/workspaceFiles';
import { MANAGED_FILES_KEY } from '../../src/httpFiles/model/managedFiles';
import { plainGit, plantEmbeddedBareRepository } from '../node/lib/plantedRepository';
import { testEnv } from './lib/env';
import { extensionApi, waitFor } from './lib/extensionApi';

const crlf = (lines: readonly string[]) => lines.join('\r\n');
const HEADER = 'Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}';

/** CRLF, a file header, an existing lower-case header, body text that looks like a header, a GraphQL body. */
const API_HTTP = crlf([
  '# Konexus API, integration test',
  '@baseUrl = http://127.0.0.1:9/v1',
  '',
  '### Me',
  'GET {{baseUrl}}/me',
  'Accept: application/json',
  '',
  '### Echo, with an old header',
  'POST {{baseUrl}}/echo',
  'authorization: Basic dXNlcjpwYXNz',
  'Content-Type: text/plain',
  '',
  'Authorization: Bearer this is body text, not a header',
  '',
  '### GraphQL',
  'POST {{baseUrl}}/graphql',
  'Content-Type: application/json',
  'X-Request-Type: GraphQL',
  '',
  'query Me {',
  '  me { id name }',
  '}',
  '',
  '{ "debug": true }',
  '',
]);

type CommandOutcome = InsertBearerResult | { error: string; message: string };

function isFailure(outcome: CommandOutcome | undefined): outcome is { error: string; message: string } {
  return typeof outcome === 'object' && outcome !== null && 'error' in outcome;
}

async function insert(arg?: Record<string, unknown>): Promise<InsertBearerResult> {
  const outcome = await vscode.commands.executeCommand<CommandOutcome>('konexus.insertBearerHeader', arg);
  assert.ok(outcome && !isFailure(outcome), `the command failed: ${JSON.stringify(outcome)}`);
  return outcome;
}

async function insertFails(arg?: Record<string, unknown>): Promise<{ error: string; message: string }> {
  const outcome = await vscode.commands.executeCommand<CommandOutcome>('konexus.insertBearerHeader', arg);
  assert.ok(isFailure(outcome), `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const encoder = new TextEncoder();
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const writeText = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, encoder.encode(text));

/** Opens `uri` in an editor with the cursor at the start of the first line containing `at`. */
async function openAt(uri: vscode.Uri, at: string): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const line = editor.document.getText().split(/\r?\n/).findIndex(text => text.includes(at));
  assert.ok(line >= 0, `"${at}" is not in ${uri.path}`);
  editor.selection = new vscode.Selection(line, 2, line, 2);
  return editor;
}

/** The value of KONEXUS_TOKEN in a .env text. */
const dotenvToken = (text: string) => /^KONEXUS_TOKEN=(.*?)\r?$/m.exec(text)?.[1];

describe('httpFiles: Insert Bearer Header in a real editor', function () {
  this.timeout(60_000);
  const env = testEnv();
  const profile = `httpfiles-${Date.now().toString(36)}`;
  let api: KonexusExtensionApi;
  let folder: vscode.Uri;
  let gitFolder: vscode.Uri;
  const currentToken = async () => (await api.services.tokens.getToken(profile)).accessToken;
  const keptDotenvs = () => Object.keys((api.context.workspaceState.get<{ dotenv?: Record<string, unknown> }>(MANAGED_FILES_KEY))?.dotenv ?? {});
  const lensTitles = async (uri: vscode.Uri) => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri))
    .map(lens => lens.command?.title ?? '').filter(title => title.includes('Konexus'));

  /** A folder `name` (made by `prepare`) whose .env (A=1) Insert Bearer Header has written and now keeps. */
  async function keptDotenvIn(name: string, prepare: (dir: vscode.Uri) => Promise<void>): Promise<{ dir: vscode.Uri; envUri: vscode.Uri; uri: vscode.Uri }> {
    const dir = vscode.Uri.joinPath(folder, name);
    await prepare(dir);
    const envUri = vscode.Uri.joinPath(dir, '.env');
    const uri = vscode.Uri.joinPath(dir, 'api.http');
    await writeText(envUri, 'A=1\n');
    await writeText(uri, API_HTTP);
    await openAt(uri, 'GET {{baseUrl}}/me');
    assert.equal((await insert({ profile })).dotenv, 'updated');
    assert.ok(keptDotenvs().includes(envUri.toString()));
    return { dir, envUri, uri };
  }

  before(async () => {
    api = await extensionApi();
    // VS Code for the Web saves after a delay by default; the upkeep itself must not save, which only shows with it off.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const added = await vscode.commands.executeCommand('konexus.addProfile', {
      name: profile, authority: env.idp.issuer, clientId: env.idp.client.clientId, clientSecret: env.idp.client.clientSecret,
    });
    assert.equal(added, profile);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the test workspace is open');
    folder = vscode.Uri.joinPath(root, 'httpfiles-it');
    gitFolder = vscode.Uri.joinPath(root, 'httpfiles-git');
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.createDirectory(gitFolder);
  });

  after(async () => {
    // Unsaved edits would make closing ask to save: revert them first.
    for (const document of vscode.workspace.textDocuments.filter(doc => doc.isDirty && /httpfiles-/.test(doc.uri.path))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [folder, gitFolder]) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('konexus.removeProfile', { name: profile });
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  });

  it('inserts the dotenv header at the cursor as one undoable edit, CRLF and every other byte kept', async () => {
    const uri = vscode.Uri.joinPath(folder, 'api.http');
    const envUri = vscode.Uri.joinPath(folder, '.env');
    await writeText(uri, API_HTTP);
    await writeText(envUri, '# local settings\r\nOTHER=keep me\r\n');
    const editor = await openAt(uri, 'Accept: application/json');
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);

    const result = await insert({ profile });
    assert.equal(result.edited, 1);
    assert.equal(result.requests, 1);
    assert.equal(result.style, 'dotenv');
    assert.equal(result.profile, profile);
    assert.equal(result.dotenvPath, envUri.fsPath);
    assert.equal(result.dotenv, 'updated');
    assert.equal(editor.document.getText(), API_HTTP.replace('GET {{baseUrl}}/me\r\n', `GET {{baseUrl}}/me\r\n${HEADER}\r\n`));
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);

    // One undo step takes the whole edit back.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), API_HTTP);
  });

  it('writes the profile\'s current token into the .env beside the file, keeping its other lines', async () => {
    const envUri = vscode.Uri.joinPath(folder, '.env');
    const text = await readText(envUri);
    const token = await currentToken();
    assert.equal(text, `# local settings\r\nOTHER=keep me\r\nKONEXUS_TOKEN=${token}\r\n`);
    const decoded = decodeJwt(dotenvToken(text) ?? '');
    assert.ok(decoded.ok, 'the .env value is a JWT');
    assert.equal(decoded.token.typ, 'at+jwt');
    assert.equal(decoded.token.claims.client_id, env.idp.client.clientId);
    assert.equal(decoded.token.claims.iss, env.idp.issuer);
  });

  it('sets every request with all: inserted, replaced (casing kept), body text untouched; a second run is a no-op', async () => {
    const uri = vscode.Uri.joinPath(folder, 'api.http');
    const editor = await openAt(uri, 'GET {{baseUrl}}/me');
    const result = await insert({ profile, all: true });
    assert.deepEqual([result.edited, result.requests], [3, 3]);
    const expected = API_HTTP
      .replace('GET {{baseUrl}}/me\r\n', `GET {{baseUrl}}/me\r\n${HEADER}\r\n`)
      .replace('authorization: Basic dXNlcjpwYXNz', 'authorization: Bearer {{$dotenv KONEXUS_TOKEN}}')
      .replace('POST {{baseUrl}}/graphql\r\n', `POST {{baseUrl}}/graphql\r\n${HEADER}\r\n`);
    assert.equal(editor.document.getText(), expected);
    assert.ok(expected.includes('\r\nAuthorization: Bearer this is body text, not a header\r\n'));

    const again = await vscode.commands.executeCommand<InsertBearerResult>('konexus.insertBearerHeaderAll', { profile });
    assert.deepEqual([again.edited, again.requests, again.dotenv], [0, 3, 'unchanged']);
    assert.equal(editor.document.getText(), expected);
    await editor.document.save();
    assert.equal(await readText(uri), expected, 'saved bytes: CRLF everywhere, nothing else changed');
  });

  it('writes the new token into the .env on every refresh', async () => {
    const envUri = vscode.Uri.joinPath(folder, '.env');
    const before = dotenvToken(await readText(envUri));
    assert.equal(before, await currentToken());
    const refreshed = await vscode.commands.executeCommand<{ profile: string; expiresAt: number }>('konexus.refreshToken', { profile });
    assert.equal(refreshed.profile, profile);
    const fresh = await currentToken();
    assert.notEqual(fresh, before, 'the refresh brought a new token');
    await waitFor(api, async () => dotenvToken(await readText(envUri)) === fresh, 'the .env to hold the new token');
    assert.equal(await readText(envUri), `# local settings\r\nOTHER=keep me\r\nKONEXUS_TOKEN=${fresh}\r\n`);
  });

  it('a workspace pointing konexus.httpFiles.dotenvKey at the user\'s own entry: nothing is overwritten, no header inserted', async () => {
    const dir = vscode.Uri.joinPath(folder, 'own-entry');
    await vscode.workspace.fs.createDirectory(dir);
    const envUri = vscode.Uri.joinPath(dir, '.env');
    const uri = vscode.Uri.joinPath(dir, 'api.http');
    const envText = 'DATABASE_URL=postgres://app:s3cret@db.internal:5432/app\n';
    await writeText(envUri, envText);
    await writeText(uri, API_HTTP);
    const settings = vscode.workspace.getConfiguration('konexus');
    await settings.update('httpFiles.dotenvKey', 'DATABASE_URL', vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openAt(uri, 'GET {{baseUrl}}/me');
      const failure = await insertFails({ profile });
      assert.equal(failure.error, 'invalid_request');
      assert.match(failure.message, /DATABASE_URL .* not an access token/);
      assert.ok(!failure.message.includes('s3cret'), 'the value is not repeated');
      assert.equal(await readText(envUri), envText, 'the user\'s entry is unchanged');
      assert.equal(editor.document.getText(), API_HTTP, 'no header inserted');
      const kept = api.context.workspaceState.get<{ dotenv?: Record<string, unknown> }>(MANAGED_FILES_KEY)?.dotenv ?? {};
      assert.ok(!(envUri.toString() in kept), 'the .env is not kept');
    } finally {
      await settings.update('httpFiles.dotenvKey', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('shows a CodeLens with the profile and time left over each request using the token', async () => {
    const uri = vscode.Uri.joinPath(folder, 'api.http');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const ours = lenses.filter(lens => lens.command?.title.includes('Konexus'));
    assert.equal(ours.length, 3, JSON.stringify(lenses.map(lens => lens.command?.title)));
    for (const lens of ours) {
      assert.match(lens.command!.title, new RegExp(`^\\$\\(key\\) Konexus · ${profile} · valid (59|60)m$`));
      assert.equal(lens.command!.command, 'konexus.refreshToken');
      assert.deepEqual(lens.command!.arguments, [profile]);
    }
    assert.deepEqual(ours.map(lens => lens.range.start.line), [4, 9, 16], 'above each request line');
  });

  it('fileVariable: sets @konexusToken at the top and keeps it current in the open document, unsaved', async () => {
    const uri = vscode.Uri.joinPath(folder, 'vars.http');
    const original = '### Me\nGET http://127.0.0.1:9/v1/me\n\n### Groups\nGET http://127.0.0.1:9/v1/groups\n';
    await writeText(uri, original);
    const editor = await openAt(uri, '/me');
    const result = await insert({ profile, style: 'fileVariable', all: true });
    assert.deepEqual([result.edited, result.style, result.dotenvPath], [2, 'fileVariable', undefined]);
    const token = await currentToken();
    assert.equal(editor.document.getText(), `@konexusToken = ${token}\n${original
      .replace('/me\n', '/me\nAuthorization: Bearer {{konexusToken}}\n')
      .replace('/groups\n', '/groups\nAuthorization: Bearer {{konexusToken}}\n')}`);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual(lenses.filter(lens => lens.command?.title.includes('Konexus')).length, 2);

    await vscode.commands.executeCommand('konexus.refreshToken', { profile });
    const fresh = await currentToken();
    assert.notEqual(fresh, token);
    await waitFor(api, () => editor.document.getText().startsWith(`@konexusToken = ${fresh}\n`), 'the variable to hold the new token');
    assert.ok(editor.document.isDirty, 'left unsaved for the user');
    assert.equal(await readText(uri), original, 'nothing written to disk');
  });

  it('literal: the token itself, with a CodeLens of its own expiry', async () => {
    const uri = vscode.Uri.joinPath(folder, 'literal.rest');
    await writeText(uri, 'GET http://127.0.0.1:9/v1/me\n');
    await openAt(uri, '/me');
    const result = await insert({ profile, style: 'literal' });
    assert.equal(result.edited, 1);
    const document = vscode.workspace.textDocuments.find(doc => doc.uri.toString() === uri.toString());
    assert.equal(document?.getText(), `GET http://127.0.0.1:9/v1/me\nAuthorization: Bearer ${await currentToken()}\n`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual(lenses.map(lens => lens.command?.title), [`$(key) Konexus · ${profile} · literal token · valid 59m`]);
  });

  it('says what to do outside a .http editor or outside a request, and for a bad argument', async () => {
    const plain = await vscode.workspace.openTextDocument({ content: 'GET https://example.com/\n', language: 'plaintext' });
    await vscode.window.showTextDocument(plain);
    const notHttp = await insertFails({ profile });
    assert.equal(notHttp.error, 'invalid_request');
    assert.match(notHttp.message, /is not a \.http or \.rest file\. Open a \.http or \.rest file/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const uri = vscode.Uri.joinPath(folder, 'api.http');
    await openAt(uri, '# Konexus API');
    const outside = await insertFails({ profile });
    assert.equal(outside.error, 'invalid_request');
    assert.match(outside.message, /no request at the cursor/);

    const badStyle = await insertFails({ style: 'bearer' });
    assert.equal(badStyle.error, 'invalid_request');
    assert.match(badStyle.message, /"style" must be one of/);
  });

  describe('a .env that is a symbolic link (the host\'s workspace is trusted)', () => {
    let outside: string;
    before(() => {
      // A folder outside the workspace, as a planted link would name (the run's own temporary folder).
      outside = realpathSync(mkdtempSync(join(tmpdir(), 'konexus-outside-')));
      const root = realpathSync(vscode.workspace.workspaceFolders![0]!.uri.fsPath);
      assert.ok(relative(root, outside).startsWith('..'), `${outside} is inside the workspace ${root}: the test is broken`);
    });
    after(() => rmSync(outside, { recursive: true, force: true }));

    it('a link that stays inside the workspace: written through without asking, like a plain .env', async () => {
      const dir = vscode.Uri.joinPath(folder, 'link-inside');
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(dir, 'config'));
      writeFileSync(join(dir.fsPath, 'config', 'dev.env'), 'A=1\n');
      symlinkSync('config/dev.env', join(dir.fsPath, '.env'));
      const uri = vscode.Uri.joinPath(dir, 'api.http');
      await writeText(uri, API_HTTP);
      await openAt(uri, 'GET {{baseUrl}}/me');
      // A modal dialog would be refused in this workbench and cancel the command: none is shown.
      const result = await insert({ profile });
      assert.equal(result.cancelled, undefined);
      assert.deepEqual([result.edited, result.dotenv], [1, 'updated']);
      assert.equal(readFileSync(join(dir.fsPath, 'config', 'dev.env'), 'utf8'), `A=1\nKONEXUS_TOKEN=${await currentToken()}\n`);
      assert.ok(lstatSync(join(dir.fsPath, '.env')).isSymbolicLink(), 'the link is still a link');
    });

    it('a link leading outside the workspace: asks in a modal dialog; the refused dialog writes and inserts nothing', async () => {
      const target = join(outside, 'captured.env');
      const targetBytes = Buffer.from('# not yours\nKONEXUS_TOKEN=old\n');
      writeFileSync(target, targetBytes);
      const dir = vscode.Uri.joinPath(folder, 'link-outside');
      await vscode.workspace.fs.createDirectory(dir);
      const envUri = vscode.Uri.joinPath(dir, '.env');
      symlinkSync(target, envUri.fsPath);
      const uri = vscode.Uri.joinPath(dir, 'api.http');
      await writeText(uri, API_HTTP);
      const editor = await openAt(uri, 'GET {{baseUrl}}/me');

      // The test-mode workbench refuses modal dialogs (the UI scenario restrictedMode.ts clicks the real one).
      for (const all of [false, true]) {
        const result = await insert({ profile, all });
        assert.deepEqual(result.cancelled, { reasons: ['linkOutside'], writesTo: target }, `all: ${all}`);
        assert.deepEqual([result.edited, result.dotenv, result.dotenvPath], [0, undefined, envUri.fsPath]);
        assert.deepEqual(readFileSync(target), targetBytes, 'the link\'s target is byte-for-byte unchanged');
        assert.equal(editor.document.getText(), API_HTTP, 'no header inserted');
        assert.equal(editor.document.isDirty, false);
        assert.ok(!keptDotenvs().includes(envUri.toString()), 'the .env is not kept');
      }
    });

    it('a kept .env that becomes a link leading outside: the refresh writes nothing there, the lens says paused; a file again, it is kept current again', async () => {
      const { envUri, uri } = await keptDotenvIn('link-later', dir => Promise.resolve(vscode.workspace.fs.createDirectory(dir)));
      assert.match((await lensTitles(uri))[0] ?? '', /valid/);

      // Planted later (a pull, another program): the .env now leads outside the workspace.
      const target = join(outside, 'later.env');
      const targetBytes = Buffer.from('B=2\n');
      writeFileSync(target, targetBytes);
      rmSync(envUri.fsPath);
      symlinkSync(target, envUri.fsPath);
      await vscode.commands.executeCommand('konexus.refreshToken', { profile });
      await waitFor(api, async () => (await lensTitles(uri))[0]?.includes('.env paused: symbolic link') ?? false, 'the lens to say the .env is paused');
      assert.deepEqual(readFileSync(target), targetBytes, 'no token written through the link');
      assert.ok(keptDotenvs().includes(envUri.toString()), 'still kept, only paused');

      rmSync(envUri.fsPath);
      writeFileSync(envUri.fsPath, 'A=1\n');
      await vscode.commands.executeCommand('konexus.refreshToken', { profile });
      const fresh = await currentToken();
      await waitFor(api, async () => dotenvToken(await readText(envUri)) === fresh, 'the .env to hold the new token again');
      await waitFor(api, async () => /valid/.test((await lensTitles(uri))[0] ?? ''), 'the lens to show the token again');
      assert.deepEqual(readFileSync(target), targetBytes);
    });
  });

  describe('a .env git tracks (judged where a link leads): asked before the first write, never rewritten unconfirmed', () => {
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' });

    it('tracked already: the refused dialog writes and inserts nothing, for the file and for a link to a tracked file', async () => {
      const dir = vscode.Uri.joinPath(folder, 'tracked');
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(dir, 'config'));
      git(dir.fsPath, 'init', '-q');
      const envUri = vscode.Uri.joinPath(dir, '.env');
      const uri = vscode.Uri.joinPath(dir, 'api.http');
      await writeText(envUri, 'A=1\n');
      git(dir.fsPath, 'add', '.env');
      await writeText(uri, API_HTTP);
      const editor = await openAt(uri, 'GET {{baseUrl}}/me');
      // The test-mode workbench refuses modal dialogs: a refusal confirms nothing.
      const result = await insert({ profile });
      assert.deepEqual(result.cancelled, { reasons: ['tracked'], writesTo: realpathSync(envUri.fsPath) });
      assert.deepEqual([result.edited, result.dotenv], [0, undefined]);
      assert.equal(readFileSync(envUri.fsPath, 'utf8'), 'A=1\n', 'nothing written into the tracked .env');
      assert.equal(editor.document.getText(), API_HTTP, 'no header inserted');
      assert.ok(!keptDotenvs().includes(envUri.toString()));

      // The .env a link that git does not track itself, leading to a tracked file: judged by the target.
      git(dir.fsPath, 'rm', '-q', '--cached', '.env');
      rmSync(envUri.fsPath);
      writeFileSync(join(dir.fsPath, 'config', 'dev.env'), 'B=2\n');
      git(dir.fsPath, 'add', 'config/dev.env');
      symlinkSync('config/dev.env', envUri.fsPath);
      const linked = await insert({ profile });
      assert.deepEqual(linked.cancelled, { reasons: ['tracked'], writesTo: realpathSync(join(dir.fsPath, 'config', 'dev.env')) });
      assert.equal(readFileSync(join(dir.fsPath, 'config', 'dev.env'), 'utf8'), 'B=2\n');
    });

    it('a kept .env that git starts tracking: the refresh does not rewrite it, the lens says paused; untracked again, it is kept current', async () => {
      const { dir, envUri, uri } = await keptDotenvIn('tracked-later', async dir => {
        await vscode.workspace.fs.createDirectory(dir);
        git(dir.fsPath, 'init', '-q');
      });

      git(dir.fsPath, 'add', '.env');
      const before = readFileSync(envUri.fsPath, 'utf8');
      await vscode.commands.executeCommand('konexus.refreshToken', { profile });
      await waitFor(api, async () => (await lensTitles(uri))[0]?.includes('.env paused: tracked by git') ?? false, 'the lens to say the tracked .env is paused');
      assert.equal(readFileSync(envUri.fsPath, 'utf8'), before, 'no new token written into the tracked .env');
      assert.notEqual(dotenvToken(before), await currentToken(), 'the refresh did bring a new token');

      git(dir.fsPath, 'rm', '-q', '--cached', '.env');
      await vscode.commands.executeCommand('konexus.refreshToken', { profile });
      const fresh = await currentToken();
      await waitFor(api, async () => dotenvToken(await readText(envUri)) === fresh, 'the .env to hold the new token again');
    });

    it('Insert Bearer Header beside an embedded bare repository whose config names an fsmonitor command runs nothing', async () => {
      const markerFolder = mkdtempSync(join(tmpdir(), 'konexus-fsmonitor-'));
      const marker = join(markerFolder, 'marker');
      try {
        const sub = plantEmbeddedBareRepository(join(folder.fsPath, 'planted'), marker);
        plainGit(sub, 'check-ignore', '-q', '--', '.env');
        assert.ok(existsSync(marker), 'plain git did not run the planted command: the test is broken');
        rmSync(marker);
        const uri = vscode.Uri.file(join(sub, 'api.http'));
        await writeText(uri, API_HTTP);
        await openAt(uri, 'GET {{baseUrl}}/me');
        const result = await insert({ profile });
        assert.equal(result.dotenv, 'created');
        assert.equal(existsSync(marker), false, 'Insert Bearer Header ran the repository\'s fsmonitor command');
        // git refuses the bare repository: the .gitignore files answered.
        assert.equal(result.gitignore?.status, 'unknown');
        assert.match(result.gitignore?.detail ?? '', /bare repository/);
      } finally {
        rmSync(markerFolder, { recursive: true, force: true });
      }
    });
  });

  it('warns once when the .env is not ignored by git, and the fix appends .env to that folder\'s .gitignore', async () => {
    execFileSync('git', ['init', '-q'], { cwd: gitFolder.fsPath });
    const gitignoreUri = vscode.Uri.joinPath(gitFolder, '.gitignore');
    await writeText(gitignoreUri, '# deps\r\nnode_modules');
    const uri = vscode.Uri.joinPath(gitFolder, 'api.http');
    const envUri = vscode.Uri.joinPath(gitFolder, '.env');
    await writeText(uri, API_HTTP);
    await openAt(uri, '/me');

    const first = await insert({ profile });
    assert.equal(first.dotenv, 'created');
    assert.deepEqual(first.gitignore, { status: 'not_ignored', coveredByGitignore: false, detail: '', warned: true });
    assert.deepEqual((await checkDotenvIgnored(api.git, envUri))?.status, 'not_ignored');
    const second = await insert({ profile });
    assert.equal(second.gitignore?.warned, false, 'once per file');

    assert.equal((await appendToGitignore(envUri)).changed, true);
    assert.equal(await readText(gitignoreUri), '# deps\r\nnode_modules\r\n.env\r\n');
    assert.equal((await checkDotenvIgnored(api.git, envUri))?.status, 'ignored');
    assert.equal((await appendToGitignore(envUri)).changed, false, 'already there: no second line');
  });
});
