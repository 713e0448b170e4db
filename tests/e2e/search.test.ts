/**
 * Search finds the thing typed, in the real search box of the built sample: the first result (the
 * page, and the first section under it) for an option by two words of its name, a host by its name,
 * a ticket by its id and an option by a word of its description; results can be filtered by kind.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { searchUiFiles, servedBytes } from '../../scripts/bench/site-measure.ts';
import { openSearchDialog, type Page, suiteSite, suiteSkip } from './harness.ts';

/** Types `query` into the search dialog; returns the first result's page link and its first section link. */
async function firstResult(page: Page, query: string): Promise<{ page: string; section: string | undefined }> {
  const input = await openSearchDialog(page);
  await input.fill(query);
  const first = page.locator('.pagefind-ui__result').first();
  await first.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
  // Results load their data one by one; wait until the first one has settled.
  await page.waitForTimeout(300);
  const links = await first.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return { page: links[0]!, section: links[1] };
}

describe('search', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  const cases: [query: string, page: string, section: string | undefined][] = [
    ['backups paths', '/options/nixos/backups/', '/options/nixos/backups/#systems.backups.jobs.<name>.paths'],
    ['backblaze', '/options/nixos/backups/', '/options/nixos/backups/#systems.backups.repositoryBase'],
    ['marshmallow', '/hosts/marshmallow/', undefined],
    ['INFRA-2', '/tickets/INFRA-2/', undefined],
  ];
  for (const [query, expectedPage, expectedSection] of cases) {
    test(`"${query}" finds ${expectedSection ?? expectedPage} first`, async () => {
      const page = await site.page();
      await page.goto(site.url('/'));
      const got = await firstResult(page, query);
      assert.equal(decodeURI(got.page), expectedPage);
      if (expectedSection) assert.equal(decodeURI(got.section ?? ''), expectedSection);
    });
  }

  test('no excerpt repeats an option name split into words (those words are for the index only)', async () => {
    const page = await site.page();
    await page.goto(site.url('/'));
    await firstResult(page, 'backups paths');
    const excerpts = await page.locator('.pagefind-ui__result-excerpt').allInnerTexts();
    assert.ok(excerpts.length > 1, 'results with excerpts');
    for (const e of excerpts) assert.doesNotMatch(e, /systems backups jobs name|backups jobs name paths|jobs name paths/i, e);
    assert.ok(excerpts.some((e) => /Paths/.test(e)), excerpts.join(' | '));
  });

  test('every page carries its kind as a search filter, and a filter narrows the results', async () => {
    const page = await site.page();
    await page.goto(site.url('/'));
    const { kinds, hosts } = await page.evaluate(async () => {
      const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
      await pagefind.init();
      const found = await pagefind.search('marshmallow', { filters: { kind: 'Hosts' } });
      const urls: string[] = await Promise.all(found.results.map(async (r: { data(): Promise<{ url: string }> }) => (await r.data()).url));
      return { kinds: Object.keys((await pagefind.filters()).kind).sort(), hosts: urls };
    });
    assert.deepEqual(kinds, ['Diagnostics', 'Guides', 'Hosts', 'Options', 'Secrets', 'Tickets']);
    assert.ok(hosts.length > 0);
    assert.ok(hosts.every((u) => /^\/(hosts|profiles)\//.test(u)), hosts.join(' '));
  });

  /** Opens the search dialog on the home page; returns the page and the search input. */
  async function openSearch(): Promise<{ page: Page; input: ReturnType<Page['locator']> }> {
    const page = await site.page();
    await page.goto(site.url('/'));
    return { page, input: await openSearchDialog(page) };
  }

  test('results come as you type, with their count, and Escape empties the box', async () => {
    const { page, input } = await openSearch();
    await input.pressSequentially('restic', { delay: 40 });
    const message = page.locator('#starlight__search .pagefind-ui__message');
    await page.waitForFunction(() => /results? for restic$/.test(document.querySelector('#starlight__search .pagefind-ui__message')?.textContent ?? ''));
    const count = Number((await message.innerText()).split(' ')[0]);
    assert.ok(count > 0);
    assert.equal(await page.locator('.pagefind-ui__result').count(), Math.min(count, 5));
    await input.press('Escape');
    assert.equal(await input.inputValue(), '');
    assert.equal(await page.locator('#starlight__search .pagefind-ui__drawer').isVisible(), false);
  });

  test('a query that matches nothing says so', async () => {
    const { page, input } = await openSearch();
    await input.fill('zzqxjwv');
    const message = page.locator('#starlight__search .pagefind-ui__message');
    await page.waitForFunction(() => document.querySelector('#starlight__search .pagefind-ui__message')?.textContent === 'No results for zzqxjwv');
    assert.equal(await message.innerText(), 'No results for zzqxjwv');
    assert.equal(await page.locator('.pagefind-ui__result').count(), 0);
    assert.equal(await page.locator('.pagefind-ui__button').isVisible(), false);
  });

  test('five results at first, their fragments only; "Load more results" lists and fetches five more', async () => {
    const { page, input } = await openSearch();
    const fragments = new Set<string>();
    page.on('request', (request) => {
      if (request.url().includes('/pagefind/fragment/')) fragments.add(request.url());
    });
    await input.fill('backups paths');
    await page.waitForFunction(() => document.querySelectorAll('#starlight__search .pagefind-ui__result .pagefind-ui__result-link').length >= 5);
    const total = Number((await page.locator('#starlight__search .pagefind-ui__message').innerText()).split(' ')[0]);
    assert.ok(total > 10, `${total} results`);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.pagefind-ui__result').count(), 5);
    assert.equal(fragments.size, 5);
    await page.locator('.pagefind-ui__button', { hasText: 'Load more results' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#starlight__search .pagefind-ui__result:not(:has(.pagefind-ui__loading))').length === 10);
    assert.equal(await page.locator('.pagefind-ui__result').count(), 10);
    assert.equal(fragments.size, 10);
  });

  test('ticking a kind in the filter panel narrows the results to it, and the panel counts each kind', async () => {
    const { page, input } = await openSearch();
    await input.fill('marshmallow');
    await page.locator('.pagefind-ui__result-link').first().waitFor();
    const hosts = page.locator('.pagefind-ui__filter-value', { hasText: 'Hosts' });
    const label = await hosts.locator('label').innerText();
    assert.match(label, /^Hosts \(\d+\)$/);
    await hosts.locator('input').check();
    const expected = Number(/\((\d+)\)/.exec(label)![1]);
    await page.waitForFunction((n) => document.querySelector('#starlight__search .pagefind-ui__message')?.textContent === `${n} result${n === 1 ? '' : 's'} for marshmallow`, expected);
    await page.waitForTimeout(300);
    const links = await page.locator('.pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(links.length > 0);
    assert.ok(links.every((u) => /^\/(hosts|profiles)\//.test(u)), links.join(' '));
    assert.match(await page.locator('.pagefind-ui__filter-value', { hasText: 'Options' }).locator('label').innerText(), /^Options \(\d+\)$/);
  });

  test('arrow keys move from the input through the result links and back; Enter opens the first result', async () => {
    const { page, input } = await openSearch();
    await input.fill('backups paths');
    await page.locator('.pagefind-ui__result-nested .pagefind-ui__result-link').first().waitFor();
    const links = page.locator('#starlight__search .pagefind-ui__result-link');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.tagName);
    await input.press('ArrowDown');
    assert.equal(await focused(), await links.nth(0).getAttribute('href'));
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), await links.nth(1).getAttribute('href'));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'INPUT');
    await input.press('Enter');
    await page.waitForURL(/\/options\/nixos\/backups\/$/);
    assert.equal(await page.locator('site-search dialog').evaluate((d) => (d as HTMLDialogElement).open), false);
  });

  test('excerpts hold text and <mark> only: page text that looks like markup shows as text', async () => {
    const { page, input } = await openSearch();
    await input.fill('backups paths');
    await page.locator('.pagefind-ui__result-nested .pagefind-ui__result-excerpt mark').first().waitFor();
    await page.waitForTimeout(300);
    const { tags, texts } = await page.evaluate(() => {
      const excerpts = [...document.querySelectorAll('#starlight__search .pagefind-ui__result-excerpt')];
      return { tags: [...new Set(excerpts.flatMap((e) => [...e.querySelectorAll('*')].map((c) => c.tagName)))], texts: excerpts.map((e) => e.textContent ?? '') };
    });
    assert.deepEqual(tags, ['MARK']);
    assert.ok(texts.some((t) => t.includes('systems.backups.jobs.<name>.paths')), texts.join('\n'));
  });

  /** The search files the first query for `query` makes the browser fetch (Pagefind's and the box's own chunk), each with its size as a static host serves it. */
  async function firstQueryFiles(query: string): Promise<Map<string, number>> {
    const dist = path.resolve(import.meta.dirname, '../../dist');
    const ui = searchUiFiles(dist).map((f) => `/${f}`);
    assert.ok(ui.length > 0, 'the search box is a chunk of its own under _astro/');
    const page = await site.page();
    const files = new Set<string>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/pagefind/') || ui.includes(url.pathname)) files.add(url.pathname);
    });
    await page.goto(site.url('/'));
    await firstResult(page, query);
    for (const f of ui) assert.ok(files.has(f), `the browser fetched ${f}: ${[...files].join(' ')}`);
    return new Map([...files].map((f) => [f, servedBytes(path.join(dist, decodeURIComponent(f)))]));
  }

  /** The sum of the sizes of the files whose path matches `re`. */
  const sum = (files: Map<string, number>, re = /./) => [...files].filter(([f]) => re.test(f)).reduce((n, [, b]) => n + b, 0);

  // Issue 13 asks for at most 100 KB. Pagefind's runtime alone is 72 KB (wasm 58 KB, pagefind.js 13 KB,
  // gzip), and every index chunk it fetches is about 28 KB here: Pagefind closes a chunk at 20,000 word
  // locations, not configurable, so a word costs as much on a large site. One word therefore costs
  // about 110 KB and two words in different chunks about 145 KB; these limits keep those figures from
  // growing, and the README has the breakdown. Files Pagefind stores gzip count as stored; exactly one
  // wasm (the site's language) is fetched; the search box itself stays under 6 KB.
  test('the first query transfers at most 150 KB for two words and 115 KB for one, gzip as static hosts serve it; one wasm; the box is under 6 KB of it', async () => {
    const two = await firstQueryFiles('backups paths');
    const one = await firstQueryFiles('marshmallow');
    for (const files of [two, one]) {
      const list = [...files.keys()].join(' ');
      assert.ok(sum(files, /^\/_astro\//) <= 6 * 1024, `the search box: ${sum(files, /^\/_astro\//)} bytes`);
      assert.ok(![...files.keys()].some((f) => f.includes('worker')), `no web worker: ${list}`);
      assert.ok(![...files.keys()].some((f) => /^\/pagefind\/pagefind-(component-|modular-)?ui/.test(f)), `none of Pagefind's own UIs: ${list}`);
      assert.deepEqual([...files.keys()].filter((f) => f.includes('/wasm.')), ['/pagefind/wasm.en.pagefind'], list);
      assert.equal([...files.keys()].filter((f) => f.includes('/fragment/')).length, 5, list);
    }
    assert.ok(sum(two) <= 150 * 1024, `${sum(two)} bytes in ${[...two.keys()].join(' ')}`);
    assert.ok(sum(one) <= 115 * 1024, `${sum(one)} bytes in ${[...one.keys()].join(' ')}`);
  });
});
