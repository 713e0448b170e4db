/**
 * Bindings of attrsets, `rec` sets and `let`: nested keys (`a.b.c = 1; a.d = 2;` merge into one `a`),
 * dynamic keys, `inherit x;` and `inherit (e) a b;`, with where each attribute was defined.
 */
import type { SourceLocation } from '../diagnostics.ts';
import { type Evaluator, ExprThunk, type Scope, describeKind, extendReason } from './evaluate.ts';
import { type Binding, type Expr, locationOf, type ParsedFile } from './parse.ts';
import { type AttrsValue, ready, type Thunk, unknown, type Value } from './values.ts';

/** Location of the i-th key of a binding (cached on the binding). */
function keyLoc(b: Binding, i: number, file: ParsedFile): SourceLocation {
  const locs = (b.locs ??= []);
  return (locs[i] ??= locationOf(file, b.keyStarts[i]!));
}

/** A thunk selecting one attribute from the value of `inherit (from) name;`. */
class InheritFromThunk implements Thunk {
  private value: Value | undefined;
  private busy = false;
  constructor(
    private readonly ev: Evaluator,
    private readonly from: Thunk,
    private readonly fromExpr: Expr,
    private readonly name: string,
    private readonly file: ParsedFile,
    private readonly s: number,
  ) {}
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

/**
 * Evaluates bindings into `target` (an attrset's map or a scope's variables).
 * @param ev the evaluator
 * @param binds the bindings, in source order
 * @param valueScope scope the bound expressions are evaluated in (the inner scope of `rec`/`let`)
 * @param outerScope scope of `inherit x;` and of dynamic keys
 * @param target map receiving the attributes
 * @param locs map receiving where each attribute was defined, if wanted
 * @param file the file being evaluated
 * @param shared builders of nested sets already made (`a.b = 1; a.c = 2;` fill one `a`)
 */
export function buildBindings(
  ev: Evaluator,
  binds: Binding[],
  valueScope: Scope,
  outerScope: Scope,
  target: Map<string, Thunk>,
  locs: Map<string, SourceLocation> | undefined,
  file: ParsedFile,
  shared?: Map<Thunk, AttrsValue>,
): void {
  let builders: Map<Thunk, AttrsValue> | undefined = shared;
  const duplicate = (name: string, loc: SourceLocation) =>
    ev.report('warning', 'nix/duplicate-attribute', `attribute '${name}' already defined`, loc);
  for (const b of binds) {
    if (b.t === 'inherit') {
      const from = b.from ? ev.thunk(b.from, valueScope) : undefined;
      for (let i = 0; i < b.names.length; i++) {
        const key = b.names[i]!;
        const name = ev.keyName(key, outerScope, file);
        if (typeof name !== 'string') continue;
        const loc = keyLoc(b, i, file);
        if (target.has(name)) {
          duplicate(name, loc);
          continue;
        }
        const s = b.keyStarts[i]!;
        const t = from
          ? new InheritFromThunk(ev, from, b.from!, name, file, s)
          : new ExprThunk(ev, { k: 'var', name, s, e: b.keyEnds[i]! }, outerScope);
        target.set(name, t);
        locs?.set(name, loc);
      }
      continue;
    }
    let map = target;
    let mlocs = locs;
    const n = b.path.length;
    for (let i = 0; i < n; i++) {
      const key = b.path[i]!;
      let name = typeof key === 'string' ? key : ev.keyName(key, outerScope, file);
      if (typeof name !== 'string') {
        // `${null} = …` omits the attribute, as in Nix. A name only known at evaluation time
        // (`${cfg.hostName}`) is kept under its source text, so its definitions stay visible.
        if (name.kind !== 'unknown') break;
        name = dynamicName(file.source.slice((key as Expr).s, (key as Expr).e));
      }
      const existing = map.get(name);
      if (i === n - 1) {
        if (!existing) {
          map.set(name, ev.thunk(b.value, valueScope));
          mlocs?.set(name, keyLoc(b, i, file));
        } else {
          const sub = builders?.get(existing);
          if (sub && b.value.k === 'attrs' && !b.value.rec) {
            buildBindings(ev, b.value.binds, valueScope, outerScope, sub.attrs, sub.locs, file, builders);
          } else duplicate(name, keyLoc(b, i, file));
        }
        break;
      }
      let sub: AttrsValue | undefined;
      if (!existing) {
        sub = { kind: 'attrs', attrs: new Map(), locs: new Map() };
        const t = ready(sub);
        map.set(name, t);
        mlocs?.set(name, keyLoc(b, i, file));
        (builders ??= new Map()).set(t, sub);
      } else {
        sub = builders?.get(existing);
        if (!sub && existing instanceof ExprThunk && existing.expr.k === 'attrs' && !existing.expr.rec && existing.scope === valueScope) {
          sub = { kind: 'attrs', attrs: new Map(), locs: new Map() };
          const t = ready(sub);
          map.set(name, t);
          (builders ??= new Map()).set(t, sub);
          buildBindings(ev, existing.expr.binds, valueScope, outerScope, sub.attrs, sub.locs, file, builders);
        }
      }
      if (!sub) {
        duplicate(name, keyLoc(b, i, file));
        break;
      }
      map = sub.attrs;
      mlocs = sub.locs;
    }
  }
}

/** The stand-in name of an attribute whose name is only known at evaluation time: `${expr}`. */
export function dynamicName(exprText: string): string {
  return `\${${exprText}}`;
}

/** True for a name made by `dynamicName`. */
export function isDynamicName(name: string): boolean {
  return name.startsWith('${') && name.endsWith('}');
}
