/**
 * Another extension asks VS Code for a `konexus` session, as the contract says it may
 * (`vscode.authentication.getSession('konexus', ['tamarack'], …)`), and a person answers VS Code's own
 * consent dialog in the real workbench. The consumer (test/consumer-extension, another publisher) shows each
 * outcome in a notification: the account label and the first digits of the token's SHA-256, never the token.
 * With 1 profile: silent gets nothing before consent; createIfNone asks, Allow gives the session; silent then
 * gets the same one; forceNewSession gives a new token. With 5 profiles: plain scopes mean the active profile,
 * whose account needs its own consent; the `account` option picks another one.
 */
import type { Locator, Page } from 'playwright-core';
import { runCommand } from '../host/lib/uiActions';
import type { UiContext } from '../host/lib/uiScenario';

export const name = 'another extension gets a konexus session through VS Code, after the user allows it';

const SESSION = /\[consumer\] (?<what>[a-z ]+): (?:session (?<label>.+?) #(?<digest>[0-9a-f]{8})|no session|error: .*)/;

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  const notifications = () => page.locator('.notifications-toasts .notification-list-item-message');
  /** Runs a consumer command and returns the text of the notification it shows. */
  const consumer = async (title: string, what: string, answer?: (dialog: Locator) => Promise<void>) => {
    const before = await notifications().allInnerTexts();
    await runCommand(workbench, title);
    if (answer) {
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ timeout: 20_000 });
      await answer(dialog);
    }
    const shown = notifications().filter({ hasText: `[consumer] ${what}:` });
    for (let i = 0; i < 200; i++) {
      const texts = await shown.allInnerTexts();
      const fresh = texts.filter(text => !before.includes(text));
      if (fresh.length) return fresh.at(-1)!;
      await page.waitForTimeout(100);
    }
    throw new Error(`no "[consumer] ${what}" notification after ${title}`);
  };
  const parse = (text: string) => {
    const match = SESSION.exec(text);
    if (!match) throw new Error(`unexpected consumer notification: ${text}`);
    return match.groups as { what: string; label?: string; digest?: string };
  };
  const clearNotifications = () => workbench.page.keyboard.press('Escape');

  await ui.step('the workbench comes up with the demo token', async () => {
    await workbench.waitUntilReady();
    await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
  });

  await ui.step('silent, before the user allowed it: no session', async () => {
    const result = parse(await consumer('Konexus consumer: Session, silent', 'silent'));
    if (result.label) throw new Error(`a silent call got a session without consent: ${result.label}`);
  });

  let first = '';
  await ui.step('createIfNone: VS Code asks the user; Allow gives the demo session', async () => {
    const text = await consumer('Konexus consumer: Session, ask', 'ask', async dialog => {
      await dialog.filter({ hasText: /Konexus/ }).waitFor({ timeout: 10_000 });
      await ui.screenshot('consent-dialog');
      await dialog.locator('.monaco-button', { hasText: /^Allow$/ }).first().click();
    });
    const result = parse(text);
    if (!result.label?.startsWith('demo (127.0.0.1:')) throw new Error(`expected the demo account, got: ${text}`);
    first = result.digest!;
  });
  await ui.screenshot('consent-session');

  await ui.step('silent, once allowed: the same session', async () => {
    const result = parse(await consumer('Konexus consumer: Session, silent', 'silent'));
    if (result.digest !== first) throw new Error(`expected the same token #${first}, got ${JSON.stringify(result)}`);
  });

  await ui.step('forceNewSession (the API refused the token): a new token for the same account', async () => {
    const before = ui.idp.requests.filter(r => r.path === '/connect/token').length;
    // VS Code asks before it lets an extension sign in again; the button's words vary by version.
    const text = await consumer('Konexus consumer: Session, force new', 'force', async dialog => {
      await ui.screenshot('force-new-session-dialog');
      await dialog.locator('.monaco-button').first().click();
    });
    const result = parse(text);
    if (!result.label?.startsWith('demo (') || result.digest === first) throw new Error(`expected a new demo token, got: ${text}`);
    const after = ui.idp.requests.filter(r => r.path === '/connect/token').length;
    if (after !== before + 1) throw new Error(`expected exactly one token request, the server saw ${after - before}`);
  });

  await ui.step('five profiles: plain scopes mean the active one, which needs its own consent', async () => {
    await clearNotifications();
    const added = await consumer('Konexus consumer: Add four profiles', 'profiles');
    if (!/5 accounts/.test(added)) throw new Error(`expected 5 accounts: ${added}`);
    await workbench.statusBarItem(/Konexus · consumer-4 · (?:\d+h )?\d+m/).first().waitFor({ timeout: 30_000 });
    const silent = parse(await consumer('Konexus consumer: Session, silent', 'silent'));
    if (silent.label) throw new Error(`consumer-4 was never allowed, yet silent got ${silent.label}`);
    const asked = parse(await consumer('Konexus consumer: Session, ask', 'ask', async dialog => {
      await ui.screenshot('consent-dialog-second-account');
      await dialog.locator('.monaco-button', { hasText: /^Allow$/ }).first().click();
    }));
    if (!asked.label?.startsWith('consumer-4 (')) throw new Error(`expected consumer-4's session, got ${JSON.stringify(asked)}`);
  });

  await ui.step('the account option picks the demo profile, which is not active', async () => {
    const result = parse(await consumer('Konexus consumer: Session of the demo account', 'demo account'));
    if (!result.label?.startsWith('demo (')) throw new Error(`expected the demo session, got ${JSON.stringify(result)}`);
  });
  await ui.screenshot('consent-accounts');
}
