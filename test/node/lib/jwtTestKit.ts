/**
 * What the JWT tests need around jose: RSA keys, tokens signed with exactly the header a test wants
 * (including the malicious ones: alg none, HS256 with the public key as secret), and a JWKS served from
 * 127.0.0.1 that counts its requests.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';

export interface TestKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly publicPem: string;
}

export async function makeRsaKey(kid: string, alg = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** Signs `claims` with exactly `header` (alg defaults to RS256, kid to the key's). */
export async function sign(key: TestKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const protectedHeader = { alg: 'RS256', kid: key.kid, typ: 'at+jwt', ...header } as { alg: string };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(protectedHeader).sign(key.privateKey);
}

/** An unsecured token (alg none, empty signature), as an attacker would hand-craft it. */
export function unsigned(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'none', typ: 'at+jwt' }): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.`;
}

/** The key-confusion attack: HS256 with the RSA public key's PEM text as the HMAC secret. */
export async function signHs256WithPublicKey(key: TestKey, claims: Record<string, unknown>): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
    .sign(new TextEncoder().encode(key.publicPem));
}

/** Konexus-shaped access token claims around a given "now". */
export function konexusClaims(nowMs: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(nowMs / 1000);
  return {
    iss: 'https://auth.example.test',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3540,
    aud: 'tamarack',
    scope: ['tamarack'],
    client_id: 'ext-1741-sample-client',
    admin: 'false',
    sub: '974899',
    tenantId: '1741',
    jti: 'ABC',
    ...overrides,
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A JWKS endpoint on 127.0.0.1. `keys` and `handler` may change between requests (key rotation). */
export class JwksServer {
  requests = 0;
  keys: JWK[] = [];
  handler: Handler | undefined;
  private server: Server | undefined;
  private base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests++;
      if (this.handler) return this.handler(req, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A fresh path per test, so a shared JwksCache never mixes tests. */
  uri(path = '/.well-known/openid-configuration/jwks'): string {
    return this.base + path;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }
}
