/**
 * The `konexus` authentication provider as a person meets it: the demo profile's session is listed in
 * the Accounts menu, and signing out there removes it: the status bar then says "signed out", and clicking
 * it asks for the client secret (a password box) and signs in again.
 */
import type { Page } from 'playwright-core';
import type { UiContext } from '../harness/lib/uiScenario';
import { DEMO_CLIENT } from '../idp/konexusIdp';

export const name = 'the Accounts menu lists the Konexus session and signs it out';

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  await ui.step('the workbench comes up with the demo token', async () => {
    await workbench.waitUntilReady();
    await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
  });
  const accounts = page.locator('.activitybar .action-item a[aria-label^="Accounts"], .activitybar .codicon-accounts-view-bar-icon').first();
  const account = page.locator('.monaco-menu .action-item', { hasText: /demo \(127\.0\.0\.1:\d+\)/ }).first();
  await ui.step('the Accounts menu lists "demo (127.0.0.1:PORT)", the profile and its authority', async () => {
    await accounts.click();
    await account.waitFor({ timeout: 20_000 });
  });
  await ui.screenshot('accounts-menu');
  await ui.step('signing out there removes the session and the token', async () => {
    // The account's submenu: Manage Trusted Extensions, then Sign Out (menus live in a shadow root: use keys).
    await account.hover();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // VS Code asks for confirmation in a dialog before it signs out of a provider.
    const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Sign Out/ }).first();
    await confirm.waitFor({ timeout: 10_000 });
    await ui.screenshot('accounts-sign-out-confirm');
    await confirm.click();
    await workbench.statusBarItem(/Konexus · demo · signed out/).first().waitFor({ timeout: 20_000 });
  });
  await ui.screenshot('accounts-signed-out');

  await ui.step('clicking "signed out" asks for the secret in a password box and signs in again', async () => {
    await workbench.statusBarItem(/Konexus · demo · signed out/).first().click();
    const input = page.locator('.quick-input-widget:visible input[type="password"]');
    await input.waitFor({ timeout: 20_000 });
    await input.fill(DEMO_CLIENT.clientSecret);
    await page.keyboard.press('Enter');
    await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 30_000 });
  });
}
