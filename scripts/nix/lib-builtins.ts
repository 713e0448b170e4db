/**
 * Nix's `builtins`: the functions the evaluator implements, with file access limited to the flake's
 * own tree. Anything not implemented is an unknown named `builtins.<name>`.
 */
import { parse as parseToml } from 'smol-toml';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { readRegularFile } from './fs-guard.ts';
import path from 'node:path';
import type { Evaluator } from './evaluate.ts';
import { compare, equals } from './eval-ops.ts';
import { formatJsonNumber } from './print.ts';
import { type Args, attrsOf, Bail, def, sortedNames, strList } from './lib-util.ts';
import {
  type AttrsValue,
  bool,
  FALSE,
  formalHasDefault,
  int,
  list,
  NULL,
  nixTypeOf,
  ready,
  str,
  type Thunk,
  TRUE,
  unknown,
  type Value,
} from './values.ts';

/** The largest list a builtin will build (a guard against runaway `genList`/`range`). */
export const MAX_LIST = 1_000_000;


/** Converts a known value to JSON text as `builtins.toJSON` does (sorted keys, no spaces). */
export function toJSON(a: Args, v: Value, depth = 0): string {
  if (depth > 200) a.bad(unknown('value nested too deeply'), '');
  switch (v.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return String(v.value);
    case 'float':
      return formatJsonNumber(v.value);
    case 'string':
      return JSON.stringify(v.value);
    case 'path':
      return JSON.stringify(v.path);
    case 'list':
      return `[${v.items.map((t) => toJSON(a, t.force(), depth + 1)).join(',')}]`;
    case 'attrs': {
      const ts = v.attrs.get('__toString');
      if (ts) return JSON.stringify(a.toStr(v));
      const out = v.attrs.get('outPath');
      if (out) return toJSON(a, out.force(), depth + 1);
      return `{${sortedNames(v)
        .map((k) => `${JSON.stringify(k)}:${toJSON(a, v.attrs.get(k)!.force(), depth + 1)}`)
        .join(',')}}`;
    }
    default:
      return a.bad(v, 'a value that can be converted to JSON');
  }
}

/** Converts parsed JSON into a value. */
export function fromJS(x: unknown): Value {
  if (x === null) return NULL;
  if (typeof x === 'boolean') return bool(x);
  if (typeof x === 'number') return Number.isInteger(x) ? int(x) : { kind: 'float', value: x };
  if (typeof x === 'string') return str(x);
  if (Array.isArray(x)) return list(x.map((e) => ready(fromJS(e))));
  const map = new Map<string, Thunk>();
  for (const [k, e] of Object.entries(x as Record<string, unknown>)) map.set(k, ready(fromJS(e)));
  return attrsOf(map);
}

/** Marks the sets parsed from a file's text (`fromTOML (readFile ./hosts.toml)`) as read from that file, and gives them. */
function markRead(ev: Evaluator, text: Value, parsed: Value): Value {
  const file = ev.readFrom.get(text);
  const mark = (v: Value): void => {
    if (v.kind !== 'attrs') return;
    ev.readFrom.set(v, file!);
    for (const t of v.attrs.values()) mark(t.force());
  };
  if (file !== undefined) mark(parsed);
  return parsed;
}

/** A parsed TOML value as Nix's fromTOML gives it; a date or time (an experimental feature in Nix) is unknown. */
function fromTomlValue(x: unknown): Value {
  if (x instanceof Date) return unknown('fromTOML: a date or time');
  if (typeof x === 'bigint') return int(Number(x));
  if (Array.isArray(x)) return list(x.map((e) => ready(fromTomlValue(e))));
  if (x !== null && typeof x === 'object') {
    const map = new Map<string, Thunk>();
    for (const [k, e] of Object.entries(x as Record<string, unknown>)) map.set(k, ready(fromTomlValue(e)));
    return attrsOf(map);
  }
  return fromJS(x);
}

/** Translates a POSIX extended regular expression (as `builtins.match` takes) into a JS one. */
export function posixToJs(re: string): string {
  const classes: Record<string, string> = {
    alpha: 'a-zA-Z',
    digit: '0-9',
    alnum: 'a-zA-Z0-9',
    upper: 'A-Z',
    lower: 'a-z',
    space: ' \\t\\n\\r\\f\\v',
    blank: ' \\t',
    punct: '!-\\/:-@\\[-`{-~',
    xdigit: '0-9A-Fa-f',
    word: '\\w',
    cntrl: '\\x00-\\x1f',
    print: '\\x20-\\x7e',
    graph: '\\x21-\\x7e',
  };
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === '\\') {
      out += c + (re[i + 1] ?? '');
      i++;
    } else if (c === '[') {
      // bracket expression: copy up to the closing bracket, translating [:class:] and escaping backslashes
      let j = i + 1;
      let body = '';
      if (re[j] === '^') {
        body += '^';
        j++;
      }
      if (re[j] === ']') {
        body += '\\]';
        j++;
      }
      while (j < re.length && re[j] !== ']') {
        const m = /^\[:(\w+):\]/.exec(re.slice(j));
        if (m) {
          body += classes[m[1]!] ?? '';
          j += m[0].length;
          continue;
        }
        const ch = re[j]!;
        body += ch === '\\' || ch === '[' ? `\\${ch}` : ch;
        j++;
      }
      out += `[${body}]`;
      i = j;
    } else out += c;
  }
  return out;
}

const regexCache = new Map<string, RegExp | null>();

/** Compiles a POSIX ERE for whole-string matching (cached); null when it is not valid. */
export function compileRegex(re: string, whole: boolean): RegExp | null {
  const key = `${whole ? 'w' : 'p'}${re}`;
  let r = regexCache.get(key);
  if (r !== undefined) return r;
  try {
    const src = posixToJs(re);
    r = new RegExp(whole ? `^(?:${src})$` : src, whole ? 'u' : 'gu');
  } catch {
    try {
      const src = posixToJs(re);
      r = new RegExp(whole ? `^(?:${src})$` : src, whole ? '' : 'g');
    } catch {
      r = null;
    }
  }
  regexCache.set(key, r);
  return r;
}

/** Resolves a path-like argument to an absolute path inside the flake, or bails with an unknown. */
export function flakePath(a: Args, t: Thunk | Value): string {
  const v = 'force' in t ? t.force() : t;
  let p: string | undefined;
  if (v.kind === 'path') p = v.path;
  else if (v.kind === 'string' && v.value.startsWith('/')) p = v.value;
  else if (v.kind === 'attrs') {
    const out = v.attrs.get('outPath')?.force();
    if (out?.kind === 'path') p = out.path;
    else if (out?.kind === 'string' && out.value.startsWith('/')) p = out.value;
    else if (out) return a.bad(out, 'a path');
  }
  if (p === undefined) return a.bad(v, 'a path');
  if (!a.ev.insideRoot(p)) throw new Bail(unknown(`${a.name} of ${p} (outside the flake)`));
  return p;
}

/** The names of `builtins` reachable without the `builtins.` prefix. */
export const TOP_LEVEL = ['abort', 'baseNameOf', 'derivation', 'dirOf', 'fetchGit', 'fetchTarball', 'fetchurl', 'fromTOML', 'import', 'isNull', 'map', 'placeholder', 'removeAttrs', 'scopedImport', 'throw', 'toString'];

/**
 * Builds the `builtins` attrset.
 * @param ev the evaluator (for errors, application and file access)
 */
export function makeBuiltins(ev: Evaluator): AttrsValue {
  const b = new Map<string, Thunk>();
  const set = (name: string, arity: number, fn: (a: Args, args: Thunk[]) => Value) => b.set(name, ready(def(ev, name, arity, fn)));
  const val = (name: string, v: Value) => b.set(name, ready(v));
  const unknownFn = (name: string, arity: number) => set(name, arity, () => unknown(`builtins.${name}`));

  val('true', TRUE);
  val('false', FALSE);
  val('null', NULL);
  val('nixVersion', str('2.24.0'));
  val('langVersion', int(6));
  val('storeDir', str('/nix/store'));
  val('currentSystem', unknown('builtins.currentSystem'));
  val('currentTime', unknown('builtins.currentTime'));

  set('import', 1, (a, [p]) => {
    const v = p!.force();
    const as = v.kind === 'attrs' ? ev.importAs.get(v) : undefined;
    if (as) return as;
    const abs = flakePath(a, p!);
    ev.importedByCode.add(abs);
    return ev.importFile(abs);
  });
  set('scopedImport', 2, () => unknown('builtins.scopedImport'));
  set('throw', 1, (a, [m]) => {
    const v = m!.force();
    const msg = v.kind === 'string' ? v.value : '(unknown message)';
    return ev.fail('nix/throw', `throw: ${msg}`);
  });
  set('abort', 1, (a, [m]) => {
    const v = m!.force();
    const msg = v.kind === 'string' ? v.value : '(unknown message)';
    return ev.fail('nix/abort', `abort: ${msg}`);
  });
  set('trace', 2, (a, [, v]) => v!.force());
  set('traceVerbose', 2, (a, [, v]) => v!.force());
  set('warn', 2, (a, [, v]) => v!.force());
  set('seq', 2, (a, [x, y]) => {
    x!.force();
    return y!.force();
  });
  set('deepSeq', 2, (a, [, y]) => y!.force());
  set('tryEval', 1, (a, [x]) => {
    const v = x!.force();
    if (v.kind === 'unknown') return unknown(v.reason);
    return attrsOf(new Map([['success', ready(TRUE)], ['value', ready(v)]]));
  });

  // types
  const is = (name: string, test: (v: Value) => boolean) =>
    set(name, 1, (a, [x]) => {
      const v = x!.force();
      if (v.kind === 'unknown') return unknown(v.reason);
      return bool(test(v));
    });
  is('isAttrs', (v) => v.kind === 'attrs' || v.kind === 'type');
  is('isList', (v) => v.kind === 'list');
  is('isString', (v) => v.kind === 'string');
  is('isInt', (v) => v.kind === 'int');
  is('isFloat', (v) => v.kind === 'float');
  is('isBool', (v) => v.kind === 'bool');
  is('isPath', (v) => v.kind === 'path');
  is('isNull', (v) => v.kind === 'null');
  is('isFunction', (v) => v.kind === 'lambda' || v.kind === 'builtin');
  set('typeOf', 1, (a, [x]) => {
    const v = x!.force();
    if (v.kind === 'unknown') return unknown(v.reason);
    return str(nixTypeOf(v));
  });

  // arithmetic and comparison
  const arith = (name: string, f: (x: number, y: number) => number, intOnly = false) =>
    set(name, 2, (a, [x, y]) => {
      const xv = x!.force();
      const yv = y!.force();
      const l = a.num(xv);
      const r = a.num(yv);
      if (name === 'div' && r === 0) return ev.fail('nix/type-error', 'division by zero');
      const res = f(l, r);
      return xv.kind === 'int' && yv.kind === 'int' ? int(intOnly ? res : Math.trunc(res)) : { kind: 'float', value: res };
    });
  arith('add', (x, y) => x + y);
  arith('sub', (x, y) => x - y);
  arith('mul', (x, y) => x * y);
  arith('div', (x, y) => x / y);
  arith('bitAnd', (x, y) => x & y, true);
  arith('bitOr', (x, y) => x | y, true);
  arith('bitXor', (x, y) => x ^ y, true);
  set('ceil', 1, (a, [x]) => int(Math.ceil(a.num(x!))));
  set('floor', 1, (a, [x]) => int(Math.floor(a.num(x!))));
  set('lessThan', 2, (a, [x, y]) => {
    const c = compare(ev, x!.force(), y!.force());
    if (typeof c === 'number') return bool(c < 0);
    if (typeof c === 'string') return ev.fail('nix/type-error', c);
    return unknown(c.reason);
  });

  // lists
  set('length', 1, (a, [l]) => int(a.list(l!).items.length));
  set('head', 1, (a, [l]) => {
    const items = a.list(l!).items;
    return items.length ? items[0]!.force() : ev.fail('nix/type-error', "'builtins.head' called on an empty list");
  });
  set('tail', 1, (a, [l]) => {
    const items = a.list(l!).items;
    return items.length ? list(items.slice(1)) : ev.fail('nix/type-error', "'builtins.tail' called on an empty list");
  });
  set('elemAt', 2, (a, [l, n]) => {
    const items = a.list(l!).items;
    const i = a.num(n!);
    return i >= 0 && i < items.length ? items[i]!.force() : ev.fail('nix/type-error', `list index ${i} is out of bounds`);
  });
  set('elem', 2, (a, [x, l]) => {
    const xv = x!.force();
    let sawUnknown: Value | undefined;
    for (const t of a.list(l!).items) {
      const eq = equals(ev, xv, t.force());
      if (eq === true) return TRUE;
      if (eq !== false) sawUnknown ??= eq;
    }
    return sawUnknown ? unknown((sawUnknown as { reason: string }).reason) : FALSE;
  });
  set('map', 2, (a, [f, l]) => {
    const fv = f!.force();
    return list(a.list(l!).items.map((t) => a.lazy(() => ev.apply(fv, t))));
  });
  set('filter', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    return list(a.list(l!).items.filter((t) => a.pred(fv, t)));
  });
  set('concatLists', 1, (a, [l]) => list(a.list(l!).items.flatMap((t) => a.list(t).items)));
  set('concatMap', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    return list(a.list(l!).items.flatMap((t) => a.list(ev.apply(fv, t)).items));
  });
  set("foldl'", 3, (a, [f, z, l]) => {
    const fv = a.fn(f!);
    let acc: Thunk = z!;
    for (const t of a.list(l!).items) acc = ready(ev.call(fv, acc, t));
    return acc.force();
  });
  set('genList', 2, (a, [f, n]) => {
    const count = a.num(n!);
    if (count > MAX_LIST) return ev.fail('nix/budget', `genList of ${count} elements is too long to evaluate statically`);
    const fv = f!.force();
    const items: Thunk[] = [];
    for (let i = 0; i < count; i++) {
      const iv = ready(int(i));
      items.push(a.lazy(() => ev.apply(fv, iv)));
    }
    return list(items);
  });
  set('any', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    return bool(a.list(l!).items.some((t) => a.pred(fv, t)));
  });
  set('all', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    return bool(a.list(l!).items.every((t) => a.pred(fv, t)));
  });
  set('sort', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    const items = [...a.list(l!).items];
    items.sort((x, y) => (a.pred(fv, x, y) ? -1 : a.pred(fv, y, x) ? 1 : 0));
    return list(items);
  });
  set('partition', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    const right: Thunk[] = [];
    const wrong: Thunk[] = [];
    for (const t of a.list(l!).items) (a.pred(fv, t) ? right : wrong).push(t);
    return attrsOf(new Map([['right', ready(list(right))], ['wrong', ready(list(wrong))]]));
  });
  set('groupBy', 2, (a, [f, l]) => {
    const fv = a.fn(f!);
    const groups = new Map<string, Thunk[]>();
    for (const t of a.list(l!).items) {
      const k = a.str(ev.apply(fv, t));
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(t);
    }
    return attrsOf(new Map([...groups].map(([k, g]) => [k, ready(list(g))])));
  });

  // attrsets
  set('attrNames', 1, (a, [s]) => strList(sortedNames(a.attrs(s!))));
  set('attrValues', 1, (a, [s]) => {
    const v = a.attrs(s!);
    return list(sortedNames(v).map((k) => v.attrs.get(k)!));
  });
  set('hasAttr', 2, (a, [n, s]) => {
    const name = a.str(n!);
    const v = a.attrs(s!);
    if (v.attrs.has(name)) return TRUE;
    const open = ev.openNames.get(v);
    return open !== undefined ? unknown(`${open}.${name}`) : FALSE;
  });
  set('getAttr', 2, (a, [n, s]) => {
    const name = a.str(n!);
    const v = a.attrs(s!);
    const t = v.attrs.get(name);
    if (t) return t.force();
    const open = ev.openNames.get(v);
    if (open !== undefined) return unknown(`${open}.${name}`);
    return ev.fail('nix/missing-attribute', `attribute '${name}' missing`);
  });
  set('removeAttrs', 2, (a, [s, names]) => {
    const v = a.attrs(s!);
    const attrs = new Map(v.attrs);
    const locs = v.locs ? new Map(v.locs) : undefined;
    for (const t of a.list(names!).items) {
      const k = a.str(t);
      attrs.delete(k);
      locs?.delete(k);
    }
    return { kind: 'attrs', attrs, locs };
  });
  set('intersectAttrs', 2, (a, [x, y]) => {
    const xs = a.attrs(x!);
    const ys = a.attrs(y!);
    const out = new Map<string, Thunk>();
    for (const [k, t] of ys.attrs) if (xs.attrs.has(k)) out.set(k, t);
    return attrsOf(out);
  });
  set('listToAttrs', 1, (a, [l]) => {
    const out = new Map<string, Thunk>();
    for (const t of a.list(l!).items) {
      const e = a.attrs(t);
      const n = e.attrs.get('name');
      const v = e.attrs.get('value');
      if (!n || !v) return ev.fail('nix/missing-attribute', 'listToAttrs: element lacks name or value');
      const name = a.str(n);
      if (!out.has(name)) out.set(name, v);
    }
    return attrsOf(out);
  });
  set('mapAttrs', 2, (a, [f, s]) => {
    const fv = f!.force();
    const v = a.attrs(s!);
    const out = new Map<string, Thunk>();
    for (const [k, t] of v.attrs) {
      const kt = ready(str(k));
      // While it runs, the function's result is known to come from this entry (a host from its registry).
      out.set(k, a.lazy(() => {
        ev.mapping.push({ set: v, key: k });
        try {
          return ev.call(fv, kt, t);
        } finally {
          ev.mapping.pop();
        }
      }));
    }
    return { kind: 'attrs', attrs: out, locs: v.locs };
  });
  set('catAttrs', 2, (a, [n, l]) => {
    const name = a.str(n!);
    const out: Thunk[] = [];
    for (const t of a.list(l!).items) {
      const v = a.attrs(t).attrs.get(name);
      if (v) out.push(v);
    }
    return list(out);
  });
  set('zipAttrsWith', 2, (a, [f, l]) => {
    const fv = f!.force();
    const groups = new Map<string, Thunk[]>();
    for (const t of a.list(l!).items) {
      for (const [k, v] of a.attrs(t).attrs) {
        let g = groups.get(k);
        if (!g) groups.set(k, (g = []));
        g.push(v);
      }
    }
    const out = new Map<string, Thunk>();
    for (const [k, g] of groups) {
      const kt = ready(str(k));
      const gt = ready(list(g));
      out.set(k, a.lazy(() => ev.call(fv, kt, gt)));
    }
    return attrsOf(out);
  });
  set('functionArgs', 1, (a, [f]) => {
    const v = f!.force();
    if (v.kind === 'lambda') {
      const out = new Map<string, Thunk>();
      for (const n of v.formals?.names ?? []) out.set(n, ready(bool(formalHasDefault(v, n))));
      return attrsOf(out);
    }
    if (v.kind === 'builtin') return attrsOf(new Map());
    return a.bad(v, 'a function');
  });

  // strings
  set('toString', 1, (a, [x]) => str(a.toStr(x!)));
  set('stringLength', 1, (a, [s]) => int(a.str(s!).length));
  set('substring', 3, (a, [st, len, s]) => {
    const start = a.num(st!);
    const n = a.num(len!);
    const text = a.str(s!);
    return str(n < 0 ? text.slice(start) : text.slice(start, start + n));
  });
  set('concatStringsSep', 2, (a, [sep, l]) => {
    const sepv = a.str(sep!);
    return str(a.list(l!).items.map((t) => a.str(t)).join(sepv));
  });
  set('replaceStrings', 3, (a, [f, t, s]) => {
    const from = a.list(f!).items.map((x) => a.str(x));
    const toT = a.list(t!).items;
    const text = a.str(s!);
    const to: (string | undefined)[] = new Array(toT.length);
    let out = '';
    let i = 0;
    while (i <= text.length) {
      let found = false;
      for (let j = 0; j < from.length; j++) {
        if (text.startsWith(from[j]!, i)) {
          out += to[j] ??= a.str(toT[j]!);
          if (from[j] === '') {
            if (i < text.length) out += text[i];
            i++;
          } else i += from[j]!.length;
          found = true;
          break;
        }
      }
      if (!found) {
        if (i < text.length) out += text[i];
        i++;
      }
    }
    return str(out);
  });
  set('match', 2, (a, [r, s]) => {
    const re = compileRegex(a.str(r!), true);
    const text = a.str(s!);
    if (!re) return ev.fail('nix/type-error', 'invalid regular expression');
    const m = re.exec(text);
    if (!m) return NULL;
    return list(m.slice(1).map((g) => ready(g === undefined ? NULL : str(g))));
  });
  set('split', 2, (a, [r, s]) => {
    const re = compileRegex(a.str(r!), false);
    const text = a.str(s!);
    if (!re) return ev.fail('nix/type-error', 'invalid regular expression');
    const out: Thunk[] = [];
    let last = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push(ready(str(text.slice(last, m.index))));
      out.push(ready(list(m.slice(1).map((g) => ready(g === undefined ? NULL : str(g))))));
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
      if (out.length > MAX_LIST) break;
    }
    out.push(ready(str(text.slice(last))));
    return list(out);
  });
  set('baseNameOf', 1, (a, [p]) => {
    const v = p!.force();
    const s = v.kind === 'path' ? v.path : a.str(v);
    return str(s.replace(/\/+$/, '').split('/').pop() ?? '');
  });
  set('dirOf', 1, (a, [p]) => {
    const v = p!.force();
    if (v.kind === 'path') return { kind: 'path', path: path.dirname(v.path) };
    const s = a.str(v);
    const i = s.lastIndexOf('/');
    return str(i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i));
  });
  set('toPath', 1, (a, [p]) => str(a.str(p!)));
  set('unsafeDiscardStringContext', 1, (a, [s]) => str(a.str(s!)));
  set('hashString', 2, () => unknown('builtins.hashString'));
  set('parseDrvName', 1, (a, [s]) => {
    const text = a.str(s!);
    const m = /^(.*?)-(\d.*)$/.exec(text);
    return attrsOf(new Map([['name', ready(str(m ? m[1]! : text))], ['version', ready(str(m ? m[2]! : ''))]]));
  });
  set('compareVersions', 2, (a, [x, y]) => int(compareVersions(a.str(x!), a.str(y!))));
  set('splitVersion', 1, (a, [s]) => strList(splitVersion(a.str(s!))));
  set('toJSON', 1, (a, [x]) => str(toJSON(a, x!.force())));
  set('fromJSON', 1, (a, [s]) => {
    try {
      return markRead(ev, s!.force(), fromJS(JSON.parse(a.str(s!))));
    } catch {
      return ev.fail('nix/type-error', 'fromJSON: invalid JSON');
    }
  });
  set('fromTOML', 1, (a, [s]) => {
    let parsed: unknown;
    try {
      parsed = parseToml(a.str(s!));
    } catch (e) {
      return ev.fail('nix/type-error', `fromTOML: ${(e as Error).message.split('\n')[0]}`);
    }
    return markRead(ev, s!.force(), fromTomlValue(parsed));
  });
  set('toXML', 1, () => unknown('builtins.toXML'));

  // files (the flake's own tree only)
  set('readFile', 1, (a, [p]) => {
    const abs = flakePath(a, p!);
    if (ev.hiddenByGit(abs)) return ev.fail('nix/import', `readFile: cannot read ${ev.relative(abs)}: it is not tracked by git, so Nix does not see it`);
    const read = readRegularFile(abs, ev.root);
    if (!read.ok) {
      if (read.missing) return ev.fail('nix/import', `readFile: cannot read ${ev.relative(abs)}`);
      return ev.note('nix/not-read', `readFile: ${ev.relative(abs)} was not read: it ${read.reason}`);
    }
    const secret = ev.secrets.reason(ev.relative(abs), read.text);
    if (secret) return ev.secretRead(abs, secret, 'builtins.readFile');
    const text = str(read.text);
    ev.readFrom.set(text, ev.relative(abs));
    return text;
  });
  set('pathExists', 1, (a, [p]) => {
    const abs = flakePath(a, p!);
    return bool(!ev.hiddenByGit(abs) && existsSync(abs));
  });
  set('readDir', 1, (a, [p]) => {
    const abs = flakePath(a, p!);
    let names: string[];
    try {
      if (ev.hiddenByGit(abs)) throw new Error('untracked');
      names = readdirSync(abs).filter((n) => ev.visible(path.join(abs, n))).sort();
    } catch {
      return ev.fail('nix/import', `readDir: cannot read ${ev.relative(abs)}`);
    }
    const out = new Map<string, Thunk>();
    for (const n of names) {
      let kind = 'unknown';
      try {
        const st = lstatSync(path.join(abs, n));
        kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'regular' : 'unknown';
      } catch {
        // leave unknown
      }
      out.set(n, ready(str(kind)));
    }
    return attrsOf(out);
  });
  set('readFileType', 1, (a, [p]) => {
    const abs = flakePath(a, p!);
    try {
      if (ev.hiddenByGit(abs)) throw new Error('untracked');
      const st = lstatSync(abs);
      return str(st.isDirectory() ? 'directory' : st.isFile() ? 'regular' : st.isSymbolicLink() ? 'symlink' : 'unknown');
    } catch {
      return ev.fail('nix/import', `readFileType: cannot read ${ev.relative(abs)}`);
    }
  });
  set('path', 1, (a, [x]) => {
    const args = a.attrs(x!);
    const p = args.attrs.get('path');
    return p ? p.force() : unknown('builtins.path');
  });
  set('filterSource', 2, (a, [, p]) => p!.force());
  set('placeholder', 1, (a, [n]) => str(`/placeholder-${a.str(n!)}`));
  set('getEnv', 1, () => unknown('builtins.getEnv'));
  for (const name of ['fetchGit', 'fetchTarball', 'fetchurl', 'fetchTree', 'getFlake', 'fetchClosure', 'derivation', 'derivationStrict', 'toFile', 'storePath', 'genericClosure']) {
    unknownFn(name, 1);
  }
  for (const name of ['fetchMercurial', 'hashFile', 'findFile', 'convertHash', 'flakeRefToString', 'parseFlakeRef', 'outputOf']) {
    unknownFn(name, name === 'hashFile' || name === 'findFile' || name === 'outputOf' ? 2 : 1);
  }
  // String context is invisible to this evaluator: the string itself is what documentation needs.
  set('addErrorContext', 2, (a, [, x]) => x!.force());
  set('appendContext', 2, (a, [s]) => s!.force());
  set('unsafeDiscardOutputDependency', 1, (a, [s]) => s!.force());
  set('addDrvOutputDependencies', 1, (a, [s]) => s!.force());
  set('getContext', 1, () => unknown('builtins.getContext'));
  set('hasContext', 1, () => unknown('builtins.hasContext'));
  set('unsafeGetAttrPos', 2, () => unknown('builtins.unsafeGetAttrPos'));
  set('break', 1, (a, [x]) => x!.force());
  val('nixPath', unknown('builtins.nixPath'));
  const builtins = attrsOf(b);
  b.set('builtins', ready(builtins));
  ev.openNames.set(builtins, 'builtins');
  return builtins;
}

/** Splits a version string into components as `builtins.splitVersion` does. */
export function splitVersion(v: string): string[] {
  return v.match(/\d+|[^\d.\-_+]+/g) ?? [];
}

/** Compares two version strings as `builtins.compareVersions` does: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const xs = splitVersion(a);
  const ys = splitVersion(b);
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const x = xs[i] ?? '';
    const y = ys[i] ?? '';
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) < Number(y) ? -1 : 1;
    if (x === '' && yn) return -1;
    if (y === '' && xn) return 1;
    if (x === 'pre') return -1;
    if (y === 'pre') return 1;
    if (xn) return 1;
    if (yn) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
