/** TokenWhy in words. */
import type { TokenWhy } from '../../../core/tokens/tokenWhy';

export function tokenWhyText(why: TokenWhy): string {
  return why.kind;
}
