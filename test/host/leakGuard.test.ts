/**
 * The Leak guard in a real extension host: diagnostics on raw tokens and client secrets in .http files,
 * settings and .env files git would commit (real git repositories made with `git init`), the Quick Fixes
 * as VS Code's code action API returns them, and what applying them leaves in the document, the .env
 * (read back with workspace.fs) and SecretStorage.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { secretKey } from '../../src/core/tokens/profiles';
import type { KonexusExtensionApi } from '../../src/extension';
import type { LeakFixArgs } from '../../src/leakGuard/model/leakFixArgs';
import type { LeakFixResult } from '../../src/leakGuard/leakFixes';
import { SEED_TOKEN } from '../node/fixtures/seed-token';
import { plainGit, plantEmbeddedBareRepository } from '../node/lib/plantedRepository';
import { testEnv } from './lib/env';
import { maybeExtensionApi } from './lib/extensionApi';

const TOKEN = SEED_TOKEN;
const SECRET = 'leak-guard-S3cret-0123456789abcdef';
const CLIENT_ID = 'leak-guard-client';

const encoder = new TextEncoder();
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const writeText = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, encoder.encode(text));

function konexusDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(diagnostic => diagnostic.source === 'Konexus');
}

/** Resolves with the Konexus diagnostics once `condition` holds for them; rejects after `ms`. */
async function diagnosticsWhen(uri: vscode.Uri, condition: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, ms = 10_000): Promise<vscode.Diagnostic[]> {
  const end = Date.now() + ms;
  for (;;) {
    const diagnostics = konexusDiagnostics(uri);
    if (condition(diagnostics)) return diagnostics;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; have ${JSON.stringify(diagnostics.map(d => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]))}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/** The range of the `occurrence`-th `text` in the document. */
function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) at = document.getText().indexOf(text, at + 1);
  assert.ok(at >= 0, `"${text.slice(0, 30)}" is not in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(at), document.positionAt(at + text.length));
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter(action => action.command?.command === 'konexus.leakGuard.fix');
}

/** Runs a Quick Fix's command, with `extra` arguments (the answers its prompts would ask for). */
async function apply(action: vscode.CodeAction, extra: Partial<LeakFixArgs> = {}): Promise<LeakFixResult> {
  const [args] = action.command!.arguments as [LeakFixArgs];
  return vscode.commands.executeCommand<LeakFixResult>(action.command!.command, { ...args, ...extra });
}

function sameRange(diagnostic: vscode.Diagnostic, range: vscode.Range): boolean {
  return diagnostic.range.isEqual(range);
}

describe('leakGuard: warnings and Quick Fixes in a real editor', function () {
  this.timeout(60_000);
  const env = testEnv();
  const profile = `leakguard-${Date.now().toString(36)}`;
  // Undefined in the installed-.vsix suite (ExtensionMode.Production): its tests here use only commands.
  let api: KonexusExtensionApi | undefined;
  let root: vscode.Uri;
  const folders: vscode.Uri[] = [];
  const folder = (name: string) => vscode.Uri.joinPath(root, name);

  before(async () => {
    api = await maybeExtensionApi();
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(workspaceRoot, 'the test workspace is open');
    root = workspaceRoot;
    for (const name of ['leakguard-it', 'leakguard-git', 'leakguard-ignored']) {
      folders.push(folder(name));
      await vscode.workspace.fs.createDirectory(folder(name));
    }
    // Two repositories of their own inside the workspace: one whose .gitignore lists .env, one without.
    execFileSync('git', ['init', '-q'], { cwd: folder('leakguard-git').fsPath });
    execFileSync('git', ['init', '-q'], { cwd: folder('leakguard-ignored').fsPath });
    await writeText(vscode.Uri.joinPath(folder('leakguard-ignored'), '.gitignore'), 'node_modules\n.env\n');
  });

  after(async () => {
    for (const document of vscode.workspace.textDocuments.filter(doc => doc.isDirty && /leakguard-/.test(doc.uri.path))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of folders) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    if (!api || api.services.tokens.profile(profile)) await vscode.commands.executeCommand('konexus.removeProfile', { name: profile }).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  });

  const HTTP = [
    '@authority = {{issuer}}',
    '',
    '### Token, the old way',
    'POST {{authority}}/connect/token',
    'Content-Type: application/x-www-form-urlencoded',
    '',
    `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${SECRET}&scope=tamarack`,
    '',
    '### Me',
    'GET https://api.konexus.com/v1/me',
    `Authorization: Bearer ${TOKEN}`,
    '',
    '### Contacts, same token',
    'GET https://api.konexus.com/v1/contacts',
    `Authorization: Bearer ${TOKEN}`,
    '',
  ].join('\n');

  it('warns on a raw JWT and a client secret in a .http file, on exactly their ranges', async () => {
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'api.http');
    await writeText(uri, HTTP.replace('{{issuer}}', env.idp.issuer));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsWhen(uri, found => found.length === 3, 'three warnings');
    const secret = diagnostics.find(d => d.code === 'client_secret');
    const tokens = diagnostics.filter(d => d.code === 'jwt');
    assert.ok(secret && sameRange(secret, rangeOf(document, SECRET)), 'the secret value, not its name');
    assert.deepEqual(tokens.map(d => d.range.start.line), [10, 14]);
    assert.ok(sameRange(tokens[0]!, rangeOf(document, TOKEN, 0)) && sameRange(tokens[1]!, rangeOf(document, TOKEN, 1)));
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.ok(!diagnostic.message.includes(SECRET) && !diagnostic.message.includes(TOKEN), 'no value in a message');
    }
    assert.equal(tokens[0]!.message, 'A raw access token is stored in this file. Tokens expire in an hour and must not be committed: use {{$dotenv KONEXUS_TOKEN}} (Quick Fix).');
    assert.match(secret.message, /client secret.*Konexus profile.*\(Quick Fix\)/);
  });

  it('offers a preferred Quick Fix for each', async () => {
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'api.http');
    const document = await vscode.workspace.openTextDocument(uri);
    const [tokenFix, ...moreTokenFixes] = await quickFixes(uri, rangeOf(document, TOKEN));
    assert.equal(moreTokenFixes.length, 0);
    assert.equal(tokenFix?.title, 'Move the token into .env as KONEXUS_TOKEN and use {{$dotenv KONEXUS_TOKEN}}');
    assert.equal(tokenFix?.isPreferred, true);
    assert.equal(tokenFix?.kind?.value, vscode.CodeActionKind.QuickFix.value);
    const [secretFix] = await quickFixes(uri, rangeOf(document, SECRET));
    assert.equal(secretFix?.title, 'Move the client secret into a Konexus profile (the file then reads {{$processEnv KONEXUS_CLIENT_SECRET}}; nothing is written to disk)');
    assert.equal(secretFix?.isPreferred, true);
    assert.ok(!JSON.stringify(secretFix?.command?.arguments).includes(SECRET), 'the command arguments name the place, not the value');
  });

  it('names a new konexus.httpFiles.dotenvKey in the token warnings of an open .http file', async () => {
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'api.http');
    const settings = vscode.workspace.getConfiguration('konexus');
    const tokenWarnings = (found: vscode.Diagnostic[], key: string) =>
      found.filter(d => d.code === 'jwt').length === 2 && found.every(d => d.code !== 'jwt' || d.message.includes(`{{$dotenv ${key}}}`));
    await settings.update('httpFiles.dotenvKey', 'API_TOKEN', vscode.ConfigurationTarget.Workspace);
    try {
      const diagnostics = await diagnosticsWhen(uri, found => tokenWarnings(found, 'API_TOKEN'), 'warnings naming API_TOKEN');
      assert.equal(diagnostics.length, 3, 'the same leaks');
    } finally {
      await settings.update('httpFiles.dotenvKey', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsWhen(uri, found => tokenWarnings(found, 'KONEXUS_TOKEN'), 'warnings naming KONEXUS_TOKEN again');
  });

  it('the token fix writes the token into the .env beside the file and leaves {{$dotenv KONEXUS_TOKEN}} in every place', async () => {
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'api.http');
    const envUri = vscode.Uri.joinPath(folder('leakguard-it'), '.env');
    await writeText(envUri, '# local\nOTHER=keep me\n');
    const document = await vscode.workspace.openTextDocument(uri);
    const [fix] = await quickFixes(uri, rangeOf(document, TOKEN, 1));
    const result = await apply(fix!);
    assert.ok('fixed' in result, JSON.stringify(result));
    assert.deepEqual(result, { fixed: 'moveTokenToDotenv', replaced: 2, dotenv: envUri.toString(), dotenvValue: 'moved', dotenvWouldBeCommitted: false });
    assert.equal(document.getText().split('Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}\n').length, 3);
    assert.ok(!document.getText().includes(TOKEN));
    assert.equal(await readText(envUri), `# local\nOTHER=keep me\nKONEXUS_TOKEN=${TOKEN}\n`);
    await diagnosticsWhen(uri, found => found.length === 1 && found[0]!.code === 'client_secret', 'only the secret warning left');
  });

  it('the token fix keeps a token the .env already holds when it expires later, and warns when git would commit that .env', async () => {
    const sub = vscode.Uri.joinPath(folder('leakguard-git'), 'sub');
    await vscode.workspace.fs.createDirectory(sub);
    const b64 = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const fresher = `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64({ exp: 4102444800, client_id: CLIENT_ID })}.c2ln`;
    const envUri = vscode.Uri.joinPath(sub, '.env');
    const uri = vscode.Uri.joinPath(sub, 'stale.http');
    await writeText(envUri, `KONEXUS_TOKEN=${fresher}\n`);
    await writeText(uri, `GET https://api.konexus.com/v1/me\nAuthorization: Bearer ${TOKEN}\n`);
    const document = await vscode.workspace.openTextDocument(uri);
    await diagnosticsWhen(uri, found => found.length === 1, 'the stale token warning');
    const [fix] = await quickFixes(uri, rangeOf(document, TOKEN));
    assert.deepEqual(await apply(fix!), { fixed: 'moveTokenToDotenv', replaced: 1, dotenv: envUri.toString(), dotenvValue: 'keptNewer', dotenvWouldBeCommitted: true });
    assert.equal(document.getText(), 'GET https://api.konexus.com/v1/me\nAuthorization: Bearer {{$dotenv KONEXUS_TOKEN}}\n');
    assert.equal(await readText(envUri), `KONEXUS_TOKEN=${fresher}\n`, 'the fresher token stays');
  });

  it('the secret fix stores it in a new profile (client id and authority from the request) and leaves {{$processEnv KONEXUS_CLIENT_SECRET}}', async () => {
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'api.http');
    const document = await vscode.workspace.openTextDocument(uri);
    const [fix] = await quickFixes(uri, rangeOf(document, SECRET));
    const result = await apply(fix!, { name: profile });
    assert.deepEqual(result, { fixed: 'moveSecretToProfile', profile, clientId: CLIENT_ID, authority: env.idp.issuer, replaced: 1, updatedExistingProfile: false });
    assert.ok(api, 'the test-only API (ExtensionMode.Test)');
    const stored = api.services.tokens.profile(profile);
    assert.ok(stored, 'the profile exists');
    assert.equal(stored.clientId, CLIENT_ID);
    assert.equal(await api.context.secrets.get(secretKey(stored)), SECRET, 'the secret is in SecretStorage');
    assert.ok(document.getText().includes(`&client_id=${CLIENT_ID}&client_secret={{$processEnv KONEXUS_CLIENT_SECRET}}&scope=tamarack`));
    assert.ok(!document.getText().includes(SECRET));
    assert.ok(!(await readText(vscode.Uri.joinPath(folder('leakguard-it'), '.env'))).includes(SECRET), 'and in no file');
    await diagnosticsWhen(uri, found => found.length === 0, 'no warning left');
  });

  it('follows edits line by line: a pasted secret is warned about after the pause, lines below keep their ranges', async () => {
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'typing.http');
    await writeText(uri, `GET https://api.konexus.com/v1/me\nAuthorization: Bearer ${TOKEN}\n`);
    const editor = await vscode.window.showTextDocument(uri);
    await diagnosticsWhen(uri, found => found.length === 1 && found[0]!.range.start.line === 1, 'the token warning');
    await editor.edit(edit => edit.insert(new vscode.Position(0, 0), `# pasted\n@clientSecret = ${SECRET}\n\n`));
    const after = await diagnosticsWhen(uri, found => found.length === 2, 'the secret warning too');
    assert.ok(sameRange(after.find(d => d.code === 'client_secret')!, rangeOf(editor.document, SECRET)));
    assert.ok(sameRange(after.find(d => d.code === 'jwt')!, rangeOf(editor.document, TOKEN)), 'the token moved down three lines');
    await editor.edit(edit => edit.replace(rangeOf(editor.document, SECRET), '{{$processEnv KONEXUS_CLIENT_SECRET}}'));
    await diagnosticsWhen(uri, found => found.length === 1 && found[0]!.code === 'jwt' && found[0]!.range.start.line === 4, 'the secret warning gone');
  });

  it('a .env in an embedded bare repository whose config names an fsmonitor command: opening it runs nothing', async () => {
    const markerFolder = mkdtempSync(join(tmpdir(), 'konexus-fsmonitor-'));
    const marker = join(markerFolder, 'marker');
    try {
      folders.push(folder('leakguard-planted'));
      const sub = plantEmbeddedBareRepository(join(folder('leakguard-planted').fsPath, 'sub'), marker);
      const envUri = vscode.Uri.file(join(sub, '.env'));
      // The workspace's own .gitignore lists .env; this one takes that back, so the file counts as exposed.
      await writeText(vscode.Uri.file(join(sub, '.gitignore')), '!.env\n');
      await writeText(envUri, `KONEXUS_CLIENT_SECRET=${SECRET}\nKONEXUS_TOKEN=${TOKEN}\n`);
      // Positive control, in this host's machine: plain git in that folder runs the command.
      plainGit(sub, 'check-ignore', '-q', '--', '.env');
      assert.ok(existsSync(marker), 'plain git did not run the planted command: the test is broken');
      rmSync(marker);

      await vscode.window.showTextDocument(envUri);
      // The warnings come once the ignore check has answered (git refuses the bare repository, and no
      // .gitignore lists the file, so it counts as one git would commit).
      await diagnosticsWhen(envUri, found => found.length === 2, 'the warnings in the planted .env');
      assert.equal(existsSync(marker), false, 'opening the .env ran the repository\'s fsmonitor command');
    } finally {
      rmSync(markerFolder, { recursive: true, force: true });
    }
  });

  it('a .env that git ignores gets no warning; one git would commit does, until the .gitignore fix', async () => {
    const text = `KONEXUS_CLIENT_ID=${CLIENT_ID}\nKONEXUS_CLIENT_SECRET=${SECRET}\nKONEXUS_TOKEN=${TOKEN}\n`;
    const ignored = vscode.Uri.joinPath(folder('leakguard-ignored'), '.env');
    const exposed = vscode.Uri.joinPath(folder('leakguard-git'), '.env');
    await writeText(ignored, text);
    await writeText(exposed, text);
    await vscode.workspace.openTextDocument(ignored);
    const document = await vscode.workspace.openTextDocument(exposed);
    const diagnostics = await diagnosticsWhen(exposed, found => found.length === 2, 'two warnings in the .env git would commit');
    assert.deepEqual(diagnostics.map(d => d.code), ['client_secret', 'jwt']);
    assert.ok(sameRange(diagnostics[0]!, rangeOf(document, SECRET)));
    // Both were asked about at the same time: git has answered for the ignored one too, which stays quiet.
    await new Promise(resolve => setTimeout(resolve, 1000));
    assert.deepEqual(konexusDiagnostics(ignored), []);

    const fixes = await quickFixes(exposed, rangeOf(document, TOKEN));
    assert.deepEqual(fixes.map(fix => [fix.title, fix.isPreferred]), [
      ['Add .env to .gitignore', true],
      ['Remove the token (let a Konexus profile provide tokens)', false],
    ]);
    const result = await apply(fixes[0]!);
    assert.deepEqual(result, { fixed: 'ignoreDotenv', gitignore: vscode.Uri.joinPath(folder('leakguard-git'), '.gitignore').toString(), status: 'ignored' });
    assert.equal(await readText(vscode.Uri.joinPath(folder('leakguard-git'), '.gitignore')), '.env\n');
    await diagnosticsWhen(exposed, found => found.length === 0, 'no warning once git ignores the file');
    assert.equal(document.getText(), text, 'the .env itself unchanged');
  });

  it('settings.json: a token and a secret in REST Client environments; the token fix removes the value', async () => {
    const settingsFolder = vscode.Uri.joinPath(folder('leakguard-it'), '.vscode');
    await vscode.workspace.fs.createDirectory(settingsFolder);
    const uri = vscode.Uri.joinPath(settingsFolder, 'settings.json');
    await writeText(uri, `{\n  "rest-client.environmentVariables": {\n    "dev": { "clientId": "${CLIENT_ID}", "clientSecret": "${SECRET}x", "token": "${TOKEN}" }\n  }\n}\n`);
    const document = await vscode.workspace.openTextDocument(uri);
    const diagnostics = await diagnosticsWhen(uri, found => found.length === 2, 'two warnings in settings');
    assert.deepEqual(diagnostics.map(d => d.code), ['client_secret', 'jwt']);
    assert.match(diagnostics[1]!.message, /stored in settings/);
    const [fix] = await quickFixes(uri, rangeOf(document, TOKEN));
    assert.equal(fix?.title, 'Remove the token from settings (let a Konexus profile provide tokens)');
    assert.deepEqual(await apply(fix!), { fixed: 'removeValue', replaced: 1 });
    assert.ok(document.getText().includes('"token": "" }'));
    await diagnosticsWhen(uri, found => found.length === 1 && found[0]!.code === 'client_secret', 'the secret warning only');
  });

  it('a 5 MB .http file is scanned once on open, then an edit costs its lines; a file over 10 MB is skipped', async function () {
    this.timeout(120_000);
    const block = `### Contacts\nGET https://api.konexus.com/v1/contacts?page=1\nAccept: application/json\nX-Trace: ${'a1'.repeat(30)}\n\n`;
    const large = (bytes: number) => `${block.repeat(Math.ceil(bytes / block.length))}GET https://api.konexus.com/v1/me\nAuthorization: Bearer ${TOKEN}\n`;
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'large.http');
    await writeText(uri, large(5 * 1024 * 1024));
    let started = Date.now();
    const document = await vscode.workspace.openTextDocument(uri);
    const openMs = Date.now() - started;
    started = Date.now();
    await diagnosticsWhen(uri, found => found.length === 1, 'the token at the end of 5 MB', 30_000);
    const scanMs = Date.now() - started;

    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), `client_secret=${SECRET}\n`);
    started = Date.now();
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await diagnosticsWhen(uri, found => found.length === 2, 'the pasted secret', 30_000);
    const editMs = Date.now() - started;
    assert.deepEqual(after.map(d => d.range.start.line), [0, document.lineCount - 2]);
    console.log(`      5 MB .http: opened in ${openMs} ms, then warnings in ${scanMs} ms; edit to updated warnings ${editMs} ms (300 ms of it the pause after typing)`);

    const huge = vscode.Uri.joinPath(folder('leakguard-it'), 'huge.http');
    await writeText(huge, large(10 * 1024 * 1024 + 1024));
    await vscode.workspace.openTextDocument(huge);
    await new Promise(resolve => setTimeout(resolve, 1500));
    assert.deepEqual(konexusDiagnostics(huge), [], 'over 10 MB: not scanned');
  });

  it('a fix for a place that changed says so instead of editing the wrong text', async () => {
    const uri = vscode.Uri.joinPath(folder('leakguard-it'), 'typing.http');
    const result = await vscode.commands.executeCommand<LeakFixResult>('konexus.leakGuard.fix', { fix: 'removeValue', uri: uri.toString(), line: 0, start: 0, end: 5, kind: 'jwt' });
    assert.ok('error' in result && result.error === 'invalid_request' && /changed since this warning/.test(result.message), JSON.stringify(result));
    const bad = await vscode.commands.executeCommand<LeakFixResult>('konexus.leakGuard.fix', { fix: 'nonsense' });
    assert.ok('error' in bad && bad.error === 'invalid_request');
  });
});
