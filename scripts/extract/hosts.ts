/**
 * Hosts and profiles: evaluates the flake's outputs, follows each configuration's `modules` and
 * `imports`, and collects the option values its modules set.
 */
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { FileRole, Host, HostClass, ModuleRef, Profile, Setting } from '../model/hosts.ts';
import { type Engine, getAttr, type Thunk, typeTag, type Value } from '../nix/index.ts';
import { containsUnknown, renderValue } from '../nix/print.ts';

const OUTPUTS: [string, HostClass][] = [
  ['nixosConfigurations', 'nixos'],
  ['darwinConfigurations', 'darwin'],
  ['homeConfigurations', 'home'],
];

/** Attributes of a module that are module-system plumbing rather than settings. */
const MODULE_KEYS = new Set(['imports', 'options', 'config', '_file', 'key', 'disabledModules', 'meta', '_class', 'freeformType']);

/** How deep settings are followed before the rest is shown as one value. */
const MAX_DEPTH = 12;

/** Guesses what a flake file is for from its path. */
export function fileRole(rel: string): FileRole {
  if (/(^|\/)hardware-configuration\.nix$/.test(rel) || /(^|\/)hardware\//.test(rel)) return 'hardware';
  if (/^(hosts|machines|systems)\//.test(rel)) return 'host';
  if (/^profiles\//.test(rel)) return 'profile';
  if (/^(modules|nixosModules|darwinModules)\//.test(rel)) return 'module';
  if (/^(common|shared)\//.test(rel)) return 'common';
  if (/^(home|users|hm)\//.test(rel)) return 'home';
  return 'other';
}

/** The name of a profile file: its stem, or its folder for `default.nix`. */
export function profileName(rel: string): string {
  const base = path.posix.basename(rel, '.nix');
  return base === 'default' ? path.posix.basename(path.posix.dirname(rel)) : base;
}

interface Walk {
  modules: ModuleRef[];
  seen: Set<string>;
  settings: Setting[];
  users: Set<string>;
  secrets: Set<string>;
}

/**
 * Extracts every host of the flake and the profiles they use.
 * @param engine the evaluator over the flake
 */
export function extractHosts(engine: Engine): { hosts: Host[]; profiles: Profile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const hosts: Host[] = [];
  const { outputs } = engine.evalFlake();
  const flakeLoc: SourceLocation = { file: 'flake.nix', line: 1, column: 1 };
  if (outputs.kind !== 'attrs') {
    diagnostics.push({
      severity: 'warning',
      code: 'hosts/outputs-unknown',
      message: `the flake's outputs could not be evaluated statically (${describe(outputs)}): no hosts are documented`,
      location: outputs.kind === 'unknown' && outputs.loc ? outputs.loc : flakeLoc,
    });
    return { hosts, profiles: [], diagnostics };
  }
  for (const [attr, cls] of OUTPUTS) {
    const set = getAttr(outputs, attr)?.force();
    if (!set) continue;
    if (set.kind !== 'attrs') {
      diagnostics.push({
        severity: 'warning',
        code: 'hosts/unknown-set',
        message: `${attr} is computed at evaluation time (${describe(set)}): its hosts are not documented`,
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
          message: `${attr}.${name} is not a recognisable ${cls} configuration (${describe(value)})`,
          location: where,
        });
        continue;
      }
      hosts.push(readHost(engine, name, cls, value, where, diagnostics));
    }
  }
  return { hosts, profiles: collectProfiles(engine, hosts), diagnostics };
}

function readHost(engine: Engine, name: string, fallbackClass: HostClass, system: Value, where: SourceLocation, diagnostics: Diagnostic[]): Host {
  const cls = stringAttr(system, 'class') as HostClass | undefined;
  const specialArgs = getAttr(system, 'specialArgs')?.force();
  const args: Record<string, Value> = {};
  if (specialArgs?.kind === 'attrs') for (const [k, t] of specialArgs.attrs) args[k] = t.force();
  const walk: Walk = { modules: [], seen: new Set(), settings: [], users: new Set(), secrets: new Set() };
  const modules = getAttr(system, 'modules')?.force();
  if (modules?.kind === 'list') {
    for (const t of modules.items) visitModule(engine, t, args, null, walk, diagnostics);
  } else if (modules) {
    walk.modules.push(unknownRef(modules, null));
  }
  const source = systemLocation(system) ?? where;
  const settingValue = (p: string) => walk.settings.find((s) => s.path === p && !s.computed)?.value.replace(/^"|"$/g, '');
  const platform = stringAttr(system, 'system') ?? settingValue('nixpkgs.hostPlatform') ?? null;
  if (cls === 'home' && !walk.users.size) {
    const user = settingValue('home.username') ?? name.split('@')[0];
    if (user) walk.users.add(user);
  }
  return {
    kind: 'host',
    name,
    class: cls ?? fallbackClass,
    system: platform,
    source,
    modules: walk.modules,
    profiles: [...new Set(walk.modules.flatMap((m) => (m.kind === 'file' && m.role === 'profile' ? [profileName(m.path)] : [])))],
    users: [...walk.users].sort(),
    secrets: [...walk.secrets].sort(),
    settings: walk.settings,
  };
}

/** Follows one module: records it, evaluates it, collects its settings and follows its imports. */
function visitModule(engine: Engine, thunk: Thunk, args: Record<string, Value>, from: string | null, walk: Walk, diagnostics: Diagnostic[]): void {
  let value = thunk.force();
  if (value.kind === 'string' && value.value.startsWith('/')) value = { kind: 'path', path: value.value };
  if (value.kind === 'path') {
    const rel = engine.relative(value.path);
    if (rel.startsWith('..')) {
      walk.modules.push({ kind: 'unknown', text: value.path, reason: 'outside the flake', importedFrom: from });
      return;
    }
    const file = rel.endsWith('.nix') ? rel : `${rel}/default.nix`;
    if (walk.seen.has(file)) return;
    walk.seen.add(file);
    walk.modules.push({ kind: 'file', path: file, role: fileRole(file), importedFrom: from });
    value = engine.importFile(value.path);
    if (value.kind === 'unknown') return;
    from = file;
  } else if (typeTag(value) === 'flake-docs-external-module') {
    const name = stringAttr(value, 'name') ?? 'external module';
    if (!walk.seen.has(`external:${name}`)) {
      walk.seen.add(`external:${name}`);
      walk.modules.push({ kind: 'external', name, importedFrom: from });
    }
    return;
  } else if (value.kind === 'lambda' || value.kind === 'attrs') {
    if (value.kind === 'lambda') walk.modules.push({ kind: 'inline', source: value.loc, importedFrom: from });
  } else {
    walk.modules.push(unknownRef(value, from));
    return;
  }
  const module = engine.evalModule(value, args);
  if (module.kind !== 'attrs') {
    if (module.kind === 'unknown') {
      diagnostics.push({
        severity: 'info',
        code: 'hosts/module-unknown',
        message: `module ${from ?? 'inline'} could not be evaluated statically: ${module.reason}`,
        location: module.loc ?? { file: from ?? 'flake.nix', line: 1, column: 1 },
      });
    }
    return;
  }
  const imports = getAttr(module, 'imports')?.force();
  const hasStructure = module.attrs.has('config') || module.attrs.has('options');
  const config = hasStructure ? getAttr(module, 'config')?.force() : module;
  if (config) collectSettings(config, [], [], null, hasStructure ? new Set() : MODULE_KEYS, walk, fallbackLoc(module, from), 0);
  if (imports?.kind === 'list') {
    for (const t of imports.items) visitModule(engine, t, args, from, walk, diagnostics);
  } else if (imports) {
    walk.modules.push(unknownRef(imports, from));
  }
}

/** Flattens a config value into settings, unwrapping mkIf/mkMerge/mkDefault/mkForce/mkOverride. */
function collectSettings(
  value: Value,
  prefix: string[],
  conditions: string[],
  priority: string | null,
  skip: Set<string>,
  walk: Walk,
  loc: SourceLocation,
  depth: number,
): void {
  const tag = typeTag(value);
  if (tag === 'if') {
    const cond = getAttr(value, 'condition')?.force();
    if (cond?.kind === 'bool' && !cond.value) return;
    const text = cond?.kind === 'bool' ? [] : [cond?.kind === 'unknown' ? (cond.text ?? cond.reason) : renderValue(cond ?? { kind: 'null' })];
    const content = getAttr(value, 'content')?.force();
    if (content) collectSettings(content, prefix, [...conditions, ...text], priority, skip, walk, loc, depth);
    return;
  }
  if (tag === 'merge') {
    const contents = getAttr(value, 'contents')?.force();
    if (contents?.kind === 'list') for (const t of contents.items) collectSettings(t.force(), prefix, conditions, priority, skip, walk, loc, depth);
    return;
  }
  if (tag === 'override') {
    const prio = getAttr(value, 'priority')?.force();
    const n = prio?.kind === 'int' ? prio.value : undefined;
    const content = getAttr(value, 'content')?.force();
    const named = n === 1000 ? 'mkDefault' : n === 50 ? 'mkForce' : n === 1500 ? 'mkOptionDefault' : n === undefined ? 'mkOverride' : `mkOverride ${n}`;
    if (content) collectSettings(content, prefix, conditions, named, skip, walk, loc, depth);
    return;
  }
  if (value.kind === 'attrs' && !tag && depth < MAX_DEPTH && prefix.length < MAX_DEPTH) {
    for (const [key, t] of value.attrs) {
      if (depth === 0 && skip.has(key)) continue;
      const childLoc = value.locs?.get(key) ?? loc;
      const path = [...prefix, key];
      noteSpecial(path, t, walk);
      collectSettings(t.force(), path, conditions, priority, skip, walk, childLoc, depth + 1);
    }
    if (value.attrs.size) return;
  }
  if (!prefix.length) return;
  walk.settings.push({
    path: prefix.map(quoteKey).join('.'),
    value: renderValue(value),
    computed: containsUnknown(value),
    conditions,
    priority,
    source: loc,
  });
}

/** Records home-manager users and declared secrets as settings go by. */
function noteSpecial(path: string[], _t: Thunk, walk: Walk): void {
  if (path.length === 3 && path[0] === 'home-manager' && path[1] === 'users') walk.users.add(path[2]!);
  if (path.length === 3 && (path[0] === 'age' || path[0] === 'sops') && path[1] === 'secrets') walk.secrets.add(path[2]!);
}

function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(key) ? key : JSON.stringify(key);
}

function collectProfiles(engine: Engine, hosts: Host[]): Profile[] {
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
    if (fileRole(file) === 'profile' && !byPath.has(file)) {
      byPath.set(file, { kind: 'profile', name: profileName(file), path: file, hosts: [], imports: [], settings: [] });
    }
  }
  return [...byPath.values()].sort((a, b) => a.name.localeCompare(b.name));
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

function unknownRef(v: Value, from: string | null): ModuleRef {
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
