/**
 * Option extraction. Part one drives `extractOptions` with hand-made values through a stand-in
 * engine (so the walk is tested apart from the parser); part two runs the golden fixtures in
 * tests/fixtures/options-* through the real engine and compares with expected.json (UPDATE=1 rewrites).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractOptions, groupOf, toOptionsJson } from '../../scripts/extract/options.ts';
import { typesValue } from '../../scripts/nix/types.ts';
import {
  attrs,
  bool,
  int,
  list,
  ready,
  str,
  unknown,
  type AttrsValue,
  type Thunk,
  type Value,
} from '../../scripts/nix/values.ts';
import { type Engine, SecretPolicy } from '../../scripts/nix/index.ts';

// ---------------------------------------------------------------------------------------------
// A stand-in engine over hand-made values.

const ROOT = '/flake';
const types = typesValue();
const T = (name: string): Value => types.attrs.get(name)!.force();
const call = (f: Value, ...args: Value[]): Value => args.reduce((acc, a) => (acc as Extract<Value, { kind: 'builtin' }>).apply(ready(a)), f);
const L = (...xs: Value[]) => list(xs.map(ready));

/** mkOption: the argument attrset plus `_type = "option"`, with attribute locations. */
function mkOption(fields: Record<string, Value>): Value {
  return attrs({ ...fields, _type: str('option') });
}

/** An attrset whose attributes carry locations in `file`, one line per attribute from `line`. */
function located(file: string, line: number, record: Record<string, Value>): AttrsValue {
  const a = attrs(record);
  a.locs = new Map(Object.keys(record).map((k, i) => [k, { file, line: line + i, column: 5 }]));
  return a;
}

/** A module function `{ names, ... }:` whose body gets the arguments. */
function moduleFn(names: string[], body: (args: Map<string, Thunk>) => Value): Value {
  return {
    kind: 'lambda',
    loc: { file: 'x.nix', line: 1, column: 1 },
    formals: { names, ellipsis: true },
    apply: (arg: Thunk) => {
      const a = arg.force();
      return body(a.kind === 'attrs' ? a.attrs : new Map());
    },
  };
}

function fakeEngine(files: Record<string, Value>): Engine {
  return {
    root: ROOT,
    importFile: (abs: string) => files[path.relative(ROOT, abs)] ?? unknown(`no file ${abs}`),
    evalModule: (module: Value, args?: Record<string, Value>) => {
      if (module.kind !== 'lambda') return module;
      const given: Record<string, Value> = {
        config: unknown('config', undefined, 'config'),
        pkgs: unknown('pkgs', undefined, 'pkgs'),
        lib: attrs({ types }),
        ...args,
      };
      return module.apply(ready(attrs(given)));
    },
    evalFlake: () => ({ inputs: attrs({}), outputs: attrs({}) }),
    evalModules: () => {
      throw new Error('not supported by the stand-in engine');
    },
    lib: attrs({ types }),
    secrets: new SecretPolicy(),
    letBindings: () => undefined,
    diagnostics: [],
    relative: (abs: string) => path.relative(ROOT, abs),
    sourceOf: () => undefined,
    files: () => Object.keys(files).map((f) => path.join(ROOT, f)),
    valueText: () => undefined,
    mayBeOverridden: () => undefined,
    importedByCode: () => new Set<string>(),
    evalString: () => unknown('not supported by the stand-in engine'),
    withholdDiagnostics: (fn) => ({ value: fn(), withheld: [] }),
    restoreDiagnostics: () => {},
    systemOrigin: () => undefined,
    entryOf: () => undefined,
    readFrom: () => undefined,
    unknownCall: () => undefined,
  } satisfies Engine;
}

const F = 'modules/nixos/backup.nix';

test('an option with every field', () => {
  const mod = attrs({
    options: attrs({
      my: attrs({
        backup: located(F, 10, {
          paths: mkOption({
            type: call(T('listOf'), T('str')),
            default: L(str('/home')),
            example: L(str('/srv')),
            description: str('Paths to back up.'),
          }),
        }),
      }),
    }),
  });
  const { options, diagnostics } = extractOptions(fakeEngine({ [F]: mod }));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(toOptionsJson(options), {
    'my.backup.paths': {
      declarations: [F],
      default: { _type: 'literalExpression', text: '[\n  "/home"\n]' },
      description: 'Paths to back up.',
      example: { _type: 'literalExpression', text: '[\n  "/srv"\n]' },
      line: 10,
      loc: ['my', 'backup', 'paths'],
      readOnly: false,
      type: 'list of string',
    },
  });
  assert.equal(options[0]!.group, 'nixos/backup');
  assert.deepEqual(options[0]!.source, { file: F, line: 10, column: 5 });
  assert.deepEqual(options[0]!.computed, []);
});

test('attrsOf submodule: parent listed, children under <name>, default = name renders "‹name›"', () => {
  const job = moduleFn(['name'], (args) =>
    attrs({
      options: located(F, 3, {
        target: mkOption({ type: T('str'), default: args.get('name')!.force() }),
      }),
    }),
  );
  const mod = attrs({
    options: located(F, 20, {
      jobs: mkOption({ type: call(T('attrsOf'), call(T('submodule'), job)), default: attrs({}), description: str('Jobs.') }),
      items: mkOption({ type: call(T('listOf'), call(T('submodule'), job)) }),
    }),
  });
  const json = toOptionsJson(extractOptions(fakeEngine({ [F]: mod })).options);
  assert.deepEqual(Object.keys(json), ['items', 'items.*.target', 'jobs', 'jobs.<name>.target']);
  assert.equal((json['jobs'] as { type: string }).type, 'attribute set of (submodule)');
  assert.deepEqual((json['jobs.<name>.target'] as { default: unknown }).default, { _type: 'literalExpression', text: '"‹name›"' });
  assert.deepEqual((json['jobs.<name>.target'] as { loc: unknown }).loc, ['jobs', '<name>', 'target']);
  assert.equal((json['items'] as { type: string }).type, 'list of (submodule)');
  assert.equal('default' in (json['items'] as object), false);
});

test('visible = false hides the option and its sub-options; internal hides only itself; "shallow" hides only children', () => {
  const sub = call(T('submodule'), attrs({ options: attrs({ x: mkOption({ type: T('int') }) }) }));
  const mod = attrs({
    options: attrs({
      a: mkOption({ type: sub, visible: bool(false) }),
      b: mkOption({ type: sub, internal: bool(true) }),
      c: mkOption({ type: sub, visible: str('shallow') }),
      d: mkOption({ type: sub, visible: str('transparent') }),
      e: mkOption({ type: T('bool'), readOnly: bool(true) }),
    }),
  });
  const json = toOptionsJson(extractOptions(fakeEngine({ [F]: mod })).options);
  assert.deepEqual(Object.keys(json), ['b.x', 'c', 'd.x', 'e']);
  assert.equal((json['e'] as { readOnly: boolean }).readOnly, true);
});

test('defaultText wins; a string defaultText is rendered as a string; literalMD kept', () => {
  const mod = attrs({
    options: attrs({
      a: mkOption({ type: T('str'), default: unknown('config.x', undefined, 'config.x'), defaultText: attrs({ _type: str('literalExpression'), text: str('config.x') }) }),
      b: mkOption({ type: T('str'), defaultText: str('the host name') }),
      c: mkOption({ type: T('str'), defaultText: attrs({ _type: str('literalMD'), text: str('*derived*') }) }),
      d: mkOption({ type: T('str'), default: unknown('pkgs.hello', undefined, 'pkgs.hello') }),
    }),
  });
  const { options, diagnostics } = extractOptions(fakeEngine({ [F]: mod }));
  const json = toOptionsJson(options) as Record<string, { default?: unknown }>;
  assert.deepEqual(json['a']!.default, { _type: 'literalExpression', text: 'config.x' });
  assert.deepEqual(json['b']!.default, { _type: 'literalExpression', text: '"the host name"' });
  assert.deepEqual(json['c']!.default, { _type: 'literalMD', text: '*derived*' });
  assert.deepEqual(json['d']!.default, { _type: 'literalExpression', text: 'pkgs.hello' });
  assert.deepEqual(options.find((o) => o.name === 'd')!.computed, ['default']);
  assert.deepEqual(options.find((o) => o.name === 'a')!.computed, []);
  assert.deepEqual(
    diagnostics.map((d) => [d.severity, d.code, d.message]),
    [['info', 'options/computed', 'option `d`: the default is computed at evaluation time (pkgs.hello); showing its source text']],
  );
});

test('a type\'s empty value is the default of an option declared without one, except for submodules; emptyValueDefaults: false opts out', () => {
  const mod = attrs({
    options: attrs({
      l: mkOption({ type: call(T('listOf'), T('str')) }),
      n: mkOption({ type: call(T('nullOr'), T('str')) }),
      s: mkOption({ type: T('str') }),
      j: mkOption({ type: call(T('attrsOf'), call(T('submodule'), attrs({ options: attrs({}) }))) }),
    }),
  });
  const plain = toOptionsJson(extractOptions(fakeEngine({ [F]: mod }), { emptyValueDefaults: false }).options) as Record<string, object>;
  for (const k of ['l', 'n', 's', 'j']) assert.equal('default' in plain[k]!, false, k);
  const withEmpty = toOptionsJson(extractOptions(fakeEngine({ [F]: mod })).options) as Record<string, { default?: { text: string } }>;
  assert.equal(withEmpty['l']!.default?.text, '[ ]');
  assert.equal(withEmpty['n']!.default?.text, 'null');
  assert.equal(withEmpty['s']!.default, undefined);
  assert.equal(withEmpty['j']!.default, undefined);
});

test('inline imports, mkIf/mkMerge in options, duplicate declarations merge', () => {
  const G = 'modules/nixos/extra.nix';
  const modA = attrs({
    imports: L(attrs({ options: attrs({ x: mkOption({ type: T('int'), default: int(1) }) }) }), { kind: 'path', path: '/flake/other.nix' }),
    options: attrs({
      m: attrs({ _type: str('merge'), contents: L(attrs({ p: mkOption({ type: T('str') }) }), attrs({ _type: str('if'), condition: bool(true), content: attrs({ q: mkOption({ type: T('str') }) }) })) }),
    }),
  });
  const modB = moduleFn(['lib'], () => attrs({ options: attrs({ x: mkOption({ description: str('X.') }) }) }));
  const { options } = extractOptions(fakeEngine({ [F]: modA, [G]: modB }));
  const json = toOptionsJson(options) as Record<string, { declarations: string[]; description: string | null; type: string }>;
  assert.deepEqual(Object.keys(json), ['m.p', 'm.q', 'x']);
  assert.deepEqual(json['x']!.declarations, [F, G]);
  assert.equal(json['x']!.description, 'X.');
  assert.equal(json['x']!.type, 'signed integer');
});

test('unknown type: source text, flagged; no type: "unspecified"; invalid leaf: warning', () => {
  const mod = attrs({
    options: attrs({
      t: mkOption({ type: unknown('myTypes.job', { file: F, line: 4, column: 12 }, 'myTypes.job') }),
      u: mkOption({}),
      bad: located(F, 9, { leaf: int(3) }),
    }),
  });
  const { options, diagnostics } = extractOptions(fakeEngine({ [F]: mod }));
  const t = options.find((o) => o.name === 't')!;
  assert.equal(t.type, 'myTypes.job');
  assert.deepEqual(t.computed, ['type']);
  assert.equal(options.find((o) => o.name === 'u')!.type, 'unspecified');
  assert.equal(options.find((o) => o.name === 'u')!.description, null);
  const bad = diagnostics.find((d) => d.code === 'options/not-an-option')!;
  assert.equal(bad.message, '`bad.leaf` in an options tree is an integer, not an option made with mkOption');
  assert.deepEqual(bad.location, { file: F, line: 9, column: 5 });
});

test('files that are not modules are skipped; a submodule path file is not a top-level module', () => {
  const job = 'modules/nixos/job.nix';
  const files: Record<string, Value> = {
    'flake.nix': attrs({ options: attrs({ no: mkOption({}) }) }),
    'lib/data.nix': attrs({ hosts: L(str('a')) }),
    [job]: moduleFn(['name'], () => attrs({ options: attrs({ when: mkOption({ type: T('str') }) }) })),
    [F]: attrs({ options: attrs({ jobs: mkOption({ type: call(T('attrsOf'), call(T('submodule'), { kind: 'path', path: `/flake/${job}` })) }) }) }),
  };
  const json = toOptionsJson(extractOptions(fakeEngine(files)).options) as Record<string, { declarations: string[] }>;
  assert.deepEqual(Object.keys(json), ['jobs', 'jobs.<name>.when']);
  assert.deepEqual(json['jobs.<name>.when']!.declarations, [job]);
});

test('groupOf', () => {
  assert.equal(groupOf('modules/nixos/backup.nix'), 'nixos/backup');
  assert.equal(groupOf('modules/home/shell.nix'), 'home/shell');
  assert.equal(groupOf('modules/nixos/desktop/default.nix'), 'nixos/desktop');
  assert.equal(groupOf('modules/darwin/dock.nix'), 'darwin/dock');
  assert.equal(groupOf('modules/home-manager/git.nix'), 'home/git');
  assert.equal(groupOf('hm/modules/git.nix'), 'home/git');
  assert.equal(groupOf('modules/common/users.nix'), 'nixos/common/users');
  assert.equal(groupOf('nixos/services/web.nix'), 'nixos/services/web');
  assert.equal(groupOf('modules/default.nix'), 'nixos/default');
  assert.equal(groupOf('options.nix'), 'nixos/options');
  assert.equal(groupOf('home/modules/editor/default.nix'), 'home/editor');
});

// ---------------------------------------------------------------------------------------------
// Golden fixtures through the real engine.

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const cases = readdirSync(FIXTURES).filter((d) => d.startsWith('options-')).sort();

test('there are option fixtures', () => {
  assert.ok(cases.length >= 15, `${cases.length} fixtures`);
});

for (const name of cases) {
  test(`fixture ${name}`, async () => {
    const { createEngine } = await import('../../scripts/nix/index.ts');
    const dir = path.join(FIXTURES, name);
    const engine = await createEngine({ root: dir });
    const { options, diagnostics } = extractOptions(engine);
    const actual = {
      options: toOptionsJson(options),
      computed: Object.fromEntries(options.filter((o) => o.computed.length).map((o) => [o.name, o.computed])),
      groups: Object.fromEntries(options.map((o) => [o.name, o.group])),
      diagnostics: diagnostics.map((d) => `${d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ` : ''}${d.severity} ${d.code}: ${d.message}`),
    };
    const file = path.join(dir, 'expected.json');
    if (process.env.UPDATE === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    assert.ok(existsSync(file), `${file} is missing (run with UPDATE=1)`);
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  });
}
