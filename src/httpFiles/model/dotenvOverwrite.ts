/**
 * Which `.env` values a profile's token may overwrite. The key comes from a setting (`httpFiles.dotenvKey`)
 * and a workspace could point it at an entry of the user's own (`DATABASE_URL`, `GITHUB_TOKEN`): the token
 * writer overwrites only an empty value, a token one of the profiles was issued (its `client_id` and `iss`,
 * as for a literal token in a request), or another client-credentials access token (a JWT with `iss` and
 * `client_id`: a token of a profile since removed, or one a cloned folder planted there), never anything else.
 * Pure, no `vscode` import.
 */
import { decodeJwt } from '../../core/jwt';
import { literalTokenOwner, type LiteralOwnerCandidate } from './tokenLensText';

export function isReplaceableDotenvValue(value: string, profiles: readonly LiteralOwnerCandidate[]): boolean {
  if (value.trim() === '') return true;
  const decoded = decodeJwt(value);
  if (!decoded.ok) return false;
  const { iss, client_id: clientId } = decoded.token.claims;
  return literalTokenOwner(decoded.token.claims, profiles, undefined) !== undefined || (typeof iss === 'string' && typeof clientId === 'string');
}
