/**
 * One check of a verification: its id, its status and why, as a value (checkWhy.ts). The sentence is made
 * only where a check is shown (checkReason in the edge file checkWords.ts; the hover words only the checks
 * it shows): seven sentences cost more than the claim checks themselves (BENCHMARKS.md, row 3). A check
 * is a plain object: JSON keeps all of it.
 */
import type { CheckWhy } from './checkWhy';

export type CheckId = 'signature' | 'alg' | 'typ' | 'iss' | 'aud' | 'exp' | 'nbf';
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** `W`: the values of why; a caller that adds checks of its own (the inspector) widens it. */
export interface Check<W extends { readonly kind: string } = CheckWhy> {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly why: W;
}

export function pass(id: CheckId, why: CheckWhy): Check {
  return { id, status: 'pass', why };
}
export function fail(id: CheckId, why: CheckWhy): Check {
  return { id, status: 'fail', why };
}
export function skip(id: CheckId, why: CheckWhy): Check {
  return { id, status: 'skip', why };
}

/** A thrown value's own text (a library's message), carried as a value for the words to show. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
