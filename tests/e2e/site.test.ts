/** What a reader of the built sample site sees, in a real Chromium. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openSearchDialog, type Page, suiteSite, suiteSkip } from './harness.ts';

/** Opens the search dialog, types a query and waits for results. */
async function search(page: Page, query: string): Promise<void> {
  const input = await openSearchDialog(page);
  await input.fill(query);
  await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
}

describe('the built site', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test('the home page shows the title and the way into the guides', async () => {
    const page = await site.page();
    await page.goto(site.url('/'));
    assert.equal(await page.locator('h1').first().innerText(), 'Systems flake');
    assert.ok(await page.getByRole('link', { name: 'A machine will not boot' }).isVisible());
  });

  test('the sidebar lists every section and leads to a guide page', async () => {
    const page = await site.page();
    await page.goto(site.url('/hosts/'));
    const sidebar = page.locator('#starlight__sidebar');
    for (const label of ['Setup', 'Maintenance', 'Troubleshooting', 'Recovery', 'Hosts', 'Options', 'Secrets', 'Roadmap', 'Tickets']) {
      assert.ok(await sidebar.getByText(label, { exact: true }).first().isVisible(), `sidebar section ${label}`);
    }
    await sidebar.getByRole('link', { name: /roll back/i }).first().click();
    await page.waitForURL(/\/recovery\/roll-back-a-generation\/$/);
    assert.match(await page.locator('h1').first().innerText(), /roll back/i);
    assert.ok(await page.getByText('nixos-rebuild switch --rollback').first().isVisible());
  });

  test('the search box finds a guide page', async () => {
    const page = await site.page();
    await page.goto(site.url('/'));
    await search(page, 'nixos-enter');
    const first = page.locator('.pagefind-ui__result-link').first();
    assert.match((await first.getAttribute('href')) ?? '', /\/troubleshooting\//);
    await first.click();
    await page.waitForURL(/\/troubleshooting\//);
  });

  test('mermaid diagrams are inline SVG that follow the light and dark theme, with no mermaid script', async () => {
    const page = await site.page();
    await page.goto(site.url('/troubleshooting/machine-wont-boot/'));
    const figure = page.locator('figure.mermaid-diagram').first();
    await figure.waitFor();
    assert.ok(await figure.locator('.mermaid-light svg').isVisible());
    assert.equal(await figure.locator('.mermaid-dark svg').isVisible(), false);
    const scripts = await page.locator('script[src]').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
    assert.ok(scripts.every((s) => !/mermaid/i.test(s ?? '')), `no mermaid script: ${scripts.join(', ')}`);
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    assert.ok(await figure.locator('.mermaid-dark svg').isVisible());
    assert.equal(await figure.locator('.mermaid-light svg').isVisible(), false);
  });

  test('searching for an option lands on its anchor', async () => {
    const page = await site.page();
    await page.goto(site.url('/'));
    await search(page, 'backup paths');
    const nested = page.locator('.pagefind-ui__result-nested .pagefind-ui__result-link', { hasText: 'paths' }).first();
    await nested.waitFor();
    const href = (await nested.getAttribute('href')) ?? '';
    assert.match(href, /\/options\/nixos\/[^#]+\/#.+paths/);
    await nested.click();
    await page.waitForURL(/#.+paths/);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const heading = page.locator(`[id="${id}"]`);
    assert.ok(await heading.isVisible());
    assert.equal(await heading.innerText(), id);
  });

  test('a host page shows its imports graph and links its profiles', async () => {
    const page = await site.page();
    await page.goto(site.url('/hosts/rich-evans/'));
    assert.equal(await page.locator('h1').first().innerText(), 'rich-evans');
    assert.ok(await page.locator('figure.mermaid-diagram .mermaid-light svg').first().isVisible());
    await page.locator('.fd-facts').getByRole('link', { name: 'server' }).click();
    await page.waitForURL(/\/profiles\/server\/$/);
  });

  test('clicking a node of the roadmap graph opens that ticket', async () => {
    const page = await site.page();
    await page.goto(site.url('/roadmap/graph/'));
    const node = page.locator('figure.mermaid-diagram .mermaid-light svg a', { hasText: 'INFRA-2' }).first();
    await node.waitFor();
    await node.click();
    await page.waitForURL(/\/tickets\/INFRA-2\/$/);
    assert.match(await page.locator('h1').first().innerText(), /INFRA-2/);
    assert.ok(await page.getByRole('link', { name: 'INFRA-1' }).first().isVisible());
  });
});
