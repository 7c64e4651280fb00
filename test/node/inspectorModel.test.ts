import assert from 'node:assert/strict';
import { decodeJwt } from '../../src/core/jwt/decode';
import type { DecodedJwt } from '../../src/core/jwt/decode';
import type { InspectionReport as VerificationReport } from '../../src/inspector/model/inspectionCheckWords';
import { inspectorNodes, inspectResult } from '../../src/inspector/model/inspectionNodes';
import { MAX_SHOWN_NESTING } from '../../src/inspector/model/tokenNodes';
import { flattenNodes, stateText, type InspectorContent, type InspectorNode } from '../../src/inspector/model/inspectionModel';
import { tokenArgument, tokenInSelection } from '../../src/inspector/model/inspectCommandIo';
import { SEED_EXP, SEED_TOKEN } from './fixtures/seed-token';
import { b64url, konexusClaims } from './lib/jwtTestKit';
import { decodeErrorText } from '../../src/platform/model/words/decodeWords';

const NOW = Date.UTC(2026, 10, 29, 12, 38, 0);
const SIGNATURE = 'c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJl';

function token(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'ABCDEF0123RS256', x5t: 'iMdXhukyUn5z7oyAFnZESpCrlt4', typ: 'at+jwt' }): DecodedJwt {
  const decoded = decodeJwt(`${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${SIGNATURE}`);
  if (!decoded.ok) throw new Error(decodeErrorText(decoded));
  return decoded.token;
}

const konexus = () => token(konexusClaims(NOW, { exp: Math.floor(NOW / 1000) + 42 * 60, globalTenantId: 'id.konexuscp', name: 'Demo' }));

const passReport: VerificationReport = {
  valid: true,
  keySource: { kind: 'jwks', uri: 'http://127.0.0.1:1/jwks' },
  kid: 'ABCDEF0123RS256',
  checks: [
    { id: 'signature', status: 'pass', why: { kind: 'signatureValid', signer: { kind: 'jwks', url: 'http://127.0.0.1:1/jwks', kid: 'ABCDEF0123RS256' } } },
    { id: 'alg', status: 'pass', why: { kind: 'algAllowed', alg: 'RS256' } },
    { id: 'typ', status: 'pass', why: { kind: 'typIs', typ: 'at+jwt' } },
    { id: 'iss', status: 'pass', why: { kind: 'issIs', iss: 'https://auth.example.test' } },
    { id: 'aud', status: 'pass', why: { kind: 'audIs', aud: 'tamarack' } },
    { id: 'exp', status: 'pass', why: { kind: 'expires', expMs: NOW + 42 * 60_000, nowMs: NOW } },
    { id: 'nbf', status: 'pass', why: { kind: 'becameValid', nbfMs: NOW - 60_000, nowMs: NOW } },
  ],
};

function content(t: DecodedJwt, report?: VerificationReport): InspectorContent {
  return { kind: 'token', token: t, origin: 'argument', keys: 'the keys of profile "demo" (https://auth.example.test)', ...(report && { report }) };
}
const byId = (nodes: InspectorNode[]) => new Map(flattenNodes(nodes).map(n => [n.id, n]));

describe('inspector model: the tree of an inspected token', () => {
  it('has the summary, Validation, Claims, Header and Raw token roots', () => {
    const roots = inspectorNodes(content(konexus(), passReport), NOW);
    assert.deepEqual(roots.map(n => n.id), ['summary', 'validation', 'claims', 'header', 'raw']);
    assert.equal(roots[0]!.label, 'Access token (at+jwt)');
    assert.equal(roots[0]!.description, 'valid · expires in 42 min · verified');
    assert.equal(roots[0]!.icon, 'pass');
  });

  it('shows times as a UTC date and relative, and Konexus claims by their names', () => {
    const nodes = byId(inspectorNodes(content(konexus()), NOW));
    assert.equal(nodes.get('claim:exp')?.label, 'Expires');
    assert.equal(nodes.get('claim:exp')?.description, '2026-11-29 13:20:00 UTC · in 42 min');
    assert.equal(nodes.get('claim:exp')?.value, String(Math.floor(NOW / 1000) + 42 * 60));
    assert.equal(nodes.get('claim:tenantId')?.label, 'Tenant');
    assert.equal(nodes.get('claim:tenantId')?.description, '1741');
    assert.equal(nodes.get('claim:globalTenantId')?.label, 'Global tenant');
    assert.equal(nodes.get('claim:admin')?.label, 'Admin');
    assert.equal(nodes.get('claim:admin')?.description, 'No');
    assert.equal(nodes.get('claim:admin')?.value, 'false');
    assert.equal(nodes.get('claim:client_id')?.label, 'Client');
    assert.equal(nodes.get('claim:scope')?.label, 'Scopes');
    assert.equal(nodes.get('claim:scope')?.description, 'tamarack');
  });

  it('lists several scopes as children, each copyable', () => {
    const nodes = byId(inspectorNodes(content(token(konexusClaims(NOW, { scope: ['tamarack', 'read'] }))), NOW));
    assert.deepEqual(nodes.get('claim:scope')?.children?.map(c => c.label), ['tamarack', 'read']);
    assert.equal(nodes.get('claim:scope')?.value, 'tamarack read');
    assert.equal(nodes.get('claim:scope:1')?.value, 'read');
  });

  it('shows the header: alg, kid, x5t, typ', () => {
    const nodes = byId(inspectorNodes(content(konexus()), NOW));
    assert.deepEqual(nodes.get('header')?.children?.map(c => `${c.label}=${c.description}`), [
      'alg=RS256', 'kid=ABCDEF0123RS256', 'x5t=iMdXhukyUn5z7oyAFnZESpCrlt4', 'typ=at+jwt',
    ]);
  });

  it('says "verifying…" until the report comes, then one node per check with its status icon', () => {
    const pending = byId(inspectorNodes(content(konexus()), NOW));
    assert.equal(pending.get('validation')?.description, 'verifying…');
    assert.equal(pending.get('validation')?.icon, 'pending');
    assert.deepEqual(pending.get('validation')?.children?.map(c => c.id), ['check:pending']);

    const failed: VerificationReport = {
      ...passReport,
      valid: false,
      checks: passReport.checks.map(c => (c.id === 'exp' ? { id: 'exp', status: 'fail', why: { kind: 'expired', expMs: NOW - 3 * 3_600_000, nowMs: NOW } } : c.id === 'nbf' ? { id: 'nbf', status: 'skip', why: { kind: 'nbfAbsent' } } : c)),
    };
    const done = byId(inspectorNodes(content(konexus(), failed), NOW));
    const checks = done.get('validation')?.children ?? [];
    assert.deepEqual(checks.map(c => `${c.id} ${c.icon}`), [
      'check:signature pass', 'check:alg pass', 'check:typ pass', 'check:iss pass', 'check:aud pass', 'check:exp fail', 'check:nbf skip',
    ]);
    assert.equal(done.get('check:exp')?.label, 'Expiry (exp)');
    assert.equal(done.get('check:exp')?.description, 'expired 3 h ago (exp 2026-11-29 09:38:00 UTC)');
    assert.equal(done.get('check:nbf')?.description, 'no nbf claim');
    assert.equal(done.get('check:signature')?.description, 'the signature is valid: signed by kid ABCDEF0123RS256 from http://127.0.0.1:1/jwks');
    assert.match(done.get('validation')?.tooltip ?? '', /\(JWKS http:\/\/127\.0\.0\.1:1\/jwks\)$/);
    assert.equal(done.get('validation')?.description, '1 failed');
    assert.equal(done.get('validation')?.icon, 'fail');
    assert.equal(done.get('summary')?.icon, 'fail');
  });

  it('marks a token whose signature was not checked as a warning, not a pass', () => {
    const skipped: VerificationReport = { ...passReport, valid: false, checks: passReport.checks.map(c => (c.id === 'signature' ? { id: 'signature', status: 'skip', why: { kind: 'inspectorNoKeys', plan: { kind: 'issuerNotAProfile', issuer: 'https://x.example' } } } : c)) };
    const nodes = byId(inspectorNodes(content(konexus(), skipped), NOW));
    assert.equal(nodes.get('summary')?.icon, 'warning');
    assert.equal(nodes.get('validation')?.icon, 'skip');
    assert.equal(nodes.get('validation')?.description, 'signature not checked');
    assert.equal(nodes.get('check:signature')?.icon, 'skip');
  });

  it('makes every leaf copyable and never shows the raw token; only the Raw token node copies it', () => {
    const t = konexus();
    const all = flattenNodes(inspectorNodes(content(t, passReport), NOW));
    for (const node of all.filter(n => !n.children?.length)) assert.ok(node.value !== undefined, `${node.id} has nothing to copy`);
    for (const node of all) {
      for (const text of [node.label, node.description, node.tooltip]) {
        assert.ok(!text?.includes(t.raw), `${node.id} shows the token`);
        assert.ok(!text?.includes(SIGNATURE), `${node.id} shows the signature`);
      }
    }
    const raw = all.find(n => n.id === 'raw');
    assert.equal(raw?.value, t.raw);
    assert.equal(raw?.context, 'rawToken');
    assert.equal(raw?.description, `…${t.raw.slice(-6)} · ${t.raw.length} characters`);
    assert.deepEqual(all.filter(n => n.value === t.raw).map(n => n.id), ['raw']);
  });

  it('says a time claim that is not a NumericDate in the summary and on the claim', () => {
    const millis = (Math.floor(NOW / 1000) + 3600) * 1000;
    const nodes = byId(inspectorNodes(content(token(konexusClaims(NOW, { exp: millis }))), NOW));
    const words = `exp is ${millis}, past the year 9999. It looks like milliseconds`;
    assert.ok(nodes.get('summary')?.tooltip?.includes(`Problem: ${words}`), nodes.get('summary')?.tooltip);
    assert.ok(nodes.get('claim:exp')?.tooltip?.includes(words), nodes.get('claim:exp')?.tooltip);
    assert.equal(nodes.get('claim:exp')?.icon, 'warning');
  });

  it('shows the seed token as expired', () => {
    const decoded = decodeJwt(SEED_TOKEN);
    assert.ok(decoded.ok);
    const nodes = byId(inspectorNodes(content(decoded.token), (SEED_EXP + 3 * 3600) * 1000));
    assert.equal(nodes.get('summary')?.description, 'expired 3 h ago · verifying…');
    assert.equal(nodes.get('summary')?.icon, 'fail');
    assert.equal(nodes.get('claim:exp')?.description, '2025-07-29 20:27:22 UTC · 3 h ago');
    assert.equal(nodes.get('claim:tenantId')?.description, '1741');
  });

  it('shows malformed input as one node with what is wrong and what to do', () => {
    const decoded = decodeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0');
    assert.ok(!decoded.ok);
    const roots = inspectorNodes({ kind: 'malformed', error: decoded, origin: 'input' }, NOW);
    assert.equal(roots.length, 1);
    assert.equal(roots[0]!.label, decodeErrorText(decoded));
    assert.match(roots[0]!.label, /2 segments.*truncated/);
    assert.equal(roots[0]!.icon, 'fail');
    assert.equal(roots[0]!.value, decodeErrorText(decoded));
    assert.deepEqual(inspectorNodes(undefined, NOW), []);
  });

  it('keeps claim values one short line', () => {
    const nodes = byId(inspectorNodes(content(token(konexusClaims(NOW, { note: `a\nb${'x'.repeat(500)}` }))), NOW));
    const note = nodes.get('claim:note');
    assert.ok(note?.description && note.description.length <= 200 && !note.description.includes('\n'));
    assert.ok(note?.tooltip && !note.tooltip.slice(0, 230).includes('\nb'));
  });

  it('shows a claim or header value nested too deep as such, and the rest of the token as usual', () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const decode = (header: string, payload: string) => {
      const decoded = decodeJwt(`${b64url(header)}.${b64url(payload)}.${SIGNATURE}`);
      assert.ok(decoded.ok, decoded.ok ? '' : decodeErrorText(decoded));
      return decoded.token;
    };
    // 23,000 deep, as in the review: 46 KiB of JSON, within the 64 KiB a token may have.
    const c = content(decode('{"alg":"RS256"}', `{"iss":"https://auth.example.test","deep":${deep(23_000)}}`), passReport);
    const other = content(decode(`{"alg":"RS256","x":{"y":${deep(20_000)}}}`, `{"edge":${deep(MAX_SHOWN_NESTING)},"over":${deep(MAX_SHOWN_NESTING + 1)},"aud":["a",${deep(300)}]}`));
    const nodes = new Map([...byId(inspectorNodes(c, NOW)), ...byId(inspectorNodes(other, NOW))]);
    for (const id of ['claim:deep', 'claim:over', 'claim:aud', 'header:x']) {
      assert.equal(nodes.get(id)?.description, 'nested too deep to show', id);
      assert.equal(nodes.get(id)?.icon, 'warning');
      assert.match(nodes.get(id)?.tooltip ?? '', /nested more than 100 levels deep/);
      assert.equal(nodes.get(id)?.children, undefined);
    }
    assert.equal(nodes.get('claim:edge')?.value, deep(MAX_SHOWN_NESTING), '100 levels are still shown');
    assert.equal(nodes.get('claim:iss')?.description, 'https://auth.example.test');
    assert.equal(nodes.get('header:alg')?.description, 'RS256');
    const result = inspectResult(c, NOW);
    assert.ok(result.ok && result.nodes.some(n => n.id === 'claim:deep'));
  });

  it('gives every node its own id, whatever the claim names', () => {
    const t = token({ 'x': ['a', 'b'], 'x:0': 1, 'x%3A0': 2, '%': ['c', 'd'], ':': 3, 'scope': ['s', 't'], 'scope:1': 4 }, { alg: 'RS256', 'a:b': 1, 'a%3Ab': 2 });
    const all = flattenNodes(inspectorNodes(content(t, passReport), NOW));
    const ids = all.map(n => n.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`);
    const nodes = byId(all);
    assert.equal(nodes.get('claim:x:0')?.value, 'a', 'an item keeps its id');
    assert.equal(nodes.get('claim:x%3A0')?.value, '1');
    assert.equal(nodes.get('claim:x%253A0')?.value, '2');
    assert.equal(nodes.get('claim:scope:1')?.value, 't');
    assert.equal(nodes.get('claim:scope%3A1')?.value, '4');
    assert.equal(nodes.get('header:a%3Ab')?.value, '1');
  });

  it('says each time state in words', () => {
    assert.equal(stateText('valid', 42 * 60_000), 'valid · expires in 42 min');
    assert.equal(stateText('expiring', 3 * 60_000), 'expiring · expires in 3 min');
    assert.equal(stateText('expired', -3 * 3600_000), 'expired 3 h ago');
    assert.equal(stateText('not-yet-valid', 3600_000, 5 * 60_000), 'not valid yet · becomes valid in 5 min');
    assert.equal(stateText('no-expiry', undefined), 'no expiry (exp missing)');
  });
});

describe('inspector: choosing the text and the command result', () => {
  it('takes {token} or the token text as the argument, nothing else', () => {
    assert.equal(tokenArgument({ token: 'abc' }), 'abc');
    assert.equal(tokenArgument('abc'), 'abc');
    assert.equal(tokenArgument({ uri: 'file:///x' }), undefined);
    assert.equal(tokenArgument(undefined), undefined);
    assert.equal(tokenArgument(['abc']), undefined);
  });

  it('finds the one JWT in a selected line, else keeps the selection for decodeJwt to judge', () => {
    assert.equal(tokenInSelection(`Authorization: Bearer ${SEED_TOKEN}`), SEED_TOKEN);
    assert.equal(tokenInSelection(`"${SEED_TOKEN}",`), SEED_TOKEN);
    assert.equal(tokenInSelection('not a token'), 'not a token');
    const two = `${SEED_TOKEN} ${SEED_TOKEN}`;
    assert.equal(tokenInSelection(two), two);
  });

  it('returns a plain summary with the checks and the nodes, never a copy value', () => {
    const t = konexus();
    const result = inspectResult(content(t, passReport), NOW);
    assert.ok(result.ok);
    assert.equal(result.kind, 'Access token (at+jwt)');
    assert.equal(result.state, 'valid');
    assert.equal(result.valid, true);
    assert.equal(result.kid, 'ABCDEF0123RS256');
    assert.deepEqual(result.checks.map(c => c.status), ['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
    assert.equal(result.checks.find(c => c.id === 'exp')?.reason, 'expires in 42 min (exp 2026-11-29 13:20:00 UTC)');
    assert.ok(!JSON.stringify(result).includes(t.raw));
    assert.ok(result.nodes.some(n => n.id === 'claim:tenantId' && n.description === '1741'));

    const decoded = decodeJwt('x.y');
    assert.ok(!decoded.ok);
    assert.deepEqual(inspectResult({ kind: 'malformed', error: decoded, origin: 'argument' }, NOW), { ok: false, code: decoded.code, message: decodeErrorText(decoded) });
    assert.match(decodeErrorText(decoded), /^The text has 2 segments; a JWT has 3/);
  });
});
