/**
 * `lib.evalModules` over the evaluator's values, lazily: modules are collected as nixpkgs' `lib/modules.nix`
 * collects them (imports closure in breadth-first order, dedup by key, `disabledModules`), module
 * functions get only the arguments they name, and `config` is an attrset whose attributes merge that
 * path's definitions when read: `mkIf` (condition forced only there), `mkMerge`, `mkOverride`
 * priorities, `mkOrder` and each declared type's merge. Paths no module of the flake declares
 * (upstream nixpkgs, home-manager, inputs) merge freeform; what only upstream defines stays unknown.
 */
import type { SourceLocation } from '../../diagnostics.ts';
import type { Evaluator } from '../evaluate.ts';
import { type AttrsValue, getAttr, type OptionType, ready, str, type Thunk, typeTag, unknown, type Value } from '../values.ts';
import { conflictMessage, mergeByType, type Def, type Merged } from './merge.ts';
import { dischargeAll, pushDown } from './properties.ts';

/** What evalModules is given. */
export interface EvalModulesInput {
  /** The modules: paths, functions or attrsets. */
  modules: Thunk[];
  /** Arguments fixed before evaluation (`specialArgs`, `extraSpecialArgs`, a submodule's `name`). */
  specialArgs?: Map<string, Thunk>;
  /** Arguments upstream modules would give through `_module.args` (`pkgs`, `modulesPath`), used when no module of the flake sets them. */
  fallbackArgs?: Map<string, Thunk>;
  /** The file the module list was written in (for anonymous modules' definitions). */
  file?: string;
  /** Where this evaluation sits in an outer configuration (a submodule's path), for names of unknowns. */
  prefix?: string[];
}

/** The effective value at an option path, and where it came from. */
export interface Effective {
  value: Value;
  /** `default`: the option's default; `empty`: the type's empty value; `definitions`: the modules' definitions. */
  origin: 'default' | 'empty' | 'definitions';
  /** The definitions that won (after mkIf, priorities): their files and places. */
  from: { file: string; loc?: SourceLocation }[];
  /** The winning priority (100 for plain definitions, 1000 mkDefault, 50 mkForce, 1500 option default). */
  priority: number;
}

/** One collected module: its file, key, declarations and definition. */
export interface CollectedModule {
  key: string;
  file: string;
  options?: Thunk;
  config?: Thunk;
}

/** A configuration evaluated from modules. */
export interface Evaluation {
  /** The lazy fixpoint `config`. */
  readonly config: AttrsValue;
  /** The modules, in the order the module system merges them. */
  readonly modules: CollectedModule[];
  /** The merged value of a declared option of the flake (undefined when the path is not one). */
  effective(path: string[]): Effective | undefined;
  /** Every declared option path (options of the flake's own modules), not inside submodules. */
  declaredPaths(): string[][];
  /** How many definitions (before mkIf and priorities) the modules give a path, without merging them. */
  definitionCount(path: string[]): number;
}

/** Module-system plumbing that is not configuration in a shorthand module. */
const SHORTHAND_PLUMBING = new Set(['_class', '_file', 'key', 'disabledModules', 'require', 'imports', 'freeformType']);

/**
 * A node of the declaration tree: options declared here, and nested option sets. Each node reads its
 * modules' `options` subtrees when first asked, so a host reading a few paths forces only their
 * declarations, not every option of every module.
 */
class DeclNode {
  private readonly sources: { file: string; value: Thunk }[] = [];
  private resolved = false;
  private readonly own: AttrsValue[] = [];
  private readonly ownFiles: string[] = [];
  private readonly kids = new Map<string, DeclNode>();
  /** Adds a module's `options` subtree at this place. */
  add(file: string, value: Thunk): void {
    this.sources.push({ file, value });
  }
  private resolve(): void {
    if (this.resolved) return;
    this.resolved = true;
    for (const { file, value } of this.sources) {
      const v = value.force();
      if (v.kind !== 'attrs') continue;
      if (typeTag(v) === 'option') {
        this.own.push(v);
        this.ownFiles.push(file);
        continue;
      }
      for (const [k, t] of v.attrs) {
        let child = this.kids.get(k);
        if (!child) this.kids.set(k, (child = new DeclNode()));
        child.add(file, t);
      }
    }
    this.sources.length = 0;
  }
  /** The `mkOption` results declared at this path. */
  get decls(): AttrsValue[] {
    this.resolve();
    return this.own;
  }
  /** The file of each declaration. */
  get files(): string[] {
    this.resolve();
    return this.ownFiles;
  }
  /** Nested option sets and options, by name. */
  get children(): Map<string, DeclNode> {
    this.resolve();
    return this.kids;
  }
}

/** Evaluates modules as `lib.evalModules { modules; specialArgs; }` would, lazily. */
export function evalModules(ev: Evaluator, lib: Value, input: EvalModulesInput): Evaluation {
  const prefix = input.prefix ?? [];
  const configMap = new Map<string, Thunk>();
  const config: AttrsValue = { kind: 'attrs', attrs: configMap };
  ev.openNames.set(config, ['config', ...prefix].join('.'));
  // Reading `config` fills its first level (a module's arguments reach it only through this thunk).
  const configThunk = ev.lazy(() => {
    ensure();
    return config;
  });
  let built = false;
  const special = input.specialArgs ?? new Map<string, Thunk>();
  const fallback = input.fallbackArgs ?? new Map<string, Thunk>();
  const optionsThunk = ready(unknown('options'));

  /** `config._module.args.<name>`, else what upstream would give, else unknown. */
  const argThunks = new Map<string, Thunk>();
  const moduleArg = (name: string): Thunk => {
    let t = argThunks.get(name);
    if (!t) argThunks.set(name, (t = moduleArgThunk(name)));
    return t;
  };
  const moduleArgThunk = (name: string): Thunk =>
    ev.lazy(() => {
      if (!ensure()) return fallback.get(name)?.force() ?? unknown(name);
      const args = getAttr(config, '_module')?.force();
      const a = args && getAttr(args, 'args')?.force();
      const t = a && getAttr(a, name);
      if (t) return t.force();
      return fallback.get(name)?.force() ?? unknown(name);
    });
  const base = new Map<string, Thunk>([
    ['lib', ready(lib)],
    ['config', configThunk],
    ['options', optionsThunk],
    ['specialArgs', ready({ kind: 'attrs', attrs: special })],
    ...special,
  ]);
  // Module functions with the same pattern get the same arguments: one set per pattern (a host of
  // 1,000 modules would otherwise copy the argument map 1,000 times).
  const argSets = new Map<string, AttrsValue>();
  const argsFor = (fn: Value): AttrsValue => {
    const f = fn.kind === 'lambda' ? fn.formals : undefined;
    const shape = f ? `${f.ellipsis ? '...' : ''}\0${f.names.join(',')}\0${(f.defaults ?? []).join(',')}` : '';
    let v = argSets.get(shape);
    if (!v) argSets.set(shape, (v = argsOf(fn)));
    return v;
  };
  const argsOf = (fn: Value): AttrsValue => {
    let map = new Map(base);
    if (fn.kind === 'lambda' && fn.formals) {
      // As the module walk does (flake.ts moduleArgs): a pattern without `...` gets only its names.
      if (!fn.formals.ellipsis) map = new Map([...map].filter(([k]) => fn.formals!.names.includes(k)));
      for (const n of fn.formals.names) if (!map.has(n) && !fn.formals.defaults?.includes(n)) map.set(n, moduleArg(n));
      // A default of the pattern applies only when no module gives the argument.
      for (const n of fn.formals.defaults ?? []) if (!map.has(n) && fallback.has(n)) map.set(n, moduleArg(n));
    }
    const v: AttrsValue = { kind: 'attrs', attrs: map };
    ev.openNames.set(v, '_module.args');
    return v;
  };

  // While the modules are being collected, `config` is not there yet (Nix would recurse forever on
  // `imports` that read it); an argument asked for then is the upstream fallback.
  let modules: CollectedModule[] | undefined;
  modules = collect(ev, input.modules, input.file ?? '<unknown>', argsFor);
  const collected = modules;
  const root = new DeclNode();
  const effectiveCache = new Map<string, Effective | undefined>();
  /** Each filled level's definitions by attribute name. */
  const levelDefs = new WeakMap<AttrsValue, Map<string, Def[]>>();

  function ensure(): boolean {
    if (built) return true;
    if (!modules) return false;
    built = true;
    for (const m of modules) if (m.options) root.add(m.file, m.options);
    // nixpkgs merges the definitions of the collected modules last-first (checked with Nix:
    // modules [ a b ] each defining a list give b's items before a's).
    const defs: Def[] = [];
    for (const m of [...modules].reverse()) if (m.config) defs.push({ file: m.file, value: m.config });
    fillLevel(configMap, config, root, defs, []);
    return true;
  }

  /** Fills one level of `config`: one lazy attribute per declared or defined name. */
  function fillLevel(map: Map<string, Thunk>, owner: AttrsValue, node: DeclNode, defs: Def[], path: string[]): void {
    const byName = new Map<string, Def[]>();
    levelDefs.set(owner, byName);
    const unknowns: Value[] = [];
    for (const d of defs) {
      for (const v of pushDown(ev, d.value.force())) {
        if (v.kind !== 'attrs' || typeTag(v)) {
          unknowns.push(v.kind === 'unknown' ? v : unknown(`a definition of ${['config', ...path].join('.')} that is not an attribute set`));
          continue;
        }
        for (const [k, t] of v.attrs) {
          let list = byName.get(k);
          if (!list) byName.set(k, (list = []));
          list.push({ file: d.file, loc: v.locs?.get(k), value: t });
        }
      }
    }
    const names = new Set([...node.children.keys(), ...byName.keys()]);
    // Below an undeclared level (an upstream `attrsOf`, such as `age.secrets`), a name whose every
    // definition is under a false mkIf is absent, as attrsOf's merge leaves it out. Not at the first
    // two levels, which Nix's option sets fill without forcing conditions (and which conditions read).
    if (path.length >= 2 && !node.children.size && !node.decls.length) {
      for (const [name, list] of byName) {
        const d = dischargeAll(ev, list);
        if (d.kind === 'ok' && !d.defs.length) names.delete(name);
      }
    }
    const locs = new Map<string, SourceLocation>();
    for (const name of names) {
      const childDefs = byName.get(name) ?? [];
      const first = childDefs.find((d) => d.loc)?.loc;
      if (first) locs.set(name, first);
      const child = node.children.get(name);
      const childPath = [...path, name];
      map.set(name, ev.lazy(() => valueAt(child, childDefs, childPath)));
    }
    if (locs.size) owner.locs = locs;
    void unknowns;
  }

  /** The value of `config` at a path: a declared option's merge, a nested level, or a freeform merge. */
  function valueAt(node: DeclNode | undefined, defs: Def[], path: string[]): Value {
    if (node?.decls.length) return effectiveAt(node, defs, path).value;
    if (node?.children.size || isNested(defs)) {
      const map = new Map<string, Thunk>();
      const v: AttrsValue = { kind: 'attrs', attrs: map };
      ev.openNames.set(v, ['config', ...prefix, ...path].join('.'));
      fillLevel(map, v, node ?? new DeclNode(), defs, path);
      return v;
    }
    const merged = mergeByType(ev, lib, undefined, dischargeAll(ev, defs), [...prefix, ...path]);
    return report(merged, path);
  }

  /** True when every definition pushes down to attribute sets (a nested level, not a value). */
  function isNested(defs: Def[]): boolean {
    if (!defs.length) return false;
    return defs.every((d) => pushDown(ev, d.value.force()).every((v) => v.kind === 'attrs' && !typeTag(v)));
  }

  /** A declared option's merged value with its origin. */
  function effectiveAt(node: DeclNode, defs: Def[], path: string[]): Effective {
    const key = path.join('\0');
    const cached = effectiveCache.get(key);
    if (cached) return cached;
    const decl = node.decls;
    const type = optionType(decl);
    const all = [...defs];
    const withDefault = decl.find((d) => d.attrs.has('default'));
    if (withDefault) {
      all.push({
        file: node.files[decl.indexOf(withDefault)] ?? '<unknown>',
        loc: withDefault.locs?.get('default'),
        value: ready({ kind: 'attrs', attrs: new Map([['_type', ready(str('override'))], ['priority', ready({ kind: 'int', value: 1500 })], ['content', withDefault.attrs.get('default')!]]) }),
        isDefault: true,
      });
    }
    const discharged = dischargeAll(ev, all);
    let out: Effective;
    if (discharged.kind === 'unknown') {
      out = { value: discharged.value, origin: 'definitions', from: [], priority: 100 };
    } else if (!discharged.defs.length) {
      const empty = type?.emptyValue;
      out = { value: empty ?? unknown(`${['config', ...prefix, ...path].join('.')} has no value defined`), origin: 'empty', from: [], priority: 1500 };
    } else {
      const merged = mergeByType(ev, lib, type, discharged, [...prefix, ...path]);
      const value = report(merged, path);
      const isDefault = discharged.defs.every((d) => d.isDefault);
      out = { value, origin: isDefault ? 'default' : 'definitions', from: isDefault ? [] : discharged.defs.map((d) => ({ file: d.file, loc: d.loc })), priority: discharged.priority };
    }
    effectiveCache.set(key, out);
    return out;
  }

  /** Reports a conflict once (a diagnostic naming both places) and gives the merged value. */
  function report(merged: Merged, path: string[]): Value {
    if (merged.conflict) {
      const [a, b] = merged.conflict;
      ev.report('warning', 'modules/conflict', conflictMessage([...prefix, ...path], a, b), b.loc ?? a.loc);
    }
    return merged.value;
  }

  return {
    get config() {
      ensure();
      return config;
    },
    modules: collected,
    effective(path) {
      ensure();
      let node: DeclNode | undefined = root;
      for (const seg of path) node = node?.children.get(seg);
      if (!node?.decls.length) return undefined;
      // Reading through `config` fills the levels on the way and gathers the definitions.
      let cur: Value = config;
      for (const seg of path.slice(0, -1)) {
        const t = getAttr(cur, seg);
        if (!t) return undefined;
        cur = t.force();
      }
      getAttr(cur, path.at(-1)!)?.force();
      return effectiveCache.get(path.join('\0'));
    },
    definitionCount(path) {
      if (!ensure()) return 0;
      // A level is filled only where some module defines something under it.
      let cur: Value = config;
      for (let i = 0; i < path.length; i++) {
        const n = cur.kind === 'attrs' ? (levelDefs.get(cur)?.get(path[i]!)?.length ?? 0) : 0;
        if (!n || i === path.length - 1) return n;
        cur = getAttr(cur, path[i]!)!.force();
      }
      return 0;
    },
    declaredPaths() {
      ensure();
      const out: string[][] = [];
      const walk = (n: DeclNode, p: string[]) => {
        if (n.decls.length) out.push(p);
        for (const [k, c] of n.children) walk(c, [...p, k]);
      };
      walk(root, []);
      return out;
    },
  };
}

/** The declared type of an option (the first declaration with one); submodule declarations are joined. */
function optionType(decls: AttrsValue[]): OptionType | undefined {
  const types: OptionType[] = [];
  for (const d of decls) {
    const t = d.attrs.get('type')?.force();
    if (t?.kind === 'type') types.push(t.type);
  }
  if (types.length > 1 && types.every((t) => t.name === 'submodule')) {
    return { ...types[0]!, modules: types.flatMap((t) => t.modules ?? []) };
  }
  return types[0];
}

/** Flake-relative paths of module files, per evaluator: every host asks for the same ones. */
const RELATIVE = new WeakMap<Evaluator, Map<string, string>>();

/** A loaded module before its imports are followed. */
interface Loaded extends CollectedModule {
  imports: Thunk[];
  disabled: string[];
}

/**
 * Collects the modules as nixpkgs' `collectModules`: each is loaded (a path imported, a function
 * applied), keyed (its path, its `key`, or `parent:anon-N`), and the closure is taken breadth-first
 * with duplicates by key dropped, leaving out disabled modules.
 */
function collect(ev: Evaluator, initial: Thunk[], file: string, argsFor: (fn: Value) => AttrsValue): CollectedModule[] {
  let relatives = RELATIVE.get(ev);
  if (!relatives) RELATIVE.set(ev, (relatives = new Map()));
  const cache = relatives;
  const relative = (abs: string): string => {
    let rel = cache.get(abs);
    if (rel === undefined) cache.set(abs, (rel = ev.relative(abs)));
    return rel;
  };
  const load = (t: Thunk, parentFile: string, fallbackKey: string): Loaded | undefined => {
    let m = t.force();
    let key = fallbackKey;
    let mFile = parentFile;
    if (m.kind === 'string' && m.value.startsWith('/')) m = { kind: 'path', path: m.value };
    if (m.kind === 'path') {
      key = m.path;
      mFile = m.path;
      m = ev.importFile(m.path);
    }
    if (m.kind === 'lambda' || m.kind === 'builtin') m = ev.apply(m, ready(argsFor(m)));
    if (m.kind !== 'attrs') return undefined;
    const tag = typeTag(m);
    if (tag === 'if' || tag === 'override') m = { kind: 'attrs', attrs: new Map([['config', ready(m)]]) };
    else if (tag) return undefined;
    const a = m.attrs;
    const explicitKey = a.get('key')?.force();
    if (explicitKey?.kind === 'string') key = explicitKey.value;
    else if (explicitKey?.kind === 'path') key = explicitKey.path;
    const f = a.get('_file')?.force();
    if (f?.kind === 'string') mFile = f.value;
    else if (f?.kind === 'path') mFile = f.path;
    const importsV = a.get('imports')?.force();
    const disabledV = a.get('disabledModules')?.force();
    const structured = a.has('config') || a.has('options');
    let config = structured ? a.get('config') : undefined;
    if (!structured) {
      const rest = new Map([...a].filter(([k]) => !SHORTHAND_PLUMBING.has(k)));
      const locs = m.locs ? new Map([...m.locs].filter(([k]) => rest.has(k))) : undefined;
      config = ready({ kind: 'attrs', attrs: rest, locs });
    }
    return {
      key,
      file: mFile.startsWith('/') ? relative(mFile) : mFile,
      options: a.get('options'),
      config,
      imports: importsV?.kind === 'list' ? importsV.items : [],
      disabled: disabledV?.kind === 'list' ? disabledV.items.flatMap((d) => disabledKey(d.force())) : [],
    };
  };
  interface Node {
    module: Loaded;
    children: () => Node[];
  }
  // A file is loaded once: its module function gets the same arguments wherever it is imported.
  const byPath = new Map<string, Node | null>();
  const nodesOf = (list: Thunk[], parentFile: string, parentKey: string): Node[] =>
    list.flatMap((t, i) => {
      const raw = t.force();
      const p = raw.kind === 'path' ? raw.path : raw.kind === 'string' && raw.value.startsWith('/') ? raw.value : undefined;
      if (p !== undefined && byPath.has(p)) return byPath.get(p) ? [byPath.get(p)!] : [];
      const module = load(t, parentFile, `${parentKey}:anon-${i + 1}`);
      let kids: Node[] | undefined;
      const node = module ? { module, children: () => (kids ??= nodesOf(module.imports, module.file, module.key)) } : null;
      if (p !== undefined) byPath.set(p, node);
      return node ? [node] : [];
    });
  const top = nodesOf(initial, file, '');
  // Every module is loaded first: `disabledModules` anywhere applies everywhere.
  const disabled = new Set<string>();
  const visited = new Set<Node>();
  const all = (ns: Node[], depth: number) => {
    if (depth > 200) return;
    for (const n of ns) {
      if (visited.has(n)) continue;
      visited.add(n);
      for (const d of n.module.disabled) disabled.add(d);
      all(n.children(), depth + 1);
    }
  };
  all(top, 0);
  const out: CollectedModule[] = [];
  const seen = new Set<string>();
  const queue = top.filter((n) => !disabled.has(n.module.key));
  while (queue.length) {
    const n = queue.shift()!;
    if (seen.has(n.module.key)) continue;
    seen.add(n.module.key);
    const { key, file: f, options, config } = n.module;
    out.push({ key, file: f, options, config });
    for (const c of n.children()) if (!disabled.has(c.module.key)) queue.push(c);
  }
  return out;
}

/** The key a `disabledModules` entry disables: a path, or an attrset's `key`. */
function disabledKey(v: Value): string[] {
  if (v.kind === 'path') return [v.path];
  if (v.kind === 'string') return [v.value];
  const k = getAttr(v, 'key')?.force();
  return k?.kind === 'string' ? [k.value] : k?.kind === 'path' ? [k.path] : [];
}
