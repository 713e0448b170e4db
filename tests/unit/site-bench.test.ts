/** The site benchmark reads a build's phase times from the progress lines the CLI prints. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phasesOf } from '../../scripts/bench/site-bench.ts';

test('phases: extraction is every phase before the pages, then render, Astro and the link check', () => {
  const output = [
    'flake x: title "t" from flake.nix description',
    '✓ parse flake (120 ms) 53 .nix files',
    '✓ options (500 ms) 80 options',
    '✓ hosts (380 ms) 7 hosts, 4 profiles',
    '✓ render pages (1500 ms) 74 pages, 73 compiled to HTML, 3 diagram renders',
    '18:01:31 [content] Syncing content',
    '✓ build site (10420 ms)',
    '✓ draw diagrams (130 ms) 17 renders, into 12 pages',
    '✓ check links (360 ms) 6493 internal links in 75 pages, 0 broken',
  ].join('\n');
  assert.deepEqual(phasesOf(output), { extract: 1, render: 1.5, astro: 10.42, diagrams: 0.13, links: 0.36 });
  assert.deepEqual(phasesOf(''), { extract: 0, render: 0, astro: 0, diagrams: 0, links: 0 });
});
