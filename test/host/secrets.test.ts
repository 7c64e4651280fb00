/**
 * Secrets never leave SecretStorage: the whole flow through commands in the real host (add a profile with a
 * recognisable secret, refresh, inspect, insert a bearer header into a .http file in dotenv style, copy the
 * header, sign out), then every file under the host's user-data folder and the workspace is searched for
 * the secret and for every token the flow saw. The only files allowed to hold a token are the ones the user
 * asked for: the `.env` beside the `.http` file (and the `.http` file, which must hold no token either).
 *
 * In code-server the workbench's SecretStorage lives in the browser profile, not in the server's user-data
 * folder, so this search covers what the server side writes: settings, logs (the Konexus output channel
 * included), extension global/workspace state and storage. It does not look inside the browser profile.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../src/extension';
import { extensionApi, removeAllProfiles, waitFor } from './lib/extensionApi';
import { testEnv } from './lib/env';
import { IdpControl } from './lib/idpControl';
import { filesUnder, findNeedles, needleOf, userDataRoot } from './lib/userDataFiles';

const PROFILE = 'secrets-it';

describe('secrets never leave SecretStorage', function () {
  this.timeout(90_000);
  const env = testEnv();
  const idp = new IdpControl(env.idp.controlUrl);
  let api: KonexusExtensionApi;
  let folder: vscode.Uri;
  const secret = `kx-trust-secret-${randomBytes(12).toString('hex')}`;
  const clientId = `secrets-it-${randomBytes(4).toString('hex')}`;
  const seenTokens = new Set<string>();

  before(async () => {
    api = await extensionApi();
    await idp.reset();
    await removeAllProfiles(api);
    await idp.addClient({ clientId, clientSecret: secret });
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the test workspace is open');
    folder = vscode.Uri.joinPath(root, 'secrets-it');
    await vscode.workspace.fs.createDirectory(folder);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await removeAllProfiles(api);
    await idp.reset();
  });

  it('runs the whole flow through commands, then finds neither the secret nor any token in user data or workspace', async () => {
    let envBeforeSignOut = Buffer.alloc(0);
    const watch = api.services.tokens.onDidChange(event => {
      if (event.kind === 'token' && event.state.token) seenTokens.add(event.state.token.accessToken);
    });
    try {
      assert.equal(await vscode.commands.executeCommand('konexus.addProfile', { name: PROFILE, authority: env.idp.issuer, clientId, clientSecret: secret }), PROFILE);
      const first = await api.services.tokens.getToken(PROFILE);
      seenTokens.add(first.accessToken);
      await vscode.commands.executeCommand('konexus.refreshToken', { profile: PROFILE });
      await waitFor(api, async () => (await api.services.tokens.tokenState(PROFILE))?.status === 'valid', 'the refreshed token');
      const current = (await api.services.tokens.getToken(PROFILE)).accessToken;
      seenTokens.add(current);
      await vscode.commands.executeCommand('konexus.inspectCurrentToken');
      await vscode.commands.executeCommand('konexus.inspectToken', { token: current });

      const httpUri = vscode.Uri.joinPath(folder, 'api.http');
      const envUri = vscode.Uri.joinPath(folder, '.env');
      await vscode.workspace.fs.writeFile(httpUri, new TextEncoder().encode('### Me\nGET http://127.0.0.1:9/v1/me\nAccept: application/json\n'));
      const editor = await vscode.window.showTextDocument(httpUri, { preview: false });
      editor.selection = new vscode.Selection(1, 2, 1, 2);
      const inserted = await vscode.commands.executeCommand<Record<string, unknown>>('konexus.insertBearerHeader', {});
      assert.ok(inserted && !('error' in inserted), `insert failed: ${JSON.stringify(inserted)}`);
      await editor.document.save();
      await waitFor(api, () => existsSync(envUri.fsPath), 'the .env beside the .http file');
      const copied = await vscode.commands.executeCommand<unknown>('konexus.copyAuthorizationHeader', { profile: PROFILE });
      assert.ok(!(copied && typeof copied === 'object' && 'error' in copied), `copy failed: ${JSON.stringify(copied)}`);
      for (const state of [await api.services.tokens.tokenState(PROFILE)]) if (state?.token) seenTokens.add(state.token.accessToken);

      envBeforeSignOut = readFileSync(envUri.fsPath);
      await vscode.commands.executeCommand('konexus.signOut', { name: PROFILE });
      assert.equal(await api.services.tokens.hasSecret(PROFILE), false, 'sign-out deleted the secret');

      // The .http file holds the reference, never the token; the .env holds the token (the user asked for it).
      const httpText = readFileSync(httpUri.fsPath, 'utf8');
      assert.match(httpText, /\{\{\$dotenv KONEXUS_TOKEN\}\}/);
      for (const token of seenTokens) assert.ok(!httpText.includes(token), 'no token in the .http file');
      // Sign-out also removes the token the extension wrote into the managed .env (asynchronously).
      await waitFor(api, () => ![...seenTokens].some(token => readFileSync(envUri.fsPath, 'utf8').includes(token)), 'the .env to lose the token after sign-out');
      assert.doesNotMatch(readFileSync(envUri.fsPath, 'utf8'), /^KONEXUS_TOKEN=/m);
    } finally {
      watch.dispose();
    }

    // Let the log channel and the state databases flush to disk.
    await new Promise(resolve => setTimeout(resolve, 2_500));

    const context = api.context;
    const userData = userDataRoot(context.globalStorageUri.fsPath);
    const workspaceRoot = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const allowed = new Set([join(folder.fsPath, '.env'), join(folder.fsPath, 'api.http')]);
    const files = [
      ...filesUnder(userData, path => allowed.has(path)),
      ...(workspaceRoot.startsWith(userData) ? [] : filesUnder(workspaceRoot, path => allowed.has(path) || /[\\/]node_modules$/.test(path))),
    ];
    const needles = [
      needleOf('the client secret', secret),
      ...[...seenTokens].map((token, i) => {
        const signature = token.split('.')[2]!;
        return { what: `token #${i + 1}`, bytes: [Buffer.from(token, 'utf8'), Buffer.from(signature, 'utf8'), Buffer.from(signature, 'utf16le')] };
      }),
    ];
    assert.ok(seenTokens.size >= 2, `the flow saw ${seenTokens.size} tokens`);
    const { hits, bytes } = findNeedles(files, needles, userData);
    // Positive control: the same search finds the token in the .env the user asked for, so zero hits above mean something.
    assert.ok(needles.some(n => n.bytes.some(b => envBeforeSignOut.includes(b))), 'the search finds the token in the managed .env');
    console.log(`      searched ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB under ${userData} and ${workspaceRoot} for the secret and ${seenTokens.size} tokens: ${hits.length} hits`);
    assert.deepEqual(hits, []);

    // The Konexus log: no raw token, no JWT-shaped text at all; redacted forms only.
    const logs = filesUnder(context.logUri.fsPath, () => false).filter(f => /konexus/i.test(f) && f.endsWith('.log'));
    assert.ok(logs.length > 0, `a Konexus log under ${context.logUri.fsPath}`);
    const logText = logs.map(f => readFileSync(f, 'utf8')).join('\n');
    assert.doesNotMatch(logText, /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{8,}/, 'no JWT in the log');
    assert.ok(!logText.includes(secret));
    const redacted = logText.match(/<jwt [^>]*>/g)?.length ?? 0;
    console.log(`      Konexus log: ${logs.length} file(s), ${logText.length} chars, ${redacted} redacted token form(s), no raw token or secret`);
  });
});
