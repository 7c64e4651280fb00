/**
 * Names and their values on one line: `client_secret=v`, `"clientSecret": "v"`, `@clientSecret = v`, a form
 * field, a header. Pure, linear in the line's length; leakScan.ts decides which values are leaks.
 */

/** What kind of file the text comes from: it picks the value syntaxes that apply (and, where shown, the warning's words). */
export type ScanFileKind = 'http' | 'dotenv' | 'settings' | 'other';

/**
 * How the value is written where it was found: a JSON string (`\"` escapes), a URL/form value (`%2B`, `+`),
 * or as is. `decodeLeakValue` turns the written text into the secret itself.
 */
export type ValueEncoding = 'raw' | 'json' | 'url';

/** A value written under a name, as found on one line. Columns. */
export interface Assignment {
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly encoding: ValueEncoding;
}

/** The literal last word of the names wanted; searched case-insensitively. A literal pattern cannot backtrack. */
export const SECRET_WORD = /secret/gi;
/** Same for client ids (`client_id`, `clientId`, `KONEXUS_CLIENT_ID`), for the fix's "client id nearby". */
export const CLIENT_ID_WORD = /id/gi;

/** `client_secret`, `clientSecret`, `Client-Secret`, `KONEXUS_CLIENT_SECRET`, `konexus.clientSecret`; not `client_secret_basic`. */
export function isClientSecretName(normalized: string): boolean {
  return normalized.endsWith('clientsecret');
}

export function isClientIdName(normalized: string): boolean {
  return normalized.endsWith('clientid');
}

/** Longer names are not looked at (no real key is this long), which also bounds the backward read. */
const MAX_NAME_LENGTH = 128;

/**
 * Every `name … value` on the line whose name ends with a match of `word` (a global (`g`), case-insensitive
 * literal RegExp; its lastIndex is reset) and passes `accepts` (given the name lower-cased without `_`, `-` and `.`). The syntaxes,
 * tried in this order for each name:
 *
 *   "client_secret": "v"  'client_secret': 'v'      JSON / JSONC / JS (quoted key, quoted string value)
 *   @clientSecret = v     @clientSecret := "v"       .http file variables (REST Client, httpYac)
 *   CLIENT_SECRET=v       export X_CLIENT_SECRET="v" a name first on its line: .env, shell, ini, YAML
 *   client_secret: v      Client-Secret: v           …and headers (the rest of the line is the value)
 *   …&client_secret=v&…   ?client_secret=v           form bodies, query strings, `-d` arguments
 *   { clientSecret: "v" }                            an unquoted key mid-line with a quoted value
 *
 * A value that is not a string (a number, an expression, a JSON object) is not returned.
 */
export function findAssignments(line: string, kind: ScanFileKind, word: RegExp, accepts: (normalized: string) => boolean): Assignment[] {
  const found: Assignment[] = [];
  // One RegExp per word, not per line: its lastIndex is reset here and the scan is synchronous.
  const search = word;
  search.lastIndex = 0;
  for (let match = search.exec(line); match; match = search.exec(line)) {
    const nameEnd = match.index + match[0].length;
    if (nameEnd < line.length && isNameCode(line.charCodeAt(nameEnd))) continue;
    let nameStart = match.index;
    const lowest = Math.max(0, nameEnd - MAX_NAME_LENGTH);
    while (nameStart > lowest && isNameCode(line.charCodeAt(nameStart - 1))) nameStart--;
    if (nameStart === lowest && nameStart > 0 && isNameCode(line.charCodeAt(nameStart - 1))) continue;
    if (!accepts(normalizeName(line.slice(nameStart, nameEnd)))) continue;
    const assignment = assignmentAt(line, kind, nameStart, nameEnd);
    if (!assignment) continue;
    found.push(assignment);
    // Values hold no names of their own: the search resumes after the value, which keeps it linear.
    search.lastIndex = Math.max(search.lastIndex, assignment.valueEnd);
  }
  return found;
}

function assignmentAt(line: string, kind: ScanFileKind, nameStart: number, nameEnd: number): Assignment | undefined {
  const before = nameStart > 0 ? line[nameStart - 1] : '';
  const at = (valueStart: number, valueEnd: number, encoding: ValueEncoding): Assignment => ({ nameStart, nameEnd, valueStart, valueEnd, encoding });

  // "client_secret": "v"
  if ((before === '"' || before === "'") && line[nameEnd] === before) {
    const colon = skipBlanks(line, nameEnd + 1);
    if (line[colon] === ':' && line[colon + 1] !== '=') {
      const quoted = quotedValue(line, skipBlanks(line, colon + 1));
      if (quoted) return at(quoted.start, quoted.end, quoted.quote === '"' ? 'json' : 'raw');
      return undefined;
    }
  }

  const lineStart = skipBlanks(line, 0);
  // @clientSecret = v    @clientSecret := "v" (an httpYac expression: only a string literal is a stored value)
  if (before === '@' && nameStart - 1 === lineStart) {
    const operator = skipBlanks(line, nameEnd);
    if (line.startsWith(':=', operator)) {
      const quoted = quotedValue(line, skipBlanks(line, operator + 2));
      return quoted ? at(quoted.start, quoted.end, 'raw') : undefined;
    }
    if (line[operator] !== '=') return undefined;
    const value = trimmed(line, operator + 1, line.length);
    return at(value.start, value.end, 'raw');
  }

  // A name first on its line (after `export ` in shell and .env files).
  if (nameStart === lineStart || (nameStart > lineStart && isExportPrefix(line, lineStart, nameStart))) {
    const operator = skipBlanks(line, nameEnd);
    const isColon = line[operator] === ':' && line[operator + 1] !== '=' && (kind === 'http' || operator + 1 === line.length || isBlank(line.charCodeAt(operator + 1)));
    // In a .http file a line starting `name=` is a form body (`a=1&client_secret=…`): the form syntax below reads it.
    const isEquals = line[operator] === '=' && kind !== 'http';
    if (isEquals || isColon) {
      const valueStart = skipBlanks(line, operator + 1);
      const quoted = quotedValue(line, valueStart);
      if (quoted && closesValue(line, quoted.end + 1, kind)) return at(quoted.start, quoted.end, quoted.quote === '"' && kind === 'settings' ? 'json' : 'raw');
      // Headers keep `#` (it is part of the value); .env, shell and YAML start a comment with it.
      const hash = kind === 'http' ? -1 : line.indexOf('#', valueStart);
      const value = trimmed(line, valueStart, hash === -1 ? line.length : hash);
      return at(value.start, value.end, 'raw');
    }
  }

  // client_secret=v in a form body or query string
  if (line[nameEnd] === '=' && (before === '' || FORM_BEFORE.includes(before) || isBlank(before.charCodeAt(0)))) {
    let end = nameEnd + 1;
    while (end < line.length && !FORM_STOP.includes(line[end]) && !isBlank(line.charCodeAt(end))) end++;
    return at(nameEnd + 1, end, 'url');
  }

  // { clientSecret: "v" }
  const colon = skipBlanks(line, nameEnd);
  if (line[colon] === ':' && line[colon + 1] !== '=') {
    const quoted = quotedValue(line, skipBlanks(line, colon + 1));
    if (quoted) return at(quoted.start, quoted.end, quoted.quote === '"' ? 'json' : 'raw');
  }
  return undefined;
}

/** Characters a form or query parameter name follows (besides whitespace and the start of the line). */
const FORM_BEFORE = '?&;"\'`(,';
/** Characters that end an unencoded form value (besides whitespace). */
const FORM_STOP = '&"\'`';

/** Inside the quotes of a string starting at `from`; a backslash escapes the next character. Undefined when unclosed. */
function quotedValue(line: string, from: number): { start: number; end: number; quote: string } | undefined {
  const quote = line[from];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  for (let i = from + 1; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === quote) return { start: from + 1, end: i, quote };
  }
  return undefined;
}

/** After a quoted assignment value only blanks, a comment, or (JSON/YAML) a comma may follow. */
function closesValue(line: string, from: number, kind: ScanFileKind): boolean {
  const next = skipBlanks(line, from);
  return next >= line.length || line[next] === '#' || line[next] === ',' || (kind !== 'http' && line.startsWith('//', next));
}

function isExportPrefix(line: string, from: number, nameStart: number): boolean {
  return line.startsWith('export', from) && from + 6 < nameStart && skipBlanks(line, from + 6) === nameStart && isBlank(line.charCodeAt(from + 6));
}

function normalizeName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch !== '_' && ch !== '-' && ch !== '.') out += ch.toLowerCase();
  }
  return out;
}

/** `[A-Za-z0-9_.-]`: what keys, headers, variables and parameters are made of here. */
function isNameCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0xfeff;
}

function skipBlanks(line: string, from: number): number {
  let i = from;
  while (i < line.length && isBlank(line.charCodeAt(i))) i++;
  return i;
}

function trimmed(line: string, from: number, to: number): { start: number; end: number } {
  let start = skipBlanks(line, from);
  let end = to;
  while (end > start && isBlank(line.charCodeAt(end - 1))) end--;
  if (start > end) start = end;
  return { start, end };
}
