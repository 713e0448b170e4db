/** Diagnostics a person reads: the exact list for three fixtures whose messages name the fix or the gap. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { coverageLines } from '../../scripts/model/coverage.ts';
import type { FlakeModel } from '../../scripts/model/index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

async function model(name: string): Promise<FlakeModel> {
  return (await extractFlake(path.join(FIXTURES, name), parseConfig({}), new Progress(true))).model;
}

/** Each diagnostic as `severity code file:line:col message`. */
const shown = (m: FlakeModel) => m.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : '-'} ${d.message}`);

const NO_LOCK = 'info inputs/no-lock flake.lock:1:1 no flake.lock: inputs are not pinned';
const ENABLE_SET = '`mkEnableOption` takes a name: this set is not a default, and the option defaults to false; write `mkEnableOption "name" // { default = true; }`, or `mkOption` with `type = types.bool`';

test('mkEnableOption given a set: one warning at the call that names the fix, and says when no host imports the file', async () => {
  const m = await model('diag-enable-set');
  assert.deepEqual(shown(m), [
    NO_LOCK,
    `warning nix/type-error modules/lamp.nix:3:25 ${ENABLE_SET}`,
    // The note the options extractor makes of the unknown description is folded into the warning it quotes.
    `warning nix/type-error modules/tidy.nix:4:14 ${ENABLE_SET} (in a file no host imports)`,
  ]);
  // Nix ignores the set's `default`: the option defaults to false, as documented.
  const enable = m.options.find((o) => o.name === 'tidy.enable')!;
  assert.deepEqual(enable.default, { _type: 'literalExpression', text: 'false' });
});

test('haumea passes each listed argument lazily: one never used is no diagnostic, one used and missing fails where it is declared', async () => {
  const m = await model('diag-haumea-lazy');
  assert.deepEqual(shown(m), [
    NO_LOCK,
    "info options/not-a-module src/nixosConfigurations/edge.nix:1:1 skipped, not a module: a function of `arch`, which no module system passes, and nothing in the flake imports it as a module",
    "warning nix/missing-attribute src/nixosConfigurations/edge.nix:2:1 attribute 'arch' missing: the function uses its argument `arch`, which `inputs.haumea.lib.load` takes from its `inputs`, and they have none: add it there",
    "info options/not-a-module src/tools/greeting.nix:1:1 skipped, not a module: a function of `message`, which no module system passes, and nothing in the flake imports it as a module",
  ]);
  assert.deepEqual(m.hosts.map((h) => [h.name, h.system]), [['edge', null], ['relay', 'x86_64-linux']]);
});

test("options built by the flake's own helper library are documented through the lib its hosts pass", async () => {
  const m = await model('diag-helper-lib');
  assert.deepEqual(shown(m), [NO_LOCK]);
  assert.deepEqual(
    m.options.map((o) => [o.name, o.type, o.default, o.description]),
    [
      ['desktop.enable', 'boolean', { _type: 'literalExpression', text: 'false' }, 'Whether the machine has a graphical session.'],
      ['desktop.wallpaper', 'string', { _type: 'literalExpression', text: '"dunes.png"' }, 'The picture behind the windows.'],
    ],
  );
  assert.deepEqual(coverageLines(m), ['coverage: 1 host (1 NixOS), 0 profiles, 2 options, 0 secrets']);
});

test('outputs out of reach: the coverage names the helper library and its file, and the secret check that needs hosts is switched off', async () => {
  const m = await model('diag-no-outputs');
  assert.deepEqual(shown(m), [
    NO_LOCK,
    "info hosts/outputs-unknown flake.nix:8:5 the flake's outputs could not be evaluated statically (inputs.builder.lib.assemble): no hosts are documented; evaluation stopped at `builder.lib.assemble { inherit inputs; src = ./.; lib = import ./lib; }` (flake.nix:8), which needs the library of input builder, which flake-docs does not model",
    'info options/unknown-tree modules/backup.nix:4:14 the options at `backup.enable` are computed at evaluation time (lib.own.mkBoolOpt, from lib/default.nix); they are not documented',
    'info options/unknown-tree modules/backup.nix:5:14 the options at `backup.verify` are computed at evaluation time (lib.own.mkBoolOpt, from lib/default.nix); they are not documented',
  ]);
  // The secret is there, but with no host nothing could use it: no `secrets/unused` note.
  assert.deepEqual(m.secrets.secrets.map((s) => [s.id, s.usedBy]), [['shelf-key', []]]);
  assert.deepEqual(coverageLines(m), [
    'coverage: 0 hosts, 0 profiles, 0 options, 1 secret',
    "  not covered: no host found: the flake's outputs could not be evaluated statically (flake.nix:8)",
    "  not covered: 2 options not documented: built by `lib.own.mkBoolOpt` from lib/default.nix, the flake's own library, which static reading could not reach (it needs the flake's outputs)",
    '  switched off: whether each secret is used, and by whom: it needs the hosts, and none was found',
  ]);
});

test('the corpus run flags a flake whose check prints more than 20 lines, or not the coverage line first', async () => {
  const { CHECK_LINES_MAX, compare } = await import('../../scripts/bench/corpus.ts');
  const result = { name: 'x', hosts: {}, profiles: 0, options: 0, secrets: 0, diagnostics: { error: {}, warning: {}, info: {} }, ms: 0, unknownImports: {} };
  const expectation = { hosts: {}, warnings: {} };
  assert.equal(CHECK_LINES_MAX, 20);
  assert.deepEqual(compare({ ...result, checkLines: 20, coverageFirst: true }, expectation), []);
  assert.deepEqual(compare({ ...result, checkLines: 21, coverageFirst: false }, expectation), ['check printed 21 lines (at most 20)', 'check did not print the coverage line first']);
});
