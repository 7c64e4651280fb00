/**
 * The request budget as the identity server's operator sees it, in the real extension host:
 * the bundled server's counters per client and scope, 10 s and 30 s tokens, several profiles (some sharing a
 * client), a wrong secret, and everything that asks for tokens running: the status bar, CodeLenses and hovers
 * redrawn, a session asked for through the provider, kept `.env` upkeep. Two real idle minutes: the point is
 * what the extension sends while nobody does anything; no test here waits for an expiry it could fake.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../src/extension';
import type { TokenRequestCount } from '../idp/konexusIdp';
import { testEnv } from './lib/env';
import { cleanSlateHooks, waitFor } from './lib/extensionApi';
import { IdpControl } from './lib/idpControl';

const IDLE_SECONDS = 120;
const bound = (lifetimeSeconds: number) => Math.ceil(IDLE_SECONDS / (0.8 * lifetimeSeconds)) + 1;
const count = (counts: TokenRequestCount[], clientId: string, scope: string, what: 'issued' | 'refused' | 'failed' = 'issued') =>
  counts.filter(c => c.clientId === clientId && c.scope === scope).reduce((sum, c) => sum + c[what], 0);

describe('request budget: what the identity server sees', function () {
  this.timeout((IDLE_SECONDS + 90) * 1000);
  const env = testEnv();
  const idp = new IdpControl(env.idp.controlUrl);
  let api: KonexusExtensionApi;

  cleanSlateHooks(idp, value => { api = value; });

  const add = (name: string, clientId: string, clientSecret: string, scope = 'tamarack') =>
    vscode.commands.executeCommand<unknown>('konexus.addProfile', { name, authority: env.idp.issuer, clientId, clientSecret, scope, fetchToken: false });

  it(`sends at most ceil(${IDLE_SECONDS} / (0.8 × lifetime)) + 1 requests per profile over ${IDLE_SECONDS / 60} idle minutes, and a wrong secret once`, async () => {
    await idp.addClient({ clientId: 'budget-short', clientSecret: 'budget-short-secret-0123', lifetimeSeconds: 10 });
    await idp.addClient({ clientId: 'budget-mid', clientSecret: 'budget-mid-secret-0123', scopes: ['tamarack', 'tamarack.read'], lifetimeSeconds: 30 });
    await idp.addClient({ clientId: 'budget-locked', clientSecret: 'budget-locked-secret-0123', lifetimeSeconds: 30 });
    await add('short', 'budget-short', 'budget-short-secret-0123');
    await add('short-twin', 'budget-short', 'budget-short-secret-0123');
    await add('prod', 'budget-mid', 'budget-mid-secret-0123');
    await add('prod-readonly', 'budget-mid', 'budget-mid-secret-0123', 'tamarack.read');
    await add('prod-idle', 'budget-mid', 'budget-mid-secret-0123');
    await add('locked', 'budget-locked', 'wrong-secret-for-locked');
    for (let i = 0; i < 4; i++) await add(`spare-${i}`, 'budget-mid', 'budget-mid-secret-0123');
    await vscode.commands.executeCommand('konexus.selectProfile', { name: 'short' });

    // Every profile gets a token once (the user looked at each), then nobody asks by hand any more.
    for (const profile of api.services.tokens.profiles()) await api.services.tokens.getToken(profile.name).catch(() => undefined);
    // A consumer holds a session of 'prod' (the provider as VS Code's authentication service calls it).
    const [session] = await api.authProvider.getSessions(['tamarack', 'profile:prod']);
    assert.ok(session, 'prod has a session');
    // A .http file open with requests whose CodeLenses show 'prod-readonly' (a literal token) and the active profile.
    const literal = (await api.services.tokens.getToken('prod-readonly')).accessToken;
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `GET http://127.0.0.1:9/v1/me\nAuthorization: Bearer {{$dotenv KONEXUS_TOKEN}}\n\n###\nGET http://127.0.0.1:9/v1/me\nAuthorization: Bearer ${literal}\n` });
    await vscode.window.showTextDocument(document);
    await idp.clearLog();
    const started = Date.now();

    // What runs by itself in a window: status bar renders, CodeLens and hover requests, consumers asking again.
    let stop = false;
    const busy = (async () => {
      while (!stop) {
        await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
        await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, new vscode.Position(5, 30));
        await api.statusBar.render();
        await api.authProvider.getSessions(['tamarack', 'profile:prod']);
        await api.authProvider.getSessions(['tamarack', 'profile:locked']);
        await api.authProvider.getSessions(undefined);
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    })();
    await new Promise(resolve => setTimeout(resolve, IDLE_SECONDS * 1000));
    stop = true;
    await busy;
    const counts = await idp.tokenCounts();
    const seconds = (Date.now() - started) / 1000;
    const table = JSON.stringify(counts);

    const short = count(counts, 'budget-short', 'tamarack');
    assert.ok(short <= bound(10), `short + short-twin (10 s tokens): ${short} requests in ${seconds} s, bound ${bound(10)}: ${table}`);
    assert.ok(short >= bound(10) - 3, `the active profile was kept fresh: ${short}`);
    const mid = count(counts, 'budget-mid', 'tamarack');
    assert.ok(mid <= bound(30), `prod + prod-idle + spares (30 s tokens): ${mid}, bound ${bound(30)} (only the consumer's prod is kept warm): ${table}`);
    assert.ok(mid >= bound(30) - 3, `prod, whose session a consumer holds, was kept fresh: ${mid}`);
    assert.ok(count(counts, 'budget-mid', 'tamarack.read') <= 1, `prod-readonly: nothing needs it: ${table}`);
    assert.ok(count(counts, 'budget-locked', 'tamarack', 'refused') === 0, `the wrong secret, refused before the window, was not sent again: ${table}`);
    for (const idle of ['short-twin', 'prod-idle', 'prod-readonly', 'spare-0']) {
      assert.equal((await api.services.tokens.tokenState(idle))?.nextAttemptAt, undefined, `${idle} is not kept warm`);
    }
    assert.ok(((await api.services.tokens.tokenState('short'))?.token?.expiresAt ?? 0) > Date.now(), 'the active profile holds a valid token');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('never hides a still-valid 30 s token after a failed refresh: provider, copy and Insert Bearer Header hand it out', async () => {
    await idp.setLifetime(30);
    await add('kept', env.idp.client.clientId, env.idp.client.clientSecret);
    await vscode.commands.executeCommand('konexus.selectProfile', { name: 'kept' });
    const token = (await api.services.tokens.getToken('kept')).accessToken;
    await idp.setFault('token', '500');
    const failed = await vscode.commands.executeCommand<{ error?: string; message?: string }>('konexus.refreshToken', { profile: 'kept' });
    assert.equal(failed?.error, 'server_error', 'the user who asked hears it failed');
    assert.match(failed!.message!, /current token stays in use for \d+ s/, 'and how long the token still has');
    const [session] = await api.authProvider.getSessions(['tamarack']);
    assert.equal(session?.accessToken, token, 'the provider hands out the valid token');
    await vscode.commands.executeCommand('konexus.copyToken', { profile: 'kept' });
    assert.equal(await vscode.env.clipboard.readText(), token, 'Copy Access Token copies it');
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1:9/v1/me\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 2, 0, 2);
    const inserted = await vscode.commands.executeCommand<{ edited?: number; error?: string }>('konexus.insertBearerHeader', { profile: 'kept', style: 'literal' });
    assert.equal(inserted?.edited, 1, JSON.stringify(inserted));
    assert.ok(document.getText().includes(`Authorization: Bearer ${token}`), 'Insert Bearer Header writes it');
    await waitFor(api, () => api.statusBar.snapshot.severity === 'warning', 'the status bar to show the failure with the time left');
    assert.match(api.statusBar.snapshot.text, /Konexus · kept · (?:<1m|\d+m)/);
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
