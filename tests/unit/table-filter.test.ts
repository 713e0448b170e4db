/** The index pages' filter box: which rows a query keeps, and what the count says. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countLabel, filterTerms, rowMatches } from '../../scripts/site/table-filter.ts';

test('a query is its lower-cased words; a blank one has none', () => {
  assert.deepEqual(filterTerms('  Rich  EVANS\tx86 '), ['rich', 'evans', 'x86']);
  assert.deepEqual(filterTerms(' \n '), []);
});

test('a row matches when its text holds every word, in any order and case', () => {
  const row = 'rich-evans NixOS x86_64-linux server, gaming alice hosts/rich-evans/default.nix:3';
  assert.equal(rowMatches(row, filterTerms('gaming RICH')), true);
  assert.equal(rowMatches(row, filterTerms('rich darwin')), false);
  assert.equal(rowMatches(row, []), true, 'a blank query keeps every row');
  assert.equal(rowMatches(row, filterTerms('<script>')), false);
});

test('the count says how many rows match, only while filtering', () => {
  assert.equal(countLabel(3, 20, true), '3 of 20 rows match');
  assert.equal(countLabel(1, 1, true), '1 of 1 row matches');
  assert.equal(countLabel(20, 20, false), '');
});
