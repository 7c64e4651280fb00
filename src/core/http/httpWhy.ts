/**
 * What went wrong in an HTTP exchange (discovery, token, keys) or with an authority, as values: the edge
 * says it in words (httpWhyText, in the words folder's httpErrorWords.ts). Hosts and URLs are as received,
 * unclipped; none holds a secret or a token (request bodies are never kept).
 */
import type { CertificateCode } from './certificateCodes';

/** Which request failed. */
export type HttpOperation = 'discovery' | 'token' | 'jwks';

/** Which URL a why is about: the authority a person typed, or an endpoint a discovery document names. */
export type UrlRole = 'authority' | 'tokenEndpoint' | 'jwksUri';

/** What a body that is not the JSON we expected looks like (see describeUnexpectedBody). */
export type UnexpectedBody =
  | { readonly kind: 'html' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'notJson'; readonly contentType: string | null };

/** A URL refused before anything was sent to it (authority.ts). */
export type UrlWhy =
  | { readonly area: 'http'; readonly kind: 'notAUrl'; readonly text: string }
  | { readonly area: 'http'; readonly kind: 'authorityHasQuery'; readonly url: string }
  | { readonly area: 'http'; readonly kind: 'plainHttp'; readonly role: UrlRole; readonly origin: string }
  | { readonly area: 'http'; readonly kind: 'notHttps'; readonly role: UrlRole; readonly href: string };

/** A URL credentials would go to, or keys come from, that is not https (plain http only on loopback). */
export type InsecureUrlWhy = Extract<UrlWhy, { readonly kind: 'plainHttp' | 'notHttps' }>;

/** A request that got no usable answer, whatever it asked for (httpFailure.ts). */
export type ExchangeWhy =
  | { readonly area: 'http'; readonly kind: 'timeout'; readonly operation: HttpOperation; readonly host: string; readonly timeoutMs: number }
  | { readonly area: 'http'; readonly kind: 'aborted'; readonly operation: HttpOperation }
  | { readonly area: 'http'; readonly kind: 'certificate'; readonly operation: HttpOperation; readonly host: string; readonly code: CertificateCode }
  /** `systemCode` as Node names it (ECONNREFUSED), or undefined when the failure had none. */
  | { readonly area: 'http'; readonly kind: 'unreachable'; readonly operation: HttpOperation; readonly host: string; readonly systemCode: string | undefined }
  | { readonly area: 'http'; readonly kind: 'bodyTooLarge'; readonly operation: HttpOperation; readonly host: string; readonly maxBytes: number; readonly status: number }
  | { readonly area: 'http'; readonly kind: 'rateLimited'; readonly operation: HttpOperation; readonly host: string; readonly retryAfterMs: number | undefined }
  | { readonly area: 'http'; readonly kind: 'unavailable'; readonly operation: HttpOperation; readonly host: string; readonly retryAfterMs: number | undefined }
  | { readonly area: 'http'; readonly kind: 'serverError'; readonly operation: HttpOperation; readonly host: string; readonly status: number };

/** A discovery document that could not be used (discovery.ts). `url` is the well-known URL asked. */
export type DiscoveryWhy =
  | { readonly area: 'http'; readonly kind: 'discoveryStatus'; readonly url: string; readonly status: number; readonly origin: string }
  | { readonly area: 'http'; readonly kind: 'noTokenEndpoint'; readonly origin: string }
  | { readonly area: 'http'; readonly kind: 'endpointNotUrl'; readonly role: 'tokenEndpoint' | 'jwksUri' }
  /** An endpoint assertSecureUrl refused: `refused` says why, and the document is refused with it. */
  | { readonly area: 'http'; readonly kind: 'endpointRefused'; readonly refused: InsecureUrlWhy }
  | { readonly area: 'http'; readonly kind: 'endpointOffOrigin'; readonly role: 'tokenEndpoint' | 'jwksUri'; readonly origin: string; readonly endpointOrigin: string }
  /** `stated` is the document's issuer as it wrote it, or undefined when it names none. */
  | { readonly area: 'http'; readonly kind: 'issuerMismatch'; readonly url: string; readonly stated: string | undefined; readonly expected: string }
  | { readonly area: 'http'; readonly kind: 'discoveryNotJson'; readonly url: string; readonly body: UnexpectedBody }
  /** `problem` is oauth4webapi's own (English, developer) description of what failed validation. */
  | { readonly area: 'http'; readonly kind: 'discoveryInvalid'; readonly url: string; readonly problem: string };

export type HttpWhy = UrlWhy | ExchangeWhy | DiscoveryWhy;
