/**
 * The servers a host-test run needs on 127.0.0.1, started in this process: the local Konexus identity
 * server, the independent oidc-provider peer, and a small control API over the Konexus one (the suites
 * run in another process, the extension host, and drive faults and keys through it). Returns the
 * environment to hand to the extension host (names in test/host/lib/env.ts).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CLIENT, startKonexusIdp } from '../../idp/konexusIdp';
import type { IdpClient, KonexusIdp } from '../../idp/konexusIdp';
import { startOidcProviderPeer } from '../../idp/oidcProviderPeer';
import { TEST_ENV } from '../../host/lib/env';
import type { IdpControlOperation, IdpControlOperations } from '../../host/lib/idpControl';
import type { Teardown } from './lifecycle';

const DEFAULT_LIFETIME_SECONDS = 3600;

export interface TestServers {
  readonly idp: KonexusIdp;
  /** Faults off, default lifetime, clients as at start, request log emptied (between UI scenarios). */
  resetIdp(): void;
  /** The environment for the extension host. */
  readonly env: Record<string, string>;
}

export type Handlers = { [K in IdpControlOperation]: (args: IdpControlOperations[K]['args']) => Promise<IdpControlOperations[K]['result']> | IdpControlOperations[K]['result'] };

/** The control API's operations over `idp` (the network runner serves them for its https server too). */
export function controlHandlers(idp: KonexusIdp, initialClients: IdpClient[]): Handlers {
  const added = new Set<string>();
  return {
    reset: () => {
      idp.setFault('all', 'none');
      idp.setLifetime(DEFAULT_LIFETIME_SECONDS);
      for (const clientId of added) idp.removeClient(clientId);
      added.clear();
      for (const client of initialClients) idp.addClient(client);
      idp.clearLog();
      return null;
    },
    setFault: ({ target, mode, options }) => (idp.setFault(target, mode, options), null),
    setLifetime: ({ seconds }) => (idp.setLifetime(seconds), null),
    addClient: ({ client }) => {
      added.add(client.clientId);
      idp.addClient(client);
      return null;
    },
    removeClient: ({ clientId }) => (idp.removeClient(clientId), null),
    setClientJwks: ({ clientId, jwks }) => (idp.setClientJwks(clientId, jwks), null),
    rotateKey: options => idp.rotateKey(options),
    currentKid: () => ({ kid: idp.currentKid }),
    sign: async ({ claims, header }) => {
      const mapped = header && Object.fromEntries(Object.entries(header).map(([name, value]) => [name, value === null ? undefined : value]));
      return { token: await idp.sign(claims, mapped) };
    },
    issueToken: async ({ clientId }) => ({ token: await idp.issueToken(clientId) }),
    requests: () => idp.requests,
    clearRequests: () => {
      idp.requests.length = 0;
      return null;
    },
    tokenCounts: () => idp.tokenCounts(),
    clearLog: () => (idp.clearLog(), null),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

export async function startControlServer(handlers: Handlers): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const operation = (request.url ?? '').replace(/^\//, '') as IdpControlOperation;
    const reply = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (request.method !== 'POST' || !Object.hasOwn(handlers, operation)) {
      reply(404, { error: `no operation ${request.method} ${request.url}` });
      return;
    }
    readJson(request)
      .then(args => (handlers[operation] as (args: unknown) => unknown)(args))
      .then(result => reply(200, result ?? null), (error: unknown) => reply(400, { error: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export async function startTestServers(teardown: Teardown): Promise<TestServers> {
  const idp = await startKonexusIdp({ lifetimeSeconds: DEFAULT_LIFETIME_SECONDS });
  teardown.add('Konexus IdP', () => idp.close());
  const peer = await startOidcProviderPeer();
  teardown.add('oidc-provider peer', () => peer.close());
  const handlers = controlHandlers(idp, [DEMO_CLIENT]);
  const control = await startControlServer(handlers);
  teardown.add('IdP control API', () => control.close());

  const env: Record<string, string> = {
    [TEST_ENV.idpIssuer]: idp.issuer,
    [TEST_ENV.idpTokenEndpoint]: idp.tokenEndpoint,
    [TEST_ENV.idpJwksUri]: idp.jwksUri,
    [TEST_ENV.idpClientId]: DEMO_CLIENT.clientId,
    [TEST_ENV.idpClientSecret]: DEMO_CLIENT.clientSecret,
    [TEST_ENV.idpControl]: control.url,
    [TEST_ENV.peerIssuer]: peer.issuer,
    [TEST_ENV.peerBasicClientId]: peer.clients.basic.clientId,
    [TEST_ENV.peerBasicClientSecret]: peer.clients.basic.clientSecret,
    [TEST_ENV.peerPostClientId]: peer.clients.post.clientId,
    [TEST_ENV.peerPostClientSecret]: peer.clients.post.clientSecret,
  };
  return { idp, env, resetIdp: () => void handlers.reset({}) };
}
