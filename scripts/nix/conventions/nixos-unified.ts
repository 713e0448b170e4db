/**
 * srid/nixos-unified. `lib.mkFlake { inputs; root; systems; specialArgs; }` is flake-parts' `mkFlake`
 * over every entry of the first of `nix/modules/flake`, `modules/flake`, `nix/modules/flake-parts`,
 * `modules/flake-parts` that exists under `root` (and `root` is a module argument). Its flake module
 * (`flakeModules.default`) puts `nixos-unified.lib.{mkLinuxSystem, mkMacosSystem, mkHomeConfiguration}`
 * in the flake (`self.nixos-unified.lib…`): `mkLinuxSystem { home-manager ? false; } mod` is a NixOS
 * configuration of `mod`, `mkMacosSystem` a nix-darwin one, `mkHomeConfiguration pkgs mod` a
 * home-manager one; every module gets `flake = { self; inputs; config; }`. `flakeModules.autoWire`
 * also makes a configuration of every `configurations/{nixos,darwin}/<name>` (`<name>.nix`, or a
 * folder with a default.nix).
 */
import path from 'node:path';
import { def } from '../lib-util.ts';
import { list, ready, type Thunk, type Value } from '../values.ts';
import type { Convention, ConventionClass, ConventionContext } from './types.ts';
import { field, fileLoc, folder, isFile, pathOf, pathValue, record } from './util.ts';

/** Where `mkFlake` looks for the flake's modules, in order. */
const MODULE_FOLDERS = ['nix/modules/flake', 'modules/flake', 'nix/modules/flake-parts', 'modules/flake-parts'];

/** The `nixos-unified.lib` functions, for a flake module's arguments. */
function unifiedLib(ctx: ConventionContext, id: string, args: Value): Value {
  const { ev } = ctx;
  const flakeArg = record([
    ['self', ev.lazy(() => field(args, 'self') ?? record([]))],
    ['inputs', ev.lazy(() => field(args, 'inputs') ?? record([]))],
    ['config', ev.lazy(() => field(args, 'config') ?? record([]))],
  ]);
  const specialArgs = ready(record([['flake', flakeArg]]));
  const system = (cls: ConventionClass, name: string) =>
    def(ev, `${id}.${name}`, 2, (a, [, mod]) => {
      const site = ev.site;
      return ctx.makeSystem(cls, name, { modules: ready(list([mod!])), specialArgs, loc: site ? ev.loc({ s: site.s }, site.file) : undefined });
    });
  const home = def(ev, `${id}.mkHomeConfiguration`, 2, (a, [pkgs, mod]) => {
    const site = ev.site;
    return ctx.makeSystem('home', 'mkHomeConfiguration', { modules: ready(list([mod!])), specialArgs, pkgs, loc: site ? ev.loc({ s: site.s }, site.file) : undefined });
  });
  return record([
    ['mkLinuxSystem', system('nixos', 'mkLinuxSystem')],
    ['mkMacosSystem', system('darwin', 'mkMacosSystem')],
    ['mkHomeConfiguration', home],
    ['specialArgsFor', record([['common', specialArgs], ['nixos', specialArgs], ['darwin', specialArgs]])],
  ]);
}

/** Configurations of one class from a `configurations/<class>` folder, as autowiring makes them, each located at its file. */
function autowired(ctx: ConventionContext, dir: string, cls: ConventionClass, args: Value): Value {
  const { ev } = ctx;
  const specialArgs = ev.lazy(() => field(field(unifiedLib(ctx, 'nixos-unified.lib', args), 'specialArgsFor'), 'common') ?? record([]));
  const out: [string, Thunk][] = [];
  const add = (name: string, abs: string, entry: string) =>
    out.push([name, ev.lazy(() => ctx.makeSystem(cls, `nixos-unified.${name}`, { modules: ready(list([pathValue(abs)])), specialArgs, loc: fileLoc(ev, entry) }))]);
  for (const e of folder(ev, dir)) {
    if (!e.dir && e.name.endsWith('.nix')) add(e.name.slice(0, -4), e.abs, e.abs);
    else if (e.dir && isFile(ev, path.join(e.abs, 'default.nix'))) add(e.name, e.abs, path.join(e.abs, 'default.nix'));
  }
  return record(out);
}

/** nixos-unified's `mkFlake` and flake modules. */
export const nixosUnified: Convention = {
  name: 'nixos-unified',
  matches: (name, url) => /nixos-unified|nixos-flake/i.test(`${name} ${url}`),
  contribute: (ctx) => {
    const { ev } = ctx;
    const id = ctx.id;
    const defaultModule = ready(
      def(ev, `${id}.flakeModules.default`, 1, (a, [argsT]) => record([['flake', record([['nixos-unified', record([['lib', ev.lazy(() => unifiedLib(ctx, `${id}.lib`, argsT!.force()))]])]])]])),
    );
    const autoWire = ready(
      def(ev, `${id}.flakeModules.autoWire`, 1, (a, [argsT]) => {
        const args = argsT!.force();
        const root = pathOf(field(args, 'self')) ?? ev.root;
        return record([
          [
            'flake',
            record([
              ['nixosConfigurations', ev.lazy(() => autowired(ctx, path.join(root, 'configurations', 'nixos'), 'nixos', args))],
              ['darwinConfigurations', ev.lazy(() => autowired(ctx, path.join(root, 'configurations', 'darwin'), 'darwin', args))],
            ]),
          ],
        ]);
      }),
    );
    const mkFlake = def(ev, `${id}.lib.mkFlake`, 1, (a, [argT]) => {
      const arg = a.attrs(argT!);
      const root = pathOf(field(arg, 'root')) ?? ev.root;
      const base = MODULE_FOLDERS.map((f) => path.join(root, f)).find((d) => folder(ev, d).length);
      const imports = base ? folder(ev, base).map((e) => pathValue(e.abs)) : [];
      const special = field(arg, 'specialArgs');
      const specialArgs = record([...(special?.kind === 'attrs' ? [...special.attrs] : []), ['root', ready({ kind: 'path', path: root })]]);
      const spec = record([['inputs', arg.attrs.get('inputs') ?? ready(record([]))], ['specialArgs', specialArgs]]);
      const module = record([['systems', arg.attrs.get('systems') ?? ready(list([]))], ['imports', list(imports)]]);
      return ev.apply(ev.apply(ctx.mkFlake(), ready(spec)), ready(module));
    });
    return {
      lib: new Map([['mkFlake', ready(mkFlake)]]),
      top: new Map([
        ['flakeModules', ready(record([['default', defaultModule], ['autoWire', autoWire]]))],
        ['flakeModule', defaultModule],
      ]),
    };
  },
};
