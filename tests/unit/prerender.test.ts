/** Generated pages compiled to HTML before Astro: ids, headings, diagrams, code blocks, digests and the dev cache. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addHeadingIds, type CompileCache, compilePage, compilePages, htmlText, plainReferences, splitFrontmatter } from '../../scripts/site/prerender.ts';
import { frontmatter, text } from '../../scripts/render/mdx.ts';

const page = (path: string, data: Record<string, unknown>, body: string) => ({ path, content: `${frontmatter(data)}\n${body}` });

test('headings get slugged ids, numbered when repeated, and verbatim ids on pages that ask for them', () => {
  assert.deepEqual(addHeadingIds('<h2>Set up</h2><h3>Set up</h3><h2><code>a.&lt;name&gt;.b</code></h2>', false), {
    html: '<h2 id="set-up">Set up</h2><h3 id="set-up-1">Set up</h3><h2 id="anameb"><code>a.&lt;name&gt;.b</code></h2>',
    headings: [
      { depth: 2, slug: 'set-up', text: 'Set up' },
      { depth: 3, slug: 'set-up-1', text: 'Set up' },
      { depth: 2, slug: 'anameb', text: 'a.<name>.b' },
    ],
  });
  // An option's anchor is its name; `<` stays as is (Pagefind reads ids undecoded), `"` and `&` are escaped.
  assert.equal(addHeadingIds('<h2><code>a."x&amp;y".&lt;n&gt;</code></h2>', true).html, '<h2 id="a.&quot;x&amp;y&quot;.<n>"><code>a."x&amp;y".&lt;n&gt;</code></h2>');
  assert.equal(htmlText('a &#60;b&#x3E; &amp; <em>c</em>&nbsp;'), 'a <b> & c\u00a0');
});

test('a page: frontmatter as data, slug as id, kind filter, code with its box, a diagram left to the browser without a renderer', async () => {
  const source = page('options/nixos/x.md', { title: 'X', slug: 'options/nixos/x', headingIds: 'verbatim' }, [
    `## \`x.enable\``,
    '',
    `Some ${text('*text* <b>')}.`,
    '',
    '```sh',
    'nixos-rebuild switch',
    '```',
    '',
    '```mermaid',
    'flowchart LR',
    '  a --> b',
    '```',
    '',
  ].join('\n'));
  assert.deepEqual(splitFrontmatter(source.content).data, { title: 'X', slug: 'options/nixos/x', headingIds: 'verbatim' });
  const compiled = await compilePage(source, {}, 'content/generated/options/nixos/x.md');
  assert.equal(compiled.id, 'options/nixos/x');
  assert.deepEqual(compiled.headings, [{ depth: 2, slug: 'x.enable', text: 'x.enable' }]);
  assert.equal(
    compiled.html,
    '<span data-pagefind-filter="kind:Options" hidden></span><h2 id="x.enable"><code>x.enable</code></h2>\n' +
      '<p>Some *text* &lt;b&gt;.</p>\n' +
      '<pre class="fd-code" tabindex="0"><code class="language-sh">nixos-rebuild switch\n</code></pre>\n' +
      '<pre class="mermaid" data-mermaid-source="flowchart LR\n  a --> b">flowchart LR\n  a --> b</pre>\n',
  );
});

test('the digest follows what is stored, and the dev cache compiles only pages whose source changed', async () => {
  const a = page('hosts/a.md', { title: 'A', slug: 'hosts/a' }, 'One.\n');
  const b = page('hosts/b.md', { title: 'B', slug: 'hosts/b' }, 'Two.\n');
  const cache: CompileCache = new Map();
  const first = await compilePages([a, b, { path: 'index.mdx', content: '---\ntitle: Home\n---\n' }], {}, 'g', cache);
  assert.deepEqual(first.map((p) => p.id), ['hosts/a', 'hosts/b'], 'MDX pages are left to Astro');
  const edited = { ...b, content: b.content.replace('Two', 'Three') };
  const second = await compilePages([a, edited], {}, 'g', cache);
  assert.equal(second[0], first[0], 'the unchanged page is the cached object');
  assert.notEqual(second[1]!.digest, first[1]!.digest);
  assert.equal(second[1]!.shape, first[1]!.shape, 'a body edit leaves the shape (frontmatter and headings) as it was');
  const [retitled] = await compilePages([page('hosts/b.md', { title: 'Bee', slug: 'hosts/b' }, 'Three.\n')], {}, 'g');
  assert.notEqual(retitled!.shape, second[1]!.shape, 'a new title is a new shape');
  const [headed] = await compilePages([page('hosts/b.md', { title: 'B', slug: 'hosts/b' }, '## New\n\nThree.\n')], {}, 'g');
  assert.notEqual(headed!.shape, second[1]!.shape, 'a new heading is a new shape');
  assert.equal((await compilePages([a], {}, 'g', cache)).length, 1);
  assert.deepEqual([...cache.keys()], ['hosts/a.md'], 'a page that is gone leaves the cache');
});

test('references Markdown needed become characters again; HTML keeps its own escaped', () => {
  assert.equal(plainReferences('<a title="x&#34;y">a&#58;b &#42;c&#42; &#38;&#60;&#62;&#39; &#10;&#32;&#9731; &#38;#60;</a>'), '<a title="x&quot;y">a:b *c* &amp;&lt;&gt;&#39; \n &#9731; &amp;#60;</a>');
});
