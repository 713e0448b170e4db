/** The flake's own documentation, with zero configuration: its README, its docs/ folder and host READMEs become pages. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { pageToHtml } from './page-html.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/own-docs');

const site = (async () => {
  const { model } = await extractFlake(FIXTURE, parseConfig({}), new Progress(true));
  return { model, pages: new Map(renderSite(model, parseConfig({})).map((p) => [p.path, p.content])) };
})();

test('README, docs/ and a host folder README are read; files for tools, the roadmap and shared folders are not', async () => {
  const { model } = await site;
  assert.deepEqual(
    model.guides.map((g) => [g.id, g.file, g.title, g.origin, g.host ?? null]),
    [
      ['overview', 'README.md', 'Overview', 'readme', null],
      ['docs/ops/restore', 'docs/ops/restore.md', 'Restoring a machine', 'docs', null],
      ['hosts/alpha', 'hosts/alpha/README.md', 'alpha', 'host', 'alpha'],
    ],
  );
  assert.deepEqual(model.diagnostics.filter((d) => d.code.startsWith('guides/')), []);
});

test('relative links go to the page of the file, to the roadmap, or stay text when the site has nowhere to send them', async () => {
  const { pages } = await site;
  const overview = pageToHtml(pages.get('guides/overview.md')!);
  assert.ok(overview.includes('<a href="/guides/docs/ops/restore/#before-you-start">the operations guide</a>'), overview);
  assert.ok(overview.includes('<a href="/roadmap/">plan</a>'), overview);
  // No repository is configured: a .nix file has no page, and its link keeps its text only.
  assert.ok(overview.includes("read\nalpha's configuration or the"), overview);
  // Images by relative path are not served: their text stays; the link out of the flake is text too.
  assert.ok(overview.includes('diagram of the lab') && !overview.includes('lab.png') && !overview.includes('logo.png'), overview);
  assert.ok(overview.includes('Outside the flake: a sibling.'), overview);
  const restore = pageToHtml(pages.get('guides/docs/ops/restore.md')!);
  assert.ok(restore.includes('<a href="/guides/overview/">overview</a>'), restore);
  // Anchors lead only to sections the page has: the title's is the top, a missing one is dropped.
  assert.ok(restore.includes('<a href="#before-you-start">Start here</a>, <a href="#_top">the top</a>, nowhere,'), restore);
  // A path from the repository's top, as GitHub reads it; a section the target lacks leaves its top.
  assert.ok(restore.includes('<a href="/guides/overview/">the layout</a> and the config of alpha.'), restore);
});

test('a host page links the README of its folder, and the home page has a card for the overview', async () => {
  const { pages } = await site;
  assert.ok(pages.get('hosts/alpha.md')!.includes('<dt>Notes</dt><dd><a href="/guides/hosts/alpha/">alpha</a> · <code>hosts/alpha/README.md</code></dd>'));
  assert.ok(!pages.get('hosts/beta.md')!.includes('<dt>Notes</dt>'));
  assert.match(pages.get('index.mdx')!, /<LinkCard title="Overview" description="The flake&#39;s own README \(README.md\)\." href="\/guides\/overview\/" \/>/);
});

test('with a repository, links to flake files go to their source', async () => {
  const config = parseConfig({ repository: { url: 'https://github.com/someone/lab', branch: 'main' } });
  const { model } = await extractFlake(FIXTURE, config, new Progress(true));
  const overview = pageToHtml(renderSite(model, config).find((p) => p.path === 'guides/overview.md')!.content);
  assert.ok(overview.includes('<a href="https://github.com/someone/lab/blob/main/hosts/alpha/configuration.nix" rel="noopener noreferrer">alpha\'s configuration</a>'), overview);
});
