/**
 * `parseHttpFile`: a REST Client / httpYac `.http` file read once into an `HttpFileModel`. Never throws,
 * one pass over the lines, every line looked at a bounded number of times.
 *
 * Reading rules (REST Client's where the two clients differ, since its rules are the stricter ones):
 * - a line of three or more `#` at the line start ALWAYS separates blocks, even where a body is expected
 *   (REST Client splits on it before it reads anything else);
 * - before the request line: blank lines, comments (`#`, `//`), metadata (`# @name x`), file variables
 *   (`@x = 1`, `@x := expr`), httpYac/JetBrains script blocks (`{{ … }}`, `< {% … %}`, `/* … *\/`);
 *   a pasted response (`HTTP/1.1 200`) ends the search: that block has no request;
 * - the first other line is the request line; then `?`/`&` continuation lines (comments may sit between);
 * - then header lines until the first blank line (comment lines there are comments, as both clients skip
 *   them); whatever follows is body, `#` lines and `Authorization:` text included.
 *
 * Not modelled: httpYac's habit of opening a new region at a second `METHOD url` line without `###`
 * (REST Client reads that line as body, and so do we).
 */
import { lineAt, lineOffsets, skipWhitespace, type LineOffsets, type TextLine } from './lines';
import {
  isCommentLine,
  isContinuationLine,
  isResponseLine,
  parseCommentOrMetadata,
  parseHeader,
  parseRequestLine,
  parseSeparator,
  parseVariable,
  scriptOpening,
} from './lineSyntax';
import type {
  CommentLine,
  FileVariable,
  HeaderLine,
  HttpFileModel,
  HttpRequestHead,
  MetadataLine,
  RequestBlock,
  Separator,
  TextSpan,
} from './model';

/**
 * Allocation is kept to what the model holds: lines are offsets (no object per line), a line becomes a
 * TextLine object only when the parser reads it (body lines never do), and a block without comments,
 * metadata or variables shares one empty array. Large files stay linear: BENCHMARKS.md row 5.
 */
export function parseHttpFile(text: string): HttpFileModel {
  const blocks: RequestBlock[] = [];
  const fileVariables: FileVariable[] = [];
  const file = forEachBlock(text, block => {
    blocks.push(block);
    for (const variable of block.variables) fileVariables.push(variable);
  });
  return {
    eol: file.eol,
    hasBom: file.hasBom,
    contentStart: file.contentStart,
    lineCount: file.lineCount,
    endsWithEol: file.endsWithEol,
    blocks,
    fileVariables,
  };
}

/** What the whole file is, known before any block is read. */
export type HttpFileShape = Pick<HttpFileModel, 'eol' | 'hasBom' | 'contentStart' | 'lineCount' | 'endsWithEol'>;

/**
 * The blocks of the file one at a time, in text order, as `parseHttpFile` reads them, without keeping
 * them: a caller that needs each block once (inserting a header into every request) lets each become
 * garbage while it is young, so the collector never copies a model that grows with the file.
 */
export function forEachBlock(text: string, visit: (block: RequestBlock, file: HttpFileShape) => void): HttpFileShape {
  const table = lineOffsets(text);
  const lines: Lines = { table, text, scratch: { line: 0, start: 0, end: 0, next: 0 } };
  const file: HttpFileShape = {
    eol: table.eol,
    hasBom: table.hasBom,
    contentStart: table.contentStart,
    lineCount: table.count,
    endsWithEol: table.endsWithEol,
  };
  let index = 0;
  let separator: Separator | undefined;
  let firstLine = 0;
  const closeBlock = (endLineExclusive: number): void => {
    visit(parseBlock(text, lines, {
      index,
      separator,
      firstLine,
      endLineExclusive,
      start: index === 0 ? 0 : table.starts[firstLine]!,
      end: endLineExclusive < table.count ? table.starts[endLineExclusive]! : text.length,
    }), file);
    index++;
  };

  const { starts, ends } = table;
  for (let i = 0; i < table.count; i++) {
    // parseSeparator's own test, first, without making a line object: `###` at the very line start.
    const start = starts[i]!;
    if (ends[i]! - start < 3 || text.charCodeAt(start) !== HASH || text.charCodeAt(start + 1) !== HASH || text.charCodeAt(start + 2) !== HASH) continue;
    const found = parseSeparator(text, lineAt(table, i, text.length));
    if (!found) continue;
    // A file starting with `###` has no block before it: an empty block 0 would only confuse "request at".
    if (i > firstLine || separator) closeBlock(i);
    separator = found;
    firstLine = i;
  }
  closeBlock(table.count);
  return file;
}

const HASH = 35;
const NONE: readonly never[] = Object.freeze([]);
const HEADER_SCRATCH: HeaderLine[] = [];

/** The file's line offsets and text, with TextLine objects made on demand. */
interface Lines {
  readonly table: LineOffsets;
  readonly text: string;
  /** What `peek` hands out: one object, moved from line to line. */
  readonly scratch: { line: number; start: number; end: number; next: number };
}

/** Line i as a TextLine object of its own, for the model to keep. */
function line(lines: Lines, i: number): TextLine {
  return lineAt(lines.table, i, lines.text.length);
}

/**
 * Line i for reading only, valid until the next peek: the lineSyntax readers copy the fields they keep,
 * so the lines a parse looks at but does not keep (most of them) cost no allocation.
 */
function peek(lines: Lines, i: number): TextLine {
  const { scratch, table } = lines;
  scratch.line = i;
  scratch.start = table.starts[i]!;
  scratch.end = table.ends[i]!;
  scratch.next = i + 1 < table.count ? table.starts[i + 1]! : lines.text.length;
  return scratch;
}

function blankAt(lines: Lines, i: number): boolean {
  const end = lines.table.ends[i]!;
  return skipWhitespace(lines.text, lines.table.starts[i]!, end) === end;
}

interface BlockBounds {
  readonly index: number;
  readonly separator: Separator | undefined;
  readonly firstLine: number;
  readonly endLineExclusive: number;
  readonly start: number;
  readonly end: number;
}

function parseBlock(text: string, lines: Lines, bounds: BlockBounds): RequestBlock {
  // Made on first use: most blocks have no comment and no variable.
  const comments: CommentLine[][] = [];
  let metadata: MetadataLine[] | undefined;
  let variables: FileVariable[] | undefined;
  const end = bounds.endLineExclusive;

  let i = bounds.separator ? bounds.firstLine + 1 : bounds.firstLine;
  let requestLineIndex = -1;
  let openScriptCloses: ((trimmed: string) => boolean) | undefined;
  for (; i < end; i++) {
    if (openScriptCloses) {
      if (openScriptCloses(text.slice(lines.table.starts[i], lines.table.ends[i]).trim())) openScriptCloses = undefined;
      continue;
    }
    if (blankAt(lines, i)) continue;
    const current = peek(lines, i);
    const comment = parseCommentOrMetadata(text, current);
    if (comment) {
      if (comment.kind === 'comment') pushTo(comments, comment.comment);
      else (metadata ??= []).push(comment.metadata);
      continue;
    }
    const variable = parseVariable(text, current);
    if (variable) {
      (variables ??= []).push({
        line: current.line,
        start: current.start,
        end: current.end,
        next: current.next,
        name: variable.name,
        value: variable.value,
        operator: variable.operator,
        operatorStart: variable.operatorStart,
        valueStart: variable.valueStart,
        valueEnd: variable.valueEnd,
        blockIndex: bounds.index,
      });
      continue;
    }
    const content = text.slice(current.start, current.end);
    const script = scriptOpening(content);
    if (script) {
      if (script.kind === 'block') openScriptCloses = script.closes;
      continue;
    }
    if (!isResponseLine(content)) requestLineIndex = i;
    break;
  }

  const request = requestLineIndex === -1 ? undefined : parseRequest(text, lines, requestLineIndex, end, comments);
  return {
    index: bounds.index,
    separator: bounds.separator,
    startLine: bounds.firstLine,
    endLine: end - 1,
    start: bounds.start,
    end: bounds.end,
    name: metadata?.find(m => m.key === 'name')?.value,
    comments: comments[0] ?? NONE,
    metadata: metadata ?? NONE,
    variables: variables ?? NONE,
    request,
  };
}

function parseRequest(
  text: string,
  lines: Lines,
  requestLineIndex: number,
  end: number,
  comments: CommentLine[][],
): HttpRequestHead {
  const requestLine = line(lines, requestLineIndex);
  const parsed = parseRequestLine(text.slice(requestLine.start, requestLine.end));

  // Continuations may have comments between them (REST Client drops comment lines before it reads).
  let lastContinuation = requestLineIndex;
  for (let i = requestLineIndex + 1; i < end; i++) {
    const current = peek(lines, i);
    if (isContinuationLine(text, current)) lastContinuation = i;
    else if (!isCommentLine(text, current)) break;
  }
  let continuationLines: TextLine[] | undefined;
  let url = parsed.url;
  for (let i = requestLineIndex + 1; i <= lastContinuation; i++) {
    const current = peek(lines, i);
    if (isContinuationLine(text, current)) {
      (continuationLines ??= []).push(line(lines, i));
      url += text.slice(current.start, current.end).trim();
    } else {
      pushComment(text, current, comments);
    }
  }

  // Collected in a reused array, then copied at their count: a fresh array grows to 17 slots on its first
  // push, and the model keeps one per request.
  const headers = HEADER_SCRATCH;
  headers.length = 0;
  let bodyFrom = end;
  for (let i = lastContinuation + 1; i < end; i++) {
    if (blankAt(lines, i)) {
      bodyFrom = i + 1;
      break;
    }
    const current = peek(lines, i);
    if (pushComment(text, current, comments)) continue;
    const header = parseHeader(text, current);
    if (header) headers.push(header);
    // Anything else is a line neither client can use as a header; it stays where it is, untouched.
  }

  const kept: readonly HeaderLine[] = headers.length ? headers.slice() : NONE;
  headers.length = 0; // the scratch array keeps nothing alive between calls
  return {
    method: parsed.method,
    methodExplicit: parsed.methodExplicit,
    url,
    httpVersion: parsed.httpVersion,
    requestLine,
    continuationLines: continuationLines ?? NONE,
    headers: kept,
    authorization: kept.find(isAuthorizationHeader),
    body: nonBlankSpan(lines, bodyFrom, end),
  };
}

const AUTHORIZATION = 'authorization';

/**
 * Header names are case-insensitive (RFC 9110), so `authorization:` and `AUTHORIZATION:` count. Compared
 * code by code (ASCII case folding, as a header name is ASCII) rather than through a lower-cased copy.
 */
export function isAuthorizationHeader(header: HeaderLine): boolean {
  const { name } = header;
  if (name.length !== AUTHORIZATION.length) return false;
  for (let i = 0; i < AUTHORIZATION.length; i++) {
    const code = name.charCodeAt(i);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== AUTHORIZATION.charCodeAt(i)) return false;
  }
  return true;
}

/** `holder[0]` is the block's comment list, made on the first comment. */
function pushTo(holder: CommentLine[][], comment: CommentLine): void {
  (holder[0] ??= []).push(comment);
}

function pushComment(text: string, line: TextLine, comments: CommentLine[][]): boolean {
  const comment = parseCommentOrMetadata(text, line);
  if (!comment) return false;
  // Metadata below the request line means nothing to either client: keep it as a plain comment.
  pushTo(comments, comment.kind === 'comment' ? comment.comment : { line: line.line, start: line.start, end: line.end, next: line.next, text: text.slice(line.start, line.end).trim() });
  return true;
}

function nonBlankSpan(lines: Lines, from: number, to: number): TextSpan | undefined {
  let first = from;
  while (first < to && blankAt(lines, first)) first++;
  if (first >= to) return undefined;
  let last = to - 1;
  while (last > first && blankAt(lines, last)) last--;
  return { startLine: first, endLine: last, start: lines.table.starts[first]!, end: lines.table.ends[last]! };
}
