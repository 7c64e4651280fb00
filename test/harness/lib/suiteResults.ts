/**
 * The one results file every test suite writes, test-results/<suite>.json, and what scripts/test.mjs reads
 * instead of a suite's console output: the unit suite through its mocha reporter (resultsReporter.ts), each
 * harness runner (test/harness/run*.ts) when its run is over. The counts are those of `tests`; a run that broke
 * outside its tests (a crash, a timeout, no results from the host) is one more failed entry.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './repo';

export type SuiteTestState = 'passed' | 'failed' | 'skipped';

export interface SuiteTest {
  readonly title: string;
  readonly state: SuiteTestState;
  readonly durationMs: number;
  /** For a failure: what went wrong (message, then stack when there is one). */
  readonly error?: string;
}

export interface SuiteResults {
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly tests: readonly SuiteTest[];
}

/** scripts/test.mjs names the suite it runs here (host-oldest runs the host runner); a runner run by hand uses its own name. */
const SUITE_ENV = 'KONEXUS_SUITE';

export function suiteName(ownName: string): string {
  return process.env[SUITE_ENV] || ownName;
}

export function resultsFileOf(suite: string): string {
  return join(repoRoot, 'test-results', `${suite}.json`);
}

/** Writes test-results/<suite>.json; returns the results, counted from `tests`. */
export function writeSuiteResults(suite: string, tests: readonly SuiteTest[]): SuiteResults {
  const count = (state: SuiteTestState) => tests.filter(test => test.state === state).length;
  const results: SuiteResults = { suite, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), tests };
  const file = resultsFileOf(suite);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** test-results/<suite>.json when it is there and well formed (its counts those of its tests), else why not. */
export function readSuiteResults(suite: string): SuiteResults | { problem: string } {
  const file = resultsFileOf(suite);
  let results: SuiteResults;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? `wrote no ${file}` : `${file} is not JSON` };
  }
  if (results?.suite !== suite || !Array.isArray(results.tests)) return { problem: `${file} is not a results file of the ${suite} suite` };
  const count = (state: SuiteTestState) => results.tests.filter(test => test?.state === state).length;
  if (results.passed !== count('passed') || results.failed !== count('failed') || results.skipped !== count('skipped')) {
    return { problem: `${file}: the counts do not match its tests` };
  }
  return results;
}

/** An error as a results file keeps it: the stack (which starts with the message), or the message. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
