/**
 * Each option type's merge of an option's definitions (after mkIf, priorities and order), as
 * nixpkgs' `lib/types.nix` merges them: lists concatenate, attribute sets merge per name, submodules
 * evaluate their modules with the definitions, scalars must all be equal. Paths no module of the
 * flake declares merge freeform (attribute sets per name, lists concatenated as upstream list
 * options do, other values equal).
 */
import type { Evaluator } from '../evaluate.ts';
import { equals } from '../eval-ops.ts';
import { type AttrsValue, type OptionType, ready, str, type Thunk, typeTag, unknown, type Value } from '../values.ts';
import { evalModules } from './eval-modules.ts';
import { type Def, dischargeAll, type Discharged } from './properties.ts';

export type { Def } from './properties.ts';

/** A merged value, and the two definitions that conflicted when they did. */
export interface Merged {
  value: Value;
  conflict?: [Def, Def];
}

/** The message of a conflict, naming the option and both places. */
export function conflictMessage(path: string[], a: Def, b: Def): string {
  const where = (d: Def) => (d.loc ? `${d.loc.file}:${d.loc.line}` : d.file);
  return `the option \`${path.join('.')}' has conflicting definition values, in ${where(a)} and in ${where(b)}`;
}

/**
 * Deep equality as Nix's `==` (the evaluator's own), undefined when an unknown decides it. Functions
 * are equal only to themselves here, and otherwise undecided: their definitions are not compared.
 */
export function nixEqual(ev: Evaluator, a: Value, b: Value): boolean | undefined {
  if (a === b) return true;
  const fn = (v: Value) => v.kind === 'lambda' || v.kind === 'builtin';
  if (fn(a) || fn(b)) return undefined;
  const r = equals(ev, a, b);
  return typeof r === 'boolean' ? r : undefined;
}

/** `mergeEqualOption`: one value when every definition gives it, else a conflict. */
function mergeEqual(ev: Evaluator, defs: Def[], path: string[]): Merged {
  const first = defs[0]!;
  const v = first.value.force();
  for (const d of defs.slice(1)) {
    const e = nixEqual(ev, v, d.value.force());
    if (e === undefined) return { value: unknown(`${path.join('.')}: definitions that cannot be compared statically`) };
    if (!e) return { value: unknown(`conflicting definitions of ${path.join('.')}`), conflict: [first, d] };
  }
  return { value: v };
}

/** `mergeOneOption`: exactly one definition. */
function mergeOne(defs: Def[], path: string[]): Merged {
  if (defs.length === 1) return { value: defs[0]!.value.force() };
  return { value: unknown(`${path.join('.')} is defined multiple times`), conflict: [defs[0]!, defs[1]!] };
}

/** The separator of a `separatedString` type (`lines`, `commas`), read from its description. */
function separatorOf(t: OptionType): string | undefined {
  const m = /^strings concatenated with (".*")$/.exec(t.description);
  try {
    return m ? (JSON.parse(m[1]!) as string) : undefined;
  } catch {
    return undefined;
  }
}

/** The definitions' values all of one kind, or the first that is not. */
function allKind(defs: Def[], kind: Value['kind']): Value | undefined {
  for (const d of defs) {
    const v = d.value.force();
    if (v.kind !== kind) return v;
  }
  return undefined;
}

/** Lists concatenated in definition order. */
function concatLists(defs: Def[], path: string[], elem?: OptionType, ev?: Evaluator, lib?: Value): Merged {
  const bad = allKind(defs, 'list');
  if (bad) return { value: bad.kind === 'unknown' ? bad : unknown(`${path.join('.')}: a definition is not a list`) };
  const items: Thunk[] = [];
  for (const d of defs) {
    const l = d.value.force() as Value & { kind: 'list' };
    if (elem?.name === 'submodule' && ev && lib) {
      l.items.forEach((t, i) => items.push(ev.lazy(() => submodule(ev, lib, elem, [{ ...d, value: t }], [...path, `[definition ${i + 1}-entry]`]))));
    } else items.push(...l.items);
  }
  return { value: { kind: 'list', items } };
}

/**
 * Attribute sets merged per name, each name's definitions merged with `merge`. `lazy` keeps a name
 * whose definitions are all switched off (lazyAttrsOf), attrsOf drops it.
 */
function mergeAttrs(ev: Evaluator, defs: Def[], path: string[], lazy: boolean, merge: (d: Discharged, p: string[]) => Merged, report: (m: Merged) => Value): Merged {
  const bad = allKind(defs, 'attrs');
  if (bad) return { value: bad.kind === 'unknown' ? bad : unknown(`${path.join('.')}: a definition is not an attribute set`) };
  const byName = new Map<string, Def[]>();
  for (const d of defs) {
    const v = d.value.force() as AttrsValue;
    for (const [k, t] of v.attrs) {
      let l = byName.get(k);
      if (!l) byName.set(k, (l = []));
      l.push({ file: d.file, loc: v.locs?.get(k) ?? d.loc, value: t });
    }
  }
  const out = new Map<string, Thunk>();
  const locs = new Map<string, import('../../diagnostics.ts').SourceLocation>();
  for (const [k, list] of [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const p = [...path, k];
    const first = list.find((d) => d.loc)?.loc;
    if (lazy) {
      out.set(k, ev.lazy(() => report(merge(dischargeAll(ev, list), p))));
    } else {
      const d = dischargeAll(ev, list);
      if (d.kind === 'ok' && !d.defs.length) continue;
      out.set(k, ev.lazy(() => report(merge(d, p))));
    }
    if (first) locs.set(k, first);
  }
  return { value: { kind: 'attrs', attrs: out, locs } };
}

/** A submodule's value: its type's modules evaluated with the definitions, `name` the last path segment. */
function submodule(ev: Evaluator, lib: Value, type: OptionType, defs: Def[], path: string[]): Value {
  const name = path.at(-1) ?? '';
  const modules: Thunk[] = [...(type.modules ?? [])];
  const defModules = defs.map((d) => ready({ kind: 'attrs', attrs: new Map([['_file', ready(str(d.file))], ['imports', ready({ kind: 'list', items: [d.value] })]]) } as Value));
  modules.push(...defModules);
  return evalModules(ev, lib, { modules, specialArgs: new Map([['name', ready(str(name))]]), prefix: path }).config;
}

/**
 * Merges an option's discharged definitions by its type (undefined: freeform, for paths only
 * upstream declares).
 * @param path the option's full path, for messages and a submodule's `name`
 */
export function mergeByType(ev: Evaluator, lib: Value, type: OptionType | undefined, discharged: Discharged, path: string[]): Merged {
  if (discharged.kind === 'unknown') return { value: discharged.value };
  const defs = discharged.defs;
  if (!defs.length) {
    return { value: type?.emptyValue ?? unknown(`${path.join('.')} has no value defined`) };
  }
  // Conflicts inside nested merges are reported where they arise.
  const report = (m: Merged): Value => {
    if (m.conflict) ev.report('warning', 'modules/conflict', conflictMessage(path, m.conflict[0], m.conflict[1]), m.conflict[1].loc ?? m.conflict[0].loc);
    return m.value;
  };
  if (!type) return freeform(ev, lib, defs, path, report);
  const elem = type.nested.elemType;
  switch (type.name) {
    case 'listOf':
      return concatLists(defs, path, elem, ev, lib);
    case 'attrsOf':
    case 'lazyAttrsOf':
      return mergeAttrs(ev, defs, path, type.name === 'lazyAttrsOf', (d, p) => mergeByType(ev, lib, elem, d, p), report);
    case 'submodule':
      return { value: submodule(ev, lib, type, defs, path) };
    case 'nullOr': {
      const nulls = defs.filter((d) => d.value.force().kind === 'null');
      if (nulls.length === defs.length) return { value: { kind: 'null' } };
      if (nulls.length) return { value: unknown(`conflicting definitions of ${path.join('.')}`), conflict: [nulls[0]!, defs.find((d) => !nulls.includes(d))!] };
      return mergeByType(ev, lib, elem, discharged, path);
    }
    case 'unique':
      return defs.length === 1 ? mergeByType(ev, lib, elem, discharged, path) : mergeOne(defs, path);
    case 'package':
    case 'raw':
      return mergeOne(defs, path);
    case 'separatedString': {
      const bad = allKind(defs, 'string');
      if (bad) return { value: bad.kind === 'unknown' ? bad : unknown(`${path.join('.')}: a definition is not a string`) };
      const sep = separatorOf(type);
      if (sep === undefined) return { value: unknown(`${path.join('.')}: separator not known`) };
      return { value: str(defs.map((d) => (d.value.force() as Value & { kind: 'string' }).value).join(sep)) };
    }
    case 'boolByOr': {
      const bad = allKind(defs, 'bool');
      if (bad) return { value: bad.kind === 'unknown' ? bad : unknown(`${path.join('.')}: a definition is not a boolean`) };
      return { value: { kind: 'bool', value: defs.some((d) => (d.value.force() as Value & { kind: 'bool' }).value) } };
    }
    case 'attrs': {
      const bad = allKind(defs, 'attrs');
      if (bad) return { value: bad.kind === 'unknown' ? bad : unknown(`${path.join('.')}: a definition is not an attribute set`) };
      const out = new Map<string, Thunk>();
      for (const d of defs) for (const [k, t] of (d.value.force() as AttrsValue).attrs) out.set(k, t);
      return { value: { kind: 'attrs', attrs: out } };
    }
    case 'anything':
      return freeform(ev, lib, defs, path, report);
    case 'deferredModule':
      // As nixpkgs: one module importing the static modules and every definition.
      if (defs.length === 1 && !type.modules?.length) return { value: defs[0]!.value.force() };
      return { value: { kind: 'attrs', attrs: new Map([['imports', ready({ kind: 'list', items: [...(type.modules ?? []), ...defs.map((d) => d.value)] })]]) } };
    case 'functionTo':
    case 'coercedTo':
    case 'either':
      return defs.length === 1 ? { value: defs[0]!.value.force() } : { value: unknown(`${path.join('.')}: merging ${type.description} is computed at evaluation`) };
    default:
      return mergeEqual(ev, defs, path);
  }
}

/** The merge of a path no module of the flake declares: attribute sets per name, lists concatenated, other values equal. */
function freeform(ev: Evaluator, lib: Value, defs: Def[], path: string[], report: (m: Merged) => Value): Merged {
  const kinds = new Set(defs.map((d) => d.value.force().kind));
  // A typed value that is no property (a system, a derivation) is one opaque value, not a set to merge.
  if (defs.length === 1 && typeTag(defs[0]!.value.force())) return { value: defs[0]!.value.force() };
  if (kinds.has('unknown')) return { value: defs.map((d) => d.value.force()).find((v) => v.kind === 'unknown')! };
  if (kinds.size === 1 && kinds.has('attrs')) return mergeAttrs(ev, defs, path, true, (d, p) => mergeByType(ev, lib, undefined, d, p), report);
  if (kinds.size === 1 && kinds.has('list')) return concatLists(defs, path);
  // The upstream option's type decides how differing values merge (`lines` joins, `str` conflicts).
  const merged = mergeEqual(ev, defs, path);
  if (kinds.size > 1 || merged.conflict) return { value: unknown(`${path.join('.')}: merged by the type of an option declared outside the flake`) };
  return merged;
}
