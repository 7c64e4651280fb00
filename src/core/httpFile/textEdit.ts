/**
 * The edit currency of the text engine: offsets into the ORIGINAL text, so a caller turns each edit into a
 * `vscode.TextEdit` with `document.positionAt` on the same text, or applies them here with `applyEdits`.
 * Producers return their edits sorted by `start` and non-overlapping (two may touch: one ending where the
 * next starts). Expected failures (a bad key, no request at the cursor) come back as results, never thrown.
 */

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export type TextEditErrorCode =
  /** A .env key or file variable name outside `[A-Za-z_][A-Za-z0-9_]*`. */
  | 'invalid_name'
  /** A value with a line break (it would inject lines), an empty header value, or one no quoting can hold. */
  | 'invalid_value'
  /** The targeted block(s) have no request line. */
  | 'no_request'
  /** The file's existing syntax (an unclosed quote in a .env file) would make the edit read back wrong. */
  | 'ambiguous_text';

/**
 * Which rule an edit broke, one kind per case the words tell apart (textEditWords.ts at the edge).
 * Holds no value: the value may be a token.
 */
export type TextEditWhy =
  /** `invalid_value`: an Authorization header value that is empty or has a line break. */
  | { readonly kind: 'header_value_not_one_line' }
  /** `no_request`, every request targeted: the file has none. */
  | { readonly kind: 'no_request_in_file' }
  /** `no_request`, the request at an offset targeted: the offset is in none. */
  | { readonly kind: 'no_request_at_cursor' }
  /** `invalid_name`: a file variable name outside the portable rule. */
  | { readonly kind: 'variable_name_not_portable' }
  /** `invalid_value`: a file variable value with a line break. */
  | { readonly kind: 'variable_value_not_one_line' }
  /** `invalid_name`: a .env key outside the portable rule. */
  | { readonly kind: 'dotenv_key_not_portable' }
  /** `invalid_value`: a line break, or quotes and backslashes no .env quoting holds. */
  | { readonly kind: 'dotenv_value_not_quotable' }
  /** `ambiguous_text`: an unclosed quote elsewhere in the .env file would read the edited file differently. */
  | { readonly kind: 'dotenv_unclosed_quote' };

export interface TextEditError {
  readonly code: TextEditErrorCode;
  readonly why: TextEditWhy;
}

/** `edits` is empty when the text already says what was asked: callers then leave the document alone. */
export type EditResult = { readonly ok: true; readonly edits: readonly TextEdit[] } | ({ readonly ok: false } & TextEditError);

export function editsOk(edits: readonly TextEdit[]): EditResult {
  return { ok: true, edits };
}

export function editError(code: TextEditErrorCode, why: TextEditWhy): EditResult {
  return { ok: false, code, why };
}

/**
 * Applies edits given in original-text offsets, in one pass. Edits at the same offset apply in the order
 * given. Overlapping or out-of-range edits are a caller's bug (no producer here makes them), so they throw a
 * RangeError instead of silently producing a corrupted file.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.start - b.edit.start || a.order - b.order);
  const parts: string[] = [];
  let cursor = 0;
  for (const { edit } of ordered) {
    if (!(edit.start >= cursor && edit.end >= edit.start && edit.end <= text.length)) {
      throw new RangeError(`applyEdits: edit [${edit.start}, ${edit.end}) overlaps another or lies outside the text`);
    }
    parts.push(text.slice(cursor, edit.start), edit.newText);
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** True when edits are sorted by start, within [0, length], and none overlaps the next (touching is fine). */
export function editsAreWellFormed(edits: readonly TextEdit[], textLength: number): boolean {
  let cursor = 0;
  for (const edit of edits) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > textLength) return false;
    cursor = edit.end;
  }
  return true;
}
