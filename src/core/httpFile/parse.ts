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
import { lineAt, lineOffsets } from './lines';
import { parseSeparator } from './lineSyntax';
import type { FileVariable, HttpFileModel, RequestBlock, Separator } from './model';
import { parseBlock, type Lines } from './parseBlock';

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
