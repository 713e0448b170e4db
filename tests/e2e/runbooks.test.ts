/** The generated runbooks and recovery pages, as a reader on a phone sees them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteSite, suiteSkip } from './harness.ts';

describe('runbooks', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test("a host's recovery page fits a 390 px wide phone: nothing overflows sideways outside a scrolling box", async () => {
    const page = await site.page();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(site.url('/recovery/hosts/marshmallow/'));
    assert.equal(await page.locator('h1').first().innerText(), 'Recover marshmallow');
    for (const heading of ['Back to a working generation', 'If it does not boot (systemd-boot)', 'File systems', 'Encrypted devices', 'Secrets needed at boot', 'Backups', 'Runbooks']) {
      assert.ok(await page.getByRole('heading', { name: heading, exact: true }).isVisible(), heading);
    }
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(pageOverflow <= 1, `page overflows by ${pageOverflow}px`);
    // Every element ends inside the window, unless a box that scrolls (a code block, a table) holds it.
    // Written as source text: the test's TypeScript transform would add helpers the page does not have.
    const detect = `(() => {
      const scrolls = (el) => {
        for (let e = el; e && e !== document.body; e = e.parentElement) {
          const o = getComputedStyle(e).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
        }
        return false;
      };
      return [...document.querySelectorAll('main *')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.right > window.innerWidth + 1 && !scrolls(el.parentElement);
        })
        .map((el) => el.tagName.toLowerCase() + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40));
    })()`;
    assert.deepEqual(await page.evaluate(detect), []);
    // The detector sees a planted overflow, so its silence above means something.
    await page.evaluate(`document.querySelector('main p').insertAdjacentHTML('beforeend', '<span class="planted" style="display:inline-block;width:600px">wide</span>')`);
    assert.deepEqual(await page.evaluate(detect), ['span.planted: wide']);
  });

  test('the runbooks link each host to its recovery page and back', async () => {
    const page = await site.page();
    await page.goto(site.url('/troubleshooting/machine-wont-boot/'));
    await page.locator('main').getByRole('link', { name: 'bartleby', exact: true }).first().click();
    await page.waitForURL(/\/recovery\/hosts\/bartleby\/$/);
    assert.ok(await page.getByRole('heading', { name: 'If it does not boot (GRUB)' }).isVisible());
    await page.goto(site.url('/hosts/bartleby/'));
    await page.getByRole('link', { name: 'Recover bartleby' }).click();
    await page.waitForURL(/\/recovery\/hosts\/bartleby\/$/);
  });
});
