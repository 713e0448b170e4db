/**
 * The runbook-full fixture built with zero configuration of its own: its README, docs/ folder and host
 * README; its registry's fields and helpers on the hosts index and host pages; its users; disko's
 * labels and the separate /boot on the recovery page; its devShell commands, apps and packages on the
 * Commands page and in the rebuild runbook; jj commands for its .jj checkout. Each is checked at 1280
 * and 390 px, and no page of the site is taller than 20,000 px at 1280.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Page, suiteSkip } from './harness.ts';
import { MAX_PAGE_HEIGHT, sitePages } from './site-pages.ts';
import { serveFlake, type ServedFlake } from './sandbox.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'tests/fixtures/runbook-full');

/** Where each item of the fixture must appear: the page, and text a reader sees there. */
const ITEMS: { what: string; url: string; texts: (string | RegExp)[] }[] = [
  { what: 'README as the overview', url: '/guides/overview/', texts: ['Two machines on one mesh'] },
  { what: 'docs/ as guides', url: '/guides/docs/architecture/', texts: ['Every host is built from its entry in the registry by a helper'] },
  { what: 'the host README on the host page', url: '/hosts/forge/', texts: ['Notes', 'Forge'] },
  { what: "the registry's useful fields and the helpers on the hosts index", url: '/hosts/', texts: ['Role', 'Purpose', 'Built by', 'Git forge and build runner', "Mira's workstation", 'mkServer', 'mkDesktop'] },
  { what: 'the registry entry and helper on the host page', url: '/hosts/forge/', texts: ['Registry entry', 'meshIp', '"10.40.0.2"', 'hosts/registry.nix:3', 'mkServer'] },
  { what: 'normal and home-manager users', url: '/hosts/lantern/', texts: [/Users\s*mira/] },
  { what: "disko's labels and the separate /boot", url: '/recovery/hosts/forge/', texts: ['sudo mount /dev/disk/by-partlabel/disk-main-root /mnt', 'sudo mount /dev/disk/by-partlabel/disk-main-ESP /mnt/boot'] },
  { what: "the devShell's commands, apps and packages", url: '/maintenance/commands/', texts: ['deploy', 'Re-encrypt every secret to the keys in the registry', 'nix run .#gen-cert', 'nix build .#handbook', 'nix develop .#ops'] },
  { what: "the flake's deploy command in the rebuild runbook", url: '/maintenance/rebuild-and-deploy/', texts: ["This flake's commands", 'nix develop -c deploy'] },
  { what: 'jj commands for a .jj checkout', url: '/maintenance/update-inputs/', texts: ['jj diff flake.lock'] },
];

/** The page's width overflow (px beyond the window) and whether each text is visible in main. */
async function check(page: Page, texts: (string | RegExp)[]): Promise<{ overflow: number; missing: string[] }> {
  const missing: string[] = [];
  for (const t of texts) {
    const found = page.locator('main').getByText(t, { exact: typeof t === 'string' ? false : undefined }).first();
    if (!(await found.isVisible())) missing.push(String(t));
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  return { overflow, missing };
}

describe('runbook-full: a flake with its own docs, a registry, helpers and commands', { skip: suiteSkip() }, () => {
  let served: ServedFlake;
  before(async () => {
    // serveFlake removes the folder it builds: build a copy of the fixture.
    const copy = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-runbook-full-'));
    cpSync(FIXTURE, copy, { recursive: true });
    const shipped = JSON.parse(readFileSync(path.join(ROOT, 'flake-docs.config.json'), 'utf8')) as Record<string, unknown>;
    served = await serveFlake(copy, shipped);
  });
  after(async () => {
    await served?.close();
  });

  for (const width of [1280, 390]) {
    test(`each item appears where described, at ${width} px, with nothing overflowing the page`, async () => {
      const page = await served.site.page();
      await page.setViewportSize({ width, height: 900 });
      const problems: string[] = [];
      for (const item of ITEMS) {
        await page.goto(served.site.url(item.url));
        const { overflow, missing } = await check(page, item.texts);
        if (missing.length) problems.push(`${item.what} (${item.url}): not visible: ${missing.join(', ')}`);
        if (overflow > 1) problems.push(`${item.what} (${item.url}): the page overflows by ${overflow} px`);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('the Commands page is reached from the rebuild runbook', async () => {
    const page = await served.site.page();
    await page.goto(served.site.url('/maintenance/rebuild-and-deploy/'));
    await page.locator('main').getByRole('link', { name: 'the Commands page' }).click();
    await page.waitForURL(/\/maintenance\/commands\/$/);
    assert.equal(await page.locator('h1').first().innerText(), 'Commands');
  });

  test(`no page is taller than ${MAX_PAGE_HEIGHT} px at 1280 px`, async () => {
    const page = await served.site.page();
    const urls = sitePages(path.join(served.build.root, 'dist'));
    assert.ok(urls.length >= 20, urls.join(', '));
    const tall: string[] = [];
    for (const url of urls) {
      await page.goto(served.site.url(url));
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (height > MAX_PAGE_HEIGHT) tall.push(`${url}: ${height} px`);
    }
    assert.deepEqual(tall, []);
  });
});
