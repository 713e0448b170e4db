/**
 * A site built from tests/fixtures/names-hostile: namesakes (a NixOS and a home `laptop`, two
 * `desktop.nix` profiles, `web` and `web` + zero-width space), a host with a right-to-left override
 * and look-alikes. The build succeeds with every page once, the names/* warnings and no stack trace;
 * the names show their invisible characters as markers on the hosts index, the host page and in
 * search results; no override character is anywhere in dist/.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { suiteSkip } from './harness.ts';
import { filesContaining, type ServedFlake, serveFlake } from './sandbox.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('a site built from namesakes and hostile names', { skip: suiteSkip() }, () => {
  let served: ServedFlake;
  before(async () => {
    mkdirSync(path.join(ROOT, '.sandbox'), { recursive: true });
    const flake = mkdtempSync(path.join(ROOT, '.sandbox', 'names-'));
    cpSync(path.join(ROOT, 'tests/fixtures/names-hostile'), flake, { recursive: true });
    served = await serveFlake(flake, { title: 'Names' });
  });
  after(async () => {
    await served?.close();
  });

  test('the build succeeds, each thing has its page, the warnings are printed and no stack trace', () => {
    const { output, root } = served.build;
    for (const code of ['names/collision', 'names/invisible', 'names/confusable']) assert.match(output, new RegExp(`\\[${code}\\]`));
    // Namesakes of another class or folder are notes: in flake.json and on the Diagnostics page, not printed.
    const model = JSON.parse(readFileSync(path.join(root, 'dist', 'flake.json'), 'utf8')) as { diagnostics: { code: string; severity: string }[] };
    assert.deepEqual(model.diagnostics.filter((d) => d.code === 'names/namesake').map((d) => d.severity), ['info', 'info']);
    assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m);
    for (const page of ['hosts/laptop', 'hosts/home-laptop', 'hosts/web', 'hosts/web-2', 'hosts/bad-evil', 'profiles/desktop', 'profiles/nixos-profiles-desktop', 'recovery/hosts/home-laptop']) {
      assert.ok(existsSync(path.join(root, 'dist', page, 'index.html')), page);
    }
  });

  test('no right-to-left override or other bidi control anywhere in dist/', () => {
    // The UTF-8 bytes of U+202A–U+202E and U+2066–U+2069, read as latin1.
    assert.deepEqual(filesContaining(path.join(served.build.root, 'dist'), /\u00e2\u0080[\u00aa-\u00ae]|\u00e2\u0081[\u00a6-\u00a9]/), []);
  });

  test('the hosts index and the host page show the invisible characters as markers', async () => {
    const page = await served.site.page();
    await page.goto(served.site.url('/hosts/'));
    const index = await page.locator('main').innerText();
    assert.match(index, /web⟨U\+200B⟩/);
    assert.match(index, /bad⟨U\+202E⟩evil/);
    await page.goto(served.site.url('/hosts/bad-evil/'));
    assert.equal((await page.locator('h1').first().innerText()).trim(), 'bad⟨U+202E⟩evil');
    assert.match(await page.title(), /bad⟨U\+202E⟩evil/);
    await page.context().close();
  });

  test('search results show the marker', async () => {
    const page = await served.site.page();
    await page.goto(served.site.url('/'));
    const titles: Record<string, string[]> = await page.evaluate(async () => {
      const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
      await pagefind.init();
      const out: Record<string, string[]> = {};
      for (const q of ['bad', 'web']) {
        const found = await pagefind.search(q);
        const data = await Promise.all(found.results.slice(0, 10).map((r: { data: () => Promise<{ meta: { title: string } }> }) => r.data()));
        out[q] = data.map((d) => d.meta.title);
      }
      return out;
    });
    assert.ok(titles.bad!.includes('bad⟨U+202E⟩evil'), JSON.stringify(titles));
    assert.ok(titles.web!.includes('web⟨U+200B⟩') && titles.web!.includes('web'), JSON.stringify(titles));
    await page.context().close();
  });
});
