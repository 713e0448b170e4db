/**
 * Operators (`//`, `++`, `+`, `-`, `*`, `/`, comparisons, `==`, `&&`, `||`, `->`, `!`, unary minus),
 * deep equality and string coercion.
 */
import path from 'node:path';
import { type Evaluator, type Scope, describeKind } from './evaluate.ts';
import type { Expr, ParsedFile } from './parse.ts';
import { typeUpdate } from './types.ts';
import { type AttrsValue, bool, unknown, type UnknownValue, type Value } from './values.ts';

type Bin = Expr & { k: 'bin' };
type Un = Expr & { k: 'unary' };

/** An unknown for an operator expression, keeping the operand's reason. */
function unknownOp(ev: Evaluator, u: UnknownValue, x: Expr, file: ParsedFile): UnknownValue {
  return ev.unknownAt(u.reason, x, file);
}

/**
 * `a // b` where one side is unknown: Nix would still know the known side's attributes (the right
 * side's for certain; the left side's unless the unknown overrides them), so they are kept, and any
 * other attribute is an unknown named after the unknown side instead of a missing attribute.
 * The result is recorded in `ev.partial`, so a reader can say its attributes "may be overridden".
 */
export function updateWithUnknown(ev: Evaluator, known: AttrsValue, u: UnknownValue): AttrsValue {
  const out: AttrsValue = { kind: 'attrs', attrs: new Map(known.attrs), locs: known.locs };
  ev.openNames.set(out, u.reason);
  ev.partial.set(out, u);
  return out;
}

/**
 * Coerces a value to a string as interpolation (`"${v}"`, strict) or `toString` (lenient) does.
 * Returns the string, an unknown, or the value itself when it cannot be coerced.
 */
export function coerceToString(ev: Evaluator, v: Value, lenient: boolean): string | Value {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'path':
      return v.path;
    case 'unknown':
      return v;
    case 'attrs': {
      const ts = v.attrs.get('__toString');
      if (ts) return coerceToString(ev, ev.apply(ts.force(), { force: () => v }), lenient);
      const out = v.attrs.get('outPath');
      if (out) return coerceToString(ev, out.force(), lenient);
      const open = ev.openNames.get(v);
      if (open !== undefined) return unknown(open);
      return v;
    }
    case 'int':
      return lenient ? String(v.value) : v;
    case 'float':
      return lenient ? v.value.toFixed(6) : v;
    case 'bool':
      return lenient ? (v.value ? '1' : '') : v;
    case 'null':
      return lenient ? '' : v;
    case 'list': {
      if (!lenient) return v;
      const parts: string[] = [];
      for (const t of v.items) {
        const s = coerceToString(ev, t.force(), true);
        if (typeof s !== 'string') return s;
        parts.push(s);
      }
      return parts.join(' ');
    }
    default:
      return v;
  }
}

/** Deep equality; an unknown anywhere makes the answer unknown. */
export function equals(ev: Evaluator, a: Value, b: Value, depth = 0): boolean | UnknownValue {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (depth > 100) return unknown('comparison nested too deeply');
  if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) return a.value === b.value;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'null':
      return true;
    case 'bool':
    case 'string':
      return a.value === (b as typeof a).value;
    case 'path':
      return a.path === (b as typeof a).path;
    case 'list': {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return false;
      for (let i = 0; i < a.items.length; i++) {
        const r = equals(ev, a.items[i]!.force(), bi[i]!.force(), depth + 1);
        if (r !== true) return r;
      }
      return true;
    }
    case 'attrs': {
      const bb = b as typeof a;
      if (a === bb) return true;
      if (a.attrs.size !== bb.attrs.size) return false;
      const ao = a.attrs.get('outPath');
      const bo = bb.attrs.get('outPath');
      if (ao && bo && a.attrs.get('type') && bb.attrs.get('type')) return equals(ev, ao.force(), bo.force(), depth + 1);
      for (const [k, t] of a.attrs) {
        const u = bb.attrs.get(k);
        if (!u) return false;
        const r = equals(ev, t.force(), u.force(), depth + 1);
        if (r !== true) return r;
      }
      return true;
    }
    case 'type':
      return a.type === (b as typeof a).type;
    default:
      return false; // functions are never equal
  }
}

/** Ordering for `<` and `sort`'s `lessThan`: negative, zero or positive, or an unknown / error text. */
export function compare(ev: Evaluator, a: Value, b: Value): number | UnknownValue | string {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) return a.value - b.value;
  if (a.kind === 'string' && b.kind === 'string') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.kind === 'path' && b.kind === 'path') return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  if (a.kind === 'list' && b.kind === 'list') {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      const x = a.items[i]!.force();
      const y = b.items[i]!.force();
      const eq = equals(ev, x, y);
      if (eq === true) continue;
      if (typeof eq !== 'boolean') return eq;
      return compare(ev, x, y);
    }
    return a.items.length - b.items.length;
  }
  return `cannot compare ${describeKind(a)} with ${describeKind(b)}`;
}

/** Joins a path and a string suffix the way Nix does (`./a + "/b"`). */
function joinPath(base: string, suffix: string): string {
  return path.resolve(base + suffix);
}

/** `a + b` on known values. */
export function add(ev: Evaluator, a: Value, b: Value): Value | string {
  if (a.kind === 'int' && b.kind === 'int') return { kind: 'int', value: a.value + b.value };
  if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) return { kind: 'float', value: a.value + b.value };
  if (a.kind === 'path') {
    if (b.kind === 'path') return { kind: 'path', path: joinPath(a.path, b.path) };
    const s = coerceToString(ev, b, false);
    if (typeof s === 'string') return { kind: 'path', path: joinPath(a.path, s) };
    if (s.kind === 'unknown') return s;
    return `cannot append ${describeKind(b)} to a path`;
  }
  if (a.kind === 'attrs' && b.kind === 'string') {
    // `self + "/hosts/x"`: a flake or derivation (an attrset with outPath) plus a string. Nix gives a
    // store-path string; we keep a path into the flake so modules stay recognisable.
    const out = a.attrs.get('outPath')?.force();
    if (out?.kind === 'path') return { kind: 'path', path: joinPath(out.path, b.value) };
    if (out?.kind === 'unknown') return out;
  }
  if (a.kind === 'string' || a.kind === 'attrs') {
    const l = coerceToString(ev, a, false);
    const r = coerceToString(ev, b, false);
    if (typeof l === 'string' && typeof r === 'string') return { kind: 'string', value: l + r };
    if (typeof l !== 'string' && l.kind === 'unknown') return l;
    if (typeof r !== 'string' && r.kind === 'unknown') return r;
  }
  return `cannot add ${describeKind(b)} to ${describeKind(a)}`;
}

function arith(op: string, a: Value, b: Value): Value | string {
  if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) {
    const isInt = a.kind === 'int' && b.kind === 'int';
    if (op === '-') return { kind: isInt ? 'int' : 'float', value: a.value - b.value };
    if (op === '*') return { kind: isInt ? 'int' : 'float', value: a.value * b.value };
    if (b.value === 0) return 'division by zero';
    return isInt ? { kind: 'int', value: Math.trunc(a.value / b.value) } : { kind: 'float', value: a.value / b.value };
  }
  return `cannot apply '${op}' to ${describeKind(a)} and ${describeKind(b)}`;
}

/** Evaluates a binary operator expression. */
export function binaryOp(ev: Evaluator, x: Bin, scope: Scope, file: ParsedFile): Value {
  const op = x.op;
  const l = ev.eval(x.l, scope);
  if (op === '&&' || op === '||' || op === '->') {
    if (l.kind === 'bool') {
      if (op === '&&' && !l.value) return l;
      if (op === '||' && l.value) return l;
      if (op === '->' && !l.value) return bool(true);
    } else if (l.kind !== 'unknown') {
      return ev.errorAt('nix/type-error', `expected a Boolean but got ${describeKind(l)}`, x.l, file);
    }
    const r = ev.eval(x.r, scope);
    if (r.kind === 'bool') {
      if (l.kind === 'unknown') {
        if (op === '&&' && !r.value) return r;
        if (op === '||' && r.value) return r;
        if (op === '->' && r.value) return r;
        return unknownOp(ev, l, x, file);
      }
      return r;
    }
    if (r.kind === 'unknown') return unknownOp(ev, r, x, file);
    return ev.errorAt('nix/type-error', `expected a Boolean but got ${describeKind(r)}`, x.r, file);
  }
  const r = ev.eval(x.r, scope);
  if (op === '==' || op === '!=') {
    const eq = equals(ev, l, r);
    if (typeof eq !== 'boolean') return unknownOp(ev, eq, x, file);
    return bool(op === '==' ? eq : !eq);
  }
  if (op === '//' && (l.kind === 'unknown') !== (r.kind === 'unknown')) {
    const known = l.kind === 'unknown' ? r : l;
    const u = (l.kind === 'unknown' ? l : r) as UnknownValue;
    // Placed at the unknown operand: that is where evaluation stopped.
    if (known.kind === 'attrs') return updateWithUnknown(ev, known, ev.unknownAt(u.reason, l.kind === 'unknown' ? x.l : x.r, file));
  }
  if (l.kind === 'unknown') return unknownOp(ev, l, x, file);
  if (r.kind === 'unknown') return unknownOp(ev, r, x, file);
  let out: Value | string;
  switch (op) {
    case '//': {
      // `types.str // { description = "…"; }`: a type with some fields replaced, as nixpkgs allows.
      if (l.kind === 'type' && r.kind === 'attrs') return typeUpdate(l.type, r);
      if (l.kind !== 'attrs' || r.kind !== 'attrs') {
        out = `cannot update ${describeKind(l)} with ${describeKind(r)}`;
        break;
      }
      if (r.attrs.size === 0) return l;
      if (l.attrs.size === 0) return r;
      const attrs = new Map(l.attrs);
      for (const [k, t] of r.attrs) attrs.set(k, t);
      const locs = l.locs || r.locs ? new Map([...(l.locs ?? []), ...(r.locs ?? [])]) : undefined;
      return { kind: 'attrs', attrs, locs };
    }
    case '++': {
      if (l.kind !== 'list' || r.kind !== 'list') {
        out = `cannot concatenate ${describeKind(l)} and ${describeKind(r)}`;
        break;
      }
      return { kind: 'list', items: l.items.concat(r.items) };
    }
    case '+':
      out = add(ev, l, r);
      break;
    case '-':
    case '*':
    case '/':
      out = arith(op, l, r);
      break;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compare(ev, l, r);
      if (typeof c === 'number') return bool(op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0);
      if (typeof c !== 'string') return unknownOp(ev, c, x, file);
      out = c;
      break;
    }
    default:
      out = `unsupported operator ${op}`;
  }
  if (typeof out === 'string') return ev.errorAt('nix/type-error', out, x, file);
  if (out.kind === 'unknown') return unknownOp(ev, out, x, file);
  return out;
}

/** Evaluates `!e` and `-e`. */
export function unaryOp(ev: Evaluator, x: Un, scope: Scope, file: ParsedFile): Value {
  const v = ev.eval(x.x, scope);
  if (v.kind === 'unknown') return unknownOp(ev, v, x, file);
  if (x.op === '!') {
    if (v.kind === 'bool') return bool(!v.value);
    return ev.errorAt('nix/type-error', `expected a Boolean but got ${describeKind(v)}`, x, file);
  }
  if (v.kind === 'int' || v.kind === 'float') return { kind: v.kind, value: -v.value };
  return ev.errorAt('nix/type-error', `cannot negate ${describeKind(v)}`, x, file);
}
