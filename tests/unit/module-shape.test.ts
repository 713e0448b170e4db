/**
 * Only modules are evaluated as modules. The fixture tests/fixtures/modules-not-modules puts a package,
 * a shell.nix, two NixOS test drivers, a library and a script beside real modules (one of them a module
 * only because a host imports it): every diagnostic of the whole extraction is pinned in
 * expected.json (UPDATE=1 rewrites it), and none may be a warning or an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sortDiagnostics } from '../../scripts/diagnostics.ts';
import { extractHosts } from '../../scripts/extract/hosts.ts';
import { isPackageArg, shapeOf } from '../../scripts/extract/module-shape.ts';
import { extractOptions } from '../../scripts/extract/options.ts';
import { createEngine } from '../../scripts/nix/index.ts';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'modules-not-modules');

test('fixture modules-not-modules: no warning, one note per file left out, the real modules documented', async () => {
  const engine = await createEngine({ root: DIR });
  const options = extractOptions(engine);
  const hosts = extractHosts(engine, options.options, {});
  const all = sortDiagnostics([...engine.diagnostics, ...options.diagnostics, ...hosts.diagnostics]);
  const actual = {
    options: options.options.map((o) => `${o.name} (${o.declarations.join(', ')})`),
    hostModules: hosts.hosts.flatMap((h) => h.modules.map((m) => `${h.name}: ${m.kind === 'file' ? m.path : m.kind}`)),
    diagnostics: all.map((d) => `${d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ` : ''}${d.severity} ${d.code}: ${d.message}`),
  };
  const file = path.join(DIR, 'expected.json');
  if (process.env.UPDATE === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  assert.ok(existsSync(file), `${file} is missing (run with UPDATE=1)`);
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  assert.deepEqual(all.filter((d) => d.severity !== 'info'), []);
  // At most one note per file.
  const notes = all.filter((d) => d.code === 'options/not-a-module').map((d) => d.location!.file);
  assert.deepEqual(notes, [...new Set(notes)]);
  assert.deepEqual(notes, ['pkgs/greet.nix', 'pkgs/hello/default.nix', 'pkgs/tool.nix', 'scripts/rebuild.nix', 'shell.nix', 'tests/boot.nix', 'tests/make-test.nix', 'tests/vm.nix', 'tests/wireguard.nix']);
});

test('shapes: module arguments or `...` make a module, package arguments a package', async () => {
  const engine = await createEngine({ root: DIR });
  const shape = (src: string, rel = 'x.nix') => {
    const s = shapeOf(rel, engine.evalString(src, rel));
    return s.kind === 'not-module' ? s.why : s.kind;
  };
  assert.equal(shape('{ config, lib, pkgs, ... }: { }'), 'module');
  assert.equal(shape('{ lib, inputs }: { }'), 'module');
  assert.equal(shape('{ config, hostname }: { }'), 'module');
  assert.equal(shape('{ foo, ... }: { }'), 'module');
  assert.equal(shape('{ options = { }; }'), 'module');
  assert.equal(shape('{ imports = [ ]; }'), 'module');
  assert.equal(shape('{ lib, stdenvNoCC, python3 }: 1'), 'a package (it takes `stdenvNoCC` and `python3`, as callPackage functions do)');
  assert.equal(shape('{ lib, buildGoModule, ... }: 1'), 'a package (it takes `buildGoModule`, as callPackage functions do)');
  assert.equal(shape('{ lib, hostname }: { }'), 'a function of `hostname`, which no module system passes');
  assert.equal(shape('final: prev: { }'), 'a function of one plain argument (a helper or an overlay)');
  assert.equal(shape('{ a = 1; }'), 'data');
  assert.ok(isPackageArg('fetchFromGitHub') && isPackageArg('writeShellApplication') && isPackageArg('stdenv'));
  assert.ok(!isPackageArg('pkgs') && !isPackageArg('lib') && !isPackageArg('config') && !isPackageArg('makeup'));
});
