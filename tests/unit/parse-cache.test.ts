/** `dev` keeps parsed files between extractions: the model is the same as a fresh extraction's, before and after an edit. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake, type Extraction } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { ParseCache } from '../../scripts/nix/index.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'flake-docs-parse-cache-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** What an extraction publishes, as text: the model (diagnostics included) and options.json. */
const published = (x: Extraction) => JSON.stringify([x.model, x.optionsJson]);

test('extractions sharing a parse cache give what fresh ones give, and parse again only the edited file', async () => {
  const flake = path.join(tmp, 'flake');
  cpSync(path.resolve(import.meta.dirname, '../../flake-src'), flake, { recursive: true });
  const config = parseConfig({});
  const extract = (cache?: ParseCache) => extractFlake(flake, config, new Progress(true), cache);
  const cache: ParseCache = new Map();

  const fresh = published(await extract());
  assert.equal(published(await extract(cache)), fresh, 'filling the cache changes nothing');
  assert.ok(cache.size > 20, `the sample's files are cached (${cache.size})`);
  const before = new Map(cache);
  assert.equal(published(await extract(cache)), fresh, 'a second evaluation of the same parsed files gives the same model');

  const module = path.join(flake, 'modules/nixos/containers.nix');
  const edited = readFileSync(module, 'utf8').replace('Image reference, with a tag.', 'Edited: the image and its tag.');
  writeFileSync(module, edited);
  const afterEdit = published(await extract(cache));
  assert.ok(afterEdit.includes('Edited: the image and its tag.'));
  assert.equal(afterEdit, published(await extract()), 'after an edit, the same model as a fresh extraction');
  const changed = [...cache].filter(([abs, f]) => before.get(abs) !== f).map(([abs]) => path.relative(flake, abs));
  assert.deepEqual(changed, ['modules/nixos/containers.nix'], 'only the edited file was parsed again');

  // A file that no longer parses is reported as a fresh extraction reports it.
  writeFileSync(module, `${edited}\n{ broken = ;`);
  const broken = await extract(cache);
  assert.equal(published(broken), published(await extract()));
  assert.ok(broken.model.diagnostics.some((d) => d.code === 'nix/syntax' && d.location?.file === 'modules/nixos/containers.nix'));
});
