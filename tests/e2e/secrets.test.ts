/** The secrets page of the sample: each host's access against the model, and a matrix that scrolls in its own box. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type FlakeModel } from '../../scripts/model/index.ts';
import { hostAccess } from '../../scripts/model/secrets.ts';
import { openSite, type Site, suiteSkip } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the secrets page', { skip: suiteSkip() }, () => {
  let site: Site;
  let model: FlakeModel;
  before(async () => {
    site = await openSite();
    model = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'flake.json'), 'utf8')) as FlakeModel;
  });
  after(async () => {
    await site?.close();
  });

  test("a host's summary line, on its page and on the secrets page, is what the model says", async () => {
    const a = hostAccess(model.secrets, 'marshmallow');
    const expected = `can read ${a.canRead.length}, uses ${a.uses.length}, ${a.overGranted.length} over-granted`;
    assert.ok(a.overGranted.length > 0, 'the sample over-grants marshmallow something');
    const page = await site.page();
    await page.goto(site.url('/hosts/marshmallow/'));
    const fact = page.locator('dd.fd-access a');
    assert.equal(await fact.innerText(), expected);
    await fact.click();
    await page.waitForURL(/\/secrets\/#access-marshmallow$/);
    const row = page.locator('tr', { has: page.locator('#access-marshmallow') });
    assert.match(await row.innerText(), new RegExp(expected));
    for (const id of a.overGranted) assert.ok(await row.getByRole('link', { name: id, exact: true }).isVisible(), id);
  });

  test('over-granted cells are marked, and the matrix scrolls inside its box with the secret names in view', async () => {
    const page = await site.page();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(site.url('/secrets/'));
    const over = model.secrets.secrets.reduce((n, s) => n + model.hosts.filter((h) => hostAccess(model.secrets, h.name).overGranted.includes(s.id)).length, 0);
    assert.ok(over > 0);
    assert.ok((await page.locator('.fd-matrix td.fd-over').count()) >= over);
    // The page itself does not scroll sideways; the matrix does.
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(pageOverflow <= 1, `page overflows by ${pageOverflow}px`);
    const matrix = page.locator('.fd-matrix');
    const { scrollWidth, clientWidth } = await matrix.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    assert.ok(scrollWidth > clientWidth, 'the matrix is wider than the phone and scrolls');
    const firstCell = matrix.locator('tbody th').first();
    const before = await firstCell.boundingBox();
    await matrix.evaluate((el) => el.scrollBy(300, 0));
    const after = await firstCell.boundingBox();
    assert.ok(before && after && Math.abs(before.x - after.x) < 1, 'the secret names stay in place while the matrix scrolls');
  });
});
