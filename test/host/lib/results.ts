/**
 * The JSON result file test/host/index.ts writes (at KONEXUS_TEST_RESULTS) and the harness reads:
 * the counts come back from this file, not from parsing console output.
 */
export interface TestOutcome {
  /** Suite titles and test title, joined by spaces (mocha's fullTitle). */
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs: number;
  /** For a failure: the error's message and stack. */
  readonly error?: { readonly message: string; readonly stack?: string };
}

export interface TestResults {
  readonly tests: TestOutcome[];
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly durationMs: number;
  /** vscode.version and process.version inside the host, for the harness's log. */
  readonly host: { readonly vscodeVersion: string; readonly nodeVersion: string; readonly uiKind: string };
}
