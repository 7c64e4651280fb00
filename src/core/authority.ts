import * as l10n from '@vscode/l10n';
import { KonexusError } from './errors';

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
 * pasted `/.well-known/openid-configuration`, and insists on https unless the host is loopback.
 */
export function parseAuthority(text: string): URL {
  const trimmed = text.trim().replace(/\/\.well-known\/openid-configuration\/?$/, '').replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new KonexusError('invalid_url', l10n.t('"{0}" is not a URL. Enter the identity server\'s address, e.g. {1}.', truncate(trimmed), DEFAULT_AUTHORITY));
  }
  assertSecureUrl(url, 'authority');
  if (url.search || url.hash) {
    throw new KonexusError('invalid_url', l10n.t('The authority {0} must not carry a query or fragment.', `${url.origin}${url.pathname}`));
  }
  return url;
}

/** Which URL a message is about: the authority a person typed, or an endpoint a discovery document names. */
export type UrlRole = 'authority' | 'tokenEndpoint' | 'jwksUri';

/**
 * Refuses URLs that would send credentials or trust keys over plain http. `role` names the URL in the
 * message ("The token endpoint"). `allowLoopbackHttp` is false when the authority itself is https: a
 * discovery document must not downgrade us to http on any host.
 */
export function assertSecureUrl(url: URL, role: UrlRole, allowLoopbackHttp = true): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && allowLoopbackHttp && isLoopbackHost(url.hostname)) return;
  if (url.protocol === 'http:') {
    const rest = l10n.t('Konexus credentials are only sent over https (plain http is allowed for 127.0.0.1 and localhost during development).');
    const plainHttp = role === 'authority' ? l10n.t('The authority {0} uses plain http.', url.origin)
      : role === 'tokenEndpoint' ? l10n.t('The token endpoint {0} uses plain http.', url.origin)
        : l10n.t('The key set (jwks_uri) {0} uses plain http.', url.origin);
    throw new KonexusError('insecure_url', `${plainHttp} ${rest}`);
  }
  const href = truncate(url.href);
  throw new KonexusError('invalid_url', role === 'authority' ? l10n.t('The authority "{0}" must be an https URL.', href)
    : role === 'tokenEndpoint' ? l10n.t('The token endpoint "{0}" must be an https URL.', href)
      : l10n.t('The key set (jwks_uri) "{0}" must be an https URL.', href));
}

/** The stable text form of an authority: origin plus path, no trailing slash. Used in keys and comparisons. */
export function authorityKey(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
