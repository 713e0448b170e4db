/**
 * gytis-ivaskevicius/flake-utils-plus: `utils.lib.mkFlake { inherit self inputs; hosts.<name> = { … };
 * hostDefaults = { … }; … }` makes a configuration of every host, its settings merged over
 * `hostDefaults` (sets joined, lists concatenated): `system` (default `x86_64-linux`), `output`
 * (`nixosConfigurations` unless `darwinConfigurations` is named), `modules`, `specialArgs` and
 * `extraArgs` (module arguments, with `inputs`). A host named as a reversed domain (`com.example.web`)
 * is the machine `web` of domain `example.com`; flake-utils-plus sets `networking.hostName` to that
 * machine name. Other arguments pass through to the flake's outputs; per-system outputs are not
 * modelled (they need the package set).
 */
import { attrsOf, def } from '../lib-util.ts';
import { type AttrsValue, list, ready, str, type Thunk, unknown, type Value } from '../values.ts';
import type { Convention, ConventionClass, ConventionContext } from './types.ts';
import { entries, field, items, record, text } from './util.ts';

/** Arguments of `mkFlake` that it consumes rather than passing to the outputs. */
const CONSUMED = new Set(['inputs', 'hosts', 'hostDefaults', 'nixosProfiles', 'channels', 'channelsConfig', 'self', 'sharedOverlays', 'supportedSystems', 'outputsBuilder']);

/** flake-utils-plus' `mergeAny`: the right side's sets joined onto the left's (one level), lists appended, others replaced. */
function mergeAny(lhs: Value | undefined, rhs: Value | undefined): Map<string, Value> {
  const out = new Map<string, Value>(entries(lhs).map(([k, t]) => [k, t.force()]));
  for (const [k, t] of entries(rhs)) {
    const v = t.force();
    const old = out.get(k);
    if (v.kind === 'attrs') out.set(k, attrsOf(new Map([...entries(old), ...entries(v)])));
    else if (v.kind === 'list') out.set(k, list([...items(old), ...v.items]));
    else out.set(k, v);
  }
  return out;
}

/** `mkFlake`'s outputs. */
function fupOutputs(ctx: ConventionContext, arg: AttrsValue): Value {
  const inputs = arg.attrs.get('inputs') ?? ready(unknown('inputs'));
  const defaults = field(arg, 'hostDefaults');
  const hostsV = field(arg, 'hosts');
  const built = new Map<string, { attrs: Map<string, Thunk>; locs: Map<string, NonNullable<ReturnType<NonNullable<AttrsValue['locs']>['get']>>> }>();
  for (const [name, t] of entries(hostsV)) {
    const host = mergeAny(defaults, t.force());
    const output = text(host.get('output')) ?? 'nixosConfigurations';
    const cls: ConventionClass | undefined = output === 'darwinConfigurations' ? 'darwin' : output === 'nixosConfigurations' ? 'nixos' : undefined;
    if (!cls) continue;
    const labels = name.split('.').reverse();
    const hostName = labels[0]!;
    // The module flake-utils-plus puts first: the machine's name (and domain), and the extra module arguments.
    const own: [string, Value][] = [['networking', record([['hostName', str(hostName)], ...(labels.length > 1 ? [['domain', str(labels.slice(1).join('.'))] as [string, Value]] : [])])]];
    const special = new Map<string, Thunk>([['inputs', inputs], ...entries(host.get('extraArgs')), ...entries(host.get('specialArgs'))]);
    const modules = list([ready(record(own)), ...items(host.get('modules'))]);
    const loc = hostsV?.kind === 'attrs' ? hostsV.locs?.get(name) : undefined;
    const system = ctx.makeSystem(cls, `flake-utils-plus.${name}`, { modules: ready(modules), specialArgs: ready(attrsOf(special)), system: ready(host.get('system') ?? str('x86_64-linux')), loc });
    const set = built.get(output) ?? built.set(output, { attrs: new Map(), locs: new Map() }).get(output)!;
    set.attrs.set(name, ready(system));
    if (loc) set.locs.set(name, loc);
  }
  const out = new Map<string, Thunk>([...arg.attrs].filter(([k]) => !CONSUMED.has(k)));
  for (const [output, set] of built) out.set(output, ready({ kind: 'attrs', attrs: set.attrs, locs: set.locs }));
  return { kind: 'attrs', attrs: out, locs: new Map([...(arg.locs ?? [])].filter(([k]) => out.has(k))) };
}

/** flake-utils-plus' `lib.mkFlake` (its other functions are flake-utils', modelled there). */
export const flakeUtilsPlus: Convention = {
  name: 'flake-utils-plus',
  matches: (name, url) => /flake-utils-plus/i.test(`${name} ${url}`),
  contribute: (ctx) => ({ lib: new Map([['mkFlake', ready(def(ctx.ev, `${ctx.id}.lib.mkFlake`, 1, (a, [argT]) => fupOutputs(ctx, a.attrs(argT!))))]]) }),
};
