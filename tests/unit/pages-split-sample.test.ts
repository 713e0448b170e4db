/**
 * The sample flake (12 secrets, 22 tickets) is far below the split of secrets and of the Gantt chart:
 * its secrets page and its Gantt chart stay one page each, exactly as tests/fixtures/pages-split-sample
 * holds them (written before the split existed; UPDATE=1 rewrites them, and the diff is reviewed).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { loadConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';
import type { GeneratedPage } from '../../scripts/render/mdx.ts';
import { SECRETS_PER_PAGE } from '../../scripts/render/secrets.ts';
import { GANTT_TICKETS_MAX } from '../../scripts/render/tickets.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'tests/fixtures/pages-split-sample');
let pages: GeneratedPage[];
let counts: { secrets: number; tickets: number };

before(async () => {
  const config = loadConfig(ROOT);
  const { model } = await extractFlake(path.join(ROOT, 'flake-src'), config, new Progress(true));
  pages = renderSite(model, config);
  counts = { secrets: model.secrets.secrets.length, tickets: model.roadmap?.documents.reduce((n, d) => n + d.tickets.length, 0) ?? 0 };
});

/** Compares a generated page with its fixture, or rewrites the fixture under UPDATE=1. */
function assertFixture(pagePath: string, fixture: string): void {
  const page = pages.find((p) => p.path === pagePath);
  assert.ok(page, pagePath);
  const file = path.join(FIXTURE, fixture);
  if (process.env.UPDATE === '1') writeFileSync(file, page.content);
  assert.equal(page.content, readFileSync(file, 'utf8'));
}

test('the sample\'s secrets page is one page, exactly as before', () => {
  assert.ok(counts.secrets > 0 && counts.secrets <= SECRETS_PER_PAGE);
  assert.deepEqual(pages.filter((p) => p.path.startsWith('secrets/')).map((p) => p.path), ['secrets/index.md']);
  assertFixture('secrets/index.md', 'secrets.md');
});

test('the sample\'s Gantt chart is one page, exactly as before', () => {
  assert.ok(counts.tickets > 0 && counts.tickets <= GANTT_TICKETS_MAX);
  assert.deepEqual(pages.filter((p) => p.path.startsWith('roadmap/gantt')).map((p) => p.path), ['roadmap/gantt.md']);
  assertFixture('roadmap/gantt.md', 'gantt.md');
});
