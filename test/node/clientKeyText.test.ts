import assert from 'node:assert/strict';
import type { ClientKeySet } from '../../src/core/tokens/clientKeys';
import type { Profile } from '../../src/core/tokens/profiles';
import { describeClientKeySet, publicKeyText } from '../../src/tokens/model/clientKeyPrompts';
import { credentialKindText, usesKeyPair } from '../../src/tokens/model/credentialKind';
import { statusTooltipMarkdown } from '../../src/tokens/model/statusTooltip';

/** Key sets as the texts see them: algorithms and kids only (a private member here would be a test bug). */
const key = (kid: string, alg: 'RS256' | 'ES256') => ({ kid, alg, createdAt: 0, privateJwk: { kty: alg === 'RS256' ? 'RSA' : 'EC', d: `PRIVATE-${kid}` } });
const ONE = { konexusClientKeys: 1, keys: [key('k1', 'RS256')] } as unknown as ClientKeySet;
const ROTATING = { konexusClientKeys: 1, keys: [key('k1', 'RS256'), key('k2', 'RS256')], pending: 'k2' } as unknown as ClientKeySet;
const TARGET = { profile: 'kp', authority: 'https://auth.konexus.test', clientId: 'kp-client' };

describe('key-pair texts', () => {
  it('describes a key set by algorithm and count, and a pending rotation', () => {
    assert.equal(describeClientKeySet(ONE), 'RS256, 1 key');
    assert.equal(describeClientKeySet(ROTATING), 'RS256, 2 keys, rotation pending');
    const mixed = { keys: [key('k1', 'RS256'), key('k2', 'ES256')], pending: 'k2' } as unknown as ClientKeySet;
    assert.equal(describeClientKeySet(mixed), 'RS256 + ES256, 2 keys, rotation pending');
  });

  it('the public-key dialog names the client and server, says what happens until registration, and holds no private member', () => {
    const added = publicKeyText(TARGET, ONE, 'added');
    assert.match(added.message, /"kp" has a new key pair \(RS256, 1 key\)/);
    assert.match(added.detail, /with client kp-client at auth\.konexus\.test\. Token requests are refused until it is registered/);
    const rotated = publicKeyText(TARGET, ROTATING, 'rotated');
    assert.match(rotated.detail, /both keys/);
    assert.match(rotated.detail, /old key is then deleted here/);
    // Shown again while a rotation is pending: still the two-key instructions.
    assert.match(publicKeyText(TARGET, ROTATING, 'shown').detail, /both keys/);
    for (const text of [added, rotated]) assert.doesNotMatch(`${text.message}${text.detail}`, /PRIVATE-/);
  });

  it('the status-bar tooltip and the profiles view say "key pair" for a private_key_jwt profile only', () => {
    const keyPair: Profile = { name: 'kp', authority: 'https://auth.konexus.test', clientId: 'kp-client', scope: 'tamarack', clientAuthMethod: 'private_key_jwt' };
    const secret: Profile = { ...keyPair, name: 'plain', clientAuthMethod: 'auto' };
    assert.equal(usesKeyPair(keyPair), true);
    assert.equal(usesKeyPair(secret), false);
    assert.equal(credentialKindText(keyPair), 'key pair');
    assert.match(statusTooltipMarkdown(keyPair, undefined, 'No token yet', 0, t => t), /\| Credential \| key pair \|/);
    assert.doesNotMatch(statusTooltipMarkdown(secret, undefined, 'No token yet', 0, t => t), /Credential/);
  });
});
