/** The search box lists a result's best-matching sections first (src/search/rank-sections.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankSections } from '../../src/search/rank-sections.ts';

const loc = (location: number, balanced_score: number) => ({ location, balanced_score });

test('a section holding every word typed beats one repeating a single word, whatever the page order', () => {
  const content = 'Backups. systems.backups.jobs backups jobs backup backup backup systems.backups.jobs.<name>.paths backups paths Paths to back up';
  const result = rankSections({
    url: '/options/backups/',
    content,
    sub_results: [
      { url: '/options/backups/#_top', locations: [0], weighted_locations: [loc(0, 9000)] },
      { url: '/options/backups/#jobs', locations: [1, 2, 4, 5, 6], weighted_locations: [loc(1, 1100), loc(2, 500), loc(4, 500), loc(5, 500), loc(6, 500)] },
      { url: '/options/backups/#paths', locations: [7, 8, 9, 10], weighted_locations: [loc(7, 1600), loc(8, 500), loc(9, 500), loc(10, 300)] },
      { url: '/options/backups/#other', locations: [3], weighted_locations: [loc(3, 10)] },
      { url: '/options/backups/#last', locations: [3], weighted_locations: [loc(3, 5)] },
    ],
  });
  assert.deepEqual(result.sub_results.map((s) => s.url), ['/options/backups/#paths', '/options/backups/#jobs', '/options/backups/#other']);
});

test('the page\'s own section stays first; the title section stays only when nothing else matched', () => {
  const own = rankSections({ url: '/p/', sub_results: [{ url: '/p/', locations: [0] }, { url: '/p/#a', locations: [1] }, { url: '/p/#b', locations: [2, 3] }] });
  assert.deepEqual(own.sub_results.map((s) => s.url), ['/p/', '/p/#b', '/p/#a']);
  const title = rankSections({ url: '/h/', sub_results: [{ url: '/h/#_top', locations: [0, 1] }] });
  assert.deepEqual(title.sub_results.map((s) => s.url), ['/h/#_top']);
});
