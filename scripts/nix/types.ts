/**
 * `lib.types`: the module-system option types, as values of the partial evaluator. Each type's
 * `name`, `description`, `descriptionClass`, nested types and empty value follow nixpkgs
 * `lib/types.nix` (the version with `pathWith` and `attrsWith`), so descriptions come out exactly
 * as `nixosOptionsDoc` prints them (`list of (submodule)`, `null or string`, …).
 */
import {
  attrs,
  bool,
  builtin,
  getAttr,
  getPath,
  list,
  NULL,
  nixTypeOf,
  ready,
  str,
  unknown,
  type AttrsValue,
  type DescriptionClass,
  type OptionType,
  type Thunk,
  type TypeValue,
  type Value,
} from './values.ts';
import { formatJsonNumber } from './print.ts';

/** What a type passes on to the documentation of sub-options (nixpkgs' `getSubOptions`). */
interface SubOptionInfo {
  /** The nested type whose sub-options this type exposes, if any (`elemType`, `finalType`). */
  through?: OptionType;
  /** The path segment added in front of the sub-options (`*`, `<name>`, `<function body>`). */
  prefix?: string;
  /** Extra arguments submodule functions receive (`submoduleWith { specialArgs }`). */
  specialArgs?: Value;
  /** attrTag: its tags (option attrsets) by name. */
  tags?: Map<string, Thunk>;
}

/** Where a type keeps its SubOptionInfo (a symbol key: cheaper than a WeakMap, invisible to JSON). */
const SUB = Symbol('subOptions');
type WithSub = OptionType & { [SUB]?: SubOptionInfo };
const subInfo = {
  get: (t: OptionType): SubOptionInfo | undefined => (t as WithSub)[SUB],
  set: (t: OptionType, info: SubOptionInfo): void => {
    (t as WithSub)[SUB] = info;
  },
};

/** Wraps an option type as a value. */
export function typeValue(type: OptionType): TypeValue {
  return { kind: 'type', type };
}

interface TypeSpec {
  name: string;
  description?: string;
  descriptionClass?: DescriptionClass;
  nested?: Record<string, OptionType>;
  modules?: Thunk[];
  emptyValue?: Value;
  placeholder?: string;
  sub?: SubOptionInfo;
}

/** nixpkgs `mkOptionType`: a missing description defaults to the name. */
function mkType(spec: TypeSpec): OptionType {
  const t: OptionType = {
    name: spec.name,
    description: spec.description ?? spec.name,
    nested: spec.nested ?? {},
  };
  if (spec.descriptionClass) t.descriptionClass = spec.descriptionClass;
  if (spec.modules) t.modules = spec.modules;
  if (spec.emptyValue) t.emptyValue = spec.emptyValue;
  if (spec.placeholder) t.placeholder = spec.placeholder;
  if (spec.sub) subInfo.set(t, spec.sub);
  return t;
}

/** `t // { … }` for a type: a copy with some fields replaced (keeps what it documents). */
function extend(t: OptionType, fields: Partial<OptionType>): OptionType {
  // Spreading copies the symbol-keyed sub-option info along with the fields.
  return { ...t, ...fields };
}

/**
 * nixpkgs `optionDescriptionPhrase`: the type's description, parenthesized unless its class is one
 * the caller's phrase accepts bare.
 * @param unparenthesize which classes fit bare into the caller's phrase
 * @param t the inner type
 */
export function optionDescriptionPhrase(unparenthesize: (c: DescriptionClass | undefined) => boolean, t: OptionType): string {
  return unparenthesize(t.descriptionClass) ? t.description : `(${t.description})`;
}

const isNoun = (c: DescriptionClass | undefined) => c === 'noun';
const nounOrComposite = (c: DescriptionClass | undefined) => c === 'noun' || c === 'composite';
const nounOrConjunction = (c: DescriptionClass | undefined) => c === 'noun' || c === 'conjunction';

// ---------------------------------------------------------------------------------------------
// Constructors (plain TypeScript; the Nix-facing builtins below wrap them).

/** A type without arguments. */
function simple(name: string, description: string | undefined, descriptionClass?: DescriptionClass, emptyValue?: Value): OptionType {
  return mkType({ name, description, descriptionClass, emptyValue });
}

export const boolType = simple('bool', 'boolean', 'noun');
export const strType = simple('str', 'string', 'noun');
export const intType = simple('int', 'signed integer', 'noun');
export const floatType = simple('float', 'floating point number', 'noun');
/** `types.raw`: one definition, taken as it is. */
export const rawType = simple('raw', 'raw value', 'noun');

/** `types.listOf`. */
export function listOf(elemType: OptionType): OptionType {
  return mkType({
    name: 'listOf',
    description: `list of ${optionDescriptionPhrase(nounOrComposite, elemType)}`,
    descriptionClass: 'composite',
    emptyValue: list([]),
    nested: { elemType },
    placeholder: '*',
    sub: { through: elemType, prefix: '*' },
  });
}

/** `types.nonEmptyListOf`: a `listOf` (same name) with its own description and no empty value. */
export function nonEmptyListOf(elemType: OptionType): OptionType {
  const l = listOf(elemType);
  const t = extend(l, { description: `non-empty ${optionDescriptionPhrase(isNoun, l)}` });
  delete t.emptyValue;
  return t;
}

/** `types.attrsWith { elemType, lazy, placeholder }` (attrsOf and lazyAttrsOf are made with it). */
export function attrsWith(elemType: OptionType, lazy = false, placeholder = 'name'): OptionType {
  return mkType({
    name: lazy ? 'lazyAttrsOf' : 'attrsOf',
    description: `${lazy ? 'lazy attribute set' : 'attribute set'} of ${optionDescriptionPhrase(nounOrComposite, elemType)}`,
    descriptionClass: 'composite',
    emptyValue: attrs({}),
    nested: { elemType },
    placeholder: `<${placeholder}>`,
    sub: { through: elemType, prefix: `<${placeholder}>` },
  });
}

/**
 * home-manager's `lib.hm.types.dagOf`: an attribute set of DAG entries, documented as
 * `DAG of <element>`, with sub-options under `<name>` like `attrsOf`.
 */
export function dagOf(elemType: OptionType): OptionType {
  return mkType({
    name: 'dagOf',
    description: `DAG of ${elemType.description}`,
    emptyValue: attrs({}),
    nested: { elemType },
    sub: { through: elemType, prefix: '<name>' },
  });
}

/** `types.nullOr`. */
export function nullOr(elemType: OptionType): OptionType {
  return mkType({
    name: 'nullOr',
    description: `null or ${optionDescriptionPhrase(nounOrConjunction, elemType)}`,
    descriptionClass: 'conjunction',
    emptyValue: NULL,
    nested: { elemType },
    sub: { through: elemType },
  });
}

/** `types.unique { message }` / `types.uniq`: the inner type's description under the name `unique`. */
export function unique(type: OptionType): OptionType {
  return mkType({
    name: 'unique',
    description: type.description,
    descriptionClass: type.descriptionClass,
    emptyValue: type.emptyValue,
    nested: { elemType: type },
    modules: type.modules,
    sub: { through: type },
  });
}

/** `types.functionTo`. */
export function functionTo(elemType: OptionType): OptionType {
  return mkType({
    name: 'functionTo',
    description: `function that evaluates to a(n) ${optionDescriptionPhrase(nounOrComposite, elemType)}`,
    descriptionClass: 'composite',
    nested: { elemType },
    placeholder: '<function body>',
    sub: { through: elemType, prefix: '<function body>' },
  });
}

/** `types.either`. */
export function either(t1: OptionType, t2: OptionType): OptionType {
  const description =
    t1.descriptionClass === 'nonRestrictiveClause'
      ? `${t1.description}, or ${optionDescriptionPhrase(nounOrConjunction, t2)}`
      : `${optionDescriptionPhrase(nounOrConjunction, t1)} or ${optionDescriptionPhrase(
          (c) => c === 'noun' || c === 'conjunction' || c === 'composite',
          t2,
        )}`;
  return mkType({ name: 'either', description, descriptionClass: 'conjunction', nested: { left: t1, right: t2 } });
}

/** `types.oneOf`: a left fold of `either` (undefined for an empty list, which nixpkgs rejects). */
export function oneOf(ts: OptionType[]): OptionType | undefined {
  if (ts.length === 0) return undefined;
  return ts.slice(1).reduce((acc, t) => either(acc, t), ts[0]!);
}

/** `types.coercedTo coercedType f finalType`. */
export function coercedTo(coercedType: OptionType, finalType: OptionType): OptionType {
  return mkType({
    name: 'coercedTo',
    description: `${optionDescriptionPhrase(isNoun, finalType)} or ${optionDescriptionPhrase(isNoun, coercedType)} convertible to it`,
    emptyValue: finalType.emptyValue,
    modules: finalType.modules,
    nested: { coercedType, finalType },
    sub: { through: finalType },
  });
}

/** `types.submoduleWith { modules, specialArgs, description }` (and `types.submodule`). */
export function submoduleWith(modules: Thunk[], description?: string, specialArgs?: Value): OptionType {
  return mkType({
    name: 'submodule',
    // nixpkgs: `if description != null then description else freeformType.description or name`.
    description: description ?? freeformTypeOf(modules)?.description ?? 'submodule',
    emptyValue: attrs({}),
    modules,
    sub: { specialArgs },
  });
}

/**
 * The `freeformType` a submodule's modules declare (`{ freeformType = …; }` or
 * `config._module.freeformType`), looked up in modules written as attribute sets. Module functions
 * and files would have to be evaluated with module arguments, so they are not consulted.
 */
function freeformTypeOf(modules: Thunk[]): OptionType | undefined {
  for (const m of modules) {
    const v = m.force();
    const t = getPath(v, ['freeformType']) ?? getPath(v, ['config', '_module', 'freeformType']);
    if (t?.kind === 'type') return t.type;
  }
  return undefined;
}

/** `types.deferredModuleWith { staticModules }`: documents the static modules' options. */
export function deferredModuleWith(staticModules: Thunk[]): OptionType {
  return mkType({ name: 'deferredModule', description: 'module', descriptionClass: 'noun', modules: staticModules });
}

/** `types.enum`: `one of "a", "b"`, `value "x" (singular enum)` or `impossible (empty enum)`. */
export function enumType(values: Value[]): OptionType {
  const show = (v: Value): string => {
    if (v.kind === 'string') return `"${v.value}"`;
    if (v.kind === 'int') return String(v.value);
    if (v.kind === 'bool') return v.value ? 'true' : 'false';
    if (v.kind === 'unknown') return v.text ?? `<${v.reason}>`;
    return `<${nixTypeOf(v)}>`;
  };
  const description =
    values.length === 0
      ? 'impossible (empty enum)'
      : values.length === 1
        ? `value ${show(values[0]!)} (singular enum)`
        : `one of ${values.map(show).join(', ')}`;
  return mkType({ name: 'enum', description, descriptionClass: values.length < 2 ? 'noun' : 'conjunction' });
}

/** `types.separatedString sep`: `strings concatenated with "\n"` (the separator as JSON). */
export function separatedString(sep: string): OptionType {
  return mkType({ name: 'separatedString', description: `strings concatenated with ${JSON.stringify(sep)}`, descriptionClass: 'noun' });
}

/** `types.strMatching pattern`. */
export function strMatching(pattern: string): OptionType {
  return mkType({
    name: `strMatching ${escapeNixString(pattern)}`,
    description: `string matching the pattern ${pattern}`,
    descriptionClass: 'noun',
  });
}

/** `types.passwdEntry entryType`. */
export function passwdEntry(entryType: OptionType): OptionType {
  return extend(entryType, {
    name: `passwdEntry ${entryType.name}`,
    description: `${optionDescriptionPhrase(isNoun, entryType)}, not containing newlines or colons`,
    descriptionClass: 'nonRestrictiveClause',
  });
}

/** `types.pathWith { inStore, absolute }`. */
export function pathWith(inStore?: boolean, absolute?: boolean): OptionType {
  const description =
    (absolute === undefined ? '' : absolute ? 'absolute ' : 'relative ') +
    'path' +
    (inStore === undefined ? '' : inStore ? ' in the Nix store' : ' not in the Nix store');
  return mkType({ name: 'path', description, descriptionClass: 'noun' });
}

/** `types.ints.between lo hi` (name `intBetween`, class from `int`). */
export function intsBetween(lo: number, hi: number): OptionType {
  return extend(intType, { name: 'intBetween', description: `integer between ${lo} and ${hi} (both inclusive)` });
}

function intRange(lo: number, hi: number, name: string, docStart: string): OptionType {
  return extend(intsBetween(lo, hi), { name, description: `${docStart}; between ${lo} and ${hi} (both inclusive)` });
}
const unsign = (bit: number, range: number) => intRange(0, range - 1, `unsignedInt${bit}`, `${bit} bit unsigned integer`);
const sign = (bit: number, range: number) =>
  intRange(-(range / 2), range / 2 - 1, `signedInt${bit}`, `${bit} bit signed integer`);

export const numberType = either(intType, floatType);

/** `types.numbers.between lo hi` (bounds printed as JSON numbers). */
export function numbersBetween(lo: Value, hi: Value): OptionType {
  return extend(numberType, {
    name: 'numberBetween',
    description: `integer or floating point number between ${jsonNumber(lo)} and ${jsonNumber(hi)} (both inclusive)`,
  });
}

function jsonNumber(v: Value): string {
  if (v.kind === 'int') return String(v.value);
  if (v.kind === 'float') return formatJsonNumber(v.value);
  if (v.kind === 'unknown') return v.text ?? '?';
  return '?';
}

/** `types.attrTag { tag = mkOption …; }`. */
export function attrTag(tags: AttrsValue): OptionType {
  const names = [...tags.attrs.keys()].sort(compareNixStrings);
  return mkType({
    name: 'attrTag',
    description: `attribute-tagged union with choices: ${names.map(escapeNixIdentifier).join(', ')}`,
    descriptionClass: 'noun',
    sub: { tags: tags.attrs },
  });
}

/** Nix's `escapeNixString`: a JSON string with `$` escaped. */
export function escapeNixString(s: string): string {
  return nixJsonString(s).replace(/\$/g, '\\$');
}

/** Nix's `escapeNixIdentifier`: bare when a valid identifier, else a quoted string. */
export function escapeNixIdentifier(s: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(s) ? s : escapeNixString(s);
}

/** nixpkgs `showOption`: the dotted name; `*` and `<…>` placeholders kept, other parts as `escapeNixIdentifier`. */
export function showOption(loc: string[]): string {
  return loc.map((part) => (part === '*' || (part.startsWith('<') && part.endsWith('>')) ? part : escapeNixIdentifier(part))).join('.');
}

/** `builtins.toJSON` of a string, as Nix (nlohmann::json) writes it. */
export function nixJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** Compares attribute names as Nix sorts them (bytewise on UTF-8, which is code-point order). */
export function compareNixStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order differs from code-point order only when a surrogate meets U+E000…U+FFFF.
    if (x >= 0xd800 || y >= 0xd800) return a.codePointAt(i)! - b.codePointAt(i)!;
    return x - y;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// What extraction needs to know about a type.

/** Where a type's sub-options come from: the submodules to document and the path segments in front. */
export interface SubOptionSource {
  /** Path segments between the option and the sub-options (`["<name>"]`, `["*"]`, `[]`). */
  prefix: string[];
  /** The modules declaring the sub-options (attrsets, functions or paths). */
  modules: Thunk[];
  /** `specialArgs` of a `submoduleWith`, if any. */
  specialArgs?: Value;
  /** attrTag: options placed directly under the prefix, by tag name. */
  tags?: Map<string, Thunk>;
}

/**
 * Follows nixpkgs' `getSubOptions` through wrapping types (listOf, attrsOf, nullOr, uniq, coercedTo,
 * functionTo) down to a submodule, deferredModule or attrTag; undefined when the type documents no
 * sub-options (plain types, `either`, …).
 * @param type the option's type
 */
export function subOptionsOf(type: OptionType): SubOptionSource | undefined {
  const prefix: string[] = [];
  let t: OptionType | undefined = type;
  for (let depth = 0; t && depth < 50; depth++) {
    const info = subInfo.get(t);
    if (info?.tags) return { prefix, modules: [], tags: info.tags };
    if ((t.name === 'submodule' || t.name === 'deferredModule') && t.modules) {
      return t.modules.length > 0 ? { prefix, modules: t.modules, specialArgs: info?.specialArgs } : undefined;
    }
    if (!info?.through) return undefined;
    if (info.prefix) prefix.push(info.prefix);
    t = info.through;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The Nix-facing `lib.types` attrset.

/** Forces a thunk expecting an option type; anything else becomes an unknown explaining why. */
function asType(t: Thunk, what: string): OptionType | Value {
  const v = t.force();
  if (v.kind === 'type') return v.type;
  if (v.kind === 'unknown') return v;
  return unknown(`${what} expects an option type, got ${nixTypeOf(v)}`);
}

function isOptionTypeObj(x: OptionType | Value): x is OptionType {
  return !('kind' in x);
}

/** A builtin taking `arity` type arguments; an unknown or wrong argument makes the result unknown. */
function typeFn(name: string, arity: number, make: (ts: OptionType[]) => OptionType): Value {
  return builtin(`types.${name}`, arity, (args) => {
    const ts: OptionType[] = [];
    for (const a of args) {
      const t = asType(a, `types.${name}`);
      if (!isOptionTypeObj(t)) return unknownFrom(t, `types.${name}`);
      ts.push(t);
    }
    return typeValue(make(ts));
  });
}

function unknownFrom(v: Value, what: string): Value {
  // No source text: the evaluator gives the result the text of the whole call (`types.attrsOf t`),
  // which is what the type shows, rather than the text of the unknown part alone.
  if (v.kind === 'unknown') return unknown(`${what} of an unknown type (${v.reason})`, v.loc);
  return v;
}

/** Turns a list value (or a single value) into its item thunks, as nixpkgs `toList`. */
function toListThunks(v: Value, t: Thunk): Thunk[] {
  return v.kind === 'list' ? v.items : [t];
}

function attrOf(v: Value, name: string): Value | undefined {
  return getAttr(v, name)?.force();
}

function stringOf(v: Value | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

function numberOf(v: Value): number | undefined {
  return v.kind === 'int' || v.kind === 'float' ? v.value : undefined;
}

function boolOf(v: Value | undefined): boolean | undefined {
  return v?.kind === 'bool' ? v.value : undefined;
}

/** Applies a Nix function value (lambda or builtin) to an argument. */
function applyValue(f: Value, arg: Thunk): Value {
  if (f.kind === 'lambda' || f.kind === 'builtin') return f.apply(arg);
  if (f.kind === 'unknown') return f;
  return unknown(`attempt to call ${nixTypeOf(f)}`);
}

const CLASSES: readonly string[] = ['noun', 'conjunction', 'composite', 'nonRestrictiveClause'];

/**
 * The fields of a type that documentation reads, from the attrset of `mkOptionType { … }` or of
 * `type // { … }`: `name`, `description`, `descriptionClass`, `emptyValue`, `nestedTypes` and
 * `getSubModules` (others, such as `check` or `merge`, do not affect the docs). `notString` names a
 * `name` or `description` given as something other than a known string (it is left out of `fields`).
 */
function typeFields(v: AttrsValue): { fields: Partial<OptionType>; notString?: string } {
  const fields: Partial<OptionType> = {};
  let notString: string | undefined;
  for (const [k, t] of v.attrs) {
    if (k !== 'name' && k !== 'description' && k !== 'descriptionClass' && k !== 'emptyValue' && k !== 'nestedTypes' && k !== 'getSubModules') continue;
    const x = t.force();
    if (k === 'name' || k === 'description') {
      if (x.kind === 'string') fields[k] = x.value;
      else notString ??= k;
    } else if (k === 'descriptionClass') {
      fields.descriptionClass = x.kind === 'string' && CLASSES.includes(x.value) ? (x.value as DescriptionClass) : undefined;
    } else if (k === 'emptyValue') {
      fields.emptyValue = x.kind === 'attrs' ? x.attrs.get('value')?.force() : undefined;
    } else if (k === 'nestedTypes') {
      if (x.kind !== 'attrs') continue;
      const nested: Record<string, OptionType> = {};
      for (const [n, nt] of x.attrs) {
        const y = nt.force();
        if (y.kind === 'type') nested[n] = y.type;
      }
      fields.nested = nested;
    } else {
      fields.modules = x.kind === 'list' ? x.items : undefined;
    }
  }
  return { fields, notString };
}

/** `lib.types.mkOptionType { name; description; descriptionClass; … }` from an attrset. */
function mkOptionTypeFromAttrs(v: Value): Value {
  if (v.kind !== 'attrs') return v.kind === 'unknown' ? v : unknown(`mkOptionType expects an attribute set, got ${nixTypeOf(v)}`);
  const { fields } = typeFields(v);
  const name = fields.name;
  if (name === undefined) return unknown('mkOptionType without a known name');
  return typeValue(mkType({ ...fields, name }));
}

let cached: AttrsValue | undefined;

/** The `lib.types` attribute set (built once; types are immutable). */
export function typesValue(): AttrsValue {
  if (cached) return cached;
  const T = (t: OptionType) => typeValue(t);
  const ints = attrs({
    between: builtin('types.ints.between', 2, ([lo, hi]) => {
      const a = numberOf(lo!.force());
      const b = numberOf(hi!.force());
      if (a === undefined || b === undefined) return unknown('types.ints.between with unknown bounds');
      return T(intsBetween(a, b));
    }),
    unsigned: T(extend(intType, { name: 'unsignedInt', description: 'unsigned integer, meaning >=0', descriptionClass: 'nonRestrictiveClause' })),
    positive: T(extend(intType, { name: 'positiveInt', description: 'positive integer, meaning >0', descriptionClass: 'nonRestrictiveClause' })),
    u8: T(unsign(8, 256)),
    u16: T(unsign(16, 65536)),
    u32: T(unsign(32, 4294967296)),
    s8: T(sign(8, 256)),
    s16: T(sign(16, 65536)),
    s32: T(sign(32, 4294967296)),
  });
  const numbers = attrs({
    between: builtin('types.numbers.between', 2, ([lo, hi]) => T(numbersBetween(lo!.force(), hi!.force()))),
    nonnegative: T(
      extend(numberType, {
        name: 'numberNonnegative',
        description: 'nonnegative integer or floating point number, meaning >=0',
        descriptionClass: 'nonRestrictiveClause',
      }),
    ),
    positive: T(
      extend(numberType, {
        name: 'numberPositive',
        description: 'positive integer or floating point number, meaning >0',
        descriptionClass: 'nonRestrictiveClause',
      }),
    ),
  });
  const packageType = simple('package', undefined, 'noun');
  const attrsType = simple('attrs', 'attribute set', undefined, attrs({}));
  const submodule = builtin('types.submodule', 1, ([m]) => T(submoduleWith(toListThunks(m!.force(), m!))));
  const record: Record<string, Value> = {
    raw: T(rawType),
    anything: T(simple('anything', 'anything', 'noun')),
    unspecified: T(simple('unspecified', 'unspecified value', 'noun')),
    bool: T(boolType),
    boolByOr: T(simple('boolByOr', 'boolean (merged using or)', 'noun')),
    int: T(intType),
    ints,
    port: ints.attrs.get('u16')!.force(),
    float: T(floatType),
    number: T(numberType),
    numbers,
    str: T(strType),
    nonEmptyStr: T(simple('nonEmptyStr', 'non-empty string', 'noun')),
    singleLineStr: T(simple('singleLineStr', '(optionally newline-terminated) single-line string', 'noun')),
    strMatching: builtin('types.strMatching', 1, ([p]) => {
      const pv = p!.force();
      if (pv.kind !== 'string') return unknownFrom(pv.kind === 'unknown' ? pv : unknown('types.strMatching expects a string'), 'types.strMatching');
      return T(strMatching(pv.value));
    }),
    separatedString: builtin('types.separatedString', 1, ([s]) => {
      const sv = s!.force();
      if (sv.kind !== 'string') return unknownFrom(sv.kind === 'unknown' ? sv : unknown('types.separatedString expects a string'), 'types.separatedString');
      return T(separatedString(sv.value));
    }),
    lines: T(separatedString('\n')),
    commas: T(separatedString(',')),
    envVar: T(separatedString(':')),
    // Removed from nixpkgs in 2024; older versions defined it as `separatedString ""` renamed.
    string: T(mkType({ name: 'string', description: 'Concatenated string', descriptionClass: 'noun' })),
    passwdEntry: typeFn('passwdEntry', 1, ([t]) => passwdEntry(t!)),
    attrs: T(attrsType),
    fileset: T(simple('fileset', 'fileset', 'noun')),
    package: T(packageType),
    shellPackage: T(packageType),
    pkgs: T(extend(attrsType, { name: 'pkgs', description: 'Nixpkgs package set', descriptionClass: 'noun' })),
    path: T(pathWith(undefined, true)),
    pathInStore: T(pathWith(true, undefined)),
    externalPath: T(pathWith(false, true)),
    pathWith: builtin('types.pathWith', 1, ([a]) => {
      const av = a!.force();
      return T(pathWith(boolOf(attrOf(av, 'inStore')), boolOf(attrOf(av, 'absolute'))));
    }),
    listOf: typeFn('listOf', 1, ([t]) => listOf(t!)),
    nonEmptyListOf: typeFn('nonEmptyListOf', 1, ([t]) => nonEmptyListOf(t!)),
    attrsOf: typeFn('attrsOf', 1, ([t]) => attrsWith(t!)),
    lazyAttrsOf: typeFn('lazyAttrsOf', 1, ([t]) => attrsWith(t!, true)),
    attrsWith: builtin('types.attrsWith', 1, ([a]) => {
      const av = a!.force();
      const e = av.kind === 'attrs' ? av.attrs.get('elemType') : undefined;
      if (!e) return unknown('types.attrsWith without a known elemType');
      const et = asType(e, 'types.attrsWith');
      if (!isOptionTypeObj(et)) return unknownFrom(et, 'types.attrsWith');
      return T(attrsWith(et, boolOf(attrOf(av, 'lazy')) ?? false, stringOf(attrOf(av, 'placeholder')) ?? 'name'));
    }),
    loaOf: typeFn('loaOf', 1, ([t]) => extend(attrsWith(t!), { name: 'loaOf' })),
    attrTag: builtin('types.attrTag', 1, ([a]) => {
      const av = a!.force();
      return av.kind === 'attrs' ? T(attrTag(av)) : unknownFrom(av, 'types.attrTag');
    }),
    luaInline: T(simple('luaInline', 'inline lua', 'noun')),
    uniq: typeFn('uniq', 1, ([t]) => unique(t!)),
    unique: builtin('types.unique', 2, ([, t]) => {
      const tt = asType(t!, 'types.unique');
      return isOptionTypeObj(tt) ? T(unique(tt)) : unknownFrom(tt, 'types.unique');
    }),
    nullOr: typeFn('nullOr', 1, ([t]) => nullOr(t!)),
    functionTo: typeFn('functionTo', 1, ([t]) => functionTo(t!)),
    submodule,
    submoduleWith: builtin('types.submoduleWith', 1, ([a]) => {
      const av = a!.force();
      if (av.kind !== 'attrs') return unknownFrom(av, 'types.submoduleWith');
      const m = av.attrs.get('modules');
      const mv = m?.force();
      const modules = mv?.kind === 'list' ? mv.items : m ? [m] : [];
      return T(submoduleWith(modules, stringOf(attrOf(av, 'description')), attrOf(av, 'specialArgs')));
    }),
    deferredModule: T(deferredModuleWith([])),
    deferredModuleWith: builtin('types.deferredModuleWith', 1, ([a]) => {
      const sm = attrOf(a!.force(), 'staticModules');
      return T(deferredModuleWith(sm?.kind === 'list' ? sm.items : []));
    }),
    optionType: T(simple('optionType', 'optionType', 'noun')),
    enum: builtin('types.enum', 1, ([l]) => {
      const lv = l!.force();
      if (lv.kind !== 'list') return unknownFrom(lv.kind === 'unknown' ? lv : unknown('types.enum expects a list'), 'types.enum');
      return T(enumType(lv.items.map((i) => i.force())));
    }),
    either: typeFn('either', 2, ([a, b]) => either(a!, b!)),
    oneOf: builtin('types.oneOf', 1, ([l]) => {
      const lv = l!.force();
      if (lv.kind !== 'list') return unknownFrom(lv.kind === 'unknown' ? lv : unknown('types.oneOf expects a list'), 'types.oneOf');
      const ts: OptionType[] = [];
      for (const item of lv.items) {
        const t = asType(item, 'types.oneOf');
        if (!isOptionTypeObj(t)) return unknownFrom(t, 'types.oneOf');
        ts.push(t);
      }
      return ts.length ? T(oneOf(ts)!) : unknown('types.oneOf needs to get at least one type in its argument');
    }),
    coercedTo: builtin('types.coercedTo', 3, ([a, , c]) => {
      const ct = asType(a!, 'types.coercedTo');
      const ft = asType(c!, 'types.coercedTo');
      if (!isOptionTypeObj(ct)) return unknownFrom(ct, 'types.coercedTo');
      if (!isOptionTypeObj(ft)) return unknownFrom(ft, 'types.coercedTo');
      return T(coercedTo(ct, ft));
    }),
    addCheck: builtin('types.addCheck', 2, ([t]) => {
      const tt = asType(t!, 'types.addCheck');
      return isOptionTypeObj(tt) ? T(extend(tt, {})) : unknownFrom(tt, 'types.addCheck');
    }),
    mkOptionType: builtin('types.mkOptionType', 1, ([a]) => mkOptionTypeFromAttrs(a!.force())),
    isType: builtin('types.isType', 2, ([n, x]) => {
      const name = stringOf(n!.force());
      const xv = x!.force();
      if (xv.kind === 'type') return bool(name === 'option-type');
      return bool(stringOf(attrOf(xv, '_type')) === name);
    }),
    isOptionType: builtin('types.isOptionType', 1, ([x]) => bool(x!.force().kind === 'type')),
    optionDescriptionPhrase: builtin('types.optionDescriptionPhrase', 2, ([f, t]) => {
      const tt = asType(t!, 'types.optionDescriptionPhrase');
      if (!isOptionTypeObj(tt)) return unknownFrom(tt, 'types.optionDescriptionPhrase');
      const fv = f!.force();
      const fits = applyValue(fv, ready(tt.descriptionClass ? str(tt.descriptionClass) : NULL));
      if (fits.kind !== 'bool') return unknown('optionDescriptionPhrase predicate did not give a boolean');
      return str(fits.value ? tt.description : `(${tt.description})`);
    }),
  };
  cached = attrs(record);
  return cached;
}

/**
 * Attribute access on a type (`types.str.description`, `.name`, `.nestedTypes.elemType`, …), for
 * the evaluator; undefined for attributes a type does not have.
 * @param type the option type
 * @param name the attribute name
 */
export function typeAttr(type: OptionType, name: string): Value | undefined {
  switch (name) {
    case '_type':
      return str('option-type');
    case 'name':
      return str(type.name);
    case 'description':
      return str(type.description);
    case 'descriptionClass':
      return type.descriptionClass ? str(type.descriptionClass) : NULL;
    case 'nestedTypes': {
      const rec: Record<string, Value> = {};
      for (const [k, t] of Object.entries(type.nested)) rec[k] = typeValue(t);
      return attrs(rec);
    }
    case 'emptyValue':
      return type.emptyValue ? attrs({ value: type.emptyValue }) : attrs({});
    case 'getSubModules':
      return type.modules ? list(type.modules) : NULL;
    case 'deprecationMessage':
      return NULL;
    case 'functor':
      return attrs({ name: str(type.name) });
    case 'check':
      return builtin(`${type.name}.check`, 1, ([x]) => checkValue(type, x!.force()));
    case 'getSubOptions':
      return builtin(`${type.name}.getSubOptions`, 1, () => unknown(`${type.name}.getSubOptions is not evaluated statically`));
    case 'merge':
      return builtin(`${type.name}.merge`, 2, () => unknown(`${type.name}.merge is not evaluated statically`));
    case 'substSubModules':
      return builtin(`${type.name}.substSubModules`, 1, () => unknown(`${type.name}.substSubModules is not evaluated statically`));
    case 'typeMerge':
      return builtin(`${type.name}.typeMerge`, 1, () => unknown(`${type.name}.typeMerge is not evaluated statically`));
    default:
      return undefined;
  }
}

/**
 * `type // { description = …; }` for the evaluator's `//` when its left side is an option type: a
 * copy with `name`, `description`, `descriptionClass`, `emptyValue`, `nestedTypes` or
 * `getSubModules` replaced (other attributes, such as `check` or `merge`, do not affect the docs).
 * @param type the option type on the left
 * @param update the attrset on the right
 */
export function typeUpdate(type: OptionType, update: AttrsValue): Value {
  const { fields, notString } = typeFields(update);
  if (notString) return unknown(`option type with a ${notString} that is not a known string`);
  return typeValue(extend(type, fields));
}

/** A shallow `check` for the common types; unknown where the answer needs more than the value's kind. */
function checkValue(type: OptionType, v: Value): Value {
  if (v.kind === 'unknown') return unknown(`${type.name}.check of an unknown value`, v.loc, v.text);
  switch (type.name) {
    case 'bool':
    case 'boolByOr':
      return bool(v.kind === 'bool');
    case 'str':
    case 'nonEmptyStr':
    case 'separatedString':
    case 'string':
      return bool(v.kind === 'string' && (type.name !== 'nonEmptyStr' || v.value.trim() !== ''));
    case 'int':
      return bool(v.kind === 'int');
    case 'float':
      return bool(v.kind === 'float');
    case 'listOf':
      return bool(v.kind === 'list');
    case 'attrsOf':
    case 'lazyAttrsOf':
    case 'attrs':
      return bool(v.kind === 'attrs');
    case 'nullOr':
      return v.kind === 'null' ? bool(true) : checkValue(type.nested.elemType!, v);
    case 'anything':
    case 'raw':
    case 'unspecified':
      return bool(true);
    default:
      return unknown(`${type.name}.check is not evaluated statically`);
  }
}

/** home-manager's additions to `lib` that modules use in option declarations: `lib.hm.types`. */
export function hmLibValue(): AttrsValue {
  const hmTypes = attrs({ dagOf: typeFn('dagOf', 1, ([t]) => dagOf(t!)) });
  return attrs({ types: hmTypes });
}
