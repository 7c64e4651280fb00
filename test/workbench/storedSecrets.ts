/**
 * "Konexus: Review Stored Secrets…" as a person uses it. SecretStorage holds the demo profile's client secret
 * and, left behind by a profile that no longer exists (planted in the sealed store the way the workbench
 * writes it, then the window reloaded), an orphaned client secret and an orphaned cached token. The
 * QuickPick lists them by profile and kind, the orphans under their own heading and marked, never a value;
 * picking the orphaned secret asks in a modal dialog that names it, and "Delete" removes exactly that key.
 * Screenshots: the QuickPick, the modal, the QuickPick after the deletion.
 */
import type { Page } from 'playwright-core';
import { runCommand } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';
import { extensionSecret, sealWebSecrets, unsealWebSecrets } from '../harness/lib/webSecrets';
import { DEMO_CLIENT } from '../idp/konexusIdp';

export const name = 'Review Stored Secrets lists the kinds and an orphan, never a value, and deletes the orphan after a modal';

const TIMEOUT = 30_000;
const EXTENSION_ID = 'konexus-devtools.konexus-vscode';
const RETIRED = 'https://auth.retired.example';
const ORPHAN_SECRET = { key: `konexus.clientSecret|${RETIRED}|retired-client`, value: 'retired-secret-7f3a9c2e5b1d' };
const ORPHAN_TOKEN = { key: `konexus.token|${RETIRED}|retired-client|tamarack`, value: JSON.stringify({ accessToken: 'eyJretired.eyJorphan.c2lnbmF0dXJl', expiresAt: 1 }) };
const TITLE = 'Konexus: Review Stored Secrets';

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  const signedIn = workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first();
  await ui.step('the workbench comes up with the demo token', async () => {
    await workbench.waitUntilReady();
    await signedIn.waitFor({ timeout: 60_000 });
  });
  await ui.step('a profile that is gone left its secret and token behind (the window reloaded)', async () => {
    const secrets = await unsealWebSecrets(page);
    if (!extensionSecret(secrets, EXTENSION_ID, `konexus.clientSecret|${ui.idp.issuer}|${DEMO_CLIENT.clientId}`)) {
      throw new Error(`the demo secret is not under the expected key: ${Object.keys(secrets).join(', ')}`);
    }
    for (const { key, value } of [ORPHAN_SECRET, ORPHAN_TOKEN]) secrets[JSON.stringify({ extensionId: EXTENSION_ID, key })] = value;
    await sealWebSecrets(page, secrets);
    await page.reload();
    await workbench.waitUntilReady();
    await signedIn.waitFor({ timeout: 60_000 });
  });

  const rows = workbench.quickInputRows();
  const rowTexts = async () => (await rows.allInnerTexts()).map(row => row.replace(/\s+/g, ' ').trim());
  const widgetText = async () => workbench.quickInput().innerText();
  const port = new URL(ui.idp.issuer).port;
  await ui.step('the QuickPick lists the demo secret, then the orphans marked as such, by kind', async () => {
    await runCommand(workbench, 'Konexus: Review Stored Secrets…');
    await workbench.quickInput().locator('.quick-input-title', { hasText: TITLE }).waitFor({ timeout: TIMEOUT });
    await rows.filter({ hasText: 'Cached token' }).first().waitFor({ timeout: TIMEOUT });
    const texts = await rowTexts();
    ui.log(`rows: ${texts.join(' | ')}`);
    const expected = [
      /^Delete orphans…\s*2 key\(s\) no profile uses/,
      /^Sign out of all profiles…/,
      new RegExp(`^Client secret\\s*konexus-demo-client at 127\\.0\\.0\\.1:${port} Profile demo$`),
      /^Client secret\s*retired-client at auth\.retired\.example · orphan/,
      /^Cached token\s*retired-client at auth\.retired\.example · orphan.*Scope: tamarack/,
    ];
    for (const pattern of expected) {
      if (!texts.some(text => pattern.test(text))) throw new Error(`no row matches ${pattern}:\n${texts.join('\n')}`);
    }
    const text = await widgetText();
    for (const heading of ['Profile demo', 'Orphans: no profile uses them']) {
      if (!text.includes(heading)) throw new Error(`no heading "${heading}":\n${text}`);
    }
    for (const value of [DEMO_CLIENT.clientSecret, ORPHAN_SECRET.value, 'eyJretired']) {
      if (text.includes(value)) throw new Error('the QuickPick shows a stored value');
    }
  });
  await ui.screenshot('stored-secrets');

  const dialog = page.locator('.monaco-dialog-box');
  await ui.step('picking the orphaned secret asks in a modal that names it', async () => {
    await rows.filter({ hasText: /Client secret\s*retired-client/ }).first().click();
    await dialog.waitFor({ timeout: TIMEOUT });
    const text = await dialog.innerText();
    ui.log(`dialog: ${text.replace(/\s+/g, ' ')}`);
    for (const expected of ['Delete 1 orphaned key(s) from SecretStorage?', 'Client secret: retired-client at auth.retired.example', 'This cannot be undone.']) {
      if (!text.includes(expected)) throw new Error(`the dialog lacks "${expected}":\n${text}`);
    }
    if (text.includes(ORPHAN_SECRET.value)) throw new Error('the dialog shows the secret');
  });
  await ui.screenshot('delete-orphan-modal');

  await ui.step('"Delete" removes that key only', async () => {
    await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await workbench.statusBarItem('1 orphaned key(s) deleted').first().waitFor({ timeout: TIMEOUT });
    const secrets = await unsealWebSecrets(page);
    if (extensionSecret(secrets, EXTENSION_ID, ORPHAN_SECRET.key) !== undefined) throw new Error('the orphaned secret is still stored');
    if (extensionSecret(secrets, EXTENSION_ID, ORPHAN_TOKEN.key) === undefined) throw new Error('the other orphan went too');
    if (extensionSecret(secrets, EXTENSION_ID, `konexus.clientSecret|${ui.idp.issuer}|${DEMO_CLIENT.clientId}`) !== DEMO_CLIENT.clientSecret) throw new Error('the demo secret went too');
  });

  await ui.step('reviewed again, only the orphaned token is left under Orphans', async () => {
    await runCommand(workbench, 'Konexus: Review Stored Secrets…');
    await rows.filter({ hasText: 'Cached token' }).first().waitFor({ timeout: TIMEOUT });
    const texts = await rowTexts();
    if (texts.some(text => /Client secret\s*retired-client/.test(text))) throw new Error(`the deleted orphan is still listed:\n${texts.join('\n')}`);
    if (!texts.some(text => /^Delete orphans…\s*1 key\(s\)/.test(text))) throw new Error(`the action does not count one orphan:\n${texts.join('\n')}`);
  });
  await ui.screenshot('stored-secrets-after');
  await workbench.closeQuickInput();
}
