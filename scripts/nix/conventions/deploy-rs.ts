/**
 * serokell's deploy-rs: `deploy.nodes.<node>.profiles.system.path = deploy-rs.lib.<system>.activate.nixos
 * self.nixosConfigurations.<host>` (also `activate.darwin`, `activate.home-manager`, `activate.custom`).
 * The activation remembers the configuration it activates, so a node named differently from its host
 * still finds it; `deployChecks` is only known at evaluation time.
 */
import { def } from '../lib-util.ts';
import { ready, str, type Thunk, unknown } from '../values.ts';
import type { Convention, ConventionContext } from './types.ts';
import { record } from './util.ts';

/** A set whose every attribute (a system such as `x86_64-linux`) is made on first use. */
class PerSystem extends Map<string, Thunk> {
  private readonly make: (system: string) => Thunk;
  constructor(make: (system: string) => Thunk) {
    super();
    this.make = make;
  }
  override get(key: string): Thunk | undefined {
    let t = super.get(key);
    if (!t && !key.startsWith('_')) super.set(key, (t = this.make(key)));
    return t;
  }
  override has(key: string): boolean {
    return !key.startsWith('_') || super.has(key);
  }
}

/** `lib.<system>`: `activate.*` and `deployChecks`. */
function perSystem(ctx: ConventionContext, system: string): Thunk {
  const { ev } = ctx;
  const activation = (kind: string, arity: number) =>
    ready(def(ev, `${ctx.id}.lib.${system}.activate.${kind}`, arity, (a, args) => record([['_type', str('flake-docs-activation')], ['kind', str(kind)], ['target', args[arity - 1]!]])));
  const activate = record([['nixos', activation('nixos', 1)], ['darwin', activation('darwin', 1)], ['home-manager', activation('home-manager', 1)], ['custom', activation('custom', 2)], ['noop', activation('noop', 1)]]);
  return ready(record([['activate', activate], ['deployChecks', ready(def(ev, `${ctx.id}.lib.${system}.deployChecks`, 1, () => unknown(`${ctx.id}.lib.${system}.deployChecks`)))]]));
}

/** deploy-rs's `lib.<system>.activate.*`. */
export const deployRs: Convention = {
  name: 'deploy-rs',
  matches: (name, url) => /deploy-rs/i.test(`${name} ${url}`),
  contribute: (ctx) => {
    const lib = { kind: 'attrs' as const, attrs: new PerSystem((system) => perSystem(ctx, system)) };
    return { top: new Map([['lib', ready(lib)]]) };
  },
};
