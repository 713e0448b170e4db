/**
 * nix-community/lib-aggregate: its `lib` is nixpkgs' lib (from nixpkgs.lib) with flake-utils' lib
 * under `lib.flake-utils`, so a flake can take all its helpers from one input.
 */
import { attrsOf } from '../lib-util.ts';
import { ready } from '../values.ts';
import { flakeUtilsLib } from './flake-utils.ts';
import type { Convention } from './types.ts';

/** lib-aggregate's `lib`. */
export const libAggregate: Convention = {
  name: 'lib-aggregate',
  matches: (name, url) => /lib-aggregate/i.test(`${name} ${url}`),
  contribute: (ctx) => {
    const lib = ctx.lib;
    const utils = attrsOf(flakeUtilsLib(ctx, `${ctx.id}.lib.flake-utils`));
    ctx.ev.openNames.set(utils, `${ctx.id}.lib.flake-utils`);
    const merged = lib.kind === 'attrs' ? attrsOf(new Map([...lib.attrs, ['flake-utils', ready(utils)]])) : lib;
    if (merged.kind === 'attrs') ctx.ev.openNames.set(merged, `${ctx.id}.lib`);
    return { top: new Map([['lib', ready(merged)]]) };
  },
};
