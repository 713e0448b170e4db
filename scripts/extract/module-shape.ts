/**
 * Which files of a flake are modules. A file is a module when the flake uses it as one (through
 * `imports`, a host's `modules`, or a `nixosModules`/`darwinModules`/`homeManagerModules`/`modules.<class>`
 * output) or when its shape says so: an attribute set with `options`/`config`/`imports`, or a function
 * whose arguments are module arguments (or that takes `...`) and that gives an attribute set. Package
 * files (`{ lib, stdenv, fetchurl }:`), development shells, test drivers and helpers are not, and a
 * file nothing uses whose trial call fails is no error of the user's: it gets one note, never a warning.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { MODULE_OUTPUTS } from '../nix/flake.ts';
import { type Engine, ready, typeTag, unknown, type Value } from '../nix/index.ts';

/** Arguments the NixOS, nix-darwin, home-manager and flake-parts module systems pass to a module. */
export const MODULE_ARGS: ReadonlySet<string> = new Set([
  'config',
  'lib',
  'pkgs',
  'options',
  'modulesPath',
  'name',
  'specialArgs',
  'osConfig',
  'nixosConfig',
  'darwinConfig',
  'inputs',
  'self',
  'utils',
  'extendModules',
  'moduleType',
  'baseModules',
  'system',
  "inputs'",
  "self'",
  'withSystem',
  'getSystem',
  'moduleWithSystem',
  'flake-parts-lib',
]);

/** Arguments that only a module function takes: a function taking one of them is a module. */
const ONLY_MODULES = new Set(['config', 'options', 'modulesPath', 'osConfig', 'nixosConfig', 'darwinConfig']);

/** Flake outputs holding configurations whose `modules` lists name module files (as the hosts extractor reads them). */
const CONFIGURATION_OUTPUTS = ['nixosConfigurations', 'darwinConfigurations', 'homeConfigurations', 'systemConfigs'];

/** Attributes that mark an attrset as a module (rather than data); `flake` for flake-parts modules. */
const MODULE_KEYS = ['options', 'config', 'imports', 'flake'];

/** Names `callPackage` fills from nixpkgs that a package function takes and a module never does. */
const PACKAGE_ARG = /^(stdenv\w*|fetch[A-Z0-9]\w*|fetchurl|fetchgit|fetchzip|fetchpatch\w*|build[A-Z]\w*|write[A-Z]\w*|make[A-Z]\w*|mk[A-Z]\w*(Derivation|Package|Shell|Application)\w*|callPackage\w*|runCommand\w*|symlinkJoin|linkFarm\w*|substituteAll|replaceVars|rustPlatform|python\d*Packages|perl\d*Packages|nodePackages\w*|haskellPackages|ocamlPackages|luaPackages|emacsPackages|vimUtils|testers|nixosTest|runNixOSTest|autoPatchelfHook|installShellFiles|pkg-config|cmake|meson|ninja|go|cargo|rustc|nodejs\w*|python\d*)$/;

/** True for an argument name only package functions take (`stdenv`, `fetchurl`, `buildGoModule`, …). */
export function isPackageArg(name: string): boolean {
  return PACKAGE_ARG.test(name);
}

/** True for a function taking module arguments (or `...`) and for an attrset with options/config/imports. */
export function isModuleShaped(v: Value): boolean {
  if (v.kind === 'lambda') return !!v.formals && (v.formals.ellipsis || v.formals.names.some((n) => MODULE_ARGS.has(n)));
  if (v.kind === 'attrs') return MODULE_KEYS.some((k) => v.attrs.has(k));
  return false;
}

/** Arguments a flake library gives a module file before it is a module (blueprint's `{ flake, inputs }:`). */
const PUBLISHER_ARGS = new Set(['flake', 'inputs', 'self']);

function publisherOnly(formals: { names: string[]; ellipsis: boolean }): boolean {
  return !formals.ellipsis && formals.names.length > 0 && formals.names.every((n) => PUBLISHER_ARGS.has(n));
}

/**
 * A file written as `self: { lib, ... }: { … }`, `inputs: { … }` or `{ flake, inputs }: { … }`
 * (applied by the flake or its library to the publishing flake first) is a module once those
 * arguments are given; anything else is returned as is.
 */
export function uncurry(v: Value): Value {
  let cur = v;
  for (let i = 0; i < 2 && cur.kind === 'lambda' && (!cur.formals || publisherOnly(cur.formals)); i++) {
    const arg = cur.formals ? ready({ kind: 'attrs', attrs: new Map(cur.formals.names.map((n) => [n, ready(unknown(n))])) }) : ready(unknown('an argument the flake passes to this file'));
    const next = cur.apply(arg);
    if (!isModuleShaped(next) && !(next.kind === 'lambda' && !next.formals)) return v;
    cur = next;
  }
  return isModuleShaped(cur) ? cur : v;
}

/**
 * What a file's value says: a module; not one (`why` names what it is and the evidence, as in
 * "a package (it takes `stdenv`, as callPackage functions do)"); or data and configurations, which
 * need no note.
 */
export type Shape = { kind: 'module' } | { kind: 'not-module'; why: string } | { kind: 'data' };

/**
 * Judges a file by its value: its name (`shell.nix`), the arguments of its function, or the keys of its set.
 * @param rel the file, relative to the flake
 * @param v its value (after `uncurry`)
 */
export function shapeOf(rel: string, v: Value): Shape {
  if (v.kind === 'lambda' && v.formals) {
    const { names, ellipsis } = v.formals;
    const packageArgs = names.filter(isPackageArg);
    if (packageArgs.length) return { kind: 'not-module', why: `a package (it takes ${list(packageArgs)}, as callPackage functions do)` };
    const foreign = names.filter((n) => !MODULE_ARGS.has(n));
    if (!foreign.length || ellipsis || names.some((n) => ONLY_MODULES.has(n))) return { kind: 'module' };
    return { kind: 'not-module', why: `a function of ${list(foreign)}, which no module system passes` };
  }
  if (v.kind === 'lambda' || v.kind === 'builtin') return { kind: 'not-module', why: 'a function of one plain argument (a helper or an overlay)' };
  if (v.kind === 'attrs') return isModuleShaped(v) ? { kind: 'module' } : { kind: 'data' };
  if (v.kind === 'unknown') return unknownShape(v, 'it is');
  return { kind: 'data' };
}

/**
 * Judges a module-shaped function by what it gives for the module arguments: a module gives an
 * attribute set; a test driver, a shell or a package gives something else.
 * @param v the function's result
 */
export function resultShape(v: Value): Shape {
  if (v.kind === 'attrs') {
    if (typeTag(v) === 'flake-docs-system') return { kind: 'data' };
    if (isModuleShaped(v) || !v.attrs.size) return { kind: 'module' };
    // `{ lib }: { mkThing = …; }`: a set of functions is a library (config shorthand sets values);
    // nothing to document and nothing to note, like any other data.
    if ([...v.attrs.values()].every((t) => isFunction(t.force()))) return { kind: 'data' };
    return { kind: 'module' };
  }
  if (v.kind === 'unknown') return unknownShape(v, 'called with module arguments it gives');
  if (v.kind === 'lambda' || v.kind === 'builtin') {
    const args = v.kind === 'lambda' && v.formals?.names.length ? ` of ${list(v.formals.names)}` : '';
    return { kind: 'not-module', why: `a helper (called with module arguments it gives a function${args})` };
  }
  return { kind: 'not-module', why: `${kindPhrase(v)} (what it gives when called with module arguments)` };
}

/** What the builders a value comes from say it is: a shell, a NixOS test, a package, or a configuration. */
const BUILT_BY: [RegExp, string | null][] = [
  [/\b(nixosSystem|darwinSystem|homeManagerConfiguration|makeSystemConfig)\b/, null],
  [/\b(mkShell\w*|shellFor)\b/, 'a development shell'],
  [/\b(runNixOSTest|nixosTest|makeTest|runTest)\b|make-test|\btesters\./, 'a NixOS test'],
  [/\b(mkDerivation|callPackage\w*|build[A-Z]\w*|write[A-Z]\w*|runCommand\w*|symlinkJoin|buildEnv|fetch[A-Z]\w*|fetchurl|fetchgit)\b/, 'a package'],
];

/** The shape of a value only evaluation knows, named after the builder it comes from. */
function unknownShape(v: Value & { kind: 'unknown' }, lead: string): Shape {
  const evidence = `${v.reason} ${v.text ?? ''}`;
  const found = BUILT_BY.find(([re]) => re.test(evidence));
  if (found && found[1] === null) return { kind: 'data' };
  if (!found) return { kind: 'not-module', why: `a value only Nix evaluation knows (${lead} \`${v.reason}\`)` };
  const builder = found[0].exec(evidence)![0];
  const shown = v.reason.includes(builder) ? v.reason : builder;
  return { kind: 'not-module', why: `${found[1]} (${lead} \`${shown}\`)` };
}

/** A file the options extractor did not document, with the note that says why. */
export interface SkippedFile {
  rel: string;
  why: string;
  /** Diagnostics of its trial evaluation, reported only if the flake turns out to use it as a module. */
  withheld: Diagnostic[];
  /** True when it was called on trial (so there is nothing more to evaluate if it is used after all). */
  called: boolean;
  /** Its value (after `uncurry`). */
  value: Value;
}

/** What `moduleOfFile` found: a module (its value and its attrset), a file left out with a note, or data. */
export type FileModule = { kind: 'module'; value: Value; module: Value } | ({ kind: 'skipped' } & SkippedFile) | { kind: 'data' };

/**
 * Applies a module function to the module arguments, as often as it returns another module function
 * (`{ self, ... }: { config, lib, ... }: { … }`); an attrset is returned as is.
 * @param engine the evaluator over the flake
 * @param value the module
 */
export function callModule(engine: Engine, value: Value): Value {
  let m = value;
  for (let i = 0; i < 3 && (m.kind === 'lambda' || m.kind === 'builtin') && (i === 0 || isModuleShaped(m)); i++) m = engine.evalModule(m);
  return m;
}

/** Diagnostics about the file itself rather than its trial call: never withheld. */
const ALWAYS_REPORTED = new Set(['nix/syntax', 'nix/too-complex', 'nix/internal-error', 'nix/encrypted']);

/**
 * Decides whether one file of the flake is a module and, if so, evaluates it as one. A file the flake
 * uses is evaluated whatever its shape; any other is tried only when its shape says module, and the
 * diagnostics of that trial are withheld unless it gives a module (syntax errors always count).
 * @param engine the evaluator over the flake
 * @param rel the file, relative to the flake
 * @param abs the file's absolute path
 * @param used the files the flake is known to use as modules
 */
export function moduleOfFile(engine: Engine, rel: string, abs: string, used: ReadonlySet<string>): FileModule {
  const inUse = used.has(rel);
  let value: Value = unknown('not evaluated');
  const trial = (): Shape & { module?: Value } => {
    value = uncurry(engine.importFile(abs));
    const shape = shapeOf(rel, value);
    if (shape.kind !== 'module' && !inUse) return shape;
    const module = callModule(engine, value);
    // A file in use is a module whatever it gives; only a trial is judged by its result.
    return inUse ? { kind: 'module', module } : { ...resultShape(module), module };
  };
  if (inUse) {
    const r = trial();
    return r.module?.kind === 'attrs' ? { kind: 'module', value, module: r.module } : { kind: 'data' };
  }
  const { value: r, withheld } = engine.withholdDiagnostics(trial);
  // A file Nix cannot parse, too complex for us to read, or that made us fail is reported whoever uses it.
  engine.restoreDiagnostics(withheld.filter((d) => ALWAYS_REPORTED.has(d.code)));
  const rest = withheld.filter((d) => !ALWAYS_REPORTED.has(d.code));
  // An encrypted file has its one note already; it is data to us, whatever it holds.
  if (withheld.some((d) => d.code === 'nix/encrypted' && d.location?.file === rel)) return { kind: 'data' };
  if (r.kind === 'module' && r.module) {
    engine.restoreDiagnostics(rest);
    return { kind: 'module', value, module: r.module };
  }
  if (r.kind === 'data') {
    // Data was never called on trial: what its own evaluation reports is reported as before.
    engine.restoreDiagnostics(rest);
    return { kind: 'data' };
  }
  return { kind: 'skipped', rel, why: r.kind === 'not-module' ? r.why : '', withheld: rest, called: r.module !== undefined, value };
}

/** The one note of a skipped file. */
export function skippedNote(s: SkippedFile): Diagnostic {
  const failed = s.withheld.find((d) => d.severity !== 'info');
  const extra = failed ? `; called as a module it fails (${failed.message}), which is no error since nothing uses it as one` : '';
  return {
    severity: 'info',
    code: 'options/not-a-module',
    message: `skipped, not a module: ${s.why}, and nothing in the flake imports it as a module${extra}`,
    location: { file: s.rel, line: 1, column: 1 },
  };
}

/**
 * The files the flake uses as modules, as far as its outputs show without evaluating any module: the
 * paths in `nixosModules` & co. and `modules.<class>`, and the paths in every configuration's `modules`.
 * (Files reached through `imports` are added while modules are walked.)
 * @param engine the evaluator over the flake
 */
export function modulesInUse(engine: Engine): Set<string> {
  const used = new Set<string>();
  // Every host lists the same shared module paths: each path is turned into a file once.
  const seen = new Set<string>();
  const add = (v: Value) => {
    const p = v.kind === 'path' ? v.path : v.kind === 'string' && v.value.startsWith('/') ? v.value : undefined;
    if (p === undefined || seen.has(p)) return;
    seen.add(p);
    used.add(fileOf(engine, p));
  };
  let outputs: Value;
  try {
    outputs = engine.evalFlake().outputs;
  } catch {
    return used;
  }
  if (outputs.kind !== 'attrs') return used;
  const collections = [...Object.keys(MODULE_OUTPUTS)].map((k) => outputs.attrs.get(k)?.force());
  const classes = outputs.attrs.get('modules')?.force();
  if (classes?.kind === 'attrs') for (const t of classes.attrs.values()) collections.push(t.force());
  for (const c of collections) {
    if (c?.kind === 'attrs') for (const t of c.attrs.values()) add(t.force());
    else if (c) add(c);
  }
  for (const key of CONFIGURATION_OUTPUTS) {
    const set = outputs.attrs.get(key)?.force();
    if (set?.kind !== 'attrs') continue;
    for (const [, h] of set.attrs) {
      const host = h.force();
      if (host.kind !== 'attrs' || typeTag(host) !== 'flake-docs-system') continue;
      const modules = host.attrs.get('modules')?.force();
      if (modules?.kind === 'list') for (const m of modules.items) add(m.force());
    }
  }
  return used;
}

/**
 * The flake-relative file a module path stands for (a directory means its `default.nix`).
 * @param engine the evaluator over the flake
 * @param abs an absolute path
 */
export function fileOf(engine: Engine, abs: string): string {
  const rel = engine.relative(abs);
  return rel.endsWith('.nix') ? rel : `${rel ? `${rel}/` : ''}default.nix`;
}

function list(names: string[]): string {
  const shown = names.slice(0, 4).map((n) => `\`${n}\``);
  if (names.length > 4) shown.push(`${names.length - 4} more`);
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : shown[0]!;
}

function isFunction(v: Value): boolean {
  return v.kind === 'lambda' || v.kind === 'builtin' || (v.kind === 'attrs' && v.attrs.has('__functor'));
}

function kindPhrase(v: Value): string {
  switch (v.kind) {
    case 'lambda':
    case 'builtin':
      return 'a function';
    case 'list':
      return 'a list';
    case 'string':
      return 'a string';
    case 'path':
      return 'a path';
    case 'null':
      return 'null';
    default:
      return `a ${v.kind}`;
  }
}
