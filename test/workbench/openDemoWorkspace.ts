/**
 * A person opens the demo workspace: the workbench comes up with the extension loaded, the explorer shows
 * konexus-api.http, it opens in an editor, and the command palette finds the Konexus commands. The
 * commands are checked loosely (they are still being written): their absence is logged, not failed;
 * a workbench or editor that does not come up fails.
 */
import type { Page } from 'playwright-core';
import type { UiContext } from '../harness/lib/uiScenario';

export const name = 'the demo workspace opens with konexus-api.http and the Konexus commands';

const HTTP_FILE = 'konexus-api.http';

export async function run(_page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  await ui.step('the workbench comes up', () => workbench.waitUntilReady());
  await ui.step(`the explorer shows ${HTTP_FILE}`, () => workbench.explorerRow(HTTP_FILE).waitFor({ timeout: 30_000 }));
  // Once activated, the extension creates the demo profile and shows it in the status bar (logged, not
  // required here: test/workbench/statusBar.ts checks the status bar).
  await workbench.statusBarItem(/Konexus · demo/).waitFor({ timeout: 45_000 }).catch(() => undefined);
  const item = workbench.statusBarItem(/Konexus/).first();
  ui.log(await item.isVisible() ? `status bar: ${(await item.innerText()).trim()}` : 'no Konexus status bar item (yet)');
  await ui.screenshot('workbench');

  await ui.step(`${HTTP_FILE} opens in an editor`, async () => {
    await workbench.openFromExplorer(HTTP_FILE);
    const text = await workbench.activeEditorText();
    if (!text.includes('https://api.konexus.com/')) throw new Error(`the editor does not show the requests:\n${text.slice(0, 400)}`);
  });
  await ui.screenshot('http-file');

  const labels = await ui.step('the command palette searches "Konexus"', async () => {
    await workbench.openCommandPalette('Konexus');
    return workbench.quickInputLabels();
  });
  const konexus = labels.filter(label => /konexus/i.test(label));
  ui.log(konexus.length ? `command palette: ${konexus.join(' | ')}` : 'command palette: no Konexus command yet');
  await ui.screenshot('command-palette');
  await ui.step('the command palette closes', () => workbench.closeQuickInput());
}
