/**
 * Hosts and profiles: evaluates the flake's outputs, follows each configuration's `modules` and
 * `imports`, and collects the option values its modules set.
 */
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { Feature, FileRole, Host, HostClass, ModuleRef, Profile, Setting } from '../model/hosts.ts';
import type { OptionDoc } from '../model/options.ts';
import { splitSettingPath } from '../model/settings.ts';
import { compileGlob } from '../glob.ts';
import { type Engine, getAttr, isSecretName, keyMaterial, list, ready, type Thunk, typeTag, type Value } from '../nix/index.ts';
import { containsUnknown, renderValue } from '../nix/print.ts';
import { clanTarget, deployTargets, hiveNodes } from './deploy.ts';
import { configUsers, effectiveValues, evaluateHost, readQuietly, referencedAgeFiles, secretUses } from './host-config.ts';
import { hostOrigin } from './host-origin.ts';
import { moduleArgsKey } from './module-args-key.ts';
import { OptionIndex } from './option-index.ts';
import { plural } from '../plural.ts';

const OUTPUTS: [string, HostClass][] = [
  ['nixosConfigurations', 'nixos'],
  ['darwinConfigurations', 'darwin'],
  ['homeConfigurations', 'home'],
  ['systemConfigs', 'system-manager'],
];

/** Attributes of a module that are module-system plumbing rather than settings. */
const MODULE_KEYS = new Set(['imports', 'options', 'config', '_file', 'key', 'disabledModules', 'meta', '_class', 'freeformType']);

/** How deep settings are followed before the rest is shown as one value. */
const MAX_DEPTH = 12;
/** Settings whose values are module arguments (the flake's inputs, `self`): shown as a summary, not walked. */
const ARG_KEYS = new Set(['specialArgs', 'extraSpecialArgs', 'args']);
/** The most values printed in full for one setting; larger ones are summarised. */
const MAX_PRINTED = 400;

/** Whether a value has at most `budget` nodes, forcing no more than that. */
function smallerThan(v: Value, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  if (v.kind === 'list') return v.items.every((t) => smallerThan(t.force(), budget));
  if (v.kind === 'attrs') return [...v.attrs.values()].every((t) => smallerThan(t.force(), budget));
  return true;
}

/** True for a value that cannot be a credential: a flag, null, nothing, or a path naming where a secret lives. */
function cannotHoldCredential(v: Value): boolean {
  return v.kind === 'bool' || v.kind === 'null' || v.kind === 'path' || (v.kind === 'attrs' && v.attrs.size === 0) || (v.kind === 'list' && v.items.length === 0);
}

/**
 * Prints a setting's value: paths relative to the flake, large values summarised. A credential-named
 * setting is redacted whatever its value's form (a literal, or computed source text holding one), and
 * so is any value whose text holds key material.
 * @param name the setting's last name segment
 */
export function printSetting(engine: Engine, name: string, v: Value): string {
  // A secret file's read already shows as what was read (`‹redacted: read from secrets/x›`).
  if (isSecretName(name) && !cannotHoldCredential(v) && !(v.kind === 'unknown' && v.text?.startsWith('‹redacted: '))) return `‹redacted: ${name}›`;
  if (!smallerThan(v, { left: MAX_PRINTED })) {
    return v.kind === 'attrs' ? `{ /* ${plural(v.attrs.size, 'attribute')} */ }` : v.kind === 'list' ? `[ /* ${plural(v.items.length, 'item')} */ ]` : v.kind;
  }
  const text = renderValue(v, { path: (abs) => `./${engine.relative(abs)}` });
  const key = keyMaterial(text);
  return key ? `‹redacted: ${key}›` : text;
}

/** Folder names that hold profiles at any depth (`hosts/profiles/base.nix`, `suites/desktop.nix`). */
export const PROFILE_FOLDERS = ['profiles', 'roles', 'suites', 'mixins', 'presets'];

/** Compiled profile patterns (a handful per configuration), by their text. */
const profilePatterns = new Map<string, { test(rel: string): boolean }>();

/** A glob (`*` within a name, `**` across folders) or a bare folder name as a linear-time test of a flake-relative path. */
function profilePattern(pattern: string): { test(rel: string): boolean } {
  let known = profilePatterns.get(pattern);
  if (!known) {
    const glob = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    // A bare name is a folder at any depth; a pattern naming a folder matches the files under it.
    const compiled = compileGlob(/[*?/[{]/.test(glob) ? `${glob}{,/**}` : `{,**/}${glob.replace(/[\\]/g, '\\$&')}/**`);
    known = compiled.ok ? compiled : { test: () => false };
    profilePatterns.set(pattern, known);
  }
  return known;
}

/**
 * Guesses what a flake file is for from its path. A file in a profile folder at any depth is a
 * profile (tested before hosts, so `hosts/profiles/base.nix` is one).
 * @param rel the flake-relative path
 * @param extraProfiles more profile folders or globs (`profiles` in the site configuration)
 */
export function fileRole(rel: string, extraProfiles: string[] = []): FileRole {
  if (/(^|\/)hardware-configuration\.nix$/.test(rel) || /(^|\/)hardware\//.test(rel)) return 'hardware';
  if ([...PROFILE_FOLDERS, ...extraProfiles].some((p) => profilePattern(p).test(rel))) return 'profile';
  // Under the flake's root, or its `nix/` folder (blueprint's usual prefix, and a common layout).
  if (/^(nix\/)?(hosts|machines|systems|nixos-configurations|darwin-configurations)\//.test(rel)) return 'host';
  if (/^(nix\/)?(modules|nixosModules|darwinModules|nixos-modules|darwin-modules|home-modules)\//.test(rel)) return 'module';
  if (/^(nix\/)?(common|shared)\//.test(rel)) return 'common';
  if (/^(nix\/)?(home|users|hm|homes|home-configurations)\//.test(rel)) return 'home';
  return 'other';
}

/** The name of a profile file: its stem, or its folder for `default.nix`. */
export function profileName(rel: string): string {
  const base = path.posix.basename(rel, '.nix');
  return base === 'default' ? path.posix.basename(path.posix.dirname(rel)) : base;
}

/** A `mkIf` condition: its source text, and the option it reads when it is just `cfg.x` or `!cfg.x`. */
interface Condition {
  text: string;
  option?: string;
  /** The literal the option is compared with (`"grub"`, `null`); without it the option itself is the boolean. */
  equals?: string;
  negated?: boolean;
}

/** A setting before its `mkIf` conditions are resolved against the host's other settings. */
type RawSetting = Omit<Setting, 'conditions'> & {
  conds: Condition[];
  /** The option a computed value is read from (`user.name = cfg.name;` with `cfg = config.identity`): `identity.name`. */
  reads?: string;
};

/**
 * What every host's walk shares: a module file is read and evaluated once for all hosts that import
 * it with the same visible arguments, and what is known of a file is looked up rather than recomputed.
 */
interface Shared {
  engine: Engine;
  extraProfiles: string[];
  /** Each file's role, by flake-relative path. */
  roles: Map<string, FileRole>;
  /** Path values (absolute) as the flake file they name and what importing it gave, when it gave a known value. */
  paths: Map<string, { rel: string; file: string; value?: Value }>;
  /** Whether a function is a whole file of the flake. */
  fileRoots: Map<Value, boolean>;
  /** Module digests by module value, then by mount, importer and visible arguments. */
  digests: Map<Value, Map<string, Digest>>;
}

/** A setting of a module, or a module it mounts inside a setting (a home-manager user), in the order they came. */
type DigestEntry =
  | { kind: 'setting'; setting: RawSetting }
  | { kind: 'module'; module: Thunk; from: string; prefix: string[]; conds: Condition[] };

/**
 * What one module gives any host that mounts it at the same place with the same visible arguments:
 * the diagnostics of its evaluation, its settings (conditions relative to the mount) and its imports.
 */
interface Digest {
  diagnostics: Diagnostic[];
  entries: DigestEntry[];
  imports?: Value;
}

interface Walk {
  engine: Engine;
  shared: Shared;
  extraProfiles: string[];
  modules: ModuleRef[];
  /** Files already in `modules`: a lookup, not a scan of every module per module. */
  files: Set<string>;
  /** Files already followed, by mount (`Mount.at`). */
  seen: Map<string, Set<string>>;
  /** External modules already listed, by name. */
  externals: Set<string>;
  settings: RawSetting[];
  /** The module arguments beyond the defaults (the configuration's `specialArgs`). */
  args: Record<string, Value>;
  diagnostics: Diagnostic[];
}

/** Where a module's definitions land: the top of the configuration, or inside a submodule such as `home-manager.users.<name>`. */
interface Mount {
  prefix: string[];
  conditions: Condition[];
  /** The prefix as one string, for keys. */
  at: string;
}

const TOP: Mount = { prefix: [], conditions: [], at: '' };

/** Options of `extractHosts`. */
export interface HostsOptions {
  /** More profile folders or globs than `profiles`, `roles`, `suites`, `mixins` and `presets`. */
  profiles?: string[];
}

/**
 * Extracts every host of the flake and the profiles they use.
 * @param engine the evaluator over the flake
 * @param options the flake's own options, whose defaults decide `mkIf cfg.enable` where a host sets nothing
 * @param opts extra profile folders
 */
export function extractHosts(engine: Engine, options: OptionDoc[] = [], opts: HostsOptions = {}): { hosts: Host[]; profiles: Profile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const defaults = new Map(options.flatMap((o) => (o.default?._type === 'literalExpression' ? [[o.name, o.default.text] as [string, string]] : [])));
  const extraProfiles = opts.profiles ?? [];
  const hosts: Host[] = [];
  const { outputs } = engine.evalFlake();
  const flakeLoc: SourceLocation = { file: 'flake.nix', line: 1, column: 1 };
  if (outputs.kind !== 'attrs') {
    diagnostics.push({
      severity: 'warning',
      code: 'hosts/outputs-unknown',
      message: `the flake's outputs could not be evaluated statically (${describe(outputs)}): no hosts are documented${outputs.kind === 'unknown' ? `; ${stoppedAt(engine, outputs)}` : ''}`,
      location: outputs.kind === 'unknown' && outputs.loc ? outputs.loc : flakeLoc,
    });
    return { hosts, profiles: [], diagnostics };
  }
  const shared: Shared = { engine, extraProfiles, roles: new Map(), paths: new Map(), fileRoots: new Map(), digests: new Map() };
  const ctx: HostContext = { engine, shared, defaults, extraProfiles, options: new OptionIndex(options), optionDocs: options, diagnostics };
  const hostOf = new Map<Value, string>();
  for (const [attr, cls] of OUTPUTS) {
    const set = getAttr(outputs, attr)?.force();
    if (!set) continue;
    if (set.kind !== 'attrs') {
      diagnostics.push({
        severity: 'warning',
        code: 'hosts/unknown-set',
        message: set.kind === 'unknown' && /^inputs\./.test(set.reason)
          ? `${attr} comes from ${set.reason.split(' ')[0]}: hosts not documented (flake-docs does not model this library); ${stoppedAt(engine, set, false)}`
          : `${attr} is computed at evaluation time (${describe(set)}): its hosts are not documented${set.kind === 'unknown' ? `; ${stoppedAt(engine, set)}` : ''}`,
        location: (set.kind === 'unknown' && set.loc) || outputs.locs?.get(attr) || flakeLoc,
      });
      continue;
    }
    for (const name of [...set.attrs.keys()].sort()) {
      const where = set.locs?.get(name) ?? flakeLoc;
      const value = set.attrs.get(name)!.force();
      if (typeTag(value) !== 'flake-docs-system') {
        diagnostics.push({
          severity: 'warning',
          code: 'hosts/not-a-system',
          message: value.kind === 'unknown' && /^inputs\./.test(value.reason)
            ? `${attr}.${name} comes from ${value.reason.split(' ')[0]}: host not documented (flake-docs does not model this library); ${stoppedAt(engine, value, false)}`
            : `${attr}.${name} is not a recognisable ${cls} configuration (${describe(value)})${value.kind === 'unknown' ? `; ${stoppedAt(engine, value)}` : ''}`,
          location: (value.kind === 'unknown' && value.loc) || where,
        });
        continue;
      }
      hostOf.set(value, name);
      hosts.push(readHost(ctx, name, cls, value, where));
    }
  }
  // colmena nodes are NixOS machines even when no nixosConfigurations entry names them.
  for (const node of hiveNodes(outputs)) {
    if (hosts.some((h) => h.name === node.name && h.class === 'nixos')) continue;
    const value: Value = {
      kind: 'attrs',
      attrs: new Map<string, Thunk>([
        ['_type', ready({ kind: 'string', value: 'flake-docs-system' })],
        ['class', ready({ kind: 'string', value: 'nixos' })],
        ['modules', ready(list(node.modules))],
        ['specialArgs', ready({ kind: 'attrs', attrs: new Map([['name', ready({ kind: 'string', value: node.name })]]) })],
      ]),
    };
    hosts.push(readHost(ctx, node.name, 'nixos', value, node.source));
  }
  const targets = deployTargets(engine, outputs, hostOf);
  for (const h of hosts) h.deploy.push(...(targets.get(h.name) ?? []));
  for (const [name, list] of targets) {
    if (hosts.some((h) => h.name === name)) continue;
    for (const t of list) {
      diagnostics.push({ severity: 'warning', code: 'hosts/deploy-unknown-host', message: `${t.tool} deploys ${name}, but the flake defines no configuration of that name`, location: t.source });
    }
  }
  // No host, and the outputs end in `// <something evaluation-time>`: the hosts may be there.
  const rest = engine.mayBeOverridden(outputs);
  if (!hosts.length && !diagnostics.length && rest && !OUTPUTS.some(([attr]) => outputs.attrs.has(attr))) {
    diagnostics.push({
      severity: 'info',
      code: 'hosts/outputs-partial',
      message: `no hosts found in the outputs flake-docs could evaluate, but part of them is computed at evaluation and may define some; ${stoppedAt(engine, rest)}`,
      location: rest.loc ?? flakeLoc,
    });
  }
  hosts.sort((x, y) => OUTPUTS.findIndex(([, c]) => c === x.class) - OUTPUTS.findIndex(([, c]) => c === y.class) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { hosts, profiles: collectProfiles(engine, hosts, extraProfiles), diagnostics };
}

interface HostContext {
  engine: Engine;
  shared: Shared;
  defaults: Map<string, string>;
  extraProfiles: string[];
  options: OptionIndex;
  optionDocs: OptionDoc[];
  diagnostics: Diagnostic[];
}

function readHost(ctx: HostContext, name: string, fallbackClass: HostClass, system: Value, where: SourceLocation): Host {
  const { engine, defaults, diagnostics } = ctx;
  const cls = stringAttr(system, 'class') as HostClass | undefined;
  const specialArgs = getAttr(system, 'specialArgs')?.force();
  const args: Record<string, Value> = {};
  if (specialArgs?.kind === 'attrs') for (const [k, t] of specialArgs.attrs) args[k] = t.force();
  const walk: Walk = { engine, shared: ctx.shared, extraProfiles: ctx.extraProfiles, modules: [], files: new Set(), seen: new Map(), externals: new Set(), settings: [], args, diagnostics };
  const modules = getAttr(system, 'modules')?.force();
  if (modules?.kind === 'list') {
    for (const t of modules.items) visitModule(t, null, walk, TOP);
  } else if (modules) {
    walk.modules.push(unknownRef(modules, null));
  }
  // Where the host's name is bound (parts/nixos.nix), not the nixosSystem call inside a helper.
  const source = where.file !== 'flake.nix' || where.line !== 1 ? where : (systemLocation(system) ?? where);
  const settings = resolveConditions(walk.settings, defaults);
  const settingValue = (p: string) => settings.find((s) => s.path === p && !s.computed && !s.conditions.length)?.value.replace(/^"|"$/g, '');
  const platform = stringAttr(system, 'system') ?? settingValue('nixpkgs.hostPlatform') ?? settingValue('nixpkgs.hostPlatform.system') ?? settingValue('nixpkgs.system') ?? null;
  const users = new Set<string>();
  const secrets = new Set<string>();
  for (const s of settings) {
    const [a, b, c] = splitSettingPath(s.path);
    if (a === 'home-manager' && b === 'users' && c) users.add(c);
    if ((a === 'age' || a === 'sops') && b === 'secrets' && c) secrets.add(c);
  }
  if (cls === 'home' && !users.size) {
    const user = settingValue('home.username') ?? name.split('@')[0];
    if (user) users.add(user);
  }
  const clan = clanTarget(system, settings, source);
  // The host's configuration as the module system evaluates it: what secrets, host pages and "set on
  // these hosts" read. Module bodies were already walked (and their diagnostics reported) above.
  const evaluation = evaluateHost(engine, modules?.kind === 'list' ? modules.items : [], new Map(specialArgs?.kind === 'attrs' ? specialArgs.attrs : []), source.file);
  const evaluated = readQuietly(engine, () => ({
    secretUses: secretUses(engine, evaluation.config, source),
    secretFiles: referencedAgeFiles(engine, evaluation.config),
    effective: effectiveValues(engine, evaluation, ctx.optionDocs),
    accounts: configUsers(evaluation.config, (cls ?? fallbackClass) === 'darwin'),
  }));
  for (const u of evaluated.secretUses) secrets.add(u.name);
  const origin = hostOrigin(engine, name, system, specialArgs, (field, v) => printSetting(engine, field, v));
  return {
    kind: 'host',
    name,
    class: cls ?? fallbackClass,
    system: platform,
    source,
    modules: walk.modules,
    profiles: [...new Set(walk.modules.flatMap((m) => (m.kind === 'file' && m.role === 'profile' ? [profileName(m.path)] : [])))],
    users: [...users].sort(),
    secrets: [...secrets].sort(),
    settings,
    deploy: clan ? [clan] : [],
    features: features(ctx.options, settings),
    ...evaluated,
    ...(origin && { origin }),
  };
}

/** Path segments that mark an option as choosing a profile or role (`modules.profiles.role`). */
const FEATURE_SEGMENTS = new Set(['profile', 'profiles', 'role', 'roles', 'suite', 'suites', 'mixin', 'mixins', 'preset', 'presets', 'features']);

/**
 * The flake's own options a host switches on: boolean `enable` options set to true, and options under
 * a profile/role/suite segment set to a known value; unconditional settings only.
 */
export function features(options: OptionIndex, settings: Setting[]): Feature[] {
  const out: Feature[] = [];
  for (const s of settings) {
    if (s.computed || s.conditions.length) continue;
    const option = options.match(splitSettingPath(s.path));
    if (!option) continue;
    const isEnable = option.loc.at(-1) === 'enable' && option.type === 'boolean';
    if (isEnable ? s.value !== 'true' : !option.loc.slice(0, -1).some((seg) => FEATURE_SEGMENTS.has(seg)) && !FEATURE_SEGMENTS.has(option.loc.at(-1) ?? '')) continue;
    if (!out.some((f) => f.option === s.path)) out.push({ option: s.path, value: s.value, source: s.source });
  }
  return out.sort((x, y) => (x.option < y.option ? -1 : x.option > y.option ? 1 : 0));
}

/** Follows one module: records it, evaluates it (once for all hosts alike), replays its settings and follows its imports. */
function visitModule(thunk: Thunk, from: string | null, walk: Walk, mount: Mount): void {
  const { engine, shared } = walk;
  let value = thunk.force();
  if (value.kind === 'string' && value.value.startsWith('/')) value = { kind: 'path', path: value.value };
  if (value.kind === 'path') {
    let known = shared.paths.get(value.path);
    if (!known) {
      const rel = engine.relative(value.path);
      known = { rel, file: rel.endsWith('.nix') ? rel : `${rel}/default.nix` };
      shared.paths.set(value.path, known);
    }
    if (known.rel.startsWith('..')) {
      walk.modules.push({ kind: 'unknown', text: value.path, reason: 'outside the flake', importedFrom: from });
      return;
    }
    const file = known.file;
    if (!firstVisit(walk, mount, file)) return;
    addFile(walk, file, from);
    // An unknown (a secret read, a missing file) is asked for again: its diagnostic names the importer.
    value = known.value ?? engine.importFile(value.path);
    if (value.kind === 'unknown') return;
    known.value = value;
    from = file;
  } else if (typeTag(value) === 'flake-docs-external-module') {
    const name = stringAttr(value, 'name') ?? 'external module';
    if (!walk.externals.has(name)) {
      walk.externals.add(name);
      walk.modules.push({ kind: 'external', name, importedFrom: from });
    }
    return;
  } else if (value.kind === 'lambda' && isFileRoot(shared, value)) {
    // `import ./home/user.nix` handed over as a value: the module is that file.
    const file = value.loc.file;
    if (!firstVisit(walk, mount, file)) return;
    addFile(walk, file, from);
    from = file;
  } else if (value.kind === 'attrs' && fileOfModule(walk.engine, value)) {
    // `{ _file = ./x.nix; imports = [ … ]; }` (`lib.setDefaultModuleLocation`): the module is that file's.
    const file = fileOfModule(walk.engine, value)!;
    if (!firstVisit(walk, mount, file)) return;
    addFile(walk, file, from);
    from = file;
  } else if (value.kind === 'lambda' || value.kind === 'attrs') {
    if (value.kind === 'lambda') walk.modules.push({ kind: 'inline', source: value.loc, importedFrom: from });
  } else {
    walk.modules.push(unknownRef(value, from));
    return;
  }
  const digest = digestOf(value, from, walk, mount);
  walk.diagnostics.push(...digest.diagnostics);
  // The mount's conditions come before the module's own, as when the module was walked inside the mount.
  const outer = mount.conditions;
  for (const e of digest.entries) {
    if (e.kind === 'module') visitModule(e.module, e.from, walk, { prefix: e.prefix, conditions: outer.length ? [...outer, ...e.conds] : e.conds, at: e.prefix.join('.') });
    else walk.settings.push(outer.length ? { ...e.setting, conds: [...outer, ...e.setting.conds] } : e.setting);
  }
  const imports = digest.imports;
  if (imports?.kind === 'list') {
    for (const t of imports.items) visitModule(t, from, walk, mount);
  } else if (imports) {
    walk.modules.push(unknownRef(imports, from));
  }
}

/**
 * Evaluates a module for a host, or gives what it gave a host before: the result depends only on the
 * module, where it is mounted, who imports it and the arguments it can see.
 */
function digestOf(module: Value, from: string | null, walk: Walk, mount: Mount): Digest {
  const { shared, args } = walk;
  const key = `${mount.at}\0${from ?? ''}\0${moduleArgsKey(module, args)}`;
  let byKey = shared.digests.get(module);
  if (!byKey) shared.digests.set(module, (byKey = new Map()));
  let digest = byKey.get(key);
  if (!digest) byKey.set(key, (digest = evaluateModule(module, from, walk.engine, args, mount.prefix)));
  return digest;
}

/** Applies a module to its arguments and collects its settings, relative to the mount's conditions. */
function evaluateModule(value: Value, from: string | null, engine: Engine, args: Record<string, Value>, prefix: string[]): Digest {
  const digest: Digest = { diagnostics: [], entries: [] };
  const module = engine.evalModule(value, args);
  if (module.kind !== 'attrs') {
    if (module.kind === 'unknown') {
      digest.diagnostics.push({
        severity: 'info',
        code: 'hosts/module-unknown',
        message: `module ${from ?? 'inline'} could not be evaluated statically: ${module.reason}`,
        location: module.loc ?? { file: from ?? 'flake.nix', line: 1, column: 1 },
      });
    }
    return digest;
  }
  const imports = getAttr(module, 'imports')?.force();
  const hasStructure = module.attrs.has('config') || module.attrs.has('options');
  const config = hasStructure ? getAttr(module, 'config')?.force() : module;
  if (config) collectSettings(config, prefix, [], null, hasStructure ? new Set() : MODULE_KEYS, { engine, entries: digest.entries }, fallbackLoc(module, from), 0);
  digest.imports = imports;
  return digest;
}

/** True the first time a host mounts a file at this place (two home-manager users may share one file). */
function firstVisit(walk: Walk, mount: Mount, file: string): boolean {
  let files = walk.seen.get(mount.at);
  if (!files) walk.seen.set(mount.at, (files = new Set()));
  if (files.has(file)) return false;
  files.add(file);
  return true;
}

/** Lists a module file once per host, where it was first imported from. */
function addFile(walk: Walk, file: string, from: string | null): void {
  if (walk.files.has(file)) return;
  walk.files.add(file);
  let role = walk.shared.roles.get(file);
  if (!role) walk.shared.roles.set(file, (role = fileRole(file, walk.extraProfiles)));
  walk.modules.push({ kind: 'file', path: file, role, importedFrom: from });
}

/** Where `collectSettings` puts what it finds. */
interface Sink {
  engine: Engine;
  entries: DigestEntry[];
}

/** Flattens a config value into settings, unwrapping mkIf/mkMerge/mkDefault/mkForce/mkOverride. */
function collectSettings(
  value: Value,
  prefix: string[],
  conditions: Condition[],
  priority: string | null,
  skip: Set<string>,
  sink: Sink,
  loc: SourceLocation,
  depth: number,
): void {
  const tag = typeTag(value);
  if (tag === 'if') {
    const cond = getAttr(value, 'condition')?.force();
    if (cond?.kind === 'bool' && !cond.value) return;
    const added = cond?.kind === 'bool' ? [] : [condition(cond ?? { kind: 'null' })];
    const content = getAttr(value, 'content')?.force();
    if (content) collectSettings(content, prefix, [...conditions, ...added], priority, skip, sink, loc, depth);
    return;
  }
  if (tag === 'merge') {
    const contents = getAttr(value, 'contents')?.force();
    if (contents?.kind === 'list') for (const t of contents.items) collectSettings(t.force(), prefix, conditions, priority, skip, sink, loc, depth);
    return;
  }
  if (tag === 'override') {
    const prio = getAttr(value, 'priority')?.force();
    const n = prio?.kind === 'int' ? prio.value : undefined;
    const content = getAttr(value, 'content')?.force();
    const named = n === 1000 ? 'mkDefault' : n === 50 ? 'mkForce' : n === 1500 ? 'mkOptionDefault' : n === undefined ? 'mkOverride' : `mkOverride ${n}`;
    if (content) collectSettings(content, prefix, conditions, named, skip, sink, loc, depth);
    return;
  }
  // A home-manager user's configuration is a module of its own (often `import ../home/user.nix`): its
  // definitions and imports are followed, under `home-manager.users.<name>`.
  if (depth > 0 && prefix.length === 3 && prefix[0] === 'home-manager' && prefix[1] === 'users' && isModuleValue(value)) {
    sink.entries.push({ kind: 'module', module: ready(value), from: loc.file, prefix, conds: conditions });
    return;
  }
  const isArgs = ARG_KEYS.has(prefix.at(-1) ?? '') || (prefix.at(-2) === '_module' && prefix.at(-1) === 'args');
  if (value.kind === 'attrs' && !tag && !isArgs && depth < MAX_DEPTH && prefix.length < MAX_DEPTH) {
    for (const [key, t] of value.attrs) {
      if (depth === 0 && skip.has(key)) continue;
      const childLoc = value.locs?.get(key) ?? loc;
      const path = [...prefix, key];
      collectSettings(t.force(), path, conditions, priority, skip, sink, childLoc, depth + 1);
    }
    if (value.attrs.size) return;
  }
  if (!prefix.length) return;
  const reads = value.kind === 'unknown' ? /^config\.([A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*)$/.exec(value.reason)?.[1] : undefined;
  const setting: RawSetting = {
    path: prefix.map(quoteKey).join('.'),
    value: printSetting(sink.engine, prefix.at(-1)!, value),
    computed: containsUnknown(value),
    conds: conditions,
    priority,
    source: loc,
    ...(reads ? { reads } : {}),
  };
  sink.entries.push({ kind: 'setting', setting });
}

/** True when a function is a whole file of the flake (what `import ./file.nix` gave). */
function isFileRoot(shared: Shared, fn: Value & { kind: 'lambda' }): boolean {
  let known = shared.fileRoots.get(fn);
  if (known === undefined) {
    const { engine } = shared;
    known = fn.loc.file.endsWith('.nix') && engine.importFile(path.join(engine.root, fn.loc.file)) === fn;
    shared.fileRoots.set(fn, known);
  }
  return known;
}

/** A module given where a value could be: a function, a path, or a set with `imports`/`config`/`options`. */
function isModuleValue(v: Value): boolean {
  if (v.kind === 'lambda' || v.kind === 'path') return true;
  return v.kind === 'attrs' && !typeTag(v) && (v.attrs.has('imports') || v.attrs.has('config') || v.attrs.has('options'));
}

/** Describes a `mkIf` condition; a plain `config.a.b` read (or its negation) can be resolved later. */
function condition(cond: Value): Condition {
  if (cond.kind !== 'unknown') return { text: renderValue(cond) };
  const text = cond.text ?? cond.reason;
  const option = /^config\.([A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*)$/.exec(cond.reason)?.[1];
  if (!option) return { text };
  const simple = /^(!\s*)?[A-Za-z_][\w'.-]*$/.exec(text);
  if (simple) return { text, option, negated: !!simple[1] };
  const compare = /^[A-Za-z_][\w'.-]*\s*(==|!=)\s*("(?:[^"\\$]|\\.)*"|null|true|false|-?\d+)$/.exec(text);
  return compare ? { text, option, equals: compare[2], negated: compare[1] === '!=' } : { text };
}

const PRIORITY: Record<string, number> = { mkForce: 50, mkDefault: 1000, mkOptionDefault: 1500 };

/** The priority of a definition as a number (lower wins); plain definitions are 100. */
function rank(s: RawSetting): number {
  return s.priority ? (PRIORITY[s.priority] ?? Number(s.priority.split(' ')[1] ?? 100)) : 100;
}

/**
 * Resolves `mkIf cfg.x` conditions with the host's own unconditional settings, or the option's
 * default: false drops the definition, true keeps it without the condition, unknown keeps the condition.
 */
function resolveConditions(raw: RawSetting[], defaults: Map<string, string>): Setting[] {
  let pending = raw;
  for (let pass = 0; pass < 5; pass++) {
    // Names read from options resolve as the conditions around those options' definitions do.
    pending = resolveDynamicNames(pending, defaults);
    // Each option's winning unconditional definition this pass, indexed once per pass rather than searched for per condition.
    const winners = winnersOf(pending);
    const known = (option: string): string | undefined => knownValue(winners, defaults, option);
    let changed = false;
    const next: RawSetting[] = [];
    for (const s of pending) {
      if (!s.conds.length) {
        next.push(s);
        continue;
      }
      let dropped = false;
      const conds = s.conds.filter((c) => {
        const v = c.option ? known(c.option) : undefined;
        if (v === undefined || (c.equals === undefined && v !== 'true' && v !== 'false')) return true;
        changed = true;
        const holds = c.equals === undefined ? v === 'true' : v === c.equals;
        if (holds === !!c.negated) dropped = true;
        return false;
      });
      if (!dropped) next.push(conds.length === s.conds.length ? s : { ...s, conds });
    }
    pending = next;
    if (!changed) break;
  }
  return resolveDynamicNames(pending, defaults).map(({ conds, reads: _reads, ...s }) => ({ ...s, conditions: conds.map((c) => c.text) }));
}

/**
 * What a host's own definitions say each option is: the first unconditional definition of the lowest
 * rank, computed or not, unless a conditional one could outrank it. An option the host does not
 * define is not in the map; one whose value cannot be known from the definitions maps to undefined.
 */
function winnersOf(settings: RawSetting[]): Map<string, RawSetting | undefined> {
  const best = new Map<string, RawSetting>();
  const conditional = new Map<string, number>();
  for (const s of settings) {
    const r = rank(s);
    if (s.conds.length) conditional.set(s.path, Math.min(r, conditional.get(s.path) ?? Infinity));
    else if (!best.has(s.path) || r < rank(best.get(s.path)!)) best.set(s.path, s);
  }
  const out = new Map<string, RawSetting | undefined>();
  for (const path of conditional.keys()) if (!best.has(path)) out.set(path, undefined);
  for (const [path, s] of best) out.set(path, (conditional.get(path) ?? Infinity) <= rank(s) ? undefined : s);
  return out;
}

/** An option's value on a host as far as its definitions and the option's default tell, as printed; undefined when unknown. */
function knownValue(winners: Map<string, RawSetting | undefined>, defaults: Map<string, string>, option: string): string | undefined {
  if (!winners.has(option)) return defaults.get(option);
  const w = winners.get(option);
  return w && !w.computed ? w.value : undefined;
}

/** A name only evaluation knows, read from an option: `"${config.my.user}"` in a setting's path. */
const CONFIG_NAME = /"\$\{config\.([A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*)\}"/g;

/**
 * Resolves names read from an option (`users.users.${config.my.user}`) as conditions are resolved:
 * with the host's winning definition of that option (followed when it only reads another option), or
 * the option's default when the host defines none, when that is a plain string. Others keep their
 * `${…}` name.
 */
function resolveDynamicNames(raw: RawSetting[], defaults: Map<string, string>): RawSetting[] {
  if (!raw.some((s) => s.path.includes('${config.'))) return raw;
  const winners = winnersOf(raw);
  // An option set from another (`user.name = cfg.name;`) is followed to that one, a few steps at most.
  const nameOf = (option: string, hops = 0): string | undefined => {
    const w = winners.get(option);
    if (w?.computed && w.reads && hops < 4) return nameOf(w.reads, hops + 1);
    return /^"([^"\\$]*)"$/.exec(knownValue(winners, defaults, option) ?? '')?.[1];
  };
  return raw.map((s) => {
    const path = s.path.replace(CONFIG_NAME, (all, option: string) => {
      const name = nameOf(option);
      return name ? quoteKey(name) : all;
    });
    return path === s.path ? s : { ...s, path };
  });
}

function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(key) ? key : JSON.stringify(key);
}

function collectProfiles(engine: Engine, hosts: Host[], extraProfiles: string[]): Profile[] {
  const byPath = new Map<string, Profile>();
  for (const host of hosts) {
    for (const m of host.modules) {
      if (m.kind !== 'file' || m.role !== 'profile') continue;
      let profile = byPath.get(m.path);
      if (!profile) {
        const own = host.modules.filter((x) => x.kind === 'file' && x.importedFrom === m.path).map((x) => (x as { path: string }).path);
        profile = { kind: 'profile', name: profileName(m.path), path: m.path, hosts: [], imports: own, settings: host.settings.filter((s) => s.source.file === m.path) };
        byPath.set(m.path, profile);
      }
      if (!profile.hosts.includes(host.name)) profile.hosts.push(host.name);
    }
  }
  // Profiles no host imports are still worth a page.
  for (const file of engine.files()) {
    if (fileRole(file, extraProfiles) === 'profile' && !byPath.has(file)) {
      byPath.set(file, { kind: 'profile', name: profileName(file), path: file, hosts: [], imports: [], settings: [] });
    }
  }
  return [...byPath.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The flake file a module set names as its own with `_file` (a path inside the flake), if any. */
function fileOfModule(engine: Engine, v: Value & { kind: 'attrs' }): string | undefined {
  const f = v.attrs.get('_file')?.force();
  const abs = f?.kind === 'path' ? f.path : undefined;
  if (!abs) return undefined;
  const rel = engine.relative(abs);
  return rel.startsWith('..') || !rel.endsWith('.nix') ? undefined : rel;
}

function stringAttr(v: Value, name: string): string | undefined {
  const t = getAttr(v, name)?.force();
  return t?.kind === 'string' ? t.value : undefined;
}

function systemLocation(system: Value): SourceLocation | undefined {
  const loc = getAttr(system, 'loc')?.force();
  if (loc?.kind !== 'attrs') return undefined;
  const file = stringAttr(loc, 'file');
  const line = getAttr(loc, 'line')?.force();
  const column = getAttr(loc, 'column')?.force();
  return file && line?.kind === 'int' ? { file, line: line.value, column: column?.kind === 'int' ? column.value : 1 } : undefined;
}

function fallbackLoc(_module: Value, from: string | null): SourceLocation {
  return { file: from ?? 'flake.nix', line: 1, column: 1 };
}

/**
 * A module path into an input's source: `modulesPath + "/installer/scan/not-detected.nix"` (or
 * `"${modulesPath}/…"`) into nixpkgs' own tree, `nixpkgs + "/nixos/modules/…"`, or any input's file
 * (`"${inputs.impermanence}/nixos.nix"`). Nix reads it from the input, outside the flake; the host
 * page names it as that input's module.
 */
export function inputModulePath(v: Value): string | undefined {
  if (v.kind !== 'unknown' || !v.text) return undefined;
  const text = v.text.trim().replace(/^\((.*)\)$/s, '$1').trim();
  const sub = /^[\w.'-]+\s*\+\s*"([^"$\\]*)"$/.exec(text)?.[1] ?? /^"\$\{[^}]+\}([^"$\\]*)"$/.exec(text)?.[1];
  if (sub === undefined || !sub.startsWith('/')) return undefined;
  if (v.reason === 'modulesPath') return `nixpkgs/nixos/modules${sub}`;
  const input = /^inputs\.([\w'-]+)\.outPath$/.exec(v.reason)?.[1];
  return input ? `inputs.${input}${sub}` : undefined;
}

function unknownRef(v: Value, from: string | null): ModuleRef {
  const input = inputModulePath(v);
  if (input) return { kind: 'external', name: input, importedFrom: from };
  return {
    kind: 'unknown',
    text: v.kind === 'unknown' ? (v.text ?? v.reason) : renderValue(v),
    reason: v.kind === 'unknown' ? v.reason : `not a module (${v.kind})`,
    source: v.kind === 'unknown' ? v.loc : undefined,
    importedFrom: from,
  };
}

function describe(v: Value): string {
  return v.kind === 'unknown' ? v.reason : v.kind;
}

/** The longest expression quoted where evaluation stopped. */
const MAX_STOPPED_TEXT = 80;

/**
 * Where static evaluation stopped on an unknown (the expression, file:line) and what it would have
 * needed: a library flake-docs does not model, the real package set, a builtin only Nix answers…
 */
export function stoppedAt(engine: Engine, v: Value & { kind: 'unknown' }, withNeed = true): string {
  const raw = (v.text ?? engine.valueText(v) ?? '').replace(/\s+/g, ' ').trim();
  const text = raw.length > MAX_STOPPED_TEXT ? `${raw.slice(0, MAX_STOPPED_TEXT - 1)}…` : raw;
  const where = v.loc ? `${v.loc.file}:${v.loc.line}` : undefined;
  const at = text ? `\`${text}\`${where ? ` (${where})` : ''}` : (where ?? 'an expression whose place is not known');
  return `evaluation stopped at ${at}${withNeed ? `, which needs ${neededFor(v.reason)}` : ''}`;
}

/** What an unknown's reason says evaluation would need. */
function neededFor(reason: string): string {
  const input = /^inputs\.([\w'-]+)/.exec(reason);
  if (input && /\.(legacyPackages|packages)\b/.test(reason)) return 'the real package set, which only Nix builds';
  if (input) return `the library of input ${input[1]}, which flake-docs does not model`;
  if (/^pkgs\b/.test(reason)) return 'the real package set, which only Nix builds';
  const builtin = /^builtins\.(\w+)/.exec(reason);
  if (builtin) return `builtins.${builtin[1]}, whose result only Nix knows`;
  if (/outside the flake/.test(reason)) return 'a file outside the flake';
  if (/\(encrypted with git-crypt\)/.test(reason)) return 'a file encrypted with git-crypt';
  if (/^(config|options)\b/.test(reason)) return "the configuration's full evaluation";
  return `a value computed at evaluation (${reason})`;
}
