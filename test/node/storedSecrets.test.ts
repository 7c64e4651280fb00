import assert from 'node:assert/strict';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { secretKey, tokenKey, type Profile } from '../../src/core/tokens/profiles';
import { classifyStoredSecrets, deleteOrphanSecrets, groupByProfiles, impliedSecretKeys, listStoredSecrets, parseSecretKey } from '../../src/core/tokens/storedSecrets';
import { Redactor } from '../../src/core/redact';
import { TokenService, type TokenServiceEvent } from '../../src/core/tokens/tokenService';
import { FakeClock } from './lib/fakeClock';
import { MemoryMemento, MemorySecrets } from './lib/memoryStores';

const profile = (name: string, clientId: string, scope = 'tamarack', authority = 'https://auth.example.test'): Profile =>
  ({ name, authority, clientId, scope, clientAuthMethod: 'auto' });

const A = profile('a', 'client-a');
/** Shares a's credential, another scope: one secret key, two token keys. */
const A2 = profile('a2', 'client-a', 'tamarack admin');
const B = profile('b', 'client-b', 'tamarack', 'https://other.example.test/tenant/');

/** A SecretStorage that can list its keys (VS Code 1.105+), counting reads of values. */
class ListableSecrets extends MemorySecrets {
  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

const SECRET = 's3cr3t-value-never-shown';

describe('stored secrets review', () => {
  it('parses the two key forms, keeps unknown konexus keys and ignores everyone else\'s', () => {
    assert.deepEqual(parseSecretKey(secretKey(B)), { key: secretKey(B), kind: 'clientSecret', authority: 'https://other.example.test/tenant', clientId: 'client-b' });
    assert.deepEqual(parseSecretKey(tokenKey(A2)), { key: tokenKey(A2), kind: 'token', authority: 'https://auth.example.test', clientId: 'client-a', scope: 'tamarack admin' });
    assert.deepEqual(parseSecretKey('konexus.somethingNew|x'), { key: 'konexus.somethingNew|x', kind: 'unknown' });
    assert.deepEqual(parseSecretKey('konexus.token|https://auth.example.test|no-scope'), { key: 'konexus.token|https://auth.example.test|no-scope', kind: 'unknown' }, 'a token key needs a scope');
    assert.equal(parseSecretKey('other.extension.key'), undefined);
    assert.equal(parseSecretKey('konexusX.clientSecret|a|b'), undefined, 'the prefix includes the dot');
  });

  it('names the profiles using each key, shared credentials included, and marks the rest orphans', () => {
    const orphanSecret = secretKey(profile('gone', 'client-gone'));
    const orphanToken = tokenKey({ ...A, scope: 'old-scope' });
    const keys = [tokenKey(A), secretKey(A), tokenKey(A2), secretKey(B), orphanSecret, orphanToken, 'konexus.legacy', 'vendor.key', secretKey(A)];
    const list = classifyStoredSecrets(keys, [A, A2, B]);
    const byKey = new Map(list.map(s => [s.key, s]));
    assert.equal(list.length, 7, 'each konexus key once, the foreign key left out');
    assert.deepEqual(byKey.get(secretKey(A))?.profiles, ['a', 'a2']);
    assert.equal(byKey.get(secretKey(A))?.orphan, false);
    assert.deepEqual(byKey.get(tokenKey(A))?.profiles, ['a']);
    assert.deepEqual(byKey.get(tokenKey(A2))?.profiles, ['a2']);
    assert.deepEqual(byKey.get(secretKey(B))?.profiles, ['b']);
    assert.deepEqual(list.filter(s => s.orphan).map(s => s.key).sort(), [orphanSecret, orphanToken, 'konexus.legacy'].sort());
    assert.deepEqual(list.map(s => s.kind), ['clientSecret', 'clientSecret', 'clientSecret', 'token', 'token', 'token', 'unknown'], 'secrets, then tokens, then unknown');
    assert.equal(byKey.has('vendor.key'), false);
  });

  it('groups by the profiles using each key, shared keys in their own group, orphans last', () => {
    const keys = ['konexus.legacy', tokenKey(B), secretKey(A), tokenKey(A2), secretKey(B), tokenKey(A)];
    const groups = groupByProfiles(classifyStoredSecrets(keys, [A, A2, B]));
    assert.deepEqual(groups.map(g => [g.profiles, g.secrets.map(s => s.key)]), [
      [['a'], [tokenKey(A)]],
      [['a', 'a2'], [secretKey(A)]],
      [['a2'], [tokenKey(A2)]],
      [['b'], [secretKey(B), tokenKey(B)]],
      [[], ['konexus.legacy']],
    ]);
    assert.deepEqual(groupByProfiles([]), []);
  });

  it('everything is an orphan without profiles; nothing is listed without keys', () => {
    assert.ok(classifyStoredSecrets([secretKey(A), tokenKey(A)], []).every(s => s.orphan && s.profiles.length === 0));
    assert.deepEqual(classifyStoredSecrets([], [A, B]), []);
  });

  it('implies one secret key per credential and one token key per credential + scope', () => {
    assert.deepEqual(impliedSecretKeys([A, A2, B]).sort(), [secretKey(A), tokenKey(A), tokenKey(A2), secretKey(B), tokenKey(B)].sort());
  });

  it('lists from keys() without reading a single value, and never returns one', async () => {
    const store = new ListableSecrets();
    await store.store(secretKey(A), SECRET);
    await store.store('konexus.clientSecret|https://auth.example.test|orphan', SECRET);
    const list = await listStoredSecrets(store, [A]);
    assert.equal(list.complete, true);
    assert.deepEqual(store.reads, [], 'no get()');
    assert.doesNotMatch(JSON.stringify(list), new RegExp(SECRET));
    assert.deepEqual(list.secrets.map(s => [s.key, s.orphan]), [[secretKey(A), false], ['konexus.clientSecret|https://auth.example.test|orphan', true]]);
  });

  it('without keys() (VS Code before 1.105), or when keys() throws, checks what the profiles imply and says the list is incomplete', async () => {
    const plain = new MemorySecrets();
    const refusing = Object.assign(new MemorySecrets(), { keys: () => Promise.reject(new Error('CANNOT use API proposal: secretStorageKeys')) });
    for (const store of [plain, refusing]) {
      await store.store(secretKey(A), SECRET);
      await store.store(tokenKey(A), '{"accessToken":"t"}');
      await store.store('konexus.clientSecret|https://auth.example.test|orphan', SECRET);
      const list = await listStoredSecrets(store, [A, B]);
      assert.equal(list.complete, false);
      assert.deepEqual(list.secrets.map(s => s.key), [secretKey(A), tokenKey(A)], 'what is stored of what the profiles imply; the orphan cannot be seen');
      assert.doesNotMatch(JSON.stringify(list), new RegExp(SECRET));
    }
  });

  it('deletes orphans only (of the chosen keys, when given), re-checking against the profiles of now', async () => {
    const store = new ListableSecrets();
    const orphanX = 'konexus.clientSecret|https://auth.example.test|x';
    const orphanY = 'konexus.token|https://auth.example.test|y|tamarack';
    for (const key of [secretKey(A), tokenKey(A), orphanX, orphanY, 'vendor.key']) await store.store(key, SECRET);
    assert.deepEqual(await deleteOrphanSecrets(store, [A], [orphanX, secretKey(A), 'vendor.key']), [orphanX], 'a used key and a foreign key are never deleted, even when asked');
    assert.deepEqual([...store.values.keys()].sort(), [secretKey(A), tokenKey(A), orphanY, 'vendor.key'].sort());
    // A profile now uses orphanY's credential + scope: it is no orphan any more and is kept.
    const Y = profile('y', 'y');
    assert.deepEqual(await deleteOrphanSecrets(store, [A, Y]), []);
    assert.deepEqual(await deleteOrphanSecrets(store, []), [secretKey(A), tokenKey(A), orphanY]);
    assert.deepEqual([...store.values.keys()], ['vendor.key']);
  });

  it('deletes nothing where the keys cannot be listed: every key it can see is a profile\'s', async () => {
    const store = new MemorySecrets();
    for (const key of [secretKey(A), 'konexus.clientSecret|https://auth.example.test|x']) await store.store(key, SECRET);
    assert.deepEqual(await deleteOrphanSecrets(store, [A]), []);
    assert.equal(store.values.size, 2);
  });

  it('signs out of all profiles: shared secrets too (one sign-out at a time keeps them), profiles kept, foreign keys untouched', async () => {
    const clock = new FakeClock();
    const http = { fetch, clock, timeoutMs: 1_000 };
    const secrets = new ListableSecrets();
    const service = new TokenService({ secrets, state: new MemoryMemento(), http, discovery: new DiscoveryCache(http), redactor: new Redactor() });
    for (const p of [A, A2, B]) await service.addProfile({ ...p, clientSecret: `${SECRET}-${p.name}` });
    await secrets.store(tokenKey(A), '{}');
    await secrets.store('vendor.key', 'x');
    const events: TokenServiceEvent['kind'][] = [];
    service.onDidChange(event => events.push(event.kind));
    assert.deepEqual(await service.signOutAll(), ['a', 'a2', 'b']);
    assert.deepEqual([...secrets.values.keys()], ['vendor.key']);
    assert.deepEqual(service.profiles().map(p => p.name), ['a', 'a2', 'b'], 'the profiles stay, to sign in again');
    assert.equal(await service.hasSecret('a2'), false);
    assert.deepEqual(events, ['signedOut', 'signedOut', 'signedOut', 'profiles']);
    assert.deepEqual((await listStoredSecrets(secrets, service.profiles())).secrets, []);
    service.dispose();
  });
});
