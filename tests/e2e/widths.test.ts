/**
 * Widths, on every page of the built sample and of tests/fixtures/widths-ten-hosts (ten hosts with
 * long names, sixty secrets, long `if …` conditions): at 1280 and 390 px no page scrolls sideways, and
 * every table either fits its content column or sits in a box that scrolls sideways, says so on
 * screen and keeps its first column in view. The fixture is also measured in the dark theme.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Page, type Site, suiteSite, suiteSkip } from './harness.ts';
import { type ServedFlake, serveFlake } from './sandbox.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WIDTHS = [1280, 390];

/** Every page of a built site, as a path (`/hosts/cronut/`). */
function sitePages(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('index.html') && !f.startsWith('pagefind'))
    .map((f) => `/${path.dirname(f)}/`.replace(/^\/\.\/$/, '/'))
    .sort();
}

/** What is too wide on the page open in `page`: the page itself, or a table that neither fits nor scrolls in a box with a cue and a sticky first column. */
async function tooWide(page: Page): Promise<string[]> {
  // Let the table script's resize observers run before measuring.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // No named inner functions: the test loader would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > innerWidth) out.push(`the page is ${root.scrollWidth} px wide`);
    for (const table of document.querySelectorAll<HTMLTableElement>('main table')) {
      if (table.closest('dialog:not([open]), [hidden]') || !table.getBoundingClientRect().width) continue;
      const column = (table.closest('.sl-markdown-content') ?? table.closest('main'))!.getBoundingClientRect();
      const box = table.getBoundingClientRect();
      const what = `table "${(table.querySelector('th')?.textContent ?? '').trim().slice(0, 30)}"`;
      if (table.scrollWidth <= Math.ceil(box.width) + 1 && box.right <= column.right + 1 && box.left >= column.left - 1) continue;
      // It does not fit: it must scroll inside a box that fits the column, with a visible cue and its first column sticky.
      const scroller = table.parentElement?.closest<HTMLElement>('.fd-table-scroll, .fd-matrix');
      const ox = scroller ? getComputedStyle(scroller).overflowX : '';
      if (!scroller || !(ox === 'auto' || ox === 'scroll')) {
        out.push(`${what}: ${Math.round(table.scrollWidth)} px in a ${Math.round(column.width)} px column, in no scroll box`);
        continue;
      }
      const outer = scroller.getBoundingClientRect();
      if (outer.right > column.right + 1) out.push(`${what}: its scroll box reaches ${Math.round(outer.right)} px, past the column's ${Math.round(column.right)} px`);
      const cue = getComputedStyle(scroller, '::before');
      if (!scroller.hasAttribute('data-overflows') || cue.content === 'none' || cue.display === 'none') out.push(`${what}: scrolls with no cue`);
      const first = table.querySelector('tbody tr > :first-child');
      if (first && getComputedStyle(first).position !== 'sticky') out.push(`${what}: its first column scrolls away`);
    }
    return out;
  });
}

/**
 * Measures `pages` of `site` at both widths in one theme, reusing one browser page per width.
 * @param dark whether to measure in the dark theme
 */
async function measure(site: Site, pages: string[], dark: boolean): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    const page = await site.page();
    await page.setViewportSize({ width, height: 900 });
    if (dark) await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
    for (const p of pages) {
      await page.goto(site.url(p));
      if (dark) assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      for (const problem of await tooWide(page)) problems.push(`${width} px ${dark ? 'dark' : 'light'} ${p}: ${problem}`);
    }
    await page.context().close();
  }
  return problems;
}

describe('nothing is wider than the screen, on the sample', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test('every page at 1280 and 390 px: no sideways scroll, every table fits or scrolls in a box with a cue', async () => {
    const pages = sitePages(path.join(ROOT, 'dist'));
    assert.ok(pages.length > 40, `${pages.length} pages`);
    assert.deepEqual(await measure(site, pages, false), []);
  });
});

describe('nothing is wider than the screen, with ten hosts and sixty secrets', { skip: suiteSkip() }, () => {
  let served: ServedFlake;
  before(async () => {
    mkdirSync(path.join(ROOT, '.sandbox'), { recursive: true });
    const flake = mkdtempSync(path.join(ROOT, '.sandbox', 'widths-'));
    cpSync(path.join(ROOT, 'tests/fixtures/widths-ten-hosts'), flake, { recursive: true });
    served = await serveFlake(flake, { title: 'Widths' });
  });
  after(async () => {
    await served?.close();
  });

  test('every page at 1280 and 390 px, light and dark', async () => {
    const pages = sitePages(path.join(served.build.root, 'dist'));
    assert.ok(pages.includes('/secrets/') && pages.includes('/hosts/edge-gateway-frankfurt/'), pages.join(' '));
    const problems = [...(await measure(served.site, pages, false)), ...(await measure(served.site, pages, true))];
    assert.deepEqual(problems, []);
  });

  test('the secrets matrix shows all its recipients at 1280 px without scrolling', async () => {
    const page = await served.site.page();
    await page.goto(served.site.url('/secrets/'));
    const matrix = await page.locator('.fd-matrix').evaluate((m) => ({ scroll: m.scrollWidth, client: m.clientWidth, columns: m.querySelectorAll('thead th').length }));
    assert.equal(matrix.columns, 13, 'the secret column and twelve recipients');
    assert.ok(matrix.scroll <= matrix.client, JSON.stringify(matrix));
  });
});
