/**
 * Layout in the rendered pages: Markdown tables compiled into scroll boxes (the secrets matrix keeps
 * its own), the hosts overview drawing imports only (and no graph when there is none), legend chips in
 * the graph's own colours, and counts with their nouns in the right number.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { extractFlake } from '../../scripts/extract/index.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { Progress } from '../../scripts/log.ts';
import { plural } from '../../scripts/plural.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { graphLegend } from '../../scripts/render/tickets.ts';
import { compilePage, TABLE_BOX_OPEN } from '../../scripts/site/prerender.ts';
import type { RemarkMermaidOptions } from '../../scripts/site/remark-mermaid.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function pages(fixture: string): Promise<Map<string, string>> {
  const identity = resolveIdentity(ROOT, path.join(ROOT, 'tests/fixtures', fixture));
  const result = await extractFlake(identity.flake, identity.config, new Progress(true));
  return new Map(renderSite(result.model, identity.config).map((p) => [p.path, p.content]));
}

test('plural: one, many, none, and an irregular noun', () => {
  assert.deepEqual([plural(1, 'profile'), plural(2, 'profile'), plural(0, 'secret'), plural(1, 'entry', 'entries'), plural(3, 'entry', 'entries')], ['1 profile', '2 profiles', '0 secrets', '1 entry', '3 entries']);
});

test('a Markdown table is compiled into a scroll box; a raw table with a class of its own is left alone', async () => {
  const content = '---\ntitle: "T"\n---\n| Host | Kind |\n| --- | --- |\n| a | b |\n\n<div class="fd-matrix"><table class="fd-matrix-table"><tr><td>x</td></tr></table></div>\n';
  const { html } = await compilePage({ path: 't.md', content }, {} as RemarkMermaidOptions, 't.md');
  assert.equal(html.split(TABLE_BOX_OPEN).length - 1, 1, html);
  assert.match(html, /<div class="fd-table-scroll" tabindex="0" role="region" aria-label="Table"><table>\s*<thead>[\s\S]*?<\/table><\/div>/);
  assert.match(html, /<div class="fd-matrix"><table class="fd-matrix-table"><tr><td>x<\/td><\/tr><\/table><\/div>/);
});

test('ten hosts importing one profile: the graph draws them, the overview says "1 profile is"', async () => {
  const index = (await pages('widths-ten-hosts')).get('hosts/index.md')!;
  assert.match(index, /The flake's 1 profile is listed on <a href="\/profiles\/">their own page<\/a>\./);
  const graph = /```mermaid\n([\s\S]*?)\n```/.exec(index)![1]!;
  assert.equal(graph.split('\n').filter((l) => l.includes(' --> ')).length, 10);
  assert.doesNotMatch(index, /Importing no profile|Imported by no host/);
});

test('hosts and no profile: no "Hosts and profiles" graph of lone boxes', async () => {
  const index = (await pages('secrets-sixty')).get('hosts/index.md')!;
  assert.doesNotMatch(index, /```mermaid|Hosts and profiles/);
});

test('the dependency graph legend uses the nodes\' fill, border and text colours', () => {
  assert.equal(
    graphLegend(),
    '<span class="fd-chip" style="background:#2e7d32;border-color:#1b5e20;color:#ffffff">Done</span> ' +
      '<span class="fd-chip" style="background:#1565c0;border-color:#0d47a1;color:#ffffff">Ready to start</span> ' +
      '<span class="fd-chip" style="background:#c62828;border-color:#8e0000;color:#ffffff">Blocked</span> ' +
      '<span class="fd-chip" style="background:#6d6d6d;border-color:#424242;color:#ffffff">Open</span>',
  );
});
