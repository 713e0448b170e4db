/**
 * Flake entry points: `flake.nix` inputs and outputs, `self`, the well-known vocabulary of common
 * inputs (nixpkgs, home-manager, nix-darwin, flake-parts, sops-nix, agenix, …), the system builders
 * (`nixosSystem`, `darwinSystem`, `homeManagerConfiguration`) and flake-parts' `mkFlake`, plus
 * `evalModule` for NixOS / darwin / home-manager modules.
 */
import { existsSync } from 'node:fs';
import { readRegularFile } from './fs-guard.ts';
import path from 'node:path';
import type { SourceLocation } from '../diagnostics.ts';
import { CONVENTIONS, type ConventionContext, type SystemSpec } from './conventions/index.ts';
import type { Evaluator } from './evaluate.ts';
import { extendLib } from './lib.ts';
import { makePkgs, nixpkgsFunction } from './lib-pkgs.ts';
import { attrsOf, def } from './lib-util.ts';
import { type Evaluation, evalModules } from './modules/eval-modules.ts';
import { attrsWith, deferredModuleWith, rawType, submoduleWith, typeValue } from './types.ts';
import {
  type AttrsValue,
  formalHasDefault,
  getAttr,
  type OptionType,
  int,
  list,
  NULL,
  ready,
  str,
  type Thunk,
  unknown,
  type Value,
} from './values.ts';

/** The flake's inputs (as declared, refined by flake.lock) and its evaluated outputs. */
/** How a configuration was built, as the evaluator saw it when the builder ran. */
export interface SystemOrigin {
  /** The builder: `nixosSystem`, `darwinSystem`, `homeManagerConfiguration`, a library's own. */
  builder: string;
  /** The outermost function of the flake being called (`mkDesktop`), when it has a name. */
  helper: string | undefined;
  /** The entries `mapAttrs` was mapping over, innermost first. */
  mapped: { set: AttrsValue; key: string }[];
  /** The arguments of the flake's functions being called, innermost first. */
  args: Thunk[];
}

/** Functions whose call surrounds everything else (the flake's `outputs`): never a host's helper. */
const OUTER_FUNCTIONS = new Set(['outputs']);

export interface FlakeResult {
  inputs: Value;
  outputs: Value;
}

/** Classes of system configurations. */
export type SystemClass = 'nixos' | 'darwin' | 'home';
/** Classes of hosts a builder can make: module classes plus numtide's system-manager. */
export type HostSystemClass = SystemClass | 'system-manager';

/**
 * Flake outputs that hold modules, by name (`nixosModules.x`) or a single one (`nixosModule`), with
 * the kind of configuration they are for (none for flake-parts modules). An input's are opaque
 * external modules; the flake's own are documented by the options extractor.
 */
export const MODULE_OUTPUTS: Record<string, { cls?: SystemClass; single?: true }> = {
  nixosModules: { cls: 'nixos' },
  darwinModules: { cls: 'darwin' },
  // nixvim's and others' name for their nix-darwin modules.
  nixDarwinModules: { cls: 'darwin' },
  homeManagerModules: { cls: 'home' },
  homeModules: { cls: 'home' },
  // An older spelling many flakes still export (`hmModules.default`).
  hmModules: { cls: 'home' },
  flakeModules: {},
  nixosModule: { cls: 'nixos', single: true },
  darwinModule: { cls: 'darwin', single: true },
  homeManagerModule: { cls: 'home', single: true },
  flakeModule: { single: true },
};

/** The `flake` definition of a flake-parts module: `config.flake`, or the shorthand top-level `flake`. */
export function flakeDefinition(m: AttrsValue): Thunk | undefined {
  const cfg = m.attrs.get('config')?.force();
  return cfg?.kind === 'attrs' ? cfg.attrs.get('flake') : m.attrs.get('flake');
}

/** An option declaration (`mkOption { type; default; }`) as the module engine reads it. */
function optionValue(type: OptionType, dflt?: Value): Value {
  const m = new Map<string, Thunk>([['_type', ready(str('option'))], ['type', ready(typeValue(type))]]);
  if (dflt) m.set('default', ready(dflt));
  return attrsOf(m);
}

/** A flake-parts module declaring options of `flake` (a submodule: declarations from several modules merge). */
function flakeOutputsModule(file: string, outputs: Map<string, Thunk>): Value {
  const flakeModule = attrsOf(new Map([['options', ready(attrsOf(outputs))]]));
  const flakeOption = optionValue(submoduleWith([ready(flakeModule)], 'flake outputs'), attrsOf(new Map()));
  return attrsOf(new Map([['_file', ready(str(file))], ['options', ready(attrsOf(new Map([['flake', ready(flakeOption)]])))]]));
}

/** A map whose missing keys are created on first lookup (an input's module namespace). */
class AutoMap extends Map<string, Thunk> {
  private readonly make: (key: string) => Thunk;
  constructor(make: (key: string) => Thunk) {
    super();
    this.make = make;
  }
  override get(key: string): Thunk | undefined {
    let t = super.get(key);
    if (!t && !key.startsWith('_') && key !== 'outPath') {
      t = this.make(key);
      super.set(key, t);
    }
    return t;
  }
  override has(key: string): boolean {
    return !key.startsWith('_') && key !== 'outPath' ? true : super.has(key);
  }
}

/** An opaque external module, tagged for the hosts extractor. */
export function externalModule(name: string): AttrsValue {
  return attrsOf(new Map([['_type', ready(str('flake-docs-external-module'))], ['name', ready(str(name))]]));
}

/** The engine's flake evaluation: vocabulary and entry points over one evaluator. */
export class FlakeEvaluator {
  /** Our lib extended with `nixosSystem` (what `nixpkgs.lib` is). */
  readonly nixpkgsLib: Value;
  /** The `pkgs` module argument: packages unknown, `pkgs.formats` types known. */
  readonly pkgs: Value;
  private result: FlakeResult | undefined;
  private evaluating = false;
  /** What `hostLib` found, once it looked (null: none). */
  private hostLibFound: Value | null | undefined;
  /** Module arguments a library gives every module of the flake (Snowfall's `namespace`), set by conventions. */
  /** Module arguments a library (Snowfall) gives every module, beside `pkgs`. */
  readonly libraryModuleArgs = new Map<string, Thunk>();

  private readonly ev: Evaluator;
  constructor(ev: Evaluator, lib: AttrsValue) {
    this.ev = ev;
    const extra = new Map<string, Thunk>([['nixosSystem', ready(this.systemBuilder('nixos', 'nixosSystem'))]]);
    const overlay = def(ev, 'nixpkgs-lib-overlay', 2, () => attrsOf(extra));
    this.nixpkgsLib = extendLib(ev, lib, overlay);
    this.pkgs = makePkgs(ev, this.nixpkgsLib);
  }

  /** A `nixosSystem`/`darwinSystem`/`homeManagerConfiguration`/`makeSystemConfig` builder. */
  systemBuilder(cls: HostSystemClass, name: string): Value {
    const ev = this.ev;
    return def(ev, name, 1, (a, [argT]) => {
      const arg = a.attrs(argT!);
      const site = ev.site;
      const loc = site ? ev.loc({ s: site.s }, site.file) : undefined;
      const origin = this.originHere(name);
      const special = cls === 'home' || cls === 'system-manager' ? (arg.attrs.get('extraSpecialArgs') ?? arg.attrs.get('specialArgs')) : arg.attrs.get('specialArgs');
      const system = this.makeSystem(cls, name, { modules: arg.attrs.get('modules'), specialArgs: special, system: arg.attrs.get('system'), pkgs: arg.attrs.get('pkgs'), lib: arg.attrs.get('lib'), loc });
      this.origins.set(system, origin);
      return system;
    });
  }

  /** How each configuration a builder made was reached: the builder, the flake's helper around it, what it was built from. */
  readonly origins = new WeakMap<Value, SystemOrigin>();

  /**
   * What the evaluator is in the middle of when a builder runs: the outermost of the flake's named
   * functions being called (the helper, `mkDesktop`), and the entries it may have been built from.
   */
  private originHere(builder: string): SystemOrigin {
    const calls = this.ev.calls;
    const helper = calls.find((c) => c.name !== undefined && !OUTER_FUNCTIONS.has(c.name))?.name;
    return { builder, helper, mapped: [...this.ev.mapping].reverse(), args: calls.map((c) => c.arg).reverse() };
  }

  /**
   * A configuration value tagged for the hosts extractor (`_type = "flake-docs-system"`).
   * @param cls the host class
   * @param name what made it (for unknowns read from it: `nixosSystem.config`)
   * @param spec its modules, special arguments, platform, location and deployment target
   */
  makeSystem(cls: HostSystemClass, name: string, spec: SystemSpec): AttrsValue {
    const map = new Map<string, Thunk>();
    map.set('_type', ready(str('flake-docs-system')));
    map.set('class', ready(str(cls)));
    map.set('modules', spec.modules ?? ready(list([])));
    map.set('specialArgs', spec.specialArgs ?? ready(attrsOf(new Map())));
    if (spec.system) map.set('system', spec.system);
    if (spec.pkgs) map.set('pkgs', spec.pkgs);
    if (spec.lib) map.set('lib', spec.lib);
    if (spec.deploy) map.set('deploy', spec.deploy);
    if (spec.loc) map.set('loc', ready(locationValue(spec.loc)));
    // Like the real result, the system has `config`, `options`, `pkgs`… that are only known at evaluation time.
    const out = attrsOf(map);
    this.ev.openNames.set(out, name);
    this.origins.set(out, { builder: name, helper: undefined, mapped: [], args: [] });
    return out;
  }

  /** The value an input named `name` (with URL `url`) stands for. */
  inputValue(name: string, url: string | undefined, selfValue: Value | undefined): Value {
    if (name === 'self' && selfValue) return selfValue;
    const ev = this.ev;
    const id = `inputs.${name}`;
    const lower = `${name} ${url ?? ''}`.toLowerCase();
    const map = new Map<string, Thunk>();
    const open = (n: string) => {
      const v = attrsOf(new Map());
      ev.openNames.set(v, n);
      return v;
    };
    for (const [ns, { single }] of Object.entries(MODULE_OUTPUTS)) {
      // `nixosModule` is one module; `nixosModules` a set of them, each made when it is first asked for.
      map.set(ns, ready(single ? externalModule(`${id}.${ns}`) : attrsOf(new AutoMap((k) => ready(externalModule(`${id}.${ns}.${k}`))))));
    }
    map.set('outPath', ready(unknown(`${id}.outPath`)));
    map.set('_type', ready(str('flake')));
    const libMap = new Map<string, Thunk>();
    let importable: Value | undefined;
    const isNixpkgs = /(^|[^\w-])nixpkgs([^\w]|$)/.test(lower) && !/nixpkgs-lib/.test(lower) ? true : /^nixpkgs/.test(name) || /nixos\/nixpkgs/.test(lower);
    if (isNixpkgs || /nixpkgs-lib/.test(lower)) {
      map.set('lib', ready(this.nixpkgsLib));
      map.set('legacyPackages', ready(open(`${id}.legacyPackages`)));
      if (isNixpkgs) {
        importable = nixpkgsFunction(ev, this.nixpkgsLib); // what `import inputs.nixpkgs` gives
      }
    }
    if (/home-manager/.test(lower)) {
      libMap.set('homeManagerConfiguration', ready(this.systemBuilder('home', 'homeManagerConfiguration')));
    }
    if (/(nix-)?darwin/.test(lower) && !/home-manager/.test(lower)) {
      libMap.set('darwinSystem', ready(this.systemBuilder('darwin', 'darwinSystem')));
    }
    if (/flake-parts/.test(lower)) {
      map.set('flakeModules', ready(attrsOf(new AutoMap((k) => (k === 'modules' ? ev.lazy(() => this.flakePartsModulesModule()) : ready(externalModule(`${id}.flakeModules.${k}`)))))));
      libMap.set('mkFlake', ready(this.mkFlakeBuiltin()));
      libMap.set('evalFlakeModule', ready(this.evalFlakeModuleBuiltin()));
    }
    // Libraries that define hosts by their own conventions (scripts/nix/conventions/), modelled from their documentation.
    const ctx: ConventionContext = {
      ev,
      id,
      lib: this.nixpkgsLib,
      pkgs: this.pkgs,
      makeSystem: (cls, n, spec) => this.makeSystem(cls, n, spec),
      systemBuilder: (cls, n) => this.systemBuilder(cls, n),
      mkFlake: () => this.mkFlakeBuiltin(),
      setModuleArg: (n, t) => this.libraryModuleArgs.set(n, t),
    };
    for (const convention of CONVENTIONS) {
      if (!convention.matches(name, url ?? '')) continue;
      const contribution = convention.contribute(ctx);
      for (const [k, t] of contribution.lib ?? []) libMap.set(k, t);
      for (const [k, t] of contribution.top ?? []) map.set(k, t);
    }
    if (libMap.size && !map.has('lib')) {
      const libV = attrsOf(libMap);
      ev.openNames.set(libV, `${id}.lib`);
      map.set('lib', ready(libV));
    }
    const v = attrsOf(map);
    ev.openNames.set(v, id);
    if (importable) ev.importAs.set(v, importable);
    return v;
  }

  /** Evaluates `flake.nix` (once): inputs and outputs. */
  evalFlake(): FlakeResult {
    if (this.result) return this.result;
    this.evaluating = true;
    try {
      return this.evalFlakeOnce();
    } finally {
      this.evaluating = false;
    }
  }

  private evalFlakeOnce(): FlakeResult {
    const ev = this.ev;
    const flakePath = path.join(ev.root, 'flake.nix');
    if (!existsSync(flakePath)) {
      this.result = { inputs: attrsOf(new Map()), outputs: unknown('no flake.nix at the flake root') };
      return this.result;
    }
    const flake = ev.importFile(flakePath);
    if (flake.kind !== 'attrs') {
      this.result = { inputs: unknown('flake.nix is not an attribute set'), outputs: flake.kind === 'unknown' ? flake : unknown('flake.nix is not an attribute set') };
      return this.result;
    }
    // Input declarations: `inputs.x.url`, `inputs.x = { url; follows; flake; }`, formals of outputs, flake.lock.
    const declared = new Map<string, { url?: string; thunk?: Thunk }>();
    const inputsDecl = flake.attrs.get('inputs')?.force();
    if (inputsDecl?.kind === 'attrs') {
      for (const [name, t] of inputsDecl.attrs) {
        const d = t.force();
        let url: string | undefined;
        if (d.kind === 'attrs') {
          const u = d.attrs.get('url')?.force();
          if (u?.kind === 'string') url = u.value;
        } else if (d.kind === 'string') url = d.value;
        declared.set(name, { url, thunk: t });
      }
    }
    const lock = readLock(ev.root);
    for (const [name, url] of lock) {
      const d = declared.get(name);
      if (!d) declared.set(name, { url });
      else if (!d.url) d.url = url;
    }
    const outputsFn = flake.attrs.get('outputs')?.force();
    if (outputsFn?.kind === 'lambda' && outputsFn.formals) {
      for (const n of outputsFn.formals.names) if (n !== 'self' && !declared.has(n)) declared.set(n, {});
    }
    // The inputs as data: name → { url, … as declared }.
    const inputsData = new Map<string, Thunk>();
    for (const [name, d] of [...declared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const m = new Map<string, Thunk>();
      const dv = d.thunk?.force();
      if (dv?.kind === 'attrs') for (const [k, t] of dv.attrs) m.set(k, t);
      m.set('url', ready(d.url !== undefined ? str(d.url) : NULL));
      inputsData.set(name, ready(attrsOf(m)));
    }
    const inputsValue: AttrsValue = { kind: 'attrs', attrs: inputsData, locs: inputsDecl?.kind === 'attrs' ? inputsDecl.locs : undefined };

    // self and the input values passed to outputs.
    const selfMap = new Map<string, Thunk>();
    const self: AttrsValue = attrsOf(selfMap);
    ev.openNames.set(self, 'self');
    const args = new Map<string, Thunk>();
    for (const [name, d] of declared) args.set(name, ready(this.inputValue(name, d.url, self)));
    args.set('self', ready(self));
    const argsValue = attrsOf(args);
    ev.openNames.set(argsValue, 'inputs');
    selfMap.set('outPath', ready({ kind: 'path', path: ev.root }));
    selfMap.set('_type', ready(str('flake')));
    // `self.inputs` holds the declared inputs (not self), as in Nix.
    const selfInputs = attrsOf(new Map([...args].filter(([k]) => k !== 'self')));
    ev.openNames.set(selfInputs, 'inputs');
    selfMap.set('inputs', ready(selfInputs));
    selfMap.set('sourceInfo', ready(attrsOf(new Map([['outPath', ready({ kind: 'path', path: ev.root })]]))));
    for (const k of ['rev', 'shortRev', 'dirtyRev', 'dirtyShortRev', 'lastModified', 'lastModifiedDate', 'narHash']) selfMap.set(k, ready(unknown(`self.${k}`)));

    let outputs: Value;
    if (!outputsFn) outputs = unknown('flake.nix has no outputs');
    else {
      const saved = ev.site;
      const flakeFile = ev.parsedFile(flakePath);
      const outLoc = flake.locs?.get('outputs');
      ev.site = flakeFile ? { file: flakeFile, s: 0, e: 0 } : undefined;
      try {
        outputs = ev.apply(outputsFn, ready(argsValue));
      } finally {
        ev.site = saved;
      }
      if (outputs.kind === 'unknown' && !outputs.loc && outLoc) outputs = { ...outputs, loc: outLoc };
    }
    if (outputs.kind === 'attrs') for (const [k, t] of outputs.attrs) if (!selfMap.has(k)) selfMap.set(k, t);
    this.result = { inputs: inputsValue, outputs };
    return this.result;
  }

  /** flake-parts' `mkFlake { inherit inputs; } module`: the evaluation's `config.flake`. */
  mkFlakeBuiltin(): Value {
    const ev = this.ev;
    return def(ev, 'flake-parts.lib.mkFlake', 2, (a, [specT, moduleT]) => {
      const config = this.evalFlakeModule(a.attrs(specT!), moduleT!).config;
      return getAttr(config, 'flake')?.force() ?? attrsOf(new Map());
    });
  }

  /** flake-parts' `evalFlakeModule { inherit inputs; } module`: `{ config; options; }` of the flake's modules. */
  evalFlakeModuleBuiltin(): Value {
    const ev = this.ev;
    return def(ev, 'flake-parts.lib.evalFlakeModule', 2, (a, [specT, moduleT]) => {
      const e = this.evalFlakeModule(a.attrs(specT!), moduleT!);
      const out = attrsOf(new Map([['config', ev.lazy(() => e.config)], ['options', ready(unknown('options'))], ['_module', ready(unknown('_module'))]]));
      ev.openNames.set(out, 'flake-parts.lib.evalFlakeModule');
      return out;
    });
  }

  /**
   * Every module of a flake-parts flake through the module engine, as `lib.evalModules`: options the
   * flake declares for itself merge by their types and defaults, and any module may set `flake.<output>`.
   */
  private evalFlakeModule(spec: AttrsValue, module: Thunk): Evaluation {
    const ev = this.ev;
    const inputs = spec.attrs.get('inputs')?.force() ?? unknown('inputs');
    const self = (inputs.kind === 'attrs' ? inputs.attrs.get('self')?.force() : undefined) ?? spec.attrs.get('self')?.force() ?? unknown('self');
    const specialArgs = spec.attrs.get('specialArgs')?.force();
    const special = new Map<string, Thunk>([
      ['inputs', ready(inputs)],
      ['self', ready(self)],
      ['flake-parts-lib', ready(this.flakePartsLib())],
    ]);
    if (specialArgs?.kind === 'attrs') for (const [k, t] of specialArgs.attrs) special.set(k, t);
    // What flake-parts' own modules give through `_module.args`: per-system values are evaluation-time.
    const unknownFn = (n: string) => def(ev, n, 1, () => unknown(n));
    const fallbackArgs = new Map<string, Thunk>([
      ['withSystem', ready(def(ev, 'withSystem', 2, () => unknown('withSystem')))],
      ['getSystem', ready(unknownFn('getSystem'))],
      ['moduleWithSystem', ready(unknownFn('moduleWithSystem'))],
    ]);
    return evalModules(ev, this.nixpkgsLib, { modules: [module, ready(this.flakePartsCore())], specialArgs: special, fallbackArgs, file: 'flake.nix' });
  }

  /**
   * The part of flake-parts' own modules that decides how outputs merge: `flake` is a submodule (so
   * `flake = { config, … }: { … }` is a module of it), and `nixosConfigurations` is an attribute set
   * of raw values, merged per name across modules.
   */
  private flakePartsCore(): Value {
    // flake-parts declares `nixosConfigurations` (others fall to its freeform type, one definition each).
    return flakeOutputsModule('flake-parts', new Map([['nixosConfigurations', ready(optionValue(attrsWith(rawType, true), attrsOf(new Map())))]]));
  }

  /**
   * flake-parts' `flakeModules.modules`, which dendritic flakes import: it declares `flake.modules`, so
   * that `flake.modules.nixos.base` defined in many files merges into one module that imports them all.
   */
  private flakePartsModulesModule(): Value {
    const modules = optionValue(attrsWith(attrsWith(deferredModuleWith([]), true), true), attrsOf(new Map()));
    return flakeOutputsModule('flake-parts/extras/modules.nix', new Map([['modules', ready(modules)]]));
  }

  /** The parts of `flake-parts-lib` modules commonly call. */
  private flakePartsLib(): Value {
    const ev = this.ev;
    const m = new Map<string, Thunk>([
      ['importApply', ready(def(ev, 'flake-parts-lib.importApply', 2, (a, [p, args]) => ev.apply(ev.importFile(a.str(p!)), args!)))],
      ['mkPerSystemOption', ready(def(ev, 'flake-parts-lib.mkPerSystemOption', 1, () => attrsOf(new Map())))],
    ]);
    const v = attrsOf(m);
    ev.openNames.set(v, 'flake-parts-lib');
    return v;
  }

  /**
   * The `lib` the flake's first NixOS, nix-darwin or home-manager configuration gives its modules in `specialArgs`
   * when it is a whole lib (nixpkgs' extended with the flake's own helpers, `lib.my.mkOpt`): a module
   * read on its own gets it too, so options built by those helpers are documented.
   */
  private hostLib(): Value | undefined {
    if (this.hostLibFound !== undefined) return this.hostLibFound ?? undefined;
    this.hostLibFound = null;
    const outputs = this.result?.outputs;
    if (outputs?.kind !== 'attrs') return undefined;
    for (const key of ['nixosConfigurations', 'darwinConfigurations', 'homeConfigurations']) {
      const set = outputs.attrs.get(key)?.force();
      if (set?.kind !== 'attrs') continue;
      for (const t of set.attrs.values()) {
        const system = t.force();
        if (system.kind !== 'attrs' || system.attrs.get('_type')?.force().kind !== 'string') continue;
        const special = system.attrs.get('specialArgs')?.force();
        const lib = special?.kind === 'attrs' ? special.attrs.get('lib')?.force() : undefined;
        if (lib?.kind === 'attrs' && lib.attrs.has('mkOption')) {
          this.hostLibFound = lib;
          return lib;
        }
        break;
      }
    }
    return undefined;
  }

  /**
   * Applies a NixOS / darwin / home-manager module to the module arguments (a path is imported first).
   * @param module the module value
   * @param args special arguments (they override the defaults `config`, `lib`, `pkgs`, …)
   */
  evalModule(module: Value, args: Record<string, Value> = {}): Value {
    const ev = this.ev;
    // The outputs first: a library called there (Snowfall) may give every module more arguments.
    if (!this.result && !this.evaluating) this.evalFlake();
    let m = module;
    if (m.kind === 'path') m = ev.importFile(m.path);
    else if (m.kind === 'string' && m.value.startsWith('/')) m = ev.importFile(m.value);
    if (m.kind !== 'lambda' && m.kind !== 'builtin') return m;
    const base = new Map<string, Thunk>([
      ['config', ready(unknown('config'))],
      ['options', ready(unknown('options'))],
      ['pkgs', ready(this.pkgs)],
      ['lib', ready(this.hostLib() ?? this.nixpkgsLib)],
      ['modulesPath', ready(unknown('modulesPath'))],
      ['name', ready(unknown('name'))],
      ...this.libraryModuleArgs,
    ]);
    for (const [k, v] of Object.entries(args)) base.set(k, ready(v));
    return ev.apply(m, ready(moduleArgs(ev, m, base)));
  }
}

/** The argument set of a module function: the given names plus an unknown for every other formal. */
function moduleArgs(ev: Evaluator, fn: Value, given: Map<string, Thunk>): AttrsValue {
  let map = new Map(given);
  if (fn.kind === 'lambda' && fn.formals) {
    // The module system passes a function only the arguments it names (`intersectAttrs (functionArgs f)`),
    // so `{ lib, inputs }:` without `...` is a valid module.
    if (!fn.formals.ellipsis) map = new Map([...map].filter(([k]) => fn.formals!.names.includes(k)));
    for (const n of fn.formals.names) if (!map.has(n) && !formalHasDefault(fn, n)) map.set(n, ready(unknown(n)));
  }
  const v = attrsOf(map);
  ev.openNames.set(v, '_module.args');
  return v;
}

/** A source location as a Nix attrset (`{ file; line; column; }`). */
function locationValue(loc: SourceLocation): AttrsValue {
  return attrsOf(new Map([['file', ready(str(loc.file))], ['line', ready(int(loc.line))], ['column', ready(int(loc.column))]]));
}

/** Root inputs of flake.lock as name → URL-ish reference (from `original`). */
export function readLock(root: string): Map<string, string> {
  const out = new Map<string, string>();
  let lock: { nodes?: Record<string, { inputs?: Record<string, string | string[]>; original?: Record<string, string> }>; root?: string };
  try {
    const read = readRegularFile(path.join(root, 'flake.lock'), root); // never a FIFO or a symlink out
    if (!read.ok) return out;
    lock = JSON.parse(read.text);
  } catch {
    return out;
  }
  const nodes = lock.nodes ?? {};
  const rootNode = nodes[lock.root ?? 'root'];
  for (const [name, ref] of Object.entries(rootNode?.inputs ?? {})) {
    if (typeof ref !== 'string') continue;
    const o = nodes[ref]?.original;
    if (!o) continue;
    if (o.type === 'github' || o.type === 'gitlab' || o.type === 'sourcehut') out.set(name, `${o.type}:${o.owner}/${o.repo}${o.ref ? `/${o.ref}` : ''}`);
    else if (o.type === 'indirect') out.set(name, `${o.id}${o.ref ? `/${o.ref}` : ''}`);
    else if (o.url) out.set(name, `${o.type === 'git' ? 'git+' : ''}${o.url}`);
    else if (o.path) out.set(name, `path:${o.path}`);
  }
  return out;
}
