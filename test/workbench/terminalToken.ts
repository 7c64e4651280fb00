/**
 * `konexus.terminal.injectToken` as a person uses it (the setting on in their remote settings): a terminal
 * opened from the palette has the active profile's authority in KONEXUS_AUTHORITY and, through
 * `eval "$KONEXUS_TOKEN_CMD"`, the current access token (only its first 12 characters are printed here: the
 * header of a JWT). "Terminal: Show Environment Contributions" lists what the extension adds to terminals,
 * with its description (and, being VS Code's own view, every value: KONEXUS_TOKEN in full).
 * Screenshots: the terminal, the environment contributions.
 */
import type { Page } from 'playwright-core';
import { runCommand } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';

export const name = 'with konexus.terminal.injectToken on, a new terminal has KONEXUS_AUTHORITY and KONEXUS_TOKEN_CMD';
/** A `machine` setting: in code-server's (remote) window it is read from the remote settings, as users set it there. */
export const machineSettings = { 'konexus.terminal.injectToken': true };
export const settings = {
  // The DOM renderer, whose rows can be read.
  'terminal.integrated.gpuAcceleration': 'off',
  'terminal.integrated.defaultProfile.linux': 'bash',
  'terminal.integrated.fontSize': 15,
  'terminal.integrated.suggest.enabled': false,
};

const TIMEOUT = 30_000;

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  await ui.step('the workbench comes up with the demo token', async () => {
    await workbench.waitUntilReady();
    await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
  });
  const rows = page.locator('.part.panel .terminal-wrapper.active .xterm-rows');
  const screen = async () => (await rows.innerText()).replace(/\u00a0/g, ' ');
  const waitForLine = async (line: RegExp, what: string) => {
    const started = Date.now();
    while (!(await screen()).split('\n').some(text => line.test(text.trim()))) {
      if (Date.now() - started > TIMEOUT) throw new Error(`the terminal shows no ${what}:\n${await screen()}`);
      await page.waitForTimeout(250);
    }
  };

  await ui.step('"Terminal: Create New Terminal" opens a shell', async () => {
    await runCommand(workbench, 'Terminal: Create New Terminal');
    await rows.waitFor({ timeout: TIMEOUT });
    await waitForLine(/konexus-demo[#$]$/, 'prompt');
  });
  const escaped = ui.idp.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await ui.step('printenv KONEXUS_AUTHORITY prints the demo profile\'s authority', async () => {
    await page.locator('.part.panel .terminal-wrapper.active .xterm').click();
    // A short prompt, so the commands fit the picture on one line each.
    await page.keyboard.type("PS1='$ '; clear\n");
    await waitForLine(/^\$$/, 'short prompt');
    await page.keyboard.type('printenv KONEXUS_AUTHORITY\n');
    await waitForLine(new RegExp(`^${escaped}$`), `line "${ui.idp.issuer}"`);
  });
  // As the setting's description says: the command quotes its paths, so the shell must eval it.
  await ui.step('eval "$KONEXUS_TOKEN_CMD" | cut -c1-12 prints the start of a JWT', async () => {
    await page.keyboard.type('eval "$KONEXUS_TOKEN_CMD" | cut -c1-12\n');
    await waitForLine(/^eyJ[\w-]{9}$/, 'JWT header (eyJ…, 12 characters)');
    if (/eyJ[\w-]{20,}/.test(await screen())) throw new Error('more than 12 characters of the token are on screen');
  });
  ui.log(`terminal:\n${await screen()}`);
  await ui.screenshot('terminal-token');

  await ui.step('"Terminal: Show Environment Contributions" lists the extension\'s variables and description', async () => {
    await runCommand(workbench, 'Terminal: Show Environment Contributions');
    const editor = page.locator('.editor-group-container.active');
    await editor.getByText('KONEXUS_TOKEN_CMD').first().waitFor({ timeout: TIMEOUT });
    const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
    ui.log(`environment contributions:\n${text}`);
    for (const expected of ['konexus-devtools.konexus-vscode', 'KONEXUS_AUTHORITY', 'which prints the current one']) {
      if (!text.includes(expected)) throw new Error(`the contributions lack "${expected}":\n${text}`);
    }
    // VS Code lists each variable with its value, KONEXUS_TOKEN too (SECURITY.md): logged, not asserted.
    ui.log(`VS Code shows KONEXUS_TOKEN's value here: ${/KONEXUS_TOKEN=eyJ/.test(text.replace(/\s+/g, '')) ? 'yes' : 'no'}`);
  });
  // Not for the README: the picture shows the (local demo) token in full.
  await ui.screenshot('terminal-environment');
}
