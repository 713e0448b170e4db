/**
 * Flake guides are content, not code: the hostile guides in tests/fixtures/hostile-guides/flake are
 * rejected with errors naming the flake file and line, nothing they hold runs or reaches a page, and
 * the accepted guides render to the exact pages in expected.json (UPDATE=1 rewrites it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pageToHtml } from './page-html.ts';
import { extractGuides } from '../../scripts/extract/guides.ts';
import type { Guide } from '../../scripts/model/index.ts';
import { guideBody, guideTree, renderGuides } from '../../scripts/render/guides.ts';
import { createRouter } from '../../scripts/render/router.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/hostile-guides/', import.meta.url));
const FLAKE = `${FIXTURE}flake`;
const PWNED = '/tmp/flake-docs-pwned';

/** Markup that would run script in the reader's browser, in any case. */
const PAYLOADS = [/<script/i, /onerror/i, /onload/i, /<svg/i, /<iframe/i, /srcdoc/i, /javascript:/i, /alert\(1\)/];

test('hostile guides are errors naming the flake file and line; nothing in them runs', () => {
  rmSync(PWNED, { force: true });
  const { guides, diagnostics } = extractGuides(FLAKE, 'docs/guides');
  renderGuides(guides, createRouter('/'));
  assert.equal(existsSync(PWNED), false, 'the guide\'s writeFileSync never ran');
  assert.deepEqual(
    diagnostics.map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.severity} ${d.code}`),
    [
      'docs/guides/broken.mdx:5:1 error guides/syntax',
      'docs/guides/component.mdx:3:1 error guides/component',
      'docs/guides/component.mdx:5:1 error guides/expression',
      'docs/guides/pwn.mdx:4:1 error guides/esm',
      'docs/guides/pwn.mdx:8:1 error guides/expression',
      'docs/guides/pwn.mdx:10:1 error guides/expression',
      'docs/guides/scripts.md:3:1 error guides/unsafe-html',
      'docs/guides/scripts.md:5:21 error guides/unsafe-html',
      'docs/guides/scripts.md:7:1 error guides/unsafe-html',
      'docs/guides/scripts.md:9:1 error guides/unsafe-html',
      'docs/guides/scripts.md:11:3 error guides/unsafe-url',
      'docs/guides/scripts.md:11:35 error guides/unsafe-url',
    ],
  );
  assert.equal(diagnostics[0]!.message, 'the guide does not compile: Expected a closing tag for `<div>`');
  assert.equal(diagnostics[3]!.message, 'import/export is not allowed in a flake guide: guides are content, not code');
  assert.deepEqual(
    guides.map((g) => [g.id, g.title, g.body === null]),
    [
      ['broken', 'broken', true],
      ['component', 'A component', true],
      ['nested/good', 'A good MDX guide', false],
      ['plain', 'Plain Markdown guide', false],
      ['pwn', 'Innocent looking guide', true],
      ['scripts', 'Script payloads', true],
    ],
  );
});

test('every guide becomes a page under /guides/, rejected ones showing why, with no payload and no secret', () => {
  const { guides } = extractGuides(FLAKE, 'docs/guides');
  const pages = renderGuides(guides, createRouter('/'));
  assert.deepEqual(
    pages.map((p) => [p.path, /^slug: "(.*)"$/m.exec(p.content)?.[1]]),
    [
      ['guides/broken.md', 'guides/broken'],
      ['guides/component.md', 'guides/component'],
      ['guides/nested/good.md', 'guides/nested/good'],
      ['guides/plain.md', 'guides/plain'],
      ['guides/pwn.md', 'guides/pwn'],
      ['guides/scripts.md', 'guides/scripts'],
    ],
  );
  for (const page of pages) {
    for (const payload of PAYLOADS) assert.doesNotMatch(page.content, payload, `${page.path} has no ${payload}`);
    assert.doesNotMatch(page.content, /readFileSync|writeFileSync|root:x:0/, `${page.path} holds no code and no /etc/passwd`);
  }
  const pwn = pages.find((p) => p.path === 'guides/pwn.md')!;
  assert.match(pageToHtml(pwn.content), /<aside aria-label="This guide is not published" class="starlight-aside starlight-aside--danger">.*<p>import\/export is not allowed in a flake guide: guides are content, not code \(docs\/guides\/pwn.mdx:4:1\)<\/p>/);

  const expectedFile = `${FIXTURE}expected.json`;
  const actual = pages.filter((p) => !guides.find((g) => `guides/${g.id}.md` === p.path)?.error);
  if (process.env.UPDATE === '1') writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
  assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
});

test('the sanitizer still removes every payload if a guide with them were accepted', () => {
  const body = [
    '<script>alert(1)</script>',
    '',
    'Text <img src=x onerror=alert(1)> <a href="jav&#x61;script:alert(1)">a</a>',
    '',
    '<svg onload=alert(1)><circle /></svg>',
    '',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '',
    '[x](javascript:alert(1)) ![y](data:text/html,alert(1))',
    '',
    '<details open><summary>Kept</summary>text</details>',
  ].join('\n');
  const guide: Guide & { body: string } = { kind: 'guide', id: 'x', file: 'x.md', format: 'md', title: 'X', description: null, order: null, body, bodyLine: 1, error: null };
  const out = guideBody(guideTree(guide));
  for (const payload of PAYLOADS) assert.doesNotMatch(out, payload);
  assert.doesNotMatch(out, /data:/);
  assert.match(out, /<details open><summary>Kept<\/summary>text<\/details>/);
});

test('a guide\'s frontmatter keeps only title, description and sidebar order, and an alias bomb is refused', () => {
  const guide = (text: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flake-docs-guides-'));
    const file = path.join(dir, 'g', 'a.md');
    writeFileSync(ensureDir(file), text);
    return extractGuides(dir, 'g');
  };
  const ok = guide('---\ntitle: T\ndescription: D\nslug: ../../evil\ntemplate: splash\nsidebar: { order: 3, hidden: true }\n---\nBody\n');
  assert.deepEqual(
    ok.guides.map((g) => [g.id, g.title, g.description, g.order, g.body]),
    [['a', 'T', 'D', 3, 'Body\n']],
  );
  const bomb = guide('---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n# Still here\n');
  assert.deepEqual(bomb.diagnostics.map((d) => [d.code, d.location?.line]), [['guides/frontmatter', 2]]);
  assert.equal(bomb.guides[0]!.title, 'Still here');
});

function ensureDir(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

test('only regular guide files inside the flake are read: no symlinks out, no FIFOs', () => {
  const outside = mkdtempSync(path.join(tmpdir(), 'flake-docs-outside-'));
  writeFileSync(path.join(outside, 'secret.md'), '# root:x:0:0\n');
  const flake = mkdtempSync(path.join(tmpdir(), 'flake-docs-flake-'));
  mkdirSync(path.join(flake, 'guides'));
  writeFileSync(path.join(flake, 'guides', 'ok.md'), '# Fine\n');
  symlinkSync(path.join(outside, 'secret.md'), path.join(flake, 'guides', 'link.md'));
  symlinkSync(outside, path.join(flake, 'guides', 'linked-dir'));
  execFileSync('mkfifo', [path.join(flake, 'guides', 'pipe.md')]);
  symlinkSync(outside, path.join(flake, 'out'));
  try {
    const inside = extractGuides(flake, 'guides');
    assert.deepEqual(inside.guides.map((g) => g.file), ['guides/ok.md']);
    assert.deepEqual(inside.diagnostics, []);
    assert.deepEqual(extractGuides(flake, 'out').diagnostics.map((d) => [d.severity, d.code]), [['error', 'guides/outside-flake']]);
    assert.deepEqual(extractGuides(flake, '../..').diagnostics.map((d) => [d.severity, d.code]), [['error', 'guides/outside-flake']]);
    assert.deepEqual(extractGuides(flake, 'nowhere'), { guides: [], diagnostics: [] }, 'an absent guides folder is no problem, as an absent roadmap');
  } finally {
    rmSync(flake, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
