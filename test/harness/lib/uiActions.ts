/**
 * What several UI scenarios do through the workbench as a person would: run a command from the palette,
 * answer an input box or a quick pick, add a profile step by step, answer the workspace-trust prompt.
 * Each works on the page it is given, so a scenario with two windows can drive either.
 */
import type { Locator, Page } from 'playwright-core';
import { WorkbenchPage } from './workbenchPage';

const TIMEOUT_MS = 30_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs the command whose palette label is exactly `title` (a click: Enter would run the first match). */
export async function runCommand(workbench: WorkbenchPage, title: string): Promise<void> {
  await workbench.openCommandPalette(title);
  const label = workbench.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  await workbench.quickInputRows().filter({ has: label }).first().click({ timeout: TIMEOUT_MS });
}

/**
 * Answers the input box whose title contains `title`: replaces its text with `value` and presses Enter.
 * Waits for that title, so successive boxes of one command are not confused.
 */
export async function answerInputBox(workbench: WorkbenchPage, title: string, value: string): Promise<void> {
  const { page } = workbench;
  await workbench.quickInput().locator('.quick-input-title', { hasText: title }).waitFor({ timeout: TIMEOUT_MS });
  const input = workbench.quickInput().locator('input.input');
  await input.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(value);
  await page.keyboard.press('Enter');
}

/** Picks the quick-pick row whose label is exactly `label`. */
export async function pickItem(workbench: WorkbenchPage, label: string): Promise<void> {
  const name = workbench.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) });
  await workbench.quickInputRows().filter({ has: name }).first().click({ timeout: TIMEOUT_MS });
}

export interface ProfileAnswers {
  readonly name: string;
  readonly authority: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Add Profile's first three boxes: name, authority, client id. */
export async function answerProfileIdentity(workbench: WorkbenchPage, profile: Omit<ProfileAnswers, 'clientSecret'>): Promise<void> {
  await runCommand(workbench, 'Konexus: Add Profile…');
  await answerInputBox(workbench, 'Add Konexus Profile (1/5)', profile.name);
  await answerInputBox(workbench, 'Add Konexus Profile (2/5)', profile.authority);
  await answerInputBox(workbench, 'Add Konexus Profile (3/5)', profile.clientId);
}

/** The credential pick Add Profile shows where the server accepts private_key_jwt (the bundled one does). */
export function credentialPickRow(workbench: WorkbenchPage, label: 'Client secret' | 'Key pair (private_key_jwt)'): Locator {
  return workbench.quickInputRows().filter({ has: workbench.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

/**
 * "Konexus: Add Profile…" answered box by box with a client secret (the scope keeps its default, tamarack).
 * Where the server also takes a key pair, step 4 first asks which credential: "Client secret".
 */
export async function addProfileThroughUi(workbench: WorkbenchPage, profile: ProfileAnswers): Promise<void> {
  await answerProfileIdentity(workbench, profile);
  const secretBox = workbench.quickInput().locator('.quick-input-title', { hasText: /Add Konexus Profile \(4\/5\) · Client secret of/ });
  const pick = credentialPickRow(workbench, 'Client secret').first();
  await secretBox.or(pick).first().waitFor({ timeout: TIMEOUT_MS });
  if (await pick.isVisible()) await pick.click({ timeout: TIMEOUT_MS });
  await answerInputBox(workbench, 'Add Konexus Profile (4/5) · Client secret of', profile.clientSecret);
  await workbench.quickInput().locator('.quick-input-title', { hasText: 'Add Konexus Profile (5/5)' }).waitFor({ timeout: TIMEOUT_MS });
  await workbench.page.keyboard.press('Enter');
}

/**
 * With workspace trust on, code-server opens a folder that is not trusted yet straight in Restricted Mode
 * (no start-up prompt in the web workbench): waits for its status-bar entry and banner.
 */
export async function waitForRestrictedMode(workbench: WorkbenchPage): Promise<void> {
  await workbench.statusBarItem('Restricted Mode').first().waitFor({ timeout: 120_000 });
  await workbench.page.locator('.part.banner', { hasText: 'Restricted Mode is intended for safe code browsing' }).waitFor({ timeout: TIMEOUT_MS });
}

/**
 * Trusts the open folder as a person does: the status bar's "Restricted Mode" opens the Workspace Trust
 * editor, whose "Trust" button trusts this folder (not its parent). `beforeTrust` runs with the editor open.
 */
export async function trustThroughEditor(workbench: WorkbenchPage, beforeTrust?: () => Promise<unknown>): Promise<void> {
  await workbench.statusBarItem('Restricted Mode').first().click();
  const editor = workbench.page.locator('.workspace-trust-editor');
  await editor.waitFor({ timeout: TIMEOUT_MS });
  await beforeTrust?.();
  await editor.locator('.monaco-button', { hasText: /^Trust$/ }).first().click();
  await workbench.statusBarItem('Restricted Mode').first().waitFor({ state: 'detached', timeout: TIMEOUT_MS });
  // The editor opens over the workbench (a modal editor in 1.139) and stays open: close it.
  await workbench.page.locator('a.action-label[aria-label^="Close Modal Editor"]').first().click();
  await editor.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
}

/** A WorkbenchPage for another window (a second page of the same browser profile). */
export function workbenchOf(page: Page): WorkbenchPage {
  return new WorkbenchPage(page);
}

/** Resolves once `condition` holds (checked every 200 ms); throws `message` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, message: string, timeoutMs = TIMEOUT_MS): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(message);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
