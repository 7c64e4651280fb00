/**
 * A person hovers a JWT in a plain text file and inspects it: the hover summarises the token (issuer,
 * expiry, a link to the inspector); the link opens the Konexus Token Inspector, whose Validation rows
 * show each check passed, verified against the demo profile's server. Then the command palette's
 * "Konexus: Inspect Token" on the docs' (long expired) seed token shows the failed and skipped checks.
 * Last, a token from a partner server that no profile names: its signature is not checked and nothing is
 * fetched until the person selects "Trust this issuer and verify…" and confirms VS Code's modal dialog;
 * then the partner sees exactly one discovery and one key-set request, and a second token from it is
 * verified without asking again.
 * Screenshots: the hover, the verified token, the seed token, the trust dialog, the trusted issuer's token.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UiContext } from '../harness/lib/uiScenario';
import { DEMO_CLIENT, startKonexusIdp } from '../idp/konexusIdp';
import { SEED_TOKEN } from '../node/fixtures/seed-token';

export const name = 'hovering a JWT summarises it, and the Token Inspector shows its verified checks';

const FILE = 'tokens.txt';
const PARTNER_FILE = 'partner-tokens.txt';
const TIMEOUT = 30_000;

export async function run(page: Page, ui: UiContext): Promise<void> {
  const partner = await startKonexusIdp();
  try {
    await runWithPartner(page, ui, partner);
  } finally {
    await partner.close();
  }
}

async function runWithPartner(page: Page, ui: UiContext, partner: Partner): Promise<void> {
  const { workbench } = ui;
  // Written before the workbench lists the folder: a file created later may reach Quick Open late.
  const partnerTokens = await writePartnerTokens(ui, partner);
  // A token from the demo profile's server (so its keys are a profile's) and the docs' seed token.
  const token = await ui.idp.issueToken(DEMO_CLIENT.clientId);
  // Claims are the token issuer's text: in the hover they must stay text, not icons, links or commands.
  const now = Math.floor(Date.now() / 1000);
  const hostile = await ui.idp.sign({
    iss: 'https://issuer.example.test', aud: 'tamarack', iat: now, nbf: now, exp: now + 600,
    tenantId: '$(zap) [run](command:workbench.action.terminal.new) <b>bold</b>', sub: '**x**',
  });
  writeFileSync(join(ui.workspace, FILE), [
    '# A Konexus access token from the local identity server',
    token,
    '',
    '# The sample token from the Konexus docs (expired, issuer auth.alertsense.com)',
    SEED_TOKEN,
    '',
    '# A token whose claims try to be Markdown',
    hostile,
    '',
  ].join('\n'));

  await ui.step('the workbench comes up', () => workbench.waitUntilReady());
  await ui.step('the extension has created the demo profile', () => workbench.statusBarItem(/Konexus · demo/).first().waitFor({ timeout: 60_000 }));
  await ui.step(`${FILE} opens`, () => workbench.quickOpen(FILE));

  const hover = page.locator('.monaco-hover:visible', { hasText: 'Inspect in Konexus' });
  await ui.step('hovering the token shows the Konexus summary', async () => {
    const line = workbench.activeEditorLines().filter({ hasText: payloadOf(token) }).first();
    await line.waitFor({ timeout: TIMEOUT });
    await line.hover({ position: { x: 120, y: 8 } });
    await hover.waitFor({ timeout: TIMEOUT });
    const text = await hover.innerText();
    for (const expected of [`Issuer: ${ui.idp.issuer}`, 'Access token (at+jwt)', 'Tenant: 1741', /Expires: \d{4}-\d\d-\d\d [\d:]{8} UTC · in \d+ min/, 'Signature: not verified yet']) {
      if (typeof expected === 'string' ? !text.includes(expected) : !expected.test(text)) throw new Error(`the hover lacks "${expected}":\n${text}`);
    }
    if (text.includes(token.split('.')[2]!.slice(0, 40))) throw new Error('the hover shows the token');
  });
  await ui.screenshot('hover');

  const rows = page.locator('.pane-body .monaco-list-row');
  const row = (label: string) => rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) }).first();
  await ui.step('the hover link opens the Token Inspector with every check passed', async () => {
    await hover.locator('a', { hasText: 'Inspect in Konexus' }).click();
    await page.locator('.pane-header', { hasText: 'Token Inspector' }).waitFor({ timeout: TIMEOUT });
    await row('Validation').filter({ hasText: 'valid: every check passed' }).waitFor({ timeout: TIMEOUT });
    for (const label of ['Signature', 'Algorithm (alg)', 'Type (typ)', 'Issuer (iss)', 'Audience (aud)', 'Expiry (exp)', 'Not before (nbf)']) {
      const check = row(label);
      await check.waitFor({ timeout: TIMEOUT });
      if (!(await check.locator('.codicon-check').count())) throw new Error(`${label} has no check mark: ${await check.innerText()}`);
    }
    const signature = await row('Signature').innerText();
    if (!/kid [0-9A-F]{40}RS256/.test(signature)) throw new Error(`the signature row names no kid: ${signature}`);
  });
  // Away from the editor, so the hover is gone from the picture; a wider side bar, so the reasons show.
  await page.mouse.move(700, 880);
  await page.keyboard.press('Escape');
  await widenSideBar(page, 760);
  await ui.screenshot('inspector');

  await ui.step('"Konexus: Inspect Token" on the seed token shows it expired, its signature not checked', async () => {
    const line = workbench.activeEditorLines().filter({ hasText: payloadOf(SEED_TOKEN) }).first();
    await line.click({ position: { x: 60, y: 8 } });
    await workbench.openCommandPalette('Konexus: Inspect Token');
    // Click the exact command: Enter would run the first row, which may be "Inspect Current Profile Token".
    await workbench.quickInputRows().filter({ has: page.locator('.label-name', { hasText: /^Konexus: Inspect Token$/ }) }).first().click({ timeout: TIMEOUT });
    await row('Validation').filter({ hasText: 'failed' }).waitFor({ timeout: TIMEOUT });
    const summary = await rows.filter({ hasText: 'Access token (at+jwt)' }).first().innerText();
    if (!/expired/.test(summary)) throw new Error(`the summary does not say expired: ${summary}`);
    if (!(await row('Signature').locator('.codicon-circle-slash').count())) throw new Error(`the signature is not skipped: ${await row('Signature').innerText()}`);
    if (!(await row('Expiry (exp)').locator('.codicon-error').count())) throw new Error(`exp did not fail: ${await row('Expiry (exp)').innerText()}`);
  });
  await page.mouse.move(700, 880);
  await ui.screenshot('inspector-seed');

  await ui.step('claims that look like Markdown show as text in the hover', async () => {
    await page.keyboard.press('Escape');
    const line = workbench.activeEditorLines().filter({ hasText: payloadOf(hostile) }).first();
    await line.hover({ position: { x: 60, y: 8 } });
    await hover.waitFor({ timeout: TIMEOUT });
    const text = await hover.innerText();
    if (!text.includes('Tenant: $(zap) [run](command:workbench.action.terminal.new) <b>bold</b>')) throw new Error(`the tenant is not shown as text:\n${text}`);
    if (!text.includes('Subject: **x**')) throw new Error(`the subject is not shown as text:\n${text}`);
    const links = await hover.locator('a').allInnerTexts();
    if (links.join('|') !== 'Inspect in Konexus') throw new Error(`the hover has other links: ${links.join(' | ')}`);
    if (await hover.locator('.codicon-zap, b').count()) throw new Error('a claim became an icon or HTML');
  });
  await ui.screenshot('hover-hostile-claims');

  await page.keyboard.press('Escape');
  await trustPartnerIssuer(page, ui, partner, partnerTokens, row);
}

type Partner = Awaited<ReturnType<typeof startKonexusIdp>>;

/** Two tokens from the partner's server in PARTNER_FILE. */
async function writePartnerTokens(ui: UiContext, partner: Partner): Promise<readonly [string, string]> {
  const now = Math.floor(Date.now() / 1000);
  const partnerClaims = (jti: string) => ({ jti, iss: partner.issuer, aud: 'tamarack', iat: now, nbf: now, exp: now + 3600, client_id: 'partner', tenantId: '2024' }); // jti first: the lines differ early
  const first = await partner.sign(partnerClaims('PARTNER-1'));
  const second = await partner.sign(partnerClaims('PARTNER-2'));
  writeFileSync(join(ui.workspace, PARTNER_FILE), `# Tokens from a partner's server (no profile)\n${first}\n${second}\n`);
  return [first, second];
}

async function trustPartnerIssuer(page: Page, ui: UiContext, partner: Partner, [first, second]: readonly [string, string], row: (label: string) => ReturnType<Page['locator']>): Promise<void> {
  const { workbench } = ui;
  const inspectAtCursor = async (token: string) => {
    const line = workbench.activeEditorLines().filter({ hasText: payloadOf(token) }).first();
    await line.click({ position: { x: 60, y: 8 } });
    await workbench.openCommandPalette('Konexus: Inspect Token');
    await workbench.quickInputRows().filter({ has: page.locator('.label-name', { hasText: /^Konexus: Inspect Token$/ }) }).first().click({ timeout: TIMEOUT });
  };

  await ui.step("a partner's token: signature not checked, nothing fetched, and an offer to trust its issuer", async () => {
    await workbench.quickOpen(PARTNER_FILE);
    await inspectAtCursor(first);
    await row('Validation').filter({ hasText: 'signature not checked' }).waitFor({ timeout: TIMEOUT });
    await row('Trust this issuer and verify…').waitFor({ timeout: TIMEOUT });
    if (partner.requests.length) throw new Error(`the partner got requests before any trust: ${partner.requests.map(r => `${r.method} ${r.path}`).join(', ')}`);
  });
  await ui.screenshot('trust-offer');

  const dialog = page.locator('.monaco-dialog-box');
  await ui.step('selecting it asks once, in a modal dialog that says what will be fetched', async () => {
    await row('Trust this issuer and verify…').click();
    await dialog.waitFor({ timeout: TIMEOUT });
    const text = await dialog.innerText();
    for (const expected of [`Trust ${partner.issuer} to sign tokens?`, `${partner.issuer}/.well-known/openid-configuration`, 'No credentials are sent']) {
      if (!text.includes(expected)) throw new Error(`the dialog lacks "${expected}":\n${text}`);
    }
    if (partner.requests.length) throw new Error('the partner got a request before the answer');
  });
  await ui.screenshot('trust-dialog');

  await ui.step('"Trust and Verify" fetches its keys once and the signature passes', async () => {
    await dialog.locator('.monaco-button', { hasText: 'Trust and Verify' }).click();
    await row('Validation').filter({ hasText: 'valid: every check passed' }).waitFor({ timeout: TIMEOUT });
    if (!(await row('Signature').locator('.codicon-check').count())) throw new Error(`the signature did not pass: ${await row('Signature').innerText()}`);
    const seen = partner.requests.map(r => `${r.method} ${r.path}`);
    if (seen.join(', ') !== 'GET /.well-known/openid-configuration, GET /.well-known/openid-configuration/jwks') {
      throw new Error(`the partner saw: ${seen.join(', ')}`);
    }
  });
  await page.mouse.move(700, 880);
  await ui.screenshot('trusted-issuer');

  await ui.step("the partner's next token verifies without asking again, from the cached keys", async () => {
    await inspectAtCursor(second);
    await row('Validation').filter({ hasText: 'valid: every check passed' }).waitFor({ timeout: TIMEOUT });
    if (await dialog.isVisible()) throw new Error('asked again');
    if (partner.requests.length !== 2) throw new Error(`the partner saw ${partner.requests.length} requests, expected the same 2`);
  });
}

/** A line is found by its token's payload: tokens signed by one key share their first characters. */
function payloadOf(jwt: string): string {
  return jwt.split('.')[1]!.slice(0, 40);
}

/** Drags the sash at the side bar's right edge to `x`: the tree's descriptions are the check reasons. */
async function widenSideBar(page: Page, x: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(x, y, { steps: 8 });
  await page.mouse.up();
}
