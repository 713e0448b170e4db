/**
 * Tests that make builds of their own, one after the other (each rewrites the generated pages of this
 * worktree, so they share one file and never run side by side), into temporary folders with empty caches:
 * - a flake whose guides folder is hostile still gives a complete site, with no alert on any page;
 * - `dev` on a flake with a broken file answers 200 on every page and shows the error;
 * - `dev` reloads an open browser page after an edit, and shows new headings, a new module and a deleted one;
 * - the sample built twice gives byte-identical trees, hand-drawn diagrams included.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { filesUnder } from '../../scripts/files-under.ts';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/site/mermaid-renderer.ts';
import { freePort, openSite, suiteSkip } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Builds a flake (the sample by default) into `out`, with fresh caches under `cache`; returns what it printed. */
async function build(out: string, cache: string, flake?: string, extra: string[] = []): Promise<string> {
  const { stdout, stderr } = await run(path.join(ROOT, 'node_modules/.bin/node'), ['scripts/flake-docs.mjs', 'build', '--quiet', ...(flake ? ['--flake', flake] : []), ...extra], {
    cwd: ROOT,
    env: { ...process.env, FLAKE_DOCS_OUT: out, FLAKE_DOCS_CACHE: cache },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout + stderr;
}


/** Waits until `check` holds, polling; fails with `context()` after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number, context: () => string): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // the server is not answering yet
    }
    if (Date.now() > end) throw new Error(`timed out; the dev server printed:\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Starts `npm run dev`'s command on `flake` at a free port, with its own cache folder; `log.text` grows with what it prints. */
async function startDev(flake: string, cache: string) {
  const port = await freePort();
  const server = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['scripts/flake-docs.mjs', 'dev', '--flake', flake, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FLAKE_DOCS_CACHE: cache },
  });
  const log = { text: '' };
  server.stdout!.on('data', (chunk) => (log.text += chunk));
  server.stderr!.on('data', (chunk) => (log.text += chunk));
  return { server, log, base: `http://127.0.0.1:${port}` };
}

describe('builds of their own', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'flake-docs-builds-'));
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  test('hostile flake guides: errors naming the flake files, a complete site, no alert on any page', { skip: suiteSkip(), timeout: 600_000 }, async () => {
    const out = path.join(tmp, 'hostile');
    const pwned = '/tmp/flake-docs-pwned';
    rmSync(pwned, { force: true });
    const printed = await build(out, path.join(tmp, 'cache-hostile'), 'tests/fixtures/hostile-guides/flake', ['--verbose']);
    assert.equal(existsSync(pwned), false, 'the guide\'s code never ran');
    for (const where of ['docs/guides/pwn.mdx:4:1 - error', 'docs/guides/broken.mdx:5:1 - error', 'docs/guides/scripts.md:5:21 - error']) {
      assert.ok(printed.includes(where), `printed ${where}`);
    }
    const files = filesUnder(out).sort();
    for (const page of ['pwn', 'scripts', 'broken', 'component', 'plain', 'nested/good']) {
      assert.ok(files.includes(`guides/${page}/index.html`), `guides/${page}/ is published`);
    }
    for (const rel of files.filter((f) => /\.(html|json|js)$/.test(f))) {
      const text = readFileSync(path.join(out, rel), 'utf8');
      assert.doesNotMatch(text, /alert\(1\)|root:x:0:/, `${rel} carries no payload and no /etc/passwd`);
    }

    process.env.FLAKE_DOCS_OUT = out; // astro preview serves the configured outDir
    const site = await openSite();
    try {
      const page = await site.page();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
        void dialog.dismiss();
      });
      const pages = files.filter((f) => f.endsWith('index.html') && !f.startsWith('pagefind')).map((f) => `/${path.dirname(f)}/`.replace(/^\/\.\/$/, '/'));
      for (const pathname of pages) await page.goto(site.url(pathname), { waitUntil: 'load' });
      assert.deepEqual(dialogs, []);
      await page.goto(site.url('/guides/pwn/'));
      assert.equal(await page.locator('h1').first().innerText(), 'Innocent looking guide');
      assert.match(await page.locator('.sl-markdown-content').innerText(), /This guide is not published[\s\S]*docs\/guides\/pwn\.mdx:4:1/);
      await page.goto(site.url('/guides/nested/good/'));
      assert.equal(await page.locator('h2#restoring-a-backup').count(), 1);
      await page.goto(site.url('/diagnostics/'));
      // The Diagnostics page groups by file: the file's heading, then a row per finding with its line.
      assert.ok(await page.locator('h2', { hasText: 'docs/guides/scripts.md' }).isVisible());
      const rows = page.locator('xpath=//h2[contains(., "docs/guides/scripts.md")]/following::ul[contains(@class, "fd-diagnostics")][1]');
      // Findings of one code in a file are one row: the first in view, the others behind its disclosure.
      assert.ok(await rows.getByText('line 3:1', { exact: true }).first().isVisible());
      await rows.locator('details.fd-diag-more summary').first().click();
      assert.ok(await rows.getByText('line 9:1', { exact: true }).first().isVisible());
    } finally {
      await site.close();
      delete process.env.FLAKE_DOCS_OUT;
    }
  });

  test('a build with --base has a Changes page listing what the pull request does, each item linked to its page', { skip: suiteSkip(), timeout: 600_000 }, async () => {
    const repo = path.join(tmp, 'pr');
    const fixture = path.join(ROOT, 'tests/fixtures/diff-pr');
    const git = (...args: string[]) => run('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args]);
    cpSync(path.join(fixture, 'base'), repo, { recursive: true });
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'base');
    cpSync(path.join(fixture, 'head'), repo, { recursive: true });
    const out = path.join(tmp, 'pr-site');
    await build(out, path.join(tmp, 'cache-pr'), repo, ['--base', 'HEAD']);
    process.env.FLAKE_DOCS_OUT = out;
    const site = await openSite();
    try {
      const page = await site.page();
      await page.goto(site.url('/changes/'));
      const main = page.locator('.sl-markdown-content');
      assert.match(await main.innerText(), /db-password: can no longer be decrypted by web/);
      assert.match(await main.innerText(), /web: gains profile server/);
      assert.match(await main.innerText(), /lab\.backup\.keep: default 7 → 14/);
      // web's own value, from the per-host evaluation: the default before, the profile's mkDefault after.
      assert.match(await main.innerText(), /lab\.backup\.keep: 7 \(default\) → 30 \(profile server, profiles\/server\.nix:5, mkDefault\)/);
      // The option is linked twice (web's value, the option's default), to one place.
      await main.getByRole('link', { name: 'lab.backup.keep' }).last().click();
      await page.waitForURL(/\/options\/nixos\/backup\/#lab\.backup\.keep$/);
      assert.ok(await page.locator('[id="lab.backup.keep"]').first().isVisible());
      await page.goto(site.url('/changes/'));
      await main.getByRole('link', { name: 'server' }).first().click();
      await page.waitForURL(/\/profiles\/server\/$/);
    } finally {
      await site.close();
      delete process.env.FLAKE_DOCS_OUT;
    }
  });

  test('dev keeps answering 200 while a flake file is broken, lists pages again once it is fixed, and shows a module edited in place or by rename', { timeout: 300_000 }, async () => {
    const flake = path.join(tmp, 'flake');
    cpSync(path.join(ROOT, 'flake-src'), flake, { recursive: true });
    const flakeNix = path.join(flake, 'flake.nix');
    const good = readFileSync(flakeNix, 'utf8');
    writeFileSync(flakeNix, '{ outputs = ');
    const { server, log, base } = await startDev(flake, path.join(tmp, 'cache-dev'));
    const get = async (pathname: string) => {
      const response = await fetch(`${base}${pathname}`);
      return { status: response.status, text: await response.text() };
    };
    const sidebarLinks = (html: string) => [...html.matchAll(/<a href="(\/[^"#]*)"[^>]*aria-current|<a href="(\/[^"#]*)"/g)].map((m) => m[1] ?? m[2]!);
    try {
      // `dev` says it is ready once it has warmed the server (Astro's own banner is left out).
      await until(() => /^ready: http/m.test(log.text), 180_000, () => log.text);
      const diagnostics = await get('/diagnostics/');
      assert.equal(diagnostics.status, 200);
      assert.match(diagnostics.text, />flake\.nix<[\s\S]*?line 1:\d+[\s\S]*?nix\/syntax/, 'the diagnostics page shows the syntax error');
      const links = [...new Set(sidebarLinks((await get('/hosts/')).text))];
      assert.ok(!links.includes('/hosts/bartleby/'), 'no link to a host page the broken flake.nix removed');
      for (const link of links) assert.equal((await get(link)).status, 200, `${link} answers 200`);

      writeFileSync(flakeNix, good);
      await until(async () => (await get('/hosts/bartleby/')).status === 200, 60_000, () => log.text);
      assert.ok(sidebarLinks((await get('/hosts/')).text).includes('/hosts/bartleby/'), 'the host is listed again');

      // A module edited in place, then saved the way `sed -i` and many editors do (a new file renamed
      // over the old one), then in place again: each new text shows on its option page.
      const module = path.join(flake, 'modules/nixos/containers.nix');
      const original = readFileSync(module, 'utf8');
      const showing = async (words: string) => (await get('/options/nixos/containers/')).text.includes(words);
      assert.ok(await showing('Image reference, with a tag.'));
      const edits: [string, (text: string) => void][] = [
        ['Edited in place one.', (text) => writeFileSync(module, text)],
        ['Edited by rename two.', (text) => {
          writeFileSync(`${module}.tmp`, text);
          renameSync(`${module}.tmp`, module);
        }],
        ['Edited in place after the rename three.', (text) => writeFileSync(module, text)],
      ];
      for (const [words, save] of edits) {
        const started = Date.now();
        save(original.replace('Image reference, with a tag.', words));
        await until(() => showing(words), 30_000, () => log.text);
        console.log(`dev: "${words}" showed ${Date.now() - started} ms after the save`);
      }
    } finally {
      process.kill(-server.pid!, 'SIGTERM');
    }
  });

  test('dev: an open page reloads with an edit, a new heading reaches the table of contents, a new module gets a page and a deleted one loses it', { skip: findChromium() ? false : 'no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)', timeout: 300_000 }, async () => {
    const flake = path.join(tmp, 'flake-live');
    cpSync(path.join(ROOT, 'flake-src'), flake, { recursive: true });
    const { server, log, base } = await startDev(flake, path.join(tmp, 'cache-live'));
    const status = async (pathname: string) => (await fetch(`${base}${pathname}`)).status;
    const browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS, headless: true });
    try {
      await until(() => /^ready: http/m.test(log.text), 180_000, () => log.text);
      const page = await browser.newPage();
      // A reload the content layer sends may still arrive while the test navigates: navigate again then.
      const visit = async (url: string) => {
        try {
          await page.goto(url, { waitUntil: 'domcontentloaded' });
        } catch (error) {
          if (!/interrupted by another navigation/.test((error as Error).message)) throw error;
          await page.goto(url, { waitUntil: 'domcontentloaded' });
        }
      };
      await page.goto(`${base}/options/nixos/containers/`);
      const content = page.locator('.sl-markdown-content');
      assert.match(await content.innerText(), /Image reference, with a tag\./);
      const module = path.join(flake, 'modules/nixos/containers.nix');
      const original = readFileSync(module, 'utf8');

      // A description edited: the open page reloads by itself (no navigation here) and shows it.
      await page.evaluate(() => Object.assign(window, { fdBeforeReload: true }));
      let started = Date.now();
      writeFileSync(module, original.replace('Image reference, with a tag.', 'Reloaded by itself.'));
      await page.waitForFunction(() => document.querySelector('.sl-markdown-content')?.textContent?.includes('Reloaded by itself.'), undefined, { timeout: 30_000 });
      console.log(`dev: the open page showed the edit ${Date.now() - started} ms after the save`);
      assert.equal(await page.evaluate(() => 'fdBeforeReload' in window), false, 'the page was reloaded, not patched');
      assert.match(log.text, /↻ modules\/nixos\/containers\.nix changed: 1 of \d+ pages changed, reload sent/);

      // A new option: a new heading, which the table of contents (built by the content layer) lists too.
      started = Date.now();
      writeFileSync(module, original.replace('      ports = mkOption {', '      pullPolicy = mkOption {\n        type = types.str;\n        default = "missing";\n        description = "When to pull the image, added live.";\n      };\n\n      ports = mkOption {'));
      const heading = 'systems.containers.services.<name>.pullPolicy';
      await page.waitForFunction((id) => !!document.getElementById(id) && !!document.querySelector(`starlight-toc a[href="#${CSS.escape(id)}"], starlight-toc a[href="#${id}"]`), heading, { timeout: 60_000 });
      console.log(`dev: the new heading and its table-of-contents entry showed ${Date.now() - started} ms after the save`);
      assert.match(await content.innerText(), /When to pull the image, added live\./);
      assert.match(log.text, /pages, titles or headings changed: the content layer reloads them/);

      // A new module file (the sample's flake imports every file of modules/nixos/): the open page
      // reloads once the content layer has the new page, and its sidebar links it.
      const linked = 'nav.sidebar a[href="/options/nixos/lighthouse/"]';
      // Checked on a whole document, not on one still loading after a reload.
      const links = (present: boolean) => page.waitForFunction(([selector, wanted]) => document.readyState === 'complete' && !!document.querySelector('nav.sidebar') && !!document.querySelector(selector as string) === wanted, [linked, present] as const, { timeout: 60_000 });
      const lighthouse = path.join(flake, 'modules/nixos/lighthouse.nix');
      started = Date.now();
      writeFileSync(lighthouse, '{ lib, ... }:\n{\n  options.systems.lighthouse.enable = lib.mkEnableOption "the lighthouse added while dev runs";\n}\n');
      await links(true);
      console.log(`dev: the open page linked the new module's page ${Date.now() - started} ms after the save`);
      await visit(`${base}/options/nixos/lighthouse/`);
      assert.match(await content.innerText(), /Whether to enable the lighthouse added while dev runs\./);

      // The file deleted: its page is gone, and the open page no longer links it.
      await visit(`${base}/options/nixos/containers/`);
      started = Date.now();
      rmSync(lighthouse);
      await links(false);
      console.log(`dev: the open page dropped the deleted module's link ${Date.now() - started} ms after the deletion`);
      assert.equal(await status('/options/nixos/lighthouse/'), 404);
      assert.equal(await status('/options/nixos/containers/'), 200);
      assert.match(await content.innerText(), /When to pull the image, added live\./);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nthe dev server printed:\n${log.text.slice(-4000)}`, { cause: error });
    } finally {
      await browser.close();
      process.kill(-server.pid!, 'SIGTERM');
    }
  });

  test('two builds of the sample without caches give identical output', { timeout: 900_000 }, async () => {
    const [a, b] = [path.join(tmp, 'a'), path.join(tmp, 'b')];
    await build(a, path.join(tmp, 'cache-a'));
    await build(b, path.join(tmp, 'cache-b'));
    const files = filesUnder(a).sort();
    assert.deepEqual(filesUnder(b).sort(), files, 'the same files');
    assert.ok(files.includes('guides/new-machine-checklist/index.html') && files.includes('flake.json'));
    const differing = files.filter((rel) => !readFileSync(path.join(a, rel)).equals(readFileSync(path.join(b, rel))));
    assert.deepEqual(differing, [], 'files whose bytes differ between the two builds');
  });
});
