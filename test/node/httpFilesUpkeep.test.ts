import assert from 'node:assert/strict';
import { KonexusError } from '../../src/core/errors';
import type { TokenState } from '../../src/core/tokens/tokenState';
import { isReplaceableDotenvValue } from '../../src/httpFiles/model/dotenvRisk';
import { MANAGED_FILES_KEY, ManagedFiles } from '../../src/httpFiles/model/managedFiles';
import { literalTokenLens, literalTokenOwner, profileTokenLens, unmanagedLens } from '../../src/httpFiles/model/tokenLensView';
import { unsigned } from './lib/jwtTestKit';
import { MemoryMemento } from './lib/memoryStores';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const MIN = 60_000;
const token = (leftMs: number) => ({ accessToken: 'x', tokenType: 'Bearer', scope: 'tamarack', issuedAt: NOW - 10 * MIN, expiresAt: NOW + leftMs, issuer: 'i' });
const state = (partial: Partial<TokenState>): TokenState => ({ status: 'valid', token: undefined, lastError: undefined, nextAttemptAt: undefined, consecutiveFailures: 0, ...partial });

describe('httpFiles: CodeLens text', () => {
  it('shows profile and time left, refreshes on click, and wakes when the minute changes', () => {
    const view = profileTokenLens('demo', state({ token: token(42 * MIN + 30_000) }), NOW);
    assert.equal(view.title, '$(key) Konexus · demo · valid 42m');
    assert.deepEqual(view.action, { kind: 'refresh', profile: 'demo' });
    assert.equal(view.nextChangeAt, NOW + 30_000);
  });

  it('says expired, refreshing, failed, no token, no profile', () => {
    assert.equal(profileTokenLens('demo', state({ token: token(-1) }), NOW).title, '$(warning) Konexus · demo · expired');
    assert.equal(profileTokenLens('demo', state({ status: 'refreshing', token: token(MIN) }), NOW).title, '$(sync~spin) Konexus · demo · refreshing');
    const refused = new KonexusError('invalid_client', { area: 'token', kind: 'secretRejected', url: 'https://auth.example.test/connect/token', clientId: 'c', said: 'The client secret is wrong.' });
    const failed = profileTokenLens('demo', state({ status: 'failed', lastError: refused }), NOW);
    assert.equal(failed.title, '$(error) Konexus · demo · refresh failed');
    assert.match(failed.tooltip, /rejected the client id "c" or its secret \(invalid_client\)\. The server said: "The client secret is wrong\."/);
    const stillValid = profileTokenLens('demo', state({ status: 'retrying', token: token(5 * MIN), lastError: new KonexusError('timeout', { area: 'http', kind: 'timeout', operation: 'token', host: 'idp.test', timeoutMs: 10_000 }) }), NOW);
    assert.equal(stillValid.title, '$(warning) Konexus · demo · valid 5m');
    assert.equal(profileTokenLens('demo', undefined, NOW).title, '$(key) Konexus · demo · no token yet');
    assert.deepEqual(profileTokenLens(undefined, undefined, NOW).action, { kind: 'addProfile' });
  });

  it('offers to start keeping a reference the extension does not keep yet', () => {
    assert.equal(unmanagedLens('dotenv', 'demo').title, '$(key) Konexus · demo · write token to .env');
    assert.deepEqual(unmanagedLens('fileVariable', undefined).action, { kind: 'insert', style: 'fileVariable' });
  });

  it('reads a literal token\'s own expiry', () => {
    assert.equal(literalTokenLens('demo', NOW / 1000 + 90 * 60, NOW).title, '$(key) Konexus · demo · literal token · valid 1h 30m');
    assert.equal(literalTokenLens('demo', NOW / 1000 - 1, NOW).title, '$(warning) Konexus · demo · literal token · expired');
    assert.equal(literalTokenLens('demo', undefined, NOW).title, '$(key) Konexus · demo · literal token · no expiry');
    assert.deepEqual(literalTokenLens('demo', NOW / 1000 - 1, NOW).action, { kind: 'insert', style: 'literal' });
  });

  it('calls a literal token a profile\'s only when both its client id and its issuer are the profile\'s', () => {
    const profiles = [
      { name: 'demo', clientId: 'konexus-demo-client', authority: 'https://auth.konexus.com' },
      { name: 'local', clientId: 'konexus-demo-client', authority: 'http://127.0.0.1:5000/' },
      { name: 'staging', clientId: 'staging-client', authority: 'https://auth.konexus.com' },
    ];
    const owner = (claims: Record<string, unknown>, active?: string) => literalTokenOwner(claims, profiles, active)?.name;
    assert.equal(owner({ client_id: 'konexus-demo-client', iss: 'https://auth.konexus.com' }), 'demo');
    // the authority's trailing slash and the issuer's do not matter; the active profile wins a tie
    assert.equal(owner({ client_id: 'konexus-demo-client', iss: 'http://127.0.0.1:5000' }), 'local');
    assert.equal(owner({ client_id: 'konexus-demo-client', iss: 'https://auth.konexus.com/' }, 'staging'), 'demo');
    // the user's client id from another server (a hostile workspace's token) is nobody's
    assert.equal(owner({ client_id: 'konexus-demo-client', iss: 'http://127.0.0.1:6666' }), undefined);
    assert.equal(owner({ client_id: 'konexus-demo-client', iss: 'https://auth.konexus.com.evil.test' }), undefined);
    assert.equal(owner({ client_id: 'konexus-demo-client' }), undefined);
    assert.equal(owner({ client_id: 'konexus-demo-client', iss: 42 }), undefined);
    assert.equal(owner({ iss: 'https://auth.konexus.com' }), undefined);
  });
});

describe('httpFiles: which .env values a token may overwrite', () => {
  it('an empty value, or a token one of the profiles was issued (expired too)', () => {
    assert.equal(isReplaceableDotenvValue(''), true);
    assert.equal(isReplaceableDotenvValue('  '), true);
    assert.equal(isReplaceableDotenvValue(unsigned({ client_id: 'konexus-demo-client', iss: 'https://auth.konexus.com', exp: NOW / 1000 + 3600 })), true);
    assert.equal(isReplaceableDotenvValue(unsigned({ client_id: 'konexus-demo-client', iss: 'https://auth.konexus.com/', exp: NOW / 1000 - 86_400 })), true);
  });

  it('another client-credentials access token (a removed profile\'s, or one a cloned folder planted)', () => {
    assert.equal(isReplaceableDotenvValue(unsigned({ client_id: 'someone-else', iss: 'https://auth.konexus.com' })), true);
    assert.equal(isReplaceableDotenvValue(unsigned({ client_id: 'konexus-demo-client', iss: 'https://idp.example.com' })), true);
  });

  it('never the user\'s own entry: a URL, a placeholder, another service\'s key, a JWT that is no client access token', () => {
    for (const value of ['postgres://app:s3cret@db.internal:5432/app', 'changeme', 'ghp_0123456789abcdefghijABCDEFGHIJ012345', 'a.b.c']) {
      assert.equal(isReplaceableDotenvValue(value), false, value);
    }
    assert.equal(isReplaceableDotenvValue(unsigned({ sub: 'user', iss: 'https://auth.konexus.com' })), false);
    assert.equal(isReplaceableDotenvValue(unsigned({ client_id: 'konexus-demo-client' })), false, 'no issuer');
  });
});

describe('httpFiles: kept files', () => {
  it('remembers paths, key names and profiles only, and drops corrupted entries', async () => {
    const store = new MemoryMemento();
    const managed = new ManagedFiles(store, () => undefined);
    let changes = 0;
    managed.onDidChange(() => changes++);
    await managed.setDotenv('file:///w/.env', { key: 'KONEXUS_TOKEN', profile: undefined });
    await managed.setDotenv('file:///w/api/.env', { key: 'K', profile: 'staging' });
    await managed.setVariableDocument('file:///w/a.http', { name: 'konexusToken' });
    assert.deepEqual(managed.dotenv('file:///w/.env'), { key: 'KONEXUS_TOKEN' });
    assert.deepEqual(managed.dotenvFiles().map(([uri]) => uri), ['file:///w/.env', 'file:///w/api/.env']);
    assert.deepEqual(managed.variableDocument('file:///w/a.http'), { name: 'konexusToken' });
    assert.equal(store.values.get(MANAGED_FILES_KEY), '{"dotenv":{"file:///w/.env":{"key":"KONEXUS_TOKEN"},"file:///w/api/.env":{"key":"K","profile":"staging"}},"fileVariable":{"file:///w/a.http":{"name":"konexusToken"}}}');
    await managed.removeDotenv('file:///w/.env');
    await managed.removeDotenv('file:///w/none');
    await managed.removeVariableDocument('file:///w/a.http');
    assert.deepEqual(managed.dotenvFiles(), [['file:///w/api/.env', { key: 'K', profile: 'staging' }]]);
    assert.equal(changes, 5);

    await store.update(MANAGED_FILES_KEY, { dotenv: { a: { key: 1 }, b: { key: 'K', profile: 7 }, c: { key: 'K', extra: 'x' } }, fileVariable: [] });
    assert.deepEqual(managed.dotenvFiles(), [['c', { key: 'K' }]]);
    await store.update(MANAGED_FILES_KEY, 'garbage');
    assert.deepEqual(managed.dotenvFiles(), []);
  });
});
