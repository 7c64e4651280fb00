/**
 * Which `.env` values a profile's token may overwrite. The key comes from a setting (`httpFiles.dotenvKey`)
 * and a workspace could point it at an entry of the user's own (`DATABASE_URL`, `GITHUB_TOKEN`): the token
 * writer overwrites only an empty value or a token one of the profiles was issued (its `client_id` and `iss`,
 * as for a literal token in a request), never anything else. Pure, no `vscode` import.
 */
import { decodeJwt } from '../core/jwt';
import { literalTokenOwner, type LiteralOwnerCandidate } from './tokenLensText';

export function isReplaceableDotenvValue(value: string, profiles: readonly LiteralOwnerCandidate[]): boolean {
  if (value.trim() === '') return true;
  const decoded = decodeJwt(value);
  return decoded.ok && literalTokenOwner(decoded.token.claims, profiles, undefined) !== undefined;
}
