/**
 * Edits the product makes to `.http` files, computed from the parsed model and returned as offsets into the
 * original text. Only the bytes that must change are covered by an edit: line endings, comments, bodies,
 * trailing whitespace, a missing final newline and a BOM stay exactly as they were.
 */
import { hasLineBreak } from './lines';
import type { CommentLine, HeaderLine, HttpFileModel, HttpRequestHead, RequestBlock } from './model';
import { isPortableName } from './names';
import { forEachBlock, parseHttpFile } from './parse';
import { isAuthorizationHeader } from './parseBlock';
import { requestAt } from './requestAt';
import { editError, editsOk, type EditResult, type TextEdit } from './textEdit';

export type AuthorizationScope = { readonly kind: 'at'; readonly offset: number } | { readonly kind: 'all' };

export interface AuthorizationHeaderOptions {
  /** The whole header value, e.g. `Bearer {{$dotenv KONEXUS_TOKEN}}`; trimmed before use. */
  readonly value: string;
  /** The request holding a cursor offset, or every request in the file. */
  readonly scope: AuthorizationScope;
}

/** The header name written when a request has none; an existing header keeps the author's casing. */
const AUTHORIZATION_HEADER_NAME = 'Authorization';

/**
 * Sets the Authorization header of the targeted request(s) to `value`:
 * - no Authorization header: inserts `Authorization: <value>` right after the request line (after its
 *   `?`/`&` continuation lines, which REST Client only reads directly below the request line);
 * - one: replaces only its value, keeping the name as the author cased it and the spacing around it;
 * - several (any casing): sets the first and removes the others, since both clients would send every copy
 *   and servers disagree on which one wins, and the point of the command is that ours is used.
 * Already right means no edit, so running it twice changes nothing the second time.
 * Fails with `invalid_value` for an empty value or one with a line break, `no_request` when no targeted
 * block has a request line.
 */
export function authorizationHeaderEdits(text: string, options: AuthorizationHeaderOptions): EditResult {
  const value = options.value.trim();
  if (value === '' || hasLineBreak(value)) {
    return editError('invalid_value', { kind: 'header_value_not_one_line' });
  }
  const edits: TextEdit[] = [];
  let requests = 0;
  // The two texts an insertion can have, made once for every request of the file.
  let inserts: { readonly before: string; readonly after: string } | undefined;
  const header = `${AUTHORIZATION_HEADER_NAME}: ${value}`;
  const edit = (block: RequestBlock, eol: string): void => {
    if (!block.request) return;
    requests++;
    inserts ??= { before: header + eol, after: eol + header };
    appendAuthorizationEdits(text, inserts, block.request, value, edits);
  };
  if (options.scope.kind === 'all') {
    // Block by block, keeping none: a 10,000-request file never has its whole model alive (BENCHMARKS.md row 5).
    forEachBlock(text, (block, file) => edit(block, file.eol));
  } else {
    const model = parseHttpFile(text);
    const block = requestAt(model, options.scope.offset);
    if (block) edit(block, model.eol);
  }
  if (requests === 0) {
    return editError('no_request', { kind: options.scope.kind === 'all' ? 'no_request_in_file' : 'no_request_at_cursor' });
  }
  return editsOk(edits);
}

function appendAuthorizationEdits(text: string, inserts: { readonly before: string; readonly after: string }, request: HttpRequestHead, value: string, edits: TextEdit[]): void {
  const first = request.authorization;
  if (!first) {
    const anchor = request.continuationLines.at(-1) ?? request.requestLine;
    edits.push(
      anchor.next > anchor.end
        ? { start: anchor.next, end: anchor.next, newText: inserts.before }
        : { start: anchor.end, end: anchor.end, newText: inserts.after },
    );
    return;
  }
  if (first.value !== value) {
    // `Authorization:` with nothing after the colon gets the conventional single space.
    const separator = first.value === '' && first.valueStart === first.colonEnd ? ' ' : '';
    edits.push({ start: first.valueStart, end: first.valueEnd, newText: separator + value });
  }
  let duplicates: HeaderLine[] | undefined;
  for (const header of request.headers) {
    if (header !== first && isAuthorizationHeader(header)) (duplicates ??= []).push(header);
  }
  if (duplicates) for (const removal of lineRemovals(text, duplicates)) edits.push(removal);
}

/**
 * Whole lines with their line breaks, adjacent lines merged into one edit. When the last removed line ends
 * the file without a break, the break before the removed lines goes instead, so the file keeps its "no
 * final newline" state (a header is never line 0: a request line precedes it, so that break exists).
 */
function lineRemovals(text: string, lines: readonly HeaderLine[]): TextEdit[] {
  const spans: { start: number; end: number }[] = [];
  for (const line of lines) {
    const previous = spans.at(-1);
    if (previous && previous.end === line.start) previous.end = line.next;
    else spans.push({ start: line.start, end: line.next });
  }
  const last = spans.at(-1);
  if (last && last.end === text.length && !text.endsWith('\n')) {
    last.start -= text.startsWith('\r\n', last.start - 2) ? 2 : 1;
  }
  return spans.map(({ start, end }) => ({ start, end, newText: '' }));
}

/**
 * Creates or updates the file variable `@name = value` (used as `{{name}}`).
 * - Exists: the first definition is updated in place (REST Client uses the first one in the file); an
 *   httpYac `@name := expr` becomes `@name = value`, since the value is now a literal.
 * - New: goes at the top of the file, after a BOM and a leading block of plain comments (a file header),
 *   before any `# @name`-style metadata. httpYac scopes a variable to its region when that region has a
 *   request or a name, so if the top region has one, a `###` is added below the variable to give it a
 *   region of its own, which makes it file-global in httpYac as it already is in REST Client.
 * Fails with `invalid_name` outside `[A-Za-z_][A-Za-z0-9_]*`, `invalid_value` for a line break.
 */
export function fileVariableEdit(text: string, name: string, value: string): EditResult {
  if (!isPortableName(name)) {
    return editError('invalid_name', { kind: 'variable_name_not_portable' });
  }
  const trimmed = value.trim();
  if (hasLineBreak(trimmed)) return editError('invalid_value', { kind: 'variable_value_not_one_line' });

  const model = parseHttpFile(text);
  const existing = model.fileVariables.find(variable => variable.name === name);
  if (existing) {
    if (existing.operator === '=') {
      return editsOk(existing.value === trimmed ? [] : [{ start: existing.valueStart, end: existing.valueEnd, newText: trimmed }]);
    }
    return editsOk([{ start: existing.operatorStart, end: existing.valueEnd, newText: `= ${trimmed}`.trimEnd() }]);
  }
  return editsOk([newFileVariableEdit(model, `@${name} = ${trimmed}`.trimEnd())]);
}

function newFileVariableEdit(model: HttpFileModel, definition: string): TextEdit {
  const { eol } = model;
  const top = model.blocks[0];
  // A file that opens with `###`: lines above it form a region without a request, global in both clients.
  if (!top || top.separator) return { start: model.contentStart, end: model.contentStart, newText: definition + eol };

  const topIsGlobal = !top.request && !top.metadata.some(meta => meta.key === 'name');
  const lines = topIsGlobal ? definition : `${definition}${eol}###`;
  let lastHeaderComment: CommentLine | undefined;
  for (const comment of top.comments) {
    if (comment.line !== (lastHeaderComment ? lastHeaderComment.line + 1 : top.startLine)) break;
    lastHeaderComment = comment;
  }
  if (!lastHeaderComment) return { start: model.contentStart, end: model.contentStart, newText: lines + eol };
  if (lastHeaderComment.next > lastHeaderComment.end) {
    return { start: lastHeaderComment.next, end: lastHeaderComment.next, newText: lines + eol };
  }
  return { start: lastHeaderComment.end, end: lastHeaderComment.end, newText: eol + lines };
}
