/**
 * Our evalModules against nixpkgs' own: each case in tests/fixtures/modules/<case>/ lists modules and
 * the config paths to read; expected.json holds what `lib.evalModules` from nixpkgs' lib gave for
 * each (recorded by tests/fixtures/modules/record.sh with nix-instantiate). A read Nix could not
 * evaluate (a conflict, an option without a value) is `{ error: true }`: ours must give an unknown
 * saying so, and report a conflict as a diagnostic naming both places.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createEngine, getAttr, type Thunk, type Value } from '../../scripts/nix/index.ts';
import { plain, type Plain } from './nix-helpers.ts';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'modules');
const cases = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

interface Read {
  path: string[];
  value?: Plain;
  error?: true;
}

/** What Nix cannot evaluate shows as an unknown saying why. */
const ERROR_REASON = /conflicting definitions|has no value defined|defined multiple times/;

test('the module corpus has its cases', () => {
  assert.deepEqual(cases, ['attrsof-merge', 'config-across', 'conflicts', 'hostname-path', 'list-order', 'mkif-own-option', 'priorities', 'submodule-name']);
});

for (const name of cases) {
  test(`evalModules matches nixpkgs: ${name}`, async () => {
    const root = path.join(DIR, name);
    const engine = await createEngine({ root });
    const spec = engine.importFile(path.join(root, 'default.nix'));
    const modules = getAttr(spec, 'modules')!.force();
    assert.equal(modules.kind, 'list');
    const special = getAttr(spec, 'specialArgs')?.force();
    const specialArgs = special?.kind === 'attrs' ? new Map<string, Thunk>(special.attrs) : undefined;
    const evaluation = engine.evalModules({ modules: modules.kind === 'list' ? modules.items : [], specialArgs, file: path.join(root, 'default.nix') });
    const expected = JSON.parse(readFileSync(path.join(root, 'expected.json'), 'utf8')) as Read[];
    for (const read of expected) {
      let v: Value = evaluation.config;
      for (const seg of read.path) v = getAttr(v, seg)?.force() ?? { kind: 'unknown', reason: `missing ${seg}` };
      const got: Read = v.kind === 'unknown' && ERROR_REASON.test(v.reason) ? { path: read.path, error: true } : { path: read.path, value: plain(engine, v) };
      assert.deepEqual(got, read, `${name}: config.${read.path.join('.')}`);
    }
    const conflicts = engine.diagnostics.filter((d) => d.code === 'modules/conflict').map((d) => d.message);
    if (name === 'conflicts') assert.deepEqual(conflicts, ["the option `name' has conflicting definition values, in two.nix:2 and in one.nix:2"]);
    else if (name === 'priorities') assert.deepEqual(conflicts, ["the option `site.mirror' has conflicting definition values, in profile.nix:6 and in options.nix:8"]);
    else assert.deepEqual(conflicts, []);
  });
}
