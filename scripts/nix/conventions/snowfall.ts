/**
 * Snowfall lib: `snowfall-lib.mkFlake { inherit inputs; src = ./.; snowfall.namespace = …; … }` (or
 * `(snowfall-lib.mkLib { inherit inputs; src = ./.; }).mkFlake { … }`) makes a host of every
 * `systems/<arch>/<name>/default.nix` (nix-darwin when `<arch>` ends in `-darwin`, NixOS when in
 * `-linux`; other formats such as `x86_64-iso` are images, not configurations) and a home-manager
 * configuration of every `homes/<arch>/<user>@<host>/default.nix`. Every `modules/nixos/<name>`
 * (`modules/darwin/…`, `modules/home/…`) is imported into each system of that class, with
 * `systems.modules.<class>`, `systems.hosts.<name>.modules`, `homes.modules` and
 * `homes.users.<name>.modules`. Other arguments pass through to the flake's outputs.
 */
import path from 'node:path';
import { flakePath } from '../lib-builtins.ts';
import { type Args, attrsOf, def } from '../lib-util.ts';
import { type AttrsValue, list, ready, str, type Thunk, type Value } from '../values.ts';
import type { Convention, ConventionClass, ConventionContext } from './types.ts';
import { entries, field, fileLoc, folder, isFile, items, pathValue } from './util.ts';

/** Arguments of `mkFlake` that Snowfall consumes rather than passing to the outputs. */
const CONSUMED = new Set(['inputs', 'src', 'snowfall', 'systems', 'homes', 'channels', 'channels-config', 'alias', 'outputs-builder', 'extra-exported-overlays', 'overlays', 'supportedSystems']);

/** Every `modules/<kind>/<name>` folder holding a `default.nix`. */
function moduleFolders(ctx: ConventionContext, src: string, kind: string): Thunk[] {
  return folder(ctx.ev, path.join(src, 'modules', kind)).flatMap((e) => (e.dir && isFile(ctx.ev, path.join(e.abs, 'default.nix')) ? [pathValue(e.abs)] : []));
}

/** `mkFlake`'s outputs. */
function snowfallOutputs(ctx: ConventionContext, a: Args, arg: AttrsValue): Value {
  const { ev } = ctx;
  const srcT = arg.attrs.get('src');
  if (!srcT) return ev.fail('snowfall/no-src', 'snowfall-lib.mkFlake: `src` is required');
  const src = flakePath(a, srcT);
  const inputs = arg.attrs.get('inputs') ?? ready(attrsOf(new Map()));
  const namespace = field(field(arg, 'snowfall'), 'namespace') ?? str('internal');
  // Snowfall passes these to every module it imports; options are declared under `${namespace}`.
  ctx.setModuleArg('namespace', ready(namespace));
  ctx.setModuleArg('inputs', inputs);
  const systemsArg = field(arg, 'systems');
  const homesArg = field(arg, 'homes');
  const outputs: Record<'nixos' | 'darwin' | 'home', Map<string, Thunk>> = { nixos: new Map(), darwin: new Map(), home: new Map() };
  const locs: Record<string, Map<string, ReturnType<typeof fileLoc>>> = { nixos: new Map(), darwin: new Map(), home: new Map() };
  const add = (cls: 'nixos' | 'darwin' | 'home', name: string, arch: string, dir: string, extra: Thunk[], special: Value | undefined) => {
    const classDir = cls === 'home' ? 'home' : cls;
    const modules = [pathValue(dir), ...moduleFolders(ctx, src, classDir), ...extra];
    const specialArgs = new Map<string, Thunk>([
      ['inputs', inputs],
      ['namespace', ready(namespace)],
      ['system', ready(str(arch))],
      ['target', ready(str(arch))],
      ['format', ready(str(cls === 'darwin' ? 'darwin' : cls === 'home' ? 'home' : 'linux'))],
      ['virtual', ready({ kind: 'bool', value: false })],
      ['host', ready(str(cls === 'home' ? (name.split('@')[1] ?? '') : name))],
    ]);
    if (cls === 'home') specialArgs.set('user', ready(str(name.split('@')[0]!)));
    for (const [k, t] of entries(special)) specialArgs.set(k, t);
    const loc = fileLoc(ev, path.join(dir, 'default.nix'));
    outputs[cls].set(name, ready(ctx.makeSystem(cls as ConventionClass, `snowfall.${name}`, { modules: ready(list(modules)), specialArgs: ready(attrsOf(specialArgs)), system: ready(str(arch)), loc })));
    locs[cls]!.set(name, loc);
  };
  for (const archDir of folder(ev, path.join(src, 'systems'))) {
    if (!archDir.dir) continue;
    const cls = archDir.name.endsWith('-darwin') ? 'darwin' : archDir.name.endsWith('-linux') ? 'nixos' : undefined;
    for (const host of folder(ev, archDir.abs)) {
      if (!host.dir || !isFile(ev, path.join(host.abs, 'default.nix'))) continue;
      if (!cls) {
        ev.report('info', 'hosts/snowfall-image', `systems/${archDir.name}/${host.name} is a Snowfall image format (${archDir.name}), built as a package rather than a configuration`, fileLoc(ev, path.join(host.abs, 'default.nix')));
        continue;
      }
      const hostArg = field(field(systemsArg, 'hosts'), host.name);
      add(cls, host.name, archDir.name, host.abs, [...items(field(field(systemsArg, 'modules'), cls)), ...items(field(hostArg, 'modules'))], field(hostArg, 'specialArgs'));
    }
  }
  for (const archDir of folder(ev, path.join(src, 'homes'))) {
    if (!archDir.dir) continue;
    for (const home of folder(ev, archDir.abs)) {
      if (!home.dir || !isFile(ev, path.join(home.abs, 'default.nix'))) continue;
      const userArg = field(field(homesArg, 'users'), home.name);
      add('home', home.name, archDir.name, home.abs, [...items(field(homesArg, 'modules')), ...items(field(userArg, 'modules'))], field(userArg, 'specialArgs'));
    }
  }
  const out = new Map<string, Thunk>([...arg.attrs].filter(([k]) => !CONSUMED.has(k)));
  const outLocs = new Map([...(arg.locs ?? [])].filter(([k]) => out.has(k)));
  for (const [cls, attr] of [['nixos', 'nixosConfigurations'], ['darwin', 'darwinConfigurations'], ['home', 'homeConfigurations']] as const) {
    if (outputs[cls].size) out.set(attr, ready({ kind: 'attrs', attrs: outputs[cls], locs: locs[cls] }));
  }
  return { kind: 'attrs', attrs: out, locs: outLocs };
}

/** `mkFlake` bound to the arguments `mkLib` was given. */
function mkFlake(ctx: ConventionContext, base: AttrsValue | undefined): Value {
  return def(ctx.ev, `${ctx.id}.mkFlake`, 1, (a, [argT]) => {
    const arg = a.attrs(argT!);
    const merged: AttrsValue = base ? { kind: 'attrs', attrs: new Map([...base.attrs, ...arg.attrs]), locs: arg.locs } : arg;
    return snowfallOutputs(ctx, a, merged);
  });
}

/** Snowfall lib's `mkFlake` and `mkLib`. */
export const snowfall: Convention = {
  name: 'snowfall-lib',
  matches: (name, url) => /snowfall/i.test(`${name} ${url}`),
  contribute: (ctx) => {
    const mkLib = def(ctx.ev, `${ctx.id}.mkLib`, 1, (a, [argT]) => {
      const base = a.attrs(argT!);
      const lib = ctx.lib.kind === 'attrs' ? new Map(ctx.lib.attrs) : new Map<string, Thunk>();
      lib.set('mkFlake', ready(mkFlake(ctx, base)));
      const v = attrsOf(lib);
      ctx.ev.openNames.set(v, 'lib');
      return v;
    });
    const fns: [string, Thunk][] = [['mkFlake', ready(mkFlake(ctx, undefined))], ['mkLib', ready(mkLib)]];
    return { top: new Map(fns), lib: new Map(fns) };
  },
};

