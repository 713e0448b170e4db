/**
 * The values of the partial evaluator. A value is either known (the Nix kinds below) or `unknown`,
 * and an unknown remembers why. Module-system values follow nixpkgs' own representation: `mkOption`
 * gives an attrset with `_type = "option"`, `mkIf` one with `_type = "if"`, `literalExpression` one
 * with `_type = "literalExpression"`, and so on; only option *types* get a kind of their own, because
 * their descriptions are computed in TypeScript (see `types.ts`).
 */
import type { SourceLocation } from '../diagnostics.ts';

/** A lazily computed value, forced at most once. */
export interface Thunk {
  force(): Value;
  /** The value when it has been computed already, without computing it (for looking around, not evaluating). */
  peek?(): Value | undefined;
}

/** A thunk's value if something already forced it; never forces (forcing what Nix would not can report errors Nix never sees). */
export function peek(t: Thunk): Value | undefined {
  return t.peek?.();
}

/** A thunk that is already a value. */
export class Ready implements Thunk {
  readonly value: Value;
  constructor(value: Value) {
    this.value = value;
  }
  force(): Value {
    return this.value;
  }
  peek(): Value {
    return this.value;
  }
}

/** Wraps a known value as a thunk. */
export function ready(value: Value): Thunk {
  return new Ready(value);
}

/** A memoised computation; forcing it while it is being forced gives an unknown (Nix's infinite recursion). */
export class Lazy implements Thunk {
  private state: 'new' | 'busy' | 'done' = 'new';
  private result: Value | undefined;
  private compute: (() => Value) | undefined;
  private readonly loc: SourceLocation | undefined;
  constructor(compute: (() => Value) | undefined, loc?: SourceLocation) {
    this.compute = compute;
    this.loc = loc;
  }
  peek(): Value | undefined {
    return this.state === 'done' ? this.result : undefined;
  }
  force(): Value {
    if (this.state === 'done') return this.result!;
    if (this.state === 'busy') return unknown('infinite recursion', this.loc);
    this.state = 'busy';
    const value = this.compute!();
    this.compute = undefined;
    this.result = value;
    this.state = 'done';
    return value;
  }
}

/** Wraps a computation as a memoised thunk. */
export function lazy(compute: () => Value, loc?: SourceLocation): Thunk {
  return new Lazy(compute, loc);
}

export interface NullValue { kind: 'null' }
export interface BoolValue { kind: 'bool'; value: boolean }
export interface IntValue { kind: 'int'; value: number }
export interface FloatValue { kind: 'float'; value: number }
export interface StringValue { kind: 'string'; value: string }
/** An absolute path on disk (inside the flake when it came from a path literal of the flake). */
export interface PathValue { kind: 'path'; path: string }
export interface ListValue { kind: 'list'; items: Thunk[] }
/** An attribute set; `locs` records where each attribute was defined, when known. */
export interface AttrsValue {
  kind: 'attrs';
  attrs: Map<string, Thunk>;
  locs?: Map<string, SourceLocation>;
}
/** A user function (closure); `body` and `env` are opaque to everyone but the evaluator. */
export interface LambdaValue {
  kind: 'lambda';
  loc: SourceLocation;
  /**
   * Names of a `{ a, b ? 1, ... }:` pattern (`defaults`: those with `?`; `bound`: the whole argument is
   * also named, `args@{ … }`), or undefined for `x:`.
   */
  formals?: { names: string[]; ellipsis: boolean; defaults?: string[]; bound?: true };
  apply(arg: Thunk): Value;
}
/** A built-in or `lib` function implemented in TypeScript; `apply` takes one argument (curried). */
export interface BuiltinValue {
  kind: 'builtin';
  name: string;
  apply(arg: Thunk): Value;
}
/** A module-system option type such as `types.listOf types.str`. */
export interface TypeValue { kind: 'type'; type: OptionType }
/** A value static evaluation cannot know, with the reason (`pkgs.hello`, `config.x.y`, …) and where it arose. */
export interface UnknownValue {
  kind: 'unknown';
  reason: string;
  loc?: SourceLocation;
  /** The source text of the expression that produced it, when it came from one. */
  text?: string;
  /** For a string with unknown interpolations: its known parts, and `${…}` source for the others. */
  template?: string;
}

/** Every value the evaluator produces. */
export type Value =
  | NullValue
  | BoolValue
  | IntValue
  | FloatValue
  | StringValue
  | PathValue
  | ListValue
  | AttrsValue
  | LambdaValue
  | BuiltinValue
  | TypeValue
  | UnknownValue;

/** The phrase class of a type description, as `descriptionClass` in nixpkgs `lib/types.nix`. */
export type DescriptionClass = 'noun' | 'conjunction' | 'composite' | 'nonRestrictiveClause';

/**
 * An option type, mirroring the fields of nixpkgs option types that documentation needs.
 * Created only by the constructors in `types.ts`.
 */
export interface OptionType {
  /** nixpkgs' `name`, e.g. `listOf`, `str`, `submodule`, `attrsOf`, `nullOr`. */
  name: string;
  /** nixpkgs' `description`, e.g. `list of (submodule)`. */
  description: string;
  descriptionClass?: DescriptionClass;
  /** Wrapped types: `elemType` for listOf/attrsOf/nullOr/uniq…, `left`/`right` for either, … */
  nested: Record<string, OptionType>;
  /** For submodules: the modules (attrset, function or path values) that declare its options. */
  modules?: Thunk[];
  /** The value a missing definition defaults to in the docs (`[ ]`, `{ }`, `null`), if the type has one. */
  emptyValue?: Value;
  /** How a nested submodule's options are placed in the path: `<name>` under attrsOf, `*` under listOf. */
  placeholder?: string;
}

export const NULL: NullValue = { kind: 'null' };
export const TRUE: BoolValue = { kind: 'bool', value: true };
export const FALSE: BoolValue = { kind: 'bool', value: false };

/** Makes an unknown value. */
export function unknown(reason: string, loc?: SourceLocation, text?: string): UnknownValue {
  return { kind: 'unknown', reason, loc, text };
}
/** Makes a string value. */
export function str(value: string): StringValue {
  return { kind: 'string', value };
}
/** Makes a boolean value. */
export function bool(value: boolean): BoolValue {
  return value ? TRUE : FALSE;
}
/** Makes an integer value. */
export function int(value: number): IntValue {
  return { kind: 'int', value };
}
/** Makes a list value from thunks. */
export function list(items: Thunk[]): ListValue {
  return { kind: 'list', items };
}
/** Makes an attribute set from a plain record of thunks or values. */
export function attrs(record: Record<string, Thunk | Value>): AttrsValue {
  const map = new Map<string, Thunk>();
  for (const [k, v] of Object.entries(record)) map.set(k, 'force' in v ? v : ready(v));
  return { kind: 'attrs', attrs: map };
}
/** Makes a curried builtin of `arity` arguments; `fn` receives the argument thunks in order. */
export function builtin(name: string, arity: number, fn: (args: Thunk[]) => Value): BuiltinValue {
  const make = (got: Thunk[]): BuiltinValue => ({
    kind: 'builtin',
    name,
    apply(arg: Thunk): Value {
      const args = got.length ? [...got, arg] : [arg];
      return args.length >= arity ? fn(args) : make(args);
    },
  });
  return make([]);
}

/** Forces a thunk and returns the named attribute's thunk, or undefined when the value is not an attrset or lacks it. */
export function getAttr(v: Value, name: string): Thunk | undefined {
  return v.kind === 'attrs' ? v.attrs.get(name) : undefined;
}

/** Follows a path of attribute names through nested attrsets; undefined where one is missing or not an attrset. */
export function getPath(v: Value, path: string[]): Value | undefined {
  let cur: Value = v;
  for (const name of path) {
    const t = getAttr(cur, name);
    if (!t) return undefined;
    cur = t.force();
  }
  return cur;
}

/** The `_type` tag of an attrset (`option`, `if`, `merge`, `override`, `literalExpression`, …), if any. */
export function typeTag(v: Value): string | undefined {
  const t = getAttr(v, '_type');
  if (!t) return undefined;
  const tag = t.force();
  return tag.kind === 'string' ? tag.value : undefined;
}

/** True when the value is the result of `mkOption` (an attrset with `_type = "option"`). */
export function isOption(v: Value): v is AttrsValue {
  return v.kind === 'attrs' && typeTag(v) === 'option';
}

/** True when a user function's pattern gives `name` a default (`{ name ? … }`). */
export function formalHasDefault(f: LambdaValue, name: string): boolean {
  return f.formals?.defaults?.includes(name) ?? false;
}

/** `builtins.typeOf`'s name for a value's kind (`set`, `lambda`, `string`, …; `unknown` for unknowns). */
export function nixTypeOf(v: Value): string {
  switch (v.kind) {
    case 'attrs':
    case 'type':
      return 'set';
    case 'lambda':
    case 'builtin':
      return 'lambda';
    default:
      return v.kind;
  }
}
