/**
 * The suites' handle on the local Konexus identity server, which runs in the harness's process, not in
 * the extension host: every method is one POST to the harness's control API (KONEXUS_TEST_IDP_CONTROL),
 * which calls the same method of test/idp/konexusIdp.ts. No `vscode` import: plain fetch.
 *
 *   const idp = idpControl();
 *   afterEach(() => idp.reset());
 *   await idp.setFault('token', '503', { times: 1 });
 */
import type { FaultMode, FaultOptions, FaultTarget, IdpClient, RecordedRequest, TokenRequestCount } from '../../idp/konexusIdp';
import type { JWK } from 'jose';
import { testEnv } from './env';

/** The operations of the control API: POST <control>/<operation> with a JSON body of its arguments. */
export interface IdpControlOperations {
  /** Faults off, default lifetime, clients as at start, request log emptied. */
  reset: { args: Record<string, never>; result: null };
  setFault: { args: { target: FaultTarget | 'all'; mode: FaultMode; options?: FaultOptions }; result: null };
  setLifetime: { args: { seconds: number }; result: null };
  addClient: { args: { client: IdpClient }; result: null };
  removeClient: { args: { clientId: string }; result: null };
  /** Registers (replaces) a client's public keys for private_key_jwt, e.g. publicJwks() of a generated key set. */
  setClientJwks: { args: { clientId: string; jwks: { keys: JWK[] } }; result: null };
  rotateKey: { args: { keepOld?: boolean }; result: { kid: string } };
  currentKid: { args: Record<string, never>; result: { kid: string } };
  /** Header entries set to null are removed from the default header (JSON has no undefined). */
  sign: { args: { claims: Record<string, unknown>; header?: Record<string, unknown> }; result: { token: string } };
  issueToken: { args: { clientId: string }; result: { token: string } };
  requests: { args: Record<string, never>; result: RecordedRequest[] };
  clearRequests: { args: Record<string, never>; result: null };
  /** The token endpoint's counters per client id and scope. */
  tokenCounts: { args: Record<string, never>; result: TokenRequestCount[] };
  /** Empties the request log, the issued tokens and the counters. */
  clearLog: { args: Record<string, never>; result: null };
}
export type IdpControlOperation = keyof IdpControlOperations;

export class IdpControl {
  constructor(private readonly baseUrl: string) {}

  private async call<K extends IdpControlOperation>(operation: K, args: IdpControlOperations[K]['args']): Promise<IdpControlOperations[K]['result']> {
    const response = await fetch(`${this.baseUrl}/${operation}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`idp control ${operation} failed: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as IdpControlOperations[K]['result'];
  }

  reset(): Promise<null> {
    return this.call('reset', {});
  }
  setFault(target: FaultTarget | 'all', mode: FaultMode, options?: FaultOptions): Promise<null> {
    return this.call('setFault', options ? { target, mode, options } : { target, mode });
  }
  setLifetime(seconds: number): Promise<null> {
    return this.call('setLifetime', { seconds });
  }
  addClient(client: IdpClient): Promise<null> {
    return this.call('addClient', { client });
  }
  removeClient(clientId: string): Promise<null> {
    return this.call('removeClient', { clientId });
  }
  setClientJwks(clientId: string, jwks: { keys: JWK[] }): Promise<null> {
    return this.call('setClientJwks', { clientId, jwks });
  }
  async rotateKey(options: { keepOld?: boolean } = {}): Promise<string> {
    return (await this.call('rotateKey', options)).kid;
  }
  async currentKid(): Promise<string> {
    return (await this.call('currentKid', {})).kid;
  }
  async sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string> {
    return (await this.call('sign', header ? { claims, header } : { claims })).token;
  }
  async issueToken(clientId: string): Promise<string> {
    return (await this.call('issueToken', { clientId })).token;
  }
  requests(): Promise<RecordedRequest[]> {
    return this.call('requests', {});
  }
  clearRequests(): Promise<null> {
    return this.call('clearRequests', {});
  }
  tokenCounts(): Promise<TokenRequestCount[]> {
    return this.call('tokenCounts', {});
  }
  clearLog(): Promise<null> {
    return this.call('clearLog', {});
  }
}

export function idpControl(): IdpControl {
  return new IdpControl(testEnv().idp.controlUrl);
}
