/**
 * What the language-model tools (src/lmTools) tell a model, as plain JSON-able values: facts about profiles
 * and tokens, never a token or a secret. Pure (no runtime `vscode` import), tested in plain Node.
 */
import { isLoopbackHost } from '../../core/authority';
import { isProduction } from '../../core/tokens/production';
import { KonexusError } from '../../core/errors';
import type { Profile } from '../../core/tokens/profiles';
import type { Redactor } from '../../core/redact';
import type { TokenState } from '../../core/tokens/tokenState';
import * as l10n from '@vscode/l10n';
import { errorText } from '../../platform/model/words/errorWords';

export interface ProfileFacts {
  readonly name: string;
  readonly active: boolean;
  readonly authority: string;
  readonly clientId: string;
  readonly scope: string;
  readonly production: boolean;
}

export function profileFacts(profiles: readonly Profile[], active: string | undefined): ProfileFacts[] {
  return profiles.map(profile => ({
    name: profile.name,
    active: profile.name === active,
    authority: profile.authority,
    clientId: profile.clientId,
    scope: profile.scope,
    production: isProduction(profile),
  }));
}

export interface TokenStatusFacts {
  readonly profile: string | null;
  readonly authority?: string;
  readonly scope?: string;
  readonly production?: boolean;
  /** The token manager's status, or 'not-started' when nothing asked for this profile's token yet. */
  readonly status: string;
  readonly expiresAt?: string;
  readonly expiresInSeconds?: number;
  readonly grantedScope?: string;
  readonly tenant?: string;
  readonly lastError?: { readonly code: string; readonly message: string };
}

/**
 * The status of a profile's token: no token, only when it expires, its granted scope and tenant (from its
 * claims), and the last error, redacted. `claims` are the decoded token's claims, when the token is a JWT.
 */
export function tokenStatusFacts(
  profile: Profile | undefined, state: TokenState | undefined, claims: Readonly<Record<string, unknown>> | undefined,
  nowMs: number, redactor: Redactor,
): TokenStatusFacts {
  if (!profile) return { profile: null, status: 'no-profile' };
  const token = state?.token;
  const tenant = claims?.['tenantId'] ?? claims?.['tenant'] ?? claims?.['tid'];
  return {
    profile: profile.name,
    authority: profile.authority,
    scope: profile.scope,
    production: isProduction(profile),
    status: state?.status ?? 'not-started',
    ...(token && { expiresAt: new Date(token.expiresAt).toISOString(), expiresInSeconds: Math.round((token.expiresAt - nowMs) / 1000) }),
    ...(token?.scope !== undefined && { grantedScope: token.scope }),
    ...((typeof tenant === 'string' || typeof tenant === 'number') && { tenant: String(tenant) }),
    ...(state?.lastError && { lastError: { code: state.lastError.code, message: redactor.redact(errorText(state.lastError)) } }),
  };
}

/**
 * The URL a konexus_request may send the bearer token to: https, or http on a loopback host (local test
 * servers); never the identity server's own origin (its token endpoint has no use for an access token).
 */
export function requestUrl(text: unknown, profile: Pick<Profile, 'authority'>): URL {
  let url: URL;
  try {
    url = new URL(String(text ?? ''));
  } catch {
    throw KonexusError.withWords('invalid_url', l10n.t('"{0}" is not a URL. Give the full https address of the Konexus API endpoint.', String(text).slice(0, 80)));
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    throw KonexusError.withWords('insecure_url', l10n.t('The Konexus token is only sent over https (plain http is allowed for 127.0.0.1 and localhost). Use an https URL.'));
  }
  if (url.username || url.password) {
    throw KonexusError.withWords('invalid_url', l10n.t('The URL must not carry a user name or password.'));
  }
  let authorityOrigin: string | undefined;
  try {
    authorityOrigin = new URL(profile.authority).origin;
  } catch {
    authorityOrigin = undefined;
  }
  if (url.origin === authorityOrigin) {
    throw KonexusError.withWords('invalid_url', l10n.t('{0} is the identity server of the profile: the tool only calls the Konexus API, not the identity server.', url.origin));
  }
  return url;
}

/** Methods that need no confirmation in the chat (unless the profile is a production one). */
function isReadOnlyMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Response headers never shown to the model: credentials and cookies. */
const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'set-cookie', 'set-cookie2', 'cookie']);

export const MAX_BODY_CHARS = 8 * 1024;

export interface ApiResponseFacts {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly bodyClipped: boolean;
  /** True when the first answer was 401 and the request was sent once more with a fresh token. */
  readonly retriedAfter401: boolean;
}

/**
 * What the model sees of an API response: status, the headers minus credentials and cookies, and the body
 * clipped to MAX_BODY_CHARS, with every JWT and registered secret and the token itself redacted (an API may
 * echo the Authorization header back).
 */
export function shapeResponse(
  response: { readonly status: number; readonly statusText: string; readonly headers: Iterable<[string, string]> },
  body: string, request: { readonly method: string; readonly url: URL; readonly retried: boolean },
  tokens: readonly string[], redactor: Redactor,
): ApiResponseFacts {
  const clean = (text: string) => redactor.redact(tokens.reduce((out, token) => (token ? out.split(token).join('«token»') : out), text));
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (!HIDDEN_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = clean(value);
  }
  // Redacted before clipping: a token cut in half at the limit would no longer be recognised as one.
  const shown = clean(body);
  const bodyClipped = shown.length > MAX_BODY_CHARS;
  return {
    method: request.method,
    url: clean(request.url.href),
    status: response.status,
    statusText: clean(response.statusText),
    headers,
    body: bodyClipped ? shown.slice(0, MAX_BODY_CHARS) : shown,
    bodyClipped,
    retriedAfter401: request.retried,
  };
}

/**
 * What konexus_request asks before it sends: a chat confirmation for any method but GET/HEAD and for any
 * request on a production profile; on a production profile also a modal dialog from the tool itself,
 * which no chat auto-approve setting skips.
 */
export function requestConfirmations(method: string, production: boolean): { readonly chat: boolean; readonly modal: boolean } {
  return { chat: production || !isReadOnlyMethod(method), modal: production };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The tool input's method, upper-cased; GET when absent. */
export function requestMethod(value: unknown): string {
  const method = value === undefined || value === null || value === '' ? 'GET' : String(value).toUpperCase();
  if (!METHODS.has(method)) throw KonexusError.withWords('invalid_request', l10n.t('Unsupported method "{0}". Use one of: {1}.', method.slice(0, 20), [...METHODS].join(', ')));
  return method;
}

/**
 * Whether this VS Code has the stable language model tool API (1.95 on). 1.93 and 1.94 have
 * `vscode.lm.registerTool` as a proposal: it is callable, but the workbench refuses the tools ("was not
 * contributed") because it ignores `contributes.languageModelTools`.
 */
export function hasStableToolApi(vscodeVersion: unknown): boolean {
  const match = /^(\d+)\.(\d+)/.exec(typeof vscodeVersion === 'string' ? vscodeVersion : '');
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 1 || (major === 1 && minor >= 95);
}
