/**
 * Row 7's child program: loads an extension bundle in a fresh plain-Node process with the recording
 * `vscode` stub, times `require` and `activate()`, and counts every network attempt (fetch calls and
 * socket connects, all refused) during activation and the 500 ms after it, when deferred start-up work
 * runs. Prints one JSON line. Run by runBench (and test/node/bundle.test.ts), not by hand:
 *   node out/test/bench/activateProbe.mjs <bundle.js> <fresh|expired|valid> [inspect [<l10n bundle.json>]]
 *
 * With `inspect`, after that window the probe runs `konexus.inspectToken` on the Konexus docs' seed token
 * (its issuer is no profile's: nothing is fetched), the first inspection after activation, and reports the
 * command's time and result, and the log's error lines. With a bundle of translations, VS Code's l10n reports it as the display language's,
 * as VS Code does when a language pack is installed: activate() hands it to @vscode/l10n.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { secretKey, tokenKey, type Profile } from '../../src/core/tokens/profiles';
import { SEED_TOKEN } from '../node/fixtures/seed-token';
import { createVscodeStub, installVscodeStub, type CallLog } from './lib/vscodeStub';

export type Scenario = 'fresh' | 'expired' | 'valid';

/** What `inspect` adds: the first inspection after activation. */
export interface InspectProbe {
  /** konexus.inspectToken, first run, ms. */
  readonly inspectMs: number;
  /** The command's answer: an InspectResult, or a CommandFailure. */
  readonly result: unknown;
  /** The lines the extension logged as errors (its output channel). */
  readonly logErrors: readonly string[];
}

export interface ProbeResult {
  readonly scenario: Scenario;
  readonly requireMs: number;
  readonly activateMs: number;
  readonly fetchesDuringActivate: number;
  readonly fetchesAfter: number;
  readonly socketConnects: number;
  readonly apiCalls: number;
  readonly distinctApis: number;
  readonly subscriptions: number;
  readonly errors: readonly string[];
  /** Whether the require alone loaded Node's fetch implementation (undici): a global such as Response read at load. */
  readonly fetchLoadedByRequire: boolean;
  readonly inspection?: InspectProbe;
}

const [bundle, scenario, mode, translations] = process.argv.slice(2) as [string, Scenario, 'inspect' | undefined, string | undefined];

let fetches = 0;
let sockets = 0;
globalThis.fetch = async () => {
  fetches++;
  throw new TypeError('fetch failed: the activation probe allows no network');
};
Socket.prototype.connect = function refused(this: Socket) {
  sockets++;
  this.destroy(new Error('the activation probe allows no network'));
  return this;
} as typeof Socket.prototype.connect;

// A returning user: one profile at a (refused) loopback authority, its secret, and a cached token.
const PROFILE: Profile = { name: 'work', authority: 'http://127.0.0.1:9', clientId: 'ext-1741-client', scope: 'tamarack', clientAuthMethod: 'auto' };

function memento(entries: Record<string, unknown>) {
  const values = new Map(Object.entries(entries));
  return {
    get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
    update: async (key: string, value: unknown) => void (value === undefined ? values.delete(key) : values.set(key, value)),
    keys: () => [...values.keys()],
    setKeysForSync: () => undefined,
  };
}

function context(calls: CallLog): Record<string, unknown> {
  const now = Date.now();
  const secrets = new Map<string, string>();
  const global: Record<string, unknown> = {};
  if (scenario !== 'fresh') {
    const left = scenario === 'valid' ? 50 * 60_000 : -10 * 60_000;
    global['konexus.profiles'] = [PROFILE];
    global['konexus.activeProfile'] = PROFILE.name;
    secrets.set(secretKey(PROFILE), 'not-a-real-secret');
    secrets.set(tokenKey(PROFILE), JSON.stringify({ accessToken: 'cached', tokenType: 'bearer', scope: 'tamarack', issuedAt: now + left - 3_600_000, expiresAt: now + left, issuer: PROFILE.authority }));
  }
  const fallback = createVscodeStub(calls, 'context') as Record<string, unknown>;
  const concrete: Record<string, unknown> = {
    subscriptions: [],
    extensionMode: 1, // Production
    globalState: memento(global),
    workspaceState: memento({}),
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => void secrets.set(key, value),
      delete: async (key: string) => void secrets.delete(key),
      onDidChange: () => ({ dispose: () => undefined }),
    },
  };
  // Anything else a context has (extensionUri, storage paths…) comes from the recorder.
  return new Proxy(concrete, { get: (target, key: string) => (key in target ? target[key] : fallback[key]) });
}

/** The stub's command registry and output channel made real: the commands can be run, the log read. */
function recordCommandsAndLog(stub: Record<string, Record<string, unknown>>, handlers: Map<string, (...args: unknown[]) => unknown>, logErrors: string[]): void {
  stub['commands']!['registerCommand'] = (id: string, handler: (...args: unknown[]) => unknown) => {
    handlers.set(id, handler);
    return { dispose: () => undefined };
  };
  const ignore = () => undefined;
  stub['window']!['createOutputChannel'] = () => ({
    info: ignore, warn: ignore, trace: ignore, debug: ignore, append: ignore, appendLine: ignore, show: ignore, dispose: ignore,
    error: (message: string) => void logErrors.push(message),
  });
  const bundleOfLanguage = translations ? JSON.parse(readFileSync(translations, 'utf8')) as Record<string, string> : undefined;
  stub['l10n'] = {
    bundle: bundleOfLanguage,
    t: (message: string, ...args: unknown[]) => (bundleOfLanguage?.[message] ?? message).replace(/\{(\d+)\}/g, (match, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : match)),
  };
}

async function main(): Promise<ProbeResult> {
  const calls: CallLog = new Map();
  const stub = createVscodeStub(calls);
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const logErrors: string[] = [];
  if (mode === 'inspect') recordCommandsAndLog(stub as Record<string, Record<string, unknown>>, handlers, logErrors);
  installVscodeStub(stub);
  const require = createRequire(import.meta.url);
  const errors: string[] = [];
  process.on('unhandledRejection', reason => errors.push(`unhandled rejection: ${String(reason)}`));

  let started = performance.now();
  const extension = require(bundle) as { activate(context: unknown): unknown };
  const requireMs = performance.now() - started;
  const fetchLoadedByRequire = ((process as unknown as { moduleLoadList?: string[] }).moduleLoadList ?? []).some(name => name.includes('undici'));

  const ctx = context(calls);
  started = performance.now();
  try {
    extension.activate(ctx);
  } catch (error) {
    errors.push(`activate threw: ${(error as Error).stack ?? String(error)}`);
  }
  const activateMs = performance.now() - started;
  const fetchesDuringActivate = fetches;
  await new Promise(resolve => setTimeout(resolve, 500));
  const result: ProbeResult = {
    scenario, requireMs, activateMs, fetchesDuringActivate, fetchesAfter: fetches - fetchesDuringActivate, socketConnects: sockets,
    apiCalls: [...calls.values()].reduce((a, b) => a + b, 0), distinctApis: calls.size,
    subscriptions: (ctx.subscriptions as unknown[]).length, errors, fetchLoadedByRequire,
  };
  if (mode !== 'inspect') return result;

  const inspect = handlers.get('konexus.inspectToken');
  if (!inspect) throw new Error('activate() registered no konexus.inspectToken');
  started = performance.now();
  const answer = await inspect({ token: SEED_TOKEN });
  const inspectMs = performance.now() - started;
  return { ...result, inspection: { inspectMs, result: answer, logErrors } };
}

main().then(
  result => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  error => {
    console.error(error);
    process.exit(1);
  },
);
