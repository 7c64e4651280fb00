/**
 * The token inspector and the JWT hover in a real extension host, against the local Konexus identity
 * server: a profile's token verifies check by check, a tampered or expired token fails the right check, a
 * token from an issuer that is no profile's is decoded without a single request, and the hover reads one
 * line of a document whatever its size.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../src/extension';
import type { InspectResult } from '../../src/inspector/model/inspectCommandIo';
import { SEED_TOKEN } from '../node/fixtures/seed-token';
import { testEnv } from './lib/env';
import type { TestEnv } from './lib/env';
import { maybeExtensionApi } from './lib/extensionApi';
import { idpControl } from './lib/idpControl';
import type { IdpControl } from './lib/idpControl';

type Checks = Extract<InspectResult, { ok: true }>['checks'];

const inspect = (arg?: unknown) => vscode.commands.executeCommand<InspectResult | undefined>('konexus.inspectToken', arg);
const statusOf = (checks: Checks) => Object.fromEntries(checks.map(c => [c.id, c.status]));
const reasonOf = (checks: Checks, id: string) => checks.find(c => c.id === id)?.reason ?? '';

function okResult(result: InspectResult | undefined): Extract<InspectResult, { ok: true }> {
  assert.ok(result, 'the command returned nothing');
  assert.ok(result.ok, `not decoded: ${JSON.stringify(result)}`);
  return result;
}

/** The same claims with one changed, the header and signature kept: what an attacker would try. */
function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
}

let serial = 0;

/**
 * Konexus-shaped claims (as test/idp/konexusIdp.ts issues them) around now. Each call gets its own jti:
 * two tests signing the same claims within one second would otherwise get the very same token, and the
 * hover's memory of an earlier verification would leak from one test into the other.
 */
function claims(env: TestEnv, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: env.idp.issuer, nbf: now - 10, iat: now - 10, exp: now + 3600, aud: 'tamarack', scope: ['tamarack'],
    client_id: env.idp.client.clientId, admin: 'false', sub: '974899', tenantId: '1741', jti: `INSPECTOR-${++serial}-${Date.now()}`, ...overrides,
  };
}

/** Requests the inspector could have made: anything but token requests (other profiles may refresh theirs). */
async function nonTokenRequests(idp: IdpControl): Promise<string[]> {
  return (await idp.requests()).filter(r => !(r.method === 'POST' && r.path === '/connect/token')).map(r => `${r.method} ${r.path}`);
}

/** Our hovers' Markdown at a position (other extensions' hovers are ignored), unescaped for matching. */
async function konexusHovers(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap(h => h.contents)
    .map(c => (typeof c === 'string' ? c : c.value))
    .filter(text => text.includes('Konexus'));
}
const unescape = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

/**
 * The Konexus hovers once there are any (for up to 3 s): right after a document opens, the workbench can
 * answer a hover request before it has synchronised the new document with the extension host.
 */
async function konexusHoversEventually(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const hovers = await konexusHovers(uri, position);
    if (hovers.length || attempt >= 30) return hovers;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

let untitledSerial = 0;

/**
 * An untitled document with its own URI: plain `openTextDocument({content})` reuses `Untitled-1` once the
 * previous one is closed, and a hover asked right away could then be answered from the old text.
 */
async function openText(content: string, language = 'plaintext'): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/konexus-hover-${process.pid}-${++untitledSerial}.txt` });
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), content);
  await vscode.workspace.applyEdit(edit);
  return document;
}

async function closeAllEditors(): Promise<void> {
  // Untitled documents with text would ask to be saved (a modal, refused in tests): revert them instead.
  for (let i = 0; i < 10 && vscode.window.visibleTextEditors.length; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

// One profile for the local identity server, for both suites: its issuer is the one whose keys are fetched.
// (Inside a describe: a file's top-level hooks would be root hooks of every suite in the run.)
let env: TestEnv;
let idp: IdpControl;
let api: KonexusExtensionApi;
const profile = `inspector ${Date.now() % 100000}`;

describe('inspector', () => {
  before(async () => {
    env = testEnv();
    idp = idpControl();
    // Undefined in the installed-.vsix suite (ExtensionMode.Production), whose test here needs only commands.
    api = (await maybeExtensionApi())!;
    const added = await vscode.commands.executeCommand('konexus.addProfile', {
      name: profile, authority: env.idp.issuer, clientId: env.idp.client.clientId, clientSecret: env.idp.client.clientSecret,
    });
    assert.equal(added, profile);
  });

  after(async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('konexus.removeProfile', { name: profile });
  });

  describe('tree and commands', function () {
    this.timeout(30_000);

    it("verifies the profile's current token: every check passes, signed by the server's kid", async () => {
      const result = okResult(await vscode.commands.executeCommand<InspectResult>('konexus.inspectCurrentToken', { profile }));
      assert.equal(result.kind, 'Access token (at+jwt)');
      assert.equal(result.state, 'valid');
      assert.equal(result.valid, true, JSON.stringify(result.checks, null, 1));
      assert.deepEqual(result.checks.map(c => `${c.id}:${c.status}`), ['signature:pass', 'alg:pass', 'typ:pass', 'iss:pass', 'aud:pass', 'exp:pass', 'nbf:pass']);
      assert.equal(result.kid, await idp.currentKid());
      assert.match(reasonOf(result.checks, 'signature'), new RegExp(`kid ${result.kid} from ${env.idp.jwksUri}`));
      assert.match(result.keys, new RegExp(`profile "${profile}"`));
      const nodes = new Map(result.nodes.map(n => [n.id, n]));
      assert.equal(nodes.get('claim:tenantId')?.label, 'Tenant');
      assert.equal(nodes.get('claim:tenantId')?.description, '1741');
      assert.match(nodes.get('claim:exp')?.description ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · in (59|60) min$/);
      assert.equal(nodes.get('validation')?.description, 'valid: every check passed');
      assert.match(nodes.get('raw')?.description ?? '', /^…[\w-]{6} · /);
    });

    it('fails the signature of a tampered token (a claim flipped, the signature kept), with its reason', async () => {
      const token = tamper(await idp.issueToken(env.idp.client.clientId), { tenantId: '9999', admin: 'true' });
      const result = okResult(await inspect({ token }));
      const status = statusOf(result.checks);
      assert.equal(status.signature, 'fail');
      assert.match(reasonOf(result.checks, 'signature'), /does not match the header and payload: the token was altered after signing/);
      assert.equal(status.iss, 'pass');
      assert.equal(result.valid, false);
    });

    it('fails exp for an expired token the server signed', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await idp.sign(claims(env, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 }));
      const result = okResult(await inspect({ token }));
      assert.equal(result.state, 'expired');
      const status = statusOf(result.checks);
      assert.equal(status.signature, 'pass');
      assert.equal(status.exp, 'fail');
      assert.match(reasonOf(result.checks, 'exp'), /^expired 1 h ago/);
    });

    it("skips the signature of a token from an issuer that is no profile's, and sends no request at all", async () => {
      await idp.clearRequests();
      // The trap: an issuer on the same server under another path. Fetching its discovery would show in the log.
      const trap = okResult(await inspect({ token: await idp.sign(claims(env, { iss: `${env.idp.issuer}/not-a-profile` })) }));
      const elsewhere = okResult(await inspect({ token: await idp.sign(claims(env, { iss: 'https://issuer.example.test' })) }));
      for (const result of [trap, elsewhere]) {
        assert.equal(statusOf(result.checks).signature, 'skip');
        assert.equal(statusOf(result.checks).iss, 'skip');
        assert.equal(result.valid, false);
      }
      assert.equal(reasonOf(elsewhere.checks, 'signature'), "issuer https://issuer.example.test is not one of your profiles' authorities: signature not checked. Trust this issuer to fetch its keys, or add a profile for it.");
      assert.deepEqual(await nonTokenRequests(idp), []);
    });

    it('verifies a token from an issuer no profile names only after the user trusts it, and forgets it on request', async () => {
      // A real token from the independent peer (oidc-provider), for which no profile exists in this suite.
      const response = await fetch(`${env.peer.issuer}/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${env.peer.basic.clientId}:${env.peer.basic.clientSecret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials&scope=tamarack',
      });
      assert.equal(response.status, 200);
      const token = ((await response.json()) as { access_token: string }).access_token;
      assert.deepEqual(api.inspector.confirmedIssuers.list(), []);

      const before = okResult(await inspect({ token }));
      assert.equal(statusOf(before.checks).signature, 'skip');
      const offer = before.nodes.find(n => n.id === 'action:trustIssuer');
      assert.equal(offer?.description, env.peer.issuer);

      // The confirmation is a modal dialog: the test-mode workbench refuses dialogs, which must trust nothing.
      // (The UI scenario test/workbench/inspector.ts clicks the real dialog.)
      const refused = await vscode.commands.executeCommand<{ trusted: boolean }>('konexus.trustIssuer', { issuer: env.peer.issuer });
      assert.deepEqual(refused, { trusted: false });
      assert.deepEqual(api.inspector.confirmedIssuers.list(), []);

      // What "Trust and Verify" stores; then the command verifies the token shown, without asking again.
      await api.inspector.confirmedIssuers.add(env.peer.issuer);
      const trusted = await vscode.commands.executeCommand<{ trusted: boolean; result?: InspectResult }>('konexus.trustIssuer', { issuer: env.peer.issuer });
      assert.equal(trusted?.trusted, true);
      const after = okResult(trusted?.result);
      assert.equal(statusOf(after.checks).signature, 'pass', JSON.stringify(after.checks));
      assert.equal(statusOf(after.checks).iss, 'pass');
      assert.match(after.keys, /an issuer you trusted/);
      assert.equal(after.nodes.some(n => n.id === 'action:trustIssuer'), false);

      assert.equal(await vscode.commands.executeCommand('konexus.forgetTrustedIssuers', { all: true }), 1);
      assert.equal(statusOf(okResult(await inspect({ token })).checks).signature, 'skip');
    });

    it('answers malformed input with {ok:false, code} and the reason', async () => {
      const result = await inspect({ token: 'abc.def' });
      assert.deepEqual(result && !result.ok && result.code, 'segment_count');
      assert.match(result && !result.ok ? result.message : '', /2 segments; a JWT has 3/);
      const notJson = await inspect({ token: 'eyJub3Rqc29u.eyJub3Rqc29u.c2ln' });
      assert.equal(notJson && !notJson.ok && notJson.code, 'header_not_json');
    });

    it('decodes the seed token from the Konexus docs: expired, signature skipped, nothing fetched', async () => {
      assert.ok(!api.services.tokens.profiles().some(p => p.authority === 'https://auth.alertsense.com'), 'a suite left a profile for auth.alertsense.com');
      await idp.clearRequests();
      const result = okResult(await inspect({ token: SEED_TOKEN }));
      assert.equal(result.kind, 'Access token (at+jwt)');
      assert.equal(result.state, 'expired');
      assert.equal(result.issuer, 'https://auth.alertsense.com');
      assert.equal(statusOf(result.checks).signature, 'skip');
      assert.equal(statusOf(result.checks).exp, 'fail');
      assert.equal(statusOf(result.checks).aud, 'pass');
      assert.equal(new Map(result.nodes.map(n => [n.id, n.description])).get('claim:globalTenantId'), 'id.konexuscp');
      assert.deepEqual(await nonTokenRequests(idp), []);
    });

    it('without an argument, inspects the editor selection, else the JWT at the cursor', async () => {
      const token = await idp.issueToken(env.idp.client.clientId);
      const document = await openText(`GET https://api.konexus.test/alerts\nAuthorization: Bearer ${token}\n`);
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(1, 0, 1, document.lineAt(1).text.length);
      const selected = okResult(await inspect());
      assert.equal(selected.valid, true, JSON.stringify(selected.checks));
      editor.selection = new vscode.Selection(1, 40, 1, 40);
      const atCursor = okResult(await inspect());
      assert.equal(atCursor.kid, selected.kid);
      await closeAllEditors();
    });

    it('copies a node value with konexus.copyValue, the whole token only from the Raw token node', async () => {
      const token = await idp.issueToken(env.idp.client.clientId);
      okResult(await inspect({ token }));
      assert.equal(await vscode.commands.executeCommand('konexus.copyValue', { id: 'claim:tenantId' }), true);
      assert.equal(await vscode.env.clipboard.readText(), '1741');
      assert.equal(await vscode.commands.executeCommand('konexus.copyValue', { id: 'raw' }), true);
      assert.equal(await vscode.env.clipboard.readText(), token);
      assert.equal(await vscode.commands.executeCommand('konexus.copyValue', { id: 'no-such-node' }), false);
      await vscode.env.clipboard.writeText('');
    });

    it('shows a token whose claim is nested 23,000 deep in place of the previous one, each node under its own id', async () => {
      okResult(await inspect({ token: SEED_TOKEN }));
      const deep = `${'['.repeat(23_000)}${']'.repeat(23_000)}`;
      const payload = `{"sub":"deep","deep":${deep},"x":["a","b"],"x:0":1}`;
      const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}.`;
      const nodes = new Map(okResult(await inspect({ token })).nodes.map(n => [n.id, n]));
      assert.equal(nodes.get('claim:deep')?.description, 'nested too deep to show');
      assert.equal(nodes.get('claim:sub')?.description, 'deep');
      // copyValue reads the tree itself: it shows the new token, and the item x[0] and the claim "x:0" apart.
      assert.equal(await vscode.commands.executeCommand('konexus.copyValue', { id: 'claim:x:0' }), true);
      assert.equal(await vscode.env.clipboard.readText(), 'a');
      assert.equal(await vscode.commands.executeCommand('konexus.copyValue', { id: 'claim:x%3A0' }), true);
      assert.equal(await vscode.env.clipboard.readText(), '1');
      assert.equal(await vscode.commands.executeCommand('konexus.copyValue', { id: 'claim:globalTenantId' }), false, 'nothing left of the seed token');
      await vscode.env.clipboard.writeText('');
    });
  });

  describe('JWT hover', function () {
    this.timeout(30_000);
    afterEach(() => closeAllEditors());

    it('summarises the token under the mouse: kind, issuer, expiry, and a link to the inspector', async () => {
      const token = await idp.sign(claims(env, { iss: 'https://issuer.example.test' }));
      const document = await openText(`token: ${token} end`);
      const [markdown, ...others] = await konexusHoversEventually(document.uri, new vscode.Position(0, 20));
      assert.ok(markdown, 'no Konexus hover on the token');
      assert.equal(others.length, 0);
      const text = unescape(markdown);
      assert.match(text, /Konexus · Access token \(at\+jwt\)\*\* · valid · expires in (59|60) min/);
      assert.match(text, /Issuer: https:\/\/issuer\.example\.test/);
      assert.match(text, /Tenant: 1741/);
      assert.match(text, /Expires: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · in (59|60) min/);
      assert.match(text, /Signature: not verified yet/);
      assert.match(markdown, /\[Inspect in Konexus\]\(command:konexus\.inspectToken\?/);
      const shown = markdown.replace(/\]\(command:[^ )]*/g, '](command:…');
      assert.ok(!shown.includes(token.split('.')[2]!), 'the hover text shows the signature');
      assert.ok(!shown.includes(token.split('.')[1]!), 'the hover text shows the payload');
    });

    it("shows the signature status once the inspector verified the token, and never fetches by itself", async () => {
      const token = await idp.issueToken(env.idp.client.clientId);
      const document = await openText(`Authorization: Bearer ${token}`);
      await idp.clearRequests();
      const before = unescape((await konexusHoversEventually(document.uri, new vscode.Position(0, 30)))[0] ?? '');
      assert.match(before, /Signature: not verified yet/);
      assert.deepEqual(await nonTokenRequests(idp), [], 'the hover fetched something');
      okResult(await inspect({ token }));
      const after = unescape((await konexusHovers(document.uri, new vscode.Position(0, 30)))[0] ?? '');
      assert.match(after, /\$\(pass\) Signature: valid \(kid /);
    });

    it('gives no hover away from a token', async () => {
      const token = await idp.issueToken(env.idp.client.clientId);
      const document = await openText(`prefix words ${token}\nnothing here`);
      assert.deepEqual(await konexusHovers(document.uri, new vscode.Position(0, 3)), []);
      assert.deepEqual(await konexusHovers(document.uri, new vscode.Position(1, 3)), []);
    });

    it('says why JWT-shaped text is not a valid JWT', async () => {
      const document = await openText('x eyJhbGciOiJSUzI1NiJ9.eyJub3Rqc29u.c2ln y');
      const [markdown] = await konexusHovers(document.uri, new vscode.Position(0, 10));
      assert.ok(markdown);
      assert.match(unescape(markdown), /not a valid JWT[\s\S]*payload \(segment 2\) decodes to text that is not JSON/);
    });

    it('reads only the hovered line: quick in a 5 MB document, none on a line over 200 KB', async () => {
      const token = await idp.issueToken(env.idp.client.clientId);
      const filler = `${'lorem ipsum dolor sit amet '.repeat(4)}\n`;
      const lines = Math.ceil((5 * 1024 * 1024) / filler.length);
      const middle = Math.floor(lines / 2);
      const content = `${filler.repeat(middle)}Authorization: Bearer ${token}\n${filler.repeat(lines - middle)}`;
      const document = await openText(content);
      assert.ok(document.getText().length > 5 * 1024 * 1024);
      await konexusHovers(document.uri, new vscode.Position(0, 1)); // warm-up: the document reaches every provider
      const started = Date.now();
      const [markdown] = await konexusHovers(document.uri, new vscode.Position(middle, 30));
      const elapsed = Date.now() - started;
      assert.ok(markdown, 'no hover on the token in the middle of 5 MB');
      assert.ok(elapsed < 1000, `the hover took ${elapsed} ms`);

      const long = await openText(`${'x'.repeat(300 * 1024)} ${token}`);
      assert.deepEqual(await konexusHovers(long.uri, new vscode.Position(0, 300 * 1024 + 10)), []);
    });

    it('follows konexus.hover.enabled and konexus.hover.languages', async () => {
      const config = () => vscode.workspace.getConfiguration('konexus');
      const token = await idp.issueToken(env.idp.client.clientId);
      const text = await openText(`t ${token}`);
      const json = await openText(`{"t": "${token}"}`, 'json');
      const at = (document: vscode.TextDocument) => konexusHovers(document.uri, new vscode.Position(0, 10));
      try {
        await config().update('hover.enabled', false, vscode.ConfigurationTarget.Global);
        assert.deepEqual(await eventually(() => at(text), h => h.length === 0), []);
        await config().update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
        assert.equal((await eventually(() => at(text), h => h.length === 1)).length, 1);
        await config().update('hover.languages', ['json'], vscode.ConfigurationTarget.Global);
        assert.deepEqual(await eventually(() => at(text), h => h.length === 0), []);
        assert.equal((await at(json)).length, 1);
      } finally {
        await config().update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
        await config().update('hover.languages', undefined, vscode.ConfigurationTarget.Global);
      }
      assert.equal((await eventually(() => at(text), h => h.length === 1)).length, 1);
    });
  });
});
