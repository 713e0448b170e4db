/**
 * vic's import-tree: `inputs.import-tree ./modules` is a module importing every `.nix` file under the
 * folder, skipping paths with a component that starts with `_`; `.filter f`, `.filterNot f`,
 * `.match re` and `.matchNot re` narrow the files by their path string, `.withLib lib` changes nothing here.
 */
import path from 'node:path';
import { compileRegex } from '../lib-builtins.ts';
import { type Args, def } from '../lib-util.ts';
import { list, ready, str, type Thunk, type Value } from '../values.ts';
import type { Convention, ConventionContext } from './types.ts';
import { folder, pathOf, pathValue, record } from './util.ts';

type Keep = (a: Args, file: string) => boolean;

/** The callable tree value with the given filters. */
function tree(ctx: ConventionContext, keeps: Keep[]): Value {
  const { ev } = ctx;
  const collect = (a: Args, v: Value, out: Thunk[], depth: number): void => {
    if (depth > 20) return;
    if (v.kind === 'list') {
      for (const t of v.items) collect(a, t.force(), out, depth + 1);
      return;
    }
    const root = pathOf(v);
    if (root === undefined) {
      if (v.kind === 'unknown') a.bad(v, 'a path');
      out.push(ready(v)); // a module given as is
      return;
    }
    const walk = (dir: string, d: number) => {
      if (d > 50) return;
      for (const e of folder(ev, dir)) {
        if (e.name.startsWith('_')) continue;
        if (e.dir) walk(e.abs, d + 1);
        else if (e.name.endsWith('.nix') && keeps.every((k) => k(a, e.abs))) out.push(pathValue(e.abs));
      }
    };
    if (path.extname(root) === '.nix') out.push(pathValue(root));
    else walk(root, 0);
  };
  const call = def(ev, `${ctx.id}`, 2, (a, [, arg]) => {
    const imports: Thunk[] = [];
    collect(a, arg!.force(), imports, 0);
    return record([['imports', list(imports)]]);
  });
  const narrow = (name: string, make: (a: Args, f: Thunk) => Keep) =>
    def(ev, `${ctx.id}.${name}`, 1, (a, [f]) => tree(ctx, [...keeps, make(a, f!)]));
  const byFunction = (negate: boolean) => (a: Args, f: Thunk): Keep => (b, file) => a.pred(f.force(), ready(str(file))) !== negate;
  const byRegex = (negate: boolean) => (a: Args, r: Thunk): Keep => {
    const re = compileRegex(a.str(r), true);
    return (_b, file) => (re ? re.test(file) : false) !== negate;
  };
  const self = record([
    ['__functor', call],
    ['filter', narrow('filter', byFunction(false))],
    ['filterNot', narrow('filterNot', byFunction(true))],
    ['match', narrow('match', byRegex(false))],
    ['matchNot', narrow('matchNot', byRegex(true))],
  ]);
  self.attrs.set('withLib', ready(def(ev, `${ctx.id}.withLib`, 1, () => self)));
  return self;
}

/** import-tree: the input itself is the function. */
export const importTree: Convention = {
  name: 'import-tree',
  matches: (name, url) => /import-tree/i.test(`${name} ${url}`),
  contribute: (ctx) => {
    const t = tree(ctx, []);
    return { top: new Map(t.kind === 'attrs' ? [...t.attrs] : []) };
  },
};
