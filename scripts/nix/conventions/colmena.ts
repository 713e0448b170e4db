/**
 * colmena: a hive is `colmena = { meta = …; defaults = …; <node> = module; }` in the outputs; newer
 * flakes wrap it as `colmenaHive = colmena.lib.makeHive { … }`, which keeps the same hive layout.
 */
import { def } from '../lib-util.ts';
import { ready } from '../values.ts';
import type { Convention } from './types.ts';

/** colmena's `lib.makeHive`: the hive as given (the hosts extractor reads its nodes). */
export const colmena: Convention = {
  name: 'colmena',
  matches: (name, url) => /colmena/i.test(`${name} ${url}`),
  contribute: (ctx) => ({ lib: new Map([['makeHive', ready(def(ctx.ev, `${ctx.id}.lib.makeHive`, 1, (a, [hive]) => a.attrs(hive!)))]]) }),
};
