/** Small helpers the host conventions share: the flake's folders, paths and attrsets read without failing. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from '../../diagnostics.ts';
import type { Evaluator } from '../evaluate.ts';
import type { ConventionContext } from './types.ts';
import { attrsOf, def } from '../lib-util.ts';
import { type AttrsValue, ready, str, type Thunk, type Value } from '../values.ts';

/** The absolute path a value stands for (a path, an absolute string, or a set with `outPath`), if any. */
export function pathOf(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'path') return v.path;
  if (v.kind === 'string' && v.value.startsWith('/')) return v.value;
  if (v.kind === 'attrs') return pathOf(v.attrs.get('outPath')?.force());
  return undefined;
}

/** The entries of a folder of the flake, sorted, with their kind; empty when it is outside the flake or missing. */
export function folder(ev: Evaluator, abs: string): { name: string; abs: string; dir: boolean }[] {
  if (!ev.insideRoot(abs)) return [];
  let names: string[];
  try {
    names = readdirSync(abs).filter((n) => ev.visible(path.join(abs, n))).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const p = path.join(abs, name);
    try {
      return [{ name, abs: p, dir: statSync(p).isDirectory() }];
    } catch {
      return [];
    }
  });
}

/** Whether a file of the flake exists. */
export function isFile(ev: Evaluator, abs: string): boolean {
  try {
    return ev.insideRoot(abs) && !ev.hiddenByGit(abs) && statSync(abs).isFile();
  } catch {
    return false;
  }
}

/** Line 1 of a flake file, as a location. */
export function fileLoc(ev: Evaluator, abs: string): SourceLocation {
  return { file: ev.relative(abs), line: 1, column: 1 };
}

/** A path value. */
export function pathValue(abs: string): Thunk {
  return ready({ kind: 'path', path: abs });
}

/** The attribute `name` of a value, forced; undefined when absent or not a set. */
export function field(v: Value | undefined, name: string): Value | undefined {
  return v?.kind === 'attrs' ? v.attrs.get(name)?.force() : undefined;
}

/** The items of a list value (none for anything else). */
export function items(v: Value | undefined): Thunk[] {
  return v?.kind === 'list' ? v.items : [];
}

/** The entries of a set value (none for anything else). */
export function entries(v: Value | undefined): [string, Thunk][] {
  return v?.kind === 'attrs' ? [...v.attrs].filter(([k]) => !k.startsWith('_')) : [];
}

/** A string value's text, if it is one. */
export function text(v: Value | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

/** An attrset from name/value pairs. */
export function record(pairs: [string, Thunk | Value][]): AttrsValue {
  return attrsOf(new Map(pairs.map(([k, v]) => [k, 'force' in v ? v : ready(v)])));
}

/** A deployment target as the hosts extractor reads it (`{ tool; targetHost; tags; loc; }`). */
export function deployValue(tool: string, targetHost: Thunk | undefined, tags: Thunk | undefined, loc?: SourceLocation): Thunk {
  const pairs: [string, Thunk | Value][] = [['tool', str(tool)]];
  if (targetHost) pairs.push(['targetHost', targetHost]);
  if (tags) pairs.push(['tags', tags]);
  if (loc) pairs.push(['loc', record([['file', str(loc.file)], ['line', { kind: 'int', value: loc.line }], ['column', { kind: 'int', value: loc.column }]])]);
  return ready(record(pairs));
}

/**
 * A library's flake-parts module that makes outputs from its settings (`easy-hosts.…`, `ezConfigs.…`):
 * `settings` reads them from the flake's `config` (undefined when the flake sets none), `outputs` turns
 * them into a set, made once when an output is first asked for, and the module gives `flake.<name>`
 * for each of `names`.
 */
export function settingsModule(ctx: ConventionContext, settings: (config: Value | undefined) => Value | undefined, outputs: (settings: AttrsValue, args: AttrsValue) => Value, names: string[]): Thunk {
  const { ev } = ctx;
  return ready(
    def(ev, `${ctx.id}.flakeModule`, 1, (a, [argsT]) => {
      const args = a.attrs(argsT!);
      const made = ev.lazy(() => {
        const cfg = settings(field(args, 'config'));
        return cfg?.kind === 'attrs' ? outputs(cfg, args) : record([]);
      });
      return record([['flake', record(names.map((n) => [n, ev.lazy(() => field(made.force(), n) ?? record([]))]))]]);
    }),
  );
}
