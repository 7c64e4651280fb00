/**
 * TLS certificate failures as Node and OpenSSL name them, classified: which codes are a certificate
 * problem at all, and which of those mean "signed by a CA this machine does not trust" (a TLS-inspecting
 * proxy or a private CA: the user can fix it by trusting that CA). The words are at the edge
 * (certificateProblemText, in the edge's networkWords.ts).
 */

/** OpenSSL's verify errors that mean "signed by a CA this machine does not trust". */
export type UntrustedIssuerCode =
  | 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  | 'UNABLE_TO_GET_ISSUER_CERT'
  | 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  | 'SELF_SIGNED_CERT_IN_CHAIN'
  | 'DEPTH_ZERO_SELF_SIGNED_CERT'
  | 'CERT_UNTRUSTED'
  | 'CERT_SIGNATURE_FAILURE';

/** Every certificate failure we have words for. */
export type CertificateCode = UntrustedIssuerCode | 'CERT_HAS_EXPIRED' | 'CERT_NOT_YET_VALID' | 'ERR_TLS_CERT_ALTNAME_INVALID';

const UNTRUSTED_ISSUER: ReadonlySet<string> = new Set<UntrustedIssuerCode>([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

const OTHER_CERTIFICATE: ReadonlySet<string> = new Set<CertificateCode>(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** `code` when it names a certificate failure, else undefined (a refused connection, a DNS failure…). */
export function certificateCode(code: string): CertificateCode | undefined {
  return UNTRUSTED_ISSUER.has(code) || OTHER_CERTIFICATE.has(code) ? code as CertificateCode : undefined;
}

/** Signed by a CA this machine does not trust: trusting that CA fixes it. */
export function isUntrustedIssuer(code: CertificateCode): code is UntrustedIssuerCode {
  return UNTRUSTED_ISSUER.has(code);
}
