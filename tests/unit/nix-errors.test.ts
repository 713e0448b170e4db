/** Unknowns and errors: operations on unknowns stay unknown with the expression's text; errors become diagnostics. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, type Engine } from '../../scripts/nix/index.ts';
import { BASIC, plain } from './nix-helpers.ts';

/** A fresh engine (diagnostics are per engine). */
async function fresh(): Promise<Engine> {
  return createEngine({ root: BASIC });
}

/** Evaluates a module-style snippet and returns the value and the evaluation diagnostics of `snippet.nix`. */
async function run(source: string) {
  const e = await fresh();
  const v = plain(e, e.evalModule(e.evalString(`{ lib, pkgs, config, ... }:\n${source}`, 'snippet.nix')));
  const diagnostics = e.diagnostics.filter((d) => d.location?.file === 'snippet.nix').map((d) => [d.code, d.message, d.location!.line, d.location!.column]);
  return { v, diagnostics };
}

test('unknowns: selects on pkgs and config name their path', async () => {
  const { v, diagnostics } = await run('let cfg = config.services.x; in [ pkgs.hello cfg.enable pkgs.python3Packages.requests ]');
  assert.deepEqual(v, [
    { unknown: 'pkgs.hello', text: 'pkgs.hello' },
    { unknown: 'config.services.x.enable', text: 'cfg.enable' },
    { unknown: 'pkgs.python3Packages.requests', text: 'pkgs.python3Packages.requests' },
  ]);
  assert.deepEqual(diagnostics, []);
});

test('unknowns: operations on unknowns give unknowns with the whole expression as text', async () => {
  const { v, diagnostics } = await run(
    '[ "${pkgs.hello}/bin/hello" (pkgs.callPackage ./x.nix { }) (if config.a then 1 else 2) ([ 1 ] ++ config.l) ({ a = 1; } // config.s) (map (x: x) config.l) (config.n + 1) (with pkgs; [ git ]) ]',
  );
  assert.deepEqual(v, [
    { unknown: 'pkgs.hello', text: '"${pkgs.hello}/bin/hello"' },
    { unknown: 'pkgs.callPackage', text: 'pkgs.callPackage ./x.nix { }' },
    { unknown: 'config.a', text: 'if config.a then 1 else 2' },
    { unknown: 'config.l', text: '[ 1 ] ++ config.l' },
    // Nix still knows the attributes of the known side; they may be overridden (see the next test).
    { a: 1 },
    { unknown: 'config.l', text: 'map (x: x) config.l' },
    { unknown: 'config.n', text: 'config.n + 1' },
    [{ unknown: 'pkgs.git', text: 'git' }],
  ]);
  assert.deepEqual(diagnostics, []);
});

test('unknowns: `//` with one unknown side keeps the known side and marks the result partial', async () => {
  const { v, diagnostics } = await run(
    'let l = { a = 1; } // config.s; r = config.s // { b = 2; }; in [ l.a l.z r.b r.z (config.s // config.t) (lib.recursiveUpdate { c = 3; } config.u).c ]',
  );
  assert.deepEqual(v, [1, { unknown: 'config.s.z', text: 'l.z' }, 2, { unknown: 'config.s.z', text: 'r.z' }, { unknown: 'config.s', text: 'config.s // config.t' }, 3]);
  assert.deepEqual(diagnostics, []);
  const e = await fresh();
  const partial = e.evalModule(e.evalString('{ config, ... }: { a = 1; } // config.s', 'snippet.nix'));
  assert.equal(e.mayBeOverridden(partial)?.reason, 'config.s');
});

test('unknowns: short-circuiting logic and `or` still give known answers where Nix would', async () => {
  const { v } = await run('[ (false && config.x) (true || config.x) (config.x && false) ({ }.a or config.d) ]');
  assert.deepEqual(v, [false, true, false, { unknown: 'config.d', text: 'config.d' }]);
});

test('errors: each becomes an unknown plus a located diagnostic', async () => {
  const { v, diagnostics } = await run(
    [
      '[',
      '  (1 + "a")',
      '  { a = 1; }.b',
      '  (throw "boom")',
      '  (abort "stop")',
      '  (assert 1 == 2; 3)',
      '  undefinedName',
      '  (builtins.head [ ])',
      '  (({ a }: a) { })',
      '  (lib.assertMsg false "must hold")',
      ']',
    ].join('\n'),
  );
  assert.deepEqual(v, [
    { unknown: 'cannot add a string to an integer', text: '1 + "a"' },
    { unknown: "attribute 'b' missing", text: '{ a = 1; }.b' },
    { unknown: 'throw: boom', text: 'throw "boom"' },
    { unknown: 'abort: stop', text: 'abort "stop"' },
    { unknown: "assertion '1 == 2' failed", text: 'assert 1 == 2; 3' },
    { unknown: "undefined variable 'undefinedName'", text: 'undefinedName' },
    { unknown: "'builtins.head' called on an empty list", text: 'builtins.head [ ]' },
    { unknown: "missing argument 'a'", text: 'a' },
    { unknown: 'assertion failed: must hold', text: 'lib.assertMsg false "must hold"' },
  ]);
  assert.deepEqual(diagnostics, [
    ['nix/type-error', 'cannot add a string to an integer', 3, 4],
    ['nix/missing-attribute', "attribute 'b' missing", 4, 3],
    ['nix/throw', 'throw: boom', 5, 4],
    ['nix/abort', 'abort: stop', 6, 4],
    ['nix/assert', "assertion '1 == 2' failed", 7, 4],
    ['nix/undefined-variable', "undefined variable 'undefinedName'", 8, 3],
    ['nix/type-error', "'builtins.head' called on an empty list", 9, 4],
    ['nix/missing-argument', "function called without required argument 'a'", 10, 4],
    ['nix/assert', 'assertion failed: must hold', 11, 4],
  ]);
});

test('budgets: runaway recursion and huge lists stop with a diagnostic', async () => {
  const { v, diagnostics } = await run('[ (let f = n: f (n + 1); in f 0) (builtins.length (builtins.genList (x: x) 100000000)) (let x = x + 1; in x) ]');
  const [deep, huge, loop] = v as { unknown: string }[];
  assert.equal(deep!.unknown, 'evaluation nested deeper than 1500 levels');
  assert.equal(huge!.unknown, 'genList of 100000000 elements is too long to evaluate statically');
  assert.equal(loop!.unknown, 'infinite recursion');
  assert.deepEqual(
    diagnostics.map((d) => d[0]),
    ['nix/budget', 'nix/budget'],
  );
});

test('values keep their source: valueText, attribute locations, lambda formals', async () => {
  const e = await fresh();
  const m = e.evalString('{\n  f = { a, b ? 1, ... }: a;\n  g = x: x;\n  l = [ 1 2 ];\n  u = pkgs.hello;\n  nested.deep = 1;\n}\n', 'loc.nix');
  assert.equal(m.kind, 'attrs');
  if (m.kind !== 'attrs') return;
  const f = m.attrs.get('f')!.force();
  assert.equal(e.valueText(f), '{ a, b ? 1, ... }: a');
  assert.deepEqual(f.kind === 'lambda' && f.formals, { names: ['a', 'b'], ellipsis: true, defaults: ['b'] });
  assert.deepEqual(f.kind === 'lambda' && f.loc, { file: 'loc.nix', line: 2, column: 7 });
  const g = m.attrs.get('g')!.force();
  assert.equal(g.kind === 'lambda' && g.formals, undefined);
  assert.equal(e.valueText(m.attrs.get('l')!.force()), '[ 1 2 ]');
  assert.equal(e.valueText(m.attrs.get('u')!.force()), 'pkgs.hello');
  assert.deepEqual(m.locs?.get('g'), { file: 'loc.nix', line: 3, column: 3 });
  const nested = m.attrs.get('nested')!.force();
  assert.deepEqual(nested.kind === 'attrs' && nested.locs?.get('deep'), { file: 'loc.nix', line: 6, column: 10 });
});

test('a call with one argument per formal (haumea-style) fails only where a missing one is used, as in Nix', async () => {
  // nix-instantiate --eval gives 1 for the first: `extra` is a select that fails, but nothing forces it.
  const unused = await run('let f = { a, extra, ... }: a; in f (builtins.mapAttrs (n: _: { a = 1; }.${n}) (builtins.functionArgs f))');
  assert.deepEqual(unused, { v: 1, diagnostics: [] });
  const used = await run('let f = { a, extra, ... }: extra; in f (builtins.mapAttrs (n: _: { a = 1; }.${n}) (builtins.functionArgs f))');
  assert.deepEqual(used.diagnostics, [['nix/missing-attribute', "attribute 'extra' missing", 2, 66]]);
});
