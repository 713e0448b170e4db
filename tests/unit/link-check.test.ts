/** The link check that ends every build: internal links and anchors of the built site. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { REPORT } from '../../scripts/log.ts';
import { brokenLinkMessage, checkLinks, idsOf, linksOf } from '../../scripts/site/link-check.ts';

/** A small built site under a temporary folder. */
function site(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-links-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const page = (body: string) => `<!doctype html><html><head><link rel="icon" href="/docs/favicon.svg"><script>const s = '<a href="/nowhere/">';</script></head><body>${body}</body></html>`;

test('links and ids are read from tags, with entities decoded, and never from scripts', () => {
  assert.deepEqual(linksOf(page('<a href="/docs/a/#x&amp;y">a</a><img src=\'/docs/i.png\'>')), ['/docs/favicon.svg', '/docs/a/#x&y', '/docs/i.png']);
  assert.deepEqual([...idsOf('<h2 id="opt-a&quot;b">x</h2><a name="old"></a>')], ['opt-a"b', 'old']);
});

test('a planted broken link, anchor, missing favicon and missing trailing slash are found; good links pass', () => {
  const s = site({
    'index.html': page('<a href="/docs/hosts/web/">web</a> <a href="hosts/web/#boot">boot</a> <a href="/docs/hosts/gone/">gone</a> <a href="/docs/hosts/web/#nope">nope</a> <a href="/docs/hosts/web">no slash</a> <a href="https://example.org/x">ext</a> <a href="#top">top</a><div id="top"></div>'),
    'hosts/web/index.html': page('<h2 id="boot">Boot</h2><a href="../../">home</a><a href="/docs/options/#systems.backups.enable">opt</a>'),
    'options/index.html': page('<h3 id="systems.backups.enable">x</h3>'),
  });
  try {
    const report = checkLinks(s.dir, '/docs/');
    assert.equal(report.pages, 3);
    assert.deepEqual(report.broken, [
      { page: '/docs/hosts/web/', link: '/docs/favicon.svg', reason: 'no such page or file' },
      { page: '/docs/', link: '/docs/favicon.svg', reason: 'no such page or file' },
      { page: '/docs/', link: '/docs/hosts/gone/', reason: 'no such page or file' },
      { page: '/docs/', link: '/docs/hosts/web/#nope', reason: 'no element with id "nope" on /docs/hosts/web/' },
      { page: '/docs/', link: '/docs/hosts/web', reason: 'no trailing slash: the page is /docs/hosts/web/' },
      { page: '/docs/options/', link: '/docs/favicon.svg', reason: 'no such page or file' },
    ]);
    writeFileSync(path.join(s.dir, 'favicon.svg'), '<svg/>');
    assert.equal(checkLinks(s.dir, '/docs/').broken.length, 3);
  } finally {
    s.remove();
  }
});

test('the built sample site has no broken internal link or anchor', { skip: !existsSync(path.resolve(import.meta.dirname, '../../dist/index.html')) && 'no dist/: run npm run build first' }, () => {
  const report = checkLinks(path.resolve(import.meta.dirname, '../../dist'), '/');
  assert.deepEqual(report.broken, []);
  assert.ok(report.pages > 50 && report.links > 1000, `${report.pages} pages, ${report.links} links`);
});

test('a broken link on a generated page is an internal error naming its renderer; elsewhere a plain error', () => {
  const b = { page: '/hosts/web/', link: '/secrets/#secret-x', reason: 'no element with id "secret-x" on /secrets/' };
  assert.equal(
    brokenLinkMessage(b, 'scripts/render/hosts.ts'),
    `/hosts/web/ - internal error: broken link "/secrets/#secret-x" made by scripts/render/hosts.ts: no element with id "secret-x" on /secrets/. This is a bug in flake-docs, not in your flake: ${REPORT}`,
  );
  assert.equal(brokenLinkMessage({ ...b, page: '/guide/' }, undefined), '/guide/ - error: broken link "/secrets/#secret-x": no element with id "secret-x" on /secrets/');
});
