/** A JWT that does not decode, in words. */
import type { JwtDecodeError } from '../../../core/jwt/decode';

export function decodeErrorText(error: JwtDecodeError): string {
  return error.message;
}
