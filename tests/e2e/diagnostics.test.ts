/** The Diagnostics page as a reader meets it, on a wide screen and on a phone. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteSite, suiteSkip } from './harness.ts';

describe('the diagnostics page', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  for (const width of [1280, 390]) {
    test(`at ${width} px: rows fit the screen, link to their line and to their code's explanation`, async () => {
      const page = await site.page();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(site.url('/diagnostics/'));
      const rows = page.locator('li.fd-diag');
      assert.ok((await rows.count()) > 0, 'the sample has diagnostics');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling');
      const row = rows.first();
      const box = (await row.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= width, `row inside the screen: ${JSON.stringify(box)}`);
      // The place links to the forge at the line.
      assert.match((await row.locator('.fd-diag-head a').first().getAttribute('href'))!, /^https:\/\/github\.com\/example\/systems\/blob\/main\/flake-src\/.+#L\d+$/);
      // The code leads to its explanation, on this page.
      const code = await row.locator('.fd-diag-code').innerText();
      await row.locator('.fd-diag-code').click();
      const entry = page.locator(`dt[id="code-${code}"]`);
      await entry.waitFor();
      assert.ok(await entry.isVisible());
      assert.ok(await page.evaluate((id) => {
        const r = document.getElementById(id)!.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight;
      }, `code-${code}`), 'the explanation is scrolled into view');
      assert.ok((await entry.locator('xpath=following-sibling::dd[1]').innerText()).includes('Fix:'));
    });
  }
});
