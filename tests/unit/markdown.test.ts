import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToHtml } from '../../scripts/render/markdown.ts';
import { jsString, text } from '../../scripts/render/mdx.ts';

test('raw HTML in a description is shown as text, never run', () => {
  assert.equal(
    markdownToHtml('Runs <script>alert(1)</script> for each <name>.'),
    '<p>Runs &#x3C;script>alert(1)&#x3C;/script> for each &#x3C;name>.</p>',
  );
});

test('dangerous links lose their href; external links get rel', () => {
  assert.equal(
    markdownToHtml('[a](javascript:alert(1)) [b](https://nixos.org)'),
    '<p><a>a</a> <a href="https://nixos.org" rel="noopener noreferrer">b</a></p>',
  );
});

test('{option} roles become links when the option is known, code otherwise', () => {
  const link = (name: string) => (name === 'my.a' ? '/options/nixos/a/#my.a' : undefined);
  assert.equal(
    markdownToHtml('See {option}`my.a` and {option}`other.b`.', link),
    '<p>See <a href="/options/nixos/a/#my.a"><code>my.a</code></a> and <code>other.b</code>.</p>',
  );
});

test('GitHub-flavoured markdown renders lists and tables', () => {
  assert.equal(markdownToHtml('- a\n- b'), '<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
  assert.match(markdownToHtml('| a |\n| - |\n| 1 |'), /<table>/);
});

test('untrusted text becomes character references for every character HTML or Markdown reads as markup', () => {
  assert.equal(text('{x} </script>'), '&#123;x&#125; &#60;/script&#62;');
  assert.equal(text('- a *b* | `c` [d](e) ~f~ _g_ \\ https://x @y'), '&#45; a &#42;b&#42; &#124; &#96;c&#96; &#91;d&#93;(e) &#126;f&#126; &#95;g&#95; &#92; https&#58;//x &#64;y');
  assert.equal(text('12. not a list'), '12&#46; not a list');
  assert.equal(text('    not code\nnor a new line'), '&#32;&#32;&#32;&#32;not code&#10;nor a new line');
  assert.equal(jsString('a\u2028b'), '"a\\u2028b"');
});
