// oidc-provider ships no TypeScript types (and @types/oidc-provider is not installed): this declares the
// little of it that test/idp/oidcProviderPeer.ts uses. Configuration stays loosely typed on purpose.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
