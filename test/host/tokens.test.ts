/**
 * Profiles, tokens, the status bar and the `konexus` authentication provider, in a real extension host,
 * against the harness's Konexus-shaped identity server and the independent oidc-provider peer.
 */
import * as assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../src/extension';
import { cleanSlateHooks, extensionApi, removeAllProfiles, waitFor } from './lib/extensionApi';
import { testEnv } from './lib/env';
import { IdpControl } from './lib/idpControl';

describe('profiles and tokens', function () {
  this.timeout(60_000);
  const env = testEnv();
  const idp = new IdpControl(env.idp.controlUrl);
  let api: KonexusExtensionApi;
  const tokenRequests = async () => (await idp.requests()).filter(r => r.path === '/connect/token').length;

  cleanSlateHooks(idp, value => { api = value; });

  const addDemo = (extra: Record<string, unknown> = {}) => vscode.commands.executeCommand<unknown>('konexus.addProfile', {
    name: 'it-demo', authority: env.idp.issuer, clientId: env.idp.client.clientId, clientSecret: env.idp.client.clientSecret, ...extra,
  });

  it('adds a profile from a command argument and gets a token that verifies against the JWKS', async () => {
    assert.equal(await addDemo(), 'it-demo');
    const token = await api.services.tokens.getToken('it-demo');
    const { payload, protectedHeader } = await jwtVerify(token.accessToken, createRemoteJWKSet(new URL(env.idp.jwksUri)), {
      issuer: env.idp.issuer, audience: 'tamarack', typ: 'at+jwt',
    });
    assert.equal(protectedHeader.kid, await idp.currentKid());
    assert.equal(payload.client_id, env.idp.client.clientId);
    assert.equal(await tokenRequests(), 1, 'addProfile fetched once; getToken reused it');
  });

  it('shows the profile and time left in the status bar', async () => {
    await addDemo();
    await waitFor(api, () => /Konexus · it-demo · (?:\d+h )?\d+m/.test(api.statusBar.snapshot.text), 'the status bar to show the token');
    assert.equal(api.statusBar.snapshot.severity, 'normal');
    assert.match(api.statusBar.snapshot.text, /· 59m|· 60m|· 1h 00m/);
  });

  it('refreshes a short-lived token before it expires, by itself', async () => {
    await idp.setLifetime(5);
    await addDemo();
    const first = (await api.services.tokens.getToken('it-demo')).accessToken;
    // 80% of 5 s: the manager asks again after 4 s without anyone calling getToken.
    await waitFor(api, async () => (await api.services.tokens.tokenState('it-demo'))?.token?.accessToken !== first, 'the scheduled refresh', 15_000);
    const second = (await api.services.tokens.tokenState('it-demo'))!.token!;
    assert.ok(decodeJwt(second.accessToken).iat! >= decodeJwt(first).iat!);
    assert.ok(second.expiresAt > Date.now(), 'the new token is valid');
  });

  it('names a wrong secret, returns it to the caller, and turns the status bar red', async () => {
    const result = await addDemo({ clientSecret: 'definitely-wrong-secret', fetchToken: true }) as { error?: string; message?: string };
    assert.equal(result.error, 'invalid_client');
    assert.match(result.message!, /rejected the client id .* or its secret/);
    assert.ok(!result.message!.includes('definitely-wrong-secret'));
    await waitFor(api, () => api.statusBar.snapshot.severity === 'error', 'the error colour');
    assert.match(api.statusBar.snapshot.text, /failed/);
  });

  it('keeps the last valid token while the server fails, and recovers', async () => {
    await addDemo();
    const before = (await api.services.tokens.getToken('it-demo')).accessToken;
    await idp.setFault('token', '500', { times: 1 });
    const failed = await vscode.commands.executeCommand<{ error?: string }>('konexus.refreshToken', { profile: 'it-demo' });
    assert.equal(failed?.error, 'server_error');
    assert.equal((await api.services.tokens.getToken('it-demo')).accessToken, before, 'the old token is still handed out');
    await waitFor(api, () => api.statusBar.snapshot.severity === 'warning', 'the warning colour');
    const ok = await vscode.commands.executeCommand<{ expiresAt?: number }>('konexus.refreshToken', { profile: 'it-demo' });
    assert.ok(ok?.expiresAt && ok.expiresAt > Date.now());
    await waitFor(api, () => api.statusBar.snapshot.severity === 'normal', 'recovery');
  });

  it('copies the Authorization header, and a curl request that holds no secret', async () => {
    await addDemo();
    await vscode.commands.executeCommand('konexus.copyAuthorizationHeader');
    const token = (await api.services.tokens.getToken('it-demo')).accessToken;
    assert.equal(await vscode.env.clipboard.readText(), `Authorization: Bearer ${token}`);
    const curl = await vscode.commands.executeCommand<string>('konexus.copyCurl');
    assert.match(curl, /curl -sS -X POST '.*\/connect\/token'/);
    assert.match(curl, /client_secret=\$KONEXUS_CLIENT_SECRET/);
    assert.ok(!curl.includes(env.idp.client.clientSecret));
    await vscode.env.clipboard.writeText('');
  });

  it('switches, signs out and removes profiles; SecretStorage forgets the secret', async () => {
    await addDemo();
    await addDemo({ name: 'it-second', fetchToken: false });
    assert.equal(api.services.tokens.activeProfile()?.name, 'it-second');
    assert.equal(await vscode.commands.executeCommand('konexus.selectProfile', { name: 'it-demo' }), 'it-demo');
    assert.equal(api.services.tokens.activeProfile()?.name, 'it-demo');
    await vscode.commands.executeCommand('konexus.signOut', { name: 'it-demo' });
    // it-second shares the credential (same authority + client id), so the secret must stay for it.
    assert.equal(await api.services.tokens.hasSecret('it-second'), true);
    await vscode.commands.executeCommand('konexus.removeProfile', { name: 'it-second' });
    await vscode.commands.executeCommand('konexus.removeProfile', { name: 'it-demo' });
    assert.deepEqual(api.services.tokens.profiles(), []);
    assert.equal(await api.context.secrets.get(`konexus.clientSecret|${env.idp.issuer}|${env.idp.client.clientId}`), undefined);
    await waitFor(api, () => api.statusBar.snapshot.text.includes('Add Profile'), 'the no-profile status');
  });

  it('acts on the profile clicked in the Profiles view, not the active one (VS Code passes the view item)', async () => {
    await addDemo();
    await addDemo({ name: 'it-second', fetchToken: false });
    assert.equal(api.services.tokens.activeProfile()?.name, 'it-second');
    const viewItem = (name: string) => ({ kind: 'profile', profile: api.services.tokens.profile(name) });
    const refreshed = await vscode.commands.executeCommand<{ profile: string } | undefined>('konexus.refreshToken', viewItem('it-demo'));
    assert.equal(refreshed?.profile, 'it-demo');
    // Without a name it would ask with a QuickPick, which nobody answers here: the test would time out.
    assert.equal(await vscode.commands.executeCommand('konexus.selectProfile', viewItem('it-demo')), 'it-demo');
    assert.equal(api.services.tokens.activeProfile()?.name, 'it-demo');
  });

  it('says "signed out" after sign-out, and Update Client Secret checks the new secret at once', async () => {
    await addDemo();
    await vscode.commands.executeCommand('konexus.signOut', { name: 'it-demo' });
    await waitFor(api, () => /Konexus · it-demo · signed out/.test(api.statusBar.snapshot.text), 'the signed-out status');
    const wrong = await vscode.commands.executeCommand<{ error?: string; message?: string }>('konexus.updateSecret', { name: 'it-demo', clientSecret: 'still-wrong-secret' });
    assert.equal(wrong?.error, 'invalid_client', 'the wrong secret is named at once');
    assert.ok(!wrong?.message?.includes('still-wrong-secret'));
    // A different secret given as an argument replaces the stored one only after a modal confirmation: the
    // test-mode workbench refuses dialogs, which replaces nothing. (Signed out, nothing is stored: no question.)
    const key = `konexus.clientSecret|${env.idp.issuer}|${env.idp.client.clientId}`;
    assert.equal(await vscode.commands.executeCommand('konexus.updateSecret', { name: 'it-demo', clientSecret: env.idp.client.clientSecret }), false);
    assert.equal(await api.context.secrets.get(key), 'still-wrong-secret', 'the refused confirmation changed nothing');
    await vscode.commands.executeCommand('konexus.signOut', { name: 'it-demo' });
    const requestsBefore = await tokenRequests();
    assert.equal(await vscode.commands.executeCommand('konexus.updateSecret', { name: 'it-demo', clientSecret: env.idp.client.clientSecret }), true);
    assert.equal(await tokenRequests(), requestsBefore + 1, 'one token request checked the new secret');
    await waitFor(api, () => /Konexus · it-demo · (?:\d+h )?\d+m/.test(api.statusBar.snapshot.text), 'the token in the status bar');
  });

  it('another secret for a stored authority + client id, from a command argument: confirmed first; refused, nothing changes', async () => {
    await addDemo({ fetchToken: false });
    const key = `konexus.clientSecret|${env.idp.issuer}|${env.idp.client.clientId}`;
    const added = await addDemo({ name: 'it-overwrite', clientSecret: 'not-the-real-secret', fetchToken: false });
    assert.equal(added, undefined, 'cancelled: the test-mode workbench refuses the confirmation');
    assert.deepEqual(api.services.tokens.profiles().map(p => p.name), ['it-demo']);
    assert.equal(await api.context.secrets.get(key), env.idp.client.clientSecret, 'the stored secret is unchanged');
    // The same secret replaces nothing: no question, the profile is added.
    assert.equal(await addDemo({ name: 'it-same', fetchToken: false }), 'it-same');
  });

  it('rejects bad command arguments with a message, not an exception', async () => {
    const result = await vscode.commands.executeCommand<{ error?: string; message?: string }>('konexus.addProfile', {
      name: 'x', authority: 'http://auth.example.com', clientId: 'c', clientSecret: 's',
    });
    assert.equal(result?.error, 'insecure_url');
    assert.match(result!.message!, /plain http/);
    const unknown = await vscode.commands.executeCommand<{ error?: string }>('konexus.refreshToken', { profile: 'nope' });
    assert.equal(unknown?.error, 'unknown_profile');
  });
});

describe('the konexus authentication provider', function () {
  this.timeout(60_000);
  const env = testEnv();
  let api: KonexusExtensionApi;

  before(async () => {
    api = await extensionApi();
    await removeAllProfiles(api);
  });
  after(() => removeAllProfiles(api));

  it('is registered under the id konexus', () => {
    assert.ok(vscode.authentication);
    assert.equal(typeof api.authProvider.getSessions, 'function');
  });

  it('hands out sessions with a valid access token: plain scopes the active profile alone, profile:<name> and account one profile', async () => {
    await vscode.commands.executeCommand('konexus.addProfile', { name: 'auth-konexus', authority: env.idp.issuer, ...env.idp.client });
    await vscode.commands.executeCommand('konexus.addProfile', { name: 'auth-peer', authority: env.peer.issuer, ...env.peer.basic, clientAuthMethod: 'client_secret_basic' });
    await vscode.commands.executeCommand('konexus.selectProfile', { name: 'auth-konexus' });
    // VS Code's doGetSession hands a silent caller a session only when exactly one matches.
    assert.deepEqual((await api.authProvider.getSessions(['tamarack'])).map(s => s.id), ['auth-konexus']);
    const [konexus] = await api.authProvider.getSessions(['profile:auth-konexus']);
    assert.equal(konexus?.account.label, `auth-konexus (${new URL(env.idp.issuer).host})`);
    await jwtVerify(konexus!.accessToken, createRemoteJWKSet(new URL(env.idp.jwksUri)), { issuer: env.idp.issuer, audience: 'tamarack' });
    const [peer] = await api.authProvider.getSessions(['profile:auth-peer']);
    await jwtVerify(peer!.accessToken, createRemoteJWKSet(new URL(`${env.peer.issuer}/jwks`)), { issuer: env.peer.issuer, audience: 'tamarack' });
    assert.notEqual(peer!.account.id, konexus!.account.id);
    const [byAccount] = await api.authProvider.getSessions(['tamarack'], { account: peer!.account });
    assert.equal(byAccount?.id, 'auth-peer', 'the account picks its profile, whichever is active');
    assert.deepEqual(await api.authProvider.getSessions(['openid']), []);
    assert.deepEqual(await api.authProvider.getSessions(['profile:auth-konexus', 'profile:auth-peer']), []);
  });

  it('createSession (forceNewSession, a caller refused its token) fetches a new token for the selected account', async () => {
    const idp = new IdpControl(env.idp.controlUrl);
    const [before] = await api.authProvider.getSessions(['tamarack']);
    assert.equal(before?.id, 'auth-konexus');
    await idp.clearRequests();
    // Announcements come once per burst of token events, 16 ms after it: the previous test's new token of another
    // profile may be announced in the same event. The event must name this account.
    const changed = new Promise<string[]>(resolve => {
      const subscription = api.authProvider.onDidChangeSessions(e => {
        const ids = (e.changed ?? []).map(s => s.id);
        if (ids.includes('auth-konexus')) { subscription.dispose(); resolve(ids); }
      });
    });
    const created = await api.authProvider.createSession(['tamarack'], { account: before!.account });
    assert.equal(created.id, 'auth-konexus');
    assert.notEqual(created.accessToken, before!.accessToken, 'a new token');
    assert.equal((await idp.requests()).filter(r => r.method === 'POST' && r.path.endsWith('/token')).length, 1, 'one token request');
    assert.ok((await changed).includes('auth-konexus'));
    const [after] = await api.authProvider.getSessions(['tamarack']);
    assert.equal(after?.accessToken, created.accessToken, 'and it is the one handed out after');
  });

  it('another extension asking VS Code: silent gets nothing before consent, createIfNone asks for consent', async () => {
    // The consumer extension (test/consumer-extension) has not been allowed this provider's accounts. In the
    // host suite the workbench refuses every modal dialog (the consent prompt included): the UI suite clicks Allow.
    const silent = await vscode.commands.executeCommand<{ session: boolean; error?: string }>('konexus-consumer.getSession', ['tamarack'], { silent: true });
    assert.deepEqual(silent, { session: false });
    const asked = await vscode.commands.executeCommand<{ session: boolean; error?: string }>('konexus-consumer.getSession', ['tamarack'], { createIfNone: true });
    assert.equal(asked.session, false);
    assert.match(asked.error ?? '', /dialog/i, 'the consent prompt was raised');
    const accounts = await vscode.commands.executeCommand<{ id: string; label: string }[]>('konexus-consumer.getAccounts');
    assert.ok(accounts.some(a => a.label === `auth-konexus (${new URL(env.idp.issuer).host})`), JSON.stringify(accounts));
  });

  it('announces sign-out as a removed session and stops listing it', async () => {
    const removed = new Promise<string[]>(resolve => {
      const subscription = api.authProvider.onDidChangeSessions(e => {
        if (e.removed?.length) { subscription.dispose(); resolve(e.removed.map(s => s.id)); }
      });
    });
    await api.authProvider.removeSession('auth-peer');
    assert.deepEqual(await removed, ['auth-peer']);
    assert.deepEqual((await api.authProvider.getSessions(undefined)).map(s => s.id), ['auth-konexus']);
  });

  it('lists accounts (no scopes, as the workbench does at start-up) without a request; asked with scopes, fetches', async () => {
    const idp = new IdpControl(env.idp.controlUrl);
    await vscode.commands.executeCommand('konexus.addProfile', { name: 'auth-lazy', authority: env.idp.issuer, ...env.idp.client, fetchToken: false });
    await idp.clearRequests();
    const listed = await api.authProvider.getSessions(undefined);
    assert.ok(!listed.some(s => s.id === 'auth-lazy'), 'a profile without a token at hand is not listed');
    assert.deepEqual(await idp.requests(), [], 'listing accounts sent nothing');
    const [asked] = await api.authProvider.getSessions(['profile:auth-lazy']);
    assert.ok(asked?.accessToken, 'an extension asking with scopes gets a token fetched');
    assert.ok((await api.authProvider.getSessions(undefined)).some(s => s.id === 'auth-lazy'), 'then it is listed');
  });

  it('createSession fails in words: what VS Code passes on to the extension that asked is the sentence, not the code', async () => {
    await vscode.commands.executeCommand('konexus.addProfile', { name: 'auth-refused', authority: env.idp.issuer, clientId: 'it-no-such-client', clientSecret: 'it-not-the-secret', fetchToken: false });
    try {
      await assert.rejects(api.authProvider.createSession(['profile:auth-refused']), (error: Error) => {
        assert.match(error.message, /rejected the client id "it-no-such-client" or its secret \(invalid_client\)\. .*store the secret again\.$/);
        assert.equal(error.name, 'KonexusError');
        assert.ok(!error.message.includes('it-not-the-secret'));
        return true;
      });
    } finally {
      await vscode.commands.executeCommand('konexus.removeProfile', { name: 'auth-refused' });
    }
  });
});
