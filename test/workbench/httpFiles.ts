/**
 * A person opens a .http file without an Authorization header, puts the cursor in a request and runs
 * "Konexus: Insert Bearer Header" from the command palette: the header `Authorization: Bearer {{$dotenv
 * KONEXUS_TOKEN}}` appears under the request line, the token goes into the .env beside the file (not into
 * the .http file), and a CodeLens above the request says which profile's token it is and how long it is
 * valid. Screenshot: http-insert.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UiContext } from '../harness/lib/uiScenario';

export const name = 'Insert Bearer Header puts the dotenv header in a .http file, and a CodeLens shows the token\'s validity';

const FILE = 'try-konexus.http';
const HEADER = 'Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}';
const TIMEOUT = 30_000;

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  writeFileSync(join(ui.workspace, FILE), [
    '# Put the cursor in a request and run "Konexus: Insert Bearer Header".',
    '@baseUrl = https://api.konexus.com/v1',
    '',
    '### The caller\'s own account and tenant',
    'GET {{baseUrl}}/me',
    'Accept: application/json',
    '',
    '### Notification groups',
    'GET {{baseUrl}}/tenants/1741/groups',
    'Accept: application/json',
    '',
  ].join('\n'));

  await ui.step('the workbench comes up', () => workbench.waitUntilReady());
  await ui.step('the extension has created the demo profile', () => workbench.statusBarItem(/Konexus · demo/).first().waitFor({ timeout: 60_000 }));
  await ui.step(`${FILE} opens`, () => workbench.quickOpen(FILE));

  await ui.step('the cursor goes into the first request', async () => {
    const line = workbench.activeEditorLines().filter({ hasText: 'GET {{baseUrl}}/me' }).first();
    await line.waitFor({ timeout: TIMEOUT });
    await line.click({ position: { x: 40, y: 8 } });
  });

  await ui.step('"Konexus: Insert Bearer Header" runs from the command palette', async () => {
    await workbench.openCommandPalette('Konexus: Insert Bearer Header');
    // Click the exact command: Enter would run the first row, which may be "… in All Requests".
    await workbench.quickInputRows().filter({ has: page.locator('.label-name', { hasText: /^Konexus: Insert Bearer Header$/ }) }).first().click({ timeout: TIMEOUT });
  });

  await ui.step('the header appears under the request line, only there', async () => {
    await workbench.activeEditorLines().filter({ hasText: HEADER }).first().waitFor({ timeout: TIMEOUT });
    const text = await workbench.activeEditorText();
    const lines = text.split('\n');
    const request = lines.indexOf('GET {{baseUrl}}/me');
    if (lines[request + 1] !== HEADER) throw new Error(`the header is not right under the request line:\n${text}`);
    if (lines.filter(line => line === HEADER).length !== 1) throw new Error(`the header is in more than the request at the cursor:\n${text}`);
  });

  await ui.step('a CodeLens shows the demo profile\'s token and its validity', async () => {
    const lens = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: /Konexus · demo · valid (?:\d+h )?\d+m/ });
    await lens.first().waitFor({ timeout: TIMEOUT });
    ui.log(`CodeLens: ${(await lens.first().innerText()).trim()}`);
  });

  await ui.step('the token is in the .env beside the file, not in the .http file', async () => {
    const dotenv = readFileSync(join(ui.workspace, '.env'), 'utf8');
    if (!/^KONEXUS_TOKEN=eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/m.test(dotenv)) throw new Error('the .env holds no KONEXUS_TOKEN');
    if ((await workbench.activeEditorText()).includes('eyJ')) throw new Error('a token is in the .http file');
  });

  // The mouse away from the editor, so no hover covers the header in the picture.
  await page.mouse.move(700, 880);
  await ui.screenshot('http-insert');
}
