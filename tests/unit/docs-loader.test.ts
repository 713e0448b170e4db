/** The docs loader keeps compiled pages' bodies out of Astro's data store, and rewrites only entries that changed. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { LoaderContext } from 'astro/loaders';
import type { CompiledPage } from '../../scripts/site/compiled-pages.ts';
import { loadCompiled } from '../../scripts/site/docs-loader.ts';
import { pageBody } from '../../scripts/site/page-bodies.ts';

type Entry = { id: string; data: Record<string, unknown>; digest?: string; filePath?: string; rendered?: { html: string; metadata?: Record<string, unknown> } };

/** A store and the calls the loader makes on it. */
function fakeContext() {
  const entries = new Map<string, Entry>();
  const writes: string[] = [];
  const store = {
    get: (id: string) => entries.get(id),
    set: (e: Entry) => (writes.push(e.id), entries.set(e.id, e), true),
    keys: () => [...entries.keys()],
    delete: (id: string) => void entries.delete(id),
  };
  const context = { store, parseData: async ({ data }: { data: unknown }) => data, logger: { warn: () => {} } } as unknown as LoaderContext;
  return { context, entries, writes };
}

const page = (id: string, html: string, digest: string): CompiledPage => ({ id, data: { title: id }, html, headings: [{ depth: 2, slug: 'a', text: 'A' }], digest, shape: `shape-${id}` });

test('compiled bodies go to page-bodies, the store keeps frontmatter, headings and digest only', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-loader-'));
  const file = path.join(dir, 'pages.json');
  writeFileSync(file, JSON.stringify([page('hosts/a', '<p>a &amp; b</p>', 'd1'), page('hosts/b', '<p>b</p>', 'd2')]));
  const { context, entries, writes } = fakeContext();
  // A hand-written page (with a file) is not the compiled loader's to remove.
  entries.set('guides/x', { id: 'guides/x', data: {}, filePath: 'content/guides/x.md' });
  await loadCompiled(context, file);
  assert.deepEqual(entries.get('hosts/a'), {
    id: 'hosts/a',
    data: { title: 'hosts/a' },
    digest: 'no-body:d1',
    rendered: { html: '', metadata: { headings: [{ depth: 2, slug: 'a', text: 'A' }], frontmatter: { title: 'hosts/a' } } },
  });
  assert.equal(pageBody('hosts/a'), '<p>a &amp; b</p>');
  assert.equal(pageBody('guides/x'), undefined);
  assert.deepEqual(writes, ['hosts/a', 'hosts/b']);

  // One page's body changes and the other goes: one write, one removal, the new body served.
  writeFileSync(file, JSON.stringify([page('hosts/a', '<p>new</p>', 'd3')]));
  await loadCompiled(context, file);
  assert.deepEqual(writes, ['hosts/a', 'hosts/b', 'hosts/a']);
  assert.deepEqual([...entries.keys()].sort(), ['guides/x', 'hosts/a']);
  assert.equal(pageBody('hosts/a'), '<p>new</p>');
  assert.equal(pageBody('hosts/b'), undefined);

  // Unchanged: nothing written.
  await loadCompiled(context, file);
  assert.equal(writes.length, 3);
});

test('an entry stored with its body by an older version is rewritten once', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-loader-'));
  const file = path.join(dir, 'pages.json');
  writeFileSync(file, JSON.stringify([page('tickets', '<p>t</p>', 'd1')]));
  const { context, entries, writes } = fakeContext();
  entries.set('tickets', { id: 'tickets', data: { title: 'tickets' }, digest: 'd1', rendered: { html: '<p>t</p>' } });
  await loadCompiled(context, file);
  assert.deepEqual(writes, ['tickets']);
  assert.equal(entries.get('tickets')!.rendered!.html, '');
});

test('compiled frontmatter is parsed by the collection schema built once; a page it refuses goes to parseData for Astro\'s error', async () => {
  const { docsSchema } = await import('@astrojs/starlight/schema');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-loader-'));
  const file = path.join(dir, 'pages.json');
  const bad = { ...page('bad', '<p>x</p>', 'd2'), data: { title: 5 } };
  writeFileSync(file, JSON.stringify([page('good', '<p>g</p>', 'd1'), bad]));
  const { context, entries } = fakeContext();
  const refused: string[] = [];
  (context as { parseData: unknown }).parseData = async ({ id }: { id: string }) => {
    refused.push(id);
    throw new Error(`${id}: title: expected string`);
  };
  await assert.rejects(loadCompiled(context, file, docsSchema()), /bad: title: expected string/);
  assert.deepEqual(refused, ['bad']);
  const data = entries.get('good')!.data;
  // Starlight's defaults, as parseData would give them.
  assert.equal(data.title, 'good');
  assert.equal(data.template, 'doc');
  assert.equal(data.pagefind, true);
  assert.equal(data.draft, false);
  assert.deepEqual(data.sidebar, { hidden: false, attrs: {} });
});
