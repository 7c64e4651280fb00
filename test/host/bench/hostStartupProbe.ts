/**
 * Row 7 in the real VS Code host: the extension-host side of test/bench/lib/hostStartup.ts. VS Code runs
 * this file as the extensionTestsPath of one launch (it is not a suite: index.ts loads only *.test.js).
 * It reads VS Code's own figures, never times anything itself:
 *   - the extension host's performance marks (globalThis.MonacoPerformanceMarks, vs/base/common/performance):
 *     code/extHost/{will,did}LoadExtensionCode/<id> around the `require` of the extension's main, and
 *     code/extHost/{will,did}ActivateExtension/<id> around activate() and the promise it returns;
 *   - the workbench's ExtensionActivationTimes (codeLoadingTime, activateCallTime, activateResolvedTime), as
 *     "Developer: Startup Performance" (perfview.show) shows them: that document (`perf:Startup Performance`)
 *     is a text model of the workbench, which an extension can open like any other document once shown.
 * It waits for the extensions to activate by themselves (onStartupFinished), keeps still for a while (the
 * deferred start-up work), asks the harness what the local identity server recorded so far, then runs the
 * first command (cold: add a profile; warm: refresh its token) and asks again: the positive control that
 * the extension's requests do reach that server. Writes one JSON result (HostStartupProbeResult).
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../../src/extension';
import { HOST_STARTUP_PROBE_ENV, parseActivationStats, type ActivationTimes, type HostStartupProbeResult, type HostStartupTask, type RecordedRequestSummary } from '../../bench/lib/hostStartupShared';
import { idpControl } from '../lib/idpControl';

const ACTIVATION_LIMIT_MS = 90_000;
const PERF_DOCUMENT_LIMIT_MS = 30_000;
const PERF_DOCUMENT = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });
const KONEXUS_ID = 'konexus-devtools.konexus-vscode';

interface PerformanceMarks {
  getMarks(): Array<{ name: string; startTime: number }>;
}

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, limitMs: number, what: string): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function activationTimes(ids: readonly string[]): Promise<Record<string, ActivationTimes>> {
  // The document's provider is a lazy workbench contribution: its own command creates it (and shows it).
  await vscode.commands.executeCommand('perfview.show');
  const document = await vscode.workspace.openTextDocument(PERF_DOCUMENT);
  return until(() => parseActivationStats(document.getText(), ids), PERF_DOCUMENT_LIMIT_MS, `the activation stats of ${ids.join(', ')} in ${PERF_DOCUMENT.toString()}`);
}

const summary = (requests: ReadonlyArray<{ method: string; path: string }>): RecordedRequestSummary[] =>
  requests.map(({ method, path }) => ({ method, path }));

export async function run(): Promise<void> {
  const raw = process.env[HOST_STARTUP_PROBE_ENV];
  if (!raw) throw new Error(`${HOST_STARTUP_PROBE_ENV} is not set: run this probe through test/bench/hostStartup.ts`);
  const task = JSON.parse(raw) as HostStartupTask;
  const started = Date.now();
  const errors: string[] = [];
  const idp = idpControl();
  const result: { -readonly [K in keyof HostStartupProbeResult]: HostStartupProbeResult[K] } = {
    kind: task.kind, vscodeVersion: vscode.version, nodeVersion: process.version, marks: [], activationTimes: {}, waitedForActivationMs: Number.NaN,
    requestsBeforeCommand: [], command: '', requestsAfterCommand: [], stored: { profiles: 0, tokenValidForS: undefined }, errors,
  };
  try {
    await until(() => (task.extensionIds.every(id => vscode.extensions.getExtension(id)?.isActive) ? true : undefined), ACTIVATION_LIMIT_MS, `${task.extensionIds.join(', ')} to activate by themselves`);
    result.waitedForActivationMs = Date.now() - started;
    await sleep(task.quietMs);
    result.requestsBeforeCommand = summary(await idp.requests());

    const marks = (globalThis as { MonacoPerformanceMarks?: PerformanceMarks }).MonacoPerformanceMarks;
    if (marks) result.marks = marks.getMarks().filter(mark => mark.name.startsWith('code/extHost/') || mark.name === 'code/timeOrigin');
    else errors.push('globalThis.MonacoPerformanceMarks is missing: the extension host keeps no marks');
    try {
      result.activationTimes = await activationTimes(task.extensionIds);
    } catch (error) {
      errors.push(`activation stats: ${error instanceof Error ? error.message : String(error)}`);
    }

    // The installed extension runs in ExtensionMode.Production and hands out no API (SECURITY.md): what it
    // stored is then not visible from here, and `stored` keeps its default.
    const api = vscode.extensions.getExtension<KonexusExtensionApi | undefined>(KONEXUS_ID)?.exports;
    if (api) {
      const { tokens } = api.services;
      // warm() restores the stored token and schedules its refresh: no network while that token is valid.
      const state = tokens.profile(task.profile.name) ? await tokens.warm(task.profile.name) : undefined;
      result.stored = { profiles: tokens.profiles().length, tokenValidForS: state?.token ? Math.round((state.token.expiresAt - Date.now()) / 1000) : undefined };
    }

    const { name, authority, clientId, clientSecret } = task.profile;
    if (task.kind === 'cold') {
      result.command = 'konexus.addProfile';
      await vscode.commands.executeCommand('konexus.addProfile', { name, authority, clientId, clientSecret });
      // VS Code writes extension state and secrets to the browser's storage shortly after a change; the
      // harness closes the browser once this returns, and the warm launches need them stored.
      await sleep(1500);
    } else {
      result.command = 'konexus.refreshToken';
      await vscode.commands.executeCommand('konexus.refreshToken', { profile: name });
    }
    result.requestsAfterCommand = summary(await idp.requests());
  } catch (error) {
    errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    writeFileSync(task.resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  }
  if (errors.length) throw new Error(`the startup probe failed: ${errors.join(' / ')}`);
}
