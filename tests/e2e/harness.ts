/**
 * End-to-end harness: serves the built site with `astro preview` on a free port and drives Debian's
 * Chromium through playwright-core. Without a browser the suite is skipped (with the install hint),
 * except under CI, where a missing browser fails it.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, type TestContext } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/site/mermaid-renderer.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Why the end-to-end suite cannot run here, or undefined when it can; throws under CI. */
export function skipReason(): string | undefined {
  const missing: string[] = [];
  if (!findChromium()) missing.push('no Chromium found (install it: apt-get install -y chromium, or set CHROMIUM_PATH)');
  if (!existsSync(path.join(ROOT, 'dist', 'index.html'))) missing.push('no built site in dist/ (run npm run build)');
  if (!missing.length) return undefined;
  if (process.env.CI === 'true') throw new Error(`end-to-end suite cannot run under CI: ${missing.join('; ')}`);
  return missing.join('; ');
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A served site and a browser, for one test file. */
export interface Site {
  url(pathname: string): string;
  page(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Serves a built site on a free port and starts Chromium.
 * @param root the project whose dist/ is served (the sample's by default; a sandbox copy for other flakes)
 */
export async function openSite(root = ROOT): Promise<Site> {
  const { preview } = await import('astro');
  const port = await freePort();
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const server = await preview({ root, logLevel: 'error', server: { port, host: '127.0.0.1' } });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    url: (pathname) => `${base}${pathname}`,
    async page() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      return context.newPage();
    },
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/** The built sample site for the suite this is called in: opened before its tests, closed after them. */
export function suiteSite(): Site {
  let site: Site | undefined;
  before(async () => {
    site = await openSite();
  });
  after(async () => {
    await site?.close();
  });
  return { url: (pathname) => site!.url(pathname), page: () => site!.page(), close: async () => site?.close() };
}

/**
 * Opens Starlight's search dialog and returns its input once Pagefind's UI is in it. The page builds
 * that UI on idle after load and wires the button when its custom element is defined; on a busy
 * machine a click before either does nothing, so wait for both, then click until the dialog is open.
 */
export async function openSearchDialog(page: Page): Promise<ReturnType<Page['locator']>> {
  await page
    .waitForFunction(() => !!customElements.get('site-search') && !!document.querySelector('#starlight__search .pagefind-ui__search-input'), null, {
      timeout: 60_000,
    })
    .catch(async (error: Error) => {
      const state = await page.evaluate(() => ({
        element: !!customElements.get('site-search'),
        box: !!document.querySelector('#starlight__search .pagefind-ui'),
        readyState: document.readyState,
      }));
      throw new Error(`the search box was not built: ${JSON.stringify(state)} (${error.message})`);
    });
  const input = page.locator('#starlight__search .pagefind-ui__search-input');
  for (let attempt = 0; !(await input.isVisible()); attempt++) {
    if (attempt === 5) throw new Error('the search dialog did not open after 5 clicks');
    await page.click('site-search button[data-open-modal]');
    await input.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  return input;
}

/** Registers the skip for a test file's suite: `describe('…', { skip: suiteSkip() }, …)`. */
export function suiteSkip(): string | false {
  return skipReason() ?? false;
}

export type { Page, TestContext };
