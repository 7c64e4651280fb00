/**
 * What one line of a `.http` file is, read the way REST Client and httpYac read it. Hand-written scanners
 * instead of regular expressions over whole lines: each is linear in the line's length whatever it holds,
 * and the few regexes left run on short tokens without nested quantifiers.
 */
import { isWhitespaceCode, skipWhitespace, trimEnd, type TextLine } from './lines';
import type { CommentLine, FileVariable, HeaderLine, MetadataLine, Separator } from './model';

const HASH = 35;
const SLASH = 47;
const AT = 64;
const COLON = 58;
const EQUALS = 61;

/** `###` (three or more `#`) at the very start of a line, an optional httpYac title after it. An indented
 * `###` is not a separator: REST Client splits on `^#{3,}` only, so neither do we. */
export function parseSeparator(text: string, line: TextLine): Separator | undefined {
  let i = line.start;
  while (i < line.end && text.charCodeAt(i) === HASH) i++;
  if (i - line.start < 3) return undefined;
  const title = text.slice(i, line.end).trim();
  return { line: line.line, start: line.start, end: line.end, next: line.next, title: title === '' ? undefined : title };
}

/** A line whose first non-blank characters are `#` or `//` (both clients' comment markers). */
export function isCommentLine(text: string, line: TextLine): boolean {
  return commentMarkerEnd(text, line) !== -1;
}

/** Offset after the run of `#` or `/` that opens a comment, or -1 when the line is not a comment. */
function commentMarkerEnd(text: string, line: TextLine): number {
  const first = skipWhitespace(text, line.start, line.end);
  const code = text.charCodeAt(first);
  if (first < line.end && code === HASH) {
    let i = first;
    while (i < line.end && text.charCodeAt(i) === HASH) i++;
    return i;
  }
  if (first + 1 < line.end && code === SLASH && text.charCodeAt(first + 1) === SLASH) {
    let i = first;
    while (i < line.end && text.charCodeAt(i) === SLASH) i++;
    return i;
  }
  return -1;
}

/** A comment line is metadata when its text starts with `@key` (`# @name login`, `// @no-log`). */
export function parseCommentOrMetadata(
  text: string,
  line: TextLine,
): { kind: 'comment'; comment: CommentLine } | { kind: 'metadata'; metadata: MetadataLine } | undefined {
  const markerEnd = commentMarkerEnd(text, line);
  if (markerEnd === -1) return undefined;
  const bodyStart = skipWhitespace(text, markerEnd, line.end);
  if (bodyStart < line.end && text.charCodeAt(bodyStart) === AT) {
    let keyEnd = bodyStart + 1;
    while (keyEnd < line.end && !isWhitespaceCode(text.charCodeAt(keyEnd))) keyEnd++;
    if (keyEnd > bodyStart + 1) {
      const value = text.slice(keyEnd, line.end).trim();
      return {
        kind: 'metadata',
        metadata: { line: line.line, start: line.start, end: line.end, next: line.next, key: text.slice(bodyStart + 1, keyEnd), value: value === '' ? undefined : value },
      };
    }
  }
  return { kind: 'comment', comment: { line: line.line, start: line.start, end: line.end, next: line.next, text: text.slice(bodyStart, line.end).trim() } };
}

/** A variable line as parsed, before the parser places it (line offsets and block index come from there). */
export type ParsedVariable = Pick<FileVariable, 'name' | 'value' | 'operator' | 'operatorStart' | 'valueStart' | 'valueEnd'>;

/**
 * `@name = value` (REST Client: name `[^\s=]+`, value trimmed) or httpYac's `@name := expr`.
 * `@name` without `=` is not a variable: both clients would take that line for a request line.
 */
export function parseVariable(text: string, line: TextLine): ParsedVariable | undefined {
  const at = skipWhitespace(text, line.start, line.end);
  if (at >= line.end || text.charCodeAt(at) !== AT) return undefined;
  const nameStart = at + 1;
  let nameEnd = nameStart;
  while (nameEnd < line.end) {
    const code = text.charCodeAt(nameEnd);
    if (isWhitespaceCode(code) || code === EQUALS) break;
    if (code === COLON && text.charCodeAt(nameEnd + 1) === EQUALS && nameEnd + 1 < line.end) break;
    nameEnd++;
  }
  if (nameEnd === nameStart) return undefined;
  const operatorStart = skipWhitespace(text, nameEnd, line.end);
  let operator: '=' | ':=';
  let afterOperator: number;
  if (text.charCodeAt(operatorStart) === EQUALS && operatorStart < line.end) {
    operator = '=';
    afterOperator = operatorStart + 1;
  } else if (
    operatorStart + 1 < line.end &&
    text.charCodeAt(operatorStart) === COLON &&
    text.charCodeAt(operatorStart + 1) === EQUALS
  ) {
    operator = ':=';
    afterOperator = operatorStart + 2;
  } else {
    return undefined;
  }
  const valueStart = skipWhitespace(text, afterOperator, line.end);
  const valueEnd = trimEnd(text, valueStart, line.end);
  return {
    name: text.slice(nameStart, nameEnd),
    value: text.slice(valueStart, valueEnd),
    operator,
    operatorStart,
    valueStart,
    valueEnd,
  };
}

/** RFC 9110 token characters, the characters of a header name. */
function isTokenCode(code: number): boolean {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return true;
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(code));
}

/** `Name: value`, leading whitespace and whitespace before the colon allowed (both clients trim them). */
export function parseHeader(text: string, line: TextLine): HeaderLine | undefined {
  const nameStart = skipWhitespace(text, line.start, line.end);
  let nameEnd = nameStart;
  while (nameEnd < line.end && isTokenCode(text.charCodeAt(nameEnd))) nameEnd++;
  if (nameEnd === nameStart) return undefined;
  let colon = nameEnd;
  while (colon < line.end && (text.charCodeAt(colon) === 32 || text.charCodeAt(colon) === 9)) colon++;
  if (colon >= line.end || text.charCodeAt(colon) !== COLON) return undefined;
  const colonEnd = colon + 1;
  const valueStart = skipWhitespace(text, colonEnd, line.end);
  const valueEnd = trimEnd(text, valueStart, line.end);
  return {
    line: line.line,
    start: line.start,
    end: line.end,
    next: line.next,
    name: text.slice(nameStart, nameEnd),
    value: text.slice(valueStart, valueEnd),
    nameStart,
    nameEnd,
    colonEnd,
    valueStart,
    valueEnd,
  };
}

/** REST Client's and httpYac's methods, plus the protocols httpYac reads from a request line. */
const METHODS: ReadonlySet<string> = new Set([
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'QUERY',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'CHECKOUT', 'CHECKIN', 'REPORT',
  'MERGE', 'MKACTIVITY', 'MKWORKSPACE', 'VERSION-CONTROL', 'BASELINE-CONTROL',
  'GRAPHQL', 'GRPC', 'WS', 'WSS', 'WEBSOCKET', 'SSE', 'EVENTSOURCE', 'MQTT', 'MQTTS', 'AMQP', 'AMQPS', 'RABBITMQ',
]);

export interface ParsedRequestLine {
  readonly method: string;
  readonly methodExplicit: boolean;
  readonly url: string;
  readonly httpVersion: string | undefined;
}

/** `METHOD URL [HTTP/x]`; any other line is a bare URL (GET), as both clients read it. */
export function parseRequestLine(content: string): ParsedRequestLine {
  const trimmed = content.trim();
  const firstSpace = indexOfWhitespace(trimmed, 0);
  let method = 'GET';
  let methodExplicit = false;
  let url = trimmed;
  if (firstSpace > 0) {
    const candidate = trimmed.slice(0, firstSpace).toUpperCase();
    if (METHODS.has(candidate)) {
      method = candidate;
      methodExplicit = true;
      url = trimmed.slice(firstSpace).trim();
    }
  }
  let httpVersion: string | undefined;
  const lastSpace = lastIndexOfWhitespace(url);
  if (lastSpace > 0) {
    const tail = url.slice(lastSpace + 1);
    if (/^HTTP\/\S+$/i.test(tail)) {
      httpVersion = tail.slice(5);
      url = url.slice(0, lastSpace).trim();
    }
  }
  return { method, methodExplicit, url, httpVersion };
}

function indexOfWhitespace(value: string, from: number): number {
  for (let i = from; i < value.length; i++) if (isWhitespaceCode(value.charCodeAt(i))) return i;
  return -1;
}

function lastIndexOfWhitespace(value: string): number {
  for (let i = value.length - 1; i >= 0; i--) if (isWhitespaceCode(value.charCodeAt(i))) return i;
  return -1;
}

/** REST Client's query continuation: `^\s*[?&]`. */
export function isContinuationLine(text: string, line: TextLine): boolean {
  const first = skipWhitespace(text, line.start, line.end);
  if (first >= line.end) return false;
  const code = text.charCodeAt(first);
  return code === 63 /* ? */ || code === 38 /* & */;
}

/** A response pasted after a request (`HTTP/1.1 200 OK`): REST Client stops reading the request there. */
export function isResponseLine(content: string): boolean {
  return /^HTTP\/[\d.]+/i.test(content.trimStart());
}

/**
 * Script and comment blocks that may stand before a request line (httpYac and JetBrains syntax), and how
 * they end. `{{baseUrl}}/users` is a request line, not a script: only a line of `{{` alone (with httpYac's
 * optional event name) opens a script.
 */
export type ScriptOpening = { kind: 'block'; closes: (trimmed: string) => boolean } | { kind: 'line' };

export function scriptOpening(content: string): ScriptOpening | undefined {
  const trimmed = content.trim();
  if (trimmed.startsWith('{{')) {
    const rest = trimmed.slice(2).trim();
    if (/^(?:@js(?:\s+|$))?[+@]?(?:request|streaming|response|after|responseLogging)?$/.test(rest)) {
      return { kind: 'block', closes: t => t === '}}' };
    }
    return undefined;
  }
  if (trimmed === '/*') return { kind: 'block', closes: t => t === '*/' };
  if (trimmed.startsWith('<')) {
    if (trimmed.slice(1).trim() === '{%') return { kind: 'block', closes: t => t === '%}' };
    return { kind: 'line' };
  }
  return undefined;
}
