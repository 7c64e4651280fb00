import assert from 'node:assert/strict';
import { KonexusError } from '../../src/core/errors';
import type { TokenState } from '../../src/core/tokens/tokenState';
import { formatTimeLeft } from '../../src/platform/model/words/timeWords';
import { statusView } from '../../src/tokens/model/statusView';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const MIN = 60_000;
const token = (leftMs: number) => ({ accessToken: 'x', tokenType: 'bearer', scope: 'tamarack', issuedAt: NOW - 10 * MIN, expiresAt: NOW + leftMs, issuer: 'i' });
const state = (partial: Partial<TokenState>): TokenState => ({ status: 'valid', token: undefined, lastError: undefined, nextAttemptAt: undefined, consecutiveFailures: 0, ...partial });

describe('status bar text', () => {
  it('formats time left at minute resolution', () => {
    assert.equal(formatTimeLeft(59_999), '<1m');
    assert.equal(formatTimeLeft(42 * MIN + 59_000), '42m');
    assert.equal(formatTimeLeft(65 * MIN), '1h 05m');
  });

  it('shows profile and time left, and wakes only when the minute changes', () => {
    const view = statusView('staging', state({ token: token(42 * MIN + 30_000) }), NOW);
    assert.equal(view.text, '$(key) Konexus · staging · 42m');
    assert.equal(view.severity, 'normal');
    assert.equal(view.nextChangeAt, NOW + 30_000);
  });

  it('warns when close to expiry, errors when expired or failing without a valid token', () => {
    assert.equal(statusView('s', state({ token: token(4 * MIN) }), NOW).severity, 'warning');
    assert.equal(statusView('s', state({ token: token(-1) }), NOW).text, '$(error) Konexus · s · expired');
    const refused = new KonexusError('invalid_client', { area: 'token', kind: 'secretRejected', url: 'https://auth.example.test/connect/token', clientId: 'c', said: undefined });
    const failed = statusView('s', state({ status: 'failed', lastError: refused }), NOW);
    assert.equal(failed.severity, 'error');
    assert.equal(failed.text, '$(error) Konexus · s · failed');
    assert.match(failed.summary, /auth\.example\.test rejected the client id "c" or its secret \(invalid_client\)\. Check both/, 'the error in words, not its code');
  });

  it('keeps showing a still-valid token in warning colours while retries fail', () => {
    const view = statusView('s', state({ status: 'retrying', token: token(30 * MIN), lastError: new KonexusError('server_error', { area: 'http', kind: 'serverError', operation: 'token', host: 'idp.test', status: 500 }) }), NOW);
    assert.equal(view.text, '$(warning) Konexus · s · 30m');
    assert.equal(view.severity, 'warning');
    assert.match(view.summary, /last refresh failed: idp\.test failed with HTTP 500 while asking for a token\./);
  });

  it('says signed out when no secret is stored and no token is left, not before', () => {
    const out = statusView('s', undefined, NOW, true);
    assert.equal(out.text, '$(sign-in) Konexus · s · signed out');
    assert.match(out.summary, /no client secret is stored.*sign in again/);
    const stillValid = statusView('s', { status: 'valid', token: { accessToken: 'x', tokenType: 'Bearer', expiresAt: NOW + 10 * 60_000 } } as never, NOW, true);
    assert.equal(stillValid.text, '$(key) Konexus · s · 10m', 'a token still valid keeps working until it expires');
  });

  it('says when there is no token yet', () => {
    assert.equal(statusView('s', undefined, NOW).text, '$(key) Konexus · s · no token');
    assert.equal(statusView('s', state({ status: 'refreshing' }), NOW).text, '$(sync~spin) Konexus · s');
  });
});
