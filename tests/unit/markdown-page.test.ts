/** Generated pages are Markdown: hostile text through the helpers reads back as the same text, in every place a renderer puts it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attr, inlineSafeHtml, link, rawHtml, SPACE, text } from '../../scripts/render/mdx.ts';
import { assertInert, pageToHtml } from './page-html.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '| cell | split |',
  '*em* __strong__ `code` ~~del~~',
  '[link](javascript:alert(1)) ![img](x)',
  '- list\n# heading\n\n    code',
  '1. ordered',
  '    indented',
  '{"mdx"} {expr}',
  '&amp; &lt; &#60;',
  '\\* escaped \\',
  '<!-- comment --> <![CDATA[x]]>',
  '---',
  '=== setext',
  '> quote',
];

/** The text content of the first element of `tag` in `html`, with references decoded. */
function textOf(html: string, tag: string): string {
  return squash(rawTextOf(html, tag));
}

/** Whitespace runs as one space: what a browser shows outside `<pre>` (and Markdown trims spaces around line breaks). */
const squash = (s: string) => s.replace(/\s+/g, ' ');

function rawTextOf(html: string, tag: string): string {
  const m = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
  assert.ok(m, `no <${tag}> in ${html}`);
  const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&' };
  return m[1]!.replace(/<[^>]*>/g, '').replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|quot|amp));/gi, (_x, hex, dec, name) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : named[name]!));
}

test('hostile text reads back as itself in a paragraph, a list item, a table cell and an HTML block', () => {
  for (const s of HOSTILE) {
    const oneLine = s.replace(/\n/g, ' ');
    const para = pageToHtml(`Before ${text(s)} after\n`);
    assertInert(para, s);
    assert.equal(textOf(para, 'p'), squash(`Before ${s} after`), JSON.stringify(s));
    const item = pageToHtml(`- ${text(s)}\n- next\n`);
    assertInert(item, s);
    assert.equal(textOf(item, 'li'), squash(s), JSON.stringify(s));
    const table = pageToHtml(`| a | b |\n| --- | --- |\n| ${text(s)} | ${link('/x/', s)} |\n`);
    assertInert(table, s);
    assert.equal(textOf(table, 'td'), squash(s), JSON.stringify(s));
    assert.equal(textOf(table, 'a'), squash(s), JSON.stringify(s));
    assert.equal((table.match(/<td/g) ?? []).length, 2, `one row of two cells: ${table}`);
    const block = pageToHtml(`<dl class="x">\n<dt>${text(s)}</dt><dd ${attr('title', s)}>${SPACE}${text(oneLine)}</dd>\n</dl>\n\nAfter.\n`);
    assertInert(block, s);
    assert.equal(rawTextOf(block, 'dt'), s, JSON.stringify(s));
    assert.match(block, /<p>After\.<\/p>/);
  }
});

test('GFM still links a bare https:// or e-mail address in text (its literal autolinks read decoded text); the link is inert and reads the same', () => {
  const html = pageToHtml(`${text('see https://x.example/a?b=<c> or javascript:alert(1) or a@b.example')}\n`);
  assertInert(html, 'autolinks');
  assert.equal(textOf(html, 'p'), 'see https://x.example/a?b=<c> or javascript:alert(1) or a@b.example');
  assert.deepEqual([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]), ['https://x.example/a?b=%3Cc', 'mailto:a@b.example']);
});

test('an attribute keeps its value whole, quotes and pipes included, inside a table', () => {
  const html = pageToHtml(`| a |\n| --- |\n| <span ${attr('title', '"x" | y <z>')}>t</span> |\n`);
  assert.match(html, /<td><span title="&#x22;x&#x22; \| y <z>">t<\/span><\/td>/);
});

test('sanitized HTML stays one HTML block, keeps <pre> line breaks, and its text is not read as Markdown', () => {
  const html = '<p>a *b* c_d_e | f</p>\n\n<pre><code>line 1\n\nline 3</code></pre>';
  assert.equal(inlineSafeHtml(html), '<p>a &#42;b&#42; c&#95;d&#95;e &#124; f</p>&#10;&#10;<pre><code>line 1&#10;&#10;line 3</code></pre>');
  const page = pageToHtml(`${rawHtml(html, 'div', 'fd-x')}\n\nAfter *this*.\n`);
  assert.equal(page, '<div class="fd-x"><p>a *b* c_d_e | f</p>\n\n<pre><code>line 1\n\nline 3</code></pre></div>\n<p>After <em>this</em>.</p>');
  const cell = pageToHtml(`| a |\n| --- |\n| ${rawHtml('<em>x</em> | *y*', 'span')} |\n`);
  assert.match(cell, /<td><span><em>x<\/em> \| \*y\*<\/span><\/td>/);
});
