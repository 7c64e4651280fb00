/**
 * A key-pair profile as a person adds one: "Konexus: Add Profile…", then at the credential step "Key pair
 * (private_key_jwt)" and RS256; the dialog shows what to register where; "Open as JSON" opens the public
 * JWKS (no private member); once it is registered at the identity server the status bar shows the token,
 * and its tooltip says "key pair".
 *
 * Screenshots: the credential pick, the public-key dialog (keyPair-NN-public-key-dialog.png, for the README),
 * the JWKS document, the tooltip, the profile's context menu.
 */
import type { JWK } from 'jose';
import type { Page } from 'playwright-core';
import { answerInputBox, answerProfileIdentity, credentialPickRow, pickItem, runCommand } from '../harness/lib/uiActions';
import type { UiContext } from '../harness/lib/uiScenario';

export const name = 'Add Profile makes a key pair, shows its public key to register, and gets a token once it is registered';

const TIMEOUT = 30_000;
const PROFILE = { name: 'tenant key', clientId: 'ui-key-pair-client' };

export async function run(page: Page, ui: UiContext): Promise<void> {
  const { workbench } = ui;
  await ui.step('the workbench comes up with the demo token', async () => {
    await workbench.waitUntilReady();
    await workbench.statusBarItem(/Konexus · demo · (?:\d+h )?\d+m/).first().waitFor({ timeout: 60_000 });
  });
  // The client exists at the server, with no key registered yet (its secret is never used).
  ui.idp.addClient({ clientId: PROFILE.clientId, clientSecret: 'kx-ui-unused-secret' });

  await ui.step('Add Profile asks for name, authority and client id, then which credential', async () => {
    await answerProfileIdentity(workbench, { ...PROFILE, authority: ui.idp.issuer });
    await credentialPickRow(workbench, 'Key pair (private_key_jwt)').first().waitFor({ timeout: TIMEOUT });
  });
  await ui.screenshot('credential-pick');

  const dialog = page.locator('.monaco-dialog-box');
  await ui.step('"Key pair", RS256 and the default scope: a dialog says what to register where', async () => {
    await credentialPickRow(workbench, 'Key pair (private_key_jwt)').first().click({ timeout: TIMEOUT });
    await pickItem(workbench, 'RS256');
    await answerInputBox(workbench, 'Add Konexus Profile (5/5)', 'tamarack');
    await dialog.waitFor({ timeout: TIMEOUT });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    for (const expected of ['"tenant key" has a new key pair (RS256, 1 key)', `client ${PROFILE.clientId} at 127.0.0.1`, 'refused until it is registered', 'Copy Public JWK', 'Copy JWKS', 'Open as JSON']) {
      if (!text.includes(expected)) throw new Error(`the dialog lacks "${expected}":\n${text}`);
    }
  });
  await ui.screenshot('public-key-dialog');

  let jwks: { keys: JWK[] } = { keys: [] };
  await ui.step('"Open as JSON" opens the public JWKS, with no private member', async () => {
    await dialog.locator('.monaco-button', { hasText: /^Open as JSON$/ }).click({ timeout: TIMEOUT });
    await workbench.waitForEditor('Untitled');
    const text = await workbench.activeEditorText();
    jwks = JSON.parse(text) as typeof jwks;
    const [key] = jwks.keys;
    if (jwks.keys.length !== 1 || key?.kty !== 'RSA' || key.alg !== 'RS256' || key.use !== 'sig' || typeof key.kid !== 'string') throw new Error(`not one RS256 signing key:\n${text}`);
    const leaked = ['d', 'p', 'q', 'dp', 'dq', 'qi'].filter(member => member in key);
    if (leaked.length) throw new Error(`private members in the JWKS: ${leaked.join(', ')}`);
  });
  await ui.screenshot('public-jwks');

  const item = workbench.statusBarItem(/Konexus · tenant key · (?:\d+h )?\d+m/);
  await ui.step('registered at the server, Refresh Token gets a token with the key', async () => {
    ui.idp.setClientJwks(PROFILE.clientId, jwks);
    await runCommand(workbench, 'Konexus: Refresh Token');
    await item.first().waitFor({ timeout: TIMEOUT });
    const assertion = ui.idp.requests.find(r => r.method === 'POST' && r.path.endsWith('/token') && r.body.includes(`client_id=${PROFILE.clientId}`));
    if (!assertion?.body.includes('client_assertion=')) throw new Error('the token request carried no client assertion');
  });
  await ui.step('the tooltip says the credential is a key pair', async () => {
    await item.first().hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Credential' });
    await hover.first().waitFor({ timeout: 15_000 });
    const tooltip = await hover.first().innerText();
    if (!/Credential\s+key pair/.test(tooltip)) throw new Error(`the tooltip does not say "key pair":\n${tooltip}`);
  });
  await ui.screenshot('tooltip-key-pair');
  await page.mouse.move(10, 10);

  await ui.step('in the Profiles view, the key-pair profile\'s menu has Show Public Key and Rotate Client Key, not Update Client Secret', async () => {
    await workbench.activityBarItem(/^Konexus/).first().click();
    const labels = await contextMenu(page, 'tenant key');
    ui.log(`menu: ${labels.join(' | ')}`);
    for (const expected of ['Show Public Key…', 'Rotate Client Key…', 'Sign Out of Profile…']) if (!labels.includes(expected)) throw new Error(`the menu lacks "${expected}": ${labels.join(' | ')}`);
    if (labels.includes('Update Client Secret…')) throw new Error(`a key-pair profile offers Update Client Secret: ${labels.join(' | ')}`);
  });
  await ui.screenshot('profile-menu');
  await page.keyboard.press('Escape');
  await ui.step('the client-secret profile demo keeps Update Client Secret and has no public key', async () => {
    const labels = await contextMenu(page, 'demo');
    if (!labels.includes('Update Client Secret…') || labels.includes('Show Public Key…')) throw new Error(`demo's menu: ${labels.join(' | ')}`);
  });
  await page.keyboard.press('Escape');
}

/** The labels of a profile row's context menu in the Profiles view. */
async function contextMenu(page: Page, profile: string): Promise<string[]> {
  const row = page.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${profile}$`) }) }).first();
  await row.click({ button: 'right', timeout: TIMEOUT });
  const menu = page.locator('.monaco-menu .action-label');
  await menu.filter({ hasText: 'Remove Profile' }).first().waitFor({ timeout: TIMEOUT });
  return (await menu.allInnerTexts()).map(label => label.trim()).filter(Boolean);
}
