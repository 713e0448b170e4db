/**
 * ehllie/ez-configs, a flake-parts module (`imports = [ inputs.ez-configs.flakeModule ];
 * ezConfigs.root = ./.;`): every `nixos-configurations/<name>.nix` (or `<name>/default.nix`) is a
 * NixOS host and every `darwin-configurations/<name>…` a nix-darwin host, each with
 * `networking.hostName` defaulting to its name, the `default` module of `nixos-modules/` (or
 * `darwin-modules/`) unless `ezConfigs.<os>.hosts.<name>.importDefault = false`, and
 * `ezConfigs.<os>.specialArgs` (default `ezConfigs.globalArgs`) plus `ezModules`. Users listed in
 * `hosts.<name>.userHomeModules` become home-manager users from `home-configurations/<user>`. The
 * module folders are also `nixosModules`, `darwinModules` and `homeModules`. Standalone
 * `homeConfigurations` (one per user and host) are not modelled.
 */
import path from 'node:path';
import { attrsOf } from '../lib-util.ts';
import { type AttrsValue, list, ready, str, type Thunk, unknown, type Value } from '../values.ts';
import type { Convention, ConventionContext } from './types.ts';
import { entries, field, fileLoc, folder, isFile, items, pathOf, pathValue, record, settingsModule, text } from './util.ts';

/** ez-configs' `readModules`: a folder's `.nix` files and sub-folders with a `default.nix`, by name. */
function readModules(ctx: ConventionContext, dir: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!dir) return out;
  for (const e of folder(ctx.ev, dir)) {
    if (!e.dir && e.name.endsWith('.nix')) out.set(e.name.slice(0, -4), e.abs);
    else if (e.dir && isFile(ctx.ev, path.join(e.abs, 'default.nix'))) out.set(e.name, path.join(e.abs, 'default.nix'));
  }
  return out;
}

const asSet = (m: Map<string, string>): AttrsValue => attrsOf(new Map([...m].map(([k, f]) => [k, pathValue(f)])));

/** The flake's outputs from the `ezConfigs` settings. */
function ezOutputs(ctx: ConventionContext, cfg: Value, args: Value): Value {
  const { ev } = ctx;
  const root = pathOf(field(cfg, 'root'));
  const dirOf = (os: string, kind: 'configurations' | 'modules') => pathOf(field(field(cfg, os), `${kind}Directory`)) ?? (root ? path.join(root, `${os}-${kind}`) : undefined);
  const homeModules = readModules(ctx, dirOf('home', 'modules'));
  const users = readModules(ctx, dirOf('home', 'configurations'));
  const homeManager = field(field(args, 'inputs'), 'home-manager');
  const out: [string, Value][] = [['homeModules', asSet(homeModules)]];
  for (const [os, cls, attr, modulesAttr] of [['nixos', 'nixos', 'nixosConfigurations', 'nixosModules'], ['darwin', 'darwin', 'darwinConfigurations', 'darwinModules']] as const) {
    const sub = field(cfg, os);
    const ezModules = readModules(ctx, dirOf(os, 'modules'));
    out.push([modulesAttr, asSet(ezModules)]);
    const special = new Map<string, Thunk>([...entries(field(sub, 'specialArgs') ?? field(cfg, 'globalArgs')), ['ezModules', ready(asSet(ezModules))]]);
    const hosts = new Map<string, Thunk>();
    const locs = new Map<string, ReturnType<typeof fileLoc>>();
    for (const [name, file] of readModules(ctx, dirOf(os, 'configurations'))) {
      const settings = field(field(sub, 'hosts'), name);
      const importDefault = field(settings, 'importDefault');
      const modules: Thunk[] = [pathValue(file), ready(record([['networking', record([['hostName', str(name)]])]]))];
      if (!(importDefault?.kind === 'bool' && !importDefault.value) && ezModules.has('default')) modules.push(pathValue(ezModules.get('default')!));
      const homeUsers = items(field(settings, 'userHomeModules')).flatMap((t) => text(t.force()) ?? []);
      if (homeUsers.length) {
        const hm = field(field(homeManager, os === 'nixos' ? 'nixosModules' : 'darwinModules'), 'default') ?? unknown('home-manager module');
        const userSet = record(homeUsers.map((u) => [u, record([['imports', list([...(users.has(u) ? [pathValue(users.get(u)!)] : []), ...(homeModules.has('default') ? [pathValue(homeModules.get('default')!)] : [])])]])]));
        modules.push(ready(hm), ready(record([['home-manager', record([['users', userSet]])]])));
      }
      const loc = fileLoc(ev, file);
      hosts.set(name, ready(ctx.makeSystem(cls, `ez-configs.${name}`, { modules: ready(list(modules)), specialArgs: ready(attrsOf(special)), loc })));
      locs.set(name, loc);
    }
    out.push([attr, { kind: 'attrs', attrs: hosts, locs }]);
  }
  return record(out);
}

/** ez-configs' flake-parts module. */
export const ezConfigs: Convention = {
  name: 'ez-configs',
  matches: (name, url) => /ez-configs/i.test(`${name} ${url}`),
  contribute: (ctx: ConventionContext) => {
    const outputs = ['nixosConfigurations', 'darwinConfigurations', 'nixosModules', 'darwinModules', 'homeModules'];
    const module = settingsModule(ctx, (config) => field(config, 'ezConfigs'), (cfg, args) => ezOutputs(ctx, cfg, args), outputs);
    return { top: new Map([['flakeModule', module], ['flakeModules', ready(record([['default', module]]))]]) };
  },
};
