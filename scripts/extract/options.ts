/**
 * Option extraction: evaluates every module file of the flake once, walks its `options` tree (and
 * inline `imports`), and documents each `mkOption` as nixpkgs' `optionAttrSetToDocList` would, with
 * submodule options under `<name>` / `*`. Values static evaluation cannot know are shown as their
 * source text and flagged in `computed`.
 */
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { ComputedField, LiteralText, OptionDoc } from '../model/options.ts';
import { containsUnknown, renderValue } from '../nix/print.ts';
import { compareNixStrings, showOption, subOptionsOf } from '../nix/types.ts';
import { isDynamicName } from '../nix/eval-attrs.ts';
import { flakeDefinition, MODULE_OUTPUTS, type SystemClass } from '../nix/flake.ts';
import { type Engine, isSecretName, keyMaterial } from '../nix/index.ts';
import { ALIAS_OF } from '../nix/lib-modules.ts';
import { type AttrsValue, type OptionType, str, type Thunk, typeTag, type Value } from '../nix/values.ts';
import { fileOf, isModuleShaped, moduleOfFile, modulesInUse, type SkippedFile, skippedNote } from './module-shape.ts';

/** Settings of `extractOptions`. */
export interface ExtractOptionsSettings {
  /**
   * Show a type's empty value (`[ ]`, `{ }`, `null`) as the default of an option declared without
   * `default` or `defaultText`, unless the type holds submodules. Current nixpkgs'
   * `optionAttrSetToDocList` does this; `false` gives the older behaviour (nixpkgs before 2025), which
   * documents a default only when the option declares one. On by default.
   */
  emptyValueDefaults?: boolean;
}

/** Files at the flake root that are never modules (a root `shell.nix` gets its note like any other). */
const NOT_MODULES_AT_ROOT = new Set(['flake.nix', 'default.nix']);
/** Files anywhere that are never modules (agenix's recipients file). */
const NOT_MODULES = new Set(['secrets.nix']);
/** How deep submodules may nest before we assume a recursive type. */
const MAX_SUBMODULE_DEPTH = 16;

/** One declaration of an option, before declarations of the same name are merged. */
interface Declared {
  doc: OptionDoc;
  /** Set when `visible`/`internal` hide the option itself (its sub-options may still show). */
  hidden: boolean;
}

interface Ctx {
  engine: Engine;
  settings: ExtractOptionsSettings;
  diagnostics: Diagnostic[];
  out: Declared[];
  /** Files used as submodule modules (`types.submodule ./job.nix`): not top-level modules. */
  submoduleFiles: Set<string>;
  /** Modules found inside other modules' `flake.nixosModules` & co., walked after the files. */
  nested: NestedModule[];
  /** Where each nested module already walked is defined (`file:line:column`), to walk it once. */
  walkedNested: Set<string>;
  /** The type of every option documented so far, by name (alias options take their target's). */
  types: Map<string, OptionType>;
  /** Options declared by `mkAliasOptionModule`, with the name of the option they stand for. */
  aliases: { doc: OptionDoc; target: string }[];
  /** Files the flake uses as modules: named by its outputs and configurations, or imported by a walked module. */
  used: Set<string>;
}

/** A module exposed under a flake output such as `nixosModules.<name>` or `modules.<class>.<name>`. */
interface NestedModule {
  cls: SystemClass;
  name: string;
  module: Value;
}

/** Where an option sits: its file, group and the module's directory (for printing paths). */
interface Site {
  file: string;
  group: string;
  dir: string;
}

/**
 * Extracts every option the flake's own module files declare.
 * @param engine the evaluator over the flake
 * @param settings optional behaviour switches
 */
export function extractOptions(engine: Engine, settings: ExtractOptionsSettings = {}): { options: OptionDoc[]; hidden: string[]; diagnostics: Diagnostic[] } {
  const ctx: Ctx = { engine, settings, diagnostics: [], out: [], submoduleFiles: new Set(), nested: [], walkedNested: new Set(), types: new Map(), aliases: [], used: modulesInUse(engine) };
  const perFile: Array<{ file: string; out: Declared[]; diagnostics: Diagnostic[] }> = [];
  const files = engine
    .files()
    .map((f) => (path.isAbsolute(f) ? f : path.join(engine.root, f)))
    .map((abs) => ({ abs, rel: engine.relative(abs) }))
    .filter((f) => f.rel.endsWith('.nix') && !NOT_MODULES.has(path.posix.basename(f.rel)) && !NOT_MODULES_AT_ROOT.has(f.rel))
    .sort((a, b) => compareNixStrings(a.rel, b.rel));
  const skipped: Skipped[] = [];
  for (const f of files) {
    const site: Site = { file: f.rel, group: groupOf(f.rel), dir: path.dirname(f.abs) };
    ctx.out = [];
    ctx.diagnostics = [];
    perFile.push({ file: f.rel, out: ctx.out, diagnostics: ctx.diagnostics });
    try {
      const found = moduleOfFile(engine, f.rel, f.abs, ctx.used);
      if (found.kind !== 'module') {
        if (found.kind === 'skipped') skipped.push({ ...found, site, out: ctx.out, diagnostics: ctx.diagnostics });
        continue;
      }
      const loc = moduleLoc(found.value);
      if (loc) ctx.walkedNested.add(locKey(loc));
      walkModule(ctx, found.module, [], site, 0);
    } catch (cause) {
      ctx.diagnostics.push(evaluationFailed(f.rel, cause));
    }
  }
  // Modules written inline in flake.nix or in flake-parts modules (`flake.nixosModules.x = { … }`).
  // (Their declarations name their own files; `walkNested` skips files used as submodules.)
  ctx.out = [];
  ctx.diagnostics = [];
  perFile.push({ file: '', out: ctx.out, diagnostics: ctx.diagnostics });
  for (const found of ctx.nested.splice(0)) walkNested(ctx, found);
  try {
    const outputs = engine.evalFlake().outputs;
    if (outputs.kind === 'attrs') for (const found of moduleCollections(outputs)) walkNested(ctx, found);
  } catch {
    // A flake whose outputs cannot be evaluated has had its diagnostics reported by the engine.
  }
  resolveSkipped(ctx, skipped);
  resolveAliases(ctx);
  // A file used as a submodule documents its options under the submodule, not at the top level.
  const kept = perFile.filter((p) => !ctx.submoduleFiles.has(p.file));
  const declared = kept.flatMap((p) => p.out);
  // Hidden options (`internal = true`, `visible = false`) are not documented; host pages still need their names to leave them out.
  const hidden = [...new Set(declared.filter((d) => d.hidden).map((d) => d.doc.name))].sort();
  return { options: mergeDeclarations(declared), hidden, diagnostics: kept.flatMap((p) => p.diagnostics) };
}

/** A file left out as no module, with where its documentation would have gone if the flake uses it after all. */
interface Skipped extends SkippedFile {
  site: Site;
  out: Declared[];
  diagnostics: Diagnostic[];
}

/**
 * Settles the files left out: one found in use after all (imported by a module walked later) is
 * documented and its trial diagnostics count; every other gets its one note.
 */
function resolveSkipped(ctx: Ctx, skipped: Skipped[]): void {
  const pending = new Set(skipped);
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of pending) {
      if (!ctx.used.has(s.rel)) continue;
      pending.delete(s);
      changed = true;
      ctx.engine.restoreDiagnostics(s.withheld);
      if (s.called) continue;
      ctx.out = s.out;
      ctx.diagnostics = s.diagnostics;
      try {
        walkModule(ctx, s.value, [], s.site, 0);
      } catch (cause) {
        ctx.diagnostics.push(evaluationFailed(s.rel, cause));
      }
    }
  }
  for (const s of pending) s.diagnostics.push(skippedNote(s));
}

/** flake-parts' `flake.modules.<class>`: the classes we document. */
const MODULE_CLASSES: Record<string, NestedModule['cls']> = { nixos: 'nixos', generic: 'nixos', darwin: 'darwin', homeManager: 'home' };

/** The modules a flake's outputs (or a flake-parts `flake` definition) expose by name. */
function moduleCollections(outputs: AttrsValue): NestedModule[] {
  const found: NestedModule[] = [];
  const each = (v: Value | undefined, cls: NestedModule['cls']) => {
    if (v?.kind === 'attrs') for (const [name, t] of v.attrs) found.push({ cls, name, module: t.force() });
  };
  for (const [key, { cls, single }] of Object.entries(MODULE_OUTPUTS)) {
    if (!cls) continue;
    const v = outputs.attrs.get(key)?.force();
    if (!single) each(v, cls);
    else if (v) found.push({ cls, name: 'default', module: v });
  }
  const classes = outputs.attrs.get('modules')?.force();
  if (classes?.kind === 'attrs') for (const [key, cls] of Object.entries(MODULE_CLASSES)) each(classes.attrs.get(key)?.force(), cls);
  return found;
}

/**
 * Walks a module found in a flake output. A path is skipped (its file is walked on its own); an inline
 * module is documented in the file that defines it, once however many outputs expose it.
 */
function walkNested(ctx: Ctx, { cls, name, module }: NestedModule): void {
  const v = unwrap(module);
  if (!isModuleShaped(v)) return;
  const loc = moduleLoc(v);
  if (!loc) return;
  const key = locKey(loc);
  if (ctx.walkedNested.has(key) || ctx.submoduleFiles.has(loc.file)) return;
  ctx.walkedNested.add(key);
  const site: Site = { file: loc.file, group: `${cls}/${name}`, dir: path.dirname(path.join(ctx.engine.root, loc.file)) };
  try {
    walkModule(ctx, v, [], site, 0);
  } catch (cause) {
    ctx.diagnostics.push({
      severity: 'info',
      code: 'options/evaluation-failed',
      message: `could not evaluate the module \`${name}\` for options: ${cause instanceof Error ? cause.message : String(cause)}`,
      location: loc,
    });
  }
}

/**
 * Gives each `mkAliasOptionModule` option its target's type (and, as for any option declared without
 * a default, that type's empty value). A target outside the flake (a NixOS option) has a type only
 * evaluation knows.
 */
function resolveAliases(ctx: Ctx): void {
  for (const { doc, target } of ctx.aliases) {
    const t = ctx.types.get(target);
    if (!t) {
      doc.type = `the type of ${target}`;
      doc.computed.push('type');
      continue;
    }
    doc.type = t.description;
    doc.default ??= emptyValueDefault(ctx, t);
  }
}

/** The default of an option declared without one: its type's empty value, unless the type holds submodules. */
function emptyValueDefault(ctx: Ctx, t: OptionType): LiteralText | undefined {
  if (ctx.settings.emptyValueDefaults === false || !t.emptyValue || subOptionsOf(t)) return undefined;
  return { _type: 'literalExpression', text: renderValue(t.emptyValue) };
}

/** Where a module value is written, which identifies it across evaluations. */
function moduleLoc(v: Value): SourceLocation | undefined {
  return v.kind === 'lambda' ? v.loc : v.kind === 'attrs' ? firstLoc(v) : undefined;
}

function locKey(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/**
 * Evaluates one module (function or attrset), documents its `options` under `prefix` and follows
 * its inline imports; path imports are documented as their own files.
 */
function walkModule(ctx: Ctx, module: Value, prefix: string[], site: Site, depth: number, args?: Record<string, Value>): void {
  let m = module;
  // `{ self, ... }: { config, lib, ... }: { … }`: a module function that returns a module function.
  for (let i = 0; i < 3 && (m.kind === 'lambda' || m.kind === 'builtin') && (i === 0 || isModuleShaped(m)); i++) {
    m = ctx.engine.evalModule(m, args);
  }
  if (m.kind !== 'attrs') return;
  // A flake-parts module that defines modules: `flake.nixosModules.x = { … }`.
  const flakeOut = prefix.length === 0 ? flakeDefinition(m)?.force() : undefined;
  if (flakeOut?.kind === 'attrs') ctx.nested.push(...moduleCollections(flakeOut));
  const options = m.attrs.get('options');
  if (options) walkOptions(ctx, options.force(), prefix, site, depth, m.locs?.get('options'));
  const imports = m.attrs.get('imports')?.force();
  if (imports?.kind === 'list') {
    for (const item of imports.items) {
      const v = unwrap(item.force());
      if (v.kind === 'path') ctx.used.add(fileOf(ctx.engine, v.path));
      else if (v.kind === 'string' && v.value.startsWith('/')) ctx.used.add(fileOf(ctx.engine, v.value));
      if (v.kind === 'lambda' || (v.kind === 'attrs' && isModuleShaped(v))) walkModule(ctx, v, prefix, site, depth, args);
    }
  }
}

/** Unwraps `mkIf`/`mkMerge`/`mkOverride`/`mkOrder` around an options tree (first content only for merges: see walkOptions). */
function unwrap(v: Value): Value {
  let cur = v;
  for (let i = 0; i < 20; i++) {
    const tag = typeTag(cur);
    if ((tag === 'if' || tag === 'override' || tag === 'order') && cur.kind === 'attrs') {
      const c = cur.attrs.get('content');
      if (!c) return cur;
      cur = c.force();
    } else return cur;
  }
  return cur;
}

/** Walks an `options` tree: options are documented, plain attrsets are recursed into. */
function walkOptions(ctx: Ctx, raw: Value, loc: string[], site: Site, depth: number, where?: SourceLocation): void {
  const v = unwrap(raw);
  if (v.kind === 'attrs' && typeTag(v) === 'merge') {
    const contents = v.attrs.get('contents')?.force();
    if (contents?.kind === 'list') for (const c of contents.items) walkOptions(ctx, c.force(), loc, site, depth, where);
    return;
  }
  if (v.kind === 'attrs' && typeTag(v) === 'option') {
    documentOption(ctx, v, loc, site, depth, where);
    return;
  }
  if (v.kind === 'attrs') {
    for (const [name, t] of v.attrs) {
      if (isDynamicName(name)) {
        ctx.diagnostics.push({
          severity: 'info',
          code: 'options/unknown-tree',
          message: `the options under \`${[...(loc.length ? [showOption(loc)] : []), name].join('.')}\` have a name computed at evaluation time; they are not documented`,
          location: v.locs?.get(name) ?? where ?? { file: site.file, line: 1, column: 1 },
        });
        continue;
      }
      walkOptions(ctx, t.force(), [...loc, name], site, depth, v.locs?.get(name) ?? where);
    }
    return;
  }
  if (v.kind === 'unknown') {
    ctx.diagnostics.push({
      severity: 'info',
      code: 'options/unknown-tree',
      message: `the options at \`${showOption(loc)}\` are computed at evaluation time (${v.reason}); they are not documented`,
      location: v.loc ?? where ?? { file: site.file, line: 1, column: 1 },
    });
    return;
  }
  ctx.diagnostics.push({
    severity: 'warning',
    code: 'options/not-an-option',
    message: `\`${showOption(loc)}\` in an options tree is ${describeKind(v)}, not an option made with mkOption`,
    location: where ?? { file: site.file, line: 1, column: 1 },
  });
}

/** Documents one option and then its sub-options. */
function documentOption(ctx: Ctx, opt: AttrsValue, loc: string[], site: Site, depth: number, where?: SourceLocation): void {
  const source = where ?? firstLoc(opt) ?? { file: site.file, line: 1, column: 1 };
  const name = showOption(loc);
  const computed: ComputedField[] = [];

  // Visibility, as optionAttrSetToDocList and make-options-doc decide it.
  const visible = opt.attrs.get('visible')?.force();
  const internal = opt.attrs.get('internal')?.force();
  const visibleFlag = visible?.kind === 'bool' ? visible.value : visible?.kind === 'string' ? visible.value === 'shallow' : true;
  const subVisible = visible?.kind === 'bool' ? visible.value : visible?.kind === 'string' ? visible.value === 'transparent' : true;
  const hidden = !visibleFlag || (internal?.kind === 'bool' && internal.value);
  const at: At = { ctx, computed, name, source, site, hidden };

  // Type.
  const typeV = opt.attrs.get('type')?.force();
  let type = 'unspecified';
  const aliasOf = opt.attrs.get(ALIAS_OF)?.force();
  if (typeV?.kind === 'type') {
    type = typeV.type.description;
    ctx.types.set(name, typeV.type);
  } else if (typeV) {
    type = sourceText(ctx, typeV) ?? 'unspecified';
    flagComputed(at, 'type', typeV);
  }

  // Description: a string (mdDoc gives a string or `{ _type = "mdDoc"; text; }`).
  let description: string | null = null;
  const descV = opt.attrs.get('description')?.force();
  if (descV?.kind === 'string') description = descV.value;
  else if (descV?.kind === 'attrs' && descV.attrs.get('text')?.force().kind === 'string') {
    description = (descV.attrs.get('text')!.force() as { value: string }).value;
  } else if (descV && descV.kind !== 'null') {
    description = (descV.kind === 'unknown' ? descV.template : undefined) ?? sourceText(ctx, descV) ?? null;
    flagComputed(at, 'description', descV);
  }

  // Default: defaultText wins over default, as in nixpkgs.
  let def: LiteralText | undefined;
  const defaultText = opt.attrs.get('defaultText');
  const defaultT = opt.attrs.get('default');
  if (defaultText) def = renderField(at, defaultText.force(), 'default');
  else if (defaultT) {
    const v = defaultT.force();
    // A secret-named option's literal default is a credential written into the flake: never shown.
    def = isSecretName(loc.at(-1)!) && v.kind !== 'bool' && v.kind !== 'null' ? { _type: 'literalExpression', text: `‹redacted: ${loc.at(-1)}›` } : renderField(at, v, 'default');
  } else if (typeV?.kind === 'type') def = emptyValueDefault(ctx, typeV.type);
  const exampleT = opt.attrs.get('example');
  const example = exampleT ? renderField(at, exampleT.force(), 'example') : undefined;

  const readOnlyV = opt.attrs.get('readOnly')?.force();
  const doc: OptionDoc = {
    kind: 'option',
    name,
    loc,
    type,
    description,
    readOnly: readOnlyV?.kind === 'bool' ? readOnlyV.value : false,
    declarations: [source.file],
    source,
    group: site.group,
    computed,
  };
  if (def) doc.default = def;
  if (example) doc.example = example;
  ctx.out.push({ doc, hidden });
  if (aliasOf?.kind === 'list') ctx.aliases.push({ doc, target: showOption(aliasOf.items.map((t) => String((t.force() as { value: unknown }).value))) });

  if (!subVisible || typeV?.kind !== 'type') return;
  const sub = subOptionsOf(typeV.type);
  if (!sub) return;
  if (depth >= MAX_SUBMODULE_DEPTH) {
    ctx.diagnostics.push({
      severity: 'info',
      code: 'options/recursive-submodule',
      message: `option \`${name}\`: submodules nest more than ${MAX_SUBMODULE_DEPTH} levels deep; deeper options are not documented`,
      location: source,
    });
    return;
  }
  const subLoc = [...loc, ...sub.prefix];
  if (sub.tags) {
    for (const [tag, t] of sub.tags) walkOptions(ctx, t.force(), [...subLoc, tag], site, depth + 1, source);
    return;
  }
  const args: Record<string, Value> = { name: str('‹name›') };
  if (sub.specialArgs?.kind === 'attrs') for (const [k, t] of sub.specialArgs.attrs) args[k] = t.force();
  for (const m of sub.modules) documentSubmodule(ctx, m, subLoc, site, depth + 1, args);
}

/** The option being documented, for recording computed fields. */
interface At {
  ctx: Ctx;
  computed: ComputedField[];
  name: string;
  source: SourceLocation;
  site: Site;
  /** A hidden option is not documented, so its computed fields need no note. */
  hidden: boolean;
}

/** Records that a field of an option is computed, with an info diagnostic at the option. */
function flagComputed({ ctx, computed, name, source, hidden }: At, field: ComputedField, v: Value): void {
  computed.push(field);
  if (hidden) return;
  const reason = firstUnknownReason(v);
  ctx.diagnostics.push({
    severity: 'info',
    code: 'options/computed',
    message: `option \`${name}\`: the ${field} is computed at evaluation time${reason ? ` (${reason})` : ''}; showing its source text`,
    location: source,
  });
}

/** A default/example as `renderOptionValue` gives it: a literal kept as is, anything else pretty-printed. */
function renderField(at: At, v: Value, field: 'default' | 'example'): LiteralText {
  const shown = renderFieldText(at, v, field);
  // Key material written into a default or example (a private key in a string) is never shown.
  const key = keyMaterial(shown.text);
  return key ? { _type: 'literalExpression', text: `‹redacted: ${key}›` } : shown;
}

function renderFieldText(at: At, v: Value, field: 'default' | 'example'): LiteralText {
  const lit = asLiteral(v);
  if (lit) return lit;
  if (v.kind !== 'list' && v.kind !== 'attrs' && v.kind !== 'unknown' && v.kind !== 'path') {
    return { _type: 'literalExpression', text: renderValue(v) };
  }
  if (containsUnknown(v)) flagComputed(at, field, v);
  return { _type: 'literalExpression', text: renderValue(v, { path: (p) => showPath(at.ctx, p, at.site) }) };
}

/** Documents the options of one module of a submodule type: an attrset, a function or a path. */
function documentSubmodule(ctx: Ctx, m: Thunk, loc: string[], site: Site, depth: number, args: Record<string, Value>): void {
  const v = m.force();
  if (v.kind === 'path') {
    const rel = ctx.engine.relative(v.path);
    ctx.submoduleFiles.add(rel);
    const fileSite: Site = { file: rel, group: site.group, dir: path.dirname(v.path) };
    walkModule(ctx, ctx.engine.importFile(v.path), loc, fileSite, depth, args);
    return;
  }
  if (v.kind === 'attrs' || v.kind === 'lambda') {
    walkModule(ctx, v, loc, site, depth, args);
    return;
  }
  if (v.kind === 'unknown') {
    ctx.diagnostics.push({
      severity: 'info',
      code: 'options/unknown-submodule',
      message: `a submodule of \`${showOption(loc)}\` is computed at evaluation time (${v.reason}); its options are not documented`,
      location: v.loc ?? { file: site.file, line: 1, column: 1 },
    });
  }
}

/** A `literalExpression`/`literalMD` (or old `literalExample`) value as options.json keeps it. */
function asLiteral(v: Value): LiteralText | undefined {
  if (v.kind !== 'attrs') return undefined;
  const tag = typeTag(v);
  const text = v.attrs.get('text')?.force();
  if (!tag || !text) return undefined;
  const t = text.kind === 'string' ? text.value : text.kind === 'unknown' ? (text.text ?? `<${text.reason}>`) : undefined;
  if (t === undefined) return undefined;
  return { _type: tag === 'literalMD' ? 'literalMD' : 'literalExpression', text: t };
}

/** Merges declarations of the same option from several files, as the module system does, and drops hidden ones. */
function mergeDeclarations(all: Declared[]): OptionDoc[] {
  const byName = new Map<string, Declared>();
  const copied = new Set<Declared>();
  for (const d of all) {
    let prev = byName.get(d.doc.name);
    if (!prev) {
      byName.set(d.doc.name, d);
      continue;
    }
    if (!copied.has(prev)) {
      prev = { doc: { ...prev.doc, declarations: [...prev.doc.declarations], computed: [...prev.doc.computed] }, hidden: prev.hidden };
      copied.add(prev);
      byName.set(d.doc.name, prev);
    }
    const p = prev.doc;
    const o = d.doc;
    for (const f of o.declarations) if (!p.declarations.includes(f)) p.declarations.push(f);
    if (p.type === 'unspecified' && o.type !== 'unspecified') p.type = o.type;
    if (p.description === null && o.description !== null) p.description = o.description;
    if (!p.default && o.default) p.default = o.default;
    if (!p.example && o.example) p.example = o.example;
    p.readOnly ||= o.readOnly;
    prev.hidden ||= d.hidden;
    for (const c of o.computed) if (!p.computed.includes(c)) p.computed.push(c);
  }
  const docs: OptionDoc[] = [];
  for (const d of byName.values()) if (!d.hidden) docs.push(d.doc);
  return docs.sort((a, b) => compareNixStrings(a.name, b.name));
}

/**
 * options.json in nixosOptionsDoc's format: entries keyed by option name in Nix's attribute order
 * (bytewise, as `builtins.toJSON` writes an attrset), keys `declarations, default, description,
 * example, line, loc, readOnly, type` (likewise sorted); `default`/`example` only when present.
 * `line` (the declaration's line in its first file) is ours; nixosOptionsDoc has no such key.
 * @param options the extracted options
 */
export function toOptionsJson(options: OptionDoc[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of [...options].sort((a, b) => compareNixStrings(a.name, b.name))) {
    const entry: Record<string, unknown> = { declarations: o.declarations };
    if (o.default) entry.default = { _type: o.default._type, text: o.default.text };
    entry.description = o.description;
    if (o.example) entry.example = { _type: o.example._type, text: o.example.text };
    entry.line = o.source.line;
    entry.loc = o.loc;
    entry.readOnly = o.readOnly;
    entry.type = o.type;
    out[o.name] = entry;
  }
  return out;
}

/**
 * The option group of a module file: `nixos`, `darwin` or `home` (from a path segment `nixos`,
 * `darwin`, `home`, `home-manager` or `hm`; `nixos` otherwise), `/`, and the file's path inside its
 * modules folder without `.nix` and without a final `default` (`modules/nixos/desktop/default.nix`
 * → `nixos/desktop`).
 * @param relativePath flake-relative path of the module file
 */
export function groupOf(relativePath: string): string {
  const segments = relativePath.replace(/\\/g, '/').split('/').filter(Boolean);
  const dirs = segments.slice(0, -1);
  const classIndex = dirs.findIndex((s) => CLASS_DIRS[s] !== undefined);
  const cls = classIndex >= 0 ? CLASS_DIRS[dirs[classIndex]!]! : 'nixos';
  let rest: string[];
  const modulesIndex = segments.lastIndexOf('modules', segments.length - 2);
  if (classIndex >= 0 && (modulesIndex < 0 || classIndex > modulesIndex)) rest = segments.slice(classIndex + 1);
  else if (modulesIndex >= 0) rest = segments.slice(modulesIndex + 1);
  else rest = segments;
  const last = rest.length - 1;
  rest[last] = rest[last]!.replace(/\.nix$/, '');
  if (rest.length > 1 && rest[last] === 'default') rest.pop();
  return `${cls}/${rest.join('/')}`;
}

const CLASS_DIRS: Record<string, string> = { nixos: 'nixos', darwin: 'darwin', home: 'home', 'home-manager': 'home', hm: 'home' };

/** A path value as the module author most likely wrote it: relative to the module's directory when inside the flake. */
function showPath(ctx: Ctx, abs: string, site: Site): string {
  const rel = path.relative(ctx.engine.root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs;
  const fromDir = path.relative(site.dir, abs).split(path.sep).join('/');
  return fromDir.startsWith('../') ? fromDir : `./${fromDir}`;
}

/** The source text of a value (an unknown's own text, or the expression it came from). */
function sourceText(ctx: Ctx, v: Value): string | undefined {
  if (v.kind === 'unknown' && v.text) return v.text;
  return ctx.engine.valueText(v) ?? (v.kind === 'unknown' ? `<${v.reason}>` : undefined);
}

/** The reason of the first unknown inside a value, for diagnostics. */
function firstUnknownReason(v: Value, depth = 0): string | undefined {
  if (depth > 50) return undefined;
  if (v.kind === 'unknown') return v.reason;
  if (v.kind === 'type') return 'an option type';
  if (v.kind === 'list') {
    for (const t of v.items) {
      const r = firstUnknownReason(t.force(), depth + 1);
      if (r) return r;
    }
  }
  if (v.kind === 'attrs') {
    for (const t of v.attrs.values()) {
      const r = firstUnknownReason(t.force(), depth + 1);
      if (r) return r;
    }
  }
  return undefined;
}

function firstLoc(v: AttrsValue): SourceLocation | undefined {
  return v.locs?.values().next().value;
}

function describeKind(v: Value): string {
  if (v.kind === 'type') return 'a bare type (not wrapped in mkOption)';
  if (v.kind === 'lambda' || v.kind === 'builtin') return 'a function';
  if (v.kind === 'int') return 'an integer';
  if (v.kind === 'null') return 'null';
  return `a ${v.kind}`;
}

/** The note for a file whose evaluation for options failed inside flake-docs (the rest is still documented). */
function evaluationFailed(rel: string, cause: unknown): Diagnostic {
  return {
    severity: 'info',
    code: 'options/evaluation-failed',
    message: `could not evaluate ${rel} for options: ${cause instanceof Error ? cause.message : String(cause)}`,
    location: { file: rel, line: 1, column: 1 },
  };
}
