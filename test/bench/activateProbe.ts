/**
 * Row 7's child program: loads an extension bundle in a fresh plain-Node process with the recording
 * `vscode` stub, times `require` and `activate()`, and counts every network attempt (fetch calls and
 * socket connects, all refused) during activation and the 500 ms after it, when deferred start-up work
 * runs. Prints one JSON line. Run by runBench, not by hand:
 *   node out/test/bench/activateProbe.mjs <bundle.js> <fresh|expired|valid>
 */
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { secretKey, tokenKey, type Profile } from '../../src/core/profiles';
import { createVscodeStub, installVscodeStub, type CallLog } from './lib/vscodeStub';

export type Scenario = 'fresh' | 'expired' | 'valid';

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
}

const [bundle, scenario] = process.argv.slice(2) as [string, Scenario];

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

async function main(): Promise<ProbeResult> {
  const calls: CallLog = new Map();
  installVscodeStub(createVscodeStub(calls));
  const require = createRequire(import.meta.url);
  const errors: string[] = [];
  process.on('unhandledRejection', reason => errors.push(`unhandled rejection: ${String(reason)}`));

  let started = performance.now();
  const extension = require(bundle) as { activate(context: unknown): unknown };
  const requireMs = performance.now() - started;

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
  return {
    scenario, requireMs, activateMs, fetchesDuringActivate, fetchesAfter: fetches - fetchesDuringActivate, socketConnects: sockets,
    apiCalls: [...calls.values()].reduce((a, b) => a + b, 0), distinctApis: calls.size,
    subscriptions: (ctx.subscriptions as unknown[]).length, errors,
  };
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
