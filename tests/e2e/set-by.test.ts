/** An option's "Set on these hosts" leads to a host page, whose setting leads back to the option. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteSite, suiteSkip } from './harness.ts';

describe('option ↔ host links in the built site', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test('an option lists its hosts; one host page links the setting back to the option', async () => {
    const option = 'systems.backups.jobs.<name>.paths';
    const page = await site.page();
    await page.goto(site.url(`/options/nixos/backups/#${encodeURI(option)}`));
    // The option's own field list: the first after its heading.
    const list = page.locator(`xpath=//h2[@id="${option}"]/following::dl[contains(@class, "fd-option-fields")][1]//ul[contains(@class, "fd-set-by")]`);
    await list.waitFor();
    assert.ok(await list.isVisible());
    const hosts = await list.locator('a[href^="/hosts/"]').allInnerTexts();
    assert.deepEqual([...new Set(hosts)].sort(), ['marshmallow', 'rich-evans', 'total-eclipse']);
    assert.match(await list.innerText(), /rich-evans: nextcloud = \[ "\/var\/lib\/nextcloud\/data" "\/var\/backup\/nextcloud" \]/);

    await list.getByRole('link', { name: 'rich-evans', exact: true }).first().click();
    await page.waitForURL(/\/hosts\/rich-evans\/$/);
    assert.equal(await page.locator('h1').first().innerText(), 'rich-evans');

    await page.locator('.fd-settings').getByRole('link', { name: 'systems.backups.jobs.nextcloud.paths', exact: true }).click();
    await page.waitForURL(/\/options\/nixos\/backups\/#/);
    assert.equal(decodeURIComponent(new URL(page.url()).hash.slice(1)), option);
    const heading = page.locator(`[id="${option}"]`);
    assert.equal(await heading.innerText(), option);
    assert.ok(await heading.isVisible());
    // The browser scrolled to the anchor: the heading is in the viewport.
    const box = await heading.boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 900, `heading in view at y=${box?.y}`);
  });
});
