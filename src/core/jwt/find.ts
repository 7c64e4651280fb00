/**
 * Finding JWT-shaped text in a line: under the mouse (the hover calls findJwtAt on every move) and
 * everywhere (findJwtsInLine, for decorations, code lenses and the leak guard). Hand scans over character
 * codes, and the only regular expressions are single character classes matched from a fixed position
 * (sticky): linear by construction, no backtracking over long base64 runs.
 *
 * Shape only: a header segment starting "eyJ" (base64url of `{"`), a payload segment starting like a
 * JSON object, then a signature segment (empty for alg none), separated by dots. Whether it decodes is
 * decode.ts's question, so a truncated token is still found and the hover can say what is wrong with it.
 */

export interface FoundJwt {
  /** Offset of the first character, in UTF-16 code units like VS Code's Position.character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  readonly token: string;
}

/**
 * A run of base64url-and-dot characters longer than this holds no token we show. It bounds the work of
 * one findJwtAt call whatever the line: a minified 5 MB line costs at most two scans of this length.
 */
export const MAX_FIND_LENGTH = 16 * 1024;

const DOT = 0x2e;

// base64url alphabet plus '.', as one flat table: this test runs once per scanned character, so it is
// kept to one bounds check and one load.
const RUN_CODES: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.') table[c.charCodeAt(0)] = 1;
  return table;
})();

function isRunCode(code: number): boolean {
  return code < 128 && RUN_CODES[code] === 1;
}

/**
 * The token touching `character`: start <= character <= end, as VS Code's word ranges, so a cursor just
 * after the token still finds it. Undefined when there is none or the surrounding run is too long.
 */
export function findJwtAt(line: string, character: number): FoundJwt | undefined {
  if (typeof line !== 'string' || !Number.isInteger(character) || character < 0 || character > line.length) return undefined;
  let anchor = character;
  if (!(anchor < line.length && isRunCode(line.charCodeAt(anchor)))) {
    anchor = character - 1;
    if (!(anchor >= 0 && isRunCode(line.charCodeAt(anchor)))) return undefined;
  }
  let start = anchor;
  const lowest = Math.max(0, anchor - MAX_FIND_LENGTH);
  while (start > lowest && isRunCode(line.charCodeAt(start - 1))) start--;
  if (start === lowest && start > 0 && isRunCode(line.charCodeAt(start - 1))) return undefined;
  let end = anchor + 1;
  const highest = Math.min(line.length, start + MAX_FIND_LENGTH);
  while (end < highest && isRunCode(line.charCodeAt(end))) end++;
  if (end === highest && end < line.length && isRunCode(line.charCodeAt(end))) return undefined;

  let hit: FoundJwt | undefined;
  scanRun(line, start, end, (tokenStart, tokenEnd) => {
    if (tokenStart > character) return true;
    if (character <= tokenEnd) {
      hit = tokenOf(line, tokenStart, tokenEnd);
      return true;
    }
    return false;
  });
  return hit;
}

/** Every token in the line, left to right, in one pass. Runs longer than MAX_FIND_LENGTH are skipped. */
export function findJwtsInLine(line: string): FoundJwt[] {
  const found: FoundJwt[] = [];
  if (typeof line !== 'string') return found;
  // Every token's header starts "eyJ" (startsWithHeader), so only runs holding one are read: the search for
  // it and the end of its run are native (indexOf, a sticky regex); walking back to the run's start never
  // passes where the previous run ended, so every character is looked at a bounded number of times.
  let from = 0;
  for (let header = line.indexOf('eyJ'); header !== -1; header = line.indexOf('eyJ', from)) {
    let start = header;
    while (start > from && isRunCode(line.charCodeAt(start - 1))) start--;
    const end = endOfRun(line, header);
    if (end - start <= MAX_FIND_LENGTH) {
      scanRun(line, start, end, (tokenStart, tokenEnd) => {
        found.push(tokenOf(line, tokenStart, tokenEnd));
        return false;
      });
    }
    from = end;
  }
  return found;
}

/** Base64url-and-dot characters (RUN_CODES) from a position on, and without the dot (one segment): sticky, so matched where lastIndex is. */
const RUN = /[A-Za-z0-9_.-]*/y;
const SEGMENT = /[A-Za-z0-9_-]*/y;

function endOfRun(line: string, from: number): number {
  RUN.lastIndex = from;
  RUN.test(line);
  return RUN.lastIndex;
}

/**
 * Splits a run of base64url-and-dot characters at its dots and reads tokens from its segments greedily,
 * left to right, so both finders agree on where tokens are. Five segments after a JWE-looking header
 * are one encrypted token (so the hover can say "encrypted"), not a JWS and two leftovers. `visit` gets
 * each token's range and returns true to stop (findJwtAt stops at the position; no text is copied).
 */
function scanRun(line: string, runStart: number, runEnd: number, visit: (start: number, end: number) => boolean): void {
  const starts: number[] = [runStart];
  // Segment by segment (a native match up to the next dot), not character by character.
  for (let i = runStart; ;) {
    SEGMENT.lastIndex = i;
    SEGMENT.test(line);
    const dot = SEGMENT.lastIndex;
    if (dot >= runEnd || line.charCodeAt(dot) !== DOT) break;
    starts.push(dot + 1);
    i = dot + 1;
  }
  const count = starts.length;
  const segEnd = (k: number) => (k + 1 < count ? starts[k + 1]! - 1 : runEnd);

  let k = 0;
  while (k < count) {
    const s = starts[k]!;
    if (!startsWithHeader(line, s, segEnd(k))) {
      k++;
      continue;
    }
    const remaining = count - k;
    if (remaining === 5 && !startsWithObject(line, starts[k + 1]!, segEnd(k + 1))) {
      if (visit(s, segEnd(k + 4))) return;
      k += 5;
      continue;
    }
    if (remaining >= 3 && startsWithObject(line, starts[k + 1]!, segEnd(k + 1))) {
      if (visit(s, segEnd(k + 2))) return;
      k += 3;
      continue;
    }
    k++;
  }
}

function tokenOf(line: string, start: number, end: number): FoundJwt {
  return { start, end, token: line.slice(start, end) };
}

/** "eyJ": base64url of `{"`, how every JOSE header produced by a library begins. */
function startsWithHeader(line: string, start: number, end: number): boolean {
  return end - start >= 4 && line.charCodeAt(start) === 0x65 /* e */ && line.charCodeAt(start + 1) === 0x79 /* y */ && line.charCodeAt(start + 2) === 0x4a; /* J */
}

/**
 * A payload that is a JSON object: `{` then `"`/space ("ey"), a newline or tab ("ew"), or `}` ("e3",
 * the empty object). That is the second base64url character 'y', 'w' or '3' after 'e'.
 */
function startsWithObject(line: string, start: number, end: number): boolean {
  if (end - start < 2 || line.charCodeAt(start) !== 0x65 /* e */) return false;
  const second = line.charCodeAt(start + 1);
  return second === 0x79 /* y */ || second === 0x77 /* w */ || second === 0x33; /* 3 */
}
