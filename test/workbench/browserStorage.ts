/**
 * In code-server the workbench keeps its state (globalState, workspaceState, view state, trust) in the
 * browser's IndexedDB and SecretStorage in localStorage (`secrets.provider`, sealed with AES-GCM by
 * code-server's LocalStorageSecretStorageProvider, half of the key from the server's /mint-key): not on
 * the server's disk, where test/host/secrets.test.ts searches. So after a person's whole flow (add a
 * profile with a known secret, refresh, inspect, insert a bearer header, sign out) this dumps every
 * IndexedDB database and object store, localStorage, sessionStorage and the cookies of the page, and
 * searches them for the secrets and for every token the identity server issued (raw, URL-encoded, base64
 * and base64url at each offset, hex, JSON-escaped, and a token's signature alone).
 *
 * Checked, before and after signing out: no hit anywhere but the sealed `secrets.provider` entry, and that
 * entry holds neither in clear text (it is not JSON, and none of the forms is in it). Unsealed as the
 * workbench does it (test/harness/lib/webSecrets.ts), the entry holds the secret before signing out (so a
 * clean search means sealed, not absent) and not after; it never holds a token, which VS Code for the Web
 * keeps in memory only (src/extension.ts: a token write there would store a stale copy of every secret).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { encodedForms, findForms } from '../harness/lib/recordingServer';
import { addProfileThroughUi, pickItem, runCommand } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';
import { SEALED_SECRETS_KEY as SEALED_KEY, unsealWebSecrets } from '../harness/lib/webSecrets';
import { DEMO_CLIENT } from '../idp/konexusIdp';

export const name = 'after add, refresh, inspect, insert and sign-out, the browser\'s IndexedDB and localStorage hold no secret or token but sealed';

const TIMEOUT = 30_000;
const VAULT = { name: 'vault', clientId: 'konexus-vault-client', clientSecret: `vault-secret-${randomBytes(12).toString('hex')}` };
const FILE = 'storage-check.http';

interface Entry {
  /** Where: `idb:<database>/<store>/<key>`, `local:<key>`, `session:<key>`, `cookie:<name>`. */
  readonly where: string;
  readonly bytes: Buffer;
}

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  ui.idp.addClient({ clientId: VAULT.clientId, clientSecret: VAULT.clientSecret, claims: { tenantId: '3030', name: 'Vault client' } });
  try {
    writeFileSync(join(ui.workspace, FILE), '### The caller\'s account\nGET https://api.konexus.com/v1/me\nAccept: application/json\n');
    await ui.step('the workbench comes up with the demo token', async () => {
      await workbench.waitUntilReady();
      await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
    });
    await ui.step('"Konexus: Add Profile…" adds vault with a known secret and fetches its token', async () => {
      await addProfileThroughUi(workbench, { ...VAULT, authority: ui.idp.issuer });
      await workbench.statusBarItem(/Konexus · vault · (?:\d+h )?\d+m/).first().waitFor({ timeout: TIMEOUT });
    });
    await ui.step('"Konexus: Refresh Token" fetches another', async () => {
      const before = ui.idp.issued.length;
      await runCommand(workbench, 'Konexus: Refresh Token');
      await waitUntil(() => ui.idp.issued.length > before, 'no new token was issued');
    });
    await ui.step('"Konexus: Inspect Current Profile Token" verifies it in the Token Inspector', async () => {
      await runCommand(workbench, 'Konexus: Inspect Current Profile Token');
      await page.locator('.pane-body .monaco-list-row', { hasText: 'valid: every check passed' }).first().waitFor({ timeout: TIMEOUT });
    });
    await ui.step('"Konexus: Insert Bearer Header" writes the token to the .env', async () => {
      await workbench.quickOpen(FILE);
      const line = workbench.activeEditorLines().filter({ hasText: 'GET https://api.konexus.com/v1/me' }).first();
      await line.click({ position: { x: 40, y: 8 } });
      await runCommand(workbench, 'Konexus: Insert Bearer Header');
      await waitUntil(() => /^KONEXUS_TOKEN=eyJ/m.test(readOr(join(ui.workspace, '.env'))), 'no token in the .env');
    });
    await ui.screenshot('flow-done');

    const secrets = [
      { label: 'vault secret', forms: encodedForms(VAULT.clientSecret, VAULT.clientId) },
      { label: 'demo secret', forms: encodedForms(DEMO_CLIENT.clientSecret, DEMO_CLIENT.clientId) },
    ];
    const searchAll = async (moment: string) => {
      const tokens = [...new Set(ui.idp.issued)];
      const needles = [...secrets, ...tokens.map((token, index) => ({ label: `token ${index + 1}`, forms: tokenForms(token) }))];
      const entries = await dumpBrowserStorage(page);
      const sealed = entries.filter(entry => entry.where === `local:${SEALED_KEY}`);
      if (sealed.length !== 1) throw new Error(`${moment}: no single localStorage ${SEALED_KEY} entry (${sealed.length})`);
      const hits: string[] = [];
      for (const entry of entries) {
        for (const needle of needles) {
          const found = findForms(entry.bytes, needle.forms);
          if (found.length) hits.push(`${entry.where}: ${needle.label} (${found.join(', ')})`);
        }
      }
      const sealedText = sealed[0]!.bytes.toString('utf8');
      if (/^\s*[{[]/.test(sealedText)) throw new Error(`${moment}: ${SEALED_KEY} is clear JSON, not sealed: ${sealedText.slice(0, 80)}…`);
      // The positive control: unsealed (as the workbench does), the entry holds what the profile holds.
      const unsealed = JSON.stringify(await unsealWebSecrets(page));
      const vaultTokens = tokens.filter(token => clientIdOf(token) === VAULT.clientId);
      const heldTokens = vaultTokens.filter(token => unsealed.includes(token)).length;
      ui.log(`${moment}: unsealed ${SEALED_KEY}: ${unsealed.length} chars; vault secret ${unsealed.includes(VAULT.clientSecret) ? 'present' : 'absent'}, ${heldTokens} of the ${vaultTokens.length} vault tokens issued (only the current one is kept); demo secret ${unsealed.includes(DEMO_CLIENT.clientSecret) ? 'present' : 'absent'}`);
      if (!unsealed.includes(DEMO_CLIENT.clientSecret)) throw new Error(`${moment}: the unsealed secrets lack the demo secret: the unsealing or the search is broken`);
      const summary = summarize(entries);
      ui.log(`${moment}: searched ${summary} for ${needles.length} needles (${secrets.length} secrets, ${tokens.length} tokens) in ${needles.reduce((n, needle) => n + needle.forms.size, 0)} encodings; ${SEALED_KEY} is ${sealed[0]!.bytes.length} sealed bytes; hits: ${hits.length}`);
      if (hits.length) throw new Error(`${moment}: found in browser storage:\n${hits.join('\n')}`);
      return { tokens: tokens.length, unsealed, vaultTokens };
    };
    await ui.step('before sign-out: no secret or token in browser storage, SecretStorage sealed', async () => {
      const { tokens, unsealed, vaultTokens } = await searchAll('before sign-out');
      if (tokens < 3) throw new Error(`expected at least 3 issued tokens (demo, vault, refresh), saw ${tokens}`);
      if (!unsealed.includes(VAULT.clientSecret)) throw new Error('the unsealed secrets lack the vault secret');
      const stored = vaultTokens.filter(token => unsealed.includes(token)).length;
      if (stored) throw new Error(`${stored} vault token(s) in SecretStorage: in the web, tokens stay in memory`);
    });

    await ui.step('"Konexus: Sign Out of Profile…" signs out of vault', async () => {
      await runCommand(workbench, 'Konexus: Sign Out of Profile…');
      await pickItem(workbench, VAULT.name);
      await workbench.statusBarItem(/Konexus · vault · signed out/).first().waitFor({ timeout: TIMEOUT });
    });
    await ui.step('after sign-out: still no secret or token in browser storage, and the sealed entry lost vault\'s', async () => {
      const { unsealed, vaultTokens } = await searchAll('after sign-out');
      if (unsealed.includes(VAULT.clientSecret)) throw new Error('the vault secret is still in SecretStorage after sign-out');
      const kept = vaultTokens.filter(token => unsealed.includes(token)).length;
      if (kept) throw new Error(`${kept} vault token(s) still in SecretStorage after sign-out`);
    });
    await page.mouse.move(700, 880);
    await ui.screenshot('signed-out');
  } finally {
    ui.idp.removeClient(VAULT.clientId);
  }
}

function clientIdOf(token: string): unknown {
  return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>).client_id;
}

/** A token as it could be kept: whole (raw is its URL-encoded form too), encoded, JSON-escaped, or its signature alone. */
function tokenForms(token: string): Map<string, string> {
  const forms = encodedForms(token);
  forms.set('signature', token.split('.')[2] ?? token);
  return forms;
}

/** Every record of every IndexedDB database, localStorage, sessionStorage and the cookies of the page. */
async function dumpBrowserStorage(page: Page): Promise<Entry[]> {
  const raw = await page.evaluate(async () => {
    const out: Array<{ where: string; kind: 'text' | 'base64'; value: string }> = [];
    const base64 = (bytes: Uint8Array) => {
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const describe = (value: unknown): { kind: 'text' | 'base64'; value: string } => {
      if (typeof value === 'string') return { kind: 'text', value };
      if (value instanceof ArrayBuffer) return { kind: 'base64', value: base64(new Uint8Array(value)) };
      if (ArrayBuffer.isView(value)) return { kind: 'base64', value: base64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
      // Structured values: typed arrays inside them as their bytes' text, so a search sees them too.
      return {
        kind: 'text',
        value: JSON.stringify(value, (_key, inner: unknown) => (ArrayBuffer.isView(inner) ? new TextDecoder('latin1').decode(inner) : inner instanceof ArrayBuffer ? new TextDecoder('latin1').decode(inner) : inner)) ?? String(value),
      };
    };
    const request = <T>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        out.push({ where: `idb:${info.name}`, kind: 'text', value: '' });
        for (const storeName of Array.from(db.objectStoreNames)) {
          const store = db.transaction(storeName, 'readonly').objectStore(storeName);
          const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
          out.push({ where: `idb:${info.name}/${storeName}`, kind: 'text', value: '' });
          keys.forEach((key, index) => {
            const keyText = typeof key === 'string' ? key : JSON.stringify(key);
            out.push({ where: `idb:${info.name}/${storeName}/${keyText}#key`, kind: 'text', value: keyText });
            out.push({ where: `idb:${info.name}/${storeName}/${keyText}`, ...describe(values[index]) });
          });
        }
      } finally {
        db.close();
      }
    }
    for (const [kind, storage] of [['local', localStorage], ['session', sessionStorage]] as const) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        out.push({ where: `${kind}:${key}#key`, kind: 'text', value: key });
        out.push({ where: `${kind}:${key}`, kind: 'text', value: storage.getItem(key) ?? '' });
      }
    }
    return out;
  });
  const entries: Entry[] = raw.map(item => ({ where: item.where, bytes: item.kind === 'base64' ? Buffer.from(item.value, 'base64') : Buffer.from(item.value, 'utf8') }));
  for (const cookie of await page.context().cookies()) entries.push({ where: `cookie:${cookie.name}`, bytes: Buffer.from(`${cookie.name}=${cookie.value}`) });
  return entries;
}

/** "N databases, N object stores, N records, N localStorage keys, … N bytes" */
function summarize(entries: readonly Entry[]): string {
  const count = (test: (where: string) => boolean) => entries.filter(entry => test(entry.where)).length;
  const databases = count(where => /^idb:[^/]+$/.test(where));
  const stores = count(where => /^idb:[^/]+\/[^/]+$/.test(where));
  const records = count(where => where.startsWith('idb:') && where.endsWith('#key'));
  const local = count(where => where.startsWith('local:') && where.endsWith('#key'));
  const session = count(where => where.startsWith('session:') && where.endsWith('#key'));
  const cookies = count(where => where.startsWith('cookie:'));
  const bytes = entries.reduce((sum, entry) => sum + entry.bytes.length, 0);
  const names = [...new Set(entries.filter(entry => /^idb:[^/]+$/.test(entry.where)).map(entry => entry.where.slice(4)))];
  return `${databases} IndexedDB databases (${names.join(', ')}), ${stores} object stores, ${records} records, ${local} localStorage keys, ${session} sessionStorage keys, ${cookies} cookies, ${bytes} bytes`;
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function waitUntil(condition: () => boolean, message: string, timeoutMs = TIMEOUT): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(message);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
