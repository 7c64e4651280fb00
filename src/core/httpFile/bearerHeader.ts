/**
 * What Insert Bearer Header writes into a `.http` text: each header style's Authorization value, and the
 * edits for the request at the cursor or every request, all computed from the same original text so they go
 * into the document as one edit (one undo step). Pure: offsets in, offsets out.
 *   dotenv        Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}   (the token lives in the .env beside the file)
 *   fileVariable  Authorization: Bearer {{konexusToken}}            (the token in `@konexusToken = …` at the top)
 *   literal       Authorization: Bearer eyJ…                        (the token itself; it expires)
 */
import type { HeaderStyle } from '../settingsRules';
import { authorizationHeaderEdits, fileVariableEdit } from './edits';
import type { RequestBlock } from './model';
import { parseHttpFile } from './parse';
import { requestAt, requestBlocks } from './requestAt';
import { editsAreWellFormed, type TextEdit, type TextEditErrorCode, type TextEditWhy } from './textEdit';

export const HEADER_STYLES: readonly HeaderStyle[] = ['dotenv', 'fileVariable', 'literal'];

export function isHeaderStyle(value: unknown): value is HeaderStyle {
  return typeof value === 'string' && (HEADER_STYLES as readonly string[]).includes(value);
}

/** The names the styles use, from the settings at the time of use. */
export interface TokenNames {
  readonly dotenvKey: string;
  readonly fileVariableName: string;
}

/** The `{{…}}` reference a style puts in the header; undefined for `literal`, which has none. */
export function tokenReference(style: HeaderStyle, names: TokenNames): string | undefined {
  switch (style) {
    case 'dotenv':
      return `{{$dotenv ${names.dotenvKey}}}`;
    case 'fileVariable':
      return `{{${names.fileVariableName}}}`;
    case 'literal':
      return undefined;
  }
}

/** The whole Authorization header value for a style. `accessToken` is only used by `literal`. */
export function authorizationValue(style: HeaderStyle, names: TokenNames, accessToken: string): string {
  return `Bearer ${tokenReference(style, names) ?? accessToken}`;
}

export interface BearerEditRequest {
  readonly style: HeaderStyle;
  readonly names: TokenNames;
  /** Written into the text by `literal` (the header) and `fileVariable` (the variable); unused by `dotenv`. */
  readonly accessToken: string;
  /** The request holding this offset, or every request. */
  readonly scope: { readonly kind: 'at'; readonly offset: number } | { readonly kind: 'all' };
}

export type BearerEditPlan =
  | {
    readonly ok: true;
    /** Sorted, non-overlapping, in original-text offsets; empty when the text is already right. */
    readonly edits: readonly TextEdit[];
    /** Requests whose Authorization header changed. */
    readonly editedRequests: number;
    /** Requests targeted (1 at the cursor, every request for `all`). */
    readonly targetedRequests: number;
  }
  | { readonly ok: false; readonly code: TextEditErrorCode | 'overlap'; readonly why: BearerPlanWhy };

/** Why no plan: an edit's own reason, or the header and variable edits overlap (`overlap`). */
export type BearerPlanWhy = TextEditWhy | { readonly kind: 'edits_overlap' };

/**
 * Header edits per targeted request (inserted after the request line, or the existing first
 * `Authorization` header's value replaced, casing kept, duplicates removed), plus for `fileVariable` the
 * `@name = token` line at the top. Nothing else in the text changes: line endings, bodies, comments stay.
 */
export function planBearerEdits(text: string, request: BearerEditRequest): BearerEditPlan {
  const model = parseHttpFile(text);
  const atCursor = request.scope.kind === 'at' ? requestAt(model, request.scope.offset) : undefined;
  const targets: readonly RequestBlock[] = request.scope.kind === 'all' ? requestBlocks(model) : atCursor?.request ? [atCursor] : [];
  if (targets.length === 0) {
    return { ok: false, code: 'no_request', why: { kind: request.scope.kind === 'all' ? 'no_request_in_file' : 'no_request_at_cursor' } };
  }
  const value = authorizationValue(request.style, request.names, request.accessToken);
  const edits: TextEdit[] = [];
  let editedRequests = 0;
  // One request at a time, to count the requests that changed; each call parses a small text again.
  for (const block of targets) {
    const result = authorizationHeaderEdits(text, { value, scope: { kind: 'at', offset: block.start } });
    if (!result.ok) return { ok: false, code: result.code, why: result.why };
    if (result.edits.length > 0) editedRequests++;
    edits.push(...result.edits);
  }
  if (request.style === 'fileVariable') {
    const variable = fileVariableEdit(text, request.names.fileVariableName, request.accessToken);
    if (!variable.ok) return { ok: false, code: variable.code, why: variable.why };
    edits.push(...variable.edits);
  }
  // Stable sort: an insertion at the same offset as another keeps the order it was produced in.
  const sorted = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.start - b.edit.start || a.order - b.order).map(({ edit }) => edit);
  if (!editsAreWellFormed(sorted, text.length)) {
    return { ok: false, code: 'overlap', why: { kind: 'edits_overlap' } };
  }
  return { ok: true, edits: sorted, editedRequests, targetedRequests: targets.length };
}
