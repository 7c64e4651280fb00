/**
 * The test entry the extension host runs (extensionTestsPath = out/test/host/index.js): mocha with
 * every compiled `*.test.js` beside it, in the order of their names. Prints one line per test (forwarded
 * to the harness through the workbench), writes the JSON result file named by KONEXUS_TEST_RESULTS and
 * rejects when a test failed, so the host exits non-zero too.
 * KONEXUS_TEST_GREP runs the subset whose full titles match (a regular expression).
 * Suites in subfolders (network/) are not part of this run: they have their own entry and runner.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { TEST_ENV } from './lib/env';
import type { TestOutcome, TestResults } from './lib/results';

const TEST_TIMEOUT_MS = 20_000;

function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return error.stack ? { message: error.message, stack: error.stack } : { message: error.message };
  return { message: String(error) };
}

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}

/** Runs every `*.test.js` directly in `dir` (not in its subfolders), as described above. */
export function runSuitesIn(dir: string): Promise<void> {
  const grep = process.env[TEST_ENV.grep];
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: TEST_TIMEOUT_MS,
    // A forgotten `.only` must not pass CI quietly with fewer tests.
    forbidOnly: Boolean(process.env.CI),
    ...(grep ? { grep: new RegExp(grep) } : {}),
  });
  // The lines below are the report; mocha's own reporters print colours and epilogues the harness redoes.
  mocha.reporter(Mocha.reporters.Base);
  for (const file of readdirSync(dir).filter(name => name.endsWith('.test.js')).sort()) {
    mocha.addFile(join(dir, file));
  }

  const tests: TestOutcome[] = [];
  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    const finish = (failure?: unknown) => {
      const count = (state: TestOutcome['state']) => tests.filter(test => test.state === state).length;
      const results: TestResults = {
        tests,
        passed: count('passed'),
        failed: count('failed'),
        pending: count('pending'),
        durationMs: Date.now() - started,
        host: { vscodeVersion: vscode.version, nodeVersion: process.version, uiKind: vscode.UIKind[vscode.env.uiKind] ?? String(vscode.env.uiKind) },
      };
      const resultsFile = process.env[TEST_ENV.results];
      if (resultsFile) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
      if (failure !== undefined) reject(failure instanceof Error ? failure : new Error(String(failure)));
      else if (results.failed > 0) reject(new Error(`${results.failed} test(s) failed`));
      else resolve();
    };
    try {
      const runner = mocha.run(() => finish());
      runner.on('pass', test => {
        tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
        console.log(`  ✓ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
      });
      runner.on('pending', test => {
        tests.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 });
        console.log(`  - ${test.fullTitle()} (skipped)`);
      });
      runner.on('fail', (test, error) => {
        // A failing hook is reported here too, under the hook's title: counted as a failure.
        tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: describe(error) });
        console.log(`  ✗ ${test.fullTitle()}\n      ${describe(error).message.split('\n').join('\n      ')}`);
      });
    } catch (error) {
      // A suite file that throws while loading: no test ran, and that is a failure of the run.
      tests.push({ title: 'loading the test files', state: 'failed', durationMs: 0, error: describe(error) });
      console.log(`  ✗ loading the test files\n      ${describe(error).message}`);
      finish(error);
    }
  });
}
