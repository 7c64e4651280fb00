import assert from 'node:assert/strict';
import { JwksCache } from '../../src/core/jwt/jwks';
import { CONFIRMED_ISSUERS_KEY, ConfirmedIssuers, MAX_CONFIRMED_ISSUERS } from '../../src/inspector/model/confirmedIssuers';
import type { CheckId, CheckWhy } from '../../src/core/jwt/verify';
import { inspectionCheckReason, noKeysText, type InspectionReport, type InspectionWhy } from '../../src/inspector/model/inspectionCheckWords';
import { inspectorNodes } from '../../src/inspector/model/inspectionNodes';
import { flattenNodes } from '../../src/inspector/model/inspectionModel';
import { decodeJwt } from '../../src/core/jwt/decode';
import { describePlan, planKeys, verifyForInspection } from '../../src/inspector/model/verification';
import { JwksServer, konexusClaims, makeRsaKey, sign } from './lib/jwtTestKit';
import { MemoryMemento } from './lib/memoryStores';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const demo = { name: 'demo', authority: 'https://auth.example.test' };

describe('trusting a token issuer once', () => {
  it('keeps confirmed issuers normalised, without duplicates, oldest dropped past the cap', async () => {
    const state = new MemoryMemento();
    const issuers = new ConfirmedIssuers(state);
    assert.deepEqual(issuers.list(), []);
    assert.equal(await issuers.add('https://Other.Example.test/'), 'https://other.example.test');
    assert.equal(await issuers.add('https://other.example.test'), 'https://other.example.test');
    assert.deepEqual(issuers.list(), ['https://other.example.test']);
    assert.equal(issuers.has('https://OTHER.example.test/'), true);
    assert.equal(issuers.has('https://other.example.test/tenant'), false);
    for (let i = 0; i < MAX_CONFIRMED_ISSUERS + 5; i++) await issuers.add(`https://issuer-${i}.example.test`);
    const list = issuers.list();
    assert.equal(list.length, MAX_CONFIRMED_ISSUERS);
    assert.equal(list.at(-1), `https://issuer-${MAX_CONFIRMED_ISSUERS + 4}.example.test`);
    assert.equal(issuers.has('https://other.example.test'), false, 'the oldest is forgotten first');
  });

  it('refuses what could never be trusted: plain http off loopback, non-URLs, non-strings', async () => {
    const issuers = new ConfirmedIssuers(new MemoryMemento());
    for (const bad of ['http://evil.example', 'javascript:alert(1)', 'not a url', '', 42, undefined, { href: 'https://x' }]) {
      assert.equal(await issuers.add(bad), undefined, String(bad));
    }
    assert.deepEqual(issuers.list(), []);
    assert.equal(await issuers.add('http://127.0.0.1:5080'), 'http://127.0.0.1:5080', 'loopback http is allowed, as for profiles');
  });

  it('ignores whatever else is in the store (a hand-edited or older state) instead of trusting it', async () => {
    const state = new MemoryMemento();
    await state.update(CONFIRMED_ISSUERS_KEY, ['https://ok.example.test', 'http://evil.example', 7, null, 'https://ok.example.test/']);
    assert.deepEqual(new ConfirmedIssuers(state).list(), ['https://ok.example.test']);
    await state.update(CONFIRMED_ISSUERS_KEY, { 'https://x.example.test': true });
    assert.deepEqual(new ConfirmedIssuers(state).list(), []);
  });

  it('forgets some or all, and says how many', async () => {
    const state = new MemoryMemento();
    const issuers = new ConfirmedIssuers(state);
    await issuers.add('https://a.example.test');
    await issuers.add('https://b.example.test');
    assert.equal(await issuers.forget(['https://A.example.test/', 'https://never.example.test']), 1);
    assert.deepEqual(issuers.list(), ['https://b.example.test']);
    assert.equal(await issuers.forget(), 1);
    assert.equal(state.get(CONFIRMED_ISSUERS_KEY), undefined);
  });

  it('plans the keys of a confirmed issuer, and offers to confirm only an issuer that could be trusted', () => {
    const unknown = planKeys('https://other.example.test/', [demo]);
    assert.equal(unknown.kind, 'none');
    assert.equal(unknown.kind === 'none' && unknown.confirmable, 'https://other.example.test');
    const trusted = planKeys('https://other.example.test/', [demo], undefined, ['https://other.example.test']);
    assert.deepEqual(trusted, { kind: 'issuer', issuer: 'https://other.example.test' });
    assert.equal(describePlan(trusted), 'the keys of https://other.example.test (an issuer you trusted)');
    // A profile still wins over a confirmation of the same issuer.
    assert.equal(planKeys('https://auth.example.test', [demo], undefined, ['https://auth.example.test']).kind, 'profile');
    const http = planKeys('http://evil.example', [demo], undefined, ['http://evil.example']);
    assert.ok(http.kind === 'none' && http.confirmable === undefined);
    assert.match(noKeysText(http.why), /not an https URL.*never fetched/);
  });

  describe('verifying with the keys of a confirmed issuer', () => {
    let server: JwksServer;
    before(async () => { server = await new JwksServer().start(); });
    after(() => server.close());

    it('discovers the issuer and checks the signature and iss against it', async () => {
      const key = await makeRsaKey('KID-OTHER');
      server.keys = [key.publicJwk];
      server.requests = 0;
      const issuer = 'https://other.example.test';
      const discovered: string[] = [];
      const deps = {
        discover: async (authority: string) => { discovered.push(authority); return { issuer, jwksUri: server.uri('/other/jwks') }; },
        jwks: new JwksCache(),
        nowMs: NOW,
        clockToleranceSeconds: 60,
      };
      const report = await verifyForInspection(await sign(key, konexusClaims(NOW, { iss: issuer })), { kind: 'issuer', issuer }, deps);
      assert.equal(report.valid, true, JSON.stringify(report.checks));
      assert.deepEqual(discovered, [issuer]);
      assert.equal(server.requests, 1);
      const down = await verifyForInspection(await sign(key, konexusClaims(NOW, { iss: issuer })), { kind: 'issuer', issuer }, {
        ...deps, discover: async () => { throw new Error('HTTP 404'); },
      });
      assert.equal(down.checks[0]!.why.kind, 'inspectorIssuerKeysNotFound');
      assert.match(inspectionCheckReason(down.checks[0]!), /the keys of the issuer https:\/\/other\.example\.test could not be found: HTTP 404/);
    });
  });

  it('shows "Trust this issuer and verify…" under the skipped signature, and only then', () => {
    const decoded = decodeJwt(`${Buffer.from('{"alg":"RS256","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify(konexusClaims(NOW, { iss: 'https://other.example.test' }))).toString('base64url')}.c2ln`);
    assert.ok(decoded.ok);
    const WHY: Record<CheckId, InspectionWhy | CheckWhy> = {
      signature: { kind: 'inspectorNoKeys', plan: { kind: 'issuerNotAProfile', issuer: 'https://other.example.test' } },
      alg: { kind: 'algAllowed', alg: 'RS256' },
      typ: { kind: 'typIs', typ: 'at+jwt' },
      iss: { kind: 'inspectorIssuerNotAProfile' },
      aud: { kind: 'audIs', aud: 'tamarack' },
      exp: { kind: 'expires', expMs: NOW + 60_000, nowMs: NOW },
      nbf: { kind: 'nbfAbsent' },
    };
    const report = {
      valid: false,
      keySource: { kind: 'none' },
      checks: (['signature', 'alg', 'typ', 'iss', 'aud', 'exp', 'nbf'] as const).map(id => ({ id, status: id === 'signature' || id === 'iss' ? 'skip' as const : 'pass' as const, why: WHY[id] })),
    } satisfies InspectionReport;
    const base = { kind: 'token' as const, token: decoded.token, origin: 'input' as const, keys: 'not verified', report, verifiedAtMs: NOW };
    const offered = flattenNodes(inspectorNodes({ ...base, confirmableIssuer: 'https://other.example.test' }, NOW));
    const validation = offered.find(n => n.id === 'validation')!;
    assert.deepEqual(validation.children!.map(n => n.id).slice(0, 3), ['check:signature', 'action:trustIssuer', 'check:alg']);
    const action = offered.find(n => n.id === 'action:trustIssuer')!;
    assert.deepEqual(action.action, { kind: 'confirmIssuer', issuer: 'https://other.example.test' });
    assert.equal(action.value, undefined, 'nothing to copy: it is an action');
    assert.equal(flattenNodes(inspectorNodes(base, NOW)).some(n => n.id === 'action:trustIssuer'), false);
  });
});
