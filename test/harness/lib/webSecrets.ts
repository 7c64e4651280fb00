/**
 * code-server's SecretStorage, read the way its own workbench reads it: LocalStorageSecretStorageProvider
 * (lib/vscode/out/vs/code/browser/workbench/workbench.js) keeps ONE localStorage entry, `secrets.provider`,
 * the JSON of every secret of every extension, sealed with AES-256-GCM: base64(clientKey[32] | iv[12] |
 * ciphertext), the key being clientKey XOR a 32-byte server half that POST <workbench path>/mint-key hands
 * to any page of the origin. Each window loads the entry once, keeps the dict in memory and writes the whole
 * dict back on every set or delete; windows do not tell each other.
 *
 * Tests use this to show the sealed entry really holds (or no longer holds) a secret, and to see what a
 * second window wrote. Keys of extension secrets are JSON `{"extensionId":…,"key":…}`.
 */
import type { Page } from 'playwright-core';

export const SEALED_SECRETS_KEY = 'secrets.provider';

/** The unsealed secrets of this origin (an empty object if there is no entry), as the page's code sees them. */
export async function unsealWebSecrets(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async (storageKey: string) => {
    const sealed = localStorage.getItem(storageKey);
    if (!sealed) return {};
    const bytes = Uint8Array.from(atob(sealed), c => c.charCodeAt(0));
    const clientKey = bytes.slice(0, 32);
    const iv = bytes.slice(32, 44);
    const data = bytes.slice(44);
    const path = `${window.location.pathname}/mint-key`.replace(/\/\/+/g, '/');
    const response = await fetch(path, { method: 'POST', credentials: 'include' });
    if (!response.ok) throw new Error(`mint-key: HTTP ${response.status}`);
    const serverKey = new Uint8Array(await response.arrayBuffer());
    const raw = clientKey.map((byte, i) => byte ^ serverKey[i]!);
    const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    const clear = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data);
    return JSON.parse(new TextDecoder().decode(clear)) as Record<string, string>;
  }, SEALED_SECRETS_KEY);
}

/** The secret `key` of the extension `extensionId` in an unsealed dict. */
export function extensionSecret(secrets: Record<string, string>, extensionId: string, key: string): string | undefined {
  return secrets[JSON.stringify({ extensionId, key })];
}

/**
 * Writes `secrets` as the sealed entry, as the workbench itself would (a fresh client half, the same
 * server half). A window that is open keeps its own copy in memory: reload it to make it read this one.
 */
export async function sealWebSecrets(page: Page, secrets: Record<string, string>): Promise<void> {
  await page.evaluate(async ({ storageKey, clear }: { storageKey: string; clear: string }) => {
    const path = `${window.location.pathname}/mint-key`.replace(/\/\/+/g, '/');
    const response = await fetch(path, { method: 'POST', credentials: 'include' });
    if (!response.ok) throw new Error(`mint-key: HTTP ${response.status}`);
    const serverKey = new Uint8Array(await response.arrayBuffer());
    const clientKey = crypto.getRandomValues(new Uint8Array(32));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const raw = clientKey.map((byte, i) => byte ^ serverKey[i]!);
    const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(clear)));
    const bytes = new Uint8Array(32 + 12 + data.length);
    bytes.set(clientKey, 0);
    bytes.set(iv, 32);
    bytes.set(data, 44);
    localStorage.setItem(storageKey, btoa(String.fromCharCode(...bytes)));
  }, { storageKey: SEALED_SECRETS_KEY, clear: JSON.stringify(secrets) });
}
