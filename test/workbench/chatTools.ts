/**
 * The chat tools (`contributes.languageModelTools`) as a person sees them without a language model: with AI
 * features on, typing `#konexus` in the Chat view's input offers the four tools by their reference names, and
 * the input's "Configure Tools..." picker lists them under "Konexus for VS Code", enabled, each with the
 * description the model reads. (Invoking a tool needs a model, which this workbench has not: the tools' results and
 * confirmations are covered by the host suite, test/host/lmTools.test.ts.)
 * Screenshots: the `#` completions, the tool picker.
 */
import type { Page } from 'playwright-core';
import type { UiContext } from '../harness/lib/uiScenario';

export const name = 'the Chat view offers the Konexus tools by #name and lists them in Configure Tools';
/** The quiet defaults turn AI features off; a user who uses chat has them on. */
export const settings = { 'chat.disableAIFeatures': false };

const TIMEOUT = 30_000;
const REFERENCES = ['#konexusInspectJwt', '#konexusProfiles', '#konexusRequest', '#konexusTokenStatus'];

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  await ui.step('the workbench comes up with the demo token', async () => {
    await workbench.waitUntilReady();
    await workbench.statusBarItem(/Konexus · demo/).first().waitFor({ timeout: 60_000 });
  });
  const chat = page.locator('.part.auxiliarybar');
  const input = chat.locator('.interactive-input-part .monaco-editor').first();
  await ui.step('Ctrl+Alt+I opens the Chat view', async () => {
    await workbench.openCommandPalette('Chat: Open Chat');
    await workbench.quickInputRows().filter({ has: page.locator('.label-name', { hasText: /^Chat: Open Chat$/ }) }).first().click({ timeout: TIMEOUT });
    await input.waitFor({ timeout: TIMEOUT });
  });

  await ui.step('typing #konexus in its input offers the four tools', async () => {
    await input.click();
    await page.keyboard.type('#konexus');
    const suggest = page.locator('.suggest-widget.visible .monaco-list-row');
    await suggest.filter({ hasText: '#konexusTokenStatus' }).first().waitFor({ timeout: TIMEOUT });
    const rows = (await suggest.allInnerTexts()).map(row => row.replace(/\s+/g, ' ').trim());
    ui.log(`# completions: ${rows.join(' | ')}`);
    for (const reference of REFERENCES) {
      if (!rows.some(row => row.startsWith(reference))) throw new Error(`no completion ${reference}: ${rows.join(' | ')}`);
    }
  });
  await ui.screenshot('chat-hash-completions');

  const picker = workbench.quickInput();
  const group = workbench.quickInputRows().filter({ hasText: /^Konexus for VS Code/ }).first();
  await ui.step('"Configure Tools..." lists the group "Konexus for VS Code", enabled', async () => {
    await page.keyboard.press('Escape');
    await chat.locator('.action-label[aria-label="Configure Tools..."]').first().click();
    await picker.locator('.quick-input-title', { hasText: 'Configure Tools' }).waitFor({ timeout: TIMEOUT });
    await group.waitFor({ timeout: TIMEOUT });
    if (!(await group.locator('input[type="checkbox"]:checked, .monaco-custom-toggle.checked, [aria-checked="true"]').count()) && (await group.getAttribute('aria-checked')) !== 'true') {
      throw new Error(`the Konexus group is not enabled: ${await group.innerHTML()}`);
    }
  });
  await ui.step('expanded, it shows the four tools, each with its description', async () => {
    await group.locator('.monaco-tl-twistie').first().click();
    for (const reference of REFERENCES) {
      await workbench.quickInputRows().filter({ hasText: new RegExp(`${reference.slice(1)}\\s*\\S`) }).first().waitFor({ timeout: TIMEOUT });
    }
    ui.log(`picker rows: ${(await workbench.quickInputRows().allInnerTexts()).map(row => row.replace(/\s+/g, ' ').trim()).join(' | ')}`);
  });
  await ui.screenshot('configure-tools');
  await page.keyboard.press('Escape');
}
