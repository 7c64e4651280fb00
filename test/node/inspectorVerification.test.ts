import assert from 'node:assert/strict';
import { JwksCache } from '../../src/core/jwt/jwks';
import { inspectionCheckReason, noKeysText, type InspectionReport as VerificationReport } from '../../src/inspector/model/inspectionCheckWords';
import {
  describePlan, KONEXUS_AUDIENCE, normalizeIssuer, planForProfile, planKeys, verifyForInspection, type InspectionVerifyDeps, type KeyPlan,
} from '../../src/inspector/model/verification';
import { SEED_TOKEN } from './fixtures/seed-token';
import { JwksServer, konexusClaims, makeRsaKey, sign } from './lib/jwtTestKit';
import type { TestKey } from './lib/jwtTestKit';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const ISSUER = 'https://auth.example.test';
const demo = { name: 'demo', authority: ISSUER };

const status = (report: VerificationReport) => Object.fromEntries(report.checks.map(c => [c.id, c.status]));
const reason = (report: VerificationReport, id: string) => { const check = report.checks.find(c => c.id === id); return check ? inspectionCheckReason(check) : ''; };

describe('inspector: which keys verify a token', () => {
  it('matches the token issuer to a profile authority, normalised', () => {
    assert.equal(normalizeIssuer('https://Auth.Example.test/'), 'https://auth.example.test');
    assert.equal(normalizeIssuer('https://auth.example.test/tenant/'), 'https://auth.example.test/tenant');
    for (const iss of [ISSUER, `${ISSUER}/`, 'https://AUTH.example.test']) {
      const plan = planKeys(iss, [demo]);
      assert.equal(plan.kind, 'profile', iss);
      assert.equal(plan.kind === 'profile' && plan.profile.name, 'demo');
    }
  });

  it('prefers the active profile when several share the issuer', () => {
    const plan = planKeys(ISSUER, [demo, { name: 'other', authority: `${ISSUER}/` }], 'other');
    assert.ok(plan.kind === 'profile');
    assert.equal(plan.profile.name, 'other');
  });

  it('plans no keys (so no request) for any other issuer, and says how to fix it', () => {
    for (const iss of ['https://evil.example', `${ISSUER}/other`, 'http://auth.example.test', 'not a url', '']) {
      const plan = planKeys(iss, [demo]);
      assert.equal(plan.kind, 'none', iss);
    }
    const plan = planKeys('https://x.example', [demo]);
    assert.ok(plan.kind === 'none');
    assert.deepEqual(plan.why, { kind: 'issuerNotAProfile', issuer: 'https://x.example' });
    assert.equal(noKeysText(plan.why), "issuer https://x.example is not one of your profiles' authorities: signature not checked. Trust this issuer to fetch its keys, or add a profile for it.");
    assert.match(describePlan(plan), /^not verified: issuer https:\/\/x\.example/);
    const noKeys = (iss: unknown) => { const none = planKeys(iss, [demo]); assert.ok(none.kind === 'none'); return noKeysText(none.why); };
    assert.match(noKeys(undefined), /no iss claim/);
    assert.match(noKeys(42), /not text/);
    assert.equal(noKeys('https://x.example/\u0085a\nb'), "issuer https://x.example/ a b is not one of your profiles' authorities: signature not checked. Trust this issuer to fetch its keys, or add a profile for it.");
    assert.equal(describePlan(planForProfile(demo)), `the keys of profile "demo" (${ISSUER})`);
  });
});

describe('inspector: verifying with the planned keys', function () {
  let server: JwksServer;
  let key: TestKey;
  let paths = 0;
  let jwksUri: string;
  let discovered: string[];

  const deps = (overrides: Partial<InspectionVerifyDeps> = {}): InspectionVerifyDeps => ({
    discover: async authority => {
      discovered.push(authority);
      return { issuer: ISSUER, jwksUri };
    },
    jwks: new JwksCache(),
    nowMs: NOW,
    clockToleranceSeconds: 60,
    ...overrides,
  });
  const profilePlan: KeyPlan = { kind: 'profile', profile: demo, why: 'issuer' };

  before(async () => {
    key = await makeRsaKey('KID-1RS256');
    server = await new JwksServer().start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.keys = [key.publicJwk];
    server.requests = 0;
    jwksUri = server.uri(`/jwks/${++paths}`);
    discovered = [];
  });

  it('passes every check for a good token from a profile issuer, audience tamarack', async () => {
    assert.equal(KONEXUS_AUDIENCE, 'tamarack');
    const report = await verifyForInspection(await sign(key, konexusClaims(NOW, { iss: ISSUER })), profilePlan, deps());
    assert.equal(report.valid, true, JSON.stringify(report.checks));
    assert.match(reason(report, 'signature'), /kid KID-1RS256/);
    assert.deepEqual(discovered, [ISSUER]);
    assert.equal(server.requests, 1);
  });

  it('fails the signature of a token changed after signing', async () => {
    const good = await sign(key, konexusClaims(NOW, { iss: ISSUER }));
    const [h, , s] = good.split('.');
    const payload = Buffer.from(JSON.stringify(konexusClaims(NOW, { iss: ISSUER, tenantId: '9999' }))).toString('base64url');
    const report = await verifyForInspection(`${h}.${payload}.${s}`, profilePlan, deps());
    assert.equal(status(report).signature, 'fail');
    assert.match(reason(report, 'signature'), /altered after signing/);
  });

  it('fails aud for a token for another API', async () => {
    const report = await verifyForInspection(await sign(key, konexusClaims(NOW, { iss: ISSUER, aud: 'other-api' })), profilePlan, deps());
    assert.equal(status(report).aud, 'fail');
    assert.equal(reason(report, 'aud'), "aud is 'other-api', expected 'tamarack'");
  });

  it('checks nothing remote for a token from an unknown issuer: signature and iss skipped with reasons', async () => {
    const token = await sign(key, konexusClaims(NOW, { iss: 'https://elsewhere.example' }));
    const plan = planKeys('https://elsewhere.example', [demo]);
    const report = await verifyForInspection(token, plan, deps());
    assert.deepEqual(discovered, []);
    assert.equal(server.requests, 0);
    assert.equal(status(report).signature, 'skip');
    assert.match(reason(report, 'signature'), /not one of your profiles' authorities.*Trust this issuer.*add a profile/);
    assert.equal(status(report).iss, 'skip');
    assert.match(reason(report, 'iss'), /no profile's authority/);
    assert.equal(status(report).exp, 'pass');
    assert.equal(report.valid, false);
  });

  it('decodes the seed token: expired, signature skipped, nothing fetched', async () => {
    const report = await verifyForInspection(SEED_TOKEN, planKeys('https://auth.alertsense.com', [demo]), deps());
    assert.equal(status(report).signature, 'skip');
    assert.equal(status(report).exp, 'fail');
    assert.match(reason(report, 'exp'), /^expired/);
    assert.equal(status(report).typ, 'pass');
    assert.equal(status(report).aud, 'pass');
    assert.deepEqual(discovered, []);
  });

  it('fails the signature, with the reason, when the profile issuer cannot be discovered or publishes no keys', async () => {
    const token = await sign(key, konexusClaims(NOW, { iss: ISSUER }));
    const down = await verifyForInspection(token, profilePlan, deps({ discover: async () => { throw new Error('connection refused'); } }));
    assert.equal(status(down).signature, 'fail');
    assert.match(reason(down, 'signature'), /keys of profile "demo" could not be found: connection refused/);
    assert.equal(status(down).iss, 'pass');
    const noKeys = await verifyForInspection(token, profilePlan, deps({ discover: async () => ({ issuer: ISSUER, jwksUri: undefined }) }));
    assert.equal(status(noKeys).signature, 'fail');
    assert.match(reason(noKeys, 'signature'), /names no jwks_uri/);
  });

  it('reports a token that does not decode without throwing', async () => {
    const report = await verifyForInspection('abc', profilePlan, deps());
    assert.equal(report.valid, false);
    assert.equal(report.decodeError?.code, 'segment_count');
  });
});
