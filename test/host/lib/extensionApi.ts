import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../../src/extension';

const EXTENSION_ID = 'konexus-devtools.konexus-vscode';

/**
 * Activates the extension and returns what activate() handed back: the test-only API, which the extension
 * gives only in ExtensionMode.Test (the host suite loads it as the extension under test); an installed copy
 * (the installed-.vsix suite) runs in ExtensionMode.Production and gives undefined.
 */
export async function maybeExtensionApi(): Promise<KonexusExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<KonexusExtensionApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  return extension.activate();
}

/** As maybeExtensionApi, for suites that need the API: rejects outside ExtensionMode.Test. */
export async function extensionApi(): Promise<KonexusExtensionApi> {
  const api = await maybeExtensionApi();
  if (!api) throw new Error(`${EXTENSION_ID} handed back no API: it does so only in ExtensionMode.Test (the extension under test, npm run test:host)`);
  return api;
}

/** Resolves when `condition` holds, re-checking on every token event and every 100 ms; rejects after `ms`. */
export async function waitFor(api: KonexusExtensionApi, condition: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise<void>(resolve => {
      const subscription = api.services.tokens.onDidChange(() => { subscription.dispose(); resolve(); });
      setTimeout(() => { subscription.dispose(); resolve(); }, 100);
    });
  }
}

/** Removes every profile (and so its secret and cached token) the tests created. */
export async function removeAllProfiles(api: KonexusExtensionApi): Promise<void> {
  for (const profile of api.services.tokens.profiles()) await api.services.tokens.removeProfile(profile.name);
}

/**
 * Mocha hooks for a suite that starts each test from nothing: the extension's API once (handed to `use`),
 * then before each test and after the suite the identity server reset and every profile removed.
 */
export function cleanSlateHooks(idp: { reset(): Promise<unknown> }, use: (api: KonexusExtensionApi) => void): void {
  let api: KonexusExtensionApi | undefined;
  before(async () => {
    api = await extensionApi();
    use(api);
  });
  beforeEach(async () => {
    await idp.reset();
    if (api) await removeAllProfiles(api);
  });
  after(async () => {
    if (api) await removeAllProfiles(api);
    await idp.reset();
  });
}
