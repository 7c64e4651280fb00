/** HttpWhy in words. */
import type { HttpWhy } from '../../../core/http/httpWhy';

export function httpWhyText(why: HttpWhy): string {
  return why.kind;
}
