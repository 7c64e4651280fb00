/**
 * The extension in a real VS Code extension host: it is installed under its id, activates, and the
 * host can reach the local identity server the harness started (what every feature suite relies on).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testEnv } from './lib/env';

const EXTENSION_ID = 'konexus-devtools.konexus-vscode';

describe('extension host', () => {
  it('runs a real VS Code at least as new as engines.vscode asks', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const wanted = (extension.packageJSON as { engines: { vscode: string } }).engines.vscode.replace(/^\^/, '');
    const [major, minor] = vscode.version.split('.').map(Number) as [number, number];
    const [wantedMajor, wantedMinor] = wanted.split('.').map(Number) as [number, number];
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.ok(major > wantedMajor || (major === wantedMajor && minor >= wantedMinor), `VS Code ${vscode.version} < ${wanted}`);
  });

  it('loads the extension from the repository as a workspace extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.equal(extension.id.toLowerCase(), EXTENSION_ID);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
    assert.equal((extension.packageJSON as { name: string }).name, 'konexus-vscode');
    assert.equal((extension.packageJSON as { publisher: string }).publisher, 'konexus-devtools');
  });

  it('activates without error', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  // SECURITY.md: `exports` is readable by every extension; the Konexus objects reach its SecretStorage and hand
  // out tokens without the consent the `konexus` provider asks for. Asked by a second extension, installed
  // beside it (test/consumer-extension, another publisher).
  it('hands another extension no exports, except to the tests in ExtensionMode.Test', async () => {
    const probe = await vscode.commands.executeCommand<{ found: boolean; active?: boolean; activateReturned?: string; exportsUndefined?: boolean }>('konexus-consumer.probeExports');
    assert.equal(probe.found, true, 'the consumer sees the Konexus extension');
    assert.equal(probe.active, true);
    if (process.env.KONEXUS_EXPECT_INSTALLED) {
      // The installed .vsix: a production-mode install.
      assert.equal(probe.exportsUndefined, true, 'a production install hands out nothing');
      assert.equal(probe.activateReturned, 'undefined');
    } else {
      // The extension under test (extensionTestsPath): the test-only API the integration suites use.
      assert.equal(probe.exportsUndefined, false);
      assert.equal(probe.activateReturned, 'object');
    }
  });

  it('opens the demo workspace with its .http file', async () => {
    const files = await vscode.workspace.findFiles('*.http');
    assert.deepEqual(files.map(file => file.path.split('/').pop()), ['konexus-api.http']);
    const document = await vscode.workspace.openTextDocument(files[0]!);
    assert.match(document.getText(), /^###/m);
  });
});

describe('local identity servers, seen from the extension host', () => {
  it('serves the Konexus discovery document', async () => {
    const { idp } = testEnv();
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const discovery = await response.json() as { issuer: string; token_endpoint: string; jwks_uri: string };
    assert.equal(discovery.issuer, idp.issuer);
    assert.equal(discovery.token_endpoint, idp.tokenEndpoint);
    assert.equal(discovery.jwks_uri, idp.jwksUri);
  });

  it('issues a token to the test client', async () => {
    const { idp } = testEnv();
    const response = await fetch(idp.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: idp.client.clientId, client_secret: idp.client.clientSecret, scope: 'tamarack' }),
    });
    assert.equal(response.status, 200);
    const body = await response.json() as { access_token: string; token_type: string };
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.access_token.split('.').length, 3);
  });

  it('serves the oidc-provider peer discovery document', async () => {
    const { peer } = testEnv();
    const response = await fetch(`${peer.issuer}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    assert.equal((await response.json() as { issuer: string }).issuer, peer.issuer);
  });
});
