/**
 * The benchmark table: one row per measurement, printed, written into BENCHMARKS.md between two markers
 * (the hand-written analysis around them stays), and as JSON for tools.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import type { Summary } from './stats';

export type Outcome = 'pass' | 'miss' | 'info' | 'not measured';

export interface Row {
  /** The row number, with a letter for sub-rows ("1", "1b"). */
  readonly id: string;
  readonly what: string;
  /** The measured value (a median, a count, a size), formatted. */
  readonly value: string;
  /** p10–p90 of the samples, or "—". */
  readonly spread: string;
  /** The median of the baseline it is compared with, or "—". */
  readonly baseline: string;
  /** The median of the per-round ratios to the baseline, or "—". */
  readonly ratio: string;
  readonly target: string;
  readonly outcome: Outcome;
  /** Raw figures for bench.json. */
  readonly data?: unknown;
}

/** A titled block of extra figures (a breakdown, a top-10 list) shown under the table. */
export interface Detail {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface Section {
  readonly rows: readonly Row[];
  readonly details?: readonly Detail[];
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
}

export function machine(): Machine {
  const list = cpus();
  return { cpu: list[0]?.model.trim() ?? 'unknown', cores: list.length, node: process.version, platform: `${process.platform} ${process.arch}` };
}

/** "812 µs", "2.41 ms", "1.20 s": three significant digits in the unit that fits. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

export function formatSpread(summary: Summary, format: (value: number) => string = formatMs): string {
  return `${format(summary.p10)}–${format(summary.p90)}`;
}

export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}×`;

const HEADER = ['#', 'Measured', 'Median', 'Spread (p10–p90)', 'Baseline', 'Ratio', 'Target', 'Result'];

function cells(row: Row): string[] {
  return [row.id, row.what, row.value, row.spread, row.baseline, row.ratio, row.target, row.outcome];
}

function markdownTable(rows: readonly Row[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...rows.map(row => `| ${cells(row).map(escape).join(' | ')} |`),
  ].join('\n');
}

/** A fixed-width table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...all.map(line => line[column]!.length)));
  return all.map(line => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export interface Run {
  readonly command: string;
  readonly date: string;
  readonly machine: Machine;
  readonly sections: readonly Section[];
}

export function markdownReport(run: Run): string {
  const rows = run.sections.flatMap(section => section.rows);
  const details = run.sections.flatMap(section => section.details ?? []);
  const { cpu, cores, node, platform } = run.machine;
  return [
    `Command: \`${run.command}\` · date: ${run.date} · machine: ${cpu}, ${cores} cores, Node ${node}, ${platform}`,
    '',
    markdownTable(rows),
    '',
    ...details.flatMap(detail => [`**${detail.title}**`, '', ...detail.lines, '']),
  ].join('\n').trimEnd();
}

const BEGIN_MARKER = '<!-- bench:begin (written by npm run bench; edit outside the markers) -->';
const END_MARKER = '<!-- bench:end -->';

/** Replaces the text between the markers of `path`, or creates the file with a title and the markers. */
export function writeBetweenMarkers(path: string, generated: string): void {
  const block = `${BEGIN_MARKER}\n${generated}\n${END_MARKER}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${BEGIN_MARKER}\n${END_MARKER}\n`;
  const begin = current.indexOf(BEGIN_MARKER);
  const end = current.indexOf(END_MARKER);
  const next = begin >= 0 && end > begin
    ? current.slice(0, begin) + block + current.slice(end + END_MARKER.length)
    : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
