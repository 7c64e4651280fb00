/**
 * Another extension asks VS Code for a `konexus` session, as the contract says it may
 * (`vscode.authentication.getSession('konexus', ['tamarack'], …)`), and a person answers VS Code's own
 * consent dialog in the real workbench. The consumer (test/consumer-extension, another publisher) shows each
 * outcome in a notification: the account label and the first digits of the token's SHA-256, never the token.
 * With 1 profile: silent gets nothing before consent; createIfNone asks, Allow gives the session; silent then
 * gets the same one; forceNewSession gives a new token. With 2 and 5 profiles: plain scopes mean the active
 * profile, whose account needs its own consent; the `account` option picks another one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { runCommand } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';

export const name = 'another extension gets a konexus session through VS Code, after the user allows it';

const SESSION = /\[consumer\] (?<what>[a-z ]+): (?:session (?<label>.+?) #(?<digest>[0-9a-f]{8})|no session|error: .*)/;

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  // The consumer shows each outcome in a notification and appends it to this file (toasts may be held back).
  const results = join(ui.workspace, '.konexus-consumer.log');
  const lines = () => (existsSync(results) ? readFileSync(results, 'utf8').split('\n').filter(Boolean) : []);
  /** Runs a consumer command (answering VS Code's dialog with `answer`) and returns the outcome it reported. */
  const consumer = async (title: string, what: string, answer?: (prompt: Prompt) => Promise<void>) => {
    const before = lines().length;
    await runCommand(workbench, title);
    if (answer) await answer(await nextPrompt());
    for (let i = 0; i < 300; i++) {
      const fresh = lines().slice(before).filter(line => line.startsWith(`[consumer] ${what}:`));
      if (fresh.length) return fresh.at(-1)!;
      await page.waitForTimeout(100);
    }
    throw new Error(`the consumer reported no "${what}" after ${title}`);
  };
  /** VS Code's next question: a modal dialog, or the account picker ("wants to access a Konexus account"). */
  type Prompt = { kind: 'dialog'; box: Locator; text: string } | { kind: 'accounts'; title: string };
  const nextPrompt = async (): Promise<Prompt> => {
    const box = page.locator('.monaco-dialog-box').first();
    const picker = workbench.quickInput().locator('.quick-input-title', { hasText: /wants to access/ });
    for (let i = 0; i < 50; i++) {
      if (await box.isVisible()) return { kind: 'dialog', box, text: await box.innerText() };
      if (await picker.isVisible()) return { kind: 'accounts', title: await picker.innerText() };
      await page.waitForTimeout(100);
    }
    throw new Error('VS Code asked nothing');
  };
  /** Answers VS Code's consent: Allow (or Sign In) in a dialog, the account named `account` in the picker. */
  const consent = (account: RegExp, shot: string) => async (first: Prompt) => {
    let prompt: Prompt | undefined = first;
    for (let answered = 0; prompt && answered < 3; answered++) {
      await ui.screenshot(`${shot}-${answered + 1}`);
      ui.log(`VS Code asks: ${prompt.kind === 'dialog' ? prompt.text.replace(/\s+/g, ' ') : prompt.title}`);
      if (prompt.kind === 'dialog') {
        if (!/Konexus/.test(prompt.text)) throw new Error(`a dialog that does not name Konexus: ${prompt.text}`);
        await prompt.box.locator('.monaco-button', { hasText: /^(Allow|Sign In|Sign in|OK)$/ }).first().click();
        await prompt.box.waitFor({ state: 'hidden', timeout: 10_000 });
      } else {
        if (!/Konexus consumer/.test(prompt.title)) throw new Error(`an account picker that does not name the consumer: ${prompt.title}`);
        await workbench.quickInputRows().filter({ hasText: account }).first().click();
        await workbench.quickInput().locator('.quick-input-title', { hasText: /wants to access/ }).waitFor({ state: 'hidden', timeout: 10_000 });
      }
      prompt = await nextPrompt().catch(() => undefined);
    }
  };
  const parse = (text: string) => {
    const match = SESSION.exec(text);
    if (!match) throw new Error(`unexpected consumer notification: ${text}`);
    return match.groups as { what: string; label?: string; digest?: string };
  };

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
    const text = await consumer('Konexus consumer: Session, ask', 'ask', consent(/^demo \(/, 'consent'));
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
    const text = await consumer('Konexus consumer: Session, force new', 'force', consent(/^demo \(/, 'force-new-session'));
    const result = parse(text);
    if (!result.label?.startsWith('demo (') || result.digest === first) throw new Error(`expected a new demo token, got: ${text}`);
    const after = ui.idp.requests.filter(r => r.path === '/connect/token').length;
    if (after !== before + 1) throw new Error(`expected exactly one token request, the server saw ${after - before}`);
  });

  for (const [count, command, active] of [[2, 'Konexus consumer: Add a second profile', 'consumer-1'], [5, 'Konexus consumer: Add three more profiles', 'consumer-4']] as const) {
    await ui.step(`${count} profiles: plain scopes mean the active one (${active}), whose account needs its own consent`, async () => {
      const added = await consumer(command, 'profiles');
      if (!added.includes(`${count} accounts`)) throw new Error(`expected ${count} accounts: ${added}`);
      await workbench.statusBarItem(new RegExp(`Konexus · ${active} · (?:\\d+h )?\\d+m`)).first().waitFor({ timeout: 30_000 });
      const silent = parse(await consumer('Konexus consumer: Session, silent', 'silent'));
      if (silent.label) throw new Error(`${active} was never allowed, yet silent got ${silent.label}`);
      const asked = parse(await consumer('Konexus consumer: Session, ask', 'ask', consent(new RegExp(`^${active} \\(`), `consent-${count}-profiles`)));
      if (!asked.label?.startsWith(`${active} (`)) throw new Error(`expected ${active}'s session, got ${JSON.stringify(asked)}`);
      const again = parse(await consumer('Konexus consumer: Session, silent', 'silent'));
      if (again.digest !== asked.digest) throw new Error(`silent after consent: expected #${asked.digest}, got ${JSON.stringify(again)}`);
    });

    await ui.step(`${count} profiles: the account option picks the demo profile, which is not active`, async () => {
      const result = parse(await consumer('Konexus consumer: Session of the demo account', 'demo account'));
      if (!result.label?.startsWith('demo (')) throw new Error(`expected the demo session, got ${JSON.stringify(result)}`);
    });
  }
  await ui.screenshot('consent-accounts');
}
