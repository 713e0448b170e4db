/**
 * The module system's properties, as nixpkgs' `lib/modules.nix` handles them: `pushDownProperties`
 * (mkIf, mkMerge and mkOverride on an attribute set apply to each attribute, conditions unforced),
 * `dischargeProperties` (mkMerge flattened, mkIf conditions forced), `filterOverrides` (the numerically
 * lowest priority wins) and `sortProperties` (mkOrder, stable).
 */
import type { SourceLocation } from '../../diagnostics.ts';
import type { Evaluator } from '../evaluate.ts';
import { type AttrsValue, getAttr, ready, str, type Thunk, typeTag, unknown, type UnknownValue, type Value } from '../values.ts';

/** One definition of a path: the file it came from, where, and its value (properties included). */
export interface Def {
  file: string;
  loc?: SourceLocation;
  value: Thunk;
  /** The option's default, added as an `mkOptionDefault` definition. */
  isDefault?: boolean;
}

/** Definitions after discharge: the winners at `priority`, in merge order. */
export type Discharged = { kind: 'ok'; defs: Def[]; priority: number } | { kind: 'unknown'; value: UnknownValue };

/** nixpkgs' `defaultOverridePriority` and `defaultOrderPriority`. */
export const DEFAULT_PRIORITY = 100;
const DEFAULT_ORDER = 1000;

/** A `_type`-tagged wrapper around one attribute of a pushed-down set. */
function wrap(type: string, field: string, fieldValue: Thunk, content: Thunk): AttrsValue {
  return { kind: 'attrs', attrs: new Map([['_type', ready(str(type))], [field, fieldValue], ['content', content]]) };
}

/** `pushDownProperties`: the attribute sets a definition stands for, each attribute carrying the properties around it. */
export function pushDown(ev: Evaluator, v: Value, depth = 0): Value[] {
  if (depth > 100) return [unknown('properties nested too deeply')];
  const tag = typeTag(v);
  if (tag === 'merge') {
    const contents = getAttr(v, 'contents')?.force();
    if (contents?.kind !== 'list') return [contents?.kind === 'unknown' ? contents : unknown('mkMerge of something that is not a list')];
    return contents.items.flatMap((t) => pushDown(ev, t.force(), depth + 1));
  }
  if (tag === 'if' || tag === 'override') {
    const field = tag === 'if' ? 'condition' : 'priority';
    const fieldValue = getAttr(v, field)!;
    const content = getAttr(v, 'content')?.force() ?? unknown(`mk${tag} without content`);
    return pushDown(ev, content, depth + 1).map((c) => {
      if (c.kind !== 'attrs' || typeTag(c)) return wrap(tag, field, fieldValue, ready(c));
      const attrs = new Map<string, Thunk>();
      for (const [k, t] of c.attrs) attrs.set(k, ready(wrap(tag, field, fieldValue, t)));
      return { kind: 'attrs', attrs, locs: c.locs };
    });
  }
  return [v];
}

/** `dischargeProperties` of one value: the values it stands for, or an unknown when a condition is. */
function discharge(v: Value, out: Value[], depth: number): UnknownValue | undefined {
  if (depth > 100) return unknown('properties nested too deeply');
  const tag = typeTag(v);
  if (tag === 'merge') {
    const contents = getAttr(v, 'contents')?.force();
    if (contents?.kind !== 'list') return contents?.kind === 'unknown' ? contents : unknown('mkMerge of something that is not a list');
    for (const t of contents.items) {
      const u = discharge(t.force(), out, depth + 1);
      if (u) return u;
    }
    return undefined;
  }
  if (tag === 'if') {
    const cond = getAttr(v, 'condition')?.force();
    if (cond?.kind === 'unknown') return unknown(`depends on ${cond.text ?? cond.reason}`, cond.loc);
    if (cond?.kind !== 'bool') return unknown('mkIf called with a non-Boolean condition');
    return cond.value ? discharge(getAttr(v, 'content')!.force(), out, depth + 1) : undefined;
  }
  out.push(v);
  return undefined;
}

/** The `mkOverride` priority of a value (100 when it has none). */
function priorityOf(v: Value): number | UnknownValue {
  if (typeTag(v) !== 'override') return DEFAULT_PRIORITY;
  const p = getAttr(v, 'priority')?.force();
  return p?.kind === 'int' ? p.value : p?.kind === 'unknown' ? p : unknown('mkOverride with a priority that is not an integer');
}

/**
 * Discharges, filters by priority and sorts the definitions of one option, as `mergeDefinitions`
 * does before the type's merge.
 */
export function dischargeAll(ev: Evaluator, defs: Def[]): Discharged {
  void ev;
  const flat: { def: Def; value: Value; priority: number }[] = [];
  for (const d of defs) {
    const values: Value[] = [];
    const u = discharge(d.value.force(), values, 0);
    if (u) return { kind: 'unknown', value: u };
    for (const value of values) {
      const p = priorityOf(value);
      if (typeof p !== 'number') return { kind: 'unknown', value: p };
      flat.push({ def: d, value, priority: p });
    }
  }
  if (!flat.length) return { kind: 'ok', defs: [], priority: DEFAULT_PRIORITY };
  const highest = Math.min(...flat.map((f) => f.priority));
  const kept: { def: Def; value: Value; order: number }[] = [];
  for (const f of flat) {
    if (f.priority !== highest) continue;
    let value = typeTag(f.value) === 'override' ? getAttr(f.value, 'content')!.force() : f.value;
    // A property left inside an override (`mkForce (mkIf c x)`) is discharged too.
    const inner: Value[] = [];
    const u = discharge(value, inner, 0);
    if (u) return { kind: 'unknown', value: u };
    for (value of inner) {
      let order = DEFAULT_ORDER;
      if (typeTag(value) === 'order') {
        const p = getAttr(value, 'priority')?.force();
        if (p?.kind !== 'int') return { kind: 'unknown', value: p?.kind === 'unknown' ? p : unknown('mkOrder with a priority that is not an integer') };
        order = p.value;
        value = getAttr(value, 'content')!.force();
      }
      kept.push({ def: f.def, value, order });
    }
  }
  // Array.prototype.sort is stable, as `builtins.sort` is.
  kept.sort((a, b) => a.order - b.order);
  return { kind: 'ok', defs: kept.map((k) => ({ ...k.def, value: ready(k.value) })), priority: highest };
}
