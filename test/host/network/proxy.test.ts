/**
 * VS Code's proxy and certificate settings, as the extension's requests meet them in a real extension host.
 * test/harness/runNetworkTests.ts sets `http.proxy` in the user settings (every other `http.*` setting at its
 * default), puts one test CA in the system store (SSL_CERT_FILE) and another in NODE_EXTRA_CA_CERTS. The
 * identity servers speak https under names only the harness's recording proxy resolves, so every answer
 * they give came through that proxy.
 */
import * as assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { decodeJwt } from 'jose';
import * as vscode from 'vscode';
import type { ErrorWhy } from '../../../src/core/errors';
import type { HttpWhy } from '../../../src/core/http/httpWhy';
import type { KonexusExtensionApi } from '../../../src/extension';
import { httpWhyText } from '../../../src/platform/model/words/httpErrorWords';
import { DISCOVERY_PATH, JWKS_PATH, TOKEN_PATH } from '../../idp/konexusIdp';
import type { ProxiedRequest } from '../../harness/lib/recordingProxy';
import { networkTestEnv } from '../lib/env';
import { extensionApi, removeAllProfiles } from '../lib/extensionApi';
import { IdpControl } from '../lib/idpControl';

interface InspectResult {
  readonly checks: ReadonlyArray<{ id: string; status: string; reason: string }>;
}

describe('network: VS Code proxy and certificate settings', function () {
  this.timeout(60_000);
  const env = networkTestEnv();
  const idp = new IdpControl(env.controlUrl);
  const hostOf = (issuer: string) => new URL(issuer).host;
  let api: KonexusExtensionApi;

  const proxyCall = async (method: 'GET' | 'POST', path: string): Promise<unknown> => {
    const response = await fetch(`${env.proxyUrl}${path}`, { method, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`proxy ${path}: HTTP ${response.status}`);
    return response.json();
  };
  /** What the proxy saw, one `METHOD target outcome` line per request, repeats removed. */
  const proxySaw = async () => [...new Set((await proxyCall('GET', '/log') as ProxiedRequest[]).map(entry => `${entry.method} ${entry.target} ${entry.outcome}`))];

  const addProfile = async (name: string, authority: string): Promise<void> => {
    const added = await vscode.commands.executeCommand<unknown>('konexus.addProfile', {
      name, authority, clientId: env.client.clientId, clientSecret: env.client.clientSecret, fetchToken: false,
    });
    assert.equal(added, name);
  };
  // force: a request now, not a token another profile of the same client got earlier.
  const tokenFailure = (profile: string) => api.services.tokens.getToken(profile, { force: true }).then(
    () => assert.fail(`${profile}: a token arrived where the request should have failed`),
    (failure: unknown) => failure as { code?: string; message: string; why?: ErrorWhy },
  );
  /**
   * What a person reads of a failure of `kind`: the words of its `why` (plain values). Not errorText: the
   * error was made by the extension's bundle, whose KonexusError class this test bundle's instanceof does
   * not know.
   */
  const wordsOf = (failure: { why?: ErrorWhy }, kind: HttpWhy['kind']): string => {
    assert.equal(failure.why?.area === 'http' && failure.why.kind, kind, JSON.stringify(failure.why));
    return httpWhyText(failure.why as HttpWhy);
  };
  /** Runs `body` with one `http.*` user setting changed, then puts it back. */
  const withHttpSetting = async <T>(name: string, value: unknown, body: () => Promise<T>): Promise<T> => {
    await vscode.workspace.getConfiguration('http').update(name, value, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(vscode.workspace.getConfiguration('http').get(name), value, `http.${name} took the test's value`);
      return await body();
    } finally {
      await vscode.workspace.getConfiguration('http').update(name, undefined, vscode.ConfigurationTarget.Global);
    }
  };

  before(async () => {
    api = await extensionApi();
    await removeAllProfiles(api);
  });
  beforeEach(async () => {
    await idp.reset();
    await proxyCall('POST', '/clear');
  });
  // A failed profile retries by itself in the background: gone, it cannot show in the next test's proxy log.
  afterEach(async () => {
    await removeAllProfiles(api);
  });

  it('runs where the servers\' names resolve only through the proxy, with VS Code\'s http settings at their defaults', async () => {
    for (const issuer of [env.issuer, env.extraIssuer, env.untrustedIssuer]) {
      await assert.rejects(lookup(new URL(issuer).hostname), (error: NodeJS.ErrnoException) => ['ENOTFOUND', 'EAI_AGAIN'].includes(error.code ?? ''), `${issuer} resolves`);
    }
    const http = vscode.workspace.getConfiguration('http');
    assert.equal(http.get('proxy'), env.proxyUrl);
    assert.deepEqual(
      Object.fromEntries(['proxySupport', 'systemCertificates', 'systemCertificatesNode', 'fetchAdditionalSupport', 'proxyStrictSSL', 'noProxy'].map(name => [name, http.get(name)])),
      { proxySupport: 'override', systemCertificates: true, systemCertificatesNode: true, fetchAdditionalSupport: true, proxyStrictSSL: true, noProxy: [] },
    );
    assert.equal(process.env.SSL_CERT_FILE, env.systemCaFile);
    assert.equal(process.env.NODE_EXTRA_CA_CERTS, env.extraCaFile);
  });

  it('gets discovery, a token and the signing keys through http.proxy, trusting a CA of the system store', async () => {
    await addProfile('net-system-ca', env.issuer);
    const token = await api.services.tokens.getToken('net-system-ca');
    assert.equal(decodeJwt(token.accessToken).iss, env.issuer);
    const inspected = await vscode.commands.executeCommand<InspectResult>('konexus.inspectCurrentToken', { profile: 'net-system-ca' });
    const signature = inspected.checks.find(check => check.id === 'signature');
    assert.equal(signature?.status, 'pass', `the signature check: ${signature?.reason}`);

    assert.deepEqual((await idp.requests()).map(request => `${request.method} ${request.path}`), [`GET ${DISCOVERY_PATH}`, `POST ${TOKEN_PATH}`, `GET ${JWKS_PATH}`]);
    assert.deepEqual(await proxySaw(), [`CONNECT ${hostOf(env.issuer)} tunnel`]);
  });

  it('does not trust a CA that is only in NODE_EXTRA_CA_CERTS while http.systemCertificates is on (VS Code 1.139), and says what to do', async () => {
    await addProfile('net-extra-ca', env.extraIssuer);
    const error = await tokenFailure('net-extra-ca');
    assert.equal(error.code, 'untrusted_certificate', error.message);
    const words = wordsOf(error, 'certificate');
    assert.match(words, new RegExp(`^The TLS certificate of ${hostOf(env.extraIssuer).replace(/\./g, '\\.')} is not trusted`));
    assert.match(words, /system's trust store/);
    assert.match(words, /NODE_EXTRA_CA_CERTS/);
    assert.deepEqual(await proxySaw(), [`CONNECT ${hostOf(env.extraIssuer)} tunnel`], 'the tunnel opened: the handshake failed, not the proxy');
  });

  it('trusts the CA of NODE_EXTRA_CA_CERTS once http.systemCertificates is off, still through the proxy', async () => {
    await addProfile('net-extra-ca-only', env.extraIssuer);
    const token = await withHttpSetting('systemCertificates', false, () => api.services.tokens.getToken('net-extra-ca-only'));
    assert.equal(decodeJwt(token.accessToken).iss, env.extraIssuer);
    assert.deepEqual(await proxySaw(), [`CONNECT ${hostOf(env.extraIssuer)} tunnel`]);
  });

  it('fails with a certificate error that says what to do when the CA is trusted nowhere', async () => {
    await addProfile('net-untrusted', env.untrustedIssuer);
    const error = await tokenFailure('net-untrusted');
    assert.equal(error.code, 'untrusted_certificate', error.message);
    const words = wordsOf(error, 'certificate');
    assert.match(words, new RegExp(`^The TLS certificate of ${hostOf(env.untrustedIssuer).replace(/\./g, '\\.')} is not trusted`));
    assert.match(words, /Proxy and certificates/);
    assert.deepEqual(await proxySaw(), [`CONNECT ${hostOf(env.untrustedIssuer)} tunnel`]);
  });

  it('goes direct, past the proxy, with http.fetchAdditionalSupport off (so the README says to keep it on)', async () => {
    await addProfile('net-no-fetch-support', env.issuer);
    const error = await withHttpSetting('fetchAdditionalSupport', false, () => tokenFailure('net-no-fetch-support'));
    assert.equal(error.code, 'unreachable', error.message);
    assert.match(wordsOf(error, 'unreachable'), /does not resolve/);
    assert.deepEqual(await proxySaw(), [], 'nothing went through the proxy');
  });

  it('goes direct for a host in http.noProxy (here: and so cannot resolve it)', async () => {
    await addProfile('net-no-proxy', env.issuer);
    const error = await withHttpSetting('noProxy', [new URL(env.issuer).hostname], () => tokenFailure('net-no-proxy'));
    assert.equal(error.code, 'unreachable', error.message);
    assert.match(wordsOf(error, 'unreachable'), /does not resolve/);
    assert.deepEqual(await proxySaw(), [], 'nothing went through the proxy');
  });
});
