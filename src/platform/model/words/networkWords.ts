/** Network and TLS failures in words, shared by the token, discovery and key-set messages. */
import { certificateProblem, type CertificateProblem } from '../../../core/http/httpFailure';

/** A TLS certificate failure (`code` as Node and OpenSSL name it) in words; undefined for other codes. */
export function certificateProblemText(code: string, host: string): CertificateProblem | undefined {
  return certificateProblem(code, host);
}
