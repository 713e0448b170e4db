/**
 * Nix's pretty printer for option documentation: `lib.generators.toPretty { multiline = true;
 * allowPrettyValues = true; }`, which `lib.options.renderOptionValue` uses for defaults and
 * examples. Unknown values print as the source text of the expression they came from.
 */
import { compareNixStrings, escapeNixIdentifier } from './types.ts';
import type { Thunk, Value } from './values.ts';

/** How `renderValue` prints what it cannot print like Nix would without a store. */
export interface RenderOptions {
  /** Text for a path value (Nix prints the absolute path, which would be machine-specific). */
  path?: (absPath: string) => string;
}

/** Nesting beyond which a value is treated as cyclic (Nix would not terminate either). */
const MAX_DEPTH = 200;

/**
 * Renders a value as `toPretty { multiline = true; }` does: `[ ]`, `{ }`, indented lists and attrsets
 * with sorted, escaped names, strings with Nix escapes (multi-line ones as `''` strings), floats as
 * `builtins.toJSON` writes them, functions as `<function>`, derivations as `<derivation name>`.
 * @param v the value
 * @param opts how to print paths
 */
export function renderValue(v: Value, opts: RenderOptions = {}): string {
  return go(v, '', opts, 0);
}

function go(v: Value, indent: string, opts: RenderOptions, depth: number): string {
  if (depth > MAX_DEPTH) return '<too deep>';
  const introSpace = `\n${indent}  `;
  const outroSpace = `\n${indent}`;
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'float':
      return formatJsonNumber(v.value);
    case 'string':
      return renderString(v.value, introSpace, outroSpace);
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'path':
      return opts.path ? opts.path(v.path) : v.path;
    case 'list':
      if (v.items.length === 0) return '[ ]';
      return `[${introSpace}${v.items.map((t) => go(force(t), `${indent}  `, opts, depth + 1)).join(introSpace)}${outroSpace}]`;
    case 'lambda': {
      const defaults = v.formals?.defaults ?? [];
      return functionText(v.formals?.names ?? [], (n) => defaults.includes(n));
    }
    case 'builtin':
      return '<function>';
    case 'type':
      return `<option type: ${v.type.description}>`;
    case 'unknown':
      return v.text ?? `<${v.reason}>`;
    case 'attrs': {
      if (v.attrs.has('__functor')) return renderFunctor(v);
      const pretty = v.attrs.get('__pretty');
      const val = v.attrs.get('val');
      if (pretty && val) {
        const f = force(pretty);
        if (f.kind === 'lambda' || f.kind === 'builtin') {
          const r = f.apply(val);
          if (r.kind === 'string') return r.value;
          if (r.kind === 'unknown') return r.text ?? `<${r.reason}>`;
        }
      }
      if (v.attrs.size === 0) return '{ }';
      const type = v.attrs.get('type');
      if (type) {
        const t = force(type);
        if (t.kind === 'string' && t.value === 'derivation') {
          const nameT = v.attrs.get('name');
          const name = nameT ? force(nameT) : undefined;
          return `<derivation ${name?.kind === 'string' ? name.value : name?.kind === 'unknown' ? (name.text ?? '???') : '???'}>`;
        }
      }
      const names = [...v.attrs.keys()].sort(compareNixStrings);
      const entries = names.map((n) => `${escapeNixIdentifier(n)} = ${go(force(v.attrs.get(n)!), `${indent}  `, opts, depth + 1)};`);
      return `{${introSpace}${entries.join(introSpace)}${outroSpace}}`;
    }
  }
}

/** An attrset with `__functor` is a function to `lib.isFunction`; its args come from `__functionArgs`. */
function renderFunctor(v: Extract<Value, { kind: 'attrs' }>): string {
  const fa = v.attrs.get('__functionArgs');
  const args = fa ? force(fa) : undefined;
  if (args?.kind !== 'attrs') return '<function>';
  return functionText([...args.attrs.keys()], (n) => {
    const d = force(args.attrs.get(n)!);
    return d.kind === 'bool' && d.value;
  });
}

/** A function as toPretty shows it: `<function, args: {a, b?}>` (sorted; `?` for a default), or `<function>`. */
function functionText(names: string[], hasDefault: (name: string) => boolean): string {
  if (names.length === 0) return '<function>';
  const shown = [...names].sort(compareNixStrings).map((n) => (hasDefault(n) ? `${n}?` : n));
  return `<function, args: {${shown.join(', ')}}>`;
}

function force(t: Thunk): Value {
  return t.force();
}

/** A string as toPretty prints it: `"…"` with `\\`, `\"`, `\${` escaped, or a `''` block when multi-line. */
function renderString(s: string, introSpace: string, outroSpace: string): string {
  const lines = s.split('\n');
  if (lines.length > 1) {
    const escaped = lines.map((l) => l.replace(/''|\$\{/g, (m) => (m === '${' ? "''${" : "'''")));
    const last = escaped[escaped.length - 1]!;
    const init = escaped.slice(0, -1);
    return `''${introSpace}${init.join(introSpace)}${last === '' ? outroSpace : introSpace + last}''`;
  }
  return `"${s.replace(/\\|"|\$\{/g, (m) => `\\${m}`)}"`;
}

/**
 * A float as `builtins.toJSON` writes it (nlohmann::json): the shortest round-trip digits, `.0` on
 * whole numbers, exponent form (`1e-06`, `1e+16`) outside 1e-4 … 1e15.
 * @param x the number
 */
export function formatJsonNumber(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, expPart] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const k = digits.length;
  const n = Number(expPart) + 1;
  let body: string;
  if (k <= n && n <= 15) body = `${digits}${'0'.repeat(n - k)}.0`;
  else if (n > 0 && n <= 15) body = `${digits.slice(0, n)}.${digits.slice(n)}`;
  else if (n > -4 && n <= 0) body = `0.${'0'.repeat(-n)}${digits}`;
  else {
    const e = n - 1;
    const abs = Math.abs(e);
    body = `${digits[0]}${k > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return sign + body;
}

/**
 * True when the value, or anything inside it, is unknown to static evaluation (so a rendering of it
 * shows source text rather than a value).
 * @param v the value
 */
export function containsUnknown(v: Value): boolean {
  return holdsUnknown(v, 0, new Set());
}

/** `containsUnknown` below `depth`, skipping values already looked at (a module-level function, not a closure made per call). */
function holdsUnknown(x: Value, depth: number, seen: Set<Value>): boolean {
  if (depth > MAX_DEPTH) return true;
  if (x.kind === 'unknown' || x.kind === 'type') return true;
  if (seen.has(x)) return false;
  seen.add(x);
  if (x.kind === 'list') return x.items.some((t) => holdsUnknown(t.force(), depth + 1, seen));
  if (x.kind === 'attrs') {
    if (x.attrs.has('__functor')) return false;
    const type = x.attrs.get('type')?.force();
    if (type?.kind === 'string' && type.value === 'derivation' && x.attrs.size > 0) {
      const name = x.attrs.get('name')?.force();
      return name?.kind === 'unknown';
    }
    for (const t of x.attrs.values()) if (holdsUnknown(t.force(), depth + 1, seen)) return true;
  }
  return false;
}

