/** The partial evaluator, construct by construct: each snippet with its exact value. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalNix } from './nix-helpers.ts';

const cases: [string, string, unknown][] = [
  // literals
  ['integer', '42', 42],
  ['float', '2.5', { float: 2.5 }],
  ['negative number', '-3', -3],
  ['string with escapes', '"a\\tb\\n\\"q\\" \\${x} $${y}"', 'a\tb\n"q" ${x} $${y}'],
  ['string interpolation', 'let x = "w"; in "hello ${x}!"', 'hello w!'],
  ['indented string strips indentation', "''\n    one\n      two\n    three\n  ''", 'one\n  two\nthree\n'],
  ['indented string escapes', "''\n  a ''${b} '''c''' ''\\n d\n''", "a ${b} ''c'' \n d\n"],
  ['indented string interpolation', "let n = 3; in ''\n  n is ${toString n}\n''", 'n is 3\n'],
  ['indented string on one line', "''hi there''", 'hi there'],
  ['uri', 'https://example.org/x', 'https://example.org/x'],
  ['relative path', './hosts/alpha', { path: 'hosts/alpha' }],
  ['parent path', '../nix-flake-basic/lib', { path: 'lib' }],
  ['path with interpolation', 'let h = "beta"; in ./hosts/${h}/configuration.nix', { path: 'hosts/beta/configuration.nix' }],
  ['search path is unknown', '<nixpkgs>', { unknown: '<nixpkgs>', text: '<nixpkgs>' }],
  ['booleans and null', '[ true false null ]', [true, false, null]],
  // lists and attrsets
  ['list', '[ 1 "two" [ 3 ] ]', [1, 'two', [3]]],
  ['nested keys merge', '{ a.b.c = 1; a.d = 2; a.b.e = 3; }', { a: { b: { c: 1, e: 3 }, d: 2 } }],
  ['nested key merges with a literal set', '{ a = { x = 1; }; a.y = 2; }', { a: { x: 1, y: 2 } }],
  ['dynamic keys', 'let k = "dyn"; in { "${k}" = 1; ${k + "2"} = 2; "quoted key" = 3; }', { dyn: 1, dyn2: 2, 'quoted key': 3 }],
  ['null dynamic key is left out', '{ ${null} = 1; b = 2; }', { b: 2 }],
  ['inherit', 'let x = 1; y = 2; in { inherit x y; }', { x: 1, y: 2 }],
  ['inherit from', 'let s = { a = 1; b = 2; c = 3; }; in { inherit (s) a b; }', { a: 1, b: 2 }],
  ['rec set', 'rec { a = 1; b = a + 1; c = { d = b * 10; }; }', { a: 1, b: 2, c: { d: 20 } }],
  ['let', 'let a = 1; b = a + c; c = 5; in b', 6],
  ['let inherit from lib', 'let inherit (lib) mkOption; lib = { mkOption = 7; }; in mkOption', 7],
  ['old let', 'let { x = 1; body = x + 1; }', 2],
  // scopes
  ['with', 'with { a = 1; b = 2; }; a + b', 3],
  ['lexical beats with', 'let a = 10; in with { a = 1; }; a', 10],
  ['inner with beats outer with', 'with { a = 1; }; with { a = 2; }; a', 2],
  // functions
  ['simple lambda', '(x: x * 2) 21', 42],
  ['curried lambda', '(a: b: a - b) 10 3', 7],
  ['pattern with default and @', '({ a, b ? a + 1, ... }@args: [ a b args.c ]) { a = 1; c = 9; }', [1, 2, 9]],
  ['builtin partial application', 'let add1 = builtins.add 1; in map add1 [ 1 2 ]', [2, 3]],
  ['functor set', 'let f = { __functor = self: x: x + self.n; n = 5; }; in f 1', 6],
  // control
  ['if', 'if 1 < 2 then "yes" else "no"', 'yes'],
  ['assert that holds', 'assert 1 == 1; "ok"', 'ok'],
  ['select with or', '{ a = 1; }.b or 5', 5],
  ['select through nested sets', '{ a.b.c = 4; }.a.b.c', 4],
  ['select with dynamic name', 'let n = "x"; in { x = 1; }.${n}', 1],
  ['has-attr', '[ ({ a.b = 1; } ? a.b) ({ a = 1; } ? a.b) ({ } ? "x") ]', [true, false, false]],
  // operators
  ['update', '{ a = 1; b = 1; } // { b = 2; c = 3; }', { a: 1, b: 2, c: 3 }],
  ['concat', '[ 1 ] ++ [ 2 3 ]', [1, 2, 3]],
  ['arithmetic', '[ (1 + 2) (7 - 10) (3 * 4) (7 / 2) (1.5 * 2) (2 + 0.5) ]', [3, -3, 12, 3, { float: 3 }, { float: 2.5 }]],
  ['string concat', '"a" + "b"', 'ab'],
  ['path plus string', './modules + "/base.nix"', { path: 'modules/base.nix' }],
  ['comparisons', '[ (1 < 2) (2 <= 2) (3 > 4) ("a" >= "b") ([ 1 2 ] < [ 1 3 ]) (1 != 2) ]', [true, true, false, false, true, true]],
  ['deep equality', '[ ({ a = [ 1 { b = 2; } ]; } == { a = [ 1 { b = 2; } ]; }) ({ a = 1; } == { a = 2; }) (1 == 1.0) ]', [true, false, true]],
  ['logic', '[ (true && false) (false || true) (false -> false) (!true) ]', [false, true, true, false]],
  ['unary minus', 'let x = 4; in -x', -4],
  // builtins
  ['map and filter', 'builtins.filter (x: x > 1) (map (x: x + 1) [ 0 1 2 ])', [2, 3]],
  ["foldl'", "builtins.foldl' (acc: x: acc + x) 0 [ 1 2 3 ]", 6],
  ['attrNames and attrValues sorted', 'let s = { b = 2; a = 1; }; in [ (builtins.attrNames s) (builtins.attrValues s) ]', [['a', 'b'], [1, 2]]],
  ['hasAttr getAttr length elem elemAt head tail', 'let s = { a = 1; }; l = [ 5 6 7 ]; in [ (builtins.hasAttr "a" s) (builtins.getAttr "a" s) (builtins.length l) (builtins.elem 6 l) (builtins.elemAt l 2) (builtins.head l) (builtins.tail l) ]', [true, 1, 3, true, 7, 5, [6, 7]]],
  ['toString', '[ (toString 1) (toString true) (toString null) (toString [ 1 "a" ]) (toString 1.5) ]', ['1', '1', '', '1 a', '1.500000']],
  ['toJSON writes floats as the options.json printer does (Nix >= 2.13)', 'builtins.toJSON [ 1.0 0.5 0.000001 ]', '[1.0,0.5,1e-06]'],
  ['toJSON and fromJSON', '[ (builtins.toJSON { b = [ 1 true null ]; a = "x"; }) (builtins.fromJSON "{\\"k\\": [1, 2.5]}") ]', ['{"a":"x","b":[1,true,null]}', { k: [1, { float: 2.5 }] }]],
  ['string builtins', '[ (builtins.stringLength "abc") (builtins.substring 1 2 "abcd") (builtins.replaceStrings [ "a" "b" ] [ "1" "22" ] "abc") (builtins.concatStringsSep ", " [ "x" "y" ]) ]', [3, 'bc', '122c', 'x, y']],
  ['match and split', '[ (builtins.match "([a-z]+)-([0-9]+)" "abc-12") (builtins.match "[[:digit:]]+" "x") (builtins.split "," "a,b") ]', [['abc', '12'], null, ['a', [], 'b']]],
  ['typeOf and is*', '[ (builtins.typeOf 1) (builtins.typeOf { }) (builtins.typeOf (x: x)) (builtins.isString "") (builtins.isList [ ]) (builtins.isAttrs 1) (builtins.isFunction map) (builtins.isPath ./x) ]', ['int', 'set', 'lambda', true, true, false, true, true]],
  ['seq deepSeq trace', '[ (builtins.seq 1 2) (builtins.deepSeq [ 1 ] 3) (builtins.trace "msg" 4) ]', [2, 3, 4]],
  ['genList and sort', '[ (builtins.genList (i: i * i) 4) (builtins.sort builtins.lessThan [ 3 1 2 ]) ]', [[0, 1, 4, 9], [1, 2, 3]]],
  ['baseNameOf and dirOf', '[ (baseNameOf "/a/b.nix") (dirOf "/a/b.nix") (baseNameOf ./lib/default.nix) ]', ['b.nix', '/a', 'default.nix']],
  ['readFile pathExists readDir on the flake', '[ (builtins.readFile ./broken.nix) (builtins.pathExists ./lib) (builtins.pathExists ./nope) (builtins.readDir ./hosts) ]', ['{ a = 1; b = ; c = 3; }\n', true, false, { alpha: 'directory', beta: 'directory' }]],
  ['readFile outside the flake is unknown', 'builtins.readFile /etc/hostname', { unknown: 'readFile of /etc/hostname (outside the flake)', text: 'builtins.readFile /etc/hostname' }],
  ['version strings', '[ (builtins.isString builtins.nixVersion) (builtins.compareVersions "1.2" "1.10") (lib.versionAtLeast "25.05" "24.11") ]', [true, -1, true]],
  // lib
  ['lib attrsets', 'with lib; [ (genAttrs [ "a" "b" ] (n: n + "!")) (mapAttrs (n: v: v * 2) { x = 1; }) (mapAttrs\' (n: v: nameValuePair "p-${n}" v) { x = 1; }) (mapAttrsToList (n: v: n) { b = 1; a = 2; }) (filterAttrs (n: v: v > 1) { a = 1; b = 2; }) (listToAttrs [ (nameValuePair "k" 1) ]) ]', [{ a: 'a!', b: 'b!' }, { x: 2 }, { 'p-x': 1 }, ['a', 'b'], { b: 2 }, { k: 1 }]],
  ['lib lists', 'with lib; [ (optional true 1) (optionals false [ 2 ]) (flatten [ 1 [ 2 [ 3 ] ] ]) (unique [ 1 2 1 ]) (range 2 4) (imap0 (i: v: i + v) [ 10 10 ]) (imap1 (i: v: i) [ "a" ]) (any (x: x > 2) [ 1 3 ]) (all (x: x > 2) [ 1 3 ]) (count (x: x) [ true false true ]) (last [ 1 2 ]) (init [ 1 2 ]) (take 1 [ 1 2 ]) (drop 1 [ 1 2 ]) (concatMap (x: [ x x ]) [ 1 ]) (foldr (x: acc: acc ++ [ x ]) [ ] [ 1 2 ]) (foldl (acc: x: acc ++ [ x ]) [ ] [ 1 2 ]) ]', [[1], [], [1, 2, 3], [1, 2], [2, 3, 4], [10, 11], [1], true, false, 2, 2, [1], [1], [2], [1, 1], [2, 1], [1, 2]]],
  ['lib strings: indexed concatenation, shell quoting', 'with lib; [ (concatImapStrings (i: x: "${toString i}${x}") [ "a" "b" ]) (concatImapStringsSep "," (i: x: "${toString i}${x}") [ "a" "b" ]) (escapeShellArg "it\'s") (escapeShellArgs [ "a" "b c" ]) ]', ['1a2b', '1a,2b', "'it'\\''s'", "a 'b c'"]],
  ['lib lists and attrsets: unique, forEach, mapAttrs\'', 'with lib; [ (unique [ 1 2 1 3 2 ]) (forEach [ 1 2 ] (x: x * 10)) (mapAttrs\' (n: v: nameValuePair "x-${n}" v) { a = 1; b = 2; }) ]', [[1, 2, 3], [10, 20], { 'x-a': 1, 'x-b': 2 }]],
  ['lib.showOption keeps placeholders and quotes other names as options.json names them', 'lib.showOption [ "services" "<name>" "*" "b c" ]', 'services.<name>.*."b c"'],
  ['lib strings', 'with lib; [ (concatStrings [ "a" "b" ]) (concatMapStrings (x: x + ";") [ "a" ]) (concatMapStringsSep "," toString [ 1 2 ]) (optionalString false "x") (hasPrefix "ab" "abc") (hasSuffix "bc" "abc") (removePrefix "a" "abc") (removeSuffix ".nix" "x.nix") (splitString "/" "a/b") (toUpper "ab") (toLower "AB") ]', ['ab', 'a;', '1,2', '', true, true, 'bc', 'x', ['a', 'b'], 'AB', 'ab']],
  ['lib trivial and attrsets', 'with lib; [ (id 1) (const 2 3) (optionalAttrs true { a = 1; }) (recursiveUpdate { a.b = 1; a.c = 2; } { a.b = 3; }) (foldAttrs (x: acc: [ x ] ++ acc) [ ] [ { a = 1; } { a = 2; } ]) (zipAttrsWith (n: vs: vs) [ { a = 1; } { a = 2; } ]) (lib.attrsets.attrByPath [ "a" "b" ] 0 { a.b = 5; }) (lib.lists.last [ 7 ]) (lib.strings.hasInfix "b" "abc") (lib.trivial.id 8) ]', [1, 2, { a: 1 }, { a: { b: 3, c: 2 } }, { a: [1, 2] }, { a: [1, 2] }, 5, 7, true, 8]],
  ['unknown lib names', 'lib.fileset.unions [ ]', { unknown: 'lib.fileset.unions', text: 'lib.fileset.unions [ ]' }],
  ['lib.extend', 'let l = lib.extend (final: prev: { my = prev.id 3; twice = final.my * 2; }); in [ l.my l.twice (l.id 1) ]', [3, 6, 1]],
  // module-system vocabulary
  ['mkOption', 'with lib; mkOption { default = 1; description = "d"; }', { _type: 'option', default: 1, description: 'd' }],
  ['mkEnableOption', 'lib.mkEnableOption "backups"', { _type: 'option', default: false, description: 'Whether to enable backups.', example: true, type: { type: 'boolean' } }],
  ['mkPackageOption', 'lib.mkPackageOption pkgs "restic" { }', { _type: 'option', default: { unknown: 'pkgs.restic', text: 'pkgs.restic' }, defaultText: { _type: 'literalExpression', text: 'pkgs.restic' }, description: 'The restic package to use.', type: { type: 'package' } }],
  ['mkPackageOption nullable with a list name', 'lib.mkPackageOption pkgs [ "python3Packages" "requests" ] { nullable = true; extraDescription = "More."; }', { _type: 'option', default: { unknown: 'pkgs.python3Packages.requests', text: 'pkgs.python3Packages.requests' }, defaultText: { _type: 'literalExpression', text: 'pkgs.python3Packages.requests' }, description: 'The requests package to use. More.', type: { type: 'null or package' } }],
  ['literals and mdDoc', 'with lib; [ (literalExpression "pkgs.x") (literalMD "*x*") (mdDoc "y") ]', [{ _type: 'literalExpression', text: 'pkgs.x' }, { _type: 'literalMD', text: '*x*' }, 'y']],
  ['mkIf mkMerge mkDefault mkForce mkOverride mkBefore mkAfter', 'with lib; [ (mkIf true 1) (mkMerge [ 1 ]) (mkDefault 2) (mkForce 3) (mkOverride 10 4) (mkOptionDefault 5) (mkBefore 6) (mkAfter 7) ]', [{ _type: 'if', condition: true, content: 1 }, { _type: 'merge', contents: [1] }, { _type: 'override', content: 2, priority: 1000 }, { _type: 'override', content: 3, priority: 50 }, { _type: 'override', content: 4, priority: 10 }, { _type: 'override', content: 5, priority: 1500 }, { _type: 'order', content: 6, priority: 500 }, { _type: 'order', content: 7, priority: 1500 }]],
  ['rename helpers give empty modules', 'lib.mkRenamedOptionModule [ "a" ] [ "b" ]', {}],
  ['a type updated with //', '(lib.types.str // { description = "host name"; }).description', 'host name'],
  ['inherit (lib) and types', 'let inherit (lib) mkOption types; in (mkOption { type = types.listOf types.str; }).type', { type: 'list of string' }],
  // imports
  ['import of a file and a directory', '[ ((import ./lib) { inputs = { }; self = { }; }) (import ./broken.nix).c ]', [{ mkHost: '<lambda>' }, 3]],
  ['import relative to the importing file', 'import ./hosts/alpha/configuration.nix', '<lambda>'],
  ['import outside the flake is unknown', 'import /etc/passwd', { unknown: 'import of /etc/passwd (outside the flake)', text: 'import /etc/passwd' }],
];

for (const [name, source, expected] of cases) {
  test(`eval: ${name}`, async () => {
    assert.deepEqual(await evalNix(source), expected);
  });
}
