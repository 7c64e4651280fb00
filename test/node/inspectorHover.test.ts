import assert from 'node:assert/strict';
import { decodeJwt } from '../../src/core/jwt/decode';
import type { DecodedJwt } from '../../src/core/jwt/decode';
import type { InspectionCheck, InspectionReport } from '../../src/inspector/model/inspectionCheckWords';
import { escapeMarkdown } from '../../src/core/markdown';
import { inspectCommandUri, malformedHoverMarkdown, tokenHoverMarkdown } from '../../src/inspector/model/hoverMarkdown';
import { ReportCache } from '../../src/inspector/model/reportCache';
import { SEED_EXP, SEED_TOKEN } from './fixtures/seed-token';
import { b64url, konexusClaims } from './lib/jwtTestKit';
import { decodeErrorText } from '../../src/platform/model/words/decodeWords';

const NOW = Date.UTC(2026, 10, 29, 12, 38, 0);
const SIGNATURE = 'c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJl';

function token(claims: Record<string, unknown>): DecodedJwt {
  const header = { alg: 'RS256', kid: 'ABCDEF0123RS256', typ: 'at+jwt' };
  const decoded = decodeJwt(`${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${SIGNATURE}`);
  if (!decoded.ok) throw new Error(decodeErrorText(decoded));
  return decoded.token;
}

/** The Markdown a person sees: the link's target (which carries the token as the command argument) removed. */
function visible(markdown: string): string {
  return markdown.replace(/\]\(command:[^ )]*/g, '](command:…');
}
/** Undoes escapeMarkdown, to compare with plain text. */
const unescape = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

function report(signature: InspectionCheck, ...others: InspectionCheck[]): InspectionReport {
  return { valid: signature.status === 'pass' && others.every(c => c.status !== 'fail'), keySource: { kind: 'none' }, checks: [signature, ...others] };
}

/** A check that counts how often its `why` is read: the hover must not make the words of checks it does not show. */
function counted(check: InspectionCheck, reads: { count: number }): InspectionCheck {
  return { id: check.id, status: check.status, get why() { reads.count++; return check.why; } };
}

describe('inspector hover text', () => {
  const t = token(konexusClaims(NOW, { iss: 'https://auth.example.test', exp: Math.floor(NOW / 1000) + 42 * 60 }));
  const uri = inspectCommandUri('konexus.inspectToken', t.raw);

  it('says what the token is, who issued it, for whom, and when it expires (absolute UTC and relative)', () => {
    const text = unescape(tokenHoverMarkdown(t, NOW, undefined, uri));
    assert.match(text, /^\*\*Konexus · Access token \(at\+jwt\)\*\* · valid · expires in 42 min/);
    assert.match(text, /Issuer: https:\/\/auth\.example\.test/);
    assert.match(text, /Audience: tamarack/);
    assert.match(text, /Client: ext-1741-sample-client/);
    assert.match(text, /Subject: 974899/);
    assert.match(text, /Tenant: 1741/);
    assert.match(text, /Expires: 2026-11-29 13:20:00 UTC · in 42 min/);
    assert.match(text, /Signature: not verified yet \(kid ABCDEF0123RS256\)/);
  });

  it('links to the inspector with the token as the command argument, and never shows the token', () => {
    const markdown = tokenHoverMarkdown(t, NOW, undefined, uri);
    assert.ok(markdown.includes(`[Inspect in Konexus](${uri} "`), 'the link has an explicit title, so its tooltip is not the URI');
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.slice('command:konexus.inspectToken?'.length))), [{ token: t.raw }]);
    assert.ok(!visible(markdown).includes(SIGNATURE));
    assert.ok(!visible(markdown).includes(t.raw.split('.')[1]!));
  });

  it('shows a signature status only from a previous verification', () => {
    const reads = { count: 0 };
    const valid = report(
      counted({ id: 'signature', status: 'pass', why: { kind: 'signatureValid', signer: { kind: 'jwks', url: 'https://auth.example.test/jwks', kid: 'ABCDEF0123RS256' } } }, reads),
      counted({ id: 'aud', status: 'pass', why: { kind: 'audIs', aud: 'tamarack' } }, reads),
      counted({ id: 'exp', status: 'pass', why: { kind: 'expires', expMs: NOW + 60_000, nowMs: NOW } }, reads),
    );
    const pass = tokenHoverMarkdown(t, NOW, { keys: 'k', report: valid }, uri);
    assert.match(unescape(pass), /\$\(pass\) Signature: valid \(kid ABCDEF0123RS256\)/);
    assert.equal(reads.count, 0, 'a valid report is shown from its statuses: no reason is made');
    const stale = { kind: 'expired', expMs: Date.UTC(2001, 0, 2), nowMs: Date.UTC(2001, 0, 3) } as const;
    const fail = tokenHoverMarkdown(t, NOW, {
      keys: 'k',
      report: report({ id: 'signature', status: 'fail', why: { kind: 'signatureMismatch' } }, { id: 'aud', status: 'fail', why: { kind: 'audMismatch', aud: 'x', expected: 'tamarack' } }, { id: 'exp', status: 'fail', why: stale }),
    }, uri);
    assert.match(unescape(fail), /\$\(error\) Signature: the signature does not match/);
    assert.match(unescape(fail), /\$\(error\) aud: aud is 'x'/);
    assert.ok(!fail.includes('2001-01-02'), 'exp of an old report is not repeated: the hover computes times now');
    const skip = tokenHoverMarkdown(t, NOW, { keys: 'k', report: report({ id: 'signature', status: 'skip', why: { kind: 'inspectorNoKeys', plan: { kind: 'issuerNotAProfile', issuer: 'https://x.example' } } }) }, uri);
    assert.match(unescape(skip), /\$\(circle-slash\) Signature: issuer https:\/\/x\.example is not one of your profiles' authorities/);
  });

  it('escapes claim values: a claim cannot become a link, a command or an icon', () => {
    const evil = token(konexusClaims(NOW, { iss: '[click](command:workbench.action.terminal.new) $(zap) <img src=x> | `x`', tenantId: '**bold**' }));
    const markdown = tokenHoverMarkdown(evil, NOW, undefined, inspectCommandUri('konexus.inspectToken', evil.raw));
    assert.ok(!markdown.includes('[click]('));
    assert.ok(!markdown.includes('$(zap)'));
    assert.ok(!/(^|[^\\])<img/.test(markdown), 'an HTML tag stays escaped text');
    assert.ok(markdown.includes('Tenant: \\*\\*bold\\*\\*'));
    assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
    assert.equal(escapeMarkdown('$(zap) \\$(x)'), '\\\\$\\(zap\\) \\\\$\\(x\\)', 'an icon is escaped once, like MarkdownString.appendText');
  });

  it('describes the seed token: expired, issuer auth.alertsense.com', () => {
    const decoded = decodeJwt(SEED_TOKEN);
    assert.ok(decoded.ok);
    const text = unescape(tokenHoverMarkdown(decoded.token, (SEED_EXP + 120) * 1000, undefined, 'command:x'));
    assert.match(text, /expired 2 min ago/);
    assert.match(text, /Issuer: https:\/\/auth\.alertsense\.com/);
    assert.match(text, /Expires: 2025-07-29 20:27:22 UTC · 2 min ago/);
  });

  it('warns of a time claim that is not a NumericDate, in words', () => {
    const text = unescape(tokenHoverMarkdown(token(konexusClaims(NOW, { exp: String(Math.floor(NOW / 1000) + 60) })), NOW, undefined, uri));
    assert.match(text, /\$\(warning\) exp is a string of digits, not a number of seconds; servers reject such a token\.  $/m);
  });

  it('says why JWT-shaped text is not a JWT', () => {
    const decoded = decodeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOi+IxIn0.abc');
    assert.ok(!decoded.ok);
    const text = unescape(malformedHoverMarkdown(decoded));
    assert.match(text, /not a valid JWT/);
    assert.match(text, /standard base64/);
  });
});

describe('inspector report cache', () => {
  const entry = (n: number) => ({ keys: String(n), report: { valid: true, keySource: { kind: 'none' }, checks: [] } as InspectionReport });

  it('keeps the last N reports by token, dropping the least recently used', () => {
    const cache = new ReportCache(2);
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    assert.equal(cache.get('a')?.keys, '1');
    cache.set('c', entry(3));
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a')?.keys, '1');
    assert.equal(cache.get('c')?.keys, '3');
    assert.equal(cache.size, 2);
    cache.set('a', entry(4));
    assert.equal(cache.get('a')?.keys, '4');
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
