import assert from 'node:assert/strict';
import { decodeJwt } from '../../src/core/jwt/decode';
import type { DecodedJwt } from '../../src/core/jwt/decode';
import { ProductionConfirmations, isAdminToken, isProduction } from '../../src/core/tokens/production';
import { productionConfirmText } from '../../src/tokens/model/productionWords';
import { toProfile } from '../../src/core/tokens/profiles';
import type { TokenState } from '../../src/core/tokens/tokenState';
import { tokenHoverMarkdown } from '../../src/inspector/model/hoverMarkdown';
import { inspectorNodes } from '../../src/inspector/model/inspectionNodes';
import { statusView } from '../../src/tokens/model/statusView';
import { b64url, konexusClaims } from './lib/jwtTestKit';
import { decodeErrorText } from '../../src/platform/model/words/decodeWords';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const MIN = 60_000;

function token(claims: Record<string, unknown>): DecodedJwt {
  const decoded = decodeJwt(`${b64url(JSON.stringify({ alg: 'RS256', typ: 'at+jwt' }))}.${b64url(JSON.stringify(claims))}.c2lnbmF0dXJl`);
  if (!decoded.ok) throw new Error(decodeErrorText(decoded));
  return decoded.token;
}

describe('production guard rails (pure rules)', () => {
  it('a profile at the production authority is production, whatever its name or how the authority was typed', () => {
    assert.equal(isProduction(toProfile({ name: 'p', clientId: 'c' })), true); // the default authority
    assert.equal(isProduction(toProfile({ name: 'p', clientId: 'c', authority: 'HTTPS://Auth.AlertSense.com/' })), true);
    assert.equal(isProduction(toProfile({ name: 'p', clientId: 'c', authority: 'https://auth.alertsense.com/.well-known/openid-configuration' })), true);
    assert.equal(isProduction(toProfile({ name: 'p', clientId: 'c', authority: 'https://auth.alertsense.com.evil.test' })), false);
    assert.equal(isProduction(toProfile({ name: 'p', clientId: 'c', authority: 'https://staging-auth.alertsense.com' })), false);
    assert.equal(isProduction(toProfile({ name: 'p', clientId: 'c', authority: 'http://127.0.0.1:5000' })), false);
  });

  it('the user marks any profile as production; only the boolean true counts and it survives toProfile', () => {
    const marked = toProfile({ name: 'p', clientId: 'c', authority: 'http://127.0.0.1:5000', production: true });
    assert.equal(marked.production, true);
    assert.equal(isProduction(marked), true);
    for (const production of ['true', 1, false, undefined]) {
      const profile = toProfile({ name: 'p', clientId: 'c', authority: 'http://127.0.0.1:5000', production });
      assert.equal('production' in profile, false, `production: ${String(production)}`);
      assert.equal(isProduction(profile), false);
    }
  });

  it('admin claims: Konexus sends the string "true"/"false"; a boolean counts too', () => {
    assert.equal(isAdminToken({ admin: 'true' }), true);
    assert.equal(isAdminToken({ admin: 'True' }), true);
    assert.equal(isAdminToken({ admin: true }), true);
    assert.equal(isAdminToken({ admin: 'false' }), false);
    assert.equal(isAdminToken({ admin: false }), false);
    assert.equal(isAdminToken({ admin: 1 }), false);
    assert.equal(isAdminToken({}), false);
    assert.equal(isAdminToken(undefined), false);
  });

  it('confirmations are per profile, destination and target, and forgotten with the profile', () => {
    const c = new ProductionConfirmations();
    c.add('prod', 'clipboard');
    c.add('prod', 'dotenv', 'api/.env');
    assert.equal(c.has('prod', 'clipboard'), true);
    assert.equal(c.has('prod', 'terminal'), false);
    assert.equal(c.has('prod', 'dotenv', 'other/.env'), false);
    assert.equal(c.has('prod', 'dotenv', 'api/.env'), true);
    assert.equal(c.has('prod2', 'clipboard'), false);
    c.forgetProfile('prod');
    assert.equal(c.has('prod', 'clipboard'), false);
    assert.equal(c.has('prod', 'dotenv', 'api/.env'), false);
  });

  it('the modal names the profile and where the token goes', () => {
    const text = productionConfirmText('live', 'dotenv', 'api/.env');
    assert.match(text, /"live" is a PRODUCTION profile/);
    assert.match(text, /api\/\.env/);
    assert.match(productionConfirmText('live', 'clipboard'), /clipboard/);
    assert.match(productionConfirmText('live', 'terminal'), /KONEXUS_TOKEN/);
  });
});

describe('production at a glance', () => {
  const state = (leftMs: number): TokenState => ({
    status: 'valid', lastError: undefined, nextAttemptAt: undefined, consecutiveFailures: 0,
    token: { accessToken: 'x', tokenType: 'bearer', scope: 'tamarack', issuedAt: NOW - MIN, expiresAt: NOW + leftMs, issuer: 'i' },
  });

  it('the status bar says PRODUCTION with its own icon; a failure keeps its error icon and colour', () => {
    const view = statusView('prod', state(42 * MIN + 1), NOW, false, true);
    assert.equal(view.text, '$(flame) Konexus · prod · PRODUCTION · 42m');
    assert.equal(view.severity, 'normal');
    assert.equal(statusView('prod', state(42 * MIN + 1), NOW).text, '$(key) Konexus · prod · 42m');
    const expired = statusView('prod', state(-1), NOW, false, true);
    assert.equal(expired.text, '$(error) Konexus · prod · PRODUCTION · expired');
    assert.equal(expired.severity, 'error');
    assert.equal(statusView('prod', state(2 * MIN), NOW, false, true).severity, 'warning');
  });

  it('an admin token is marked in the hover and the inspector summary; a non-admin one is not', () => {
    const admin = token(konexusClaims(NOW, { admin: 'true', exp: Math.floor(NOW / 1000) + 3600 }));
    const plain = token(konexusClaims(NOW, { admin: 'false', exp: Math.floor(NOW / 1000) + 3600 }));
    assert.match(tokenHoverMarkdown(admin, NOW, undefined, 'command:x'), /\$\(shield\) ADMIN token/);
    assert.doesNotMatch(tokenHoverMarkdown(plain, NOW, undefined, 'command:x'), /ADMIN/);
    const summary = (t: DecodedJwt) => inspectorNodes({ kind: 'token', token: t, origin: 'argument', keys: 'k' }, NOW).find(n => n.id === 'summary');
    assert.match(summary(admin)?.description ?? '', /^ADMIN · /);
    assert.match(summary(admin)?.tooltip ?? '', /ADMIN token/);
    assert.doesNotMatch(summary(plain)?.description ?? '', /ADMIN/);
  });
});
