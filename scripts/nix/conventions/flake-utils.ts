/**
 * numtide/flake-utils: `eachSystem systems (system: { packages = …; })` turns per-system outputs into
 * `{ packages.<system> = …; }` for every system, and `eachDefaultSystem` does it for its four default
 * systems; `eachSystemMap`/`eachDefaultSystemMap` map each system to a value (`genAttrs`). Per-system
 * outputs hold no hosts, but a flake that writes `{ nixosConfigurations = …; } // eachDefaultSystem …`
 * keeps its known outputs whatever the per-system function gives.
 */
import type { Args } from '../lib-util.ts';
import { attrsOf, def } from '../lib-util.ts';
import { ready, str, type Thunk, type Value } from '../values.ts';
import type { Convention, ConventionContext } from './types.ts';

/** flake-utils' `defaultSystems`. */
export const DEFAULT_SYSTEMS = ['aarch64-linux', 'aarch64-darwin', 'x86_64-darwin', 'x86_64-linux'];

/** The functions of flake-utils' `lib` that shape outputs, for an input library named `id`. */
export function flakeUtilsLib(ctx: ConventionContext, id: string): Map<string, Thunk> {
  const { ev } = ctx;
  const systemsOf = (a: Args, t: Thunk) => a.list(t).items.map((s) => a.str(s));
  // `eachSystem`: every output name of `f system`, one entry per system (the function is called per system).
  const each = (a: Args, systems: string[], f: Value): Value => {
    const results = systems.map((s) => [s, a.attrs(ev.apply(f, ready(str(s))))] as const);
    const out = new Map<string, Map<string, Thunk>>();
    for (const [system, ret] of results) for (const [k, t] of ret.attrs) (out.get(k) ?? out.set(k, new Map()).get(k)!).set(system, t);
    return attrsOf(new Map([...out].map(([k, m]) => [k, ready(attrsOf(m))])));
  };
  const eachMap = (a: Args, systems: string[], f: Value): Value => attrsOf(new Map(systems.map((s) => [s, a.lazy(() => ev.apply(f, ready(str(s))))])));
  return new Map<string, Thunk>([
    ['defaultSystems', ready({ kind: 'list', items: DEFAULT_SYSTEMS.map((s) => ready(str(s))) })],
    ['eachSystem', ready(def(ev, `${id}.lib.eachSystem`, 2, (a, [s, f]) => each(a, systemsOf(a, s!), f!.force())))],
    ['eachDefaultSystem', ready(def(ev, `${id}.lib.eachDefaultSystem`, 1, (a, [f]) => each(a, DEFAULT_SYSTEMS, f!.force())))],
    ['eachSystemMap', ready(def(ev, `${id}.lib.eachSystemMap`, 2, (a, [s, f]) => eachMap(a, systemsOf(a, s!), f!.force())))],
    ['eachDefaultSystemMap', ready(def(ev, `${id}.lib.eachDefaultSystemMap`, 1, (a, [f]) => eachMap(a, DEFAULT_SYSTEMS, f!.force())))],
  ]);
}

/** flake-utils' output helpers. */
export const flakeUtils: Convention = {
  name: 'flake-utils',
  matches: (name, url) => /flake-utils/i.test(`${name} ${url}`),
  contribute: (ctx) => ({ lib: flakeUtilsLib(ctx, ctx.id) }),
};
