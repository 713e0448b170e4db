/** lib.types descriptions: every row of FACTS.md's table, plus the other types nixpkgs defines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subOptionsOf, typeAttr, typesValue, typeUpdate } from '../../scripts/nix/types.ts';
import { attrs, int, list, NULL, ready, str, unknown, type Thunk, type Value } from '../../scripts/nix/values.ts';

const float = (value: number): Value => ({ kind: 'float', value });

const T = typesValue();

/** Looks up `types.a.b` and applies it to the given arguments. */
function ty(path: string, ...args: Value[]): Value {
  let v: Value = T;
  for (const p of path.split('.')) {
    assert.equal(v.kind, 'attrs', `types.${path}`);
    const next = (v as Extract<Value, { kind: 'attrs' }>).attrs.get(p);
    assert.ok(next, `types.${path} exists`);
    v = next.force();
  }
  for (const a of args) {
    assert.ok(v.kind === 'builtin', `types.${path} is a function`);
    v = v.apply(ready(a));
  }
  return v;
}

function desc(v: Value): string {
  assert.equal(v.kind, 'type', `expected a type, got ${v.kind}${v.kind === 'unknown' ? `: ${v.reason}` : ''}`);
  return (v as Extract<Value, { kind: 'type' }>).type.description;
}

const submoduleOf = () => ty('submodule', attrs({ options: attrs({}) }));
const fn: Value = { kind: 'builtin', name: 'f', apply: (x: Thunk) => x.force() };

/** FACTS.md's table, row by row: [label, type, description]. */
const table: Array<[string, () => Value, string]> = [
  ['bool', () => ty('bool'), 'boolean'],
  ['str', () => ty('str'), 'string'],
  ['int', () => ty('int'), 'signed integer'],
  ['float', () => ty('float'), 'floating point number'],
  ['number', () => ty('number'), 'signed integer or floating point number'],
  ['port', () => ty('port'), '16 bit unsigned integer; between 0 and 65535 (both inclusive)'],
  ['ints.u16', () => ty('ints.u16'), '16 bit unsigned integer; between 0 and 65535 (both inclusive)'],
  ['ints.u8', () => ty('ints.u8'), '8 bit unsigned integer; between 0 and 255 (both inclusive)'],
  ['ints.u32', () => ty('ints.u32'), '32 bit unsigned integer; between 0 and 4294967295 (both inclusive)'],
  ['ints.s8', () => ty('ints.s8'), '8 bit signed integer; between -128 and 127 (both inclusive)'],
  ['ints.between 1 10', () => ty('ints.between', int(1), int(10)), 'integer between 1 and 10 (both inclusive)'],
  ['ints.positive', () => ty('ints.positive'), 'positive integer, meaning >0'],
  ['ints.unsigned', () => ty('ints.unsigned'), 'unsigned integer, meaning >=0'],
  ['numbers.between 0 1', () => ty('numbers.between', int(0), int(1)), 'integer or floating point number between 0 and 1 (both inclusive)'],
  ['path', () => ty('path'), 'absolute path'],
  ['pathInStore', () => ty('pathInStore'), 'path in the Nix store'],
  ['package', () => ty('package'), 'package'],
  ['shellPackage', () => ty('shellPackage'), 'package'],
  ['lines', () => ty('lines'), 'strings concatenated with "\\n"'],
  ['commas', () => ty('commas'), 'strings concatenated with ","'],
  ['envVar', () => ty('envVar'), 'strings concatenated with ":"'],
  ['separatedString ":"', () => ty('separatedString', str(':')), 'strings concatenated with ":"'],
  ['attrs', () => ty('attrs'), 'attribute set'],
  ['anything', () => ty('anything'), 'anything'],
  ['raw', () => ty('raw'), 'raw value'],
  ['unspecified', () => ty('unspecified'), 'unspecified value'],
  ['nonEmptyStr', () => ty('nonEmptyStr'), 'non-empty string'],
  ['singleLineStr', () => ty('singleLineStr'), '(optionally newline-terminated) single-line string'],
  ['strMatching "[a-z]+"', () => ty('strMatching', str('[a-z]+')), 'string matching the pattern [a-z]+'],
  ['passwdEntry str', () => ty('passwdEntry', ty('str')), 'string, not containing newlines or colons'],
  ['uniq str', () => ty('uniq', ty('str')), 'string'],
  ['nullOr str', () => ty('nullOr', ty('str')), 'null or string'],
  ['nullOr (listOf str)', () => ty('nullOr', ty('listOf', ty('str'))), 'null or (list of string)'],
  ['nullOr (either str path)', () => ty('nullOr', ty('either', ty('str'), ty('path'))), 'null or string or absolute path'],
  ['nullOr (enum ["x"])', () => ty('nullOr', ty('enum', list([ready(str('x'))]))), 'null or value "x" (singular enum)'],
  ['listOf str', () => ty('listOf', ty('str')), 'list of string'],
  ['listOf (either str int)', () => ty('listOf', ty('either', ty('str'), ty('int'))), 'list of (string or signed integer)'],
  ['nonEmptyListOf str', () => ty('nonEmptyListOf', ty('str')), 'non-empty (list of string)'],
  ['attrsOf str', () => ty('attrsOf', ty('str')), 'attribute set of string'],
  ['attrsOf (listOf str)', () => ty('attrsOf', ty('listOf', ty('str'))), 'attribute set of list of string'],
  ['lazyAttrsOf int', () => ty('lazyAttrsOf', ty('int')), 'lazy attribute set of signed integer'],
  ['attrsOf (submodule …)', () => ty('attrsOf', submoduleOf()), 'attribute set of (submodule)'],
  ['listOf (submodule …)', () => ty('listOf', submoduleOf()), 'list of (submodule)'],
  ['submodule …', () => submoduleOf(), 'submodule'],
  ['enum ["a" "b"]', () => ty('enum', list([ready(str('a')), ready(str('b'))])), 'one of "a", "b"'],
  ['enum [1 2]', () => ty('enum', list([ready(int(1)), ready(int(2))])), 'one of 1, 2'],
  ['either str int', () => ty('either', ty('str'), ty('int')), 'string or signed integer'],
  ['oneOf [str int bool]', () => ty('oneOf', list([ready(ty('str')), ready(ty('int')), ready(ty('bool'))])), 'string or signed integer or boolean'],
  ['functionTo str', () => ty('functionTo', ty('str')), 'function that evaluates to a(n) string'],
  ['coercedTo str f (listOf str)', () => ty('coercedTo', ty('str'), fn, ty('listOf', ty('str'))), '(list of string) or string convertible to it'],
];

for (const [label, make, expected] of table) {
  test(`FACTS table: ${label}`, () => {
    assert.equal(desc(make()), expected);
  });
}

/** Types beyond the table, phrased as nixpkgs lib/types.nix phrases them. */
const more: Array<[string, () => Value, string]> = [
  ['ints.s16', () => ty('ints.s16'), '16 bit signed integer; between -32768 and 32767 (both inclusive)'],
  ['ints.s32', () => ty('ints.s32'), '32 bit signed integer; between -2147483648 and 2147483647 (both inclusive)'],
  ['numbers.between 0.5 1.0', () => ty('numbers.between', float(0.5), float(1)), 'integer or floating point number between 0.5 and 1.0 (both inclusive)'],
  ['numbers.nonnegative', () => ty('numbers.nonnegative'), 'nonnegative integer or floating point number, meaning >=0'],
  ['numbers.positive', () => ty('numbers.positive'), 'positive integer or floating point number, meaning >0'],
  ['pathWith { absolute = false; }', () => ty('pathWith', attrs({ absolute: { kind: 'bool', value: false } })), 'relative path'],
  ['pathWith { }', () => ty('pathWith', attrs({})), 'path'],
  ['externalPath', () => ty('externalPath'), 'absolute path not in the Nix store'],
  ['boolByOr', () => ty('boolByOr'), 'boolean (merged using or)'],
  ['string (old)', () => ty('string'), 'Concatenated string'],
  ['loaOf str', () => ty('loaOf', ty('str')), 'attribute set of string'],
  ['attrsWith lazy', () => ty('attrsWith', attrs({ elemType: ty('int'), lazy: { kind: 'bool', value: true } })), 'lazy attribute set of signed integer'],
  ['listOf attrs (no class)', () => ty('listOf', ty('attrs')), 'list of (attribute set)'],
  ['listOf ints.positive', () => ty('listOf', ty('ints.positive')), 'list of (positive integer, meaning >0)'],
  ['either ints.positive str', () => ty('either', ty('ints.positive'), ty('str')), 'positive integer, meaning >0, or string'],
  ['either str (listOf str)', () => ty('either', ty('str'), ty('listOf', ty('str'))), 'string or list of string'],
  ['either (listOf str) str', () => ty('either', ty('listOf', ty('str')), ty('str')), '(list of string) or string'],
  ['nullOr (attrsOf str)', () => ty('nullOr', ty('attrsOf', ty('str'))), 'null or (attribute set of string)'],
  ['listOf (nullOr str)', () => ty('listOf', ty('nullOr', ty('str'))), 'list of (null or string)'],
  ['listOf port', () => ty('listOf', ty('port')), 'list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)'],
  ['enum []', () => ty('enum', list([])), 'impossible (empty enum)'],
  ['enum [true]', () => ty('enum', list([ready({ kind: 'bool', value: true })])), 'value true (singular enum)'],
  ['enum [null]', () => ty('enum', list([ready(NULL)])), 'value <null> (singular enum)'],
  ['listOf (enum …)', () => ty('listOf', ty('enum', list([ready(str('a')), ready(str('b'))]))), 'list of (one of "a", "b")'],
  ['nullOr (enum …)', () => ty('nullOr', ty('enum', list([ready(str('a')), ready(str('b'))]))), 'null or one of "a", "b"'],
  ['deferredModule', () => ty('deferredModule'), 'module'],
  ['listOf deferredModule', () => ty('listOf', ty('deferredModule')), 'list of module'],
  ['optionType', () => ty('optionType'), 'optionType'],
  ['submoduleWith description', () => ty('submoduleWith', attrs({ modules: list([]), description: str('job') })), 'job'],
  ['functionTo (attrsOf str)', () => ty('functionTo', ty('attrsOf', ty('str'))), 'function that evaluates to a(n) attribute set of string'],
  ['attrsOf (nullOr str)', () => ty('attrsOf', ty('nullOr', ty('str'))), 'attribute set of (null or string)'],
  ['addCheck keeps description', () => ty('addCheck', ty('listOf', ty('str')), fn), 'list of string'],
  ['unique { message } str', () => ty('unique', attrs({ message: str('m') }), ty('str')), 'string'],
  ['passwdEntry (nullOr str)', () => ty('passwdEntry', ty('nullOr', ty('str'))), '(null or string), not containing newlines or colons'],
  ['listOf (passwdEntry str)', () => ty('listOf', ty('passwdEntry', ty('str'))), 'list of (string, not containing newlines or colons)'],
  ['strMatching name', () => ty('str'), 'string'],
  ['attrTag', () => ty('attrTag', attrs({ b: attrs({}), a: attrs({}), 'x y': attrs({}) })), 'attribute-tagged union with choices: a, b, "x y"'],
  ['pkgs', () => ty('pkgs'), 'Nixpkgs package set'],
  ['luaInline', () => ty('luaInline'), 'inline lua'],
  ['fileset', () => ty('fileset'), 'fileset'],
];

for (const [label, make, expected] of more) {
  test(`types: ${label}`, () => {
    assert.equal(desc(make()), expected);
  });
}

test('names and classes follow nixpkgs', () => {
  const name = (v: Value) => (v as Extract<Value, { kind: 'type' }>).type.name;
  const cls = (v: Value) => (v as Extract<Value, { kind: 'type' }>).type.descriptionClass;
  assert.equal(name(ty('port')), 'unsignedInt16');
  assert.equal(name(ty('ints.between', int(1), int(2))), 'intBetween');
  assert.equal(name(ty('strMatching', str('a"b'))), 'strMatching "a\\"b"');
  assert.equal(name(ty('passwdEntry', ty('str'))), 'passwdEntry str');
  assert.equal(name(ty('nonEmptyListOf', ty('str'))), 'listOf');
  assert.equal(name(ty('uniq', ty('str'))), 'unique');
  assert.equal(cls(ty('port')), 'noun');
  assert.equal(cls(ty('number')), 'conjunction');
  assert.equal(cls(submoduleOf()), undefined);
  assert.equal(cls(ty('coercedTo', ty('str'), fn, ty('int'))), undefined);
  assert.equal(cls(ty('enum', list([ready(str('a'))]))), 'noun');
});

test('typeAttr exposes name, description, class and nested types', () => {
  const t = ty('listOf', ty('str'));
  assert.equal(t.kind, 'type');
  const type = (t as Extract<Value, { kind: 'type' }>).type;
  assert.deepEqual(typeAttr(type, 'name'), str('listOf'));
  assert.deepEqual(typeAttr(type, 'description'), str('list of string'));
  assert.deepEqual(typeAttr(type, 'descriptionClass'), str('composite'));
  assert.deepEqual(typeAttr(type, '_type'), str('option-type'));
  const nested = typeAttr(type, 'nestedTypes');
  assert.equal(nested?.kind, 'attrs');
  const elem = (nested as Extract<Value, { kind: 'attrs' }>).attrs.get('elemType')!.force();
  assert.equal(desc(elem), 'string');
  assert.equal(typeAttr(type, 'nope'), undefined);
  const check = typeAttr(type, 'check');
  assert.equal(check?.kind, 'builtin');
  assert.deepEqual((check as Extract<Value, { kind: 'builtin' }>).apply(ready(list([]))), { kind: 'bool', value: true });
});

test('unknown type arguments make unknown types', () => {
  const u: Value = { kind: 'unknown', reason: 'config.x', text: 'config.x' };
  const v = ty('listOf', u);
  assert.equal(v.kind, 'unknown');
  // The text is left for the evaluator to set to the whole call (`types.listOf config.x`).
  assert.equal((v as Extract<Value, { kind: 'unknown' }>).text, undefined);
  assert.match((v as Extract<Value, { kind: 'unknown' }>).reason, /config\.x/);
});

test('subOptionsOf follows wrappers to submodules with placeholders', () => {
  const sub = submoduleOf();
  const get = (v: Value) => subOptionsOf((v as Extract<Value, { kind: 'type' }>).type);
  assert.deepEqual(get(ty('attrsOf', sub))?.prefix, ['<name>']);
  assert.deepEqual(get(ty('listOf', sub))?.prefix, ['*']);
  assert.deepEqual(get(ty('nullOr', ty('attrsOf', sub)))?.prefix, ['<name>']);
  assert.deepEqual(get(ty('attrsWith', attrs({ elemType: sub, placeholder: str('host') })))?.prefix, ['<host>']);
  assert.deepEqual(get(ty('functionTo', sub))?.prefix, ['<function body>']);
  assert.deepEqual(get(sub)?.prefix, []);
  assert.equal(get(sub)?.modules.length, 1);
  assert.equal(get(ty('either', sub, ty('str'))), undefined);
  assert.equal(get(ty('listOf', ty('str'))), undefined);
});

test('typeUpdate: `types.str // { description = …; }` keeps the rest of the type', () => {
  const t = (ty('listOf', submoduleOf()) as Extract<Value, { kind: 'type' }>).type;
  const u = typeUpdate(t, attrs({ description: str('list of jobs'), check: fn }));
  assert.equal(desc(u), 'list of jobs');
  const ut = (u as Extract<Value, { kind: 'type' }>).type;
  assert.equal(ut.name, 'listOf');
  assert.deepEqual(subOptionsOf(ut)?.prefix, ['*']);
  assert.equal(desc(ty('listOf', u)), 'list of list of jobs'); // the class (composite) is kept
  assert.equal(typeUpdate(t, attrs({ description: unknown('x') })).kind, 'unknown');
});
