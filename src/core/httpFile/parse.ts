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
import { splitLines, type TextLine } from './lines';
import {
  isBlank,
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

export function parseHttpFile(text: string): HttpFileModel {
  const table = splitLines(text);
  const { lines } = table;
  const blocks: RequestBlock[] = [];
  const fileVariables: FileVariable[] = [];

  let separator: Separator | undefined;
  let firstLine = 0;
  const closeBlock = (endLineExclusive: number): void => {
    const block = parseBlock(text, lines, {
      index: blocks.length,
      separator,
      firstLine,
      endLineExclusive,
      start: blocks.length === 0 ? 0 : lines[firstLine].start,
      end: endLineExclusive < lines.length ? lines[endLineExclusive].start : text.length,
    });
    blocks.push(block);
    for (const variable of block.variables) fileVariables.push(variable);
  };

  for (let i = 0; i < lines.length; i++) {
    const found = parseSeparator(text, lines[i]);
    if (!found) continue;
    // A file starting with `###` has no block before it: an empty block 0 would only confuse "request at".
    if (i > firstLine || separator) closeBlock(i);
    separator = found;
    firstLine = i;
  }
  closeBlock(lines.length);

  return {
    eol: table.eol,
    hasBom: table.hasBom,
    contentStart: table.contentStart,
    lineCount: lines.length,
    endsWithEol: table.endsWithEol,
    blocks,
    fileVariables,
  };
}

interface BlockBounds {
  readonly index: number;
  readonly separator: Separator | undefined;
  readonly firstLine: number;
  readonly endLineExclusive: number;
  readonly start: number;
  readonly end: number;
}

function parseBlock(text: string, lines: readonly TextLine[], bounds: BlockBounds): RequestBlock {
  const comments: CommentLine[] = [];
  const metadata: MetadataLine[] = [];
  const variables: FileVariable[] = [];
  const end = bounds.endLineExclusive;

  let i = bounds.separator ? bounds.firstLine + 1 : bounds.firstLine;
  let requestLineIndex = -1;
  let openScriptCloses: ((trimmed: string) => boolean) | undefined;
  for (; i < end; i++) {
    const line = lines[i];
    const content = text.slice(line.start, line.end);
    if (openScriptCloses) {
      if (openScriptCloses(content.trim())) openScriptCloses = undefined;
      continue;
    }
    if (isBlank(text, line)) continue;
    const comment = parseCommentOrMetadata(text, line);
    if (comment) {
      if (comment.kind === 'comment') comments.push(comment.comment);
      else metadata.push(comment.metadata);
      continue;
    }
    const variable = parseVariable(text, line);
    if (variable) {
      variables.push({
        line: line.line,
        start: line.start,
        end: line.end,
        next: line.next,
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
    name: metadata.find(m => m.key === 'name')?.value,
    comments,
    metadata,
    variables,
    request,
  };
}

function parseRequest(
  text: string,
  lines: readonly TextLine[],
  requestLineIndex: number,
  end: number,
  comments: CommentLine[],
): HttpRequestHead {
  const requestLine = lines[requestLineIndex];
  const parsed = parseRequestLine(text.slice(requestLine.start, requestLine.end));

  // Continuations may have comments between them (REST Client drops comment lines before it reads).
  let lastContinuation = requestLineIndex;
  for (let i = requestLineIndex + 1; i < end; i++) {
    if (isContinuationLine(text, lines[i])) lastContinuation = i;
    else if (!isCommentLine(text, lines[i])) break;
  }
  const continuationLines: TextLine[] = [];
  let url = parsed.url;
  for (let i = requestLineIndex + 1; i <= lastContinuation; i++) {
    const line = lines[i];
    if (isContinuationLine(text, line)) {
      continuationLines.push(line);
      url += text.slice(line.start, line.end).trim();
    } else {
      pushComment(text, line, comments);
    }
  }

  const headers: HeaderLine[] = [];
  let bodyFrom = end;
  for (let i = lastContinuation + 1; i < end; i++) {
    const line = lines[i];
    if (isBlank(text, line)) {
      bodyFrom = i + 1;
      break;
    }
    if (pushComment(text, line, comments)) continue;
    const header = parseHeader(text, line);
    if (header) headers.push(header);
    // Anything else is a line neither client can use as a header; it stays where it is, untouched.
  }

  return {
    method: parsed.method,
    methodExplicit: parsed.methodExplicit,
    url,
    httpVersion: parsed.httpVersion,
    requestLine,
    continuationLines,
    headers,
    authorization: headers.find(isAuthorizationHeader),
    body: nonBlankSpan(text, lines, bodyFrom, end),
  };
}

/** Header names are case-insensitive (RFC 9110), so `authorization:` and `AUTHORIZATION:` count. */
export function isAuthorizationHeader(header: HeaderLine): boolean {
  return header.name.toLowerCase() === 'authorization';
}

function pushComment(text: string, line: TextLine, comments: CommentLine[]): boolean {
  const comment = parseCommentOrMetadata(text, line);
  if (!comment) return false;
  // Metadata below the request line means nothing to either client: keep it as a plain comment.
  comments.push(comment.kind === 'comment' ? comment.comment : { line: line.line, start: line.start, end: line.end, next: line.next, text: text.slice(line.start, line.end).trim() });
  return true;
}

function nonBlankSpan(text: string, lines: readonly TextLine[], from: number, to: number): TextSpan | undefined {
  let first = from;
  while (first < to && isBlank(text, lines[first])) first++;
  if (first >= to) return undefined;
  let last = to - 1;
  while (last > first && isBlank(text, lines[last])) last--;
  return { startLine: first, endLine: last, start: lines[first].start, end: lines[last].end };
}
