/** renderValue: lib.generators.toPretty { multiline = true; } output, format by format. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsUnknown, formatJsonNumber, renderValue } from '../../scripts/nix/print.ts';
import { attrs, bool, int, list, NULL, ready, str, unknown, type Value } from '../../scripts/nix/values.ts';

const float = (value: number): Value => ({ kind: 'float', value });
const L = (...xs: Value[]) => list(xs.map(ready));
const lambda = (names?: string[], defaults?: string[]): Value =>
  ({
    kind: 'lambda',
    loc: { file: 'a.nix', line: 1, column: 1 },
    formals: names ? { names, ellipsis: false, ...(defaults ? { defaults } : {}) } : undefined,
    apply: () => NULL,
  }) as Value;

const cases: Array<[string, Value, string]> = [
  ['empty list', L(), '[ ]'],
  ['empty attrset', attrs({}), '{ }'],
  ['list of strings', L(str('a'), str('b')), '[\n  "a"\n  "b"\n]'],
  ['attrset', attrs({ b: str('x'), a: int(1) }), '{\n  a = 1;\n  b = "x";\n}'],
  ['string', str('str'), '"str"'],
  ['int', int(3), '3'],
  ['negative int', int(-3), '-3'],
  ['float 1.5', float(1.5), '1.5'],
  ['float 0.1', float(0.1), '0.1'],
  ['float 1.0', float(1), '1.0'],
  ['float 100.0', float(100), '100.0'],
  ['float 1e-06', float(0.000001), '1e-06'],
  ['float 0.0001', float(0.0001), '0.0001'],
  ['float 1e16', float(1e16), '1e+16'],
  ['float -2.25', float(-2.25), '-2.25'],
  ['float 0', float(0), '0.0'],
  ['true', bool(true), 'true'],
  ['false', bool(false), 'false'],
  ['null', NULL, 'null'],
  ['path', { kind: 'path', path: '/srv/data' }, '/srv/data'],
  ['escapes', str('a"b\\c${d}$e'), '"a\\"b\\\\c\\${d}$e"'],
  ['tab is kept', str('a\tb'), '"a\tb"'],
  ['multi-line string', str('multi\nline'), "''\n  multi\n  line''"],
  ['multi-line string with trailing newline', str('a\nb\n'), "''\n  a\n  b\n''"],
  ['multi-line escapes', str("x ''y'' ${z}\n"), "''\n  x '''y''' ''${z}\n''"],
  ['nested', attrs({ xs: L(int(1), attrs({ k: str('v') })), e: L() }), '{\n  e = [ ];\n  xs = [\n    1\n    {\n      k = "v";\n    }\n  ];\n}'],
  ['multi-line string nested', L(str('a\nb\n')), "[\n  ''\n    a\n    b\n  ''\n]"],
  ['quoted names', attrs({ 'foo.bar': int(1), 'a-b': int(2), "c'": int(3), '1x': int(4), 'x$': int(5) }), '{\n  "1x" = 4;\n  a-b = 2;\n  c\' = 3;\n  "foo.bar" = 1;\n  "x\\$" = 5;\n}'],
  ['names sort bytewise', attrs({ b: int(1), B: int(2), _a: int(3), a: int(4) }), '{\n  B = 2;\n  _a = 3;\n  a = 4;\n  b = 1;\n}'],
  ['lambda x:', lambda(), '<function>'],
  ['lambda with formals', lambda(['b', 'a']), '<function, args: {a, b}>'],
  ['lambda with defaults', lambda(['b', 'a'], ['b']), '<function, args: {a, b?}>'],
  ['lambda with empty formals', lambda([]), '<function>'],
  ['builtin', { kind: 'builtin', name: 'map', apply: () => NULL }, '<function>'],
  ['derivation', attrs({ type: str('derivation'), name: str('hello-2.12') }), '<derivation hello-2.12>'],
  ['derivation without name', attrs({ type: str('derivation') }), '<derivation ???>'],
  ['functor', attrs({ __functor: lambda(), x: int(1) }), '<function>'],
  ['unknown shows its text', unknown('pkgs.hello', undefined, 'pkgs.hello'), 'pkgs.hello'],
  ['unknown inside a list', L(str('a'), unknown('config.x', undefined, 'config.x + 1')), '[\n  "a"\n  config.x + 1\n]'],
  ['unknown without text', unknown('infinite recursion'), '<infinite recursion>'],
];

for (const [label, value, expected] of cases) {
  test(`renderValue: ${label}`, () => {
    assert.equal(renderValue(value), expected);
  });
}

test('renderValue: paths through a custom printer', () => {
  assert.equal(renderValue(L({ kind: 'path', path: '/root/x.nix' }), { path: (p) => `.${p.slice(5)}` }), '[\n  ./x.nix\n]');
});

test('formatJsonNumber matches nlohmann::json', () => {
  assert.equal(formatJsonNumber(123456789012345), '123456789012345.0');
  assert.equal(formatJsonNumber(1234567890123456), '1.234567890123456e+15');
  assert.equal(formatJsonNumber(0.5), '0.5');
  assert.equal(formatJsonNumber(1.25e-5), '1.25e-05');
  assert.equal(formatJsonNumber(3.14159), '3.14159');
  assert.equal(formatJsonNumber(1e100), '1e+100');
});

test('containsUnknown looks deep', () => {
  assert.equal(containsUnknown(L(str('a'), attrs({ b: int(1) }))), false);
  assert.equal(containsUnknown(L(str('a'), attrs({ b: unknown('x') }))), true);
  assert.equal(containsUnknown(unknown('x')), true);
  assert.equal(containsUnknown(attrs({ type: str('derivation'), name: str('x'), drv: unknown('y') })), false);
});
