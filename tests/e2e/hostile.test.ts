/**
 * A whole site built from a hostile flake (tests/fixtures/hostile-secrets): no canary byte anywhere the
 * build writes or prints, the redactions are what a reader sees, and no page opens a dialog.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSite, type Site, suiteSkip } from './harness.ts';
import { buildInSandbox, filesContaining, type SandboxBuild } from './sandbox.ts';

const FLAKE = path.resolve(import.meta.dirname, '../fixtures/hostile-secrets');

/** Every page of a built site, as URL paths. */
function pagesOf(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('index.html'))
    .map((f) => `/${f.split(path.sep).join('/').replace(/index\.html$/, '')}`)
    .sort();
}

describe('a site built from a hostile flake', { skip: suiteSkip() }, () => {
  let build: SandboxBuild;
  let site: Site;
  before(async () => {
    build = buildInSandbox(FLAKE, { title: 'Hostile', secretPaths: ['keys/**'] });
    assert.equal(build.status, 0, build.output);
    site = await openSite(build.root);
  });
  after(async () => {
    await site?.close();
    build?.remove();
  });

  test('no canary byte in dist/, content/generated/, .cache/, flake.json or the build output', () => {
    for (const dir of ['dist', 'content/generated', '.cache']) {
      assert.deepEqual(filesContaining(path.join(build.root, dir), /CANARY/), [], dir);
    }
    assert.doesNotMatch(build.output, /CANARY/);
    assert.match(build.output, /secrets\/read-into-store/);
  });

  test('the host page shows what was read, not its content', async () => {
    const page = await site.page();
    await page.goto(site.url('/hosts/canary/'));
    const text = await page.locator('main').innerText();
    assert.match(text, /‹redacted: read from secrets\/root-hash›/);
    assert.match(text, /‹redacted: initialPassword›/);
  });

  test('no page opens a dialog', async () => {
    const page = await site.page();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    const pages = pagesOf(path.join(build.root, 'dist'));
    assert.ok(pages.length >= 5, `pages: ${pages.join(', ')}`);
    for (const p of pages) await page.goto(site.url(p), { waitUntil: 'load' });
    assert.deepEqual(dialogs, []);
  });
});
