/**
 * clan-core: `clan-core.lib.clan { self = self; meta.name = …; machines = { … }; inventory = { … }; specialArgs; }`
 * (older: `lib.buildClan`, with `directory = ./.`) makes a machine of every folder `machines/<name>/`
 * holding a `configuration.nix`, of every `machines.<name>` module and of every
 * `inventory.machines.<name>`; `inventory.machines.<name>.machineClass = "darwin"` makes it a
 * nix-darwin machine, and `inventory.machines.<name>.deploy.targetHost` is where it is deployed.
 * The result has `nixosConfigurations` and `darwinConfigurations`, also under `.config`; in flake-parts,
 * `imports = [ inputs.clan-core.flakeModules.default ]` with `flake.clan = { … }` (or the older
 * `clan = { … }`) puts them in the flake.
 */
import path from 'node:path';
import { attrsOf, def } from '../lib-util.ts';
import { type AttrsValue, list, ready, type Thunk, unknown, type Value } from '../values.ts';
import type { Convention, ConventionContext } from './types.ts';
import { deployValue, entries, field, fileLoc, folder, isFile, pathOf, pathValue, record, text } from './util.ts';

/** The outputs of a clan, from its arguments (`self` is the flake's own `self` when the arguments lack it). */
function clanOutputs(ctx: ConventionContext, arg: AttrsValue, flakeSelf?: Value): AttrsValue {
  const { ev } = ctx;
  const dir = pathOf(field(arg, 'directory')) ?? pathOf(field(arg, 'self')) ?? pathOf(flakeSelf) ?? ev.root;
  const machinesArg = field(arg, 'machines');
  const inventory = field(field(arg, 'inventory'), 'machines');
  const names = new Set<string>();
  for (const e of folder(ev, path.join(dir, 'machines'))) if (e.dir && isFile(ev, path.join(e.abs, 'configuration.nix'))) names.add(e.name);
  for (const [n] of entries(machinesArg)) names.add(n);
  for (const [n] of entries(inventory)) names.add(n);
  const nixos = new Map<string, Thunk>();
  const darwin = new Map<string, Thunk>();
  const nixosLocs = new Map();
  const darwinLocs = new Map();
  for (const name of [...names].sort()) {
    const file = path.join(dir, 'machines', name, 'configuration.nix');
    const modules: Thunk[] = [];
    if (isFile(ev, file)) modules.push(pathValue(file));
    const explicit = machinesArg?.kind === 'attrs' ? machinesArg.attrs.get(name) : undefined;
    if (explicit) modules.push(explicit);
    const inv = inventory?.kind === 'attrs' ? inventory.attrs.get(name)?.force() : undefined;
    const cls = text(field(inv, 'machineClass')) === 'darwin' ? 'darwin' : 'nixos';
    const invDeploy = field(inv, 'deploy');
    const targetHost = invDeploy?.kind === 'attrs' ? invDeploy.attrs.get('targetHost') : undefined;
    const tags = inv?.kind === 'attrs' ? inv.attrs.get('tags') : undefined;
    const loc =
      (isFile(ev, file) ? fileLoc(ev, file) : undefined) ??
      (machinesArg?.kind === 'attrs' ? machinesArg.locs?.get(name) : undefined) ??
      (inventory?.kind === 'attrs' ? inventory.locs?.get(name) : undefined);
    const system = ctx.makeSystem(cls, `clan.machines.${name}`, {
      modules: ready(list(modules)),
      specialArgs: arg.attrs.get('specialArgs'),
      deploy: targetHost || tags ? deployValue('clan', targetHost, tags, inventory?.kind === 'attrs' ? inventory.locs?.get(name) : undefined) : undefined,
      loc,
    });
    (cls === 'darwin' ? darwin : nixos).set(name, ready(system));
    if (loc) (cls === 'darwin' ? darwinLocs : nixosLocs).set(name, loc);
  }
  const configs: [string, Value][] = [
    ['nixosConfigurations', { kind: 'attrs', attrs: nixos, locs: nixosLocs }],
    ['darwinConfigurations', { kind: 'attrs', attrs: darwin, locs: darwinLocs }],
  ];
  const config = record([...configs, ['inventory', field(arg, 'inventory') ?? attrsOf(new Map())]]);
  ev.openNames.set(config, 'clan.config');
  const out = record([...configs, ['config', config], ['clanInternals', unknown('clanInternals')]]);
  ev.openNames.set(out, 'clan');
  return out;
}

/** clan-core's `lib.clan`, `lib.buildClan` and its flake-parts module. */
export const clanCore: Convention = {
  name: 'clan-core',
  matches: (name, url) => /clan-core|(^|[/:])clan([/\s]|$)/i.test(`${name} ${url}`),
  contribute: (ctx) => {
    const { ev } = ctx;
    const builder = (n: string) => ready(def(ev, `${ctx.id}.lib.${n}`, 1, (a, [argT]) => clanOutputs(ctx, a.attrs(argT!))));
    // The flake-parts module: reads `config.clan` and defines the flake's configurations.
    const flakeModule = ready(
      def(ev, `${ctx.id}.flakeModules.default`, 1, (a, [argsT]) => {
        const args = a.attrs(argsT!);
        const outputs = ev.lazy(() => {
          // `clan = { … }` is the older spelling of `flake.clan = { … }` (a renamed option in clan-core).
          const config = field(args, 'config');
          const clan = field(config, 'clan') ?? field(field(config, 'flake'), 'clan');
          return clan?.kind === 'attrs' ? clanOutputs(ctx, clan, field(args, 'self')) : unknown('config.flake.clan');
        });
        const pick = (k: string) => ev.lazy(() => field(outputs.force(), k) ?? unknown(`clan.${k}`));
        // Not `flake.clan` itself: the user's definition of it is what this module reads.
        return record([['flake', record([['nixosConfigurations', pick('nixosConfigurations')], ['darwinConfigurations', pick('darwinConfigurations')]])]]);
      }),
    );
    const flakeModules = record([['default', flakeModule], ['clan', flakeModule]]);
    return {
      lib: new Map([['clan', builder('clan')], ['buildClan', builder('buildClan')]]),
      top: new Map([['flakeModules', ready(flakeModules)], ['flakeModule', flakeModule]]),
    };
  },
};
