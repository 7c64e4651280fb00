/**
 * The line table every text helper here works from: one pass over the text, offsets into the ORIGINAL
 * string, so an edit computed from a line can be applied to the text the caller holds.
 *
 * A line break is `\n`, with a `\r` just before it belonging to the break (CRLF). A lone `\r` is kept as
 * line content: REST Client splits on `\r?\n` too, and VS Code normalises lone CRs away when it opens a file.
 * (`.env` files are read the way dotenv reads them, where a lone `\r` does break a line: `loneCrBreaks`.)
 * A leading BOM is not part of line 0's content, so `###` or `@name = x` right after a BOM still counts.
 */

export type Eol = '\n' | '\r\n';

const BOM = '\uFEFF';

/** One line: `start`..`end` is its content without the line break; `next` is where the following line starts
 * (`end` plus the break's length, or `end` itself for the last line). */
export interface TextLine {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly next: number;
}

export interface LineTable {
  readonly lines: readonly TextLine[];
  /** The file's dominant line break; `\n` for a text without any (the safe choice for both HTTP clients). */
  readonly eol: Eol;
  readonly hasBom: boolean;
  /** Where line 0's content starts: 1 after a BOM, else 0. */
  readonly contentStart: number;
  readonly endsWithEol: boolean;
}

/**
 * The same line table as offsets only (`\r?\n` breaks): no object per line, so a parse of a large file
 * keeps no per-line objects alive (the garbage collector copies every live object at each young-generation
 * collection; with one object per line that cost grew faster than the file, BENCHMARKS.md row 5).
 * Line i's content is `starts[i]`..`ends[i]`; the next line starts at `starts[i + 1]` (text.length after the last).
 */
export interface LineOffsets {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly eol: Eol;
  readonly hasBom: boolean;
  readonly contentStart: number;
  readonly endsWithEol: boolean;
}

export function lineOffsets(text: string): LineOffsets {
  const hasBom = text.startsWith(BOM);
  const contentStart = hasBom ? 1 : 0;
  let count = 1;
  for (let found = text.indexOf('\n', contentStart); found !== -1; found = text.indexOf('\n', found + 1)) count++;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  let crlfCount = 0;
  let line = 0;
  let start = contentStart;
  for (let found = text.indexOf('\n', contentStart); found !== -1; found = text.indexOf('\n', found + 1)) {
    const crlf = found > start && text.charCodeAt(found - 1) === 13;
    if (crlf) crlfCount++;
    starts[line] = start;
    ends[line] = crlf ? found - 1 : found;
    line++;
    start = found + 1;
  }
  starts[line] = start;
  ends[line] = text.length;
  return { count, starts, ends, eol: crlfCount > count - 1 - crlfCount ? '\r\n' : '\n', hasBom, contentStart, endsWithEol: text.endsWith('\n') };
}

/** Line i of a LineOffsets as a TextLine object (made on demand: only for the lines a caller keeps or reads). */
export function lineAt(table: LineOffsets, i: number, textLength: number): TextLine {
  return { line: i, start: table.starts[i]!, end: table.ends[i]!, next: i + 1 < table.count ? table.starts[i + 1]! : textLength };
}

export function splitLines(text: string, options: { readonly loneCrBreaks?: boolean } = {}): LineTable {
  if (!options.loneCrBreaks) {
    const table = lineOffsets(text);
    const lines: TextLine[] = [];
    for (let i = 0; i < table.count; i++) lines.push(lineAt(table, i, text.length));
    return { lines, eol: table.eol, hasBom: table.hasBom, contentStart: table.contentStart, endsWithEol: table.endsWithEol };
  }
  const hasBom = text.startsWith(BOM);
  const contentStart = hasBom ? 1 : 0;
  const lines: TextLine[] = [];
  const breaks = options.loneCrBreaks ? /\r\n?|\n/g : /\r?\n/g;
  breaks.lastIndex = contentStart;
  let crlfCount = 0;
  let lfCount = 0;
  let start = contentStart;
  for (let found = breaks.exec(text); found; found = breaks.exec(text)) {
    if (found[0] === '\r\n') crlfCount++;
    else if (found[0] === '\n') lfCount++;
    lines.push({ line: lines.length, start, end: found.index, next: found.index + found[0].length });
    start = found.index + found[0].length;
  }
  lines.push({ line: lines.length, start, end: text.length, next: text.length });
  return {
    lines,
    eol: crlfCount > lfCount ? '\r\n' : '\n',
    hasBom,
    contentStart,
    endsWithEol: text.endsWith('\n'),
  };
}

/** Same set as String.prototype.trim and the regex `\s`: what both HTTP clients trim. */
export function isWhitespaceCode(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 128) return false;
  return /\s/.test(String.fromCharCode(code));
}

/** First offset in [from, to) that is not whitespace, or `to`. */
export function skipWhitespace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isWhitespaceCode(text.charCodeAt(i))) i++;
  return i;
}

/** Offset just after the last non-whitespace character in [from, to), or `from`. */
export function trimEnd(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && isWhitespaceCode(text.charCodeAt(i - 1))) i--;
  return i;
}

export function hasLineBreak(value: string): boolean {
  return value.includes('\n') || value.includes('\r');
}
