import type { KonexusError } from '../errors';
import type { IssuedToken } from './tokenClient';

/** What a TokenManager tells its listeners and callers about one profile's token, and what they ask of it. */
export type TokenStatus =
  | 'empty'       // no token yet, nothing failing
  | 'valid'       // a token is in hand and the next refresh is scheduled
  | 'refreshing'  // a request is in flight
  | 'retrying'    // the last request failed transiently; retrying with backoff (the old token may still be valid)
  | 'failed'      // the last request failed in a way only the user can fix (wrong secret, scope): no retry
  | 'disposed';

export interface TokenState {
  readonly status: TokenStatus;
  /** The last token received, even if expired: callers check `expiresAt` (see `usableToken`). */
  readonly token: IssuedToken | undefined;
  readonly lastError: KonexusError | undefined;
  /** When the next request is planned (refresh or retry), in clock ms. */
  readonly nextAttemptAt: number | undefined;
  readonly consecutiveFailures: number;
  /** Who started the last request: a caller (getToken/refresh) or the manager's own schedule. */
  readonly lastTrigger?: 'caller' | 'schedule';
}

/** Why a request goes out: the manager's own schedule or a caller, and whether the user asked. */
export interface FetchContext {
  readonly trigger: 'caller' | 'schedule';
  /** A person asked (a command, a sign-in): a rejected secret or a backoff does not hold it back. */
  readonly byUser: boolean;
}

export interface TokenRequest {
  /** Ask the server even if the current token is fine (a caller whose token was refused). */
  readonly force?: boolean;
  /** The user asked, e.g. `Konexus: Refresh Token`: see FetchContext.byUser. */
  readonly byUser?: boolean;
}
