/**
 * How a host was built, as the evaluator saw it when the builder ran: the builder (`nixosSystem`), the
 * flake's own helper around it (`mkDesktop`), and the host's entry in a registry, an attribute set
 * keyed by host name that the flake builds its hosts from (`hosts.nix`, `fromTOML ./hosts.toml`).
 */
import path from 'node:path';
import type { SourceLocation } from '../diagnostics.ts';
import type { HostOrigin, RegistryEntry } from '../model/hosts.ts';
import { readRegularFile } from '../nix/fs-guard.ts';
import { type AttrsValue, type Engine, peek, type Thunk, typeTag, type Value } from '../nix/index.ts';

/** Up to how many attributes of a helper's argument are looked at for a registry entry. */
const MAX_ARG_ATTRS = 40;

/**
 * The builder and helper of a configuration, and its registry entry: the entry `mapAttrs` was mapping
 * over when the builder ran, else one the helper's arguments or the special arguments selected
 * (`hosts.${name}`); either only when its key is the host's name and it is a set of fields.
 * @param print prints a field's value (redacting credentials) as host settings are printed
 */
export function hostOrigin(engine: Engine, name: string, system: Value, specialArgs: Value | undefined, print: (field: string, v: Value) => string): HostOrigin | undefined {
  const origin = engine.systemOrigin(system);
  if (!origin) return undefined;
  const isEntry = (set: AttrsValue, key: string) => key === name && isRecord(set.attrs.get(key)?.force());
  let found = origin.mapped.find((m) => isEntry(m.set, m.key));
  const look = (v: Value): void => {
    const e = engine.entryOf(v);
    if (!found && e && isEntry(e.set, e.key)) found = e;
  };
  const values: Thunk[] = [...origin.args, ...(specialArgs?.kind === 'attrs' ? specialArgs.attrs.values() : [])];
  // Only what building the host evaluated: forcing an argument it never used could report errors Nix never
  // sees (haumea passes each listed argument as a select that fails only when used).
  for (const t of values) {
    if (found) break;
    const v = peek(t);
    if (!v) continue;
    look(v);
    if (v.kind === 'attrs' && !typeTag(v))
      for (const a of [...v.attrs.values()].slice(0, MAX_ARG_ATTRS)) {
        const av = peek(a);
        if (av) look(av);
      }
  }
  // A library's builder is named with the host (`clan.machines.web`, `snowfall.tower`): the library is what built it.
  const builder = origin.builder.endsWith(`.${name}`) ? origin.builder.slice(0, -name.length - 1) : origin.builder;
  return { builder, helper: origin.helper ?? null, registry: found ? registryEntry(engine, found.set, found.key, print) : null };
}

/**
 * Whether a value is a record of facts about a host: a set with a plain field (a string, number or
 * flag) and no function, not a configuration or a module (`{ module = …; }` in a dendritic flake).
 */
function isRecord(v: Value | undefined): boolean {
  if (v?.kind !== 'attrs' || typeTag(v) || v.attrs.has('imports') || v.attrs.has('config')) return false;
  const fields = [...v.attrs.values()].map((t) => t.force());
  return fields.some((f) => f.kind === 'string' || f.kind === 'int' || f.kind === 'bool' || f.kind === 'float') && !fields.some((f) => f.kind === 'lambda');
}

/** The entry's fields, printed, and where it is written. */
function registryEntry(engine: Engine, set: AttrsValue, key: string, print: (field: string, v: Value) => string): RegistryEntry {
  const entry = set.attrs.get(key)!.force() as AttrsValue;
  const fields = [...entry.attrs].map(([field, t]) => ({ name: field, value: print(field, t.force()) }));
  // A filtered registry (`filterAttrs … registry`) is a new set: the entry itself still tells where it is written.
  const firstField = entry.locs?.values().next().value;
  return { fields, source: set.locs?.get(key) ?? parsedLocation(engine, engine.readFrom(entry) ?? engine.readFrom(set), key) ?? firstField ?? null };
}

/** Where a TOML table or JSON key of this name is in a file the set was parsed from (its first line when not found). */
function parsedLocation(engine: Engine, file: string | undefined, key: string): SourceLocation | null {
  if (file === undefined) return null;
  // Read as text: the engine's sources are Nix files, and a TOML file parsed as Nix is a syntax error.
  const read = readRegularFile(path.join(engine.root, file), engine.root);
  const text = read.ok ? read.text : '';
  const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`^[ \\t]*\\[\\[?[ \\t]*(?:[^\\]\\n]*\\.)?"?${k}"?[ \\t]*\\]|"${k}"[ \\t]*:|^[ \\t]*"?${k}"?[ \\t]*=[ \\t]*\\{`, 'm').exec(text);
  if (!at) return { file, line: 1, column: 1 };
  const before = text.slice(0, at.index);
  return { file, line: before.split('\n').length, column: at.index - before.lastIndexOf('\n') };
}
