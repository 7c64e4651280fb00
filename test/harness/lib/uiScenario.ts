/**
 * The contract between test/harness/runUiTests.ts and the scenarios in test/workbench/*.ts. A scenario module
 * exports `name` (what a person would check) and `run(page, ui)`; the page already shows the workbench
 * URL for the scenario's own copy of the demo workspace, with the extension loaded in Development mode
 * (and so the demo profile of KONEXUS_DEMO_PROFILE created). A scenario that exports `workspaceTrust = true`
 * gets a workbench with workspace trust on, as users have it (the others open every folder trusted); one that
 * exports `settings` starts with those user settings, and `machineSettings` with those remote settings (where
 * code-server's window reads a `machine`-scoped setting such as `konexus.terminal.injectToken`).
 */
import type { Page } from 'playwright-core';
import type { KonexusIdp } from '../../idp/konexusIdp';
import type { WorkbenchPage } from './workbenchPage';

export interface UiContext {
  /** The scenario's copy of test/harness/demo-workspace (absolute path, on the same machine). */
  readonly workspace: string;
  readonly workbench: WorkbenchPage;
  /** The local Konexus identity server, in this process: set faults, rotate keys, read its requests. */
  readonly idp: KonexusIdp;
  log(...parts: unknown[]): void;
  /** Runs one step; a failing step saves a screenshot of that moment (…-FAILED-<step>.png) and rethrows. */
  step<T>(title: string, action: () => Promise<T>): Promise<T>;
  /** Saves test-results/screenshots/<scenario>-NN-<name>.png (of `page`, default the scenario's) and returns its path. */
  screenshot(name: string, page?: Page): Promise<string>;
  /** The workbench URL of another folder on the same server, with the extension loaded the same way. */
  workbenchUrl(folder: string): string;
  /** Another window: a new blank page in the same browser profile (same IndexedDB and localStorage). */
  newPage(): Promise<Page>;
}

export interface UiScenarioModule {
  readonly name: string;
  /** Workspace trust on (folders open in Restricted Mode until the user trusts them); default off. */
  readonly workspaceTrust?: boolean;
  /** User settings added to the quiet defaults (test/harness/lib/codeServer.ts) before the workbench starts. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Remote settings, where this remote window reads `machine`-scoped ones (`konexus.terminal.injectToken`). */
  readonly machineSettings?: Readonly<Record<string, unknown>>;
  run(page: Page, ui: UiContext): Promise<void>;
}

export function isUiScenarioModule(value: unknown): value is UiScenarioModule {
  const candidate = value as Partial<UiScenarioModule> | undefined;
  return typeof candidate?.name === 'string' && typeof candidate.run === 'function'
    && (candidate.workspaceTrust === undefined || typeof candidate.workspaceTrust === 'boolean')
    && [candidate.settings, candidate.machineSettings].every(settings => settings === undefined || (typeof settings === 'object' && settings !== null));
}
