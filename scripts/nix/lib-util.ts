/**
 * Helpers for writing builtins and `lib` functions: argument checks that bail out with an unknown
 * (for unknown arguments) or a diagnostic (for wrong types), and small value constructors.
 */
import { describeKind, type Evaluator } from './evaluate.ts';
import { coerceToString } from './eval-ops.ts';
import {
  type AttrsValue,
  builtin,
  type BuiltinValue,
  type ListValue,
  ready,
  str,
  type Thunk,
  unknown,
  type Value,
} from './values.ts';

/** Thrown inside a builtin to return a value early (an unknown or an error's unknown). */
export class Bail {
  readonly value: Value;
  constructor(value: Value) {
    this.value = value;
  }
}

/** Runs a builtin body, turning a `Bail` into its value. */
export function guard(fn: () => Value): Value {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Bail) return e.value;
    throw e;
  }
}

/** Argument helpers bound to one evaluator and one function name. */
export class Args {
  readonly ev: Evaluator;
  readonly name: string;
  constructor(ev: Evaluator, name: string) {
    this.ev = ev;
    this.name = name;
  }

  /** Bails out: unknown arguments give an unknown, others a type error. */
  bad(v: Value, expected: string): never {
    if (v.kind === 'unknown') throw new Bail(unknown(v.reason));
    throw new Bail(this.ev.fail('nix/type-error', `${this.name}: expected ${expected} but got ${describeKind(v)}`));
  }
  /** Forces to an attrset. */
  attrs(t: Thunk | Value): AttrsValue {
    const v = 'force' in t ? t.force() : t;
    if (v.kind === 'attrs') return v;
    return this.bad(v, 'a set');
  }
  /** Forces to a list. */
  list(t: Thunk | Value): ListValue {
    const v = 'force' in t ? t.force() : t;
    if (v.kind === 'list') return v;
    return this.bad(v, 'a list');
  }
  /** Forces to a string (paths and `outPath` sets are coerced, as Nix does for most string builtins). */
  str(t: Thunk | Value): string {
    const v = 'force' in t ? t.force() : t;
    if (v.kind === 'string') return v.value;
    if (v.kind === 'path' || v.kind === 'attrs') {
      const s = coerceToString(this.ev, v, false);
      if (typeof s === 'string') return s;
    }
    return this.bad(v, 'a string');
  }
  /** Forces to a string the way `toString` does (ints, bools, null, lists too). */
  toStr(t: Thunk | Value): string {
    const v = 'force' in t ? t.force() : t;
    const s = coerceToString(this.ev, v, true);
    if (typeof s === 'string') return s;
    return this.bad(s, 'something coercible to a string');
  }
  /** Forces to an integer (or float) number. */
  num(t: Thunk | Value): number {
    const v = 'force' in t ? t.force() : t;
    if (v.kind === 'int' || v.kind === 'float') return v.value;
    return this.bad(v, 'an integer');
  }
  /** Forces to a Boolean. */
  bool(t: Thunk | Value): boolean {
    const v = 'force' in t ? t.force() : t;
    if (v.kind === 'bool') return v.value;
    return this.bad(v, 'a Boolean');
  }
  /** Forces to a function (lambda, builtin or functor set). */
  fn(t: Thunk | Value): Value {
    const v = 'force' in t ? t.force() : t;
    if (v.kind === 'lambda' || v.kind === 'builtin' || (v.kind === 'attrs' && v.attrs.has('__functor'))) return v;
    return this.bad(v, 'a function');
  }
  /** Applies a function and forces the result to a Boolean (bails on unknown). */
  pred(f: Value, ...args: Thunk[]): boolean {
    return this.bool(this.ev.call(f, ...args));
  }
  /** A lazy thunk that reports errors at the current call site. */
  lazy(fn: () => Value): Thunk {
    return this.ev.lazy(() => guard(fn));
  }
}

/** Defines a curried builtin whose body may bail out. */
export function def(ev: Evaluator, name: string, arity: number, fn: (a: Args, args: Thunk[]) => Value): BuiltinValue {
  const a = new Args(ev, name);
  // `guard` inlined: no closure per call on this, the hottest path of every builtin.
  return builtin(name, arity, (args) => {
    try {
      return fn(a, args);
    } catch (e) {
      if (e instanceof Bail) return e.value;
      throw e;
    }
  });
}

/** A list of strings. */
export function strList(items: string[]): ListValue {
  return { kind: 'list', items: items.map((s) => ready(str(s))) };
}

/** An attrset from a map of thunks. */
export function attrsOf(map: Map<string, Thunk>): AttrsValue {
  return { kind: 'attrs', attrs: map };
}

/** Attribute names sorted as Nix sorts them (by bytes; code units are close enough for names). */
export function sortedNames(v: AttrsValue): string[] {
  return [...v.attrs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
