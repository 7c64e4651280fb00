import assert from 'node:assert/strict';
import { DiscoveryCache } from '../../src/core/http/discovery';
import { secretKey } from '../../src/core/tokens/profiles';
import { Redactor } from '../../src/core/redact';
import { TokenService } from '../../src/core/tokens/tokenService';
import { authorityHost, replacementNeedsConfirmation, secretPromptText, secretReplacementText } from '../../src/tokens/model/secretPrompts';
import { FakeClock } from './lib/fakeClock';
import { MemoryMemento, MemorySecrets } from './lib/memoryStores';

const EVIL = { authority: 'https://collect.evil.test/oauth', clientId: 'prod-client' };

describe('secret prompts', () => {
  it('every secret prompt names the host the secret goes to and the client id', () => {
    for (const text of [
      secretPromptText(EVIL),
      secretPromptText(EVIL, { heading: 'Add Konexus Profile (4/5)', chosenByCaller: true }),
      secretPromptText(EVIL, { profile: 'prod', sharedWith: ['prod'] }),
    ]) {
      assert.match(text.title, /prod-client at collect\.evil\.test/, text.title);
      assert.match(text.prompt, /Sent only to https:\/\/collect\.evil\.test\/oauth/, text.prompt);
    }
    assert.match(secretPromptText(EVIL, { heading: 'Add Konexus Profile (4/5)' }).title, /^Add Konexus Profile \(4\/5\) · /);
  });

  it('says so when a command argument chose the server, and which other profiles a new secret changes', () => {
    assert.match(secretPromptText(EVIL, { chosenByCaller: true }).prompt, /not typed by you: enter the secret only if you trust collect\.evil\.test/);
    assert.doesNotMatch(secretPromptText(EVIL).prompt, /not typed by you/);
    assert.match(secretPromptText(EVIL, { profile: 'prod', sharedWith: ['prod', 'prod read-only'] }).prompt, /replaces the secret of "prod read-only" too/);
    assert.doesNotMatch(secretPromptText(EVIL, { profile: 'prod', sharedWith: ['prod'] }).prompt, /replaces/);
  });

  it('confirms before replacing a different stored secret, unless typed into Update Client Secret for its only profile', () => {
    assert.equal(replacementNeedsConfirmation('none', { users: [] }), false);
    assert.equal(replacementNeedsConfirmation('same', { users: ['prod'] }), false, 'the same secret changes nothing');
    assert.equal(replacementNeedsConfirmation('different', { users: ['prod'] }), true, 'Add Profile, or an argument');
    assert.equal(replacementNeedsConfirmation('different', { users: [] }), true, 'a secret left from an earlier profile');
    assert.equal(replacementNeedsConfirmation('different', { typedForProfile: 'prod', users: ['prod'] }), false);
    assert.equal(replacementNeedsConfirmation('different', { typedForProfile: 'prod', users: ['prod', 'prod read-only'] }), true, 'it changes another profile too');
  });

  it('the confirmation names the client, the host, the profiles using the secret and who asked; never a secret', () => {
    const text = secretReplacementText({ authority: 'https://auth.konexus.com', clientId: 'prod-client' }, ['prod', 'prod read-only'], true);
    assert.equal(text.message, 'Replace the stored client secret of prod-client at auth.konexus.com?');
    assert.match(text.detail, /used by "prod", "prod read-only"/);
    assert.match(text.detail, /sent to https:\/\/auth\.konexus\.com/);
    assert.match(text.detail, /command with arguments/);
    assert.match(text.detail, /Cancel keeps the stored secret and changes nothing/);
    assert.equal(text.replace, 'Replace Secret');
    assert.match(secretReplacementText(EVIL, [], false).detail, /already stored \(left from an earlier profile\)/);
    assert.doesNotMatch(secretReplacementText(EVIL, [], false).detail, /command with arguments/);
  });

  it('shows the host with its port, and text that is not a URL as it is', () => {
    assert.equal(authorityHost('http://127.0.0.1:5000/realms/x'), '127.0.0.1:5000');
    assert.equal(authorityHost('not a url'), 'not a url');
  });
});

describe('TokenService: the stored secret of a credential', () => {
  function service(secrets = new MemorySecrets()) {
    const clock = new FakeClock();
    const http = { fetch, clock, timeoutMs: 1_000 };
    return new TokenService({ secrets, state: new MemoryMemento(), http, discovery: new DiscoveryCache(http), redactor: new Redactor() });
  }

  it('compares without handing the stored secret out, and lists the profiles that share it', async () => {
    const secrets = new MemorySecrets();
    const tokens = service(secrets);
    const credential = { authority: 'https://auth.konexus.com/', clientId: 'prod-client' };
    assert.equal(await tokens.compareStoredSecret(credential, 's1'), 'none');
    await tokens.addProfile({ name: 'prod', ...credential, clientSecret: 's1' });
    await tokens.addProfile({ name: 'prod read-only', ...credential, scope: 'read', clientSecret: 's1' });
    await tokens.addProfile({ name: 'other', authority: 'https://auth.konexus.com', clientId: 'other-client', clientSecret: 's2' });
    assert.equal(await tokens.compareStoredSecret(credential, 's1'), 'same');
    assert.equal(await tokens.compareStoredSecret({ ...credential, authority: 'https://auth.konexus.com' }, 's2'), 'different', 'the authority is normalised');
    assert.equal(await tokens.compareStoredSecret({ ...credential, authority: 'https://evil.test' }, 's1'), 'none', 'another server is another credential');
    assert.deepEqual(tokens.credentialUsers(credential).map(p => p.name), ['prod', 'prod read-only']);
    assert.equal(await secrets.get(secretKey(credential)), 's1');
    tokens.dispose();
  });
});
