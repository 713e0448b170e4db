/**
 * The common functions of nixpkgs `lib` (attrsets, lists, strings, trivial, fixedPoints, filesystem),
 * implemented in TypeScript with nixpkgs' semantics.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Evaluator } from './evaluate.ts';
import { equals, updateWithUnknown } from './eval-ops.ts';
import { flakePath, MAX_LIST } from './lib-builtins.ts';
import { type Args, attrsOf, Bail, def, sortedNames, strList } from './lib-util.ts';
import {
  type AttrsValue,
  bool,
  FALSE,
  int,
  list,
  ready,
  str,
  type Thunk,
  TRUE,
  unknown,
  type Value,
} from './values.ts';

/** A group of lib functions by name. */
export type LibGroup = Map<string, Thunk>;

/**
 * Builds the nixpkgs lib groups that are plain functions.
 * @param ev the evaluator
 * @param builtins the `builtins` attrset (many lib functions are builtins)
 */
export function makeNixpkgsLib(ev: Evaluator, builtins: AttrsValue): Record<'attrsets' | 'lists' | 'strings' | 'trivial' | 'fixedPoints' | 'filesystem' | 'debug' | 'asserts', LibGroup> {
  const B = (name: string) => builtins.attrs.get(name)!;
  const group = () => new Map<string, Thunk>();
  const attrsets = group();
  const lists = group();
  const strings = group();
  const trivial = group();
  const fixedPoints = group();
  const filesystem = group();
  const debug = group();
  const asserts = group();
  const set = (g: LibGroup, name: string, arity: number, fn: (a: Args, args: Thunk[]) => Value) => g.set(name, ready(def(ev, `lib.${name}`, arity, fn)));
  const alias = (g: LibGroup, name: string, builtinName = name) => g.set(name, B(builtinName));

  // ------------------------------------------------------------- trivial
  set(trivial, 'id', 1, (a, [x]) => x!.force());
  set(trivial, 'const', 2, (a, [x]) => x!.force());
  set(trivial, 'flip', 3, (a, [f, x, y]) => ev.call(f!.force(), y!, x!));
  set(trivial, 'pipe', 2, (a, [x, fs]) => {
    let acc: Thunk = x!;
    for (const f of a.list(fs!).items) acc = ready(ev.apply(f.force(), acc));
    return acc.force();
  });
  set(trivial, 'concat', 2, (a, [x, y]) => list([...a.list(x!).items, ...a.list(y!).items]));
  set(trivial, 'or', 2, (a, [x, y]) => bool(a.bool(x!) || a.bool(y!)));
  set(trivial, 'and', 2, (a, [x, y]) => bool(a.bool(x!) && a.bool(y!)));
  set(trivial, 'xor', 2, (a, [x, y]) => bool(a.bool(x!) !== a.bool(y!)));
  set(trivial, 'boolToString', 1, (a, [x]) => str(a.bool(x!) ? 'true' : 'false'));
  set(trivial, 'mergeAttrs', 2, (a, [x, y]) => attrsOf(new Map([...a.attrs(x!).attrs, ...a.attrs(y!).attrs])));
  set(trivial, 'defaultTo', 2, (a, [d, x]) => {
    const v = x!.force();
    return v.kind === 'null' ? d!.force() : v;
  });
  set(trivial, 'min', 2, (a, [x, y]) => (a.num(x!) <= a.num(y!) ? x!.force() : y!.force()));
  set(trivial, 'max', 2, (a, [x, y]) => (a.num(x!) >= a.num(y!) ? x!.force() : y!.force()));
  set(trivial, 'mod', 2, (a, [x, y]) => {
    const d = a.num(y!);
    return d === 0 ? ev.fail('nix/type-error', 'division by zero') : int(a.num(x!) % d);
  });
  set(trivial, 'warn', 2, (a, [, v]) => v!.force());
  set(trivial, 'warnIf', 3, (a, [, , v]) => v!.force());
  set(trivial, 'warnIfNot', 3, (a, [, , v]) => v!.force());
  set(trivial, 'throwIf', 3, (a, [c, m, v]) => (a.bool(c!) ? ev.fail('nix/throw', `throw: ${a.str(m!)}`) : v!.force()));
  set(trivial, 'throwIfNot', 3, (a, [c, m, v]) => (a.bool(c!) ? v!.force() : ev.fail('nix/throw', `throw: ${a.str(m!)}`)));
  set(trivial, 'toFunction', 1, (a, [x]) => {
    const v = x!.force();
    if (v.kind === 'lambda' || v.kind === 'builtin') return v;
    return def(ev, 'lib.toFunction', 1, () => v);
  });
  set(trivial, 'setFunctionArgs', 2, (a, [f]) => f!.force());
  set(trivial, 'mirrorFunctionArgs', 2, (a, [, g]) => g!.force());
  set(trivial, 'importJSON', 1, (a, [p]) => ev.call(B('fromJSON').force(), ready(ev.call(B('readFile').force(), p!))));
  set(trivial, 'importTOML', 1, () => unknown('lib.importTOML'));
  set(trivial, 'isFunction', 1, (a, [x]) => {
    const v = x!.force();
    if (v.kind === 'unknown') return unknown(v.reason);
    return bool(v.kind === 'lambda' || v.kind === 'builtin' || (v.kind === 'attrs' && v.attrs.has('__functor')));
  });
  trivial.set('version', ready(str('25.11')));
  trivial.set('release', ready(str('25.11')));
  trivial.set('inNixShell', ready(FALSE));
  trivial.set('oldestSupportedRelease', ready(int(2505)));
  for (const n of ['seq', 'deepSeq', 'isInt', 'isBool', 'isFloat', 'isString', 'isList', 'isAttrs', 'isPath', 'typeOf', 'add', 'sub', 'lessThan', 'bitAnd', 'bitOr', 'bitXor', 'functionArgs', 'pathExists', 'readFile', 'trace']) {
    alias(trivial, n);
  }

  // ------------------------------------------------------------- debug / asserts
  set(debug, 'traceVal', 1, (a, [x]) => x!.force());
  set(debug, 'traceSeq', 2, (a, [, y]) => y!.force());
  set(debug, 'traceValSeq', 1, (a, [x]) => x!.force());
  set(debug, 'traceIf', 3, (a, [, , y]) => y!.force());
  alias(debug, 'trace');
  set(asserts, 'assertMsg', 2, (a, [c, m]) => (a.bool(c!) ? TRUE : ev.fail('nix/assert', `assertion failed: ${a.str(m!)}`)));
  set(asserts, 'assertOneOf', 3, (a, [n, v, xs]) => {
    const val = v!.force();
    for (const t of a.list(xs!).items) if (equals(ev, val, t.force()) === true) return TRUE;
    return ev.fail('nix/assert', `${a.str(n!)} must be one of the allowed values`);
  });

  // ------------------------------------------------------------- lists
  /** True when `v` equals one of `items`; bails with an unknown when equality cannot be known. */
  const member = (a: Args, v: Value, items: Thunk[]) =>
    items.some((t) => {
      const eq = equals(ev, v, t.force());
      if (typeof eq !== 'boolean') a.bad(eq, '');
      return eq;
    });
  for (const n of ['map', 'filter', "foldl'", 'length', 'head', 'tail', 'elem', 'elemAt', 'concatLists', 'concatMap', 'genList', 'any', 'all', 'sort', 'partition', 'groupBy', 'isList']) alias(lists, n);
  set(lists, 'foldl', 3, (a, [f, z, l]) => {
    const fv = f!.force();
    let acc: Thunk = z!;
    for (const t of a.list(l!).items) {
      const prev = acc;
      acc = a.lazy(() => ev.call(fv, prev, t));
    }
    return acc.force();
  });
  set(lists, 'foldr', 3, (a, [f, z, l]) => {
    const fv = f!.force();
    const items = a.list(l!).items;
    let acc: Thunk = z!;
    for (let i = items.length - 1; i >= 0; i--) {
      const prev = acc;
      const t = items[i]!;
      acc = a.lazy(() => ev.call(fv, t, prev));
    }
    return acc.force();
  });
  lists.set('fold', lists.get('foldr')!);
  set(lists, 'last', 1, (a, [l]) => {
    const items = a.list(l!).items;
    return items.length ? items[items.length - 1]!.force() : ev.fail('nix/assert', 'lists.last: list must not be empty!');
  });
  set(lists, 'init', 1, (a, [l]) => {
    const items = a.list(l!).items;
    return items.length ? list(items.slice(0, -1)) : ev.fail('nix/assert', 'lists.init: list must not be empty!');
  });
  set(lists, 'take', 2, (a, [n, l]) => list(a.list(l!).items.slice(0, Math.max(0, a.num(n!)))));
  set(lists, 'drop', 2, (a, [n, l]) => list(a.list(l!).items.slice(Math.max(0, a.num(n!)))));
  set(lists, 'sublist', 3, (a, [s, n, l]) => {
    const start = a.num(s!);
    return list(a.list(l!).items.slice(start, start + a.num(n!)));
  });
  set(lists, 'flatten', 1, (a, [x]) => {
    const out: Thunk[] = [];
    const walk = (t: Thunk, depth: number) => {
      const v = t.force();
      if (v.kind === 'list') {
        if (depth > 100) a.bad(unknown('list nested too deeply'), '');
        for (const i of v.items) walk(i, depth + 1);
      } else if (v.kind === 'unknown') a.bad(v, 'a list');
      else out.push(t);
    };
    walk(x!, 0);
    return list(out);
  });
  set(lists, 'unique', 1, (a, [l]) => {
    const out: Thunk[] = [];
    for (const t of a.list(l!).items) if (!member(a, t.force(), out)) out.push(t);
    return list(out);
  });
  lists.set('uniqueStrings', lists.get('unique')!);
  set(lists, 'optional', 2, (a, [c, x]) => list(a.bool(c!) ? [x!] : []));
  set(lists, 'optionals', 2, (a, [c, x]) => (a.bool(c!) ? a.list(x!) : list([])));
  set(lists, 'range', 2, (a, [f, t]) => {
    const from = a.num(f!);
    const to = a.num(t!);
    if (to - from > MAX_LIST) return ev.fail('nix/budget', `range of ${to - from + 1} elements is too long to evaluate statically`);
    const out: Thunk[] = [];
    for (let i = from; i <= to; i++) out.push(ready(int(i)));
    return list(out);
  });
  const imap = (base: number) => (a: Args, [f, l]: Thunk[]) => {
    const fv = f!.force();
    return list(a.list(l!).items.map((t, i) => a.lazy(() => ev.call(fv, ready(int(i + base)), t))));
  };
  set(lists, 'imap0', 2, imap(0));
  set(lists, 'imap1', 2, imap(1));
  set(lists, 'count', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    return int(a.list(l!).items.filter((t) => a.pred(fv, t)).length);
  });
  set(lists, 'reverseList', 1, (a, [l]) => list([...a.list(l!).items].reverse()));
  set(lists, 'forEach', 2, (a, [l, f]) => ev.call(B('map').force(), f!, l!));
  set(lists, 'findFirst', 3, (a, [f, d, l]) => {
    const fv = a.fn(f!);
    for (const t of a.list(l!).items) if (a.pred(fv, t)) return t.force();
    return d!.force();
  });
  set(lists, 'toList', 1, (a, [x]) => {
    const v = x!.force();
    return v.kind === 'list' ? v : list([x!]);
  });
  set(lists, 'singleton', 1, (a, [x]) => list([x!]));
  set(lists, 'remove', 2, (a, [e, l]) => {
    const ev0 = e!.force();
    return list(a.list(l!).items.filter((t) => {
      const eq = equals(ev, ev0, t.force());
      if (typeof eq !== 'boolean') a.bad(eq, '');
      return !eq;
    }));
  });
  set(lists, 'subtractLists', 2, (a, [e, l]) => {
    const drop = a.list(e!).items;
    return list(a.list(l!).items.filter((t) => !member(a, t.force(), drop)));
  });
  set(lists, 'intersectLists', 2, (a, [e, l]) => {
    const keep = a.list(e!).items;
    return list(a.list(l!).items.filter((t) => member(a, t.force(), keep)));
  });
  set(lists, 'zipLists', 2, (a, [x, y]) => {
    const xs = a.list(x!).items;
    const ys = a.list(y!).items;
    const out: Thunk[] = [];
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) out.push(ready(attrsOf(new Map([['fst', xs[i]!], ['snd', ys[i]!]]))));
    return list(out);
  });
  set(lists, 'zipListsWith', 3, (a, [f, x, y]) => {
    const fv = f!.force();
    const xs = a.list(x!).items;
    const ys = a.list(y!).items;
    const out: Thunk[] = [];
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
      const xi = xs[i]!;
      const yi = ys[i]!;
      out.push(a.lazy(() => ev.call(fv, xi, yi)));
    }
    return list(out);
  });
  set(lists, 'ifilter0', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    return list(a.list(l!).items.filter((t, i) => a.pred(fv, ready(int(i)), t)));
  });
  set(lists, 'naturalSort', 1, (a, [l]) => {
    const items = a.list(l!).items.map((t) => ({ t, s: a.str(t) }));
    items.sort((x, y) => x.s.localeCompare(y.s, 'en', { numeric: true }));
    return list(items.map((x) => x.t));
  });
  set(lists, 'listDfs', 3, () => unknown('lib.listDfs'));
  set(lists, 'toposort', 2, () => unknown('lib.toposort'));

  // ------------------------------------------------------------- strings
  for (const n of ['concatStringsSep', 'replaceStrings', 'stringLength', 'substring', 'match', 'split', 'isString', 'toJSON', 'baseNameOf', 'dirOf', 'splitVersion', 'compareVersions', 'unsafeDiscardStringContext']) alias(strings, n);
  set(strings, 'concatStrings', 1, (a, [l]) => str(a.list(l!).items.map((t) => a.str(t)).join('')));
  // concatMapStrings, concatMapStringsSep, concatImapStrings and concatImapStringsSep in one.
  const concatMapped = (a: Args, sep: string, f: Thunk, l: Thunk, indexed: boolean) => {
    const fv = f.force();
    return str(a.list(l).items.map((t, i) => a.str(indexed ? ev.call(fv, ready(int(i + 1)), t) : ev.apply(fv, t))).join(sep));
  };
  set(strings, 'concatMapStrings', 2, (a, [f, l]) => concatMapped(a, '', f!, l!, false));
  set(strings, 'concatMapStringsSep', 3, (a, [sep, f, l]) => concatMapped(a, a.str(sep!), f!, l!, false));
  set(strings, 'concatImapStrings', 2, (a, [f, l]) => concatMapped(a, '', f!, l!, true));
  set(strings, 'concatImapStringsSep', 3, (a, [sep, f, l]) => concatMapped(a, a.str(sep!), f!, l!, true));
  set(strings, 'concatLines', 1, (a, [l]) => str(a.list(l!).items.map((t) => `${a.str(t)}\n`).join('')));
  set(strings, 'optionalString', 2, (a, [c, s]) => (a.bool(c!) ? str(a.str(s!)) : str('')));
  set(strings, 'hasPrefix', 2, (a, [p, s]) => bool(a.str(s!).startsWith(a.str(p!))));
  set(strings, 'hasSuffix', 2, (a, [p, s]) => bool(a.str(s!).endsWith(a.str(p!))));
  set(strings, 'hasInfix', 2, (a, [p, s]) => bool(a.str(s!).includes(a.str(p!))));
  set(strings, 'removePrefix', 2, (a, [p, s]) => {
    const pre = a.str(p!);
    const v = s!.force();
    const text = a.str(v);
    return text.startsWith(pre) ? str(text.slice(pre.length)) : v;
  });
  set(strings, 'removeSuffix', 2, (a, [p, s]) => {
    const suf = a.str(p!);
    const v = s!.force();
    const text = a.str(v);
    return suf && text.endsWith(suf) ? str(text.slice(0, text.length - suf.length)) : v;
  });
  // As nixpkgs: the file through builtins.readFile (so a secret file stays redacted), less one final newline.
  set(strings, 'fileContents', 1, (a, [p]) => {
    const v = ev.call(B('readFile').force(), p!);
    return v.kind === 'string' && v.value.endsWith('\n') ? str(v.value.slice(0, -1)) : v;
  });
  set(strings, 'splitString', 2, (a, [sep, s]) => strList(a.str(s!).split(a.str(sep!))));
  set(strings, 'toLower', 1, (a, [s]) => str(a.str(s!).replace(/[A-Z]/g, (c) => c.toLowerCase())));
  set(strings, 'toUpper', 1, (a, [s]) => str(a.str(s!).replace(/[a-z]/g, (c) => c.toUpperCase())));
  set(strings, 'stringToCharacters', 1, (a, [s]) => strList([...a.str(s!)]));
  const shellQuote = (text: string) => (/^[\w,./:=@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  set(strings, 'escapeShellArg', 1, (a, [s]) => str(shellQuote(a.toStr(s!))));
  set(strings, 'escapeShellArgs', 1, (a, [l]) => str(a.list(l!).items.map((t) => shellQuote(a.toStr(t))).join(' ')));
  set(strings, 'escape', 2, (a, [l, s]) => {
    const chars = a.list(l!).items.map((t) => a.str(t));
    let text = a.str(s!);
    for (const c of chars) text = text.split(c).join(`\\${c}`);
    return str(text);
  });
  set(strings, 'trim', 1, (a, [s]) => str(a.str(s!).replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '')));
  set(strings, 'toInt', 1, (a, [s]) => {
    const text = a.str(s!).trim();
    return /^-?\d+$/.test(text) ? int(Number(text)) : ev.fail('nix/type-error', `toInt: could not convert "${text}" to an integer`);
  });
  strings.set('toIntBase10', strings.get('toInt')!);
  set(strings, 'intersperse', 2, (a, [sep, l]) => {
    const out: Thunk[] = [];
    a.list(l!).items.forEach((t, i) => {
      if (i) out.push(sep!);
      out.push(t);
    });
    return list(out);
  });
  set(strings, 'fixedWidthString', 3, (a, [w, f, s]) => {
    const width = a.num(w!);
    const fill = a.str(f!);
    const text = a.str(s!);
    return str(text.length >= width ? text : fill.repeat(width - text.length) + text);
  });
  set(strings, 'fixedWidthNumber', 2, (a, [w, n]) => str(String(a.num(n!)).padStart(a.num(w!), '0')));
  set(strings, 'makeBinPath', 1, (a, [l]) => str(a.list(l!).items.map((t) => `${a.str(t)}/bin`).join(':')));
  set(strings, 'makeLibraryPath', 1, (a, [l]) => str(a.list(l!).items.map((t) => `${a.str(t)}/lib`).join(':')));
  set(strings, 'makeSearchPath', 2, (a, [sub, l]) => {
    const s = a.str(sub!);
    return str(a.list(l!).items.map((t) => `${a.str(t)}/${s}`).join(':'));
  });
  set(strings, 'toSentenceCase', 1, (a, [s]) => {
    const text = a.str(s!);
    return str(text.charAt(0).toUpperCase() + text.slice(1).toLowerCase());
  });
  set(strings, 'versionOlder', 2, (a, [x, y]) => bool((ev.call(B('compareVersions').force(), x!, y!) as { value: number }).value < 0));
  set(strings, 'versionAtLeast', 2, (a, [x, y]) => bool((ev.call(B('compareVersions').force(), x!, y!) as { value: number }).value >= 0));
  set(strings, 'getName', 1, (a, [x]) => unknown(`lib.getName ${x!.force().kind}`));
  set(strings, 'getVersion', 1, () => unknown('lib.getVersion'));
  set(strings, 'isStringLike', 1, (a, [x]) => {
    const v = x!.force();
    if (v.kind === 'unknown') return unknown(v.reason);
    return bool(v.kind === 'string' || v.kind === 'path' || (v.kind === 'attrs' && (v.attrs.has('outPath') || v.attrs.has('__toString'))));
  });
  alias(strings, 'toString');

  // ------------------------------------------------------------- attrsets
  for (const n of ['attrNames', 'attrValues', 'hasAttr', 'getAttr', 'listToAttrs', 'mapAttrs', 'catAttrs', 'zipAttrsWith', 'intersectAttrs', 'removeAttrs', 'isAttrs']) alias(attrsets, n);
  set(attrsets, 'genAttrs', 2, (a, [names, f]) => {
    const fv = f!.force();
    const out = new Map<string, Thunk>();
    for (const t of a.list(names!).items) {
      const k = a.str(t);
      const kt = ready(str(k));
      out.set(k, a.lazy(() => ev.apply(fv, kt)));
    }
    return attrsOf(out);
  });
  set(attrsets, "mapAttrs'", 2, (a, [f, s]) => {
    const fv = f!.force();
    const input = a.attrs(s!);
    const out = new Map<string, Thunk>();
    for (const k of sortedNames(input)) {
      const pair = a.attrs(ev.call(fv, ready(str(k)), input.attrs.get(k)!));
      const n = pair.attrs.get('name');
      const v = pair.attrs.get('value');
      if (!n || !v) return ev.fail('nix/missing-attribute', "mapAttrs': the function must return { name; value; }");
      const name = a.str(n);
      if (!out.has(name)) out.set(name, v);
    }
    return attrsOf(out);
  });
  set(attrsets, 'mapAttrsToList', 2, (a, [f, s]) => {
    const fv = f!.force();
    const v = a.attrs(s!);
    return list(sortedNames(v).map((k) => a.lazy(() => ev.call(fv, ready(str(k)), v.attrs.get(k)!))));
  });
  attrsets.set('attrsToList', ready(def(ev, 'lib.attrsToList', 1, (a, [s]) => {
    const v = a.attrs(s!);
    return list(sortedNames(v).map((k) => ready(attrsOf(new Map([['name', ready(str(k))], ['value', v.attrs.get(k)!]])))));
  })));
  set(attrsets, 'concatMapAttrs', 2, (a, [f, s]) => {
    const fv = f!.force();
    const v = a.attrs(s!);
    const out = new Map<string, Thunk>();
    for (const k of sortedNames(v)) for (const [n, t] of a.attrs(ev.call(fv, ready(str(k)), v.attrs.get(k)!)).attrs) out.set(n, t);
    return attrsOf(out);
  });
  set(attrsets, 'filterAttrs', 2, (a, [f, s]) => {
    const fv = a.fn(f!);
    const v = a.attrs(s!);
    const out = new Map<string, Thunk>();
    const locs = v.locs ? new Map() : undefined;
    for (const k of sortedNames(v)) {
      const t = v.attrs.get(k)!;
      if (a.pred(fv, ready(str(k)), t)) {
        out.set(k, t);
        const l = v.locs?.get(k);
        if (l) locs!.set(k, l);
      }
    }
    return { kind: 'attrs', attrs: out, locs };
  });
  set(attrsets, 'nameValuePair', 2, (a, [n, v]) => attrsOf(new Map([['name', n!], ['value', v!]])));
  set(attrsets, 'optionalAttrs', 2, (a, [c, s]) => (a.bool(c!) ? a.attrs(s!) : attrsOf(new Map())));
  set(attrsets, 'attrByPath', 3, (a, [p, d, s]) => {
    let cur = s!.force();
    for (const t of a.list(p!).items) {
      const name = a.str(t);
      if (cur.kind === 'unknown') return unknown(`${cur.reason}.${name}`);
      if (cur.kind !== 'attrs') return d!.force();
      const next = cur.attrs.get(name);
      if (!next) {
        const open = ev.openNames.get(cur);
        return open !== undefined ? unknown(`${open}.${name}`) : d!.force();
      }
      cur = next.force();
    }
    return cur;
  });
  set(attrsets, 'getAttrFromPath', 2, (a, [p, s]) => {
    let cur = s!.force();
    const names: string[] = [];
    for (const t of a.list(p!).items) {
      const name = a.str(t);
      names.push(name);
      if (cur.kind === 'unknown') return unknown(`${cur.reason}.${name}`);
      const next = a.attrs(cur).attrs.get(name);
      if (!next) return ev.fail('nix/missing-attribute', `cannot find attribute '${names.join('.')}'`);
      cur = next.force();
    }
    return cur;
  });
  set(attrsets, 'hasAttrByPath', 2, (a, [p, s]) => {
    let cur = s!.force();
    for (const t of a.list(p!).items) {
      const name = a.str(t);
      if (cur.kind === 'unknown') return unknown(`${cur.reason}.${name}`);
      if (cur.kind !== 'attrs') return FALSE;
      const next = cur.attrs.get(name);
      if (!next) return FALSE;
      cur = next.force();
    }
    return TRUE;
  });
  set(attrsets, 'setAttrByPath', 2, (a, [p, v]) => {
    const names = a.list(p!).items.map((t) => a.str(t));
    let cur: Thunk = v!;
    for (let i = names.length - 1; i >= 0; i--) cur = ready(attrsOf(new Map([[names[i]!, cur]])));
    return cur.force();
  });
  const recursiveUpdateUntil = (a: Args, pred: Value | undefined, x: Value, y: Value, p: string[]): Value => {
    const l = a.attrs(x);
    const r = a.attrs(y);
    const out = new Map(l.attrs);
    for (const [k, t] of r.attrs) {
      const lt = l.attrs.get(k);
      if (!lt) {
        out.set(k, t);
        continue;
      }
      out.set(k, a.lazy(() => {
        const lv = lt.force();
        const rv = t.force();
        const here = [...p, k];
        const stop = pred ? a.pred(pred, ready(strList(here)), lt, t) : !(lv.kind === 'attrs' && rv.kind === 'attrs');
        if (stop || lv.kind !== 'attrs' || rv.kind !== 'attrs') return rv;
        return recursiveUpdateUntil(a, pred, lv, rv, here);
      }));
    }
    return { kind: 'attrs', attrs: out, locs: l.locs || r.locs ? new Map([...(l.locs ?? []), ...(r.locs ?? [])]) : undefined };
  };
  set(attrsets, 'recursiveUpdate', 2, (a, [x, y]) => {
    const [l, r] = [x!.force(), y!.force()];
    // As with `//`, an unknown side leaves what the known side says (see updateWithUnknown).
    if (l.kind === 'unknown' && r.kind === 'attrs') return updateWithUnknown(ev, r, l);
    if (r.kind === 'unknown' && l.kind === 'attrs') return updateWithUnknown(ev, l, r);
    return recursiveUpdateUntil(a, undefined, l, r, []);
  });
  set(attrsets, 'recursiveUpdateUntil', 3, (a, [f, x, y]) => recursiveUpdateUntil(a, f!.force(), x!.force(), y!.force(), []));
  set(attrsets, 'foldAttrs', 3, (a, [f, z, l]) => {
    const fv = f!.force();
    const acc = new Map<string, Thunk>();
    const items = a.list(l!).items;
    for (let i = items.length - 1; i >= 0; i--) {
      for (const [k, t] of a.attrs(items[i]!).attrs) {
        const prev = acc.get(k) ?? z!;
        acc.set(k, a.lazy(() => ev.call(fv, t, prev)));
      }
    }
    return attrsOf(acc);
  });
  set(attrsets, 'foldlAttrs', 3, (a, [f, z, s]) => {
    const fv = f!.force();
    const v = a.attrs(s!);
    let acc: Thunk = z!;
    for (const k of sortedNames(v)) acc = ready(ev.call(fv, acc, ready(str(k)), v.attrs.get(k)!));
    return acc.force();
  });
  set(attrsets, 'zipAttrs', 1, (a, [l]) => ev.call(B('zipAttrsWith').force(), ready(def(ev, 'zipAttrs.f', 2, (b, [, vs]) => vs!.force())), l!));
  set(attrsets, 'mergeAttrsList', 1, (a, [l]) => {
    const out = new Map<string, Thunk>();
    for (const t of a.list(l!).items) for (const [k, v] of a.attrs(t).attrs) out.set(k, v);
    return attrsOf(out);
  });
  set(attrsets, 'getAttrs', 2, (a, [n, s]) => {
    const v = a.attrs(s!);
    const out = new Map<string, Thunk>();
    for (const t of a.list(n!).items) {
      const k = a.str(t);
      const x = v.attrs.get(k);
      if (x) out.set(k, x);
    }
    return attrsOf(out);
  });
  set(attrsets, 'mapAttrsRecursive', 2, (a, [f, s]) => {
    const fv = f!.force();
    const walk = (v: AttrsValue, p: string[]): Value => {
      const out = new Map<string, Thunk>();
      for (const [k, t] of v.attrs) {
        const here = [...p, k];
        out.set(k, a.lazy(() => {
          const x = t.force();
          return x.kind === 'attrs' ? walk(x, here) : ev.call(fv, ready(strList(here)), t);
        }));
      }
      return attrsOf(out);
    };
    return walk(a.attrs(s!), []);
  });
  set(attrsets, 'collect', 2, (a, [f, s]) => {
    const fv = a.fn(f!);
    const out: Thunk[] = [];
    const walk = (t: Thunk, depth: number) => {
      if (a.pred(fv, t)) out.push(t);
      else {
        const v = t.force();
        if (v.kind === 'attrs' && depth < 100) for (const k of sortedNames(v)) walk(v.attrs.get(k)!, depth + 1);
      }
    };
    walk(s!, 0);
    return list(out);
  });
  set(attrsets, 'isDerivation', 1, (a, [x]) => {
    const v = x!.force();
    if (v.kind === 'unknown') return unknown(v.reason);
    const t = v.kind === 'attrs' ? v.attrs.get('type')?.force() : undefined;
    return bool(t?.kind === 'string' && t.value === 'derivation');
  });
  set(attrsets, 'unionOfDisjoint', 2, (a, [x, y]) => attrsOf(new Map([...a.attrs(x!).attrs, ...a.attrs(y!).attrs])));
  set(attrsets, 'cartesianProduct', 1, (a, [s]) => {
    const v = a.attrs(s!);
    let acc: Map<string, Thunk>[] = [new Map()];
    for (const k of sortedNames(v)) {
      const next: Map<string, Thunk>[] = [];
      for (const m of acc) for (const t of a.list(v.attrs.get(k)!).items) next.push(new Map([...m, [k, t]]));
      acc = next;
      if (acc.length > MAX_LIST) return ev.fail('nix/budget', 'cartesianProduct is too large to evaluate statically');
    }
    return list(acc.map((m) => ready(attrsOf(m))));
  });

  // ------------------------------------------------------------- fixedPoints
  // `makeOverridable f args`: `f args` with `override newArgs` calling f again on `args // newArgs`
  // (newArgs may be a function of the old arguments), as nixpkgs' lib.customisation does.
  const makeOverridable = (a: Args, f: Value, args: Thunk): Value => {
    const result = ev.apply(f, args);
    if (result.kind !== 'attrs') return result;
    const override = def(ev, 'override', 1, (b, [newT]) => {
      const old = args.force();
      const given = newT!.force();
      const extra = given.kind === 'lambda' || given.kind === 'builtin' ? ev.apply(given, args) : given;
      const merged = old.kind === 'attrs' && extra.kind === 'attrs' ? attrsOf(new Map([...old.attrs, ...extra.attrs])) : unknown('override arguments');
      return makeOverridable(b, f, ready(merged));
    });
    const out: AttrsValue = { kind: 'attrs', attrs: new Map([...result.attrs, ['override', ready(override)]]), locs: result.locs };
    const open = ev.openNames.get(result);
    if (open !== undefined) ev.openNames.set(out, open);
    return out;
  };
  set(fixedPoints, 'makeOverridable', 2, (a, [f, args]) => makeOverridable(a, f!.force(), args!));
  // `makeExtensible (final: { … })`: the fixed point, with `extend` applying an overlay `final: prev: { … }`.
  const makeExtensible = (a: Args, rattrs: Value): Value => {
    const extend = def(ev, 'extend', 1, (b, [overlay]) => {
      const o = overlay!.force();
      const extended = def(ev, 'extended', 1, (c, [final]) => {
        const prev = ev.apply(rattrs, final!);
        const ext = ev.call(o, final!, ready(prev));
        return prev.kind === 'attrs' && ext.kind === 'attrs' ? attrsOf(new Map([...prev.attrs, ...ext.attrs])) : ext.kind === 'attrs' ? ext : prev;
      });
      return makeExtensible(b, extended);
    });
    // The fixed point includes `extend` itself, as in nixpkgs' makeExtensibleWithCustomName.
    let self: Thunk;
    self = a.lazy(() => {
      const v = ev.apply(rattrs, self);
      return v.kind === 'attrs' ? { kind: 'attrs', attrs: new Map([...v.attrs, ['extend', ready(extend)]]), locs: v.locs } : v;
    });
    return self.force();
  };
  set(fixedPoints, 'makeExtensible', 1, (a, [f]) => makeExtensible(a, f!.force()));
  set(fixedPoints, 'fix', 1, (a, [f]) => {
    const fv = f!.force();
    let self: Thunk;
    self = a.lazy(() => ev.apply(fv, self));
    return self.force();
  });
  set(fixedPoints, 'extends', 3, (a, [g, f, self]) => {
    const fv = f!.force();
    const gv = g!.force();
    const prev = a.lazy(() => ev.apply(fv, self!));
    const ext = a.attrs(ev.call(gv, self!, prev));
    return attrsOf(new Map([...a.attrs(prev).attrs, ...ext.attrs]));
  });

  // ------------------------------------------------------------- filesystem (the flake's own tree)
  set(filesystem, 'listFilesRecursive', 1, (a, [p]) => {
    const root = flakePath(a, p!);
    const out: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 50) return;
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => ev.visible(path.join(dir, n))).sort();
      } catch {
        return;
      }
      for (const n of names) {
        const abs = path.join(dir, n);
        let isDir = false;
        try {
          isDir = statSync(abs).isDirectory();
        } catch {
          continue;
        }
        if (isDir) walk(abs, depth + 1);
        else out.push(abs);
      }
    };
    walk(root, 0);
    return list(out.map((f) => ready({ kind: 'path', path: f })));
  });
  filesystem.set('pathType', builtins.attrs.get('readFileType')!);
  set(filesystem, 'pathIsDirectory', 1, (a, [p]) => {
    try {
      const abs = flakePath(a, p!);
      return bool(!ev.hiddenByGit(abs) && statSync(abs).isDirectory());
    } catch {
      return FALSE;
    }
  });
  set(filesystem, 'pathIsRegularFile', 1, (a, [p]) => {
    try {
      const abs = flakePath(a, p!);
      return bool(!ev.hiddenByGit(abs) && statSync(abs).isFile());
    } catch {
      return FALSE;
    }
  });

  return { attrsets, lists, strings, trivial, fixedPoints, filesystem, debug, asserts };
}

/**
 * `lib.path` (nixpkgs lib/path): `append path "sub/path"` joins a relative subpath to a path,
 * `subpath.join [ "a" "b/c" ]` gives `"./a/b/c"`, `subpath.normalise` the normal form; a subpath
 * must be relative and free of `..`, as nixpkgs checks.
 */
export function makePathLib(ev: Evaluator): AttrsValue {
  // As nixpkgs' `throw`: the call's value is unknown and the message a diagnostic.
  const fail = (message: string): never => {
    throw new Bail(ev.fail('nix/throw', message));
  };
  const parts = (a: Args, t: Thunk): string[] => {
    const s = a.str(t);
    if (s === '' || s.startsWith('/')) return fail(`lib.path: ${JSON.stringify(s)} is not a valid subpath (it must be relative and not empty)`);
    const out = s.split('/').filter((p) => p !== '' && p !== '.');
    if (out.includes('..')) return fail(`lib.path: ${JSON.stringify(s)} is not a valid subpath (it may not contain "..")`);
    return out;
  };
  const joined = (xs: string[]) => (xs.length ? `./${xs.join('/')}` : './.');
  const subpath = attrsOf(
    new Map<string, Thunk>([
      ['join', ready(def(ev, 'lib.path.subpath.join', 1, (a, [l]) => str(joined(a.list(l!).items.flatMap((t) => parts(a, t))))))],
      ['normalise', ready(def(ev, 'lib.path.subpath.normalise', 1, (a, [x]) => str(joined(parts(a, x!)))))],
      ['components', ready(def(ev, 'lib.path.subpath.components', 1, (a, [x]) => strList(parts(a, x!))))],
    ]),
  );
  ev.openNames.set(subpath, 'lib.path.subpath');
  const pathArg = (a: Args, t: Thunk): string => {
    const v = t.force();
    if (v.kind === 'path') return v.path;
    return a.bad(v, 'a path');
  };
  const group = attrsOf(
    new Map<string, Thunk>([
      ['append', ready(def(ev, 'lib.path.append', 2, (a, [p, sub]) => ({ kind: 'path', path: path.join(pathArg(a, p!), ...parts(a, sub!)) })))],
      ['hasPrefix', ready(def(ev, 'lib.path.hasPrefix', 2, (a, [p, q]) => { const x = pathArg(a, p!); const y = pathArg(a, q!); return bool(y === x || y.startsWith(x.endsWith('/') ? x : `${x}/`)); }))],
      ['removePrefix', ready(def(ev, 'lib.path.removePrefix', 2, (a, [p, q]) => { const x = pathArg(a, p!); const y = pathArg(a, q!); if (y !== x && !y.startsWith(`${x}/`)) return fail('lib.path.removePrefix: the path does not start with the prefix'); return str(joined(path.relative(x, y).split('/').filter(Boolean))); }))],
      ['subpath', ready(subpath)],
    ]),
  );
  ev.openNames.set(group, 'lib.path');
  return group;
}
