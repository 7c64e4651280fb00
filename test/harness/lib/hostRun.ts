import { existsSync } from 'node:fs';
import { ensureHostTools, type HostTools } from './hostTools';
import type { Teardown } from './lifecycle';
import type { Log } from './log';
import { createRunFolder, type RunFolder } from './runFolder';

/**
 * The start every extension-host runner shares: the compiled test entry must exist (else: build first), the
 * host tools are installed or checked, and the run gets its own folder (removed by `teardown`).
 */
export async function prepareHostRun(name: string, testEntry: string, log: Log, teardown: Teardown, signal: AbortSignal): Promise<{ started: number; tools: HostTools; run: RunFolder }> {
  const started = Date.now();
  if (!existsSync(testEntry)) throw new Error(`${testEntry} is missing: run node scripts/build.mjs first`);
  const tools = await ensureHostTools(log);
  signal.throwIfAborted();
  return { started, tools, run: createRunFolder(name, teardown) };
}
