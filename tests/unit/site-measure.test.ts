/** The site-scale benchmark's measurements of a built site, on a small tree made here. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { constants, gzipSync } from 'node:zlib';
import { firstSearchBytes, median, relativeImports, servedBytes, siteWeight } from '../../scripts/bench/site-measure.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'site-measure-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

test('median takes the lower middle, and 0 for nothing', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2);
  assert.equal(median([]), 0);
});

test('pages are the index.html files but the 404 page; sizes are bytes', () => {
  const dist = tree({ 'index.html': 'x'.repeat(10), 'a/index.html': 'x'.repeat(30), 'b/c/index.html': 'x'.repeat(20), '404/index.html': 'x'.repeat(99), 'app.js': 'x'.repeat(5) });
  try {
    assert.deepEqual(siteWeight(dist), { pages: 3, medianPageBytes: 20, largestPageBytes: 30, largestPage: 'a/index.html', distBytes: 164 });
  } finally {
    rmSync(dist, { recursive: true });
  }
});

test('relative imports of a built script are told apart: static and dynamic, bare specifiers left out', () => {
  const code = 'import{t as e}from"./a.js";import"./b.css";import x from \'react\';const m=()=>import(`./c.js`);import("../d.js")';
  assert.deepEqual(relativeImports(code), { static: ['./a.js', './b.css'], dynamic: ['./c.js', '../d.js'] });
});

test('first search counts the search box chunk the browser loads, Pagefind\'s script, entry, wasm, metadata, the largest index chunk, filters and five fragments, gzip', () => {
  const search = '_astro/Search.astro_astro_type_script_index_0_lang.abc.js';
  const files: Record<string, string> = {
    // Every page loads the search script and what it imports; the box itself is a dynamic import.
    [search]: 'import{p}from"./preload.js";const load=()=>import(`./pagefind-ui.xyz.js`);',
    '_astro/preload.js': 'export const p=1;'.repeat(20),
    '_astro/pagefind-ui.xyz.js': `import{t}from"./${path.basename(search)}";import{r}from"./rank.js";${'ui();'.repeat(100)}`,
    '_astro/rank.js': 'export const r=2;'.repeat(10),
    '_astro/unrelated.js': 'u'.repeat(300),
    'pagefind/pagefind.js': 'js'.repeat(100),
    // Pagefind's own UI, which the site never fetches.
    'pagefind/pagefind-ui.js': 'ui'.repeat(100),
    'pagefind/pagefind-ui.css': 'css'.repeat(100),
    'pagefind/pagefind-entry.json': JSON.stringify({ languages: { en: { hash: 'en_abc', wasm: 'en' } } }),
    'pagefind/wasm.en.pagefind': 'w'.repeat(50),
    'pagefind/wasm.unknown.pagefind': 'u'.repeat(50),
    'pagefind/pagefind.en_abc.pf_meta': 'm',
    'pagefind/index/small.pf_index': 's',
    'pagefind/index/large.pf_index': 'l'.repeat(500),
    'pagefind/filter/f.pf_filter': 'f',
  };
  for (let i = 0; i < 7; i++) files[`pagefind/fragment/f${i}.pf_fragment`] = `fragment ${i}`;
  const dist = tree(files);
  try {
    const { bytes, files: picked, byKind } = firstSearchBytes(dist);
    assert.deepEqual(picked, [
      '_astro/pagefind-ui.xyz.js',
      '_astro/rank.js',
      'pagefind/pagefind.js',
      'pagefind/pagefind-entry.json',
      'pagefind/wasm.en.pagefind',
      'pagefind/pagefind.en_abc.pf_meta',
      'pagefind/index/large.pf_index',
      'pagefind/filter/f.pf_filter',
      ...[0, 1, 2, 3, 4].map((i) => `pagefind/fragment/f${i}.pf_fragment`),
    ]);
    // Files that gzip would make larger (tiny ones here; Pagefind's compressed index in real sites) count as they are.
    assert.equal(bytes, picked.reduce((n, f) => n + Math.min(files[f]!.length, gzipSync(files[f]!, { level: 6 }).length), 0));
    assert.ok(bytes < picked.reduce((n, f) => n + files[f]!.length, 0));
    const served = (re: RegExp) => picked.filter((f) => re.test(f)).reduce((n, f) => n + Math.min(files[f]!.length, gzipSync(files[f]!, { level: 6 }).length), 0);
    assert.deepEqual(byKind, {
      box: served(/^_astro\//),
      'pagefind.js': served(/pagefind\.js$/),
      entry: served(/entry\.json$/),
      wasm: served(/wasm\./),
      meta: served(/pf_meta$/),
      index: served(/\/index\//),
      filter: served(/\/filter\//),
      fragments: served(/\/fragment\//),
    });
    assert.equal(Object.values(byKind).reduce((a, b) => a + b, 0), bytes);
  } finally {
    rmSync(dist, { recursive: true });
  }
});

test('a file gzip-compressed already counts as stored, even when compressing it again would make it smaller; any other file as gzip', () => {
  // Stored without compression (level 0), as a gzip stream: a second gzip would shrink it a lot.
  const stored = gzipSync('pagefind '.repeat(500), { level: constants.Z_NO_COMPRESSION });
  assert.ok(gzipSync(stored).length < stored.length / 4);
  const text = 'search '.repeat(500);
  const dist = tree({ 'chunk.pf_index': '', 'page.html': text });
  try {
    writeFileSync(path.join(dist, 'chunk.pf_index'), stored);
    assert.equal(servedBytes(path.join(dist, 'chunk.pf_index')), stored.length);
    assert.equal(servedBytes(path.join(dist, 'page.html')), gzipSync(text, { level: 6 }).length);
  } finally {
    rmSync(dist, { recursive: true });
  }
});
