/**
 * Key-pair (private_key_jwt) profiles in the real host, through the commands: Add Profile makes the key set
 * and stores it in SecretStorage only; Show Public Key hands out public members only; once the public key
 * is registered at the bundled identity server a session comes through the authentication provider;
 * Rotate Client Key adds a pending key, and the first token request it signs promotes it. Review Stored
 * Secrets names the entry "client key", never its value. Last, the private keys are searched for in user
 * data, workspace and the Konexus log, as the client secret is in secrets.test.ts.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { KonexusExtensionApi } from '../../src/extension';
import { secretKey } from '../../src/core/tokens/profiles';
import type { StoredSecretList } from '../../src/core/tokens/storedSecrets';
import type { PublicKeyResult } from '../../src/tokens/clientKeyCommands';
import { extensionApi, removeAllProfiles, waitFor } from './lib/extensionApi';
import { testEnv } from './lib/env';
import { IdpControl } from './lib/idpControl';
import { filesUnder, findNeedles, needleOf, userDataRoot } from './lib/userDataFiles';

const PROFILE = 'key-pair-it';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

interface StoredKeySet {
  keys: { kid: string; alg: string; privateJwk: Record<string, string> }[];
  pending?: string;
}

describe('key-pair profiles (private_key_jwt)', function () {
  this.timeout(90_000);
  const env = testEnv();
  const idp = new IdpControl(env.idp.controlUrl);
  const clientId = `key-pair-it-${randomBytes(4).toString('hex')}`;
  // The bundled server wants a secret for every client; this one is never sent (and searched for below).
  const unusedSecret = `kx-unused-${randomBytes(12).toString('hex')}`;
  let api: KonexusExtensionApi;
  const command = <T>(id: string, arg: Record<string, unknown>) => vscode.commands.executeCommand<T>(id, arg);
  const register = (jwks: PublicKeyResult['jwks']) => idp.setClientJwks(clientId, jwks);
  const storedSet = async () => JSON.parse((await api.context.secrets.get(secretKey({ authority: env.idp.issuer, clientId })))!) as StoredKeySet;
  const tokenPosts = async () => (await idp.requests()).filter(r => r.method === 'POST' && r.path.endsWith('/token'));
  const reviewed = async () => (await command<StoredSecretList>('konexus.reviewSecrets', { action: 'list' })).secrets.find(s => s.key === secretKey({ authority: env.idp.issuer, clientId }));

  before(async () => {
    api = await extensionApi();
    await idp.reset();
    await removeAllProfiles(api);
    await idp.addClient({ clientId, clientSecret: unusedSecret });
  });

  after(async () => {
    await removeAllProfiles(api);
    await idp.reset();
  });

  it('adds a key pair, gets a session once its public key is registered, rotates and promotes; the private keys stay in SecretStorage', async () => {
    await idp.clearRequests();
    assert.equal(await command('konexus.addProfile', { name: PROFILE, authority: env.idp.issuer, clientId, clientAuthMethod: 'private_key_jwt', keyAlgorithm: 'ES256' }), PROFILE);
    assert.equal(api.services.tokens.profile(PROFILE)?.clientAuthMethod, 'private_key_jwt');
    const first = await storedSet();
    assert.deepEqual(first.keys.map(k => k.alg), ['ES256']);
    assert.equal(first.pending, undefined);
    assert.ok(first.keys[0]!.privateJwk.d, 'the stored key set holds the private key');
    assert.deepEqual(await tokenPosts(), [], 'no token request before the key is registered');
    assert.deepEqual((await reviewed())?.clientKey, { algorithms: ['ES256'], keys: 1, pending: false });

    const shown = await command<PublicKeyResult>('konexus.showPublicKey', { name: PROFILE });
    assert.equal(shown.kid, first.keys[0]!.kid);
    assert.deepEqual(shown.jwks.keys.map(k => k.kid), [first.keys[0]!.kid]);
    for (const member of PRIVATE_MEMBERS) assert.ok(!shown.jwks.keys.some(k => member in k), `no "${member}" in the public JWKS`);

    await register(shown.jwks);
    const [session] = await api.authProvider.getSessions([`profile:${PROFILE}`]);
    assert.ok(session, 'a session once the public key is registered');
    await jwtVerify(session.accessToken, createRemoteJWKSet(new URL(env.idp.jwksUri)), { issuer: env.idp.issuer, audience: 'tamarack' });
    const posts = await tokenPosts();
    assert.equal(posts.length, 1, 'one token request');
    assert.match(posts[0]!.body, /client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer/);
    assert.doesNotMatch(posts[0]!.body, /client_secret=/, 'no client secret sent');

    const rotated = await command<PublicKeyResult>('konexus.rotateKey', { name: PROFILE });
    assert.equal(rotated.kid, first.keys[0]!.kid, 'the old key stays in use until the new one worked');
    assert.ok(rotated.pending && rotated.pending !== rotated.kid);
    assert.deepEqual(rotated.jwks.keys.map(k => k.kid).sort(), [rotated.kid, rotated.pending].sort(), 'the JWKS to register holds both keys');
    assert.deepEqual((await reviewed())?.clientKey, { algorithms: ['ES256'], keys: 2, pending: true });
    const rotatedSet = await storedSet();

    await register(rotated.jwks);
    await command('konexus.refreshToken', { profile: PROFILE });
    await waitFor(api, async () => (await storedSet()).pending === undefined, 'the pending key to be promoted');
    const promoted = await storedSet();
    assert.deepEqual(promoted.keys.map(k => k.kid), [rotated.pending], 'the new key is the only one');
    const after = await command<PublicKeyResult>('konexus.showPublicKey', { name: PROFILE });
    assert.deepEqual([after.kid, after.pending], [rotated.pending, undefined]);
    assert.deepEqual((await reviewed())?.clientKey, { algorithms: ['ES256'], keys: 1, pending: false });

    // Only the new key registered now: a new token still comes.
    await register(after.jwks);
    await command('konexus.refreshToken', { profile: PROFILE });
    assert.equal((await api.services.tokens.tokenState(PROFILE))?.status, 'valid');

    // The extension's global and workspace state (in the web workbench they live in the browser, not on disk).
    const privateValues = rotatedSet.keys.map(key => key.privateJwk.d!);
    for (const [where, memento] of [['globalState', api.context.globalState], ['workspaceState', api.context.workspaceState]] as const) {
      for (const key of memento.keys()) {
        const value = JSON.stringify(memento.get(key)) ?? '';
        assert.ok(!privateValues.some(d => value.includes(d)), `a private key in ${where} "${key}"`);
      }
    }
    // Let the log channel and the state databases flush to disk, then search as secrets.test.ts does.
    await new Promise(resolve => setTimeout(resolve, 2_500));
    const context = api.context;
    const userData = userDataRoot(context.globalStorageUri.fsPath);
    const workspaceRoot = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const files = [...filesUnder(userData, () => false), ...(workspaceRoot.startsWith(userData) ? [] : filesUnder(workspaceRoot, path => /[\\/]node_modules$/.test(path)))];
    const needles = [
      ...rotatedSet.keys.map(key => needleOf(`the private key ${key.kid}`, key.privateJwk.d!)),
      needleOf('the unused client secret', unusedSecret),
    ];
    const { hits, bytes } = findNeedles(files, needles, userData);
    console.log(`      searched ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB for ${rotatedSet.keys.length} private keys: ${hits.length} hits`);
    assert.deepEqual(hits, []);
    // Positive control: the Konexus log is among the files searched, and names the rotation.
    const logs = filesUnder(context.logUri.fsPath, () => false).filter(f => /konexus/i.test(f) && f.endsWith('.log'));
    assert.ok(logs.some(f => files.includes(f)), 'the Konexus log was searched');
    assert.match(logs.map(f => readFileSync(f, 'utf8')).join('\n'), new RegExp(`\\[rotateKey\\] ${PROFILE}: added key ${rotated.pending}`));
  });

  it('refuses what a key pair has not (a typed secret for it, a public key of a secret profile) and makes a new key after sign-out', async () => {
    const updated = await command<{ error?: string; message?: string }>('konexus.updateSecret', { name: PROFILE, clientSecret: 'kx-typed-secret' });
    assert.equal(updated.error, 'invalid_request');
    assert.match(updated.message ?? '', /uses a key pair, not a client secret/);
    const kept = await storedSet();
    assert.ok(kept.keys.length, 'the key set is kept');

    // Signed out, the key set is gone: Show Public Key says so; Rotate Client Key makes a new one to register.
    await command('konexus.signOut', { name: PROFILE });
    const gone = await command<{ error?: string; message?: string }>('konexus.showPublicKey', { name: PROFILE });
    assert.equal(gone.error, 'missing_secret');
    assert.match(gone.message ?? '', /Rotate Client Key/);
    const fresh = await command<PublicKeyResult>('konexus.rotateKey', { name: PROFILE });
    assert.equal(fresh.pending, undefined);
    assert.deepEqual(fresh.jwks.keys.map(k => [k.kid, k.alg]), [[(await storedSet()).keys[0]!.kid, 'RS256']]);
    assert.ok(!kept.keys.some(k => k.kid === fresh.kid), 'a new key, not an old one');
    await command('konexus.addProfile', { name: 'key-pair-it-secret', authority: env.idp.issuer, ...env.idp.client, fetchToken: false });
    const shown = await command<{ error?: string; message?: string }>('konexus.showPublicKey', { name: 'key-pair-it-secret' });
    assert.equal(shown.error, 'invalid_request');
    assert.match(shown.message ?? '', /uses a client secret, not a key pair/);
  });
});
