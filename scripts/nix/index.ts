/**
 * The public API of the Nix layer: `createEngine` gives an evaluator over one flake (files, imports,
 * modules, flake outputs, lib, diagnostics); `parseOnly` is the benchmark's parse-only baseline.
 */
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { Evaluator, type ParseCache } from './evaluate.ts';
import { listFlakeFiles, readRegularFile } from './fs-guard.ts';
import { type GitView, readGitView } from './git-view.ts';
import { FlakeEvaluator, type SystemOrigin } from './flake.ts';
import { installLib } from './lib.ts';
import { type EvalModulesInput, type Evaluation, evalModules } from './modules/eval-modules.ts';
import { initParser, parseOnlyFiles } from './parse.ts';
import { SecretPolicy } from './secret-files.ts';
import { typesValue } from './types.ts';
import { type AttrsValue, lazy, ready, type Thunk, unknown, type UnknownValue, type Value } from './values.ts';

export * from './values.ts';
export type { SystemOrigin } from './flake.ts';
export type { ParseCache } from './evaluate.ts';
export type { Effective, EvalModulesInput, Evaluation } from './modules/eval-modules.ts';
export { GIT_CRYPT_HEADER, hasSopsMetadata, isAgeEncrypted, isSecretName, keyMaterial, redacted, SecretPolicy, SOPS_VALUE } from './secret-files.ts';

/** An evaluator over one flake. */
export interface Engine {
  /** Absolute flake root. */
  readonly root: string;
  /** Evaluates a file (a directory means its default.nix), cached per path. */
  importFile(absPath: string): Value;
  /** Applies a NixOS/darwin/home-manager module to the module arguments (plus `args`) and returns its attrset. */
  evalModule(module: Value, args?: Record<string, Value>): Value;
  /**
   * Evaluates modules as `lib.evalModules` does (lazy `config` fixpoint); `pkgs`, `modulesPath` and
   * arguments a library gives are the fallbacks of arguments no module sets in `_module.args`.
   */
  evalModules(input: EvalModulesInput): Evaluation;
  /** The flake's inputs and outputs (evaluated once). */
  evalFlake(): { inputs: Value; outputs: Value };
  /** Our nixpkgs `lib` (with `nixosSystem`). */
  readonly lib: Value;
  /** Which files hold secrets: never read into values or excerpts. */
  readonly secrets: SecretPolicy;
  /** Syntax and evaluation diagnostics so far, deduplicated (reading it parses every .nix file once). */
  readonly diagnostics: Diagnostic[];
  /** Path relative to the root, POSIX separators. */
  relative(absPath: string): string;
  /** The whole text of `loc.file`, for diagnostic excerpts; undefined for files holding secrets. */
  sourceOf(loc: SourceLocation): string | undefined;
  /** Every .nix file under the root (sorted, relative; skips .git, node_modules, result*). */
  files(): string[];
  /** The source text of the expression a value came from, if known. */
  valueText(v: Value): string | undefined;
  /** Evaluates a file afresh with the bindings of the `let`s it enters (outermost first), for naming what it combines. */
  letBindings(absPath: string): { value: Value; lets: Map<string, Thunk>[] } | undefined;
  /** Evaluates Nix source as the file `relPath` of the flake (default `<string>.nix`; not cached). */
  evalString(source: string, relPath?: string): Value;
  /** Flake-relative files that Nix code of the flake imports (`import ./x.nix`); a folder means its default.nix. */
  importedByCode(): Set<string>;
  /** For an attrset updated with an unknown (`a // unknown`), that unknown: its attributes may be overridden by it. */
  mayBeOverridden(v: Value): UnknownValue | undefined;
  /** Runs `fn` and returns the diagnostics it reported instead of keeping them (an evaluation on trial). */
  withholdDiagnostics<T>(fn: () => T): { value: T; withheld: Diagnostic[] };
  /** Reports diagnostics that `withholdDiagnostics` returned, once each. */
  restoreDiagnostics(list: readonly Diagnostic[]): void;
  /** How a configuration value was built (its builder, the flake's helper, what it was mapped from). */
  systemOrigin(v: Value): SystemOrigin | undefined;
  /** The set and key a set was selected from (`hosts.web`), when it was. */
  entryOf(v: Value): { set: AttrsValue; key: string } | undefined;
  /** The arguments an unknown function was applied to (`pkgs.mkShell { … }`), in order, when it was applied. */
  unknownCall(v: Value): Thunk[] | undefined;
  /** The flake file a set was parsed from (`fromTOML (readFile ./hosts.toml)`), when it was. */
  readFrom(v: Value): string | undefined;
}

/** Options of `createEngine`. */
export interface EngineOptions {
  /** The flake root directory. */
  root: string;
  /** The `lib.types` attrset (tests may inject a stub); defaults to `types.ts`. */
  types?: () => Value;
  /** Globs of files whose content is secret, beside the built-in rules (`*.age`, secrets folders). */
  secretGlobs?: readonly string[];
  /** Parsed files shared with earlier engines over the same flake (`dev`), reused while their text is unchanged. */
  parseCache?: ParseCache;
}

/** Lists .nix files under a root, relative and sorted (regular files only; symlinks are not followed). */
function listNixFiles(root: string): string[] {
  return listFlakeFiles(root).flatMap((e) => (e.kind === 'file' && e.rel.endsWith('.nix') ? [e.rel] : []));
}

/** The most untracked files the note names one by one. */
const UNTRACKED_NAMED = 10;

/** One note naming the flake's files git does not track (Nix's flake evaluation does not see them). */
function noteUntracked(ev: Evaluator, view: GitView): void {
  const untracked = listFlakeFiles(ev.root).flatMap((e) => (view.files.has(e.rel) ? [] : [e.rel]));
  if (!untracked.length) return;
  const named = untracked.slice(0, UNTRACKED_NAMED).join(', ');
  const more = untracked.length > UNTRACKED_NAMED ? ` and ${untracked.length - UNTRACKED_NAMED} more` : '';
  const message = `${untracked.length === 1 ? '1 file is' : `${untracked.length} files are`} not tracked by git, so Nix's flake evaluation does not see ${untracked.length === 1 ? 'it' : 'them'} and they are not read: ${named}${more}`;
  ev.report('info', 'nix/untracked', message, { file: untracked[0]!, line: 1, column: 1 });
}

/**
 * Creates an engine over the flake at `opts.root` (loads the grammar once per process).
 * @param opts the root, and optionally a `lib.types` provider
 */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  await initParser();
  const ev = new Evaluator({ root: opts.root, secretGlobs: opts.secretGlobs, parseCache: opts.parseCache });
  const typesFn = opts.types ?? typesValue;
  const vocab = installLib(ev, lazy(() => typesFn()));
  const flake = new FlakeEvaluator(ev, vocab.lib);
  // In a git checkout Nix sees only the files in git's index: so does every read below.
  const view = await readGitView(ev.root);
  if (view) {
    ev.setGitView(view);
    noteUntracked(ev, view);
  }
  let fileList: string[] | undefined;
  let allParsed = false;
  const engine: Engine = {
    root: ev.root,
    importFile: (abs) => ev.importFile(abs),
    evalModule: (m, args) => flake.evalModule(m, args),
    evalModules: (input) => {
      const fallbackArgs = new Map<string, Thunk>([
        ['pkgs', ready(flake.pkgs)],
        ['modulesPath', ready(unknown('modulesPath'))],
        ...flake.libraryModuleArgs,
        ...(input.fallbackArgs ?? []),
      ]);
      return evalModules(ev, flake.nixpkgsLib, { ...input, fallbackArgs });
    },
    evalFlake: () => flake.evalFlake(),
    lib: flake.nixpkgsLib,
    secrets: ev.secrets,
    get diagnostics() {
      if (!allParsed) {
        allParsed = true;
        for (const f of engine.files()) ev.parsedFile(path.join(ev.root, f));
      }
      return ev.diagnostics;
    },
    relative: (abs) => ev.relative(abs),
    sourceOf(loc) {
      const abs = path.resolve(ev.root, loc.file);
      // Git's own files (config with remote credentials, objects) are never excerpted.
      if (!ev.insideRoot(abs) || ev.relative(abs).split('/').includes('.git') || ev.secrets.byPath(ev.relative(abs))) return undefined;
      let text = ev.parsedFile(abs)?.source;
      if (text === undefined) {
        if (!ev.visible(abs)) return undefined;
        const read = readRegularFile(abs, ev.root);
        if (!read.ok) return undefined;
        text = read.text;
      }
      // Excerpts of ciphertext or a private key are never printed, not even one line.
      return SecretPolicy.byContent(text) ? undefined : text;
    },
    files: () => (fileList ??= listNixFiles(ev.root).filter((f) => ev.visible(path.join(ev.root, f)))),
    letBindings: (abs) => ev.letBindings(abs),
    evalString: (source, relPath = '<string>.nix') => ev.evalSource(source, path.resolve(ev.root, relPath)),
    valueText: (v) => (v.kind === 'unknown' ? (v.text ?? ev.texts.get(v)) : ev.texts.get(v)),
    importedByCode: () => new Set([...ev.importedByCode].map((abs) => {
      const rel = ev.relative(abs);
      return rel.endsWith('.nix') ? rel : `${rel ? `${rel}/` : ''}default.nix`;
    })),
    mayBeOverridden: (v) => (v.kind === 'attrs' ? ev.partial.get(v) : undefined),
    withholdDiagnostics: (fn) => ev.withholdDiagnostics(fn),
    restoreDiagnostics: (list) => ev.restoreDiagnostics(list),
    systemOrigin: (v) => flake.origins.get(v),
    entryOf: (v) => ev.entryOf.get(v),
    readFrom: (v) => ev.readFrom.get(v),
    unknownCall: (v) => ev.unknownCalls.get(v),
  };
  return engine;
}

/**
 * Parses files with tree-sitter and nothing else (the benchmark's baseline).
 * @param root the directory the files are relative to
 * @param files file paths, relative to `root` or absolute
 */
export async function parseOnly(root: string, files: string[]): Promise<{ files: number; ms: number }> {
  return parseOnlyFiles(files.map((f) => path.resolve(root, f)));
}
