import { KonexusError } from './errors';
import type { InsecureUrlWhy, UrlRole, UrlWhy } from './http/httpWhy';

/** The Konexus production identity server. */
export const DEFAULT_AUTHORITY = 'https://auth.alertsense.com';
export const DEFAULT_SCOPE = 'tamarack';

/**
 * True for hosts that never leave this machine: the literal addresses 127.0.0.0/8 and ::1, and the name
 * `localhost` itself. Only these may be spoken to over plain http (local development servers); everything
 * else must be https. `*.localhost` is not among them: it is a name like any other until a resolver says
 * otherwise, and a resolver (a hosts file, a DNS server on the path) may say anything. `hostname` is a
 * WHATWG URL's, which already writes `127.1`, `0x7f000001` and `[0:0::1]` as 127.0.0.1 and [::1].
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  return /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host);
}

/**
 * Parses what a person typed as an authority (issuer) into a URL: trims, drops a trailing slash and a
 * pasted `/.well-known/openid-configuration`, and insists on https unless the host is loopback. Throws
 * `invalid_url` or `insecure_url` with authorityProblem's why.
 */
export function parseAuthority(text: string): URL {
  const read = readAuthority(text);
  if (read instanceof URL) return read;
  throw urlError(read);
}

/** What is wrong with an authority as a person typed it, or undefined when parseAuthority accepts it. */
export function authorityProblem(text: string): UrlWhy | undefined {
  const read = readAuthority(text);
  return read instanceof URL ? undefined : read;
}

function readAuthority(text: string): URL | UrlWhy {
  const trimmed = text.trim().replace(/\/\.well-known\/openid-configuration\/?$/, '').replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { area: 'http', kind: 'notAUrl', text: trimmed };
  }
  const insecure = secureUrlProblem(url, 'authority');
  if (insecure) return insecure;
  if (url.search || url.hash) return { area: 'http', kind: 'authorityHasQuery', url: `${url.origin}${url.pathname}` };
  return url;
}

function urlError(why: UrlWhy): KonexusError {
  return new KonexusError(why.kind === 'plainHttp' ? 'insecure_url' : 'invalid_url', why);
}

/**
 * Refuses URLs that would send credentials or trust keys over plain http: throws `insecure_url` or
 * `invalid_url` with secureUrlProblem's why.
 */
export function assertSecureUrl(url: URL, role: UrlRole, allowLoopbackHttp = true): void {
  const problem = secureUrlProblem(url, role, allowLoopbackHttp);
  if (problem) throw urlError(problem);
}

/**
 * What is wrong with a URL credentials would go to or keys come from, or undefined when it is https (or
 * plain http on loopback, when `allowLoopbackHttp`). `role` says which URL it is. `allowLoopbackHttp` is
 * false when the authority itself is https: a discovery document must not downgrade us to http on any host.
 */
export function secureUrlProblem(url: URL, role: UrlRole, allowLoopbackHttp = true): InsecureUrlWhy | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return { area: 'http', kind: 'notHttps', role, href: url.href };
  if (allowLoopbackHttp && isLoopbackHost(url.hostname)) return undefined;
  return { area: 'http', kind: 'plainHttp', role, origin: url.origin };
}

/** The stable text form of an authority: origin plus path, no trailing slash. Used in keys and comparisons. */
export function authorityKey(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
