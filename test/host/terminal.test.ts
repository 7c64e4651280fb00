/**
 * `konexus.terminal.injectToken`: the extension's EnvironmentVariableCollection follows the active profile's
 * token, and a real terminal of this window gets it, and gets the current one from KONEXUS_TOKEN_CMD later.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../src/extension';
import { extensionApi, removeAllProfiles, waitFor } from './lib/extensionApi';
import { testEnv } from './lib/env';
import { IdpControl } from './lib/idpControl';

describe('terminal token (konexus.terminal.injectToken)', function () {
  this.timeout(60_000);
  const env = testEnv();
  const idp = new IdpControl(env.idp.controlUrl);
  let api: KonexusExtensionApi;
  const variable = (name: string) => api.context.environmentVariableCollection.get(name)?.value;
  const currentToken = async () => (await api.services.tokens.tokenState('it-terminal'))?.token?.accessToken;
  const setting = (value: boolean | undefined) => vscode.workspace.getConfiguration('konexus').update('terminal.injectToken', value, vscode.ConfigurationTarget.Global);
  const addProfile = () => vscode.commands.executeCommand<unknown>('konexus.addProfile', {
    name: 'it-terminal', authority: env.idp.issuer, clientId: env.idp.client.clientId, clientSecret: env.idp.client.clientSecret,
  });

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(async () => {
    await idp.reset();
    await removeAllProfiles(api);
  });
  afterEach(async () => {
    await setting(undefined);
    await waitFor(api, () => variable('KONEXUS_TOKEN_CMD') === undefined, 'the setting to go off');
  });
  after(async () => {
    await removeAllProfiles(api);
    await idp.reset();
  });

  it('is off by default: no variable in new terminals', async () => {
    await addProfile();
    await api.terminal.apply();
    assert.equal(variable('KONEXUS_TOKEN'), undefined);
    assert.equal(variable('KONEXUS_TOKEN_CMD'), undefined);
  });

  it('holds the current token, replaces it on refresh, removes it on sign-out and when turned off', async () => {
    await addProfile();
    await setting(true);
    await waitFor(api, async () => variable('KONEXUS_TOKEN') !== undefined && variable('KONEXUS_TOKEN') === await currentToken(), 'the token in the collection');
    const collection = api.context.environmentVariableCollection;
    assert.equal(collection.persistent, false, 'a reload must not bring back a stale token');
    assert.match(String(collection.description), /KONEXUS_TOKEN_CMD/);
    assert.equal(variable('KONEXUS_AUTHORITY'), api.services.tokens.activeProfile()?.authority);
    const first = variable('KONEXUS_TOKEN');
    const requests = (await idp.requests()).filter(r => r.path === '/connect/token').length;

    await vscode.commands.executeCommand('konexus.refreshToken', { profile: 'it-terminal' });
    await waitFor(api, () => variable('KONEXUS_TOKEN') !== first, 'the refreshed token in the collection');
    assert.equal(variable('KONEXUS_TOKEN'), await currentToken());
    assert.equal((await idp.requests()).filter(r => r.path === '/connect/token').length, requests + 1, 'the refresh asked once; the terminal feature asked nothing');

    await vscode.commands.executeCommand('konexus.signOut', { name: 'it-terminal' });
    await waitFor(api, () => variable('KONEXUS_TOKEN') === undefined, 'the token removed after sign-out');
    assert.equal(variable('KONEXUS_AUTHORITY'), undefined);
    const socket = variable('KONEXUS_TOKEN_IPC');
    assert.ok(socket && variable('KONEXUS_TOKEN_CMD'), 'the helper stays: it answers with an error now');

    await setting(false);
    await waitFor(api, () => variable('KONEXUS_TOKEN_CMD') === undefined, 'the helper removed when the setting goes off');
    assert.equal(variable('KONEXUS_TOKEN_IPC'), undefined);
    if (process.platform !== 'win32') await waitFor(api, () => !existsSync(socket), 'the socket closed');
  });

  (process.platform === 'win32' ? it.skip : it)('a real terminal gets KONEXUS_TOKEN, and KONEXUS_TOKEN_CMD prints the token current later', async () => {
    await addProfile();
    await setting(true);
    await waitFor(api, async () => variable('KONEXUS_TOKEN') !== undefined && variable('KONEXUS_TOKEN') === await currentToken(), 'the token in the collection');
    const started = variable('KONEXUS_TOKEN')!;
    const dir = mkdtempSync(join(tmpdir(), 'konexus-terminal-test-'));
    const atStart = join(dir, 'at-start');
    const go = join(dir, 'go');
    const later = join(dir, 'later');
    // The shell records the variable it started with, waits for `go`, then asks the helper.
    const script = `printf '%s\\n' "$KONEXUS_TOKEN" > '${atStart}.tmp' && mv '${atStart}.tmp' '${atStart}'; `
      + `while [ ! -e '${go}' ]; do sleep 0.1; done; `
      + `eval "$KONEXUS_TOKEN_CMD" > '${later}.tmp' 2>&1; mv '${later}.tmp' '${later}'`;
    const terminal = vscode.window.createTerminal({ name: 'konexus-terminal-test', shellPath: '/bin/sh', shellArgs: ['-c', script] });
    try {
      await waitFor(api, () => existsSync(atStart), 'the terminal to start', 30_000);
      assert.equal(readFileSync(atStart, 'utf8'), `${started}\n`, 'the terminal started with the current token');
      await vscode.commands.executeCommand('konexus.refreshToken', { profile: 'it-terminal' });
      await waitFor(api, () => variable('KONEXUS_TOKEN') !== started, 'the refreshed token');
      writeFileSync(go, '');
      await waitFor(api, () => existsSync(later), 'the helper to answer', 30_000);
      const fresh = await currentToken();
      assert.notEqual(fresh, started);
      assert.equal(readFileSync(later, 'utf8'), `${fresh}\n`, 'the helper printed the token current now, not the one the shell started with');
    } finally {
      terminal.dispose();
      rmSync(dir, { recursive: true, force: true }); // token copies: none may stay on disk
    }
  });
});
