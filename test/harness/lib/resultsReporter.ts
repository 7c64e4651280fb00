/**
 * The unit suite's mocha reporter (.mocharc.json): mocha's spec output as before, and at the end of the run
 * test-results/unit.json (suiteResults.ts). A failing hook counts as a failed test, as mocha counts it.
 */
import Mocha from 'mocha';
import { errorText, suiteName, writeSuiteResults, type SuiteTest } from './suiteResults';

export default class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
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
      writeSuiteResults(suiteName('unit'), tests);
    });
  }
}
