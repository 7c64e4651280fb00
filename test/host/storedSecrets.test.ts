/**
 * Konexus: Review Stored Secrets… through its argument object in the real host: what SecretStorage holds is
 * listed by key, kind and profile (never a value), orphans are deleted and nothing else, and "sign out of
 * all" deletes every secret (a shared one too) and keeps the profiles. Where this VS Code cannot list
 * SecretStorage's keys (before 1.105) the list must say it is incomplete and hold only the profiles' keys.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../src/extension';
import { secretKey } from '../../src/core/tokens/profiles';
import type { StoredSecretList } from '../../src/core/tokens/storedSecrets';
import { extensionApi, removeAllProfiles } from './lib/extensionApi';
import { testEnv } from './lib/env';

describe('Review Stored Secrets', function () {
  this.timeout(60_000);
  const env = testEnv();
  let api: KonexusExtensionApi;
  const value = `kx-review-${randomBytes(12).toString('hex')}`;
  const orphanSecret = 'konexus.clientSecret|https://gone.example.test|gone-client';
  const orphanToken = 'konexus.token|https://gone.example.test|gone-client|tamarack';
  const foreign = 'someone.else|review-it';
  const review = <T>(arg: Record<string, unknown>) => vscode.commands.executeCommand<T>('konexus.reviewSecrets', arg);

  before(async () => {
    api = await extensionApi();
    await removeAllProfiles(api);
  });

  after(async () => {
    for (const key of [orphanSecret, orphanToken, foreign]) await api.context.secrets.delete(key);
    await removeAllProfiles(api);
  });

  it('lists by kind and profile without a value, deletes orphans only, and signs out of all', async () => {
    const secrets = api.context.secrets;
    const add = (name: string, clientId: string, scope = 'tamarack') => vscode.commands.executeCommand('konexus.addProfile', {
      name, authority: env.idp.issuer, clientId, clientSecret: `${value}-${clientId}`, scope, fetchToken: false,
    });
    assert.equal(await add('review-a', 'review-client'), 'review-a');
    assert.equal(await add('review-a-admin', 'review-client', 'tamarack admin'), 'review-a-admin', 'shares review-a\'s secret');
    assert.equal(await add('review-b', 'review-other'), 'review-b');
    for (const key of [orphanSecret, orphanToken, foreign]) await secrets.store(key, value);
    const shared = secretKey({ authority: env.idp.issuer, clientId: 'review-client' });

    const listed = await review<StoredSecretList>({ action: 'list' });
    assert.doesNotMatch(JSON.stringify(listed), new RegExp(value), 'no value in the result');
    const canList = typeof (secrets as { keys?: unknown }).keys === 'function';
    const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
    assert.equal(canList, major > 1 || minor >= 105, `SecretStorage.keys() is API from VS Code 1.105 on (this is ${vscode.version})`);
    assert.equal(listed.complete, canList, `complete where SecretStorage has keys() (VS Code ${vscode.version})`);
    const byKey = new Map(listed.secrets.map(s => [s.key, s]));
    assert.deepEqual(byKey.get(shared)?.profiles, ['review-a', 'review-a-admin']);
    assert.equal(byKey.get(shared)?.kind, 'clientSecret');
    assert.equal(byKey.has(foreign), false, 'keys outside konexus. are not listed');
    if (canList) {
      // Earlier suites may leave orphans of their own: these two must be among them, and no profile's key.
      const orphans = listed.secrets.filter(s => s.orphan).map(s => s.key);
      assert.ok(orphans.includes(orphanSecret) && orphans.includes(orphanToken), orphans.join(', '));
      assert.equal(byKey.get(orphanToken)?.kind, 'token');
      const { deleted } = await review<{ deleted: string[] }>({ action: 'deleteOrphans' });
      assert.deepEqual(deleted.sort(), orphans.sort());
      assert.equal(await secrets.get(orphanSecret), undefined);
      assert.equal(await secrets.get(orphanToken), undefined);
    } else {
      assert.equal(byKey.has(orphanSecret), false, 'an orphan cannot be seen without keys()');
      assert.deepEqual((await review<{ deleted: string[] }>({ action: 'deleteOrphans' })).deleted, [], 'nothing it cannot see is deleted');
    }
    assert.equal(await secrets.get(foreign), value, 'a key that is not the extension\'s is kept');
    assert.equal(await api.services.tokens.hasSecret('review-a'), true, 'a used secret is kept');

    const { signedOut } = await review<{ signedOut: string[] }>({ action: 'signOutAll' });
    assert.deepEqual(signedOut, ['review-a', 'review-a-admin', 'review-b']);
    for (const name of signedOut) assert.equal(await api.services.tokens.hasSecret(name), false, `${name} is signed out`);
    assert.equal(await secrets.get(shared), undefined, 'the shared secret is gone too');
    assert.deepEqual(api.services.tokens.profiles().map(p => p.name), ['review-a', 'review-a-admin', 'review-b'], 'the profiles are kept');
    assert.deepEqual((await review<StoredSecretList>({ action: 'list' })).secrets, []);
  });

  it('refuses an unknown action with a message, as every command does', async () => {
    const failed = await review<{ error?: string; message?: string }>({ action: 'deleteEverything' });
    assert.equal(failed.error, 'invalid_request');
    assert.match(failed.message ?? '', /list, deleteOrphans, signOutAll/);
  });
});
