/** The site-scale benchmark's measurements of a built site, on a small tree made here. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { firstSearchBytes, median, siteWeight } from '../../scripts/bench/site-measure.ts';

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

test('first search counts script, entry, wasm, metadata, the largest index chunk, filters and five fragments, gzip', () => {
  const files: Record<string, string> = {
    'pagefind/pagefind.js': 'js'.repeat(100),
    'pagefind/pagefind-ui.js': 'ui'.repeat(100),
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
    const { bytes, files: picked } = firstSearchBytes(dist);
    assert.deepEqual(picked, ['pagefind.js', 'pagefind-entry.json', 'pagefind-ui.js', 'wasm.en.pagefind', 'pagefind.en_abc.pf_meta', 'index/large.pf_index', 'filter/f.pf_filter', 'fragment/f0.pf_fragment', 'fragment/f1.pf_fragment', 'fragment/f2.pf_fragment', 'fragment/f3.pf_fragment', 'fragment/f4.pf_fragment']);
    assert.equal(bytes, picked.reduce((n, f) => n + gzipSync(files[`pagefind/${f}`]!, { level: 6 }).length, 0));
  } finally {
    rmSync(dist, { recursive: true });
  }
});
