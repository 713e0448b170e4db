/**
 * The `pkgs` module argument. Packages are only known at evaluation time, so `pkgs` is an open set
 * (`pkgs.restic` is an unknown named `pkgs.restic`), except for what documentation needs to know:
 * `pkgs.lib`, and the option types of `pkgs.formats` (the `settings = mkOption { type =
 * format.type; }` pattern of RFC 42), phrased as nixpkgs' `pkgs-lib/formats.nix` phrases them.
 */
import type { Evaluator } from './evaluate.ts';
import { type Args, attrsOf, def } from './lib-util.ts';
import {
  attrsWith,
  boolType,
  coercedTo,
  either,
  floatType,
  intType,
  listOf,
  nonEmptyListOf,
  nullOr,
  oneOf,
  pathWith,
  strType,
  typeValue,
} from './types.ts';
import { type AttrsValue, NULL, type OptionType, ready, type Thunk, TRUE, unknown, type Value } from './values.ts';

/** `t // { description = …; }`: the same type, documented differently. */
function describedAs(t: OptionType, description: string): OptionType {
  return { ...t, description };
}

const attrsOfType = (t: OptionType) => attrsWith(t);
const scalars = () => [boolType, intType, floatType, strType];

/**
 * The recursive value type of the JSON-like formats: `nullOr (oneOf [ bool int float str path
 * (attrsOf valueType) (listOf valueType) ]) // { description = "JSON value"; }`. The recursion only
 * matters for checking values, so the elements are built one level deep.
 */
function valueType(description: string, nullable: boolean): OptionType {
  const leaf = oneOf([...scalars(), pathWith(undefined, true)])!;
  const inner = oneOf([...scalars(), pathWith(undefined, true), attrsOfType(leaf), listOf(leaf)])!;
  return describedAs(nullable ? nullOr(inner) : inner, description);
}

interface AtomShape {
  listsAsDuplicateKeys: boolean;
  listToValue: boolean;
  atomsCoercedToLists: boolean;
}

/** The INI and key-value atoms: a single atom, or one that also takes lists (as the format's flags say). */
function atomType(single: OptionType, shape: AtomShape, coerceAlways: boolean): OptionType {
  const orList = (list: OptionType) => (shape.atomsCoercedToLists || coerceAlways ? coercedTo(single, list) : either(single, list));
  if (shape.listsAsDuplicateKeys) return describedAs(orList(listOf(single)), `${single.description} or a list of them for duplicate keys`);
  if (shape.listToValue) return describedAs(orList(nonEmptyListOf(single)), `${single.description} or a non-empty list of them`);
  return single;
}

function iniSection(atom: OptionType): OptionType {
  return describedAs(attrsOfType(atom), `section of an INI file (attrs of ${atom.description})`);
}

/**
 * Builds `pkgs` for module arguments.
 * @param ev the evaluator
 * @param lib what `pkgs.lib` is
 */
export function makePkgs(ev: Evaluator, lib: Value): AttrsValue {
  const format = (name: string, type: (a: Args, args: AttrsValue) => OptionType): Thunk =>
    ready(
      def(ev, `pkgs.formats.${name}`, 1, (a, [argsT]) => {
        const args = a.attrs(argsT!);
        const m = new Map<string, Thunk>([
          ['type', a.lazy(() => typeValue(type(a, args)))],
          ['generate', ready(unknown(`pkgs.formats.${name}.generate`))],
          ['lib', ready(unknown(`pkgs.formats.${name}.lib`))],
        ]);
        return attrsOf(m);
      }),
    );
  const flag = (a: Args, args: AttrsValue, name: string) => {
    const t = args.attrs.get(name);
    return t ? a.bool(t) : false;
  };
  const present = (args: AttrsValue, name: string) => {
    const v = args.attrs.get(name)?.force();
    return v !== undefined && v.kind !== 'null';
  };
  const shape = (a: Args, args: AttrsValue): AtomShape => ({
    listsAsDuplicateKeys: flag(a, args, 'listsAsDuplicateKeys'),
    listToValue: present(args, 'listToValue'),
    atomsCoercedToLists: present(args, 'atomsCoercedToLists') && flag(a, args, 'atomsCoercedToLists'),
  });
  const iniAtom = (s: AtomShape) =>
    atomType(describedAs(nullOr(oneOf(scalars())!), 'INI atom (null, bool, int, float or string)'), s, false);

  const formats = new Map<string, Thunk>([
    ['json', format('json', () => valueType('JSON value', true))],
    ['yaml', format('yaml', () => valueType('YAML 1.1 value', true))],
    ['yaml_1_1', format('yaml_1_1', () => valueType('YAML 1.1 value', true))],
    ['yaml_1_2', format('yaml_1_2', () => valueType('YAML 1.2 value', true))],
    ['cdn', format('cdn', () => valueType('CDN value', true))],
    ['toml', format('toml', () => valueType('TOML value', false))],
    ['ini', format('ini', (a, args) => attrsOfType(iniSection(iniAtom(shape(a, args)))))],
    ['gitIni', format('gitIni', (a, args) => {
      const atom = iniAtom({ listsAsDuplicateKeys: flag(a, args, 'listsAsDuplicateKeys'), listToValue: false, atomsCoercedToLists: false });
      return attrsOfType(attrsOfType(either(atom, attrsOfType(atom))));
    })],
    ['keyValue', format('keyValue', (a, args) => {
      const single = describedAs(nullOr(oneOf(scalars())!), 'atom (null, bool, int, float or string)');
      return attrsOfType(atomType(single, { ...shape(a, args), atomsCoercedToLists: false }, true));
    })],
  ]);
  // `formats.systemd` is `ini { listsAsDuplicateKeys = true; … }`, already applied.
  formats.set('systemd', ev.lazy(() => {
    const ini = formats.get('ini')!.force();
    return ini.kind === 'builtin' ? ini.apply(ready(attrsOf(new Map([['listsAsDuplicateKeys', ready(TRUE)]])))) : NULL;
  }));
  const formatsValue = attrsOf(formats);
  ev.openNames.set(formatsValue, 'pkgs.formats');
  const pkgs = attrsOf(new Map<string, Thunk>([['formats', ready(formatsValue)], ['lib', ready(lib)]]));
  ev.openNames.set(pkgs, 'pkgs');
  return pkgs;
}

/**
 * What `import nixpkgs { system; overlays; … }` gives: a package set like `pkgs` with `system` known
 * and the overlays applied as nixpkgs applies them (each `final: prev: { … }` sees the final set and
 * the one before it); packages themselves stay evaluation-time.
 */
export function nixpkgsFunction(ev: Evaluator, lib: Value): Value {
  return def(ev, 'import nixpkgs', 1, (a, [argsT]) => {
    const args = argsT!.force();
    const base = makePkgs(ev, lib);
    if (args.kind !== 'attrs') return base;
    const system = args.attrs.get('system') ?? args.attrs.get('localSystem');
    if (system) base.attrs.set('system', system);
    const overlays = args.attrs.get('overlays')?.force();
    if (overlays?.kind !== 'list' || !overlays.items.length) return base;
    // The final set's attributes are known once every overlay has given its names; values stay lazy.
    const finalMap = new Map<string, Thunk>();
    const final: AttrsValue = { kind: 'attrs', attrs: finalMap };
    ev.openNames.set(final, 'pkgs');
    let prev: AttrsValue = base;
    for (const o of overlays.items) {
      const ext = ev.apply(ev.apply(o.force(), ready(final)), ready(prev));
      if (ext.kind !== 'attrs') continue; // an overlay whose names are evaluation-time adds nothing known
      const next: AttrsValue = { kind: 'attrs', attrs: new Map([...prev.attrs, ...ext.attrs]) };
      ev.openNames.set(next, 'pkgs');
      prev = next;
    }
    for (const [k, t] of prev.attrs) finalMap.set(k, t);
    return final;
  });
}
