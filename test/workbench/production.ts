/**
 * The production guard rails as a person meets them. "Konexus: Mark Profile as Production…" (the profile
 * and the answer picked in their QuickPicks) turns the demo profile into a production one: the status bar
 * then says PRODUCTION, with a flame and its own colour, and the Accounts menu names the account
 * "… · production". "Konexus: Copy Access Token" then asks first, in a modal dialog that names the profile
 * and where the token goes; once confirmed, a second copy in this window does not ask again. Last, a token
 * whose `admin` claim is "true" is marked ADMIN in the hover and in the Token Inspector.
 * Screenshots: the status bar, the Accounts menu, the modal, the admin hover, the admin inspection.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { pickItem, runCommand } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';
import { DEMO_CLIENT } from '../idp/konexusIdp';

export const name = 'a production profile says so in the status bar and Accounts, and asks before its token is copied';

const TIMEOUT = 30_000;
const ADMIN_FILE = 'admin-token.txt';
const ADMIN_CLIENT = { ...DEMO_CLIENT, clientId: 'konexus-admin-client', claims: { ...DEMO_CLIENT.claims, admin: 'true', name: 'Konexus (CP) - Admin Client' } };

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  // Written before the workbench lists the folder: a file created later may reach Quick Open late.
  ui.idp.addClient(ADMIN_CLIENT);
  const adminToken = await ui.idp.issueToken(ADMIN_CLIENT.clientId);
  writeFileSync(join(ui.workspace, ADMIN_FILE), `# A token whose admin claim is "true"\n${adminToken}\n`);

  const plain = workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first();
  await ui.step('the workbench comes up with the demo token', async () => {
    await workbench.waitUntilReady();
    await plain.waitFor({ timeout: 60_000 });
  });
  const plainColor = await plain.locator('a').first().evaluate(el => getComputedStyle(el).color);

  await ui.step('"Konexus: Mark Profile as Production…": pick demo, then "Production"', async () => {
    await runCommand(workbench, 'Konexus: Mark Profile as Production…');
    await pickItem(workbench, 'demo');
    await pickItem(workbench, 'Production: ask before its token leaves the extension');
  });

  const production = workbench.statusBarItem(/Konexus · demo · PRODUCTION · (?:\d+h )?\d+m/).first();
  await ui.step('the status bar says PRODUCTION, with a flame, in its own colour', async () => {
    await production.waitFor({ timeout: TIMEOUT });
    ui.log(`status bar: ${(await production.innerText()).trim()}`);
    if (!(await production.locator('.codicon-flame').count())) throw new Error('the production item has no flame icon');
    const color = await production.locator('a').first().evaluate(el => getComputedStyle(el).color);
    ui.log(`colour: ${plainColor} before, ${color} as production`);
    if (color === plainColor) throw new Error(`the production item keeps the ordinary colour ${color}`);
  });
  // Focus into the empty editor area: the palette's focus leaves a ring around the status bar.
  await page.mouse.click(850, 650);
  await ui.screenshot('production-status');

  const accounts = page.locator('.activitybar .action-item a[aria-label^="Accounts"], .activitybar .codicon-accounts-view-bar-icon').first();
  await ui.step('the Accounts menu names the account "demo (127.0.0.1:PORT) · production"', async () => {
    await accounts.click();
    await page.locator('.monaco-menu .action-item', { hasText: /demo \(127\.0\.0\.1:\d+\) · production/ }).first().waitFor({ timeout: 20_000 });
    // Once: the account relabelled, not a second entry beside the old label.
    const demoEntries = await page.locator('.monaco-menu .action-item', { hasText: /^\s*demo \(/ }).allInnerTexts();
    if (demoEntries.length !== 1) throw new Error(`the Accounts menu lists demo ${demoEntries.length} times: ${demoEntries.join(' | ')}`);
    await page.waitForTimeout(300); // the menu fades in: a picture of it, not of its ghost
  });
  await ui.screenshot('production-accounts');
  await page.keyboard.press('Escape');

  const dialog = page.locator('.monaco-dialog-box');
  await ui.step('"Konexus: Copy Access Token" asks first, naming the profile and the clipboard', async () => {
    await runCommand(workbench, 'Konexus: Copy Access Token');
    await dialog.waitFor({ timeout: TIMEOUT });
    const text = await dialog.innerText();
    ui.log(`dialog: ${text.replace(/\s+/g, ' ')}`);
    if (!text.includes('"demo" is a PRODUCTION profile: its token sends real emergency notifications. Put it on the clipboard?')) {
      throw new Error(`the dialog does not name the profile and the clipboard:\n${text}`);
    }
    if (/eyJ[\w-]{10,}/.test(text)) throw new Error('the dialog shows a token');
  });
  await ui.screenshot('production-modal');

  await ui.step('"Use Production Token" copies it; a second copy in this window does not ask again', async () => {
    await dialog.locator('.monaco-button', { hasText: 'Use Production Token' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await workbench.statusBarItem('access token copied').first().waitFor({ timeout: TIMEOUT });
    await workbench.statusBarItem('access token copied').first().waitFor({ state: 'detached', timeout: TIMEOUT });
    await runCommand(workbench, 'Konexus: Copy Access Token');
    await workbench.statusBarItem('access token copied').first().waitFor({ timeout: TIMEOUT });
    if (await dialog.isVisible()) throw new Error('the second copy asked again');
  });

  const hover = page.locator('.monaco-hover:visible', { hasText: 'Inspect in Konexus' });
  await ui.step('hovering a token whose admin claim is "true" marks it ADMIN', async () => {
    await workbench.quickOpen(ADMIN_FILE);
    const line = workbench.activeEditorLines().filter({ hasText: adminToken.split('.')[1]!.slice(0, 40) }).first();
    await line.waitFor({ timeout: TIMEOUT });
    await line.hover({ position: { x: 120, y: 8 } });
    await hover.waitFor({ timeout: TIMEOUT });
    const text = await hover.innerText();
    if (!text.includes('ADMIN token: its admin claim grants administrative rights.')) throw new Error(`the hover has no ADMIN mark:\n${text}`);
    if (!(await hover.locator('.codicon-shield').count())) throw new Error('the ADMIN line has no shield icon');
  });
  await ui.screenshot('admin-hover');

  await ui.step('the Token Inspector marks it ADMIN too', async () => {
    await hover.locator('a', { hasText: 'Inspect in Konexus' }).click();
    await page.locator('.pane-header', { hasText: 'Token Inspector' }).waitFor({ timeout: TIMEOUT });
    await page.locator('.pane-body .monaco-list-row', { hasText: /ADMIN · / }).first().waitFor({ timeout: TIMEOUT });
  });
  await page.mouse.move(700, 880);
  await page.keyboard.press('Escape');
  await ui.screenshot('admin-inspector');
}
