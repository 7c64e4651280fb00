/**
 * HttpWhy in words: requests that got no usable answer, discovery documents that cannot be used, URLs
 * refused.
 */
import * as l10n from '@vscode/l10n';
import { authorityProblem, DEFAULT_AUTHORITY } from '../../../core/authority';
import type { HttpOperation, HttpWhy, UnexpectedBody, UrlWhy } from '../../../core/http/httpWhy';
import { isUntrustedIssuer } from '../../../core/http/certificateCodes';
import { certificateText, systemReasonText, trustAdvice } from './networkWords';

export function httpWhyText(why: HttpWhy): string {
  switch (why.kind) {
    case 'notAUrl': case 'authorityHasQuery': case 'plainHttp': case 'notHttps':
      return urlWhyText(why);
    case 'timeout':
      return l10n.t({
        message: '{host} did not answer within {seconds} s while asking for {what}. The server may be overloaded or a proxy may be holding the request; it will be retried.',
        args: { host: why.host, seconds: Math.round(why.timeoutMs / 1000), what: operationText(why.operation) },
        comment: ['{what} is "the discovery document", "a token" or "the signing keys"'],
      });
    case 'aborted':
      return l10n.t({ message: 'The request for {what} was cancelled.', args: { what: operationText(why.operation) }, comment: ['{what} is "the discovery document", "a token" or "the signing keys"'] });
    case 'certificate': {
      const args = { problem: certificateText(why.code, why.host), what: operationText(why.operation) };
      return isUntrustedIssuer(why.code)
        ? l10n.t({ message: '{problem} while asking for {what}. {advice}', args: { ...args, advice: trustAdvice() }, comment: ['{problem} is "The TLS certificate of HOST is not trusted (…)"', '{what} is "the discovery document", "a token" or "the signing keys"'] })
        : l10n.t({ message: '{problem} while asking for {what}.', args, comment: ['{problem} is "The TLS certificate of HOST has expired (…)"', '{what} is "the discovery document", "a token" or "the signing keys"'] });
    }
    case 'unreachable':
      return l10n.t({
        message: 'Cannot reach {host} for {what}: {reason}. Check the authority, your network and proxy settings.',
        args: { host: why.host, what: operationText(why.operation), reason: why.systemCode === undefined ? l10n.t('the connection failed') : systemReasonText(why.systemCode) ?? why.systemCode },
        comment: ['{what} is "the discovery document", "a token" or "the signing keys"', '{reason} says why, such as "connection refused (nothing listens there)"'],
      });
    case 'bodyTooLarge':
      return l10n.t({
        message: '{host} answered the request for {what} with more than {size} MiB (HTTP {status}), so the answer was not read. An identity server answers with a few KiB: check the authority, and whether a proxy or captive portal answers in its place.',
        args: { host: why.host, what: operationText(why.operation), size: why.maxBytes / (1024 * 1024), status: why.status },
        comment: ['{what} is "the discovery document", "a token" or "the signing keys"'],
      });
    case 'rateLimited':
      return l10n.t({
        message: '{host} is rate limiting requests for {what} (HTTP 429).{wait} It will be retried.',
        args: { host: why.host, what: operationText(why.operation), wait: waitText(why.retryAfterMs) },
        comment: ['{what} is "the discovery document", "a token" or "the signing keys"', '{wait} is empty or a sentence such as " It asked to wait 30 s." with its leading space'],
      });
    case 'unavailable':
      return l10n.t({
        message: '{host} is temporarily unavailable (HTTP 503) while asking for {what}.{wait} It will be retried.',
        args: { host: why.host, what: operationText(why.operation), wait: waitText(why.retryAfterMs) },
        comment: ['{what} is "the discovery document", "a token" or "the signing keys"', '{wait} is empty or a sentence such as " It asked to wait 30 s." with its leading space'],
      });
    case 'serverError':
      return l10n.t({
        message: '{host} failed with HTTP {status} while asking for {what}. This is a server-side problem; it will be retried.',
        args: { host: why.host, status: why.status, what: operationText(why.operation) },
        comment: ['{what} is "the discovery document", "a token" or "the signing keys"'],
      });
    case 'discoveryStatus':
      return l10n.t('{0} answered HTTP {1}. Is {2} a Konexus identity server? Check the authority.', why.url, why.status, why.origin);
    case 'noTokenEndpoint':
      return l10n.t('The discovery document of {0} names no token_endpoint, so no token can be requested.', why.origin);
    case 'endpointNotUrl':
      return why.role === 'tokenEndpoint' ? l10n.t('The token endpoint in the discovery document is not a URL.') : l10n.t('The key set (jwks_uri) in the discovery document is not a URL.');
    case 'endpointRefused':
      return `${urlWhyText(why.refused)} ${l10n.t('The discovery document is refused.')}`;
    case 'endpointOffOrigin':
      return why.role === 'tokenEndpoint'
        ? l10n.t('The discovery document of {0} names a token endpoint on another host, {1}. The client secret is only sent to the authority\'s own origin, so nothing was sent. Check the authority: if {1} is really your identity server, use its address as the authority.', why.origin, why.endpointOrigin)
        : l10n.t('The discovery document of {0} names a key set (jwks_uri) on another host, {1}. Keys are only taken from the authority\'s own origin, so the document is refused. Check the authority: if {1} is really your identity server, use its address as the authority.', why.origin, why.endpointOrigin);
    case 'issuerMismatch':
      return l10n.t('The discovery document at {0} names the issuer "{1}", not {2}. Tokens from it could not be trusted; use the issuer\'s own address as the authority.', why.url, why.stated === undefined ? '?' : why.stated.slice(0, 200), why.expected);
    case 'discoveryNotJson':
      return l10n.t({ message: '{0} returned {1}.', args: [why.url, unexpectedBodyText(why.body)], comment: ['{1} describes the body, such as "an empty body"'] });
    case 'discoveryInvalid':
      return l10n.t('The discovery document at {0} is not valid: {1}.', why.url, why.problem);
  }
}

/** What is wrong with an authority a person typed, in words (an input box's validation), or undefined. */
export function authorityProblemText(text: string): string | undefined {
  const problem = authorityProblem(text);
  return problem && urlWhyText(problem);
}

/** A URL refused before anything was sent to it. */
function urlWhyText(why: UrlWhy): string {
  switch (why.kind) {
    case 'notAUrl':
      return l10n.t('"{0}" is not a URL. Enter the identity server\'s address, e.g. {1}.', clip(why.text), DEFAULT_AUTHORITY);
    case 'authorityHasQuery':
      return l10n.t('The authority {0} must not carry a query or fragment.', why.url);
    case 'plainHttp': {
      const rest = l10n.t('Konexus credentials are only sent over https (plain http is allowed for 127.0.0.1 and localhost during development).');
      const plainHttp = why.role === 'authority' ? l10n.t('The authority {0} uses plain http.', why.origin)
        : why.role === 'tokenEndpoint' ? l10n.t('The token endpoint {0} uses plain http.', why.origin)
          : l10n.t('The key set (jwks_uri) {0} uses plain http.', why.origin);
      return `${plainHttp} ${rest}`;
    }
    case 'notHttps': {
      const href = clip(why.href);
      return why.role === 'authority' ? l10n.t('The authority "{0}" must be an https URL.', href)
        : why.role === 'tokenEndpoint' ? l10n.t('The token endpoint "{0}" must be an https URL.', href)
          : l10n.t('The key set (jwks_uri) "{0}" must be an https URL.', href);
    }
  }
}

/** A body that is not the JSON we expected, as the {1} of "{0} returned {1}." */
export function unexpectedBodyText(body: UnexpectedBody): string {
  switch (body.kind) {
    case 'html': return l10n.t('an HTML page instead of JSON (a proxy, captive portal or sign-in page in the way?)');
    case 'empty': return l10n.t('an empty body');
    case 'notJson': return l10n.t('a body that is not valid JSON ({0})', body.contentType ?? l10n.t('no content type'));
  }
}

/** What was asked for, as the {what} of the messages above. */
function operationText(operation: HttpOperation): string {
  switch (operation) {
    case 'discovery': return l10n.t('the discovery document');
    case 'token': return l10n.t('a token');
    case 'jwks': return l10n.t('the signing keys');
  }
}

/** A whole sentence with its leading space, or nothing: it stands between two sentences of the messages. */
function waitText(retryAfterMs: number | undefined): string {
  return retryAfterMs === undefined ? '' : ` ${l10n.t('It asked to wait {0} s.', Math.ceil(retryAfterMs / 1000))}`;
}

/** What a person typed, as much of it as a message shows. */
function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
