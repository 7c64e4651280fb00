import assert from 'node:assert/strict';
import { generateClientKey, parseClientKeySet, rotateClientKey, serializeClientKeySet } from '../../src/core/tokens/clientKeys';
import { promoteProvenKey } from '../../src/core/tokens/keyPromotion';
import { MemorySecrets } from './lib/memoryStores';

const KEY = 'konexus.clientSecret|https://auth.konexus.test|c';

describe('promoteProvenKey (TokenService after a private_key_jwt token)', () => {
  async function setup() {
    const set = await rotateClientKey(await generateClientKey('ES256', 0), 'ES256', 1);
    const sent = serializeClientKeySet(set);
    const secrets = new MemorySecrets();
    await secrets.store(KEY, sent);
    const announced: string[] = [];
    const deps = { get: (k: string) => secrets.get(k), store: (k: string, v: string) => secrets.store(k, v), willStore: (v: string) => announced.push(v) };
    return { set, sent, secrets, announced, deps };
  }

  it('writes the set with the proven pending key alone, announcing the value before the write', async () => {
    const { set, sent, secrets, announced, deps } = await setup();
    const stored = await promoteProvenKey(deps, KEY, sent, set.pending);
    assert.equal(stored, secrets.values.get(KEY));
    assert.deepEqual(announced, [stored]);
    assert.deepEqual(parseClientKeySet(stored!)!.keys.map(k => k.kid), [set.pending]);
  });

  it('does nothing when keys[0] proved itself, or when the stored value changed meanwhile (another window rotated)', async () => {
    const { set, sent, secrets, announced, deps } = await setup();
    assert.equal(await promoteProvenKey(deps, KEY, sent, set.keys[0]!.kid), undefined);
    assert.equal(await promoteProvenKey(deps, KEY, sent, undefined), undefined);
    const newer = serializeClientKeySet(await rotateClientKey(set, 'ES256', 2));
    await secrets.store(KEY, newer);
    assert.equal(await promoteProvenKey(deps, KEY, sent, set.pending), undefined);
    assert.equal(secrets.values.get(KEY), newer, 'the newer value wins');
    assert.deepEqual(announced, []);
  });
});
