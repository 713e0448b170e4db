/** The secrets page of a big fleet keeps its weight: no 200,000-cell matrix, no graph too big to read. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { writeSiteFlake } from '../../scripts/bench/synth.ts';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { FlakeModel } from '../../scripts/model/index.ts';
import { indexSettings } from '../../scripts/model/settings.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { GRAPH_NODES_MAX, MATRIX_CELLS_MAX, renderSecrets } from '../../scripts/render/secrets.ts';

let scratch: string;
let model: FlakeModel;
const config = parseConfig({ base: '/' });
const page = (m: FlakeModel) => renderSecrets({ model: m, router: createRouter('/'), config, settings: indexSettings(m.options, m.hosts, m.profiles) })[0]!.content;

before(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'fd-secrets-'));
  writeSiteFlake(path.join(scratch, 'flake'), { modules: 2, hosts: 20, secrets: 40, tickets: 1 });
  model = (await extractFlake(path.join(scratch, 'flake'), parseConfig({ flake: path.join(scratch, 'flake') }), new Progress(true))).model;
});
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a small fleet gets the matrix and the usage graph', () => {
  const { secrets, recipients } = model.secrets;
  assert.ok(secrets.length * recipients.length <= MATRIX_CELLS_MAX);
  const content = page(model);
  assert.ok(content.includes('<div class="fd-matrix"'));
  assert.ok(content.includes('```mermaid'));
});

test('a thousand secrets: no matrix and no graph, each said in words, and every secret keeps its section', () => {
  const many = structuredClone(model);
  many.secrets.secrets = Array.from({ length: 25 }, (_, i) => model.secrets.secrets.map((s) => ({ ...s, id: `${s.id}-${i}` }))).flat();
  assert.equal(many.secrets.secrets.length, 1000);
  const content = page(many);
  assert.ok(!content.includes('<div class="fd-matrix"'));
  assert.ok(!content.includes('```mermaid'));
  assert.match(content, /1000 secrets by \d+ recipients are too many for a matrix/);
  assert.ok(content.includes(`hosts and secrets are too many to draw as one graph`));
  assert.ok(GRAPH_NODES_MAX < 1000);
  // Every secret keeps its section and anchor.
  assert.equal([...content.matchAll(/<h3 id="secret-/g)].length, 1000);
});
