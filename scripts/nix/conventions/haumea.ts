/**
 * haumea (nix-community): `haumea.lib.load { src = ./src; inputs = { … }; loader?; transformer?; }`
 * loads a folder into an attrset: `foo.nix` becomes `foo`, a folder a nested set, names starting with
 * `_` stay private (reachable through `super`/`root` only). The default loader imports each file and,
 * when it is a function, calls it with the inputs plus `self` (the file's own result), `super` (its
 * folder) and `root` (the whole tree); `loaders.verbatim` only imports. Transformers (`cursor: mod: …`)
 * run on every folder, root included; `transformers.liftDefault` merges a folder's `default` into it.
 */
import path from 'node:path';
import { flakePath } from '../lib-builtins.ts';
import { type Args, attrsOf, def } from '../lib-util.ts';
import { type AttrsValue, lazy, list, ready, str, type Thunk, unknown, type Value } from '../values.ts';
import type { Convention, ConventionContext } from './types.ts';
import { folder, items, record } from './util.ts';

/**
 * The default loader: import, then call a function with one argument per name its pattern lists
 * (`f (mapAttrs (n: _: inputs.${n}) (functionArgs f))`), so a name the inputs lack fails only where it
 * is used, and a pattern's default is never taken.
 */
function defaultLoader(ctx: ConventionContext): Value {
  const { ev } = ctx;
  return def(ev, `${ctx.id}.lib.loaders.default`, 2, (a, [inputsT, fileT]) => {
    const abs = flakePath(a, fileT!);
    const v = ev.importFile(abs);
    if (v.kind !== 'lambda' && v.kind !== 'builtin') return v;
    const inputs = a.attrs(inputsT!);
    const args = new Map<string, Thunk>();
    for (const name of v.kind === 'lambda' ? (v.formals?.names ?? []) : []) {
      const given = inputs.attrs.get(name);
      if (given) args.set(name, given);
      else {
        // Nix fails here only when the argument is used: the select in haumea's loader.
        const message = `attribute '${name}' missing: the function uses its argument \`${name}\`, which \`${ctx.id}.lib.load\` takes from its \`inputs\`, and they have none: add it there`;
        const loc = v.kind === 'lambda' ? v.loc : undefined;
        args.set(name, lazy(() => (ev.report('warning', 'nix/missing-attribute', message, loc), unknown(message, loc))));
      }
    }
    return ev.apply(v, ready(attrsOf(args)));
  });
}

/** `transformers.liftDefault`: `{ default = x; y = …; }` becomes `x // { y = …; }`. */
function liftDefault(ctx: ConventionContext): Value {
  return def(ctx.ev, `${ctx.id}.lib.transformers.liftDefault`, 2, (a, [, modT]) => {
    const mod = a.attrs(modT!);
    const d = mod.attrs.get('default')?.force();
    if (!d || d.kind !== 'attrs') return mod;
    return attrsOf(new Map([...d.attrs, ...[...mod.attrs].filter(([k]) => k !== 'default')]));
  });
}

/** `lib.load`. */
function load(ctx: ConventionContext, loaderDefault: Value): Value {
  const { ev } = ctx;
  return def(ev, `${ctx.id}.lib.load`, 1, (a, [argT]) => {
    const arg = a.attrs(argT!);
    const srcT = arg.attrs.get('src');
    if (!srcT) return ev.fail('haumea/no-src', 'haumea.lib.load: `src` is required');
    const src = flakePath(a, srcT);
    const given = arg.attrs.get('inputs')?.force();
    const inputs = given?.kind === 'attrs' ? given : attrsOf(new Map());
    const loaderV = arg.attrs.get('loader')?.force() ?? loaderDefault;
    if (loaderV.kind === 'list') return unknown(`${ctx.id}.lib.load with matchers (files other than .nix)`);
    const tv = arg.attrs.get('transformer')?.force();
    const transformers = tv?.kind === 'list' ? items(tv).map((t) => t.force()) : tv ? [tv] : [];
    let root: Thunk;
    const loadDir = (dir: string, cursor: string[], depth: number): { full: AttrsValue; view: Value } => {
      const full = attrsOf(new Map());
      for (const e of folder(ev, dir)) {
        if (depth > 30) break;
        if (e.dir) {
          full.attrs.set(e.name, lazy(() => loadDir(e.abs, [...cursor, e.name], depth + 1).view));
        } else if (e.name.endsWith('.nix')) {
          const stem = path.basename(e.name, '.nix');
          const self: Thunk = ev.lazy(() => {
            const args = attrsOf(new Map([...inputs.attrs, ['self', self], ['super', ready(full)], ['root', root]]));
            return ev.call(loaderV, ready(args), ready({ kind: 'path', path: e.abs }));
          });
          full.attrs.set(stem, self);
        }
      }
      let view: Value = attrsOf(new Map([...full.attrs].filter(([k]) => !k.startsWith('_'))));
      const cursorV = ready(list(cursor.map((c) => ready(str(c)))));
      for (const t of transformers) view = ev.call(t, cursorV, ready(view));
      return { full, view };
    };
    root = lazy(() => loadDir(src, [], 0).view);
    return root.force();
  });
}

/** haumea's `lib.load`, `lib.loaders` and `lib.transformers.liftDefault`. */
export const haumea: Convention = {
  name: 'haumea',
  matches: (name, url) => /haumea/i.test(`${name} ${url}`),
  contribute: (ctx) => {
    const loaderDefault = defaultLoader(ctx);
    const verbatim = def(ctx.ev, `${ctx.id}.lib.loaders.verbatim`, 2, (a: Args, [, fileT]) => ctx.ev.importFile(flakePath(a, fileT!)));
    const loaders = record([['default', loaderDefault], ['verbatim', verbatim]]);
    ctx.ev.openNames.set(loaders, `${ctx.id}.lib.loaders`);
    const transformers = record([['liftDefault', liftDefault(ctx)]]);
    ctx.ev.openNames.set(transformers, `${ctx.id}.lib.transformers`);
    return { lib: new Map([['load', ready(load(ctx, loaderDefault))], ['loaders', ready(loaders)], ['transformers', ready(transformers)]]) };
  },
};
