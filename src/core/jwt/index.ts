/**
 * The JWT part of the pure core: decode, describe times, read claims, find in text. The signature check
 * (verifyJwt, JwksCache: jose) is imported from './verify' and './jwks' themselves.
 */
export { decodeJwt, MAX_JWT_LENGTH } from './decode';
export type { DecodedJwt, JwtDecodeError, JwtDecodeErrorCode, JwtDecodeResult, JwtObject } from './decode';
export { describeTimes, DEFAULT_EXPIRING_WITHIN_MS } from './times';
export type { DescribeTimesOptions, TimeClaim, TimeProblem, TokenState, TokenTimes } from './times';
export { formatDuration, formatRelative, formatUtc, isoFromSeconds } from './timeText';
export { audiencesOf, isAccessTokenTyp, readableClaims, scopesOf, summarizeToken, tokenKindLabel } from './claims';
export type { ReadableClaim, TokenKind, TokenSummary } from './claims';
export type { Check, CheckId, CheckStatus, Expectations, KeySource, VerificationReport, VerifyDeps } from './verify';
export type { JwksCacheOptions } from './jwks';
export { findJwtAt, findJwtsInLine, MAX_FIND_LENGTH } from './find';
export type { FoundJwt } from './find';
