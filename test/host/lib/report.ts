/**
 * The end of a host-test run, shared by the code-server and the test-electron runners: the failures with
 * their stacks, then `N passed, N failed[, N skipped]` counted from the suites' JSON result file, with one
 * more failure for a run that broke outside the tests (a crash, a timeout, no result file).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { TestResults } from '../../integration/lib/results';
import type { Log } from './log';

export function readResults(file: string): TestResults | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TestResults;
  } catch {
    return undefined;
  }
}

/** Prints the report and returns the number of failures (tests + a broken run). */
export function reportHostRun(results: TestResults | undefined, problem: string | undefined, log: Log): number {
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
  const failed = (results?.failed ?? 0) + (problem ? 1 : 0);
  if (problem) log(`FAILED: ${problem}`);
  const skipped = results?.pending ?? 0;
  console.log(`${results?.passed ?? 0} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed;
}
