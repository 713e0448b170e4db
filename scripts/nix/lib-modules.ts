/**
 * Module-system vocabulary as nixpkgs represents it: `mkOption` (the given attrset plus
 * `_type = "option"`), `mkEnableOption`, `mkPackageOption`, `literalExpression`/`literalMD`, and the
 * `_type`-tagged property values of `mkIf`, `mkMerge`, `mkOverride` (`mkDefault`, `mkForce`, …) and
 * `mkOrder` (`mkBefore`, `mkAfter`). Rename/removal helpers give an empty module.
 */
import type { Evaluator } from './evaluate.ts';
import { type Args, attrsOf, def, strList } from './lib-util.ts';
import type { LibGroup } from './lib-nixpkgs.ts';
import { showOption } from './types.ts';
import {
  type AttrsValue,
  FALSE,
  int,
  NULL,
  ready,
  str,
  type Thunk,
  TRUE,
  unknown,
  type Value,
} from './values.ts';

/**
 * Marks the option `mkAliasOptionModule` declares with the path of its target: Nix gives the alias the
 * target's type, which the option extractor looks up once every option is known.
 */
export const ALIAS_OF = '__flakeDocsAliasOf';

/**
 * What `mkEnableOption { default = …; description = …; }` gets: the set is taken for the name (Nix
 * fails on it only when the description is read), and its `default` is ignored.
 */
export const ENABLE_SET =
  '`mkEnableOption` takes a name: this set is not a default, and the option defaults to false; write `mkEnableOption "name" // { default = true; }`, or `mkOption` with `type = types.bool`';

/** A `_type`-tagged attrset. */
function tagged(type: string, fields: [string, Thunk][]): AttrsValue {
  return attrsOf(new Map<string, Thunk>([['_type', ready(str(type))], ...fields]));
}

/**
 * Builds `lib.options` and `lib.modules`.
 * @param ev the evaluator
 * @param types the `lib.types` attrset, forced on first use
 */
export function makeModuleLib(ev: Evaluator, types: Thunk): { options: LibGroup; modules: LibGroup } {
  const options = new Map<string, Thunk>();
  const modules = new Map<string, Thunk>();
  const set = (g: LibGroup, name: string, arity: number, fn: (a: Args, args: Thunk[]) => Value) => g.set(name, ready(def(ev, `lib.${name}`, arity, fn)));
  const type = (name: string): Thunk =>
    ev.lazy(() => {
      const t = types.force();
      return (t.kind === 'attrs' && t.attrs.get(name)?.force()) || unknown(`lib.types.${name}`);
    });

  // ------------------------------------------------------------- options
  set(options, 'mkOption', 1, (a, [x]) => {
    const v = a.attrs(x!);
    const map = new Map(v.attrs);
    map.set('_type', ready(str('option')));
    const out: AttrsValue = { kind: 'attrs', attrs: map, locs: v.locs };
    const text = ev.texts.get(v);
    if (text !== undefined) ev.texts.set(out, text);
    return out;
  });
  set(options, 'mkEnableOption', 1, (a, [name]) =>
    tagged('option', [
      ['default', ready(FALSE)],
      ['example', ready(TRUE)],
      ['description', a.lazy(() => (name!.force().kind === 'attrs' ? ev.fail('nix/type-error', ENABLE_SET) : str(`Whether to enable ${a.str(name!)}.`)))],
      ['type', type('bool')],
    ]),
  );
  set(options, 'mkPackageOption', 3, (a, [pkgs, nameT, optsT]) => {
    const opts = a.attrs(optsT!);
    const opt = (k: string) => opts.attrs.get(k);
    const nameV = nameT!.force();
    const nameParts = nameV.kind === 'list' ? nameV.items.map((t) => a.str(t)) : [a.str(nameV)];
    const shortName = nameParts[nameParts.length - 1] ?? '';
    const nullable = opt('nullable') ? a.bool(opt('nullable')!) : false;
    const pkgsText = opt('pkgsText') ? a.str(opt('pkgsText')!) : 'pkgs';
    const extra = opt('extraDescription') ? a.str(opt('extraDescription')!) : '';
    const defaultV = opt('default')?.force();
    const fields: [string, Thunk][] = [];
    if (defaultV?.kind !== 'null') {
      const path = defaultV === undefined ? nameParts : defaultV.kind === 'list' ? defaultV.items.map((t) => a.str(t)) : [a.str(defaultV)];
      const text = `${pkgsText}.${path.join('.')}`;
      fields.push(['default', a.lazy(() => selectPath(ev, pkgs!.force(), path, text))]);
      fields.push(['defaultText', ready(tagged('literalExpression', [['text', ready(str(text))]]))]);
    } else if (nullable) {
      fields.push(['default', ready(NULL)]);
    }
    fields.push(['description', ready(str(`The ${shortName} package to use.${extra ? ` ${extra}` : ''}`))]);
    fields.push(['type', nullable ? a.lazy(() => ev.apply(type('nullOr').force(), type('package'))) : type('package')]);
    const example = opt('example')?.force();
    if (example && example.kind !== 'null') {
      const text = example.kind === 'list' ? `${pkgsText}.${example.items.map((t) => a.str(t)).join('.')}` : a.str(example);
      fields.push(['example', ready(tagged('literalExpression', [['text', ready(str(text))]]))]);
    }
    return tagged('option', fields);
  });
  // The Markdown-era alias (nixpkgs 23.11 – 24.05), the same function.
  options.set('mkPackageOptionMD', options.get('mkPackageOption')!);
  set(options, 'mkSinkUndeclaredOptions', 1, () => tagged('option', [['internal', ready(TRUE)]]));
  const literal = (kind: string) => (a: Args, [t]: Thunk[]) => {
    const v = t!.force();
    if (v.kind !== 'string' && v.kind !== 'unknown') return a.bad(v, 'a string');
    return tagged(kind, [['text', t!]]);
  };
  set(options, 'literalExpression', 1, literal('literalExpression'));
  set(options, 'literalExample', 1, literal('literalExpression'));
  set(options, 'literalMD', 1, literal('literalMD'));
  set(options, 'mdDoc', 1, (a, [t]) => t!.force());
  set(options, 'showOption', 1, (a, [p]) => str(showOption(a.list(p!).items.map((t) => a.str(t)))));
  set(options, 'isOption', 1, (a, [x]) => {
    const v = x!.force();
    if (v.kind === 'unknown') return unknown(v.reason);
    const t = v.kind === 'attrs' ? v.attrs.get('_type')?.force() : undefined;
    return t?.kind === 'string' && t.value === 'option' ? TRUE : FALSE;
  });

  // ------------------------------------------------------------- modules
  set(modules, 'mkIf', 2, (a, [c, x]) => tagged('if', [['condition', c!], ['content', x!]]));
  set(modules, 'mkMerge', 1, (a, [xs]) => tagged('merge', [['contents', xs!]]));
  set(modules, 'mkOverride', 2, (a, [p, x]) => tagged('override', [['priority', p!], ['content', x!]]));
  const override = (name: string, priority: number) =>
    set(modules, name, 1, (a, [x]) => tagged('override', [['priority', ready(int(priority))], ['content', x!]]));
  override('mkOptionDefault', 1500);
  override('mkDefault', 1000);
  override('mkImageMediaOverride', 60);
  override('mkForce', 50);
  override('mkVMOverride', 10);
  set(modules, 'mkOrder', 2, (a, [p, x]) => tagged('order', [['priority', p!], ['content', x!]]));
  const order = (name: string, priority: number) =>
    set(modules, name, 1, (a, [x]) => tagged('order', [['priority', ready(int(priority))], ['content', x!]]));
  order('mkBefore', 500);
  order('mkAfter', 1500);
  set(modules, 'mkFixStrictness', 1, (a, [x]) => x!.force());
  set(modules, 'mkAssert', 3, (a, [, , x]) => x!.force());
  set(modules, 'setDefaultModuleLocation', 2, (a, [, m]) => m!.force());
  set(modules, 'importApply', 2, (a, [p, args]) => ev.apply(ev.call(ev.baseScope.vars!.get('import')!.force(), p!), args!));
  const emptyModule = (name: string, arity: number) => set(modules, name, arity, () => attrsOf(new Map()));
  emptyModule('mkRemovedOptionModule', 2);
  emptyModule('mkRenamedOptionModule', 2);
  emptyModule('mkRenamedOptionModuleWith', 1);
  // `mkAliasOptionModule from to`: unlike a rename, the alias is a visible option, documented as
  // "Alias of {option}`to`." with the target's type (nixpkgs `doRename { visible = true; }`).
  const alias = (name: string) =>
    set(modules, name, 2, (a, [fromT, toT]) => {
      const from = a.list(fromT!).items.map((t) => a.str(t));
      const to = a.list(toT!).items.map((t) => a.str(t));
      // The option is declared where the helper is called.
      const site = ev.site;
      const loc = site ? ev.loc({ s: site.s }, site.file) : undefined;
      let tree: Value = tagged('option', [
        ['visible', ready(TRUE)],
        ['description', ready(str(`Alias of {option}\`${showOption(to)}\`.`))],
        [ALIAS_OF, ready(strList(to))],
      ]);
      for (const segment of [...from].reverse()) {
        tree = { kind: 'attrs', attrs: new Map([[segment, ready(tree)]]), locs: loc ? new Map([[segment, loc]]) : undefined };
      }
      return attrsOf(new Map([['options', ready(tree)]]));
    });
  alias('mkAliasOptionModule');
  alias('mkAliasOptionModuleMD');
  emptyModule('mkChangedOptionModule', 3);
  emptyModule('mkMergedOptionModule', 3);
  emptyModule('mkDerivedConfig', 2);
  set(modules, 'evalModules', 1, () => unknown('lib.evalModules'));
  set(modules, 'mkAliasDefinitions', 1, () => unknown('lib.mkAliasDefinitions'));
  return { options, modules };
}

/** Selects a path from a value (known or unknown), naming the unknown after `text`. */
function selectPath(ev: Evaluator, v: Value, path: string[], text: string): Value {
  let cur = v;
  for (const name of path) {
    if (cur.kind !== 'attrs') return unknown(text, undefined, text);
    const t = cur.attrs.get(name);
    if (!t) return unknown(text, undefined, text);
    cur = t.force();
  }
  void ev;
  return cur;
}
