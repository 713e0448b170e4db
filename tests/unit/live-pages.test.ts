/** Compiled pages handed to the dev server in memory: what reloads at once, what goes to the content layer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedPages, type CompiledPage } from '../../scripts/site/compiled-pages.ts';
import { pageBody } from '../../scripts/site/page-bodies.ts';
import { livePages, onLiveStructure, publishLivePages, setLiveReload, structureChanged } from '../../scripts/site/live-pages.ts';

const compiled = (id: string, html: string, shape = `${id}-shape`): CompiledPage => ({ id, data: { title: id }, html, headings: [], digest: `${id}:${html}`, shape });

test('changed pages: edited, added and removed ones', () => {
  const [a, b, c] = [compiled('a', '1'), compiled('b', '2'), compiled('c', '3')];
  const digests = (pages: CompiledPage[]) => new Map(pages.map((p) => [p.id, p.digest]));
  assert.equal(changedPages(digests([a, b]), [a, b]), 0);
  assert.equal(changedPages(digests([a, b]), [compiled('a', 'new'), c]), 3, 'a edited, c added, b removed');
});

test('the structure is the pages in order with their shapes; the HTML is not part of it', () => {
  const a = compiled('a', '<p>1</p>');
  const b = compiled('b', '<p>2</p>');
  assert.equal(structureChanged([a, b], [compiled('a', '<p>new</p>'), b]), false);
  assert.equal(structureChanged([a, b], [a]), true, 'a page removed');
  assert.equal(structureChanged([a], [a, b]), true, 'a page added');
  assert.equal(structureChanged([a, b], [b, a]), true, 'pages reordered');
  assert.equal(structureChanged([a, b], [a, compiled('b', '<p>2</p>', 'other')]), true, 'a title or heading changed');
  assert.equal(structureChanged([a, b], [a, compiled('c', '<p>2</p>', 'b-shape')]), true, 'a page renamed');
});

test('publishing: nothing is shared before the first publish; body edits reload at once, structural ones go to the loader', () => {
  assert.equal(livePages(), undefined);
  assert.equal(pageBody('a'), undefined);
  assert.equal(onLiveStructure(() => {}), false, 'no loader hook outside the CLI\'s dev');
  const first = [compiled('a', '<p>1</p>'), compiled('b', '<p>2</p>')];
  assert.deepEqual(publishLivePages(first), { changed: 2, structural: true, reloaded: false });
  assert.equal(livePages(), first);
  assert.equal(pageBody('b'), '<p>2</p>');
  assert.equal(pageBody('index'), undefined, 'pages the loader does not compile have no live HTML');

  // Before the dev server is up, an edit reloads nobody.
  assert.deepEqual(publishLivePages([compiled('a', '<p>1b</p>'), first[1]!]), { changed: 1, structural: false, reloaded: false });
  const events: string[] = [];
  setLiveReload(() => events.push('reload'));
  assert.equal(onLiveStructure((pages) => events.push(`first loader: ${pages.map((p) => p.id).join(',')}`)), true);
  assert.equal(onLiveStructure((pages) => events.push(`loader: ${pages.map((p) => p.id).join(',')}`)), true, 'a later loader replaces the earlier one');

  assert.deepEqual(publishLivePages([compiled('a', '<p>1c</p>'), first[1]!]), { changed: 1, structural: false, reloaded: true });
  assert.equal(pageBody('a'), '<p>1c</p>');
  assert.deepEqual(events, ['reload']);
  assert.deepEqual(publishLivePages([compiled('a', '<p>1c</p>'), first[1]!]), { changed: 0, structural: false, reloaded: false }, 'an edit that changes no page reloads nothing');
  assert.deepEqual(events, ['reload']);

  assert.deepEqual(publishLivePages([compiled('a', '<p>1d</p>', 'retitled'), first[1]!]), { changed: 1, structural: true, reloaded: false });
  assert.deepEqual(publishLivePages([compiled('a', '<p>1d</p>', 'retitled')]), { changed: 1, structural: true, reloaded: false });
  assert.deepEqual(events, ['reload', 'loader: a,b', 'loader: a']);
  assert.equal(pageBody('a'), '<p>1d</p>');
  assert.equal(pageBody('b'), undefined, 'a deleted page has no live HTML');
});
