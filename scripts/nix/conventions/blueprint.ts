/**
 * numtide's blueprint: `outputs = inputs: inputs.blueprint { inherit inputs; prefix ? "nix/"; }` maps
 * the flake's folders (under `prefix`) to outputs. A host is a folder `hosts/<name>/` holding, first
 * found in this order, `default.nix` (an escape hatch evaluating to `{ class; value; }`),
 * `configuration.nix` or `rpi-configuration.nix` (NixOS), `darwin-configuration.nix` (nix-darwin) or
 * `system-configuration.nix` (system-manager); its modules get `inputs`, `flake` (the flake itself)
 * and `hostName`. A user `hosts/<name>/users/<user>.nix` (or `users/<user>/home-configuration.nix`)
 * is a home-manager user of that host when home-manager is an input, and a standalone home-manager
 * configuration `<user>@<name>`. Every `modules/<type>/<name>(.nix)` is `modules.<type>.<name>`, and
 * `nixosModules`, `darwinModules` or `homeModules` for the types nixos, darwin and home; a module file
 * written as a function of only `flake` and `inputs` is called with them first.
 */
import path from 'node:path';
import { attrsOf, def } from '../lib-util.ts';
import { type AttrsValue, list, ready, str, type Thunk, unknown, type Value } from '../values.ts';
import type { Convention, ConventionClass, ConventionContext } from './types.ts';
import { field, fileLoc, folder, isFile, pathOf, pathValue, record, text } from './util.ts';

/** The host files blueprint looks for, in its order, with the class each makes. */
const HOST_FILES: [string, ConventionClass][] = [
  ['configuration.nix', 'nixos'],
  ['rpi-configuration.nix', 'nixos'],
  ['darwin-configuration.nix', 'darwin'],
  ['system-configuration.nix', 'system-manager'],
];

/** Where each class of host goes among the outputs; `default.nix` names its class as blueprint does. */
const OUTPUT_OF: Record<string, { attr: string; cls: ConventionClass }> = {
  nixos: { attr: 'nixosConfigurations', cls: 'nixos' },
  'nix-darwin': { attr: 'darwinConfigurations', cls: 'darwin' },
  darwin: { attr: 'darwinConfigurations', cls: 'darwin' },
  'system-manager': { attr: 'systemConfigs', cls: 'system-manager' },
};

/** Module folders mapped to their own outputs (all types are also under `modules`). */
const MODULE_OUTPUT: Record<string, string> = { nixos: 'nixosModules', darwin: 'darwinModules', home: 'homeModules' };

/** The entries of a folder as blueprint's `importDir` gives them: folders, and `.nix` files by their name without it (a file wins). */
function importDir(ctx: ConventionContext, abs: string): Map<string, { abs: string; dir: boolean }> {
  const out = new Map<string, { abs: string; dir: boolean }>();
  const entries = folder(ctx.ev, abs);
  for (const e of entries) if (e.dir) out.set(e.name, e);
  for (const e of entries) if (!e.dir && e.name.endsWith('.nix')) out.set(e.name.slice(0, -4), e);
  return out;
}

/** The users of a host folder with the file of each one's home configuration. */
function hostUsers(ctx: ConventionContext, hostDir: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [user, e] of importDir(ctx, path.join(hostDir, 'users'))) {
    if (!e.dir) out.push([user, e.abs]);
    else if (isFile(ctx.ev, path.join(e.abs, 'home-configuration.nix'))) out.push([user, path.join(e.abs, 'home-configuration.nix')]);
  }
  return out;
}

/** The flake's outputs from its folders. */
function blueprintOutputs(ctx: ConventionContext, arg: AttrsValue): Value {
  const { ev } = ctx;
  const inputsT = arg.attrs.get('inputs') ?? ready(unknown('inputs'));
  const inputs = inputsT.force();
  const self = field(inputs, 'self');
  const root = pathOf(self) ?? ev.root;
  const prefix = field(arg, 'prefix');
  const src = prefix?.kind === 'path' ? prefix.path : text(prefix) !== undefined ? path.join(root, text(prefix)!) : root;
  const flakeT = ready(self ?? unknown('inputs.self'));
  const perSystem = ready(unknown('perSystem'));
  const homeManager = field(inputs, 'home-manager');
  const outputs = new Map<string, Map<string, Thunk>>();
  const locs = new Map<string, Map<string, ReturnType<typeof fileLoc>>>();
  const put = (attr: string, name: string, value: Thunk, loc: ReturnType<typeof fileLoc>) => {
    if (!outputs.has(attr)) {
      outputs.set(attr, new Map());
      locs.set(attr, new Map());
    }
    outputs.get(attr)!.set(name, value);
    locs.get(attr)!.set(name, loc);
  };
  for (const [name, host] of importDir(ctx, path.join(src, 'hosts'))) {
    if (!host.dir) continue;
    const users = hostUsers(ctx, host.abs);
    const special = () => attrsOf(new Map([['inputs', inputsT], ['flake', flakeT], ['hostName', ready(str(name))], ['perSystem', perSystem]]));
    for (const [user, file] of users) {
      const modules = list([pathValue(file)]);
      put('homeConfigurations', `${user}@${name}`, ready(ctx.makeSystem('home', `blueprint.${user}@${name}`, { modules: ready(modules), specialArgs: ready(special()), loc: fileLoc(ev, file) })), fileLoc(ev, file));
    }
    const escape = path.join(host.abs, 'default.nix');
    if (isFile(ev, escape)) {
      // `{ class; value; }`: the value is whatever system the file builds.
      const made = ev.lazy(() => ev.apply(ev.importFile(escape), ready(attrsOf(new Map([['flake', flakeT], ['inputs', inputsT], ['hostName', ready(str(name))]])))));
      const cls = text(field(made.force(), 'class')) ?? 'nixos';
      const out = OUTPUT_OF[cls];
      if (out) put(out.attr, name, ev.lazy(() => field(made.force(), 'value') ?? unknown(`${name}: value`)), fileLoc(ev, escape));
      continue;
    }
    const found = HOST_FILES.find(([file]) => isFile(ev, path.join(host.abs, file)));
    if (!found) continue;
    const [file, cls] = found;
    const modules: Thunk[] = [pathValue(path.join(host.abs, file))];
    const hmModules = field(homeManager, cls === 'darwin' ? 'darwinModules' : 'nixosModules');
    if (users.length && hmModules && cls !== 'system-manager') {
      // Blueprint's users module: home-manager imported, each user's file as `home-manager.users.<user>`.
      const usersSet = record(users.map(([user, f]) => [user, pathValue(f)]));
      modules.push(ready(record([['imports', list([ready(field(hmModules, 'default') ?? unknown('home-manager module'))])], ['home-manager', record([['users', usersSet]])]])));
    }
    const loc = fileLoc(ev, path.join(host.abs, file));
    const system = ctx.makeSystem(cls, `blueprint.${name}`, { modules: ready(list(modules)), specialArgs: ready(special()), loc });
    put(OUTPUT_OF[cls === 'darwin' ? 'darwin' : cls]!.attr, name, ready(system), loc);
  }
  const modulesOut = new Map<string, Thunk>();
  for (const [type, dir] of importDir(ctx, path.join(src, 'modules'))) {
    if (!dir.dir) continue;
    const set = new Map<string, Thunk>();
    for (const [name, e] of importDir(ctx, dir.abs)) set.set(name, ev.lazy(() => withPublisherArgs(ctx, e.abs, flakeT, inputsT)));
    modulesOut.set(type, ready(attrsOf(set)));
    if (MODULE_OUTPUT[type]) outputs.set(MODULE_OUTPUT[type], set);
  }
  const out = new Map<string, Thunk>([['modules', ready(attrsOf(modulesOut))]]);
  const outLocs = new Map<string, ReturnType<typeof fileLoc>>();
  for (const [attr, set] of outputs) {
    out.set(attr, ready({ kind: 'attrs', attrs: set, locs: locs.get(attr) }));
    const first = locs.get(attr)?.values().next().value;
    if (first) outLocs.set(attr, first);
  }
  return { kind: 'attrs', attrs: out, locs: outLocs };
}

/** A module file as blueprint exposes it: called with `flake` and `inputs` when it is a function of only those. */
function withPublisherArgs(ctx: ConventionContext, file: string, flake: Thunk, inputs: Thunk): Value {
  const entry = isFile(ctx.ev, file) ? file : path.join(file, 'default.nix');
  const module = ctx.ev.importFile(entry);
  const formals = module.kind === 'lambda' ? module.formals : undefined;
  if (!formals || !formals.names.length || !formals.names.every((n) => n === 'flake' || n === 'inputs')) return { kind: 'path', path: file };
  // As `lib.setDefaultModuleLocation file (module { flake; inputs; })`: the module stays known by its file.
  const applied = ctx.ev.apply(module, ready(attrsOf(new Map([['flake', flake], ['inputs', inputs]]))));
  return record([['_file', { kind: 'path', path: entry }], ['imports', list([ready(applied)])]]);
}

/** blueprint: the input is called (`inputs.blueprint { inherit inputs; }`), and so is its `lib`. */
export const blueprint: Convention = {
  name: 'blueprint',
  matches: (name, url) => /(^|[/:])blueprint\b/i.test(name) || /numtide\/blueprint/i.test(url),
  contribute: (ctx) => {
    const mk = def(ctx.ev, `${ctx.id}`, 1, (a, [argT]) => blueprintOutputs(ctx, a.attrs(argT!)));
    const functor = ready(def(ctx.ev, `${ctx.id}.__functor`, 1, () => mk));
    return { top: new Map([['__functor', functor]]), lib: new Map([['__functor', functor], ['mkBlueprint', ready(mk)]]) };
  },
};
