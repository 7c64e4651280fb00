/**
 * The checks of a JWT verification in words: checkReason(check) makes the sentence of one check from its
 * `why` (src/core/jwt/checkWhy.ts), only when it is shown (the Token Inspector's tree, the hover's failed
 * checks). Claim and header values are clipped to one short line here. The key and key set words are in
 * keyWords.ts.
 */
import * as l10n from '@vscode/l10n';
import type { Check } from '../../../core/jwt/checks';
import type { AudShown, CheckWhy } from '../../../core/jwt/checkWhy';
import { numericDateProblemText } from './claimWords';
import { decodeErrorText } from './decodeWords';
import { clipValue } from './clipLine';
import { signatureWhyText } from './keyWords';
import { formatDuration, formatRelative, formatUtc } from './timeWords';

/** The sentence of a check: "expired 3 h ago (exp 2025-07-29 20:20:42 UTC)". Never throws. */
export function checkReason(check: Pick<Check, 'why'>): string {
  try {
    return checkWhyText(check.why);
  } catch (error) {
    return l10n.t('the reason could not be formatted: {0}', error instanceof Error ? error.message : String(error));
  }
}

function checkWhyText(why: CheckWhy): string {
  switch (why.kind) {
    case 'typNotExpected': return l10n.t('no typ expected: typ not checked');
    case 'typMissing': return l10n.t("typ is missing, expected '{0}'", why.expected);
    case 'typNotText': return l10n.t("typ is not text, expected '{0}'", why.expected);
    case 'typIs': return l10n.t("typ is '{0}'", clipValue(why.typ));
    case 'typGenericJwt': return l10n.t("typ is '{0}', expected '{1}': an ID token or a generic JWT, not an RFC 9068 access token", clipValue(why.typ), why.expected);
    case 'typMismatch': return l10n.t("typ is '{0}', expected '{1}'", clipValue(why.typ), why.expected);

    case 'issNotExpected': return l10n.t('no issuer expected: iss not checked');
    case 'issMissing': return l10n.t("iss is missing, expected '{0}'", why.expected);
    case 'issNotText': return l10n.t("iss is not text, expected '{0}'", why.expected);
    case 'issIs': return l10n.t("iss is '{0}'", clipValue(why.iss));
    case 'issTrailingSlash': return l10n.t("iss is '{0}', expected '{1}' (they differ only by a trailing slash, and issuers are compared exactly)", clipValue(why.iss), why.expected);
    case 'issMismatch': return l10n.t("iss is '{0}', expected '{1}'", clipValue(why.iss), why.expected);

    case 'audNotExpected': return l10n.t('no audience expected: aud not checked');
    case 'audMissing': return l10n.t("aud is missing, expected '{0}'", why.expected);
    case 'audIs': return l10n.t('aud is {0}', audText(why.aud));
    case 'audMismatch': return l10n.t("aud is {0}, expected '{1}'", audText(why.aud), why.expected);

    case 'timeClaimUnusable': return numericDateProblemText(why.problem);
    case 'clockUnknown': return why.claim === 'exp'
      ? l10n.t('the current time is unknown, so exp cannot be checked')
      : l10n.t('the current time is unknown, so nbf cannot be checked');
    case 'expRequired': return l10n.t('exp is missing: an access token (RFC 9068) must have an expiry');
    case 'expAbsent': return l10n.t('no exp claim: the token does not expire');
    case 'expired': return l10n.t('expired {0} ago {1}', formatDuration(why.nowMs - why.expMs), at('exp', why.expMs));
    case 'expiredWithinTolerance': return l10n.t('expired {0} ago, within the {1} s clock tolerance {2}', formatDuration(why.nowMs - why.expMs), why.toleranceS, at('exp', why.expMs));
    case 'expires': return l10n.t({ message: 'expires {0} {1}', args: [formatRelative(why.expMs - why.nowMs), at('exp', why.expMs)], comment: ['{0} is a time such as "in 42 min"; {1} is "(exp 2025-07-29 20:20:42 UTC)"'] });
    case 'nbfAbsent': return l10n.t('no nbf claim');
    case 'notYetValid': return l10n.t("not valid yet: becomes valid {0}, beyond the {1} s clock tolerance {2}; is this computer's clock right?", formatRelative(why.nbfMs - why.nowMs), why.toleranceS, at('nbf', why.nbfMs));
    case 'validWithinTolerance': return l10n.t('becomes valid {0}, within the {1} s clock tolerance {2}', formatRelative(why.nbfMs - why.nowMs), why.toleranceS, at('nbf', why.nbfMs));
    case 'becameValid': return l10n.t('became valid {0} {1}', formatRelative(why.nbfMs - why.nowMs), at('nbf', why.nbfMs));

    case 'algNone': return l10n.t('alg is none: the token is unsigned, and an unsigned token must never be accepted');
    case 'algHmac': return l10n.t('alg {0} is an HMAC (shared-secret) algorithm, which the issuer does not use: verifying {0} with the issuer\'s RSA public key as the secret is the classic key-confusion attack, so it is refused', why.alg);
    case 'algNotAllowed': {
      const list = why.allowed.length ? why.allowed.join(', ') : l10n.t('none (no asymmetric algorithm was allowed)');
      return l10n.t('alg {0} is not an allowed algorithm (allowed: {1})', clipValue(why.alg), list);
    }
    case 'algAllowed': return l10n.t('alg {0} is allowed', why.alg);

    case 'doesNotDecode': return l10n.t('the token does not decode: {0}', decodeErrorText(why.error));
    case 'notCheckedNoDecode': return l10n.t('not checked: the token does not decode');
    case 'stopped': return l10n.t('verification stopped unexpectedly: {0}', why.detail);
    case 'notCheckedStopped': return l10n.t('not checked: verification stopped');

    case 'keysUnknown':
    case 'keySourceInvalid':
    case 'signatureEmpty':
    case 'signatureAlgRefused':
    case 'keySetRefused':
    case 'keySetFetch':
    case 'keyImport':
    case 'signatureValid':
    case 'noMatchingKey':
    case 'keyDoesNotFit':
    case 'multipleMatchingKeys':
    case 'keySetTimeout':
    case 'keySetInvalid':
    case 'signatureLength':
    case 'signatureMismatch':
    case 'algNotAllowedByKey':
    case 'signatureUncheckable':
      return signatureWhyText(why);
  }
}

/** "(exp 2025-07-29 20:20:42 UTC)" */
function at(claim: 'exp' | 'nbf', ms: number): string {
  return `(${claim} ${formatUtc(new Date(ms))})`;
}

function audText(aud: AudShown): string {
  if (aud === null) return l10n.t('not text');
  return typeof aud === 'string' ? `'${clipValue(aud)}'` : `[${aud.map(a => `'${clipValue(a)}'`).join(', ')}]`;
}
