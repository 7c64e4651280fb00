/**
 * The status-bar indicator as a person sees it: the demo profile with its time left, the rich tooltip,
 * the menu a click opens, and the error colour once the token has expired while the server is down.
 */
import type { Page } from 'playwright-core';
import type { UiContext } from '../harness/lib/uiScenario';

export const name = 'the status bar shows the token, its tooltip and menu, and turns red when expired';

async function runCommand(page: Page, ui: UiContext, title: string): Promise<void> {
  await ui.workbench.openCommandPalette(title);
  await ui.workbench.quickInputRows().filter({ hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  await ui.step('the workbench comes up', () => workbench.waitUntilReady());
  const item = workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/);
  await ui.step('the status bar shows the demo profile and the minutes left', () => item.first().waitFor({ timeout: 60_000 }));
  const text = (await item.first().innerText()).trim();
  ui.log(`status bar: ${text}`);
  if (!/Konexus · demo · (59|60)m/.test(text)) throw new Error(`expected about an hour left, got "${text}"`);
  await ui.screenshot('status-valid');

  await ui.step('hovering it shows the tooltip with client, tenant and expiry', async () => {
    await item.first().hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Client' });
    await hover.first().waitFor({ timeout: 15_000 });
    const tooltip = await hover.first().innerText();
    for (const expected of ['konexus-demo-client', 'Tenant', '1741', 'Expires', 'Next refresh']) {
      if (!tooltip.includes(expected)) throw new Error(`the tooltip lacks "${expected}":\n${tooltip}`);
    }
  });
  await ui.screenshot('status-tooltip');
  await page.mouse.move(10, 10);

  await ui.step('a click opens the token menu', async () => {
    await item.first().click();
    await workbench.quickInputRows().filter({ hasText: 'Refresh Token' }).first().waitFor({ timeout: 15_000 });
  });
  await ui.screenshot('status-menu');
  await workbench.closeQuickInput();

  await ui.step('a 3-second token, the server down: the bar turns red when it expires', async () => {
    ui.idp.setLifetime(3);
    await runCommand(page, ui, 'Konexus: Refresh Token');
    await workbench.statusBarItem(/Konexus · demo · <1m/).first().waitFor({ timeout: 20_000 });
    ui.idp.setFault('token', '503', { retryAfterSeconds: 60 });
    const expired = workbench.statusBarItem(/Konexus · demo · expired/);
    await expired.first().waitFor({ timeout: 20_000 });
    const background = await expired.first().evaluate(el => getComputedStyle(el).backgroundColor);
    ui.log(`expired item background: ${background}`);
    if (background === 'rgba(0, 0, 0, 0)' || background === 'transparent') throw new Error('the expired item has no error background');
  });
  await ui.step('one notification says why, with a Retry action', async () => {
    // The workbench shows it as a toast or, when toasts are held back, in the notification centre.
    const inToast = page.locator('.notification-toast', { hasText: 'temporarily unavailable' });
    if (!(await inToast.first().isVisible())) await page.locator('#status\\.notifications, .statusbar-item[id*="notifications"]').first().click();
    const notification = page.locator('.notification-toast, .notifications-center .notification-list-item').filter({ hasText: 'temporarily unavailable' });
    await notification.first().waitFor({ timeout: 20_000 });
    const text = await notification.first().innerText();
    if (!/127\.0\.0\.1:\d+ is temporarily unavailable \(HTTP 503\)/.test(text)) throw new Error(`the notification does not name the server and status:\n${text}`);
    await notification.first().locator('.monaco-button', { hasText: 'Retry' }).first().waitFor({ timeout: 5_000 });
    const count = await page.locator('.notification-toast, .notifications-center .notification-list-item').filter({ hasText: 'Konexus' }).count();
    if (count !== 1) throw new Error(`expected one Konexus notification, saw ${count}`);
  });
  await ui.screenshot('status-expired');
  ui.idp.setFault('token', 'none');
  ui.idp.setLifetime(3600);
}
