/**
 * Issue 13, in the real workbench with workspace trust on: a cloned folder carries an embedded bare
 * repository (sub/: HEAD, config, objects, refs) whose config names a work tree and a `core.fsmonitor`
 * command, and a sub/.env holding a token. Plain git run in sub/ runs that command (checked first: the
 * command appends to a marker file outside the folder). The extension must never run it:
 *
 *   Restricted Mode  opening sub/.env shows the leak warnings (the .gitignore files answered: no git at all);
 *                    the .env lens asks, "Write Token" writes the token; the marker is never written
 *   trusted          after the user trusts the folder (Workspace Trust editor), the leak guard asks git again
 *                    and a refresh rewrites the kept sub/.env, which asks git whether it tracks the file; git
 *                    runs, hardened, and the marker is still never written
 * Screenshots: the warnings in Restricted Mode, the trusted folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { runCommand, trustThroughEditor, waitForRestrictedMode, waitUntil } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';
import { DEMO_CLIENT } from '../idp/konexusIdp';
import { plainGit, plantEmbeddedBareRepository } from '../node/lib/plantedRepository';

export const name = 'a cloned folder with an embedded bare repository cannot make the extension run its fsmonitor command, in Restricted Mode or trusted';
export const workspaceTrust = true;

const TIMEOUT = 30_000;

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  const markerFolder = mkdtempSync(join(tmpdir(), 'konexus-fsmonitor-'));
  const marker = join(markerFolder, 'marker');
  const noMarker = (when: string) => {
    if (existsSync(marker)) throw new Error(`${when}: the repository's fsmonitor command ran (${readFileSync(marker, 'utf8').trim().split('\n').length} time(s))`);
  };
  try {
    const folder = join(dirname(ui.workspace), 'planted-workspace');
    const sub = plantEmbeddedBareRepository(join(folder, 'sub'), marker);
    const envPath = join(sub, '.env');
    // A raw token of the demo profile (its client id and issuer): the leak guard warns about it, and the
    // `.env` writer may replace it (it replaces only an empty entry or a token of one of the profiles).
    const planted = await ui.idp.issueToken(DEMO_CLIENT.clientId);
    writeFileSync(envPath, `KONEXUS_TOKEN=${planted}\n`);
    // Takes back any outer `.env` rule, so the file counts as one git could commit and gets warnings.
    writeFileSync(join(sub, '.gitignore'), '!.env\n');
    writeFileSync(join(sub, 'api.http'), '### Tenants\nGET https://api.konexus.com/v1/tenants\nAuthorization: Bearer {{$dotenv KONEXUS_TOKEN}}\n');

    await ui.step('positive control: plain git in sub/ runs the planted command', async () => {
      plainGit(sub, 'check-ignore', '-q', '--', '.env');
      if (!existsSync(marker)) throw new Error('plain git did not run the planted command: the scenario is broken');
      rmSync(marker);
    });
    await ui.step('the workbench comes up with the demo token', async () => {
      await workbench.waitUntilReady();
      await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
    });
    await ui.step('the planted folder opens in Restricted Mode', async () => {
      await page.goto(ui.workbenchUrl(folder));
      await workbench.waitUntilReady();
      await waitForRestrictedMode(workbench);
    });
    await ui.step('Restricted Mode: opening sub/.env shows the leak warning, and runs no command', async () => {
      await workbench.quickOpen('.env');
      await page.locator('.editor-group-container.active .squiggly-warning').first().waitFor({ timeout: TIMEOUT });
      noMarker('opening the .env in Restricted Mode');
    });
    await ui.screenshot('planted-restricted-warnings');
    await ui.step('Restricted Mode: the .env lens asks, "Write Token" writes the token; no command ran', async () => {
      await workbench.quickOpen('api.http');
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'write token to .env…' }).first().locator('a').first().click({ timeout: TIMEOUT });
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: TIMEOUT });
      await dialog.locator('.monaco-button', { hasText: /^Write Token$/ }).click();
      await waitUntil(() => !readFileSync(envPath, 'utf8').includes(planted), 'the token was not written into sub/.env');
      noMarker('Insert Bearer Header in Restricted Mode');
    });
    await ui.step('the user trusts the folder in the Workspace Trust editor', () => trustThroughEditor(workbench));
    await ui.step('trusted: a refresh rewrites the kept sub/.env (git asked whether it tracks it, hardened); no command ran', async () => {
      const before = readFileSync(envPath, 'utf8');
      await runCommand(workbench, 'Konexus: Refresh Token');
      await waitUntil(() => readFileSync(envPath, 'utf8') !== before, 'the refresh did not rewrite sub/.env once trusted');
      await page.locator('.tabs-container .tab', { hasText: '.env' }).first().click();
      await workbench.waitForEditor('.env');
      await page.locator('.editor-group-container.active .squiggly-warning').first().waitFor({ timeout: TIMEOUT });
      noMarker('the trusted folder');
    });
    await ui.screenshot('planted-trusted');
  } finally {
    rmSync(markerFolder, { recursive: true, force: true });
  }
}
