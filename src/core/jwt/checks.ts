/**
 * One check of a verification and its sentence. A reason is formatted when it is first read, not when the
 * check is made (see LazyCheck); claim and header values in reasons are clipped to one short line.
 */
import * as l10n from '@vscode/l10n';

export type CheckId = 'signature' | 'alg' | 'typ' | 'iss' | 'aud' | 'exp' | 'nbf';
export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Check {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** A sentence for a person: "expired 3 h ago (exp 2025-07-29 20:20:42 UTC)". Formatted when first read. */
  readonly reason: string;
}

/**
 * A reason is formatted when it is first read, not when the check is made: the token service and the
 * hover only need the statuses, and the seven sentences cost more than the claim checks themselves
 * (BENCHMARKS.md, row 3). Read once, the text is kept; a formatter that throws still gives a sentence.
 */
type Reason = string | (() => string);

class LazyCheck implements Check {
  #text: string | undefined;
  #format: (() => string) | undefined;

  constructor(readonly id: CheckId, readonly status: CheckStatus, reason: Reason) {
    if (typeof reason === 'string') this.#text = reason;
    else this.#format = reason;
  }

  get reason(): string {
    if (this.#text === undefined) {
      try {
        this.#text = this.#format!();
      } catch (error) {
        this.#text = l10n.t('the reason could not be formatted: {0}', messageOf(error));
      }
      this.#format = undefined;
    }
    return this.#text;
  }

  /** A plain object for JSON, logs and messages: the getter is not an own property. */
  toJSON(): { id: CheckId; status: CheckStatus; reason: string } {
    return { id: this.id, status: this.status, reason: this.reason };
  }
}

export function pass(id: CheckId, reason: Reason): Check {
  return new LazyCheck(id, 'pass', reason);
}
export function fail(id: CheckId, reason: Reason): Check {
  return new LazyCheck(id, 'fail', reason);
}
export function skip(id: CheckId, reason: Reason): Check {
  return new LazyCheck(id, 'skip', reason);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Claim and header values are shown in reasons; keep them to one short line. */
export function clip(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
