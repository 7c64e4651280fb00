/**
 * One request block of a `.http` file read into a `RequestBlock` (parse.ts finds the blocks and states the
 * reading rules). Lines are read through `peek`, which allocates nothing; only the lines the model keeps
 * become TextLine objects.
 */
import { lineAt, skipWhitespace, type LineOffsets, type TextLine } from './lines';
import {
  isCommentLine,
  isContinuationLine,
  isResponseLine,
  parseCommentOrMetadata,
  parseHeader,
  parseRequestLine,
  parseVariable,
  scriptOpening,
} from './lineSyntax';
import type {
  CommentLine,
  FileVariable,
  HeaderLine,
  HttpRequestHead,
  MetadataLine,
  RequestBlock,
  Separator,
  TextSpan,
} from './model';

const NONE: readonly never[] = Object.freeze([]);
const HEADER_SCRATCH: HeaderLine[] = [];

/** The file's line offsets and text, with TextLine objects made on demand. */
export interface Lines {
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

export interface BlockBounds {
  readonly index: number;
  readonly separator: Separator | undefined;
  readonly firstLine: number;
  readonly endLineExclusive: number;
  readonly start: number;
  readonly end: number;
}

export function parseBlock(text: string, lines: Lines, bounds: BlockBounds): RequestBlock {
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
