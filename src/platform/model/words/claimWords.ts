/** Claims and their times in words. */
import type { NumericDateProblem } from '../../../core/jwt/times';

/** Why a time claim (exp, nbf, iat) is not a usable NumericDate, in words. */
export function numericDateProblemText(problem: NumericDateProblem): string {
  return problem;
}
