/**
 * The signature check in words: which key verified, why a key set or a key could not be used, why the key
 * set request failed (src/core/jwt/checkWhy.ts). Made only when a check is shown (checkReason, checkWords.ts).
 */
import * as l10n from '@vscode/l10n';
import { clipValue } from './clipLine';
import type { JwksFetchProblem, KeyImportProblem, KeySetProblem, KeySourceLabel, NetworkProblem, SignatureWhy, Signer } from '../../../core/jwt/checkWhy';
import { certificateProblemText } from './networkWords';
import { formatDuration } from './timeWords';

export function signatureWhyText(why: SignatureWhy): string {
  switch (why.kind) {
    case 'keysUnknown': return l10n.t("the issuer's keys are not known: signature not checked");
    case 'keySourceInvalid': return l10n.t('the key source is not one of jwks, pem, jwk or none');
    case 'signatureEmpty': return l10n.t('the token has no signature (its third segment is empty)');
    case 'signatureAlgRefused': return l10n.t('not verified: alg {0} is refused (see alg)', clipValue(why.alg));
    case 'keySetRefused': return keySetProblemText(why.problem);
    case 'keySetFetch': return jwksFetchProblemText(why.problem);
    case 'keyImport': return keyImportProblemText(why.problem);
    case 'signatureValid': return l10n.t({ message: 'the signature is valid: signed by {0}', args: [signerText(why.signer)], comment: ['{0} is "kid X from URL", "a key from URL", "the given PEM key" or "the given JWK"'] });
    case 'noMatchingKey': return noMatchingKeyText(why);
    case 'keyDoesNotFit': return l10n.t('the given key does not fit the token');
    case 'multipleMatchingKeys': return why.kid === undefined
      ? l10n.t("more than one key in the issuer's key set fits alg {0}, so the signing key cannot be told apart", why.alg)
      : l10n.t("more than one key in the issuer's key set fits kid {0}, so the signing key cannot be told apart", clipValue(why.kid));
    case 'keySetTimeout': return l10n.t("the issuer's key set did not answer in time");
    case 'keySetInvalid': return l10n.t('the issuer\'s key set is not a usable JWKS ({0}): expected {1}', why.detail, '{"keys": [public keys…]}');
    case 'signatureLength': return l10n.t('the signature is {0} bytes, but a {1} signature from this key is {2} bytes: the token was probably cut short or run together with other text', why.actualBytes, why.alg, why.expectedBytes);
    case 'signatureMismatch': return why.kids
      ? l10n.t("the signature does not match the header and payload: the token was altered after signing, or signed with another key (the JWK's kid is {jwkKid}, the token's is {tokenKid})", { jwkKid: clipValue(why.kids.jwk), tokenKid: clipValue(why.kids.token) })
      : l10n.t('the signature does not match the header and payload: the token was altered after signing, or signed with another key');
    case 'algNotAllowedByKey': return l10n.t('alg {0} is not allowed', clipValue(why.alg));
    case 'signatureUncheckable': return l10n.t('the signature could not be checked: {0}', why.detail);
  }
}

function signerText(signer: Signer): string {
  switch (signer.kind) {
    case 'jwks': return signer.kid === undefined ? l10n.t('a key from {0}', signer.url) : l10n.t('kid {0} from {1}', clipValue(signer.kid), signer.url);
    case 'pem': return l10n.t('the given PEM key');
    case 'jwk': return l10n.t('the given JWK');
  }
}

function noMatchingKeyText(why: Extract<SignatureWhy, { kind: 'noMatchingKey' }>): string {
  const args = { url: why.url, alg: why.alg, kid: clipValue(why.kid ?? ''), cooldown: formatDuration(why.cooldownMs) };
  if (why.kid === undefined) {
    switch (why.keySet) {
      case 'fetchedNow': return l10n.t("the token has no kid, and no key in the issuer's key set ({url}) fits alg {alg} (the key set was fetched just now)", args);
      case 'coolingDown': return l10n.t("the token has no kid, and no key in the issuer's key set ({url}) fits alg {alg}; the key set was fetched less than {cooldown} ago, so it was not fetched again", args);
      case 'refetched': return l10n.t("the token has no kid, and no key in the issuer's key set ({url}) fits alg {alg}; the key set was fetched again and still lacks it", args);
    }
  }
  switch (why.keySet) {
    case 'fetchedNow': return l10n.t("kid {kid} is not in the issuer's key set ({url}) for alg {alg} (the key set was fetched just now)", args);
    case 'coolingDown': return l10n.t("kid {kid} is not in the issuer's key set ({url}) for alg {alg}; the key set was fetched less than {cooldown} ago, so it was not fetched again", args);
    case 'refetched': return l10n.t("kid {kid} is not in the issuer's key set ({url}) for alg {alg}; the key set was fetched again and still lacks it", args);
  }
}

function keyImportProblemText(problem: KeyImportProblem): string {
  switch (problem.kind) {
    case 'pemNotPem': return l10n.t('the key is not PEM text (expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----)');
    case 'pemCannotVerify': return l10n.t('the PEM {0} cannot verify {1}: {2}', problem.label.toLowerCase(), problem.alg, problem.detail);
    case 'pemPrivate': return l10n.t('the PEM is a private key: give the public key (BEGIN PUBLIC KEY) or the certificate instead; a private key should not leave the server');
    case 'pemPkcs1': return l10n.t('the PEM is a PKCS#1 RSA public key: convert it to SPKI (BEGIN PUBLIC KEY), e.g. openssl rsa -RSAPublicKey_in -in key.pem -pubout');
    case 'pemOther': return l10n.t('a PEM "{0}" is not a public key or certificate', clipValue(problem.label));
    case 'jwkNotObject': return l10n.t('the JWK is not a JSON object');
    case 'jwkSymmetric': return l10n.t('the JWK is a symmetric (oct) key: shared-secret keys are refused, the issuer signs with a public/private key pair');
    case 'jwkPrivate': return l10n.t("the JWK contains private key material ('d'): give the public key only; a private key should not leave the server");
    case 'jwkNotPublic': return l10n.t('the JWK is not a public key');
    case 'jwkCannotVerify': return l10n.t('the JWK cannot verify {0}: {1}', problem.alg, problem.detail);
  }
}

/** Why there is no key set for a URI (checkJwksUri, JwksCache.keySetFor). */
export function keySetProblemText(problem: KeySetProblem): string {
  switch (problem.kind) {
    case 'invalidUrl': return l10n.t("the key set URI '{0}' is not a valid URL", clipUri(problem.uri));
    case 'plainHttp': return l10n.t('the key set URI {0} uses plain http: keys are only fetched over https (http is allowed for localhost and 127.0.0.1 only), so the signature was not checked', problem.href);
    case 'notHttps': return l10n.t('the key set URI {0} is not an https URL', clipUri(problem.uri));
    case 'setupFailed': return l10n.t('the key set for {0} could not be set up: {1}', problem.href, problem.detail);
  }
}

/** Why the key set request failed (JwksFetchError.why). */
function jwksFetchProblemText(problem: JwksFetchProblem): string {
  switch (problem.kind) {
    case 'timeout': return l10n.t("the issuer's key set at {0} did not answer within {1} ms", problem.url, problem.timeoutMs);
    case 'unreachable': return problem.stage === 'connect'
      ? l10n.t("could not reach the issuer's key set at {0}: {1}", problem.url, networkProblemText(problem.network))
      : l10n.t("the issuer's key set at {0} could not be read: {1}", problem.url, networkProblemText(problem.network));
    case 'http_status': {
      const status = problem.statusText ? `${problem.status} ${problem.statusText}` : String(problem.status);
      return problem.location !== undefined
        ? l10n.t("the issuer's key set at {0} answered HTTP {1}, expected 200 (a redirect to {2}; key sets are not fetched across redirects: use the final URL as jwks_uri)", problem.url, status, clipUri(problem.location))
        : l10n.t("the issuer's key set at {0} answered HTTP {1}, expected 200", problem.url, status);
    }
    case 'not_json': return problem.contentType !== undefined
      ? l10n.t("the issuer's key set at {0} is not JSON (content-type {1}): check that jwks_uri points at the key set, not a web page", problem.url, problem.contentType)
      : l10n.t("the issuer's key set at {0} is not JSON: check that jwks_uri points at the key set, not a web page", problem.url);
    case 'too_large': return l10n.t("the issuer's key set is larger than {0} KiB: that is not a key set", problem.maxBytes / 1024);
  }
}

/** A failed key set request in words: a certificate problem, else the system code (ECONNREFUSED), else the error's own text. */
function networkProblemText(problem: NetworkProblem): string {
  const certificate = problem.code === undefined ? undefined : certificateProblemText(problem.code, problem.host);
  if (certificate) {
    const text = `${certificate.text.charAt(0).toLowerCase()}${certificate.text.slice(1)}`;
    return certificate.untrustedIssuer ? l10n.t('{0}; see "Proxy and certificates" in the README', text) : text;
  }
  switch (problem.causeCode) {
    case undefined: return problem.detail;
    case 'ECONNREFUSED': return l10n.t('connection refused (is the server running?)');
    case 'ENOTFOUND': return l10n.t('host not found');
    case 'ECONNRESET': return l10n.t('the connection was reset');
    case 'ETIMEDOUT': return l10n.t('the connection timed out');
    default: return problem.causeCode;
  }
}

/** Where the keys came from: "JWKS https://…", "PEM public key", "JWK (kid …)". */
export function keySourceText(source: KeySourceLabel): string {
  switch (source.kind) {
    case 'jwks': return `JWKS ${clipValue(source.uri)}`;
    case 'pem': return source.certificate ? l10n.t('PEM certificate') : l10n.t('PEM public key');
    case 'jwk': return source.kid === undefined ? 'JWK' : `JWK (kid ${clipValue(source.kid)})`;
    case 'none': return 'none'; // not shown: the tooltip leaves the source out when there are no keys
    case 'unknown': return l10n.t('unknown');
  }
}


function clipUri(uri: string): string {
  return uri.length > 200 ? `${uri.slice(0, 199)}…` : uri;
}
