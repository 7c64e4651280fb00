/**
 * The chat tools (src/lmTools) in the real host, through vscode.lm.invokeTool (no model needed): their results
 * hold no token or secret (the leak scan's check), konexus_request asks the confirmations it should and
 * retries a 401 once with a fresh token. In VS Code 1.93 (KONEXUS_HOST=oldest) the language model tool API
 * does not exist: the tools must be absent, and the invoking tests say they are skipped.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { scanForLeaks } from '../../src/core/leaks/leakScan';
import { hasStableToolApi } from '../../src/lmTools/model/toolResults';
import type { KonexusExtensionApi } from '../../src/extension';
import { extensionApi, removeAllProfiles } from './lib/extensionApi';
import { testEnv } from './lib/env';
import { IdpControl } from './lib/idpControl';

/** The members of vscode.lm from 1.95 on that these tests use (the types here are 1.93's). */
interface LmTestApi {
  readonly tools?: ReadonlyArray<{ readonly name: string }>;
  invokeTool?(name: string, options: { input: unknown; toolInvocationToken: undefined }): Promise<{ content: ReadonlyArray<{ value?: unknown }> }>;
}
const lm = (vscode as unknown as { lm?: LmTestApi }).lm;
/** 1.93 has invokeTool as a proposal that refuses every tool ("was not contributed"): stable from 1.95. */
const hasTools = typeof lm?.invokeTool === 'function' && hasStableToolApi(vscode.version);

describe('chat tools (vscode.lm.invokeTool)', function () {
  this.timeout(60_000);
  const env = testEnv();
  const idp = new IdpControl(env.idp.controlUrl);
  let api: KonexusExtensionApi;
  let server: Server;
  let apiUrl: string;
  /** The Authorization headers the API server saw, in order; it answers 401 to the next `refuse` requests. */
  const seen: string[] = [];
  let refuse = 0;

  const invoke = async (name: string, input: unknown) => {
    const result = await lm!.invokeTool!(name, { input, toolInvocationToken: undefined });
    const text = result.content.map(part => String(part.value)).join('');
    return { text, facts: JSON.parse(text) as Record<string, unknown> };
  };
  const token = async () => (await api.services.tokens.getToken('it-lm')).accessToken;
  /** Neither a JWT nor a client secret by the leak scan, nor any of the given values, anywhere in the text. */
  const assertNoLeak = (text: string, ...values: string[]) => {
    assert.deepEqual(scanForLeaks(text, 'other').map(leak => leak.kind), [], text);
    for (const value of [env.idp.client.clientSecret, ...values]) assert.ok(!text.includes(value), `the result holds ${value.slice(0, 10)}…`);
  };

  before(async () => {
    api = await extensionApi();
    server = createServer((request, response) => {
      seen.push(String(request.headers.authorization));
      const status = refuse > 0 ? (refuse--, 401) : 200;
      response.writeHead(status, { 'content-type': 'application/json', 'set-cookie': 'session=s3ss10n-cookie' });
      response.end(JSON.stringify({ method: request.method, youSent: request.headers.authorization }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/me`;
  });
  beforeEach(async () => {
    await idp.reset();
    await removeAllProfiles(api);
    await vscode.commands.executeCommand('konexus.addProfile', {
      name: 'it-lm', authority: env.idp.issuer, clientId: env.idp.client.clientId, clientSecret: env.idp.client.clientSecret,
    });
    seen.length = 0;
    refuse = 0;
  });
  after(async () => {
    await removeAllProfiles(api);
    await idp.reset();
    await new Promise<void>(resolve => server.close(() => resolve()));
  });

  it('registers the four tools where VS Code has the tool API, and none where it has not (1.93)', function () {
    const ours = (lm?.tools ?? []).map(tool => tool.name).filter(name => name.startsWith('konexus_')).sort();
    if (!hasTools) {
      assert.equal(api.lmTools.registered, 0, `VS Code ${vscode.version}: no tool registered`);
      assert.deepEqual(ours, []);
      return;
    }
    assert.equal(api.lmTools.registered, 4);
    assert.deepEqual(ours, ['konexus_inspectJwt', 'konexus_listProfiles', 'konexus_request', 'konexus_tokenStatus']);
  });

  it('token status, profiles and JWT inspection give facts and never the token or the secret', async function () {
    if (!hasTools) this.skip(); // VS Code 1.93: no vscode.lm.invokeTool
    const current = await token();
    const status = await invoke('konexus_tokenStatus', {});
    assert.equal(status.facts['profile'], 'it-lm');
    assert.equal(status.facts['status'], 'valid');
    assert.ok(Number(status.facts['expiresInSeconds']) > 0);
    assertNoLeak(status.text, current);
    const profiles = await invoke('konexus_listProfiles', {});
    assert.match(profiles.text, /"it-lm"/);
    assertNoLeak(profiles.text, current);
    const inspected = await invoke('konexus_inspectJwt', { token: current });
    assert.equal(inspected.facts['ok'], true);
    assertNoLeak(inspected.text, current);
  });

  it('konexus_request: a GET needs no confirmation, a 401 is retried once with a fresh token, and the result shows no token or cookie', async function () {
    if (!hasTools) this.skip(); // VS Code 1.93: no vscode.lm.invokeTool
    const first = await token();
    assert.equal((await api.lmTools.tools.konexus_request.prepareInvocation!({ input: { url: apiUrl } }, new vscode.CancellationTokenSource().token))?.confirmationMessages, undefined);
    refuse = 1;
    const result = await invoke('konexus_request', { url: apiUrl });
    assert.equal(result.facts['status'], 200);
    assert.equal(result.facts['retriedAfter401'], true);
    assert.equal(seen.length, 2, 'one retry');
    assert.equal(seen[0], `Bearer ${first}`);
    const fresh = await token();
    assert.notEqual(fresh, first, 'the retry asked for a new token');
    assert.equal(seen[1], `Bearer ${fresh}`);
    assert.equal((result.facts['headers'] as Record<string, string>)['set-cookie'], undefined);
    assertNoLeak(result.text, first, fresh, 's3ss10n-cookie');
  });

  it('konexus_request: any other method asks for a confirmation in the chat; the identity server is refused', async function () {
    if (!hasTools) this.skip(); // VS Code 1.93: no vscode.lm.invokeTool
    const cancel = new vscode.CancellationTokenSource().token;
    const prepared = await api.lmTools.tools.konexus_request.prepareInvocation!({ input: { url: apiUrl, method: 'DELETE' } }, cancel);
    assert.ok(prepared?.confirmationMessages, 'DELETE is confirmed');
    assert.match(prepared.confirmationMessages.message, /DELETE/);
    const refused = await invoke('konexus_request', { url: `${env.idp.issuer}/connect/token` });
    assert.match(String(refused.facts['error']), /identity server/);
    assert.equal(seen.length, 0);
  });
});
