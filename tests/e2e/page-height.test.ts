/** No page of the sample site is taller than 20,000 px at 1280 px: long lists are grouped, collapsed or split. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { suiteSite, suiteSkip } from './harness.ts';
import { MAX_PAGE_HEIGHT, sitePages } from './site-pages.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('page height', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test(`no page of the sample is taller than ${MAX_PAGE_HEIGHT} px at 1280 px`, async () => {
    const page = await site.page();
    await page.setViewportSize({ width: 1280, height: 900 });
    const urls = sitePages(path.join(ROOT, 'dist'));
    assert.ok(urls.length >= 50, `${urls.length} pages`);
    const heights: [string, number][] = [];
    for (const url of urls) {
      await page.goto(site.url(url));
      heights.push([url, await page.evaluate(() => document.documentElement.scrollHeight)]);
    }
    assert.deepEqual(heights.filter(([, h]) => h > MAX_PAGE_HEIGHT).map(([u, h]) => `${u}: ${h} px`), []);
    // The biggest host (hundreds of settings) is among the pages measured, so the bound was tested where it matters.
    assert.ok(heights.some(([u, h]) => u === '/hosts/rich-evans/' && h > 5_000), JSON.stringify(heights.slice(0, 5)));
  });
});
