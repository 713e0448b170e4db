/**
 * Markdown at scale: a large roadmap parsed section by section gives the very tree of a whole parse
 * (positions included), a cut never falls inside fenced code, and documents with definitions or HTML
 * blocks are parsed whole. The linear `EditMap.consume` is what every parse uses. Page links stay
 * bounded on each of a thousand pages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { tickets } from '../../scripts/bench/markdown-bench.ts';
import { parseMarkdown, sectionStarts } from '../../scripts/extract/tickets-markdown.ts';
import { pageLinks } from '../../scripts/render/index-page.ts';
import { SPACE } from '../../scripts/render/mdx.ts';

const whole = (text: string) => unified().use(remarkParse).use(remarkGfm).parse(text);

/** A roadmap over the section-split size with fenced code holding headings, quotes and a loose list. */
function bigDocument(): string {
  const extra = ['', '```md', '', '# not a heading: inside a fence', '```', '', '> quoted', '> # quoted heading', '', '- a', '', '- b', '   - c', ''].join('\n');
  return tickets(1200, 40).replace(/(## Epic 7:[^\n]*\n)/, `$1${extra}`);
}

test('a large roadmap parsed by sections is the tree of a whole parse, positions included', () => {
  const text = bigDocument();
  assert.ok(text.length > 64 * 1024);
  const starts = sectionStarts(text)!;
  assert.equal(starts.length, 30, 'one cut before each epic but the first');
  assert.ok(starts.every((at) => text.startsWith('## Epic', at)));
  assert.deepEqual(parseMarkdown(text), whole(text));
});

test('no cut inside fenced code; definitions or HTML blocks keep the document whole', () => {
  for (const text of ['# A\n\n```\n\n# in code\n```\n\n# B\n', '# A\n\n~~~~\n~~~\n\n# in code\n~~~~\n\n# B\n']) {
    assert.deepEqual(sectionStarts(text), [text.indexOf('# B')], text);
  }
  assert.equal(sectionStarts('# A\n\n[x]: https://example.org\n\n# B\n'), undefined);
  assert.equal(sectionStarts('# A\n\n<!--\n\n# in a comment\n-->\n'), undefined);
});

test('a list of 20,000 items parses in linear time', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => `- item ${i}\n  - nested ${i}`).join('\n');
  const time = (n: number) => {
    const t0 = performance.now();
    whole(items(n));
    return performance.now() - t0;
  };
  time(2000);
  const small = Math.min(time(5000), time(5000));
  const large = time(20_000);
  // Quadratic growth would make four times the items sixteen times slower; linear, about four.
  assert.ok(large < small * 9, `5,000 items: ${small.toFixed(0)} ms, 20,000: ${large.toFixed(0)} ms`);
});

test('page links past a dozen pages: the first, the last and two either side of the current one', () => {
  const hrefs = Array.from({ length: 1000 }, (_, i) => `/p/${i + 1}/`);
  const nav = pageLinks(hrefs, 500, 'Pages');
  assert.equal(nav.replace(/<a href="\/p\/(\d+)\/">\d+<\/a>/g, '$1').replace(/<span aria-current="page">(\d+)<\/span>/, '[$1]').replaceAll(SPACE, ' '), '<nav class="fd-pages" aria-label="Pages">Pages: 1 … 498 499 [500] 501 502 … 1000</nav>');
  assert.equal((pageLinks(hrefs.slice(0, 12), 1, 'Pages').match(/<a /g) ?? []).length, 11, 'up to twelve pages, all linked');
});
