/**
 * Finding secrets written into files: raw JWTs, client secrets and private keys (a JWK's `d`, a PEM block),
 * for the Leak guard's diagnostics. Pure
 * (no `vscode` import) and line-local: every finding lies within one line, so an editor can rescan only the
 * lines an edit touched (see src/leakGuard/model/lineLeaks.ts) and get what a full scan would give.
 *
 * Linear time: JWTs come from `findJwtsInLine` (a hand scan over character codes); names are found by a
 * literal search for their last word ("secret"), each name is read backwards at most once (names end where
 * the search resumes), and a value scan is never repeated over the same characters (the search resumes
 * after a found value; a quoted value that never closes means no later quote of its kind on that line).
 *
 * What it does not do: decide whether a file is committed (the Leak guard asks git), resolve templates,
 * follow a value over several lines (a JSON string value on the line after its key is not found), or say
 * anything in words: a leak is its kind and place, the Leak guard's leakWords.ts makes the warning.
 */
import { findJwtsInLine } from '../jwt/find';
import { findAssignments, isClientSecretName, SECRET_WORD, type ScanFileKind, type ValueEncoding } from './secretAssignments';
import { isPlaceholder, isReference } from './secretPlaceholders';

export type { ScanFileKind, ValueEncoding } from './secretAssignments';

export type LeakKind = 'jwt' | 'client_secret' | 'private_key';

export type PrivateKeyFormat = 'jwk' | 'pem';

export interface Leak {
  readonly kind: LeakKind;
  /**
   * The value only (not its name or quotes): offsets into the text given to `scanForLeaks`, or columns of
   * the line given to `scanLine`. End exclusive, UTF-16 code units like VS Code positions.
   */
  readonly start: number;
  readonly end: number;
  /** How a private key is written (a JWK's `d`, a PEM block); absent for the other kinds. */
  readonly keyFormat?: PrivateKeyFormat;
  /** 0-based line, set by `scanForLeaks` (`scanLine` leaves it out: the caller knows the line). */
  readonly line?: number;
  readonly encoding: ValueEncoding;
  /** The name the value was found under as written (`client_secret`, `clientSecret`); absent for a JWT or a private key. */
  readonly name?: string;
}

/**
 * A value longer than this is not a client secret (they are tens of characters), but the rest of a line
 * that happened to follow `client_secret=`: not reported, and not copied to be looked at.
 */
const MAX_SECRET_LENGTH = 4096;

/** Every leak in the text, in text order, none overlapping another. */
export function scanForLeaks(text: string, kind: ScanFileKind): Leak[] {
  const leaks: Leak[] = [];
  if (typeof text !== 'string') return leaks;
  forEachLine(text, (start, end, line) => {
    for (const leak of scanLine(text.slice(start, end), kind)) {
      leaks.push({ ...leak, start: start + leak.start, end: start + leak.end, line });
    }
  });
  return leaks;
}

/**
 * Calls `visit` with each line's content range and number. Breaks are `\r\n`, `\n` and a lone `\r`, as in
 * VS Code's text model, so line numbers agree with `TextDocument.lineAt`.
 */
export function forEachLine(text: string, visit: (start: number, end: number, line: number) => void): void {
  // Native searches for the next \n and the next \r (each redone only once passed), not a loop over every character.
  let start = 0;
  let line = 0;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    const at = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
    visit(start, at, line++);
    start = at === cr && lf === cr + 1 ? lf + 1 : at + 1;
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
  }
  visit(start, text.length, line);
}

/** The leaks of one line (no line break in it), columns in `start`/`end`, in order, none overlapping. */
export function scanLine(line: string, kind: ScanFileKind): Leak[] {
  const found: Leak[] = [];
  for (const assignment of findAssignments(line, kind, SECRET_WORD, isClientSecretName)) {
    if (assignment.valueEnd - assignment.valueStart > MAX_SECRET_LENGTH) continue;
    const value = line.slice(assignment.valueStart, assignment.valueEnd);
    if (isReference(value) || isPlaceholder(value)) continue;
    found.push({
      kind: 'client_secret',
      start: assignment.valueStart,
      end: assignment.valueEnd,
      encoding: assignment.encoding,
      name: line.slice(assignment.nameStart, assignment.nameEnd),
    });
  }
  findPrivateKeys(line, found);
  const jwts = findJwtsInLine(line);
  if (jwts.length === 0 && found.length < 2) return found;
  for (const jwt of jwts) found.push({ kind: 'jwt', start: jwt.start, end: jwt.end, encoding: 'raw' });
  // A client secret that happens to look like a JWT is reported once, as the secret (its fix is the right one).
  found.sort((a, b) => a.start - b.start || (a.kind === 'jwt' ? 1 : b.kind === 'jwt' ? -1 : 0));
  const leaks: Leak[] = [];
  for (const leak of found) {
    const previous = leaks.at(-1);
    if (previous && leak.start < previous.end) {
      if (leak.kind !== 'jwt' && previous.kind === 'jwt') leaks[leaks.length - 1] = leak;
      continue;
    }
    leaks.push(leak);
  }
  return leaks;
}

// ---------------------------------------------------------------------------------------------------------
// Private keys: the `d` of a private JWK (RSA, EC, OKP), and PEM private key blocks.

/**
 * `"d": "<base64url>"` (also JSON-escaped inside a string, `\"d\":\"…\"`), the private member every
 * asymmetric private JWK has. At least 40 characters: a P-256 `d` has 43, an RSA-2048 one 342; shorter
 * `"d"` values are something else. The character class and the quotes around it cannot match the same
 * character, so the pattern cannot backtrack.
 */
const JWK_D = /\\?"d\\?"[ \t]*:[ \t]*\\?"([A-Za-z0-9_-]{40,})\\?"/g;
/** `kty`s on the same line, none of them an asymmetric key type, mean the `d` is not a private key's. */
const JWK_KTY = /\\?"kty\\?"[ \t]*:[ \t]*\\?"([A-Za-z]*)\\?"/g;
const PRIVATE_KTYS: ReadonlySet<string> = new Set(['RSA', 'EC', 'OKP']);
/** The label of a PEM private key block (RFC 7468 §10/§11, PKCS #1, SEC 1). */
const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----/g;

/** Adds the private keys of the line to `found`. */
function findPrivateKeys(line: string, found: Leak[]): void {
  if (line.includes('"d')) {
    const ktys = [...line.matchAll(JWK_KTY)].map(match => match[1] ?? '');
    if (!ktys.length || ktys.some(kty => PRIVATE_KTYS.has(kty))) {
      JWK_D.lastIndex = 0;
      for (let match = JWK_D.exec(line); match; match = JWK_D.exec(line)) {
        const end = match.index + match[0].length - (match[0].endsWith('\\"') ? 2 : 1);
        const start = end - (match[1] ?? '').length;
        found.push({ kind: 'private_key', start, end, keyFormat: 'jwk', encoding: 'raw' });
      }
    }
  }
  if (line.includes('-----BEGIN ')) {
    PEM_BEGIN.lastIndex = 0;
    // Per label, the next END marker found (-1: none left on the line), so no stretch is searched twice.
    const closes = new Map<string, number>();
    for (let match = PEM_BEGIN.exec(line); match; match = PEM_BEGIN.exec(line)) {
      // The whole block when it is on this line (a JSON string with \n escapes), else the BEGIN line.
      const endMarker = `-----END ${match[1]}-----`;
      const from = match.index + match[0].length;
      let close = closes.get(endMarker);
      if (close === undefined || (close !== -1 && close < from)) closes.set(endMarker, close = line.indexOf(endMarker, from));
      const end = close === -1 ? match.index + match[0].length : close + endMarker.length;
      found.push({ kind: 'private_key', start: match.index, end, keyFormat: 'pem', encoding: 'raw' });
      PEM_BEGIN.lastIndex = end;
    }
  }
}

/** The secret itself from the text a leak covers: JSON escapes and URL encoding undone; the text as is when that fails. */
export function decodeLeakValue(written: string, encoding: ValueEncoding): string {
  try {
    if (encoding === 'json') return JSON.parse(`"${written}"`) as string;
    if (encoding === 'url') return decodeURIComponent(written.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: the text as written is the best guess of what the client sends.
  }
  return written;
}
