/**
 * Why each check of a verification passed, failed or was skipped, as values: the claim, the expected
 * value, the times, the key set URL, a library's own error text. No sentence here: the words are made
 * where a check is shown (checkReason in the edge file checkWords.ts). Claim and header values
 * are carried as sent, not clipped; the words clip them. Nothing here is a secret or a token.
 */
import type { JwtDecodeError } from './decode';
import type { NumericDateProblem } from './times';

/** How the token's aud was: a list of text values, one text value, or something else (null). */
export type AudShown = readonly string[] | string | null;

export type CheckWhy =
  // typ
  | { readonly kind: 'typNotExpected' }
  | { readonly kind: 'typMissing'; readonly expected: string }
  | { readonly kind: 'typNotText'; readonly expected: string }
  | { readonly kind: 'typIs'; readonly typ: string }
  /** typ 'JWT' where 'at+jwt' was expected: an ID token or a generic JWT. */
  | { readonly kind: 'typGenericJwt'; readonly typ: string; readonly expected: string }
  | { readonly kind: 'typMismatch'; readonly typ: string; readonly expected: string }
  // iss
  | { readonly kind: 'issNotExpected' }
  | { readonly kind: 'issMissing'; readonly expected: string }
  | { readonly kind: 'issNotText'; readonly expected: string }
  | { readonly kind: 'issIs'; readonly iss: string }
  | { readonly kind: 'issTrailingSlash'; readonly iss: string; readonly expected: string }
  | { readonly kind: 'issMismatch'; readonly iss: string; readonly expected: string }
  // aud
  | { readonly kind: 'audNotExpected' }
  | { readonly kind: 'audMissing'; readonly expected: string }
  | { readonly kind: 'audIs'; readonly aud: AudShown }
  | { readonly kind: 'audMismatch'; readonly aud: AudShown; readonly expected: string }
  // exp and nbf (times in ms since the epoch)
  | { readonly kind: 'timeClaimUnusable'; readonly claim: 'exp' | 'nbf'; readonly problem: NumericDateProblem }
  | { readonly kind: 'clockUnknown'; readonly claim: 'exp' | 'nbf' }
  | { readonly kind: 'expRequired' }
  | { readonly kind: 'expAbsent' }
  | { readonly kind: 'expired'; readonly expMs: number; readonly nowMs: number }
  | { readonly kind: 'expiredWithinTolerance'; readonly expMs: number; readonly nowMs: number; readonly toleranceS: number }
  | { readonly kind: 'expires'; readonly expMs: number; readonly nowMs: number }
  | { readonly kind: 'nbfAbsent' }
  | { readonly kind: 'notYetValid'; readonly nbfMs: number; readonly nowMs: number; readonly toleranceS: number }
  | { readonly kind: 'validWithinTolerance'; readonly nbfMs: number; readonly nowMs: number; readonly toleranceS: number }
  | { readonly kind: 'becameValid'; readonly nbfMs: number; readonly nowMs: number }
  // alg
  | { readonly kind: 'algNone' }
  | { readonly kind: 'algHmac'; readonly alg: string }
  | { readonly kind: 'algNotAllowed'; readonly alg: string; readonly allowed: readonly string[] }
  | { readonly kind: 'algAllowed'; readonly alg: string }
  | SignatureWhy
  // the whole verification
  | { readonly kind: 'doesNotDecode'; readonly error: JwtDecodeError }
  | { readonly kind: 'notCheckedNoDecode' }
  | { readonly kind: 'stopped'; readonly detail: string }
  | { readonly kind: 'notCheckedStopped' };

/** Why the signature check passed, failed or was skipped (besides a token that does not decode). */
export type SignatureWhy =
  | { readonly kind: 'keysUnknown' }
  | { readonly kind: 'keySourceInvalid' }
  | { readonly kind: 'signatureEmpty' }
  | { readonly kind: 'signatureAlgRefused'; readonly alg: string }
  | { readonly kind: 'keySetRefused'; readonly problem: KeySetProblem }
  | { readonly kind: 'keySetFetch'; readonly problem: JwksFetchProblem }
  | { readonly kind: 'keyImport'; readonly problem: KeyImportProblem }
  | { readonly kind: 'signatureValid'; readonly signer: Signer }
  | { readonly kind: 'noMatchingKey'; readonly url: string; readonly alg: string; readonly kid?: string; readonly keySet: KeySetAge; readonly cooldownMs: number }
  | { readonly kind: 'keyDoesNotFit' }
  | { readonly kind: 'multipleMatchingKeys'; readonly alg: string; readonly kid?: string }
  | { readonly kind: 'keySetTimeout' }
  | { readonly kind: 'keySetInvalid'; readonly detail: string }
  | { readonly kind: 'signatureLength'; readonly actualBytes: number; readonly alg: string; readonly expectedBytes: number }
  /** `kids` when a given JWK's kid differs from the token's. */
  | { readonly kind: 'signatureMismatch'; readonly kids?: { readonly jwk: string; readonly token: string } }
  | { readonly kind: 'algNotAllowedByKey'; readonly alg: string }
  /** Key/alg mismatches (an RSA key for ES256, a 1024-bit RSA key): jose's own text in `detail`. */
  | { readonly kind: 'signatureUncheckable'; readonly detail: string };

/** Whether the key set lacking a kid was fetched just now, is cooling down, or was fetched again. */
export type KeySetAge = 'fetchedNow' | 'coolingDown' | 'refetched';

/** Which key verified the signature. */
export type Signer =
  | { readonly kind: 'jwks'; readonly url: string; readonly kid?: string }
  | { readonly kind: 'pem' }
  | { readonly kind: 'jwk' };

/** Where the keys came from, for display. */
export type KeySourceLabel =
  | { readonly kind: 'jwks'; readonly uri: string }
  | { readonly kind: 'pem'; readonly certificate: boolean }
  | { readonly kind: 'jwk'; readonly kid?: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown' };

/** Why a given PEM or JWK cannot be used. `detail` is jose's own text. */
export type KeyImportProblem =
  | { readonly kind: 'pemNotPem' }
  | { readonly kind: 'pemCannotVerify'; readonly label: string; readonly alg: string; readonly detail: string }
  | { readonly kind: 'pemPrivate' }
  | { readonly kind: 'pemPkcs1' }
  | { readonly kind: 'pemOther'; readonly label: string }
  | { readonly kind: 'jwkNotObject' }
  | { readonly kind: 'jwkSymmetric' }
  | { readonly kind: 'jwkPrivate' }
  | { readonly kind: 'jwkNotPublic' }
  | { readonly kind: 'jwkCannotVerify'; readonly alg: string; readonly detail: string };

/** Why a key set URI is refused (before any request). */
export type JwksUriProblem =
  | { readonly kind: 'invalidUrl'; readonly uri: string }
  | { readonly kind: 'plainHttp'; readonly href: string }
  | { readonly kind: 'notHttps'; readonly uri: string };

/** Why there is no key set for a URI: refused, or jose could not set one up (`detail`: its text). */
export type KeySetProblem = JwksUriProblem | { readonly kind: 'setupFailed'; readonly href: string; readonly detail: string };

/**
 * A failed request of a network, with what Node said: `code` the system or OpenSSL code found in the error
 * or its causes (a certificate code is said as such), `causeCode` the direct cause's code, `detail` the
 * error's own text for when neither is known.
 */
export interface NetworkProblem {
  readonly host: string;
  readonly code?: string;
  readonly causeCode?: string;
  readonly detail: string;
}

/** Why the key set request failed. `kind` is also JwksFetchError's `code`. */
export type JwksFetchProblem =
  | { readonly kind: 'timeout'; readonly url: string; readonly timeoutMs: number }
  | { readonly kind: 'unreachable'; readonly url: string; readonly stage: 'connect' | 'read'; readonly network: NetworkProblem }
  | { readonly kind: 'http_status'; readonly url: string; readonly status: number; readonly statusText: string; readonly location?: string }
  | { readonly kind: 'not_json'; readonly url: string; readonly contentType?: string }
  | { readonly kind: 'too_large'; readonly maxBytes: number };
