/**
 * The leaks of one open document, kept line by line so that an edit costs a rescan of the lines it touched,
 * not of the file. Works because every finding of `scanLine` lies within one line. No `vscode` import: the
 * bookkeeping is tested in plain Node against full scans after random edits (test/node/leakScan.test.ts).
 *
 * Edits arrive as VS Code reports them (`TextDocumentContentChangeEvent`s, applied one after the other):
 * the lines an edit replaced lose their leaks and become dirty, later lines move by the change in line
 * count. `rescan` then reads only the dirty lines. One dirty interval is kept (their union), which is what
 * typing produces; many edits far apart merely widen it.
 */
import { forEachLine, scanLine, type Leak, type ScanFileKind } from '../../core/leaks/leakScan';

/** A leak with its line; `start`/`end` are columns of that line. */
export interface LineLeak extends Leak {
  readonly line: number;
}

/** An edit in line terms: lines `startLine`..`endLine` (inclusive, before the edit) became `insertedLineBreaks + 1` lines. */
export interface LineChange {
  readonly startLine: number;
  readonly endLine: number;
  readonly insertedLineBreaks: number;
}

/** The document as `rescan` reads it (`TextDocument.lineAt(i).text`). */
export interface LineSource {
  readonly lineCount: number;
  lineAt(line: number): string;
}

/** Internally the line of a kept leak moves with edits above it (in place: no copy of every later leak per keystroke). */
type MovableLeak = Leak & { line: number };

export class LineLeaks {
  /** Sorted by line, then column. */
  private leaks: MovableLeak[] = [];
  private full = true;
  /** Dirty lines, inclusive; none when dirtyFrom > dirtyTo. */
  private dirtyFrom = 0;
  private dirtyTo = -1;

  constructor(private readonly kind: ScanFileKind) {}

  /** Sorted by line, then column. Read only: valid until the next change or scan. */
  all(): readonly LineLeak[] {
    return this.leaks;
  }

  /** True when the next scan must read the whole text (new, or invalidated). */
  get needsFullScan(): boolean {
    return this.full;
  }

  get hasDirtyLines(): boolean {
    return this.full || this.dirtyFrom <= this.dirtyTo;
  }

  invalidate(): void {
    this.full = true;
    this.leaks = [];
    this.dirtyFrom = 0;
    this.dirtyTo = -1;
  }

  /**
   * Costs a binary search and a splice (a memmove) when the line count stays, as while typing in a line;
   * moving the later leaks by the change in line count is a loop over them, adding a number each.
   */
  applyChange(change: LineChange): void {
    if (this.full) return;
    const { startLine, endLine, insertedLineBreaks } = change;
    const delta = insertedLineBreaks - (endLine - startLine);
    const from = this.firstAtOrAfter(startLine);
    const to = this.firstAtOrAfter(endLine + 1);
    if (to > from) this.leaks.splice(from, to - from);
    if (delta !== 0) for (let i = from; i < this.leaks.length; i++) this.leaks[i]!.line += delta;
    const newEnd = startLine + insertedLineBreaks;
    if (this.dirtyFrom > this.dirtyTo) {
      this.dirtyFrom = startLine;
      this.dirtyTo = newEnd;
      return;
    }
    const map = (line: number, inside: number) => (line < startLine ? line : line > endLine ? line + delta : inside);
    this.dirtyFrom = Math.min(map(this.dirtyFrom, startLine), startLine);
    this.dirtyTo = Math.max(map(this.dirtyTo, newEnd), newEnd);
  }

  /** Scans the whole text (a document just opened, or too many changes to follow). */
  scanAll(text: string): void {
    const leaks: MovableLeak[] = [];
    forEachLine(text, (start, end, line) => {
      for (const leak of scanLine(text.slice(start, end), this.kind)) leaks.push({ ...leak, line });
    });
    this.leaks = leaks;
    this.full = false;
    this.dirtyFrom = 0;
    this.dirtyTo = -1;
  }

  /** Scans the dirty lines only; the caller does a `scanAll` instead while `needsFullScan`. Returns the lines read. */
  rescan(source: LineSource): number {
    if (this.full) throw new Error('LineLeaks.rescan before a full scan');
    const { lineCount } = source;
    const from = Math.max(0, this.dirtyFrom);
    const to = Math.min(lineCount - 1, this.dirtyTo);
    this.dirtyFrom = 0;
    this.dirtyTo = -1;
    // Lines past the end hold no leaks (defensive: the change tracking already dropped them).
    this.leaks.length = this.firstAtOrAfter(lineCount);
    if (from > to) return 0;
    const fresh: MovableLeak[] = [];
    for (let line = from; line <= to; line++) {
      for (const leak of scanLine(source.lineAt(line), this.kind)) fresh.push({ ...leak, line });
    }
    const first = this.firstAtOrAfter(from);
    const end = this.firstAtOrAfter(to + 1);
    // splice(...fresh) passes every leak as an argument: fine for a few, a stack overflow for a pasted dump.
    if (fresh.length <= 1000) this.leaks.splice(first, end - first, ...fresh);
    else this.leaks = this.leaks.slice(0, first).concat(fresh, this.leaks.slice(end));
    return to - from + 1;
  }

  /** Index of the first leak on `line` or after it (binary search). */
  private firstAtOrAfter(line: number): number {
    let low = 0;
    let high = this.leaks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.leaks[mid]!.line < line) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** Line breaks in inserted text, counted as VS Code counts lines: `\r\n`, `\n` and a lone `\r`. */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) count++;
    else if (code === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}
