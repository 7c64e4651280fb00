/**
 * The JWT part of the pure core: decode, describe times, read claims, find in text. The signature check
 * (verifyJwt, JwksCache: jose) is imported from './verify' and './jwks' themselves. Checks carry values
 * (checkWhy.ts); their words are made at the edge.
 */
export { decodeJwt } from './decode';
export type { DecodedJwt, JwtDecodeError, JwtDecodeErrorCode } from './decode';
export { describeTimes } from './times';
export type { ExpiryState } from './times';
export { summarizeToken } from './claims';
export type { TokenKind } from './claims';
export type { CheckId, CheckStatus } from './verify';
export { findJwtAt, findJwtsInLine } from './find';
