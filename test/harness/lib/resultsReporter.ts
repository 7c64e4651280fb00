/**
 * The mocha reporter of the suites mocha runs in Node: the node suite (.mocharc.json, results file unit.json)
 * and the workbench scenarios (runUiTests.ts, reporter option `suite: 'ui'`). mocha's spec output as before,
 * and at the end of the run test-results/<suite>.json (suiteResults.ts). A failing hook counts as a failed
 * test, as mocha counts it.
 */
import Mocha from 'mocha';
import { errorText, suiteName, writeSuiteResults, type SuiteTest } from './suiteResults';

/** The reporter option naming the results file; a run by `npx mocha` writes unit.json. */
export interface ResultsReporterOptions {
  readonly suite?: string;
}

export default class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const own = (options?.reporterOptions ?? {}) as ResultsReporterOptions;
    const suite = own.suite ?? suiteName('unit');
    const tests: SuiteTest[] = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, test => {
      tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, test => {
      tests.push({ title: test.fullTitle(), state: 'skipped', durationMs: 0 });
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: errorText(error) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      writeSuiteResults(suite, tests);
    });
  }
}
