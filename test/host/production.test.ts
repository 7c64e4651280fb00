/**
 * Production guard rails in a real extension host: a production profile says so in the status
 * bar and the Accounts label, and its token does not leave the extension without the once-per-window modal,
 * which the test workbench refuses. The local identity server is http://127.0.0.1, so the profile is one
 * the user marked `production: true`.
 */
import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../src/extension';
import { extensionApi, removeAllProfiles, waitFor } from './lib/extensionApi';
import { testEnv } from './lib/env';

const SENTINEL = 'clipboard before the production test';

/** What the token helper's server answers (the protocol of src/core/tokenIpc.ts), without a terminal. */
function askHelper(path: string, nonce: string): Promise<{ token?: string; error?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let text = '';
    socket.on('data', chunk => { text += chunk.toString('utf8'); });
    socket.on('end', () => { try { resolve(JSON.parse(text) as { token?: string; error?: string }); } catch (error) { reject(error); } });
    socket.on('error', reject);
    socket.write(`${JSON.stringify({ nonce })}\n`);
  });
}

describe('production guard rails', function () {
  this.timeout(60_000);
  const env = testEnv();
  const profile = 'prod-it';
  let api: KonexusExtensionApi;
  let folder: vscode.Uri;

  before(async () => {
    api = await extensionApi();
    await removeAllProfiles(api);
    const added = await vscode.commands.executeCommand('konexus.addProfile', {
      name: profile, authority: env.idp.issuer, clientId: env.idp.client.clientId, clientSecret: env.idp.client.clientSecret, production: true,
    });
    assert.equal(added, profile);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the test workspace is open');
    folder = vscode.Uri.joinPath(root, 'production-it');
    await vscode.workspace.fs.createDirectory(folder);
  });

  after(async () => {
    for (const document of vscode.workspace.textDocuments.filter(doc => doc.isDirty && /production-it/.test(doc.uri.path))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await removeAllProfiles(api);
  });

  it('says PRODUCTION in the status bar and the Accounts label', async () => {
    await api.statusBar.render();
    await waitFor(api, () => /^\$\(flame\) Konexus · prod-it · PRODUCTION · (?:\d+h )?\d+m$/.test(api.statusBar.snapshot.text), 'the status bar to say PRODUCTION');
    assert.equal(api.statusBar.snapshot.production, true);
    assert.equal(api.statusBar.snapshot.severity, 'normal');
    const [session] = await api.authProvider.getSessions([`profile:${profile}`]);
    assert.equal(session?.account.label, `${profile} (${new URL(env.idp.issuer).host}) · production`);
  });

  it('Mark Profile as Production marks a profile; unmarking asks in a modal (refused here), even with an argument', async () => {
    assert.equal(await vscode.commands.executeCommand('konexus.addProfile', {
      name: 'plain-it', authority: env.idp.issuer, clientId: env.idp.client.clientId, clientSecret: env.idp.client.clientSecret, fetchToken: false, activate: false,
    }), 'plain-it');
    assert.equal(api.services.tokens.profile('plain-it')?.production, undefined);
    assert.equal(await vscode.commands.executeCommand('konexus.markProduction', { name: 'plain-it', production: true }), true);
    assert.equal(api.services.tokens.profile('plain-it')?.production, true);
    assert.equal(await vscode.commands.executeCommand('konexus.markProduction', { name: 'plain-it', production: false }), undefined);
    assert.equal(api.services.tokens.profile('plain-it')?.production, true, 'still marked: the modal was not confirmed');
    await vscode.commands.executeCommand('konexus.removeProfile', { name: 'plain-it' });
    await vscode.commands.executeCommand('konexus.selectProfile', { name: profile });
  });

  it('refuses to copy the token or the header without the confirmation, and leaves the clipboard alone', async () => {
    for (const command of ['konexus.copyToken', 'konexus.copyAuthorizationHeader']) {
      await vscode.env.clipboard.writeText(SENTINEL);
      const result = await vscode.commands.executeCommand<{ error?: string; message?: string }>(command, { profile });
      assert.equal(result?.error, 'production_not_confirmed', command);
      assert.match(result?.message ?? '', /production profile "prod-it"/);
      assert.equal(await vscode.env.clipboard.readText(), SENTINEL, `${command} left the clipboard alone`);
    }
  });

  it('copies when the caller passes confirmProduction: true (acting deliberately)', async () => {
    await vscode.env.clipboard.writeText(SENTINEL);
    assert.equal(await vscode.commands.executeCommand('konexus.copyToken', { profile, confirmProduction: true }), true);
    assert.equal(await vscode.env.clipboard.readText(), (await api.services.tokens.getToken(profile)).accessToken);
  });

  it('copy curl holds no token and needs no confirmation', async () => {
    const curl = await vscode.commands.executeCommand<string>('konexus.copyCurl', { profile });
    assert.equal(typeof curl, 'string');
    assert.match(curl, /KONEXUS_CLIENT_SECRET/);
  });

  it('Insert Bearer Header writes neither the .env nor the document without the confirmation', async () => {
    const uri = vscode.Uri.joinPath(folder, 'api.http');
    const envUri = vscode.Uri.joinPath(folder, '.env');
    const text = '### Me\nGET http://127.0.0.1:9/v1/me\nAccept: application/json\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    for (const style of ['dotenv', 'literal', 'fileVariable']) {
      const result = await vscode.commands.executeCommand<{ error?: string }>('konexus.insertBearerHeader', { profile, style, uri: uri.toString(), line: 1 });
      assert.equal(result?.error, 'production_not_confirmed', style);
      assert.equal(editor.document.getText(), text, `${style}: the document is unchanged`);
    }
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(envUri)), 'no .env was written');
    const done = await vscode.commands.executeCommand<{ edited?: number; error?: string }>('konexus.insertBearerHeader', { profile, style: 'literal', uri: uri.toString(), line: 1, confirmProduction: true });
    assert.equal(done?.edited, 1, JSON.stringify(done));
    assert.ok(editor.document.getText().includes((await api.services.tokens.getToken(profile)).accessToken));
  });

  it('background upkeep does not write a new production token into a .env not confirmed in this window', async () => {
    const dir = vscode.Uri.joinPath(folder, 'kept');
    await vscode.workspace.fs.createDirectory(dir);
    const uri = vscode.Uri.joinPath(dir, 'api.http');
    const envUri = vscode.Uri.joinPath(dir, '.env');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('### Me\nGET http://127.0.0.1:9/v1/me\n'));
    await vscode.workspace.fs.writeFile(envUri, new TextEncoder().encode('A=1\n'));
    // A caller acting deliberately writes it once; that is not a confirmation for later background writes.
    const done = await vscode.commands.executeCommand<{ dotenv?: string }>('konexus.insertBearerHeader', { profile, style: 'dotenv', uri: uri.toString(), line: 1, confirmProduction: true });
    assert.equal(done?.dotenv, 'updated', JSON.stringify(done));
    const read = async () => /^KONEXUS_TOKEN=(.*)$/m.exec(new TextDecoder().decode(await vscode.workspace.fs.readFile(envUri)))?.[1];
    const first = await read();
    assert.equal(first, (await api.services.tokens.getToken(profile)).accessToken);
    // Watch the upkeep ask the gate, so the test knows it ran (and was refused) before looking at the file.
    const gate = api.production;
    const asked: Array<{ destination: string; released: boolean }> = [];
    const released = gate.released.bind(gate);
    gate.released = (p, destination, target) => {
      const answer = released(p, destination, target);
      asked.push({ destination, released: answer });
      return answer;
    };
    try {
      await vscode.commands.executeCommand('konexus.refreshToken', { profile });
      assert.notEqual((await api.services.tokens.getToken(profile)).accessToken, first);
      await waitFor(api, () => asked.some(a => a.destination === 'dotenv' && !a.released), 'the upkeep to ask for the .env');
      assert.equal(await read(), first, 'the refreshed production token was not written in the background');
      // Positive control: with the confirmation turned off, the same upkeep writes the next token.
      await vscode.workspace.getConfiguration('konexus').update('production.confirmTokenUse', false, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('konexus.refreshToken', { profile });
      const third = (await api.services.tokens.getToken(profile)).accessToken;
      await waitFor(api, async () => (await read()) === third, 'the .env to get the token once the confirmation is off');
    } finally {
      gate.released = released;
      await vscode.workspace.getConfiguration('konexus').update('production.confirmTokenUse', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  (process.platform === 'win32' ? it.skip : it)('terminals: KONEXUS_TOKEN stays unset and KONEXUS_TOKEN_CMD refuses without the confirmation', async () => {
    const variable = (name: string) => api.context.environmentVariableCollection.get(name)?.value;
    const setting = (value: boolean | undefined) => vscode.workspace.getConfiguration('konexus').update('terminal.injectToken', value, vscode.ConfigurationTarget.Global);
    try {
      await setting(true);
      await api.terminal.apply();
      await waitFor(api, () => variable('KONEXUS_TOKEN_CMD') !== undefined, 'the helper in the collection');
      assert.ok((await api.services.tokens.tokenState(profile))?.token, 'the profile has a valid token');
      assert.equal(variable('KONEXUS_TOKEN'), undefined, 'no production token in new terminals');
      assert.equal(variable('KONEXUS_AUTHORITY'), undefined);
      const answer = await askHelper(variable('KONEXUS_TOKEN_IPC')!, variable('KONEXUS_TOKEN_IPC_NONCE')!);
      assert.equal(answer.token, undefined);
      assert.match(answer.error ?? '', /production profile "prod-it"/);
    } finally {
      await setting(undefined);
      await waitFor(api, () => variable('KONEXUS_TOKEN_CMD') === undefined, 'the setting to go off');
    }
  });
});
