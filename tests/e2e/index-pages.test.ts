/**
 * Index pages of the built sample: the filter box narrows the hosts and tickets tables as the reader
 * types, and without JavaScript there is no box and every row shows.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteSite, suiteSkip } from './harness.ts';

describe('index pages', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test('the hosts filter keeps the rows holding every typed word, and says how many', async () => {
    const page = await site.page();
    await page.goto(site.url('/hosts/'));
    const box = page.getByRole('searchbox', { name: 'Filter hosts' });
    const rows = page.locator('.fd-filterable tbody tr');
    const total = await rows.count();
    assert.equal(total, 7);
    await box.fill('MARSHMALLOW');
    assert.deepEqual(await page.locator('.fd-filterable tbody tr:visible td:first-child').allInnerTexts(), ['marshmallow', 'miscguy@marshmallow']);
    assert.equal(await page.locator('.fd-filter-count').innerText(), `2 of ${total} rows match`);
    await box.fill('no such host');
    assert.equal(await page.locator('.fd-filterable table').isVisible(), false, 'a table with no matching row is hidden');
    await box.fill('');
    assert.equal(await page.locator('.fd-filterable tbody tr:visible').count(), total);
    assert.equal(await page.locator('.fd-filter-count').innerText(), '');
  });

  test('the tickets index lists every ticket and filters them by status', async () => {
    const page = await site.page();
    await page.goto(site.url('/tickets/'));
    assert.equal(await page.locator('.fd-filterable tbody tr').count(), 22);
    await page.getByRole('searchbox', { name: 'Filter tickets' }).fill('SEC- blocked');
    const ids = await page.locator('.fd-filterable tbody tr:visible td:first-child').allInnerTexts();
    assert.ok(ids.length > 0 && ids.every((id) => id.startsWith('SEC-')), ids.join(', '));
    await page.locator('.fd-filterable tbody tr:visible a').first().click();
    await page.waitForURL(/\/tickets\/SEC-\d+\/$/);
  });

  test('without JavaScript there is no filter box and every row shows', async () => {
    const page = await site.page();
    const context = await page.context().browser()!.newContext({ javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      await plain.goto(site.url('/options/'));
      assert.equal(await plain.locator('.fd-filter-input').count(), 0);
      const rows = await plain.locator('.fd-filterable tbody tr').count();
      assert.ok(rows > 20, `${rows} rows`);
      assert.equal(await plain.locator('.fd-filterable tbody tr:visible').count(), rows);
    } finally {
      await context.close();
      await page.context().close();
    }
  });
});
