/**
 * The end of a host-test run, shared by the code-server and the test-electron runners: the failures with
 * their stacks, then `N passed, N failed[, N skipped]` counted from the suites' JSON result file, with one
 * more failure for a run that broke outside the tests (a crash, a timeout, no result file); the same counts
 * go to test-results/<suite>.json (test/harness/lib/suiteResults.ts) for scripts/test.mjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { TestOutcome, TestResults } from '../../host/lib/results';
import { suiteName, writeSuiteResults, type SuiteTest } from './suiteResults';
import type { Log } from './log';

export function readResults(file: string): TestResults | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TestResults;
  } catch {
    return undefined;
  }
}

const STATES: Record<TestOutcome['state'], SuiteTest['state']> = { passed: 'passed', failed: 'failed', pending: 'skipped' };

/** The host's outcomes as the results file keeps them, and a broken run as one more failure. */
function suiteTests(results: TestResults | undefined, problem: string | undefined): SuiteTest[] {
  const tests = (results?.tests ?? []).map(({ title, state, durationMs, error }): SuiteTest => ({
    title, state: STATES[state], durationMs, ...(error && { error: error.stack ?? error.message }),
  }));
  return problem ? [...tests, { title: 'the run', state: 'failed', durationMs: 0, error: problem }] : tests;
}

/**
 * Prints the report, writes test-results/<suite>.json (`ownSuite` unless scripts/test.mjs names another)
 * and returns the number of failures (tests + a broken run).
 */
export function reportHostRun(ownSuite: string, results: TestResults | undefined, problem: string | undefined, log: Log): number {
  if (results) {
    log(`extension host: VS Code ${results.host.vscodeVersion}, Node ${results.host.nodeVersion}, ${results.host.uiKind} UI`);
    const failures = results.tests.filter(test => test.state === 'failed');
    if (failures.length) {
      console.log('\nfailures:');
      failures.forEach((test, index) => {
        console.log(`  ${index + 1}) ${test.title}`);
        console.log((test.error?.stack ?? test.error?.message ?? 'no error given').replace(/^/gm, '      '));
      });
      console.log('');
    }
  }
  if (problem) log(`FAILED: ${problem}`);
  const { passed, failed, skipped } = writeSuiteResults(suiteName(ownSuite), suiteTests(results, problem));
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed;
}
