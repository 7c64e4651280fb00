import assert from 'node:assert/strict';
import { profileNameOf } from '../../src/platform/model/commandArgs';

describe('command arguments: the profile named', () => {
  it('reads a name, {profile}, {name} and the Profiles view item ({profile: {name}})', () => {
    assert.equal(profileNameOf('staging'), 'staging');
    assert.equal(profileNameOf({ profile: 'staging' }), 'staging');
    assert.equal(profileNameOf({ name: 'staging' }), 'staging');
    assert.equal(profileNameOf({ kind: 'profile', profile: { name: 'staging', clientId: 'c' } }), 'staging');
  });

  it('names none for anything else, so the command asks or uses the active profile', () => {
    for (const arg of [undefined, null, 42, [], {}, { profile: 42 }, { profile: {} }, { profile: { name: 7 } }, { name: null }]) {
      assert.equal(profileNameOf(arg), undefined, JSON.stringify(arg));
    }
  });
});
