/**
 * Finding JWT-shaped text in a line: under the mouse (the hover calls findJwtAt on every move) and
 * everywhere (findJwtsInLine, for decorations and code lenses). No regular expression: a hand scan over
 * character codes is linear by construction, where a regex over long base64 runs risks backtracking.
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
  // Every token's header starts "eyJ" (startsWithHeader): a line without one has none, and the scan can
  // start at the run holding the first one. A native search, where most lines of a file end.
  const first = line.indexOf('eyJ');
  if (first === -1) return found;
  const length = line.length;
  let i = first;
  while (i > 0 && isRunCode(line.charCodeAt(i - 1))) i--;
  while (i < length) {
    if (!isRunCode(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < length && isRunCode(line.charCodeAt(i))) i++;
    if (i - start <= MAX_FIND_LENGTH) {
      scanRun(line, start, i, (tokenStart, tokenEnd) => {
        found.push(tokenOf(line, tokenStart, tokenEnd));
        return false;
      });
    }
  }
  return found;
}

/**
 * Splits a run of base64url-and-dot characters at its dots and reads tokens from its segments greedily,
 * left to right, so both finders agree on where tokens are. Five segments after a JWE-looking header
 * are one encrypted token (so the hover can say "encrypted"), not a JWS and two leftovers. `visit` gets
 * each token's range and returns true to stop (findJwtAt stops at the position; no text is copied).
 */
function scanRun(line: string, runStart: number, runEnd: number, visit: (start: number, end: number) => boolean): void {
  const starts: number[] = [runStart];
  for (let i = runStart; i < runEnd; i++) if (line.charCodeAt(i) === DOT) starts.push(i + 1);
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
