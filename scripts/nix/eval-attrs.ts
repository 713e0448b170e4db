/**
 * Bindings of attrsets, `rec` sets and `let`, merged as Nix's parser merges them before evaluation:
 * `a.b = 1; a.c = 2;` fill one `a`, and attrset literals written twice under one name
 * (`a = { x = 1; }; a = { y = 2; };`, `a.b = { … }; a.b.c = …;`) are one set. Only a true duplicate
 * (the same leaf twice, a non-set value twice, an inherited name redefined) is reported, with both
 * locations. Dynamic keys (`${e}`) are evaluated afterwards, as Nix adds them after the static ones;
 * two that evaluate to one name clash, as in Nix.
 */
import { formatLocation, type SourceLocation } from '../diagnostics.ts';
import { type Evaluator, ExprThunk, Scope, describeKind, extendReason } from './evaluate.ts';
import { type Binding, type Expr, type Key, locationOf, type ParsedFile } from './parse.ts';
import { ready, type Thunk, unknown, type Value } from './values.ts';

/** Location of the i-th key of a binding (cached on the binding). */
function keyLoc(b: Binding, i: number, file: ParsedFile): SourceLocation {
  const locs = (b.locs ??= []);
  return (locs[i] ??= locationOf(file, b.keyStarts[i]!));
}

/** A thunk selecting one attribute from the value of `inherit (from) name;`. */
class InheritFromThunk implements Thunk {
  private value: Value | undefined;
  private busy = false;
  private readonly ev: Evaluator;
  private readonly from: Thunk;
  private readonly fromExpr: Expr;
  private readonly name: string;
  private readonly file: ParsedFile;
  private readonly s: number;
  constructor(ev: Evaluator, from: Thunk, fromExpr: Expr, name: string, file: ParsedFile, s: number) {
    this.ev = ev;
    this.from = from;
    this.fromExpr = fromExpr;
    this.name = name;
    this.file = file;
    this.s = s;
  }
  peek(): Value | undefined {
    return this.value;
  }
  force(): Value {
    if (this.value) return this.value;
    if (this.busy) return unknown('infinite recursion', locationOf(this.file, this.s), this.name);
    this.busy = true;
    const v = this.from.force();
    let out: Value;
    const loc = locationOf(this.file, this.s);
    if (v.kind === 'attrs') {
      const t = v.attrs.get(this.name);
      if (t) out = t.force();
      else {
        const open = this.ev.openNames.get(v);
        if (open !== undefined) out = unknown(extendReason(open, [this.name]), loc, this.name);
        else {
          const text = this.file.source.slice(this.fromExpr.s, this.fromExpr.e);
          const message = `attribute '${this.name}' missing in inherit (${text})`;
          this.ev.report('warning', 'nix/missing-attribute', message, loc);
          out = unknown(message, loc, this.name);
        }
      }
    } else if (v.kind === 'unknown') {
      out = unknown(extendReason(v.reason, [this.name]), loc, this.name);
    } else {
      const message = `cannot inherit '${this.name}' from ${describeKind(v)}`;
      this.ev.report('warning', 'nix/type-error', message, loc);
      out = unknown(message, loc, this.name);
    }
    this.value = out;
    return out;
  }
}

// ------------------------------------------------------------------------------------------------
// The plan: what Nix's parser makes of a list of bindings, computed once per list.

/** One attribute of a planned set: where its key is written (binding `b`, path element `i`) and what it holds. */
type Def =
  | { k: 'value'; expr: Expr; b: Binding; i: number }
  | { k: 'set'; set: PlannedSet; b: Binding; i: number }
  | { k: 'inherit'; b: Binding & { t: 'inherit' }; i: number };

/** An attribute set as the parser leaves it: static names first, dynamic ones evaluated afterwards. */
interface PlannedSet {
  /** `rec`: its values see its own attributes (the first literal decides, as in Nix). */
  rec: boolean;
  statics: Map<string, Def>;
  dynamics: { key: Expr; def: Def }[];
}

/** A duplicate found while planning: reported at `second`, naming where the name was first defined. */
interface Duplicate {
  name: string;
  first: { b: Binding; i: number };
  second: { b: Binding; i: number };
}

interface Plan {
  root: PlannedSet;
  duplicates: Duplicate[];
}

const plans = new WeakMap<Binding[], Plan>();

/** The plan of a binding list (cached: the syntax tree never changes). */
function planOf(binds: Binding[]): Plan {
  let plan = plans.get(binds);
  if (!plan) {
    const duplicates: Duplicate[] = [];
    plan = { root: planSet(binds, false, duplicates), duplicates };
    plans.set(binds, plan);
  }
  return plan;
}

/**
 * The name of a key when Nix's parser knows it: a plain name, or an interpolation of a constant string
 * (`${"a"}`, `"a"`), which Nix treats as static.
 */
function staticKey(key: Key): string | undefined {
  if (typeof key === 'string') return key;
  if (key.k === 'str' && key.parts.every((p) => typeof p === 'string')) return key.parts.join('');
  return undefined;
}

/** True for an attrset literal (`{ … }` or `rec { … }`; parentheses are already gone). */
function isSetLiteral(x: Expr): x is Expr & { k: 'attrs' } {
  return x.k === 'attrs';
}

function planSet(binds: Binding[], rec: boolean, duplicates: Duplicate[]): PlannedSet {
  const set: PlannedSet = { rec, statics: new Map(), dynamics: [] };
  for (const b of binds) addBinding(set, b, duplicates);
  return set;
}

/** The planned set a definition stands for when more is merged into it, or undefined when it is no set literal. */
function asSet(owner: PlannedSet, name: string, def: Def, duplicates: Duplicate[]): PlannedSet | undefined {
  if (def.k === 'set') return def.set;
  if (def.k === 'value' && isSetLiteral(def.expr)) {
    const set = planSet(def.expr.binds, def.expr.rec, duplicates);
    owner.statics.set(name, { k: 'set', set, b: def.b, i: def.i });
    return set;
  }
  return undefined;
}

/** Adds one binding to a planned set, as Nix's parser does (`addAttr`). */
function addBinding(root: PlannedSet, b: Binding, duplicates: Duplicate[]): void {
  if (b.t === 'inherit') {
    for (let i = 0; i < b.names.length; i++) {
      const raw = b.names[i]!;
      const key = staticKey(raw);
      const def: Def = { k: 'inherit', b, i };
      if (key === undefined) {
        root.dynamics.push({ key: raw as Expr, def });
        continue;
      }
      const existing = root.statics.get(key);
      if (existing) duplicates.push({ name: key, first: existing, second: { b, i } });
      else root.statics.set(key, def);
    }
    return;
  }
  let set = root;
  const n = b.path.length;
  const shown = (upTo: number) => b.path.slice(0, upTo + 1).map((k) => staticKey(k) ?? '${…}').join('.');
  for (let i = 0; i < n - 1; i++) {
    const key = staticKey(b.path[i]!);
    if (key === undefined) {
      // A dynamic name always starts a set of its own; two equal names clash at evaluation time.
      const nested: PlannedSet = { rec: false, statics: new Map(), dynamics: [] };
      set.dynamics.push({ key: b.path[i] as Expr, def: { k: 'set', set: nested, b, i } });
      set = nested;
      continue;
    }
    const existing = set.statics.get(key);
    if (!existing) {
      const nested: PlannedSet = { rec: false, statics: new Map(), dynamics: [] };
      set.statics.set(key, { k: 'set', set: nested, b, i });
      set = nested;
      continue;
    }
    const into = asSet(set, key, existing, duplicates);
    if (!into) {
      duplicates.push({ name: shown(n - 1), first: existing, second: { b, i } });
      return;
    }
    set = into;
  }
  const key = staticKey(b.path[n - 1]!);
  if (key === undefined) {
    set.dynamics.push({ key: b.path[n - 1] as Expr, def: { k: 'value', expr: b.value, b, i: n - 1 } });
    return;
  }
  mergeInto(set, key, { k: 'value', expr: b.value, b, i: n - 1 }, shown(n - 1), duplicates);
}

/**
 * Defines `name` in a planned set. When the name is taken and both definitions are attribute sets,
 * the new one's attributes are merged in, recursively (current Nix; Nix 2.8 merged one level only
 * and dropped the second set's dynamic names); anything else is a duplicate.
 * @param shown the attribute path for messages
 */
function mergeInto(owner: PlannedSet, name: string, def: Def, shown: string, duplicates: Duplicate[]): void {
  const existing = owner.statics.get(name);
  if (!existing) {
    owner.statics.set(name, def);
    return;
  }
  const incoming = def.k === 'set' ? def.set : def.k === 'value' && isSetLiteral(def.expr) ? planSet(def.expr.binds, def.expr.rec, duplicates) : undefined;
  const into = incoming ? asSet(owner, name, existing, duplicates) : undefined;
  if (!incoming || !into) {
    duplicates.push({ name: shown, first: existing, second: def });
    return;
  }
  // The merged set keeps the first literal's `rec` (or its absence) for every attribute, as Nix does.
  for (const [n, d] of incoming.statics) mergeInto(into, n, d, `${shown}.${n}`, duplicates);
  into.dynamics.push(...incoming.dynamics);
}

// ------------------------------------------------------------------------------------------------
// Evaluation of a plan.

/**
 * Evaluates bindings into `target` (an attrset's map or a scope's variables).
 * @param ev the evaluator
 * @param binds the bindings, in source order
 * @param valueScope scope the bound expressions are evaluated in (the inner scope of `rec`/`let`)
 * @param outerScope scope of `inherit x;`
 * @param target map receiving the attributes
 * @param locs map receiving where each attribute was defined, if wanted
 * @param file the file being evaluated
 */
export function buildBindings(
  ev: Evaluator,
  binds: Binding[],
  valueScope: Scope,
  outerScope: Scope,
  target: Map<string, Thunk>,
  locs: Map<string, SourceLocation> | undefined,
  file: ParsedFile,
): void {
  const plan = planOf(binds);
  for (const d of plan.duplicates) {
    const first = keyLoc(d.first.b, d.first.i, file);
    ev.report('error', 'nix/duplicate-attribute', `attribute '${d.name}' already defined at ${formatLocation(first)}`, keyLoc(d.second.b, d.second.i, file));
  }
  fill(ev, plan.root, valueScope, outerScope, target, locs, file, new Map());
}

/**
 * Puts a planned set's attributes into `target`: static names first, then dynamic ones.
 * @param froms the thunk of each `inherit (e)` expression, shared by the names it inherits
 */
function fill(
  ev: Evaluator,
  set: PlannedSet,
  valueScope: Scope,
  outerScope: Scope,
  target: Map<string, Thunk>,
  locs: Map<string, SourceLocation> | undefined,
  file: ParsedFile,
  froms: Map<Binding, Thunk>,
): void {
  for (const [name, def] of set.statics) {
    target.set(name, thunkOf(ev, def, name, valueScope, outerScope, file, froms));
    locs?.set(name, keyLoc(def.b, def.i, file));
  }
  const dynamic = new Map<string, Def>();
  for (const { key, def } of set.dynamics) {
    // Nix evaluates a dynamic name in the set's own scope (a `rec` set's names are visible).
    let name = ev.keyName(key, valueScope, file);
    if (typeof name !== 'string') {
      // `${null} = …` omits the attribute, as in Nix. A name only known at evaluation time
      // (`${cfg.hostName}`) is kept under its source text, so its definitions stay visible.
      if (name.kind !== 'unknown') continue;
      // A name read from an option (`${cfg.name}` with `cfg = config.identity`) is kept as that option,
      // `${config.identity.name}`, which a host's own settings can resolve; others keep their text.
      const text = file.source.slice(key.s, key.e);
      name = dynamicName(WHOLE_SELECT.test(text) && CONFIG_PATH.test(name.reason) ? name.reason : text);
    }
    if (target.has(name)) {
      // Reported as Nix reports it: at the bindings (`users.users.${u}.home = …;`), not the names.
      const prev = dynamic.get(name);
      const first = prev ? keyLoc(prev.b, 0, file) : locs?.get(name);
      ev.report('error', 'nix/duplicate-attribute', `dynamic attribute '${name}' already defined${first ? ` at ${formatLocation(first)}` : ''}`, keyLoc(def.b, 0, file));
      continue;
    }
    dynamic.set(name, def);
    target.set(name, thunkOf(ev, def, name, valueScope, outerScope, file, froms));
    locs?.set(name, keyLoc(def.b, def.i, file));
  }
}

/** The thunk of one planned attribute; a nested planned set is built right away. */
function thunkOf(ev: Evaluator, def: Def, name: string, valueScope: Scope, outerScope: Scope, file: ParsedFile, froms: Map<Binding, Thunk>): Thunk {
  if (def.k === 'value') {
    // A function is known by the name it is bound to (`mkHost = name: cfg: …`): a host's helper is named so.
    for (let e: Expr = def.expr; e.k === 'lambda'; e = e.body) if (!ev.functionNames.has(e)) ev.functionNames.set(e, name);
    return ev.thunk(def.expr, valueScope);
  }
  if (def.k === 'inherit') {
    const b = def.b;
    const s = b.keyStarts[def.i]!;
    if (!b.from) return new ExprThunk(ev, { k: 'var', name, s, e: b.keyEnds[def.i]! }, outerScope);
    let from = froms.get(b);
    if (!from) froms.set(b, (from = ev.thunk(b.from, valueScope)));
    return new InheritFromThunk(ev, from, b.from, name, file, s);
  }
  const attrs = new Map<string, Thunk>();
  const locs = new Map<string, SourceLocation>();
  const inner = def.set.rec ? new Scope(attrs, null, valueScope, file) : valueScope;
  fill(ev, def.set, inner, valueScope, attrs, locs, file, froms);
  return ready({ kind: 'attrs', attrs, locs });
}

/** A key that is one attribute path and nothing else: `${cfg.login}`, `"${cfg.login}"` (not `"${mod}+d"`). */
const WHOLE_SELECT = /^(?:"?\$\{\s*)?[A-Za-z_][\w'-]*(\.[A-Za-z_][\w'-]*)*(?:\s*\}"?)?$/;
/** An unknown's reason that names an option's value: `config.identity.login`. */
const CONFIG_PATH = /^config\.[A-Za-z_][\w'-]*(\.[A-Za-z_][\w'-]*)*$/;

/** The stand-in name of an attribute whose name is only known at evaluation time: `${expr}`. */
export function dynamicName(exprText: string): string {
  return `\${${exprText}}`;
}

/** True for a name made by `dynamicName`. */
export function isDynamicName(name: string): boolean {
  return name.startsWith('${') && name.endsWith('}');
}
