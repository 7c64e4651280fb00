import * as vscode from 'vscode';
import type { KonexusExtensionApi } from '../../../src/extension';

export const EXTENSION_ID = 'konexus-devtools.konexus-vscode';

/** Activates the extension under test and returns what activate() handed back. */
export async function extensionApi(): Promise<KonexusExtensionApi> {
  const extension = vscode.extensions.getExtension<KonexusExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  return extension.activate();
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
