/**
 * Functions of nixpkgs `lib` written here in Nix, for the ones that are pure list, set and string
 * work over other `lib` functions: each is evaluated by our own evaluator, so it behaves as the
 * expression does (laziness included). `installLib` adds those the TypeScript `lib` lacks; a test
 * compares each with nixpkgs' lib under `nix-instantiate`. Written for this project from the
 * functions' documented behaviour.
 */
import path from 'node:path';
import type { Evaluator } from './evaluate.ts';
import { getAttr, lazy, type Thunk, unknown } from './values.ts';

/** The file name the prelude's code is known by (never a file of the flake). */
const PRELUDE_FILE = '<flake-docs lib>.nix';

/** `lib: builtins: { … }`; the `lib` group of each function is in `PRELUDE_GROUPS`. */
const SOURCE = String.raw`lib: b: rec {
  genAttrs' = xs: f: b.listToAttrs (map f xs);
  attrVals = names: set: map (n: b.getAttr n set) names;
  concatAttrValues = set: b.concatLists (b.attrValues set);
  filterAttrsRecursive = pred: set: b.listToAttrs (b.concatMap (name:
    let v = b.getAttr name set; in
    if pred name v then [ { inherit name; value = if b.isAttrs v then filterAttrsRecursive pred v else v; } ] else [ ]
  ) (b.attrNames set));
  mapAttrsRecursiveCond = cond: f: set:
    let recurse = path: b.mapAttrs (name: value:
      if b.isAttrs value && cond value then recurse (path ++ [ name ]) value else f (path ++ [ name ]) value);
    in recurse [ ] set;
  overrideExisting = old: new: b.mapAttrs (name: value: if b.hasAttr name new then b.getAttr name new else value) old;
  setAttr = set: name: value: set // b.listToAttrs [ { inherit name value; } ];
  zipAttrsWithNames = names: f: sets: b.listToAttrs (map (name: { inherit name; value = f name (b.catAttrs name sets); }) names);
  recurseIntoAttrs = attrs: attrs // { recurseForDerivations = true; };
  dontRecurseIntoAttrs = attrs: attrs // { recurseForDerivations = false; };
  mapNullable = f: a: if a == null then a else f a;
  imap = lib.imap1;
  replicate = n: elem: b.genList (_: elem) n;
  takeEnd = n: xs: let len = b.length xs; in lib.drop (if len > n then len - n else 0) xs;
  dropEnd = n: xs: let len = b.length xs; in lib.take (if len > n then len - n else 0) xs;
  allUnique = list: b.length (lib.unique list) == b.length list;
  findSingle = pred: default: multiple: list:
    let found = b.filter pred list; len = b.length found; in
    if len == 0 then default else if len != 1 then multiple else b.head found;
  compare = a: c: if a < c then -1 else if a > c then 1 else 0;
  boolToYesNo = x: if x then "yes" else "no";
  replaceString = from: to: b.replaceStrings [ from ] [ to ];
  stringAsChars = f: s: b.concatStringsSep "" (map f (lib.stringToCharacters s));
  lowerChars = lib.stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upperChars = lib.stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  concatMapAttrsStringSep = sep: f: attrs: b.concatStringsSep sep (b.attrValues (b.mapAttrs f attrs));
  join = b.concatStringsSep;
  groupBy' = op: nul: pred: lst: b.mapAttrs (name: b.foldl' op nul) (b.groupBy pred lst);
  composeExtensions = f: g: final: prev:
    let fApplied = f final prev; prev' = prev // fApplied; in fApplied // g final prev';
  composeManyExtensions = lib.foldr (x: y: composeExtensions x y) (final: prev: { });
  mul = a: c: a * c;
  div = a: c: a / c;
}`;

/** The `lib` group each prelude function is also found in (`lib.attrsets.filterAttrsRecursive`). */
export const PRELUDE_GROUPS: Record<string, string> = {
  "genAttrs'": 'attrsets', attrVals: 'attrsets', concatAttrValues: 'attrsets', filterAttrsRecursive: 'attrsets', mapAttrsRecursiveCond: 'attrsets',
  overrideExisting: 'attrsets', setAttr: 'attrsets', zipAttrsWithNames: 'attrsets', recurseIntoAttrs: 'attrsets', dontRecurseIntoAttrs: 'attrsets',
  mapNullable: 'trivial', imap: 'lists', replicate: 'lists', takeEnd: 'lists', dropEnd: 'lists', allUnique: 'lists', findSingle: 'lists',
  compare: 'trivial', boolToYesNo: 'trivial', replaceString: 'strings', stringAsChars: 'strings', lowerChars: 'strings', upperChars: 'strings',
  concatMapAttrsStringSep: 'strings', join: 'strings', "groupBy'": 'lists', composeExtensions: 'fixedPoints', composeManyExtensions: 'fixedPoints',
  mul: 'trivial', div: 'trivial',
};

/**
 * The prelude's functions, each a thunk evaluated on first use.
 * @param ev the evaluator
 * @param lib a thunk of the `lib` being built (the prelude's functions call its others)
 */
export function preludeFunctions(ev: Evaluator, lib: Thunk): Map<string, Thunk> {
  let set: Thunk | undefined;
  const prelude = () => (set ??= lazy(() => ev.call(ev.evalSource(SOURCE, path.join(ev.root, PRELUDE_FILE)), lib, ev.baseScope.vars!.get('builtins')!)));
  return new Map(Object.keys(PRELUDE_GROUPS).map((name) => [name, lazy(() => getAttr(prelude().force(), name)?.force() ?? unknown(`lib.${name}`))]));
}
