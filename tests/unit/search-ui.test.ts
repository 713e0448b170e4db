/** The search box's pure parts: excerpts split into text and marks without HTML, its words, arrow keys, and the stylesheet it borrows. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SCOPE } from '../../src/search/dom.ts';
import { excerptParts, withoutNameWords } from '../../src/search/excerpt.ts';
import { nextFocus } from '../../src/search/keyboard.ts';
import { countMessage, message } from '../../src/search/messages.ts';

test('an excerpt splits into plain and marked runs, in order', () => {
  assert.deepEqual(excerptParts('Paths to <mark>back</mark> up with <mark>restic</mark>.'), [
    { text: 'Paths to ', marked: false },
    { text: 'back', marked: true },
    { text: ' up with ', marked: false },
    { text: 'restic', marked: true },
    { text: '.', marked: false },
  ]);
  assert.deepEqual(excerptParts('<mark>paths</mark>'), [{ text: 'paths', marked: true }]);
  assert.deepEqual(excerptParts(''), []);
});

test('text Pagefind escaped comes back as the characters it was, never as markup', () => {
  // Pagefind escapes < and > of the page text; a page that shows markup shows it as text.
  const parts = excerptParts('podman-&lt;name&gt;.service &lt;img src=x onerror=alert(1)&gt; <mark>&lt;script&gt;</mark> a &amp;lt; b');
  assert.deepEqual(parts, [
    { text: 'podman-<name>.service <img src=x onerror=alert(1)> ', marked: false },
    { text: '<script>', marked: true },
    { text: ' a &amp;lt; b', marked: false },
  ]);
  // A <mark> written in the page itself was escaped, so it stays text.
  assert.deepEqual(excerptParts('&lt;mark&gt;x&lt;/mark&gt;'), [{ text: '<mark>x</mark>', marked: false }]);
});

test('messages take Starlight\'s strings over English, and fill the term and count as text', () => {
  assert.equal(message({}, 'placeholder'), 'Search');
  assert.equal(message({ placeholder: 'Suchen' }, 'placeholder'), 'Suchen');
  assert.equal(message({}, 'searching', 'backups paths'), 'Searching for backups paths...');
  // `$&` and `$1` in what was typed are not replacement patterns.
  assert.equal(countMessage({}, '$& $1', 0), 'No results for $& $1');
  assert.equal(countMessage({}, 'paths', 1), '1 result for paths');
  assert.equal(countMessage({}, 'paths', 1234), '1,234 results for paths');
  assert.equal(countMessage({ many_results: '[COUNT] Treffer für [SEARCH_TERM]', language: 'de' }, 'x', 1234), '1.234 Treffer für x');
});

test('arrow keys move from the input (-1) down the links and back up, and stop at the ends', () => {
  assert.equal(nextFocus('ArrowDown', -1, 3), 0);
  assert.equal(nextFocus('ArrowDown', 1, 3), 2);
  assert.equal(nextFocus('ArrowDown', 2, 3), 2);
  assert.equal(nextFocus('ArrowDown', -1, 0), undefined);
  assert.equal(nextFocus('ArrowUp', 2, 3), 1);
  assert.equal(nextFocus('ArrowUp', 0, 3), -1);
  assert.equal(nextFocus('ArrowUp', -1, 3), undefined);
  assert.equal(nextFocus('Tab', 0, 3), undefined);
});

test('the scope classes name the rules of the default UI stylesheet that Starlight imports, for each element the box builds', () => {
  const css = readFileSync(path.resolve(import.meta.dirname, '../../node_modules/@pagefind/default-ui/css/ui.css'), 'utf8');
  const styled: [scope: string, names: string[]][] = [
    [SCOPE.box, ['pagefind-ui', 'form', 'search-input', 'search-clear', 'drawer', 'results-area', 'results', 'message', 'button', 'hidden', 'suppressed']],
    [SCOPE.result, ['result', 'result-inner', 'result-title', 'result-link', 'result-excerpt', 'result-nested', 'loading']],
    [SCOPE.filters, ['filter-panel', 'filter-block', 'filter-name', 'filter-group', 'filter-value', 'filter-checkbox', 'filter-label']],
  ];
  for (const [scope, names] of styled) {
    for (const name of names) {
      const cls = name === 'pagefind-ui' ? name : `pagefind-ui__${name}`;
      assert.ok(css.includes(`.${cls}.${scope}`), `ui.css styles .${cls}.${scope}`);
    }
  }
});

test('an excerpt leaves out the words an option name is indexed under, whole or cut, and keeps the name and the prose', () => {
  const show = (excerpt: string, names: string[] = []) => withoutNameWords(excerptParts(excerpt), names).map((p) => (p.marked ? `[${p.text}]` : p.text)).join('');
  assert.equal(show('systems.backups.jobs.&lt;name&gt;.paths. <mark>systems</mark> backups jobs name <mark>paths</mark> Paths (files or folders) to back up.'), 'systems.backups.jobs.<name>.paths. Paths (files or folders) to back up.');
  // The section's own excerpt starts inside the words: its title says which.
  assert.equal(show('jobs name <mark>paths</mark> Paths (files or folders) to back up.', ['systems.backups.jobs.<name>.paths']), 'Paths (files or folders) to back up.');
  assert.equal(show('Which host runs the job. systems backups jobs', ['systems.backups.jobs.<name>.host']), 'Which host runs the job. ');
  assert.equal(show('systems.boot.lowMemory.enable. systems boot low Memory enable Whether to enable zram.'), 'systems.boot.lowMemory.enable. Whether to enable zram.');
  // Prose that happens to use one of the words is left alone.
  assert.equal(show('Back up the <mark>paths</mark> every night.', ['systems.backups.jobs.<name>.paths']), 'Back up the [paths] every night.');
});
