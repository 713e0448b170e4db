/**
 * A site built from tests/fixtures/hostile-chrome, whose every string that becomes page chrome is
 * hostile (the site title and description, a host name, a module file name, guide titles plain and
 * written with references) and whose guides' diagrams would run script or load URLs, plus module
 * files named with a newline and with ESC/OSC sequences. The build succeeds, every case ends in a
 * diagnostic, no page opens a dialog or asks for anything but the site itself, and each title reads
 * as the text that was written.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Site, suiteSkip } from './harness.ts';
import { filesContaining, type SandboxBuild, type ServedFlake, serveFlake } from './sandbox.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FLAKE_TITLE = "Ops</title><script>alert('flake description')</script>";
const SETTINGS_DESCRIPTION = `<meta http-equiv="refresh" content="0;url=https://example.invalid/">Refreshed</title><script>alert('settings description')</script>`;

/** The fixture, plus module files whose names a git checkout holds badly: a newline, ESC/OSC sequences. */
function hostileFlake(): string {
  mkdirSync(path.join(ROOT, '.sandbox'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, '.sandbox', 'hostile-chrome-'));
  cpSync(path.join(ROOT, 'tests', 'fixtures', 'hostile-chrome'), dir, { recursive: true });
  const option = (name: string) => `{ lib, ... }:\n{\n  options.${name}.enable = lib.mkEnableOption "an option in a module with an odd file name";\n}\n`;
  writeFileSync(path.join(dir, 'modules', 'new\nline.nix'), option('newline'));
  writeFileSync(path.join(dir, 'modules', 'esc\x1b]0;pwned\x07\x1b[2Jname.nix'), option('escape'));
  // Module files are documented whether imported or not: these two need no line in flake.nix.
  return dir;
}

/** Every page of a built site, as URL paths (percent-encoded as a browser asks for them). */
function pagesOf(dist: string): string[] {
  return filesContaining(dist, /<html/)
    .filter((f) => f.endsWith('index.html'))
    .map((f) => `/${f.split(path.sep).map(encodeURIComponent).join('/').replace(/index\.html$/, '')}`)
    .sort();
}

describe('a site built from a flake whose chrome and diagrams are hostile', { skip: suiteSkip() }, () => {
  let served: ServedFlake;
  let build: SandboxBuild;
  let site: Site;
  before(async () => {
    served = await serveFlake(hostileFlake());
    ({ build, site } = served);
  });
  after(async () => {
    await served?.close();
  });

  test('every hostile input ends in a diagnostic, and the odd file names become pages with clean slugs', () => {
    const model = JSON.parse(readFileSync(path.join(build.root, 'dist', 'flake.json'), 'utf8')) as { diagnostics: { code: string; location?: { file: string; line: number } }[] };
    const at = (code: string) => model.diagnostics.filter((d) => d.code === code).map((d) => (d.location ? `${d.location.file}:${d.location.line}` : '-'));
    assert.deepEqual(at('site/markup-in-title'), ['flake-docs.json:3', 'flake.nix:2']);
    assert.deepEqual(at('guides/markup-in-title'), ['docs/guides/entity-title.md:1', 'docs/guides/plain-title.md:2', 'docs/guides/plain-title.md:3']);
    assert.deepEqual(at('guides/unsafe-diagram'), [
      'docs/guides/gantt-link.md:8',
      'docs/guides/html-label.md:5',
      'docs/guides/html-label.md:5',
      'docs/guides/image-shape.md:5',
      'docs/guides/theme-css.md:4',
    ]);
    for (const page of ['options/nixos/new-line', 'options/nixos/esc-0;pwned-2Jname', 'guides/safe-diagram', 'hosts']) {
      assert.ok(existsSync(path.join(build.root, 'dist', page, 'index.html')), page);
    }
    // Astro logs every route it writes: the flake's escape sequences never reach the terminal that way.
    assert.doesNotMatch(build.output, /\x1b\]0;|\x07|\x1b\[2J/);
    assert.match(build.output, /draw diagrams .*, 0 requests refused/);
  });

  test('no page opens a dialog, navigates away or asks for anything but the site', async () => {
    const page = await site.page();
    const dialogs: string[] = [];
    const foreign: string[] = [];
    const origin = new URL(site.url('/')).origin;
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.context().route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const pages = pagesOf(path.join(build.root, 'dist'));
    assert.ok(pages.length >= 20, `pages: ${pages.join(', ')}`);
    for (const p of pages) {
      await page.goto(site.url(p), { waitUntil: 'load' });
      // A `<meta http-equiv=refresh>` that escaped would move the page within its 0 s.
      await page.waitForTimeout(50);
      assert.equal(decodeURI(new URL(page.url()).pathname), decodeURI(p), 'the page stays where it was opened');
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(foreign, []);
  });

  test('titles read as the text that was written: in the tab, the header, the hero, the heading and the sidebar', async () => {
    const page = await site.page();
    await page.goto(site.url('/'));
    assert.equal(await page.title(), FLAKE_TITLE);
    assert.equal(await page.locator('.site-title').first().innerText(), FLAKE_TITLE);
    assert.equal(await page.locator('.hero h1').innerText(), FLAKE_TITLE);
    assert.equal(await page.locator('.hero .tagline').innerText(), SETTINGS_DESCRIPTION);
    assert.equal(await page.locator('meta[name="description"]').getAttribute('content'), SETTINGS_DESCRIPTION);
    assert.equal(await page.locator('head script:not([type]), head script[type="module"]').evaluateAll((s) => s.filter((e) => e.textContent?.includes('alert')).length), 0);
    const cases: [string, string][] = [
      ['/guides/plain-title/', "FM</title><script>alert('frontmatter title')</script>"],
      ['/guides/entity-title/', "G </title><script>alert('heading')</script>"],
      // Doubled references are decoded once: the title reads with its remaining references as text.
      ['/guides/double-title/', "&lt;/title&gt;&lt;script&gt;alert('double')&lt;/script&gt;"],
      ['/hosts/box-img-src-x-onerror-alert-host/', "box<img src=x onerror=alert('host')>"],
      [`/options/nixos/-img-src=x-onerror=alert(-module-)-/`, "NixOS: <img src=x onerror=alert('module')>"],
    ];
    for (const [url, title] of cases) {
      await page.goto(site.url(url));
      assert.equal(await page.title(), `${title} | ${FLAKE_TITLE}`, url);
      assert.equal(await page.locator('main h1').first().innerText(), title, url);
      assert.equal(await page.locator(`nav[aria-label="Main"] a[aria-current="page"]`).innerText(), title, url);
    }
  });

  test('diagrams: the rejected guides say why, the safe one is drawn with only its safe links', async () => {
    const dist = path.join(build.root, 'dist');
    assert.deepEqual(filesContaining(dist, /href="\s*javascript:|example\.invalid\/(theme|shape|label)\.png/), []);
    const page = await site.page();
    await page.goto(site.url('/guides/gantt-link/'));
    assert.match(await page.locator('main').innerText(), /This guide is not published[\s\S]*a link to a javascript: URL is not allowed in a flake guide's diagram/);
    await page.goto(site.url('/guides/safe-diagram/'));
    const links = await page.locator('figure.mermaid-diagram .mermaid-light a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href')));
    assert.deepEqual(links.sort(), ['/hosts/', 'https://example.org/start']);
  });
});
