/**
 * easy-hosts (tgirlcloud), a flake-parts module (`imports = [ inputs.easy-hosts.flakeModule ]`):
 * `easy-hosts.hosts.<name> = { arch ? "x86_64"; class ? "nixos"; path; modules; specialArgs; tags; }`
 * defines hosts, and `easy-hosts.autoConstruct = true` with `easy-hosts.path = ./hosts` adds one per
 * folder `hosts/<arch>-<class>/<name>` (`hosts/<name>` with `onlySystem = "aarch64-darwin"`). A class
 * is `nixos`, `darwin`, `iso` (a NixOS image) or one of `additionalClasses` (`{ wsl = "nixos"; }`);
 * `linux` means `nixos`; the system is `<arch>-linux` or `<arch>-darwin`. Every host gets
 * `shared.modules`, and the modules of `perClass class`, `perArch arch` and `perTag tag`. The older
 * spelling `easyHosts` is read too.
 */
import path from 'node:path';
import { attrsOf } from '../lib-util.ts';
import { list, ready, str, type Thunk, unknown, type Value } from '../values.ts';
import type { Convention, ConventionContext, SystemSpec } from './types.ts';
import { entries, field, fileLoc, folder, isFile, items, pathOf, pathValue, record, settingsModule, text } from './util.ts';

interface HostDecl {
  arch: string;
  cls: string;
  path?: string;
  modules: Thunk[];
  specialArgs: [string, Thunk][];
  tags: string[];
  loc?: SystemSpec['loc'];
}

/** The flake's configurations from the `easy-hosts` settings. */
function easyHostsOutputs(ctx: ConventionContext, cfg: Value, args: Value): Value {
  const { ev } = ctx;
  const additional = new Map<string, string>([['linux', 'nixos']]);
  for (const [k, t] of entries(field(cfg, 'additionalClasses'))) {
    const v = text(t.force());
    if (v) additional.set(k, v);
  }
  const decls = new Map<string, HostDecl>();
  const base = pathOf(field(cfg, 'path'));
  if (field(cfg, 'autoConstruct')?.kind === 'bool' && (field(cfg, 'autoConstruct') as { value: boolean }).value && base) {
    const only = text(field(cfg, 'onlySystem'));
    const addHost = (dir: { name: string; abs: string }, arch: string, cls: string) => {
      const entry = isFile(ev, path.join(dir.abs, 'default.nix')) ? path.join(dir.abs, 'default.nix') : undefined;
      decls.set(dir.name, { arch, cls, path: dir.abs, modules: [], specialArgs: [], tags: [], loc: entry ? fileLoc(ev, entry) : undefined });
    };
    if (only) {
      const [arch, os] = [only.slice(0, only.lastIndexOf('-')), only.slice(only.lastIndexOf('-') + 1)];
      for (const e of folder(ev, base)) if (e.dir) addHost(e, arch, os === 'darwin' ? 'darwin' : 'nixos');
    } else {
      for (const sys of folder(ev, base)) {
        const cut = sys.name.lastIndexOf('-');
        if (!sys.dir || cut < 0) continue;
        for (const e of folder(ev, sys.abs)) if (e.dir) addHost(e, sys.name.slice(0, cut), sys.name.slice(cut + 1));
      }
    }
  }
  const hostsV = field(cfg, 'hosts');
  for (const [name, t] of entries(hostsV)) {
    const h = t.force();
    const prev = decls.get(name);
    decls.set(name, {
      arch: text(field(h, 'arch')) ?? prev?.arch ?? 'x86_64',
      cls: text(field(h, 'class')) ?? prev?.cls ?? 'nixos',
      path: pathOf(field(h, 'path')) ?? prev?.path,
      modules: [...(prev?.modules ?? []), ...items(field(h, 'modules'))],
      specialArgs: entries(field(h, 'specialArgs')),
      tags: items(field(h, 'tags')).flatMap((x) => text(x.force()) ?? []),
      loc: prev?.loc ?? (hostsV?.kind === 'attrs' ? hostsV.locs?.get(name) : undefined),
    });
  }
  const shared = field(cfg, 'shared');
  const per = (name: string, key: string) => {
    const f = field(cfg, name);
    return f && (f.kind === 'lambda' || f.kind === 'builtin') ? ev.apply(f, ready(str(key))) : undefined;
  };
  const nixos = new Map<string, Thunk>();
  const darwin = new Map<string, Thunk>();
  const locs = { nixos: new Map(), darwin: new Map() };
  for (const [name, d] of [...decls].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const cls = additional.get(d.cls) ?? d.cls;
    const kind = cls === 'darwin' ? 'darwin' : 'nixos';
    const sources = [shared, per('perClass', d.cls), per('perArch', d.arch), ...d.tags.map((t) => per('perTag', t))];
    const modules = [...(d.path ? [pathValue(d.path)] : []), ...d.modules, ...sources.flatMap((s) => items(field(s, 'modules')))];
    const special = new Map<string, Thunk>([
      ['inputs', ready(field(args, 'inputs') ?? unknown('inputs'))],
      ['self', ready(field(args, 'self') ?? unknown('self'))],
    ]);
    for (const s of sources) for (const [k, t] of entries(field(s, 'specialArgs'))) special.set(k, t);
    for (const [k, t] of d.specialArgs) special.set(k, t);
    const system = `${d.arch}-${kind === 'darwin' ? 'darwin' : 'linux'}`;
    (kind === 'darwin' ? darwin : nixos).set(name, ready(ctx.makeSystem(kind, `easy-hosts.${name}`, { modules: ready(list(modules)), specialArgs: ready(attrsOf(special)), system: ready(str(system)), loc: d.loc })));
    if (d.loc) locs[kind].set(name, d.loc);
  }
  return record([
    ['nixosConfigurations', { kind: 'attrs', attrs: nixos, locs: locs.nixos }],
    ['darwinConfigurations', { kind: 'attrs', attrs: darwin, locs: locs.darwin }],
  ]);
}

/** easy-hosts' flake-parts module. */
export const easyHosts: Convention = {
  name: 'easy-hosts',
  matches: (name, url) => /easy-?hosts/i.test(`${name} ${url}`),
  contribute: (ctx: ConventionContext) => {
    const settings = (config: Value | undefined) => field(config, 'easy-hosts') ?? field(config, 'easyHosts');
    const module = settingsModule(ctx, settings, (cfg, args) => easyHostsOutputs(ctx, cfg, args), ['nixosConfigurations', 'darwinConfigurations']);
    return { top: new Map([['flakeModule', module], ['flakeModules', ready(record([['default', module], ['easy-hosts', module]]))]]) };
  },
};
