/**
 * Row 9 in the real VS Code host: the extension-host side of test/bench/lib/hostRefresh.ts. VS Code runs
 * this file as the extensionTestsPath of one launch, with this extension under test (ExtensionMode.Test, so
 * activate() hands back the test API). It adds a profile for the identity server's demo client by command,
 * then runs, interleaved round by round in an order that rotates:
 *   command             `konexus.refreshToken` {profile}: what a user's click or another extension runs
 *   raw                 a bare fetch POST of the same request (form and headers replayed from the server's
 *                       record) to the same token endpoint, from this same extension host: the baseline
 *   handler             the command's handler (src/tokens/tokenCommands.ts) called directly: the command
 *                       without VS Code's dispatch (which also sends the workbench its onCommand activation event)
 *   service             TokenService.getToken(name, {force, byUser}): the handler without its glue (progress)
 *   serviceNoListeners  the same with the TokenService's event listeners detached (status bar, auth
 *                       provider, .http sync, tree, notifier): what the listeners cost the caller
 *   core                the core's requestToken with the extension's own http deps and discovery cache
 *   secretGet           one SecretStorage read of the profile's secret: a round trip to the workbench
 *   noopCommand         a command of the probe's own that does nothing: what VS Code's command dispatch costs
 *   noopThenService     that command, then the service call: whether the dispatch's message to the workbench
 *                       (its onCommand activation event), handled while the request is on its way, slows it
 * and a second phase with `keptFiles` `.env` files bound to the profile (konexus.insertBearerHeader
 * {profile, style: 'dotenv'} into as many `.http` files): the command against the raw fetch again, the
 * command with the listener that starts the `.env` upkeep detached, and the time from the command's return
 * until every kept `.env` holds the new token.
 * Wrappers around the TokenService's SecretStorage, its listeners, the status bar's render and the auth
 * provider's announce count what each operation set off (StepCounts). After each operation an untimed pause
 * lets its asynchronous tail finish before the next variant starts. Writes one JSON result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { secretKey, type Profile } from '../../../src/core/tokens/profiles';
import { requestToken } from '../../../src/core/tokens/tokenClient';
import type { SecretStore } from '../../../src/core/tokens/stores';
import type { TokenService, TokenServiceEvent } from '../../../src/core/tokens/tokenService';
import type { KonexusExtensionApi } from '../../../src/extension';
import type { InsertBearerResult } from '../../../src/httpFiles/bearerHeaderCommand';
import { refreshToken } from '../../../src/tokens/tokenCommands';
import {
  emptyCounts, HOST_REFRESH_PROBE_ENV,
  type HostRefreshProbeResult, type HostRefreshTask, type KeptVariant, type PlainVariant, type StepCounts, type VariantResult,
} from '../../bench/lib/hostRefreshShared';
import { extensionApi } from '../lib/extensionApi';
import { idpControl } from '../lib/idpControl';
import { testEnv } from '../lib/env';

const KEPT_SETTLE_LIMIT_MS = 5000;
const NOOP_COMMAND = 'konexusBench.noop';

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** What the probe reaches inside the extension to count: private members, read here and nowhere else. */
interface TokenServiceInside {
  readonly deps: { secrets: SecretStore };
  readonly listeners: Set<(event: TokenServiceEvent) => void>;
}

/** Counts what the extension does, into `total`; snapshots give the difference over an interval. */
class Meter {
  readonly total: StepCounts = emptyCounts();

  snapshot(): StepCounts {
    return { ...this.total };
  }

  since(before: StepCounts): StepCounts {
    const now = this.total;
    return Object.fromEntries(Object.entries(now).map(([key, value]) => [key, value - before[key as keyof StepCounts]])) as unknown as StepCounts;
  }

  async time<T>(count: keyof StepCounts, ms: keyof StepCounts, run: () => PromiseLike<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.total[count]++;
      this.total[ms] += performance.now() - start;
    }
  }
}

/** Wraps the extension's parts in counters; returns the original secret store and the listeners' switch. */
function instrument(api: KonexusExtensionApi, meter: Meter): { secrets: SecretStore; listenerNames: string[]; detachListeners(except?: number): () => void } {
  const inside = api.services.tokens as unknown as TokenServiceInside;
  const secrets = inside.deps.secrets;
  inside.deps.secrets = {
    get: key => meter.time('secretGets', 'secretGetMs', () => secrets.get(key)),
    store: (key, value) => meter.time('secretStores', 'secretStoreMs', () => secrets.store(key, value)),
    delete: key => secrets.delete(key),
  };
  const listeners = [...inside.listeners];
  const wrapped = listeners.map(listener => (event: TokenServiceEvent) => {
    const start = performance.now();
    try {
      listener(event);
    } finally {
      meter.total.listenerCalls++;
      meter.total.listenerMs += performance.now() - start;
    }
  });
  inside.listeners.clear();
  for (const listener of wrapped) inside.listeners.add(listener);

  const statusBar = api.statusBar as unknown as { render(): Promise<void> };
  const render = statusBar.render.bind(statusBar);
  statusBar.render = () => meter.time('renders', 'renderMs', render);
  const provider = api.authProvider as unknown as { announce(): Promise<void> };
  const announce = provider.announce.bind(provider);
  provider.announce = () => meter.time('announces', 'announceMs', announce);

    return {
    secrets,
    listenerNames: listeners.map(sourceOf),
    detachListeners(except?: number) {
      const attached = [...inside.listeners];
      inside.listeners.clear();
      for (const [i, listener] of attached.entries()) if (except !== undefined && i !== except) inside.listeners.add(listener);
      return () => {
        inside.listeners.clear();
        for (const listener of attached) inside.listeners.add(listener);
      };
    },
  };
}

/** A listener's source, shortened: which part of the extension it belongs to. */
function sourceOf(listener: (event: TokenServiceEvent) => void): string {
  return listener.toString().replace(/\s+/g, ' ').slice(0, 90);
}

type Operation = () => Promise<unknown>;

/** Rounds of every variant, the order rotated each round; returns each variant's samples and counts. */
async function interleave<K extends string>(variants: Record<K, Operation>, task: HostRefreshTask, meter: Meter, after?: Partial<Record<K, () => Promise<void>>>): Promise<Record<K, VariantResult>> {
  const names = Object.keys(variants) as K[];
  const results = Object.fromEntries(names.map(name => [name, { samples: [], during: [], after: [] }])) as unknown as Record<K, VariantResult>;
  for (let round = 0; round < task.warmupRounds + task.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const before = meter.snapshot();
      const start = performance.now();
      await variants[name]();
      const ms = performance.now() - start;
      const during = meter.since(before);
      await after?.[name]?.();
      await sleep(task.settleMs);
      if (round < task.warmupRounds) continue;
      results[name].samples.push(ms);
      results[name].during.push(during);
      results[name].after.push(meter.since(before));
    }
  }
  return results;
}

function checkedCommandResult(outcome: unknown, what: string): void {
  if (typeof outcome === 'object' && outcome !== null && 'error' in outcome) throw new Error(`${what} failed: ${JSON.stringify(outcome)}`);
}

/** The bare request: the one the extension sent last, as the server recorded it, replayed with fetch. */
async function rawRequest(tokenEndpoint: string): Promise<Operation> {
  const path = new URL(tokenEndpoint).pathname;
  const sent = (await idpControl().requests()).findLast(request => request.path === path);
  if (!sent) throw new Error(`the identity server recorded no request to ${path}: the profile's first refresh did not reach it`);
  const init: RequestInit = { method: 'POST', headers: { 'content-type': String(sent.headers['content-type']), accept: 'application/json' }, body: sent.body };
  return async () => {
    const body = (await (await fetch(tokenEndpoint, init)).json()) as { access_token?: unknown };
    if (typeof body.access_token !== 'string') throw new Error('the raw request got no access token');
  };
}

/** `count` folders, each with an .http file whose request gets the dotenv bearer header bound to `profile`: their .env paths. */
async function bindKeptFiles(profile: string, count: number): Promise<string[]> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error('the workbench opened no folder');
  const paths: string[] = [];
  for (let i = 1; i <= count; i++) {
    const uri = vscode.Uri.joinPath(root, `kept-${i}`, 'api.http');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('GET https://api.konexus.com/v1/me\nAccept: application/json\n'));
    const outcome = await vscode.commands.executeCommand<InsertBearerResult>('konexus.insertBearerHeader', { profile, style: 'dotenv', uri: uri.toString(), line: 0 });
    checkedCommandResult(outcome, `konexus.insertBearerHeader into ${uri.path}`);
    if (!outcome.dotenvPath || outcome.edited !== 1) throw new Error(`konexus.insertBearerHeader into ${uri.path} bound no .env: ${JSON.stringify(outcome)}`);
    paths.push(outcome.dotenvPath);
  }
  return paths;
}

async function untilFilesHold(paths: readonly string[], token: string): Promise<void> {
  const end = performance.now() + KEPT_SETTLE_LIMIT_MS;
  while (!paths.every(path => readFileSync(path, 'utf8').includes(token))) {
    if (performance.now() > end) throw new Error(`the kept .env files did not get the new token within ${KEPT_SETTLE_LIMIT_MS} ms`);
    await sleep(1);
  }
}

async function currentToken(tokens: TokenService, name: string): Promise<string> {
  const token = (await tokens.tokenState(name))?.token?.accessToken;
  if (!token) throw new Error(`no token for ${name} after a refresh`);
  return token;
}

export async function run(): Promise<void> {
  const raw = process.env[HOST_REFRESH_PROBE_ENV];
  if (!raw) throw new Error(`${HOST_REFRESH_PROBE_ENV} is not set: run this probe through test/bench/lib/hostRefresh.ts`);
  const task = JSON.parse(raw) as HostRefreshTask;
  const errors: string[] = [];
  const result: { -readonly [K in keyof HostRefreshProbeResult]: HostRefreshProbeResult[K] } = {
    vscodeVersion: vscode.version, nodeVersion: process.version, uiKind: vscode.UIKind[vscode.env.uiKind], variants: {}, keptSettleMs: [], keptBound: 0, tokenRequests: 0, errors,
  };
  try {
    const api = await extensionApi();
    const { tokens } = api.services;
    const { name, authority, clientId, clientSecret } = task.profile;
    checkedCommandResult(await vscode.commands.executeCommand('konexus.addProfile', { name, authority, clientId, clientSecret }), 'konexus.addProfile');
    const refresh: Operation = async () => checkedCommandResult(await vscode.commands.executeCommand('konexus.refreshToken', { profile: name }), 'konexus.refreshToken');
    await refresh(); // fills the discovery cache and gives the server a request to record
    const bare = await rawRequest(testEnv().idp.tokenEndpoint);
    const profile: Profile = tokens.profile(name)!;

    const noop = vscode.commands.registerCommand(NOOP_COMMAND, () => undefined);
    const meter = new Meter();
    const { secrets, listenerNames, detachListeners } = instrument(api, meter);
    const plain = await interleave<PlainVariant>({
      command: refresh,
      raw: bare,
      handler: async () => {
        if (!(await refreshToken(api.services, { profile: name }))) throw new Error('the refresh handler returned nothing');
      },
      service: () => tokens.getToken(name, { force: true, byUser: true }),
      serviceNoListeners: async () => {
        const reattach = detachListeners();
        try {
          await tokens.getToken(name, { force: true, byUser: true });
        } finally {
          reattach();
        }
      },
      core: () => requestToken({ ...profile, clientSecret, authMethod: profile.clientAuthMethod }, { ...api.services.http, discovery: api.services.discovery }, new AbortController().signal),
      noopCommand: () => Promise.resolve(vscode.commands.executeCommand(NOOP_COMMAND)),
      noopThenService: async () => {
        await vscode.commands.executeCommand(NOOP_COMMAND);
        await tokens.getToken(name, { force: true, byUser: true });
      },
      secretGet: async () => {
        if ((await secrets.get(secretKey(profile))) === undefined) throw new Error('the profile\'s secret is not stored');
      },
    }, task, meter);
    Object.assign(result.variants, plain);
    noop.dispose();

    const force = () => tokens.getToken(name, { force: true, byUser: true });
    const without = (except?: number): Operation => async () => {
      const reattach = detachListeners(except);
      try {
        await force();
      } finally {
        reattach();
      }
    };
    const listenerVariants: Record<string, Operation> = { all: force, none: without(), raw: bare };
    listenerNames.forEach((_, i) => { listenerVariants[`without ${i}`] = without(i); });
    result.listenerPhase = { listeners: listenerNames, variants: await interleave(listenerVariants, task, meter) };

    if (task.keptFiles > 0) {
      const envPaths = await bindKeptFiles(name, task.keptFiles);
      result.keptBound = envPaths.length;
      // The .http feature's listener (it starts the .env upkeep) detached: what the upkeep costs the caller.
      const upkeep = listenerNames.findIndex(source => source.includes('tokenSync'));
      if (upkeep < 0) throw new Error(`no TokenService listener starts the .env upkeep: ${listenerNames.join(' / ')}`);
      const refreshWithoutUpkeep: Operation = async () => {
        const reattach = detachListeners(upkeep);
        try {
          await refresh();
        } finally {
          reattach();
        }
      };
      const kept = await interleave<KeptVariant>({ commandKept: refresh, rawKept: bare, commandKeptNoUpkeep: refreshWithoutUpkeep }, task, meter, {
        commandKept: async () => {
          const start = performance.now();
          await untilFilesHold(envPaths, await currentToken(tokens, name));
          result.keptSettleMs.push(performance.now() - start);
        },
      });
      Object.assign(result.variants, kept);
      // The settle times of the warm-up rounds are not kept.
      result.keptSettleMs.splice(0, task.warmupRounds);
    }
    result.tokenRequests = (await idpControl().tokenCounts()).reduce((sum, count) => sum + count.issued, 0);
  } catch (error) {
    errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    writeFileSync(task.resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  }
  if (errors.length) throw new Error(`the refresh probe failed: ${errors.join(' / ')}`);
}
