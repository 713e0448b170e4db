/** Test helpers for the Nix engine: evaluate a snippet and turn the value into plain JS for assertions. */
import path from 'node:path';
import { createEngine, type Engine, type Value } from '../../scripts/nix/index.ts';

/** The fixture flake most snippets are evaluated in (so relative paths and imports resolve). */
export const BASIC = path.join(import.meta.dirname, '..', 'fixtures', 'nix-flake-basic');
/** The flake-parts fixture. */
export const PARTS = path.join(import.meta.dirname, '..', 'fixtures', 'nix-flake-parts');

/** A plain JS view of a value: numbers, strings, booleans, null, arrays, objects, and tagged leftovers. */
export type Plain = number | string | boolean | null | Plain[] | { [k: string]: Plain };

/**
 * Converts a value to plain JS, forcing everything: floats as `{ float: n }`, paths as `{ path: rel }`,
 * functions as `'<lambda>'`/`'<builtin NAME>'`, unknowns as `{ unknown: reason, text }`, types as `{ type: description }`.
 * @param engine the engine (for relative paths)
 * @param v the value
 * @param depth recursion guard
 */
export function plain(engine: Engine, v: Value, depth = 0): Plain {
  if (depth > 30) return '<deep>';
  switch (v.kind) {
    case 'null':
      return null;
    case 'bool':
    case 'int':
    case 'string':
      return v.value;
    case 'float':
      return { float: v.value };
    case 'path':
      return { path: engine.relative(v.path) };
    case 'list':
      return v.items.map((t) => plain(engine, t.force(), depth + 1));
    case 'attrs': {
      const out: { [k: string]: Plain } = {};
      for (const k of [...v.attrs.keys()].sort()) out[k] = plain(engine, v.attrs.get(k)!.force(), depth + 1);
      return out;
    }
    case 'lambda':
      return '<lambda>';
    case 'builtin':
      return `<builtin ${v.name}>`;
    case 'type':
      return { type: v.type.description };
    case 'unknown':
      return v.text === undefined ? { unknown: v.reason } : { unknown: v.reason, text: v.text };
  }
}

let shared: Engine | undefined;

/** An engine over the basic fixture, shared by snippet tests. */
export async function engine(): Promise<Engine> {
  return (shared ??= await createEngine({ root: BASIC }));
}

/**
 * Evaluates a snippet (as the file `snippet.nix` at the fixture root, with `lib` and an unknown
 * `pkgs` in scope) into plain JS.
 * @param source the Nix text
 */
export async function evalNix(source: string): Promise<Plain> {
  const e = await engine();
  return plain(e, e.evalModule(e.evalString(`{ lib, pkgs, ... }:\n${source}`, 'snippet.nix')));
}
