/**
 * The few things UI scenarios do with VS Code's workbench, by its DOM: wait for it, find a file in the
 * explorer, open it, read the editor, use the command palette and quick open. Selectors are VS Code's own
 * class names (stable across many releases; checked on 1.139.1).
 */
import type { Locator, Page } from 'playwright-core';

const READY_TIMEOUT_MS = 120_000;
const TIMEOUT_MS = 30_000;

export class WorkbenchPage {
  constructor(readonly page: Page) {}

  /** The workbench is laid out: editor area, status bar and the explorer of the opened folder. */
  async waitUntilReady(timeout = READY_TIMEOUT_MS): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout });
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout });
    await this.page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout });
  }

  /** A row of the explorer's tree, by the file or folder name it shows. */
  explorerRow(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
  }

  /** Opens a file by clicking it in the explorer and waits for its editor. */
  async openFromExplorer(name: string): Promise<void> {
    await this.explorerRow(name).click();
    await this.waitForEditor(name);
  }

  /** Opens a file with quick open (Ctrl+P) and waits for its editor. */
  async quickOpen(name: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.press('Control+P');
    await this.quickInput().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    await this.page.keyboard.type(name);
    // A click on the row that names the file: Enter would open whichever row is focused while the search
    // is still filtering (seen under load: another file opened).
    const row = this.quickInputRows().filter({ hasText: name }).first();
    await row.waitFor({ timeout: TIMEOUT_MS });
    await row.click({ timeout: TIMEOUT_MS });
    await this.waitForEditor(name);
  }

  /** The active editor's tab shows `name` and its text is rendered. */
  async waitForEditor(name: string): Promise<void> {
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: TIMEOUT_MS });
    await this.activeEditorLines().first().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  }

  /** The rendered lines of the active editor (only those in view: Monaco virtualises the rest). */
  activeEditorLines(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  }

  async activeEditorText(): Promise<string> {
    return (await this.activeEditorLines().allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  }

  /** Opens the command palette (F1) and types `text` after its `>`. */
  async openCommandPalette(text = ''): Promise<void> {
    await this.focus();
    await this.page.keyboard.press('F1');
    await this.quickInput().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    if (text) await this.page.keyboard.type(text);
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  quickInputRows(): Locator {
    return this.page.locator('.quick-input-widget .monaco-list-row');
  }

  /** The labels of the quick input's rows once its list has settled on `text`'s results. */
  async quickInputLabels(): Promise<string[]> {
    // The list refilters after each keystroke; give it a moment to settle before reading.
    await this.page.waitForTimeout(500);
    return (await this.quickInputRows().locator('.label-name').allInnerTexts()).map(label => label.trim());
  }

  async closeQuickInput(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.quickInput().waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  /** An activity bar entry (a view container) by its accessible name. */
  activityBarItem(label: string | RegExp): Locator {
    return this.page.locator('.part.activitybar').getByRole('tab', { name: label });
  }

  /** A status bar entry by its text. */
  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.statusbar-item', { hasText: text });
  }

  /** Gives the workbench keyboard focus (headless pages start without it). */
  private async focus(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.statusbar').click({ position: { x: 2, y: 2 } }).catch(() => undefined);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
