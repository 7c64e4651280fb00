/**
 * Turning what the user pointed at into the text to inspect, and the command's plain result. Pure: no
 * `vscode` (inspectorFeature.ts reads the editor, clipboard and input box and hands the text here).
 */
import { findJwtsInLine } from '../../core/jwt';
import type { CheckId, CheckStatus, JwtDecodeErrorCode, TokenKind, ExpiryState } from '../../core/jwt';

/** A selection longer than this is not searched for a token: it is decoded as is (and said to be too long). */
const MAX_SELECTION_SEARCH = 256 * 1024;

/** The token an explicit argument names: `{ token: "eyJ…" }` or the token text itself. */
export function tokenArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) {
    const token = (arg as { token?: unknown }).token;
    if (typeof token === 'string') return token;
  }
  return undefined;
}

/**
 * What to decode from a selection: the one JWT in it when it holds exactly one (a selected line
 * `Authorization: Bearer eyJ…`), else the selection as it is, so decodeJwt can say what is wrong with it.
 */
export function tokenInSelection(text: string): string {
  if (text.length > MAX_SELECTION_SEARCH) return text;
  const found = findJwtsInLine(text);
  return found.length === 1 ? found[0]!.token : text;
}

/** What konexus.inspectToken / inspectCurrentToken return to a programmatic caller (tests); made by inspectionModel's inspectResult. */
export type InspectResult =
  | {
    readonly ok: true;
    readonly kind: TokenKind;
    /** The token's times now: valid, expiring, expired… */
    readonly state: ExpiryState;
    /** True only when the signature was verified and no check failed. */
    readonly valid: boolean;
    readonly issuer?: string;
    readonly kid?: string;
    /** Where the keys came from, or why there were none. */
    readonly keys: string;
    readonly checks: ReadonlyArray<{ readonly id: CheckId; readonly status: CheckStatus; readonly reason: string }>;
    /** The tree as shown (ids, labels, descriptions; never a copy value). */
    readonly nodes: ReadonlyArray<{ readonly id: string; readonly label: string; readonly description?: string }>;
  }
  | { readonly ok: false; readonly code: JwtDecodeErrorCode | 'no_token'; readonly message: string };
