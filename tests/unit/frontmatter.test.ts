/** Frontmatter: generated `key: <JSON>` lines read by JSON.parse give what the YAML parser gives; anything else goes to YAML. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseFrontmatter } from '../../scripts/site/frontmatter.ts';
import { frontmatter } from '../../scripts/render/mdx.ts';

test('generated frontmatter reads as YAML reads it, hostile text included', () => {
  const data = {
    title: 'web-01 "prod" \u2028 <script>&amp;</script> \\ é 🙂',
    description: '---\nnot: the end\n',
    slug: 'hosts/web-01',
    sidebar: { order: 3, label: 'a: b # c', hidden: false, attrs: { 'data-x': '1' } },
    tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
    pagefind: false,
    n: -0.5e3,
    none: null,
    list: ['a', 1, true],
  };
  const block = /^---\n([\s\S]*?)\n---\n$/.exec(frontmatter(data))![1]!;
  assert.deepEqual(parseFrontmatter(block), parseYaml(block));
  // The line separator, invisible, is written as its marker (a name must show what it holds).
  assert.deepEqual(parseFrontmatter(block), { ...data, title: data.title.replace('\u2028', '⟨U+2028⟩') });
});

test('hand-written YAML goes to the YAML parser', () => {
  for (const block of ['title: Hello world', 'title: "a" # comment', 'date: 2024-01-01', 'order: 010', 'sidebar:\n  order: 2', 'a: 1\na: 2x', 'x: .5', '']) {
    let expected: unknown;
    try {
      expected = parseYaml(block) ?? {};
    } catch (error) {
      assert.throws(() => parseFrontmatter(block), { message: (error as Error).message });
      continue;
    }
    assert.deepEqual(parseFrontmatter(block), expected, block);
  }
});
