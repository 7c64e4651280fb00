import assert from 'node:assert/strict';
import { calculateJwkThumbprint, compactVerify, importJWK, CompactSign } from 'jose';
import {
  currentKey, generateClientKey, isClientKeySet, parseClientKeySet, promoteClientKey, publicJwk, publicJwks,
  rotateClientKey, serializeClientKeySet, signingKey, signingOrder,
} from '../../src/core/tokens/clientKeys';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

describe('clientKeys (the private_key_jwt credential)', () => {
  for (const alg of ['RS256', 'ES256'] as const) {
    it(`generates an ${alg} key whose kid is the RFC 7638 thumbprint and whose public JWK has no private member`, async () => {
      const set = await generateClientKey(alg, 1_700_000_000_000);
      const key = currentKey(set);
      assert.equal(set.keys.length, 1);
      assert.equal(set.pending, undefined);
      assert.equal(key.alg, alg);
      assert.equal(key.createdAt, 1_700_000_000_000);
      assert.equal(key.privateJwk.kty, alg === 'RS256' ? 'RSA' : 'EC');
      assert.ok(key.privateJwk.d, 'the stored key is the private key');
      const pub = publicJwk(set);
      for (const member of PRIVATE_MEMBERS) assert.equal((pub as Record<string, unknown>)[member], undefined, member);
      assert.deepEqual({ use: pub.use, alg: pub.alg, kid: pub.kid }, { use: 'sig', alg, kid: key.kid });
      assert.equal(await calculateJwkThumbprint(pub), key.kid);
      assert.deepEqual(Object.keys(pub).sort(), (alg === 'RS256' ? ['alg', 'e', 'kid', 'kty', 'n', 'use'] : ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']));

      // What it signs verifies with the public key it hands out for registration.
      const jws = await new CompactSign(new TextEncoder().encode('{"a":1}')).setProtectedHeader({ alg, kid: key.kid }).sign(await signingKey(key));
      await compactVerify(jws, await importJWK(pub, alg));
    });
  }

  it('round-trips through its serialization and tells itself from a client secret', async () => {
    const set = await rotateClientKey(await generateClientKey('ES256', 1), 'RS256', 2);
    const text = serializeClientKeySet(set);
    assert.deepEqual(parseClientKeySet(text), set);
    assert.equal(isClientKeySet(text), true);
    assert.equal(JSON.parse(text).konexusClientKeys, 1);
    for (const secret of ['konexus-demo-secret-0123456789abcdef', '{not json', '{"konexusClientKeys":2,"keys":[]}', '{}', '[]', '']) {
      assert.equal(parseClientKeySet(secret), undefined, secret);
      assert.equal(isClientKeySet(secret), false);
    }
  });

  it('refuses a damaged key set instead of signing with something half-valid', async () => {
    const good = JSON.parse(serializeClientKeySet(await rotateClientKey(await generateClientKey('ES256', 1), 'ES256', 2)));
    const damaged = (change: (doc: typeof good) => void) => {
      const doc = structuredClone(good);
      change(doc);
      return JSON.stringify(doc);
    };
    assert.ok(parseClientKeySet(JSON.stringify(good)));
    assert.equal(parseClientKeySet(damaged(doc => { delete doc.keys[0].privateJwk.d; })), undefined, 'a public key only');
    assert.equal(parseClientKeySet(damaged(doc => { doc.keys[0].alg = 'HS256'; })), undefined, 'an algorithm we do not sign with');
    assert.equal(parseClientKeySet(damaged(doc => { doc.keys[0].alg = 'RS256'; })), undefined, 'alg and kty disagree');
    assert.equal(parseClientKeySet(damaged(doc => { doc.pending = 'nope'; })), undefined, 'pending names no key');
    assert.equal(parseClientKeySet(damaged(doc => { doc.pending = doc.keys[0].kid; })), undefined, 'pending is the key in use');
    assert.equal(parseClientKeySet(damaged(doc => { doc.keys[1].kid = doc.keys[0].kid; })), undefined, 'two keys with one kid');
    assert.equal(parseClientKeySet(damaged(doc => { doc.keys = []; })), undefined, 'no key');
  });

  it('rotation adds a pending key, signs with it first, and promotion keeps only it', async () => {
    const first = await generateClientKey('RS256', 1);
    const rotated = await rotateClientKey(first, 'ES256', 2);
    const [old, fresh] = rotated.keys;
    assert.equal(old!.kid, currentKey(first).kid, 'the key in use stays keys[0] until the new one is proven');
    assert.equal(rotated.pending, fresh!.kid);
    assert.deepEqual(signingOrder(rotated).map(k => k.kid), [fresh!.kid, old!.kid]);
    assert.deepEqual(signingOrder(first).map(k => k.kid), [old!.kid]);
    assert.equal(publicJwk(rotated).kid, fresh!.kid, 'the default public key is the one to register');
    assert.equal(publicJwk(rotated, old!.kid).kid, old!.kid);
    assert.deepEqual(publicJwks(rotated).keys.map(k => k.kid), [old!.kid, fresh!.kid]);

    assert.equal(promoteClientKey(rotated, old!.kid), rotated, 'keys[0] proving itself changes nothing');
    const promoted = promoteClientKey(rotated, fresh!.kid);
    assert.deepEqual(promoted.keys.map(k => k.kid), [fresh!.kid]);
    assert.equal(promoted.pending, undefined);

    const twice = await rotateClientKey(rotated, 'ES256', 3);
    assert.deepEqual(twice.keys.map(k => k.kid), [old!.kid, twice.pending], 'an unproven pending key is replaced, not kept');
  });
});
