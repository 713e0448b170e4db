/**
 * The `lib` functions written in Nix (scripts/nix/lib-prelude.ts) against nixpkgs' own: the expected
 * values are what `nix-instantiate --eval --strict --json` gives with nixpkgs.lib, and when Nix and a
 * nixpkgs.lib checkout are on this machine (NIXPKGS_LIB, or ../corpus/nix-community+nixpkgs.lib) the
 * test asks Nix again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { evalNix } from './nix-helpers.ts';

const CASES = [
  '(lib.genAttrs\' [ "a" "b" ] (n: lib.nameValuePair "x-${n}" n))',
  '(lib.attrVals [ "b" "a" ] { a = 1; b = 2; })',
  '(lib.concatAttrValues { a = [ 1 2 ]; b = [ 3 ]; })',
  '(lib.filterAttrsRecursive (n: v: v != null) { a = null; b = { c = null; d = 1; }; })',
  '(lib.mapAttrsRecursiveCond (s: !(s ? leaf)) (p: v: lib.concatStringsSep "." p) { a = { b = 1; c = { leaf = true; }; }; })',
  '(lib.overrideExisting { a = 1; b = 2; } { b = 20; c = 30; })',
  '(lib.setAttr { a = 1; } "b" 2)',
  '(lib.zipAttrsWithNames [ "a" ] (n: vs: vs) [ { a = 1; } { a = 2; b = 3; } ])',
  '(lib.recurseIntoAttrs { a = 1; })',
  '(lib.mapNullable (x: x + 1) null)',
  '(lib.mapNullable (x: x + 1) 1)',
  '(lib.imap (i: v: "${toString i}${v}") [ "a" "b" ])',
  '(lib.replicate 3 "x")',
  '(lib.takeEnd 2 [ 1 2 3 ])',
  '(lib.takeEnd 5 [ 1 2 ])',
  '(lib.dropEnd 2 [ 1 2 3 ])',
  '(lib.allUnique [ 1 2 1 ])',
  '(lib.findSingle (x: x > 1) "none" "many" [ 1 2 ])',
  '(lib.findSingle (x: x > 0) "none" "many" [ 1 2 ])',
  '(lib.compare "a" "b")',
  '(lib.boolToYesNo true)',
  '(lib.replaceString "-" "_" "a-b-c")',
  '(lib.stringAsChars (c: if c == "a" then "A" else c) "banana")',
  '(builtins.length lib.upperChars)',
  '(lib.concatMapAttrsStringSep ", " (n: v: "${n}=${v}") { a = "1"; b = "2"; })',
  '(lib.groupBy\' builtins.add 0 (x: if x > 2 then "big" else "small") [ 1 2 3 4 ])',
  '((lib.composeManyExtensions [ (f: p: { a = 1; }) (f: p: { b = p.a + 1; }) ]) { } { })',
  '(lib.mul 6 7)',
  '(lib.div 7 2)',
  '(lib.attrsets.filterAttrsRecursive (n: v: v != 1) { a = 1; b = 2; })',
];

/** nix-instantiate 2.8 with nixpkgs.lib (nix-community/nixpkgs.lib), for CASES in order. */
const NIX = [{"x-a":"a","x-b":"b"},[2,1],[1,2,3],{"b":{"d":1}},{"a":{"b":"a.b","c":"a.c"}},{"a":1,"b":20},{"a":1,"b":2},{"a":[1,2]},{"a":1,"recurseForDerivations":true},null,2,["1a","2b"],["x","x","x"],[2,3],[1,2],[1],false,2,"many",-1,"yes","a_b_c","bAnAnA",26,"a=1, b=2",{"big":7,"small":3},{"a":1,"b":2},42,3,{"b":2}];

test('lib functions written in Nix give what nixpkgs gives', async () => {
  assert.deepEqual(await evalNix(`[\n${CASES.join('\n')}\n]`), NIX);
});

test('the pinned answers are what Nix says now, when Nix and nixpkgs.lib are here', (t) => {
  const lib = process.env.NIXPKGS_LIB ?? path.resolve(import.meta.dirname, '../../../corpus/nix-community+nixpkgs.lib/lib');
  if (!existsSync(lib)) return t.skip(`no nixpkgs.lib at ${lib}`);
  let out: string;
  try {
    out = execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '-E', `let lib = import ${lib}; in [\n${CASES.join('\n')}\n]`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return t.skip('nix-instantiate is not installed');
  }
  assert.deepEqual(JSON.parse(out), NIX);
});
