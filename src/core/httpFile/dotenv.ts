/**
 * `.env` text helpers, read the way the `dotenv` package reads them (REST Client's `{{$dotenv X}}` and
 * httpYac both use it): `KEY=value`, `export KEY=value`, `KEY: value`, single/double/backtick quotes (a
 * quoted value may span lines; `\n`/`\r` escapes expand in double quotes only), `#` comments (in an unquoted
 * value a `#` starts a comment), CRLF, and a lone CR as a line break (dotenv turns it into one).
 * Edits change only a value or whole lines; every other byte stays.
 */
import { hasLineBreak, isWhitespaceCode, skipWhitespace, splitLines, trimEnd, type TextLine } from './lines';
import { isPortableName } from './names';
import { applyEdits, editError, editsOk, type EditResult, type TextEdit } from './textEdit';

type Quote = '"' | "'" | '`';

export interface DotenvEntry {
  readonly key: string;
  /** The value as dotenv returns it: unquoted, escapes expanded, an unquoted value trimmed. */
  readonly value: string;
  readonly exported: boolean;
  readonly quote: Quote | undefined;
  /** First line of the entry (a quoted value may continue on later lines). */
  readonly line: number;
  /** Start of the entry's first line. */
  readonly start: number;
  /** End of its last line's content. */
  readonly end: number;
  /** Start of the line after it (`end` for the file's last line). */
  readonly next: number;
  /** The value as written, quotes included; an empty span where an empty value goes. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

const HASH = 35;
const BACKSLASH = 92;

/** Entries in file order. Lines that are not `KEY=…` (comments, junk) are skipped, as dotenv skips them. */
export function parseDotenv(text: string): readonly DotenvEntry[] {
  const { lines } = splitLines(text, { loneCrBreaks: true });
  const entries: DotenvEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const parsed = parseEntry(text, lines, i);
    if (!parsed) continue;
    entries.push(parsed);
    i = parsed.lastLine;
  }
  return entries;
}

/** The value dotenv would load for `key`: the last definition wins. */
export function dotenvLookup(entries: readonly DotenvEntry[], key: string): string | undefined {
  return entries.findLast(entry => entry.key === key)?.value;
}

function parseEntry(
  text: string,
  lines: readonly TextLine[],
  index: number,
): (DotenvEntry & { readonly lastLine: number }) | undefined {
  const line = lines[index];
  const first = skipWhitespace(text, line.start, line.end);
  if (first >= line.end || text.charCodeAt(first) === HASH) return undefined;

  // `export KEY=…`; but `export=1` or `export = 1` defines a key named export, as dotenv's regex backtracks.
  const afterExport = first + 6;
  const exportedHead = text.startsWith('export', first) && afterExport < line.end && isWhitespaceCode(text.charCodeAt(afterExport))
    ? keyAndSeparator(text, line, skipWhitespace(text, afterExport, line.end))
    : undefined;
  const head = exportedHead ?? keyAndSeparator(text, line, first);
  if (!head) return undefined;
  const { key } = head;
  const exported = exportedHead !== undefined;
  const valueStart = skipWhitespace(text, head.separatorEnd, line.end);

  const quote = text[valueStart];
  if (valueStart < line.end && isQuote(quote)) {
    const closing = findClosingQuote(text, valueStart + 1, quote);
    if (closing !== -1) {
      let last = index;
      while (lines[last].end < closing) last++;
      const after = skipWhitespace(text, closing + 1, lines[last].end);
      // dotenv takes a quoted value only when nothing but a comment follows the closing quote.
      if (after === lines[last].end || text.charCodeAt(after) === HASH) {
        return {
          key,
          value: unquote(text.slice(valueStart + 1, closing).replace(/\r\n?/g, '\n'), quote),
          exported,
          quote,
          line: line.line,
          start: line.start,
          end: lines[last].end,
          next: lines[last].next,
          valueStart,
          valueEnd: closing + 1,
          lastLine: last,
        };
      }
    }
  }
  let hash = valueStart;
  while (hash < line.end && text.charCodeAt(hash) !== HASH) hash++;
  const valueEnd = trimEnd(text, valueStart, hash);
  const raw = text.slice(valueStart, valueEnd);
  // dotenv still strips a pair of matching outer quotes from such a value (`'it''s'` reads as `it''s`).
  const outerQuote = raw.length >= 2 && isQuote(raw[0]) && raw.at(-1) === raw[0] ? raw[0] : undefined;
  return {
    key,
    value: outerQuote ? unquote(raw.slice(1, -1), outerQuote) : raw,
    exported,
    quote: outerQuote,
    line: line.line,
    start: line.start,
    end: line.end,
    next: line.next,
    valueStart,
    valueEnd,
    lastLine: index,
  };
}

/** `KEY=` or `KEY: ` (dotenv's `[\w.-]+` key, then `\s*=` or `:\s`), from `from` on the line. */
function keyAndSeparator(text: string, line: TextLine, from: number): { key: string; separatorEnd: number } | undefined {
  let p = from;
  while (p < line.end && isKeyCode(text.charCodeAt(p))) p++;
  if (p === from) return undefined;
  const key = text.slice(from, p);
  p = skipWhitespace(text, p, line.end);
  if (p < line.end && text[p] === '=') return { key, separatorEnd: p + 1 };
  if (p + 1 < line.end && text[p] === ':' && isWhitespaceCode(text.charCodeAt(p + 1))) return { key, separatorEnd: p + 1 };
  return undefined;
}

/**
 * The closing quote the way dotenv's `"(?:\\"|[^"])*"` finds it: a quote right after a backslash does not
 * close. Linear over a whole file: a search stops at the next unescaped quote of its kind, and any entry
 * line opening that kind of quote has one, so searches never run across each other's lines.
 */
function findClosingQuote(text: string, from: number, quote: Quote): number {
  let at = text.indexOf(quote, from);
  while (at !== -1 && text.charCodeAt(at - 1) === BACKSLASH) at = text.indexOf(quote, at + 1);
  return at;
}

/** Double quotes expand `\n` and `\r`; single quotes and backticks are literal. */
function unquote(inner: string, quote: Quote): string {
  return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner;
}

function isQuote(ch: string | undefined): ch is Quote {
  return ch === '"' || ch === "'" || ch === '`';
}

/** dotenv's key characters: `[\w.-]`. */
function isKeyCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45;
}

/** Characters a value may hold unquoted in every dotenv reader (no `#`, quotes, `$`, `\` or whitespace). A JWT fits. */
const UNQUOTED_VALUE = /^[A-Za-z0-9_.\-+/=:@,~%]+$/;

/**
 * How to write `value` so dotenv reads it back unchanged: bare when it can, else the first quoting that
 * holds it literally. Single quotes and backticks are literal in dotenv (and not `$`-expanded by
 * dotenv-expand); double quotes would expand `\n`, so they come next and only without `\`; a value none of
 * those hold (it has all three quote characters) is written bare if dotenv reads it back whole, else refused.
 */
export function encodeDotenvValue(value: string): string | undefined {
  if (value === '' || UNQUOTED_VALUE.test(value)) return value;
  if (hasLineBreak(value)) return undefined;
  const endsWithBackslash = value.endsWith('\\');
  if (!value.includes("'") && !endsWithBackslash) return `'${value}'`;
  if (!value.includes('`') && !endsWithBackslash) return `\`${value}\``;
  if (!value.includes('"') && !value.includes('\\')) return `"${value}"`;
  // Bare, when dotenv reads it back whole: nothing it trims, no comment, no opening quote, nothing to expand.
  const readsBackBare = value.trim() === value && !value.includes('#') && !value.includes('$') && !isQuote(value[0]);
  return readsBackBare ? value : undefined;
}

/**
 * Sets `key` to `value`. Every existing definition is updated in place (dotenv loads the last one; updating
 * all of them leaves no stale secret behind), only its value span replaced; a definition that already
 * holds the value is left alone. A new key is appended with the file's line ending, after a line break
 * when the file does not end with one. Errors: `invalid_name`, `invalid_value` (a line break, or quotes no
 * quoting holds), `ambiguous_text` (the edited file would read back differently; see `verified`).
 */
export function dotenvUpsertEdit(text: string, key: string, value: string): EditResult {
  if (!isPortableName(key)) return editError('invalid_name', { kind: 'dotenv_key_not_portable' });
  const encoded = encodeDotenvValue(value);
  if (encoded === undefined) {
    return editError('invalid_value', { kind: 'dotenv_value_not_quotable' });
  }
  const existing = parseDotenv(text).filter(entry => entry.key === key);
  if (existing.length > 0) {
    const edits: TextEdit[] = [];
    for (const entry of existing) {
      if (entry.value === value) continue;
      // `KEY= # note`: keep a space between the new value and the comment.
      const spacer = entry.valueEnd === entry.valueStart && text.charCodeAt(entry.valueEnd) === HASH ? ' ' : '';
      edits.push({ start: entry.valueStart, end: entry.valueEnd, newText: encoded + spacer });
    }
    return verified(text, edits, key, value);
  }
  const { eol, contentStart } = splitLines(text, { loneCrBreaks: true });
  const needsBreak = text.length > contentStart && !/[\r\n]$/.test(text);
  return verified(text, [{ start: text.length, end: text.length, newText: `${needsBreak ? eol : ''}${key}=${encoded}${eol}` }], key, value);
}

/** Removes every definition of `key`, whole lines; no edits when there is none. Errors as for upsert. */
export function dotenvRemoveEdit(text: string, key: string): EditResult {
  if (!isPortableName(key)) return editError('invalid_name', { kind: 'dotenv_key_not_portable' });
  // Whole lines with their breaks; adjacent ones merged into one edit.
  const removals: { start: number; end: number }[] = [];
  for (const entry of parseDotenv(text)) {
    if (entry.key !== key) continue;
    const previous = removals.at(-1);
    if (previous && previous.end === entry.start) previous.end = entry.next;
    else removals.push({ start: entry.start, end: entry.next });
  }
  const last = removals.at(-1);
  // Removing the file's last line when it has no final break: take the break before the removed lines
  // instead, so the file neither gains an empty last line nor loses its "no final newline" state.
  if (last && last.end === text.length && !/[\r\n]$/.test(text) && /[\r\n]/.test(text[last.start - 1] ?? '')) {
    last.start -= text.startsWith('\r\n', last.start - 2) ? 2 : 1;
  }
  return verified(text, removals.map(({ start, end }) => ({ start, end, newText: '' })), key, undefined);
}

/**
 * Returns the edits only if the edited text reads back as intended: every definition of `key` holds
 * `expected` (undefined: no definition is left), and every other definition is still there with its value,
 * in order. A quote left open earlier in the file can otherwise reach forward into the changed line
 * (`A='x` … `K='#v'`) and swallow it, or let go of a line it swallowed; such a file needs a human.
 */
function verified(text: string, edits: readonly TextEdit[], key: string, expected: string | undefined): EditResult {
  if (edits.length === 0) return editsOk(edits);
  const others = (entries: readonly DotenvEntry[]) => entries.filter(entry => entry.key !== key).map(entry => `${entry.key}=${entry.value}`);
  const before = parseDotenv(text);
  const after = parseDotenv(applyEdits(text, edits));
  const keyValues = after.filter(entry => entry.key === key).map(entry => entry.value);
  const keyReadsBack = expected === undefined ? keyValues.length === 0 : keyValues.length > 0 && keyValues.every(value => value === expected);
  const othersBefore = others(before);
  const othersAfter = others(after);
  const othersUnchanged = othersBefore.length === othersAfter.length && othersBefore.every((entry, i) => entry === othersAfter[i]);
  if (keyReadsBack && othersUnchanged) return editsOk(edits);
  return editError('ambiguous_text', { kind: 'dotenv_unclosed_quote' });
}
