/**
 * Recovery of valid Nix the tree-sitter-nix grammar rejects (scripts/nix/parse-recover.ts and the pipe
 * regrouping in parse.ts): the exact rewrite tree-sitter sees, exact locations in files that use
 * pipes or trailing commas, genuine syntax errors still reported where they are, and bounded work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, MAX_NESTING, parseSource, type Expr } from '../../scripts/nix/parse.ts';
import { prepareSource } from '../../scripts/nix/parse-recover.ts';
import { createEngine } from '../../scripts/nix/index.ts';
import { BASIC, evalNix, plain } from './nix-helpers.ts';

const REWRITES: [string, string, string][] = [
  ['default, trailing comma', '{ a ? 1, }: a', '{ a ? 1  }: a'],
  ['only the last comma', '{ a, b, }@x: x', '{ a, b  }@x: x'],
  ['@ before the pattern', 'x@{ a, }: x', 'x@{ a  }: x'],
  ['line comment after the comma', '{ a, # c\n}: a', '{ a  # c\n}: a'],
  ['block comment after the comma', '{ a, /* c */ } : a', '{ a  /* c */ } : a'],
  ['nested pattern in a default', '{ f ? ({ x, }: x), }: f', '{ f ? ({ x  }: x)  }: f'],
  ['pipe into', 'a |> f', 'a || f'],
  ['pipe from', 'f <| x', 'f || x'],
  ['pipes without spaces', 'x|>f<|y', 'x||f||y'],
  ['pipe inside an interpolation', '"s ${a |> f}"', '"s ${a || f}"'],
  ['pipe in an interpolation of an indented string', "''\n  ${a |> f}\n''", "''\n  ${a || f}\n''"],
  ['URI before a pipe', 'https://x.org/a|>f', 'https://x.org/a||f'],
];

const UNCHANGED: [string, string][] = [
  ['ellipsis after the last formal', '{ a, ... }: a'],
  ['comma after the ellipsis (a syntax error in Nix)', '{ ..., }: 1'],
  ['two commas (a syntax error in Nix)', '{ a,, }: 1'],
  ['not a pattern: no colon after the braces', '{ a, }'],
  ['a list', '[ a, ]'],
  ['a string', '"{ a, }: |> <|"'],
  ['an indented string', "''{ a, }: |> <|''"],
  ['comments', '# { a, }: |>\n/* <| */ 1'],
  ['`||` then `>`', 'a ||> b'],
  ['escaped interpolation in an indented string', "''x ''${a |> f}''"],
  ['literal `$${` in a string', '"$${a |> f}"'],
  ['literal `$${` in an indented string', "''$${a |> f}''"],
  ['escaped quote and `|>` in a string', '"\\"|>"'],
  ["indented-string escapes ''' and ''$ and ''\\", "'''''|>''$''\\n|>''"],
  ["an identifier with primes is no indented string", "foldl'' x"],
];

test('prepareSource rewrites trailing formal commas and pipe tokens in place, nothing else', () => {
  for (const [what, source, expected] of REWRITES) {
    const prepared = prepareSource(source);
    assert.equal(prepared.text, expected, what);
    assert.equal(prepared.text.length, source.length, what);
  }
  for (const [what, source] of UNCHANGED) {
    const prepared = prepareSource(source);
    assert.equal(prepared.text, source, what);
    assert.deepEqual(prepared.pipes, [], what);
  }
  assert.deepEqual(prepareSource('a |> f |> g\n# |>\n').pipes, [2, 7]);
});

/** A compact view of an expression tree: applications as `(f a)`, operators in parentheses. */
function shape(x: Expr, src: string): string {
  if (x.k === 'apply') return `(${shape(x.f, src)} ${shape(x.a, src)})`;
  if (x.k === 'bin') return `(${shape(x.l, src)} ${x.op} ${shape(x.r, src)})`;
  if (x.k === 'err') return `ERR`;
  return src.slice(x.s, x.e);
}

test('pipes become applications grouped as Nix groups them (RFC 148), spanning their whole text', async () => {
  await initParser();
  const cases: [string, string][] = [
    ['x |> f', '(f x)'],
    ['f <| x', '(f x)'],
    ['a |> f |> g', '(g (f a))'],
    ['f <| g <| x', '(f (g x))'],
    ['a |> f x', '((f x) a)'],
    ['a ++ b |> f', '(f (a ++ b))'],
    ['a // b |> f', '(f (a // b))'],
    ['a || b |> f || g', '((f || g) (a || b))'],
    ['a -> b |> f', '(f (a -> b))'],
    ['a |> b -> c', '((b -> c) a)'],
    ['a -> b || c -> d', '(a -> ((b || c) -> d))'],
    ['a || b || c |> f', '(f ((a || b) || c))'],
    ['(a |> f) <| x', '((f a) x)'],
    ['!a |> f', '(f !a)'],
  ];
  for (const [source, expected] of cases) {
    const parsed = parseSource(source, '/flake/p.nix', 'p.nix');
    assert.deepEqual(parsed.diagnostics, [], source);
    assert.equal(shape(parsed.root, source), expected, source);
  }
  const chain = parseSource('a |> f |> g', '/flake/p.nix', 'p.nix').root;
  assert.deepEqual([chain.s, chain.e], [0, 11]);
  assert.ok(chain.k === 'apply' && chain.a.k === 'apply');
  if (chain.k === 'apply' && chain.a.k === 'apply') assert.deepEqual([chain.a.s, chain.a.e], [0, 6]);
});

test('pipes and trailing commas evaluate as the applications they stand for', async () => {
  assert.deepEqual(await evalNix('{ x = [ 1 2 ] |> map (n: n * 10) |> builtins.toString; }'), { x: '10 20' });
  assert.deepEqual(await evalNix('let f = { a ? 1, b ? 2, }: a + b; in { x = f { b = 5; }; y = f <| { a = 3; }; }'), { x: 6, y: 5 });
});

test('locations stay exact: evaluation diagnostics and source texts inside pipes and after trailing commas', async () => {
  const engine = await createEngine({ root: BASIC });
  const source = [
    '{ a, b ? 2, }:',
    'let',
    '  f = { x, }: x;',
    'in {',
    '  one = 1 |> missing;',
    '  two = { x = 1; y = 2; } |> f;',
    '  three = pkgs.hello |> toString;',
    '}',
  ].join('\n');
  const body = engine.evalString(`let file = ${source}; in file { a = 1; }`, 'located.nix');
  assert.deepEqual(plain(engine, body), {
    one: { unknown: "undefined variable 'missing'", text: '1 |> missing' },
    three: { unknown: "undefined variable 'pkgs'", text: 'pkgs.hello |> toString' },
    two: 1,
  });
  const here = engine.diagnostics
    .filter((d) => d.location?.file === 'located.nix')
    .map((d) => `${d.location!.line}:${d.location!.column} ${d.code} ${d.message}`)
    .sort();
  assert.deepEqual(here, [
    "5:14 nix/undefined-variable undefined variable 'missing'",
    "6:9 nix/unexpected-argument function called with unexpected argument 'y'",
    "7:11 nix/undefined-variable undefined variable 'pkgs'",
  ]);
});

test('genuine syntax errors in files with pipes or trailing commas are reported where they are', async () => {
  await initParser();
  const cases: [string, string[]][] = [
    ['[ a |> f ]', ['1:5 syntax error: unexpected `|>`']],
    ['a |> f <| x', ['1:8 syntax error: `|>` and `<|` cannot be mixed without parentheses']],
    ['f <| g <| x |> h', ['1:13 syntax error: `<|` and `|>` cannot be mixed without parentheses']],
    ['x |> y: y', ['1:7 syntax error: unexpected `:`']],
    ['{ ..., }: 1', ['1:6 syntax error: unexpected `,`']],
    ['{ a,, }: 1', ['1:4 syntax error: unexpected `,,`']],
    ['{ a, b, }:\n  let x = 1; in\n  x |> ; ', ['3:5 syntax error: unexpected `|> ;`']],
    // the same place as without the pipe (tree-sitter puts a missing value after the `=`'s space)
    ['{\n  a = 1 |> toString;\n  b = ;\n}', ['3:6 syntax error: missing identifier']],
    ['{\n  a = toString 1;\n  b = ;\n}', ['3:6 syntax error: missing identifier']],
  ];
  for (const [source, expected] of cases) {
    const parsed = parseSource(source, '/flake/e.nix', 'e.nix');
    assert.deepEqual(
      parsed.diagnostics.map((d) => `${d.location!.line}:${d.location!.column} ${d.message}`),
      expected,
      source,
    );
    assert.ok(parsed.diagnostics.every((d) => d.severity === 'error' && d.code === 'nix/syntax'));
  }
});

test('pipe chains keep the nesting limit; the scanner stays linear on hostile input', async () => {
  await initParser();
  const ok = parseSource(`1${' |> (n: n + 1)'.repeat(300)}`, '/flake/c.nix', 'c.nix');
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual(await evalNix(`{ x = 0${' |> (n: n + 1)'.repeat(300)}; }`), { x: 300 });
  for (const op of ['|>', '<|']) {
    const deep = parseSource(`f${` ${op} f`.repeat(MAX_NESTING + 10)}`, '/flake/d.nix', 'd.nix');
    assert.deepEqual(
      deep.diagnostics.map((d) => [d.code, d.message]),
      [['nix/too-complex', `expressions nested deeper than ${MAX_NESTING} levels; the file is left unevaluated`]],
      op,
    );
  }
  // Inputs that would make a careless scanner quadratic: long dotted paths (URI look-ahead), many
  // open interpolations, many commas before a brace.
  const t0 = performance.now();
  for (const text of [`x |> ${'a.'.repeat(200_000)}a`, `"${'${"'.repeat(50_000)}|>`, `{ ${'a, '.repeat(100_000)}}: |>`]) {
    assert.equal(prepareSource(text).text.length, text.length);
  }
  assert.ok(performance.now() - t0 < 3000, 'scanning took too long');
});
