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

export interface TextEditError {
  readonly code: TextEditErrorCode;
  /** Plain words for a log or the UI edge; never contains the value (it may be a token). */
  readonly message: string;
}

/** `edits` is empty when the text already says what was asked: callers then leave the document alone. */
export type EditResult = { readonly ok: true; readonly edits: readonly TextEdit[] } | ({ readonly ok: false } & TextEditError);

export function editsOk(edits: readonly TextEdit[]): EditResult {
  return { ok: true, edits };
}

export function editError(code: TextEditErrorCode, message: string): EditResult {
  return { ok: false, code, message };
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
