/**
 * Which of a host's module arguments a module can see, as a key: two hosts whose keys agree get the
 * very same module value, so the module is evaluated once for both.
 */
import type { Value } from '../nix/index.ts';

/** Numbers objects by identity, so a key can name a value without printing it. */
const ids = new WeakMap<object, number>();
let nextId = 0;

/** A value's part of a key: plain data by content, anything else (sets, functions…) by identity. */
function valueKey(v: Value): string {
  switch (v.kind) {
    case 'string':
      return `s${JSON.stringify(v.value)}`;
    case 'int':
    case 'float':
    case 'bool':
      return `${v.kind[0]}${String(v.value)}`;
    case 'null':
      return 'n';
    case 'path':
      return `p${JSON.stringify(v.path)}`;
    default: {
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = nextId++));
      return `#${id}`;
    }
  }
}

/**
 * The key of the arguments a module is applied to: only those it can read. A pattern without
 * `args@` reads only the names it lists; `x:`, `args@{ … }` and builtins read them all.
 * @param module the module value (a function, or a set, which reads none)
 * @param args the host's extra module arguments (its `specialArgs`)
 */
export function moduleArgsKey(module: Value, args: Readonly<Record<string, Value>>): string {
  if (module.kind !== 'lambda' && module.kind !== 'builtin') return '';
  const names = Object.keys(args);
  // Most hosts pass no extra arguments: nothing to name.
  if (!names.length) return '';
  const visible = module.kind === 'lambda' && module.formals && !module.formals.bound ? module.formals.names.filter((n) => Object.hasOwn(args, n)) : names;
  return visible
    .sort()
    .map((n) => `${JSON.stringify(n)}=${valueKey(args[n]!)}`)
    .join(',');
}
