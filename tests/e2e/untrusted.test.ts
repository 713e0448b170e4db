/**
 * Nothing from the flake runs in the reader's browser: every page of the built sample (the flake's own
 * guide under /guides/ included) opens without a single alert, confirm or prompt, and every sidebar
 * link leads to a page that exists.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { suiteSite, suiteSkip } from './harness.ts';

const DIST = path.resolve(import.meta.dirname, '../../dist');

/** The URL path of every page in dist/ (`/`, `/hosts/bartleby/`, …), sorted. */
function allPages(): string[] {
  return readdirSync(DIST, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith('index.html') && !rel.startsWith('pagefind'))
    .map((rel) => `/${path.dirname(rel).split(path.sep).join('/')}/`.replace(/^\/\.\/$/, '/'))
    .sort();
}

describe('untrusted flake content in the browser', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test('no page opens a dialog, and the flake guide is published under /guides/', async () => {
    const pages = allPages();
    assert.ok(pages.includes('/guides/new-machine-checklist/'), 'the sample flake\'s guide is under /guides/');
    assert.ok(pages.length > 50, `${pages.length} pages`);
    const page = await site.page();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    for (const pathname of pages) await page.goto(site.url(pathname), { waitUntil: 'load' });
    assert.deepEqual(dialogs, []);
  });

  test('every sidebar link leads to a page that exists', async () => {
    const page = await site.page();
    await page.goto(site.url('/guides/new-machine-checklist/'));
    const hrefs = await page.locator('#starlight__sidebar a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    assert.ok(hrefs.includes('/guides/new-machine-checklist/'));
    const pages = new Set(allPages());
    assert.deepEqual(hrefs.filter((href) => href.startsWith('/') && !pages.has(href)), []);
    assert.equal(await page.locator('h2#before-the-first-rebuild').count(), 1, 'guide headings keep ids for the table of contents');
    assert.equal((await page.locator('.sl-markdown-content details summary').innerText()).trim(), 'Why re-key before the first boot?');
  });
});
