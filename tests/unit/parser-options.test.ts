/**
 * A real-world-like flake whose modules use pipe operators (`lib.attrNames cfg.ports |> map (…)`) and
 * RFC 166 trailing commas: every option is extracted with the values the pipes compute, and the flake
 * yields no diagnostic at all. Golden file: tests/fixtures/parser-options-pipes/expected.json
 * (`UPDATE=1` rewrites it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractOptions, toOptionsJson } from '../../scripts/extract/options.ts';
import { createEngine } from '../../scripts/nix/index.ts';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'parser-options-pipes');

test('options of modules written with pipes and trailing commas are extracted in full', async () => {
  const engine = await createEngine({ root: DIR });
  const { options, diagnostics } = extractOptions(engine);
  const actual = {
    options: toOptionsJson(options),
    diagnostics: [...diagnostics, ...engine.diagnostics].map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.severity} ${d.code}: ${d.message}`),
  };
  const file = path.join(DIR, 'expected.json');
  if (process.env.UPDATE === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  assert.ok(existsSync(file), `${file} is missing (run with UPDATE=1)`);
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  assert.deepEqual(actual.diagnostics, []);
  // The values the pipes compute, spelled out (the golden file holds them too).
  const json = actual.options as Record<string, { default?: { text: string } }>;
  assert.equal(json['my.sites.hostNames']?.default?.text, '[\n  "blog.example.org"\n  "wiki.example.org"\n]');
  assert.equal(json['my.sites.ports']?.default?.text, '{\n  blog = 8000;\n  wiki = 8001;\n}');
  assert.equal(json['my.sites.roots']?.default?.text, '{\n  blog = "/srv/blog";\n  wiki = "/srv/wiki";\n}');
});
