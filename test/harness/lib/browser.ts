/**
 * Debian's Chromium, headless, driven by playwright-core (never a browser download), with a fresh profile
 * inside the run folder.
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import type { HostTools } from './hostTools';
import type { Teardown } from './lifecycle';
import type { RunFolder } from './runFolder';

const CHROMIUM_ARGS = [
  '--no-sandbox', // root in CI, no user namespaces in containers
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIEWPORT = { width: 1400, height: 900 };

export interface Browser {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
}

export async function launchBrowser(tools: HostTools, run: RunFolder, teardown: Teardown): Promise<Browser> {
  const context = await chromium.launchPersistentContext(join(run.dir, 'chromium-profile'), {
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    // The harness's teardown closes the browser, after the page is done with; Playwright must not race it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Crash reports and the like stay in the run folder, not in ~/.config.
    env: { ...process.env, TMPDIR: run.tmp, XDG_CONFIG_HOME: join(run.dir, 'xdg', 'chromium-config'), XDG_CACHE_HOME: join(run.dir, 'xdg', 'chromium-cache') },
  });
  teardown.add('browser', () => context.close());
  // A persistent context opens with one blank page: the first newPage() takes it.
  let blank: Page | undefined = context.pages()[0];
  return {
    context,
    async newPage() {
      const page = blank ?? await context.newPage();
      blank = undefined;
      return page;
    },
  };
}
