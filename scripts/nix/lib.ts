/**
 * Assembles `builtins`, the scope every file starts in, and nixpkgs `lib` (flat, and by group:
 * `lib.attrsets`, `lib.lists`, `lib.strings`, `lib.trivial`, `lib.options`, `lib.modules`,
 * `lib.types`, …). Unimplemented names are unknowns named after their path (`lib.fileset.unions`).
 */
import { type Evaluator, Scope } from './evaluate.ts';
import { makeBuiltins, TOP_LEVEL } from './lib-builtins.ts';
import { makeModuleLib } from './lib-modules.ts';
import { makeNixpkgsLib, makePathLib } from './lib-nixpkgs.ts';
import { PRELUDE_GROUPS, preludeFunctions } from './lib-prelude.ts';
import { hmLibValue } from './types.ts';
import { attrsOf, def } from './lib-util.ts';
import { type AttrsValue, FALSE, getAttr, lazy, NULL, ready, type Thunk, TRUE, unknown, type Value } from './values.ts';

/** Groups of `lib` that exist only as unknowns (their members are unknowns named by path). */
const OPAQUE_GROUPS = ['fileset', 'sources', 'systems', 'platforms', 'licenses', 'maintainers', 'teams', 'versions', 'meta', 'customisation', 'derivations', 'generators', 'cli', 'gvariant', 'network', 'kernel', 'fetchers'];

/** Builtins nixpkgs' `lib` also has under the same name. */
const REEXPORTED_BUILTINS = ['readDir', 'readFileType', 'fromJSON', 'fromTOML', 'toFile', 'hashString', 'hashFile', 'placeholder', 'tryEval', 'genericClosure', 'getContext', 'hasContext', 'ceil', 'floor', 'toXML', 'unsafeGetAttrPos', 'addErrorContext', 'appendContext', 'unsafeDiscardOutputDependency', 'parseDrvName', 'convertHash', 'flakeRefToString', 'parseFlakeRef', 'addDrvOutputDependencies', 'filterSource'];

/** The evaluator's vocabulary: `builtins` and `lib`. */
export interface Vocabulary {
  builtins: AttrsValue;
  lib: AttrsValue;
}

/**
 * Installs builtins into the evaluator's base scope and builds `lib`.
 * @param ev the evaluator
 * @param types a thunk giving the `lib.types` attrset
 */
export function installLib(ev: Evaluator, types: Thunk): Vocabulary {
  const builtins = makeBuiltins(ev);
  const base = new Map<string, Thunk>();
  base.set('builtins', ready(builtins));
  base.set('true', ready(TRUE));
  base.set('false', ready(FALSE));
  base.set('null', ready(NULL));
  for (const name of TOP_LEVEL) base.set(name, builtins.attrs.get(name)!);
  ev.baseScope = new Scope(base, null, null, null);

  const groups: Record<string, Map<string, Thunk>> = { ...makeNixpkgsLib(ev, builtins), ...makeModuleLib(ev, types) };
  const flat = new Map<string, Thunk>();
  for (const g of Object.values(groups)) for (const [k, t] of g) if (!flat.has(k)) flat.set(k, t);
  // nixpkgs re-exports these members of `lib.types` at the top of `lib`.
  for (const name of ['mkOptionType', 'isOptionType', 'isType', 'setType']) {
    flat.set(name, lazy(() => getAttr(types.force(), name)?.force() ?? unknown(`lib.${name}`)));
  }
  // The rest of nixpkgs' pure functions, written in Nix (lib-prelude.ts), and builtins nixpkgs re-exports.
  let built: AttrsValue | undefined;
  const libThunk = lazy(() => built!);
  for (const [name, t] of preludeFunctions(ev, libThunk)) {
    if (flat.has(name)) continue;
    flat.set(name, t);
    const group = (groups[PRELUDE_GROUPS[name]!] ??= new Map());
    if (!group.has(name)) group.set(name, t);
  }
  for (const name of REEXPORTED_BUILTINS) {
    const t = builtins.attrs.get(name);
    if (t && !flat.has(name)) flat.set(name, t);
  }
  const lib = extensibleLib(ev, flat, groups, types);
  built = lib;
  return { builtins, lib };
}

/** Builds a lib attrset from its flat functions and groups, with `extend`. */
function extensibleLib(ev: Evaluator, flat: Map<string, Thunk>, groups: Record<string, Map<string, Thunk>>, types: Thunk): AttrsValue {
  const map = new Map(flat);
  for (const [name, g] of Object.entries(groups)) {
    const gv = attrsOf(g);
    ev.openNames.set(gv, `lib.${name}`);
    map.set(name, ready(gv));
  }
  map.set('types', types);
  // home-manager evaluates modules with `lib.hm`; its option types are known, the rest is unknown.
  const hm = hmLibValue();
  ev.openNames.set(hm, 'lib.hm');
  const hmTypes = hm.attrs.get('types')!.force();
  if (hmTypes.kind === 'attrs') ev.openNames.set(hmTypes, 'lib.hm.types');
  map.set('hm', ready(hm));
  map.set('path', ready(makePathLib(ev)));
  for (const name of OPAQUE_GROUPS) {
    if (map.has(name)) continue;
    const gv = attrsOf(new Map());
    ev.openNames.set(gv, `lib.${name}`);
    map.set(name, ready(gv));
  }
  const lib = attrsOf(map);
  ev.openNames.set(lib, 'lib');
  map.set(
    'extend',
    ready(
      def(ev, 'lib.extend', 1, (a, [f]) => extendLib(ev, lib, f!.force())),
    ),
  );
  return lib;
}

/**
 * `lib.extend (final: prev: { … })`: a new lib whose attributes are the old ones updated with the
 * overlay's, where `final` is the result itself.
 * @param ev the evaluator
 * @param prev the lib being extended
 * @param overlay the overlay function
 */
export function extendLib(ev: Evaluator, prev: AttrsValue, overlay: Value): Value {
  const map = new Map<string, Thunk>();
  const result: AttrsValue = attrsOf(map);
  ev.openNames.set(result, ev.openNames.get(prev) ?? 'lib');
  const ext = ev.call(overlay, ready(result), ready(prev));
  for (const [k, t] of prev.attrs) map.set(k, t);
  if (ext.kind === 'attrs') for (const [k, t] of ext.attrs) map.set(k, t);
  map.set('extend', ready(def(ev, 'lib.extend', 1, (a, [f]) => extendLib(ev, result, f!.force()))));
  return result;
}
