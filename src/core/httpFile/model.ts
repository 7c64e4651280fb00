/**
 * What `parseHttpFile` finds in a REST Client / httpYac `.http` file. Every part carries its line number
 * and character offsets into the original text, so edits are computed from the model and applied to the
 * text unchanged everywhere else. The model is a read-only value: parse once, then only read.
 */
import type { Eol, TextLine } from './lines';

export interface HttpFileModel {
  readonly eol: Eol;
  readonly hasBom: boolean;
  /** Offset where the text after a BOM starts: where "the top of the file" is for an insertion. */
  readonly contentStart: number;
  readonly lineCount: number;
  readonly endsWithEol: boolean;
  /** In text order, covering the whole text without gaps: blocks[0].start is 0, the last block ends at text.length. */
  readonly blocks: readonly RequestBlock[];
  /** Every `@name = value` / `@name := expr` line outside request heads and bodies, in text order. */
  readonly fileVariables: readonly FileVariable[];
}

/**
 * The lines from one `###` separator to the next (the first block: from the top of the file, when the
 * file does not start with a separator). The separator line belongs to the block it opens.
 */
export interface RequestBlock {
  readonly index: number;
  readonly separator: Separator | undefined;
  readonly startLine: number;
  /** Inclusive. */
  readonly endLine: number;
  readonly start: number;
  /** Exclusive: the next separator's start, or text.length. */
  readonly end: number;
  /** From `# @name x` / `// @name x`; REST Client's request variable name, httpYac's region name. */
  readonly name: string | undefined;
  /** Plain comment lines (not metadata) before the request line and among its headers. Body lines are body. */
  readonly comments: readonly CommentLine[];
  readonly metadata: readonly MetadataLine[];
  readonly variables: readonly FileVariable[];
  /** Undefined for a block of only comments, variables, scripts or blank lines. */
  readonly request: HttpRequestHead | undefined;
}

export interface Separator extends TextLine {
  /** httpYac's region title after the `#`s, trimmed; undefined when there is none. */
  readonly title: string | undefined;
}

export interface CommentLine extends TextLine {
  /** The text after `#`/`//`, trimmed. */
  readonly text: string;
}

export interface MetadataLine extends TextLine {
  /** `name` for `# @name login`, `no-log` for `# @no-log`. */
  readonly key: string;
  readonly value: string | undefined;
}

export interface FileVariable extends TextLine {
  readonly name: string;
  /** REST Client's trimmed value (for `:=`, httpYac's expression text). */
  readonly value: string;
  /** `=` for REST Client and httpYac; `:=` for an httpYac expression evaluated at run time. */
  readonly operator: '=' | ':=';
  readonly operatorStart: number;
  /** `valueStart`..`valueEnd` is the trimmed value; equal (an empty span) when the value is empty. */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly blockIndex: number;
}

/** The request line, its continuation lines, its headers and where its body is. */
export interface HttpRequestHead {
  /** Upper-case; `GET` for a bare URL. */
  readonly method: string;
  /** False for a bare URL line (GET implied). */
  readonly methodExplicit: boolean;
  /** The URL as written, continuation lines appended (trimmed), HTTP version removed. Variables unresolved. */
  readonly url: string;
  readonly httpVersion: string | undefined;
  readonly requestLine: TextLine;
  /** REST Client's multi-line query: lines starting (after whitespace) with `?` or `&` right after the request line. */
  readonly continuationLines: readonly TextLine[];
  readonly headers: readonly HeaderLine[];
  /** The first `Authorization` header (any casing), the one both clients send. */
  readonly authorization: HeaderLine | undefined;
  /** First to last non-blank line after the blank line that ends the headers; undefined when there is none. */
  readonly body: TextSpan | undefined;
}

export interface HeaderLine extends TextLine {
  /** As written (casing kept). */
  readonly name: string;
  /** Trimmed. */
  readonly value: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Just after the `:`: where a value goes when the header has none. */
  readonly colonEnd: number;
  /** `valueStart`..`valueEnd` is the trimmed value; equal (an empty span) when the value is empty. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface TextSpan {
  readonly startLine: number;
  /** Inclusive. */
  readonly endLine: number;
  readonly start: number;
  /** Exclusive; the end of endLine's content (its line break not included). */
  readonly end: number;
}
