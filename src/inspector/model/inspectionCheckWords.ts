/**
 * The checks the Token Inspector shows, in words: verifyJwt's (checkReason) and the ones the inspector
 * sets itself when it could not or would not fetch keys (InspectionWhy). Made only when shown: the tree,
 * the command's result, the hover's failed checks. Pure: no runtime `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { clipValue } from '../../platform/model/words/clipLine';
import type { Check, CheckWhy, VerificationReport } from '../../core/jwt/verify';
import { checkReason } from '../../platform/model/words/checkWords';
import { errorText } from '../../platform/model/words/errorWords';

/** Why a token's keys are not fetched (planKeys), as values; `issuer` as the token has it. */
export type NoKeysWhy =
  | { readonly kind: 'noIss' }
  | { readonly kind: 'issNotText' }
  | { readonly kind: 'issuerNotHttps'; readonly issuer: string }
  | { readonly kind: 'issuerNotAProfile'; readonly issuer: string };

/** Why the inspector set a check itself, as values. */
export type InspectionWhy =
  | { readonly kind: 'inspectorNoKeys'; readonly plan: NoKeysWhy }
  | { readonly kind: 'inspectorIssuerNotAProfile' }
  /** Discovery of the profile's authority (or a trusted issuer) failed with `error`. */
  | { readonly kind: 'inspectorKeysNotFound'; readonly profile: string; readonly error: unknown }
  | { readonly kind: 'inspectorIssuerKeysNotFound'; readonly issuer: string; readonly error: unknown }
  | { readonly kind: 'inspectorNoJwksUri'; readonly authority: string };

export type InspectionCheck = Check<CheckWhy | InspectionWhy>;
export type InspectionReport = VerificationReport<CheckWhy | InspectionWhy>;

/** The sentence of a check the inspector shows. Never throws. */
export function inspectionCheckReason(check: Pick<InspectionCheck, 'why'>): string {
  const { why } = check;
  switch (why.kind) {
    case 'inspectorNoKeys': return noKeysText(why.plan);
    case 'inspectorIssuerNotAProfile': return l10n.t("not checked: no profile's authority is this issuer");
    case 'inspectorKeysNotFound': return l10n.t('the keys of profile "{0}" could not be found: {1}', why.profile, errorText(why.error));
    case 'inspectorIssuerKeysNotFound': return l10n.t('the keys of the issuer {0} could not be found: {1}', why.issuer, errorText(why.error));
    case 'inspectorNoJwksUri': return l10n.t('the discovery document of {0} names no jwks_uri, so its keys are unknown', why.authority);
    default: return checkReason({ why });
  }
}

/** Why the signature is not checked, when no keys are fetched for the token's issuer. */
export function noKeysText(why: NoKeysWhy): string {
  switch (why.kind) {
    case 'noIss': return l10n.t('the token has no iss claim, so there is no issuer whose keys could check it: signature not checked');
    case 'issNotText': return l10n.t('the token\'s iss is not text: signature not checked');
    case 'issuerNotHttps': return l10n.t('issuer {0} is not an https URL (plain http is allowed for localhost only), so its keys are never fetched: signature not checked', clipValue(why.issuer));
    case 'issuerNotAProfile': return l10n.t("issuer {0} is not one of your profiles' authorities: signature not checked. Trust this issuer to fetch its keys, or add a profile for it.", clipValue(why.issuer));
  }
}

