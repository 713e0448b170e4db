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

    // The host's settings are grouped, and a group longer than a screen is collapsed: open it first.
    const group = page.locator('details.fd-group', { has: page.locator('a', { hasText: /^systems\.backups\.jobs\.nextcloud\.paths$/ }) });
    if (await group.count()) await group.locator('summary').click();
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

describe("an option's value on each host and the host's effective values agree", { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test('systems.boot.loader: from its page to rich-evans, the same value and origin', async () => {
    const option = 'systems.boot.loader';
    const page = await site.page();
    await page.goto(site.url(`/options/nixos/boot/#${encodeURI(option)}`));
    const list = page.locator(`xpath=//h2[@id="${option}"]/following::dl[contains(@class, "fd-option-fields")][1]//ul[contains(@class, "fd-effective")]`);
    await list.waitFor();
    const line = list.locator('li').filter({ has: page.getByRole('link', { name: 'rich-evans', exact: true }) });
    assert.equal(await line.innerText(), 'rich-evans: "systemd-boot" from hosts/rich-evans/configuration.nix:14');

    await line.getByRole('link', { name: 'rich-evans', exact: true }).click();
    await page.waitForURL(/\/hosts\/rich-evans\/$/);
    const row = page.locator('.fd-effective tr').filter({ has: page.getByRole('link', { name: option, exact: true }) });
    assert.equal((await row.locator('td').nth(1).innerText()).replace(/\s+/g, ' ').trim(), '"systemd-boot" from hosts/rich-evans/configuration.nix:14');
  });
});
