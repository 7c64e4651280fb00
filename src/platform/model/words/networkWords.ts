/** Network and TLS failures in words, shared by the token, discovery and key-set messages. */
import * as l10n from '@vscode/l10n';
import { certificateCode, isUntrustedIssuer, type CertificateCode, type UntrustedIssuerCode } from '../../../core/http/certificateCodes';

export interface CertificateProblem {
  /** "The TLS certificate of HOST is not trusted (…)", without a final period or advice. */
  readonly text: string;
  /** Signed by a CA this machine does not trust: trustAdvice() applies. */
  readonly untrustedIssuer: boolean;
}

/** A TLS certificate failure (`code` as Node and OpenSSL name it) in words; undefined for other codes. */
export function certificateProblemText(code: string, host: string): CertificateProblem | undefined {
  const known = certificateCode(code);
  return known === undefined ? undefined : { text: certificateText(known, host), untrustedIssuer: isUntrustedIssuer(known) };
}

/** "The TLS certificate of HOST …", without a final period or advice. */
export function certificateText(code: CertificateCode, host: string): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED': return l10n.t("The TLS certificate of {0} has expired (or this computer's clock is far ahead)", host);
    case 'CERT_NOT_YET_VALID': return l10n.t("The TLS certificate of {0} is not valid yet (or this computer's clock is behind)", host);
    case 'ERR_TLS_CERT_ALTNAME_INVALID': return l10n.t('The TLS certificate of {0} is for another host name (a wrong authority, or a proxy answering in its place?)', host);
    default: return l10n.t('The TLS certificate of {0} is not trusted ({1})', host, untrustedIssuerReason(code));
  }
}

/** What is wrong with a certificate signed by a CA this machine does not trust. */
function untrustedIssuerReason(code: UntrustedIssuerCode): string {
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY': return l10n.t('its issuer is unknown');
    case 'SELF_SIGNED_CERT_IN_CHAIN': return l10n.t('its chain ends in a CA that is not trusted');
    case 'DEPTH_ZERO_SELF_SIGNED_CERT': return l10n.t('it is self-signed');
    case 'CERT_UNTRUSTED': return l10n.t('its CA is not trusted for this');
    case 'CERT_SIGNATURE_FAILURE': return l10n.t('its signature does not verify');
  }
}

/** What to do about a CA that is not trusted; README "Proxy and certificates" says it at length. */
export function trustAdvice(): string {
  return l10n.t('If a corporate proxy that inspects TLS or a private CA signed it, add that CA to the operating system\'s trust store, which VS Code reads (http.systemCertificates, on by default); a CA in NODE_EXTRA_CA_CERTS counts only while http.systemCertificates is off. See "Proxy and certificates" in the README.');
}

/** A system error code (as Node names it) in words, or undefined for a code we have no words for. */
export function systemReasonText(code: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED': return l10n.t('connection refused (nothing listens there)');
    case 'ECONNRESET': return l10n.t('the connection was reset');
    case 'ENOTFOUND': return l10n.t('the host name does not resolve');
    case 'EAI_AGAIN': return l10n.t('DNS lookup failed (offline?)');
    case 'ETIMEDOUT': return l10n.t('the connection timed out');
    case 'EHOSTUNREACH': return l10n.t('the host is unreachable');
    case 'ENETUNREACH': return l10n.t('the network is unreachable (offline?)');
    case 'UND_ERR_SOCKET': return l10n.t('the connection closed unexpectedly');
    case 'UND_ERR_CONNECT_TIMEOUT': return l10n.t('connecting timed out');
    default: return undefined;
  }
}
