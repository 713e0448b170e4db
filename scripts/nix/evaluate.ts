/**
 * The lazy partial evaluator: walks the expression trees of `parse.ts` with lexical scopes and
 * memoised thunks. Values are known or unknown; an operation on an unknown gives an unknown whose
 * `text` is the source of the whole expression. Errors in the user's code become an unknown plus a
 * diagnostic; nothing here throws for bad input.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Severity, SourceLocation } from '../diagnostics.ts';
import { buildBindings } from './eval-attrs.ts';
import { binaryOp, coerceToString, unaryOp } from './eval-ops.ts';
import { readRegularFile } from './fs-guard.ts';
import type { GitView } from './git-view.ts';
import { type Binding, type Expr, type Key, locationOf, type ParsedFile, parseSource } from './parse.ts';
import { findKeyMaterial, GIT_CRYPT_HEADER, redacted, SecretPolicy } from './secret-files.ts';
import { typeAttr } from './types.ts';
import {
  type AttrsValue,
  type LambdaValue,
  NULL,
  ready,
  str,
  type Thunk,
  unknown,
  type UnknownValue,
  type Value,
} from './values.ts';

/** A lexical scope (`vars`) or a `with` scope (`withEnv`), linked to its parent. */
export class Scope {
  readonly vars: Map<string, Thunk> | null;
  readonly withEnv: Thunk | null;
  readonly parent: Scope | null;
  readonly file: ParsedFile | null;
  constructor(vars: Map<string, Thunk> | null, withEnv: Thunk | null, parent: Scope | null, file: ParsedFile | null) {
    this.vars = vars;
    this.withEnv = withEnv;
    this.parent = parent;
    this.file = file;
  }
}

/** Where an error in a builtin is reported: the application that called it. */
export interface Site {
  file: ParsedFile;
  s: number;
  e: number;
}

const STATE_NEW = 0;
const STATE_BUSY = 1;
const STATE_DONE = 2;

/** A memoised thunk of an expression in a scope. */
export class ExprThunk implements Thunk {
  private state = STATE_NEW;
  private value: Value | undefined;
  private readonly ev: Evaluator;
  readonly expr: Expr;
  readonly scope: Scope;
  constructor(ev: Evaluator, expr: Expr, scope: Scope) {
    this.ev = ev;
    this.expr = expr;
    this.scope = scope;
  }
  peek(): Value | undefined {
    return this.state === STATE_DONE ? this.value : undefined;
  }
  force(): Value {
    if (this.state === STATE_DONE) return this.value!;
    if (this.state === STATE_BUSY) return this.ev.unknownAt('infinite recursion', this.expr, this.scope.file!);
    this.state = STATE_BUSY;
    let v: Value;
    try {
      v = this.ev.eval(this.expr, this.scope);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      v = this.ev.budgetExceeded('evaluation nested too deeply (stack overflow)', this.expr, this.scope.file!);
    }
    this.value = v;
    this.state = STATE_DONE;
    return v;
  }
}

/** A memoised computation made by a builtin; it reports errors at the call site it was created in. */
class SiteThunk implements Thunk {
  private state = STATE_NEW;
  private value: Value | undefined;
  private readonly ev: Evaluator;
  private compute: (() => Value) | undefined;
  private readonly site: Site | undefined;
  constructor(ev: Evaluator, compute: (() => Value) | undefined, site: Site | undefined) {
    this.ev = ev;
    this.compute = compute;
    this.site = site;
  }
  peek(): Value | undefined {
    return this.state === STATE_DONE ? this.value : undefined;
  }
  force(): Value {
    if (this.state === STATE_DONE) return this.value!;
    if (this.state === STATE_BUSY) return unknown('infinite recursion');
    this.state = STATE_BUSY;
    const saved = this.ev.site;
    this.ev.site = this.site;
    let v: Value;
    try {
      v = this.compute!();
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      v = unknown('evaluation nested too deeply (stack overflow)');
    } finally {
      this.ev.site = saved;
    }
    this.compute = undefined;
    this.value = v;
    this.state = STATE_DONE;
    return v;
  }
}

const PATHLIKE = /^[A-Za-z_][\w'-]*(\.[^\s.]+)*$/;

/** Extends an unknown's reason by an attribute path when the reason is itself an attribute path. */
export function extendReason(reason: string, names: string[]): string {
  if (!PATHLIKE.test(reason)) return reason;
  return `${reason}.${names.map(quoteAttr).join('.')}`;
}

/** Quotes an attribute name for display when it is not a plain identifier. */
export function quoteAttr(name: string): string {
  return /^[A-Za-z_][\w'-]*$/.test(name) ? name : JSON.stringify(name);
}

/** Options of an evaluator. */
export interface EvaluatorOptions {
  /** Absolute flake root; files outside it are never read. */
  root: string;
  /** Maximum number of expression evaluations over the evaluator's life. */
  maxSteps?: number;
  /** Maximum nesting of evaluation. */
  maxDepth?: number;
  /** Globs (relative to the root) of files whose content is secret, beside the built-in rules. */
  secretGlobs?: readonly string[];
  /** Parsed files kept from an earlier evaluator of the same flake (`dev`): a file whose text is unchanged is not parsed again. */
  parseCache?: ParseCache;
}

/**
 * Parsed files by absolute path, shared by the evaluators of successive extractions. Reusing one is
 * sound because a ParsedFile depends on its text alone: what evaluation caches on its syntax tree
 * (binding plans, key locations, constant values) is derived from the syntax, never from a run.
 */
export type ParseCache = Map<string, ParsedFile>;

/** The one note for a git-crypt-encrypted file. */
export function encryptedNote(rel: string): Diagnostic {
  return { severity: 'info', code: 'nix/encrypted', message: `${rel} is encrypted with git-crypt: it is not parsed, and what it defines is known only to an evaluation with the key`, location: { file: rel, line: 1, column: 1 } };
}

/** The evaluator: files, caches, diagnostics and the `eval` walk. */
export class Evaluator {
  readonly root: string;
  private readonly realRoot: string;
  /** Which files hold secrets: their content never becomes a value. */
  readonly secrets: SecretPolicy;
  readonly diagnostics: Diagnostic[] = [];
  private readonly diagnosticKeys = new Set<string>();
  private readonly parsed = new Map<string, ParsedFile>();
  private readonly parseCache: ParseCache | undefined;
  private readonly imported = new Map<string, Thunk>();
  /** Source text of values that came from an expression (functions, attrsets, lists, applications). */
  readonly texts = new WeakMap<object, string>();
  /** Attrsets whose missing attributes are unknowns named `<name>.<attr>` rather than errors. */
  readonly openNames = new WeakMap<AttrsValue, string>();
  /** What `import x` gives for a value that is no file (the nixpkgs input: its package-set function). */
  readonly importAs = new WeakMap<AttrsValue, Value>();
  /** Files whose content is git-crypt ciphertext (never parsed). */
  readonly encrypted = new Set<string>();
  /** Files Nix code imports (`import ./x.nix`), as opposed to files only our extractors open. */
  readonly importedByCode = new Set<string>();
  /** Attrsets updated with an unknown (`a // unknown`): their attributes may be overridden by it. */
  readonly partial = new WeakMap<AttrsValue, UnknownValue>();
  /** The scope of builtins every file starts in; set by the lib. */
  baseScope: Scope = new Scope(new Map(), null, null, null);
  /** The application a builtin is running for (where its errors are reported). */
  site: Site | undefined;
  /** The name each function of the flake is bound to (`mkHost = name: …`, curried bodies too), by its expression. */
  readonly functionNames = new WeakMap<Expr, string>();
  /** The flake's functions being called, outermost first: the name each was bound to or applied as, and its argument. */
  readonly calls: { name: string | undefined; arg: Thunk }[] = [];
  /** An attribute set's entry as it was selected (`hosts.web`) or mapped over (`mapAttrs f hosts`): the set and the key. */
  readonly entryOf = new WeakMap<Value, { set: AttrsValue; key: string }>();
  /** The flake file a string was read from (`readFile`), and the sets parsed from such a string (`fromTOML`). */
  readonly readFrom = new WeakMap<Value, string>();
  /** The arguments an unknown function was applied to, in order, by the unknown it gave. */
  readonly unknownCalls = new WeakMap<Value, Thunk[]>();
  /** The entries `mapAttrs` is computing a value for, innermost last. */
  readonly mapping: { set: AttrsValue; key: string }[] = [];
  /** The name of the function an application is about to call (`mkDesktop` in `mkDesktop { … }`). */
  private applyHead: string | undefined;
  /** While `letBindings` runs: the file whose `let` scopes are collected, in the order they are entered. */
  private letWatch: { file: ParsedFile; seen: Map<string, Thunk>[] } | undefined;
  private steps = 0;
  private depth = 0;
  private readonly maxSteps: number;
  private readonly maxDepth: number;
  private budgetReported = false;

  constructor(opts: EvaluatorOptions) {
    this.root = path.resolve(opts.root);
    let real = this.root;
    try {
      real = realpathSync(this.root);
    } catch {
      // keep the resolved path
    }
    this.realRoot = real;
    this.secrets = new SecretPolicy(opts.secretGlobs);
    this.maxSteps = opts.maxSteps ?? 50_000_000;
    this.maxDepth = opts.maxDepth ?? 1500;
    this.parseCache = opts.parseCache;
  }

  // ---------------------------------------------------------------- diagnostics and unknowns

  /** Records a diagnostic once (deduplicated by code, place and message). */
  report(severity: Severity, code: string, message: string, location?: SourceLocation): void {
    const key = diagnosticKey(code, message, location);
    if (this.diagnosticKeys.has(key)) return;
    this.diagnosticKeys.add(key);
    this.diagnostics.push({ severity, code, message, location });
  }

  /**
   * Runs `fn` and takes back the diagnostics it reported, for a caller that decides afterwards whether
   * they count (a file evaluated on trial as a module); `restoreDiagnostics` reports them after all.
   * @param fn the evaluation to try
   */
  withholdDiagnostics<T>(fn: () => T): { value: T; withheld: Diagnostic[] } {
    const start = this.diagnostics.length;
    const value = fn();
    const withheld = this.diagnostics.splice(start);
    for (const d of withheld) this.diagnosticKeys.delete(diagnosticKey(d.code, d.message, d.location));
    return { value, withheld };
  }

  /** Reports diagnostics `withholdDiagnostics` took back (each once, as `report` does). */
  restoreDiagnostics(list: readonly Diagnostic[]): void {
    for (const d of list) this.report(d.severity, d.code, d.message, d.location);
  }

  /** Location of an expression. */
  loc(x: { s: number }, file: ParsedFile): SourceLocation {
    return locationOf(file, x.s);
  }

  /** Source text of an expression. */
  text(x: { s: number; e: number }, file: ParsedFile): string {
    return file.source.slice(x.s, x.e);
  }

  /** An unknown located at an expression, with its source text. */
  unknownAt(reason: string, x: Expr, file: ParsedFile): UnknownValue {
    return unknown(reason, locationOf(file, x.s), file.source.slice(x.s, x.e));
  }

  /** An error in the user's code at an expression: a diagnostic plus an unknown. */
  errorAt(code: string, message: string, x: Expr, file: ParsedFile): UnknownValue {
    const loc = locationOf(file, x.s);
    this.report('warning', code, message, loc);
    return unknown(message, loc, file.source.slice(x.s, x.e));
  }

  /** An error inside a builtin, reported at the application that called it. */
  fail(code: string, message: string): UnknownValue {
    const site = this.site;
    const loc = site ? locationOf(site.file, site.s) : undefined;
    this.report('warning', code, message, loc);
    return unknown(message, loc);
  }

  /** Something a builtin skipped on purpose (a FIFO it would not read…): a note at the call site, plus an unknown. */
  note(code: string, message: string): UnknownValue {
    const site = this.site;
    const loc = site ? locationOf(site.file, site.s) : undefined;
    this.report('info', code, message, loc);
    return unknown(message, loc);
  }

  /** Budget exhaustion: one diagnostic, then unknowns. */
  budgetExceeded(message: string, x: Expr, file: ParsedFile): UnknownValue {
    const loc = locationOf(file, x.s);
    this.report('warning', 'nix/budget', message, loc);
    return unknown(message, loc, file.source.slice(x.s, x.e));
  }

  /** A thunk computed by a builtin; errors inside it are reported at the current call site. */
  lazy(compute: () => Value): Thunk {
    return new SiteThunk(this, compute, this.site);
  }

  /** A thunk of an expression in a scope (constants are made once per expression). */
  thunk(x: Expr, scope: Scope): Thunk {
    switch (x.k) {
      case 'int':
        return (x.c ??= ready({ kind: 'int', value: x.v }));
      case 'float':
        return (x.c ??= ready({ kind: 'float', value: x.v }));
      case 'str':
        if (x.parts.length === 0) return (x.c ??= ready(str('')));
        if (x.parts.length === 1 && typeof x.parts[0] === 'string') return (x.c ??= ready(str(x.parts[0])));
        return new ExprThunk(this, x, scope);
      default:
        return new ExprThunk(this, x, scope);
    }
  }

  // ---------------------------------------------------------------- files

  /** Path relative to the root with POSIX separators. */
  relative(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  /** True when an absolute path lies inside the flake root (after resolving symlinks). */
  insideRoot(abs: string): boolean {
    const resolved = path.resolve(abs);
    if (resolved !== this.root && !resolved.startsWith(this.root + path.sep)) return false;
    if (resolved === this.root) return true;
    const real = this.realPath(resolved);
    return real === this.realRoot || real.startsWith(this.realRoot + path.sep);
  }

  /** The files git tracks, in a git checkout: the only ones Nix's flake evaluation sees (see git-view.ts). */
  private gitView: GitView | undefined;
  /** Untracked files the evaluation asked for (relative paths): they were treated as absent. */
  readonly untrackedAsked = new Set<string>();

  /** Restricts every read to the files in git's index, as Nix's flake evaluation does. */
  setGitView(view: GitView): void {
    this.gitView = view;
    this.listings.clear();
  }

  /** False for a path inside the flake that git does not track (Nix does not see it); true outside git. */
  visible(abs: string): boolean {
    if (!this.gitView) return true;
    const rel = this.relative(abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return true;
    return this.gitView.files.has(rel) || this.gitView.dirs.has(rel);
  }

  /** Whether a path is untracked, remembering it for the note when it is. */
  hiddenByGit(abs: string): boolean {
    if (this.visible(abs)) return false;
    this.untrackedAsked.add(this.relative(abs));
    return true;
  }

  private readonly realDirs = new Map<string, string>();
  private readonly listings = new Map<string, Map<string, 'file' | 'dir' | 'symlink' | 'other'> | null>();

  /** The entries of a directory by kind (cached; null when it cannot be read). */
  private listing(dir: string): Map<string, 'file' | 'dir' | 'symlink' | 'other'> | null {
    let l = this.listings.get(dir);
    if (l !== undefined) return l;
    try {
      l = new Map();
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!this.visible(path.join(dir, e.name))) continue;
        l.set(e.name, e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other');
      }
    } catch {
      l = null;
    }
    this.listings.set(dir, l);
    return l;
  }

  /** What a path is: from its directory's cached listing (a symlink is followed). */
  private kindOf(p: string): 'file' | 'dir' | 'other' | 'missing' {
    const k = this.listing(path.dirname(p))?.get(path.basename(p));
    if (k === undefined) return 'missing';
    if (k !== 'symlink') return k;
    try {
      const st = statSync(p);
      return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    } catch {
      return 'missing';
    }
  }

  /** The real path of a path inside the root (directories cached; symlinks resolved). */
  private realPath(p: string): string {
    if (p === this.root) return this.realRoot;
    const cached = this.realDirs.get(p);
    if (cached !== undefined) return cached;
    const dir = path.dirname(p);
    const kind = this.listing(dir)?.get(path.basename(p));
    let real: string;
    if (kind === 'symlink') {
      try {
        real = realpathSync(p);
      } catch {
        real = p;
      }
    } else real = path.join(dir === p ? p : this.realPath(dir), path.basename(p));
    if (kind === 'dir') this.realDirs.set(p, real);
    return real;
  }

  /** Why files that exist could not be read (a FIFO, a symlink out of the flake…), by absolute path. */
  private readonly unreadable = new Map<string, string>();

  /**
   * The parsed file at an absolute path (cached), or undefined when it cannot be read. Only regular
   * files are read; anything else gets a note. An internal failure while parsing one file becomes an
   * error diagnostic for that file (which then evaluates to an unknown), never the end of the run.
   */
  parsedFile(abs: string): ParsedFile | undefined {
    let f = this.parsed.get(abs);
    if (f) return f;
    if (this.unreadable.has(abs)) return undefined;
    const rel = this.relative(abs);
    if (this.hiddenByGit(abs)) {
      this.unreadable.set(abs, 'is not tracked by git, so Nix does not see it');
      return undefined;
    }
    const read = readRegularFile(abs, this.root);
    if (!read.ok) {
      if (read.missing) return undefined;
      this.unreadable.set(abs, read.reason);
      this.report('info', 'nix/not-read', `${rel} was not read: it ${read.reason}`, { file: rel, line: 1, column: 1 });
      return undefined;
    }
    // git-crypt ciphertext is never parsed as Nix: one note, and its value is unknown (see importFile).
    if (read.text.startsWith(GIT_CRYPT_HEADER)) {
      this.encrypted.add(abs);
      this.unreadable.set(abs, 'is encrypted with git-crypt');
      const note = encryptedNote(rel);
      this.report(note.severity, note.code, note.message, note.location);
      return undefined;
    }
    const known = this.parseCache?.get(abs);
    if (known && known.source === read.text && known.rel === rel) {
      f = known;
    } else {
      try {
        f = parseSource(read.text, abs, rel);
      } catch (err) {
        const message = `internal error while parsing this file (${err instanceof Error ? err.message : String(err)}); the file is left unevaluated`;
        f = { abs, rel, dir: path.dirname(abs), source: read.text, root: { k: 'err', msg: message, s: 0, e: read.text.length }, diagnostics: [] };
        f.diagnostics.push({ severity: 'error', code: 'nix/internal-error', message, location: { file: rel, line: 1, column: 1 } });
      }
      // A file refused for time or depth is parsed again next run: the timeout depends on the machine's load.
      if (f.root.k !== 'err') this.parseCache?.set(abs, f);
    }
    this.parsed.set(abs, f);
    for (const d of f.diagnostics) this.report(d.severity, d.code, d.message, d.location);
    const key = findKeyMaterial(read.text);
    if (key) {
      const message = `this file holds ${key.what} in plain text: it is published with the repository and copied into the world-readable Nix store; the site never shows it`;
      this.report('warning', 'secrets/key-in-source', message, { file: rel, line: key.line, column: 1 });
    }
    return f;
  }

  /**
   * Stands in for the content of a secret file read by Nix code (`readFile`, `import`): never the
   * value, a warning at the call that the secret ends up in the world-readable Nix store.
   * @param abs the file
   * @param reason why it is secret
   * @param how the builtin that read it
   */
  secretRead(abs: string, reason: string, how: string): UnknownValue {
    const rel = this.relative(abs);
    // Reported at the call that reads it, or at the file itself when a module list imports it.
    const loc = this.site ? locationOf(this.site.file, this.site.s) : { file: rel, line: 1, column: 1 };
    this.report(
      'warning',
      'secrets/read-into-store',
      `${how} reads ${rel} (${reason}) into the world-readable Nix store in plain text; its content is not shown`,
      loc,
    );
    return unknown(`secret read from ${rel}`, loc, redacted(rel));
  }

  /**
   * The file each path given to `importFile` stands for, once it has been checked to be inside the
   * flake and not secret (listings are cached, so the answer cannot change within a run).
   */
  private readonly importPaths = new Map<string, string>();

  /** Evaluates a file of the flake (a directory means its `default.nix`), cached per path. */
  importFile(absPath: string): Value {
    let abs = this.importPaths.get(absPath);
    if (abs === undefined) {
      abs = path.resolve(absPath);
      if (!this.insideRoot(abs)) return unknown(`import of ${abs} (outside the flake)`);
      if (this.kindOf(abs) === 'dir') abs = path.join(abs, 'default.nix');
      const secret = this.secrets.byPath(this.relative(abs));
      if (secret) return this.secretRead(abs, secret, 'import');
      this.importPaths.set(absPath, abs);
    }
    let t = this.imported.get(abs);
    if (!t) {
      const file = this.parsedFile(abs);
      if (!file && this.encrypted.has(abs)) {
        t = ready(unknown(`${this.relative(abs)} (encrypted with git-crypt)`, { file: this.relative(abs), line: 1, column: 1 }));
      } else if (!file) {
        const why = this.unreadable.get(abs);
        const v = this.fail('nix/import', `cannot import ${this.relative(abs)}: ${why ? `it ${why}` : 'no such file'}`);
        t = ready(v);
      } else {
        t = new ExprThunk(this, file.root, new Scope(null, null, this.baseScope, file));
      }
      this.imported.set(abs, t);
    }
    try {
      return t.force();
    } catch (err) {
      // One file is the unit of failure: an internal error evaluating it (our bug, not the user's)
      // becomes an error diagnostic for that file and an unknown value, and the rest of the flake goes on.
      if (!(err instanceof Error)) throw err;
      const rel = this.relative(abs);
      const message = `internal error while evaluating ${rel} (${err.message}); its value is unknown`;
      this.report('error', 'nix/internal-error', message, { file: rel, line: 1, column: 1 });
      const v = unknown(message, { file: rel, line: 1, column: 1 });
      this.imported.set(abs, ready(v));
      return v;
    }
  }

  /**
   * Evaluates a file afresh and returns its value with the bindings of every `let` it entered on the
   * way, outermost first: the names a file gives its values before they are combined (`admin = "ssh-…"`).
   * @param abs the file
   */
  letBindings(abs: string): { value: Value; lets: Map<string, Thunk>[] } | undefined {
    const file = this.parsedFile(abs);
    if (!file) return undefined;
    const saved = this.letWatch;
    this.letWatch = { file, seen: [] };
    try {
      const value = new ExprThunk(this, file.root, new Scope(null, null, this.baseScope, file)).force();
      return { value, lets: this.letWatch.seen };
    } finally {
      this.letWatch = saved;
    }
  }

  /**
   * Evaluates Nix source as if it were the file at `abs` (not cached; for tests and tools).
   * @param source the Nix text
   * @param abs the absolute path it stands for (relative paths resolve against its directory)
   */
  evalSource(source: string, abs: string): Value {
    const file = parseSource(source, abs, this.relative(abs));
    for (const d of file.diagnostics) this.report(d.severity, d.code, d.message, d.location);
    this.parsed.set(abs, file);
    return new ExprThunk(this, file.root, new Scope(null, null, this.baseScope, file)).force();
  }

  // ---------------------------------------------------------------- application

  /** Applies a function value to an argument (lambdas, builtins, `__functor` attrsets). */
  apply(f: Value, arg: Thunk): Value {
    switch (f.kind) {
      case 'lambda':
      case 'builtin':
        return f.apply(arg);
      case 'unknown': {
        // What a function known only at evaluation time was called with (`pkgs.writeShellScriptBin "deploy" "…"`):
        // the flake's own commands are read from these arguments, never run.
        const v = unknown(f.reason);
        this.unknownCalls.set(v, [...(this.unknownCalls.get(f) ?? []), arg]);
        return v;
      }
      case 'attrs': {
        const functor = f.attrs.get('__functor');
        if (functor) return this.apply(this.apply(functor.force(), ready(f)), arg);
        return this.fail('nix/type-error', 'attempt to call something which is not a function but a set');
      }
      default:
        return this.fail('nix/type-error', `attempt to call something which is not a function but ${describeKind(f)}`);
    }
  }

  /** Applies a function to several arguments in turn. */
  call(f: Value, ...args: Thunk[]): Value {
    let v = f;
    for (const a of args) v = this.apply(v, a);
    return v;
  }

  // ---------------------------------------------------------------- lookup

  /** Looks a variable up: lexical scopes first, then `with` scopes from the innermost out. */
  lookup(name: string, scope: Scope): Thunk | UnknownValue | undefined {
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.vars) {
        const t = s.vars.get(name);
        if (t) return t;
      }
    }
    let firstUnknown: UnknownValue | undefined;
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (!s.withEnv) continue;
      const env = s.withEnv.force();
      if (env.kind === 'attrs') {
        const t = env.attrs.get(name);
        if (t) return t;
        const open = this.openNames.get(env);
        if (open !== undefined && !firstUnknown) firstUnknown = unknown(extendReason(open, [name]));
      } else if (env.kind === 'unknown') {
        // An unknown `with` scope might hold the name; a known outer one that has it wins (heuristic).
        if (!firstUnknown) firstUnknown = unknown(extendReason(env.reason, [name]));
      }
    }
    return firstUnknown;
  }

  // ---------------------------------------------------------------- eval

  /** Evaluates an expression in a scope. */
  eval(x: Expr, scope: Scope): Value {
    const file = scope.file!;
    if (++this.steps > this.maxSteps) {
      if (!this.budgetReported) {
        this.budgetReported = true;
        return this.budgetExceeded(`evaluation step budget (${this.maxSteps}) exhausted`, x, file);
      }
      return this.unknownAt('evaluation step budget exhausted', x, file);
    }
    if (this.depth >= this.maxDepth) return this.budgetExceeded(`evaluation nested deeper than ${this.maxDepth} levels`, x, file);
    this.depth++;
    try {
      return this.evalInner(x, scope, file);
    } finally {
      this.depth--;
    }
  }

  private evalInner(x: Expr, scope: Scope, file: ParsedFile): Value {
    switch (x.k) {
      case 'int':
        return { kind: 'int', value: x.v };
      case 'float':
        return { kind: 'float', value: x.v };
      case 'str':
        return this.evalString(x, scope, file);
      case 'uri':
        return str(x.v);
      case 'path':
        return this.evalPath(x, scope, file);
      case 'spath':
        return this.unknownAt(`<${x.name}>`, x, file);
      case 'hpath':
        return this.unknownAt(`home path ${x.text}`, x, file);
      case 'var': {
        const t = this.lookup(x.name, scope);
        if (!t) return this.errorAt('nix/undefined-variable', `undefined variable '${x.name}'`, x, file);
        if ('kind' in t) return { ...t, loc: locationOf(file, x.s), text: x.name };
        return t.force();
      }
      case 'select':
        return this.evalSelect(x, scope, file);
      case 'has':
        return this.evalHas(x, scope, file);
      case 'apply': {
        const f = this.eval(x.f, scope);
        const saved = this.site;
        this.site = { file, s: x.s, e: x.e };
        let v: Value;
        // A function applied by name (`mkDesktop { … }`, `self.lib.mkHost x`) is known by it while it runs.
        if (f.kind === 'lambda' && (x.f.k === 'var' || x.f.k === 'select')) this.applyHead = file.source.slice(x.f.s, x.f.e);
        try {
          v = this.apply(f, this.thunk(x.a, scope));
        } finally {
          this.site = saved;
          this.applyHead = undefined;
        }
        if (v.kind === 'unknown' && v.text === undefined) {
          const located = { ...v, loc: locationOf(file, x.s), text: file.source.slice(x.s, x.e) };
          const args = this.unknownCalls.get(v);
          if (args) this.unknownCalls.set(located, args);
          return located;
        }
        if ((v.kind === 'attrs' || v.kind === 'list' || v.kind === 'builtin' || v.kind === 'lambda') && !this.texts.has(v)) {
          this.texts.set(v, file.source.slice(x.s, x.e));
        }
        return v;
      }
      case 'lambda':
        return this.makeLambda(x, scope, file);
      case 'let': {
        const vars = new Map<string, Thunk>();
        const inner = new Scope(vars, null, scope, file);
        buildBindings(this, x.binds, inner, scope, vars, undefined, file);
        if (this.letWatch?.file === file) this.letWatch.seen.push(vars);
        return this.eval(x.body, inner);
      }
      case 'attrs': {
        const attrsMap = new Map<string, Thunk>();
        if (x.simple) {
          const inner = x.rec ? new Scope(attrsMap, null, scope, file) : scope;
          for (const b of x.binds) {
            const bv = b as Binding & { t: 'val' };
            attrsMap.set(bv.path[0] as string, this.thunk(bv.value, inner));
          }
          if (!x.locs) {
            x.locs = new Map();
            for (const b of x.binds) x.locs.set((b as Binding & { t: 'val' }).path[0] as string, locationOf(file, b.keyStarts[0]!));
          }
          const v: AttrsValue = { kind: 'attrs', attrs: attrsMap, locs: x.locs };
          this.texts.set(v, file.source.slice(x.s, x.e));
          return v;
        }
        const locs = new Map<string, SourceLocation>();
        if (x.rec) {
          const inner = new Scope(attrsMap, null, scope, file);
          buildBindings(this, x.binds, inner, scope, attrsMap, locs, file);
        } else {
          buildBindings(this, x.binds, scope, scope, attrsMap, locs, file);
        }
        const v: AttrsValue = { kind: 'attrs', attrs: attrsMap, locs };
        this.texts.set(v, file.source.slice(x.s, x.e));
        return v;
      }
      case 'letattrs': {
        const attrsMap = new Map<string, Thunk>();
        const inner = new Scope(attrsMap, null, scope, file);
        buildBindings(this, x.binds, inner, scope, attrsMap, undefined, file);
        const body = attrsMap.get('body');
        return body ? body.force() : this.errorAt('nix/missing-attribute', "attribute 'body' missing in `let { }`", x, file);
      }
      case 'list': {
        const items: Thunk[] = new Array(x.items.length);
        for (let i = 0; i < x.items.length; i++) items[i] = this.thunk(x.items[i]!, scope);
        const v: Value = { kind: 'list', items };
        this.texts.set(v, file.source.slice(x.s, x.e));
        return v;
      }
      case 'if': {
        const c = this.eval(x.c, scope);
        if (c.kind === 'bool') return this.eval(c.value ? x.t : x.f, scope);
        if (c.kind === 'unknown') return { ...c, loc: locationOf(file, x.s), text: file.source.slice(x.s, x.e) };
        return this.errorAt('nix/type-error', `expected a Boolean in the condition of \`if\` but got ${describeKind(c)}`, x.c, file);
      }
      case 'assert': {
        const c = this.eval(x.c, scope);
        if (c.kind === 'bool') {
          if (c.value) return this.eval(x.body, scope);
          return this.errorAt('nix/assert', `assertion '${this.text(x.c, file)}' failed`, x, file);
        }
        if (c.kind === 'unknown') return this.eval(x.body, scope); // cannot check statically: assume it holds
        return this.errorAt('nix/type-error', `expected a Boolean in \`assert\` but got ${describeKind(c)}`, x.c, file);
      }
      case 'with':
        return this.eval(x.body, new Scope(null, this.thunk(x.env, scope), scope, file));
      case 'bin':
        return binaryOp(this, x, scope, file);
      case 'unary':
        return unaryOp(this, x, scope, file);
      case 'err':
        return this.unknownAt(x.msg, x, file);
    }
  }

  /** Evaluates an attribute name of a path: a static name, or an expression that must give a string. */
  keyName(key: Key, scope: Scope, file: ParsedFile): string | Value {
    if (typeof key === 'string') return key;
    const v = this.eval(key, scope);
    if (v.kind === 'string') return v.value;
    if (v.kind === 'path') return v.path;
    if (v.kind === 'unknown' || v.kind === 'null') return v;
    return this.errorAt('nix/type-error', `expected a string as attribute name but got ${describeKind(v)}`, key, file);
  }

  private evalSelect(x: Expr & { k: 'select' }, scope: Scope, file: ParsedFile): Value {
    let cur = this.eval(x.x, scope);
    const names: string[] = [];
    for (let i = 0; i < x.path.length; i++) {
      const name = this.keyName(x.path[i]!, scope, file);
      if (typeof name !== 'string') {
        if (x.def && name.kind !== 'unknown') return this.eval(x.def, scope);
        return name.kind === 'unknown' ? this.unknownAt(name.reason, x, file) : this.errorAt('nix/type-error', 'attribute name is null', x, file);
      }
      names.push(name);
      if (cur.kind === 'attrs') {
        const t = cur.attrs.get(name);
        if (t) {
          const parent = cur;
          cur = t.force();
          if (cur.kind === 'attrs' && !this.entryOf.has(cur)) this.entryOf.set(cur, { set: parent, key: name });
          continue;
        }
        if (x.def) return this.eval(x.def, scope);
        const open = this.openNames.get(cur);
        if (open !== undefined) {
          const rest = x.path.slice(i + 1).map((k) => (typeof k === 'string' ? k : '${…}'));
          return this.unknownAt(extendReason(open, [name, ...rest]), x, file);
        }
        return this.errorAt('nix/missing-attribute', `attribute '${names.join('.')}' missing`, x, file);
      }
      if (cur.kind === 'type') {
        const v = typeAttr(cur.type, name);
        if (v) {
          cur = v;
          continue;
        }
      }
      if (cur.kind === 'unknown') {
        const rest = x.path.slice(i).map((k, j) => (j === 0 ? name : typeof k === 'string' ? k : '${…}'));
        return { kind: 'unknown', reason: extendReason(cur.reason, rest), loc: locationOf(file, x.s), text: file.source.slice(x.s, x.e) };
      }
      if (x.def) return this.eval(x.def, scope);
      return this.errorAt('nix/type-error', `cannot select attribute '${name}' from ${describeKind(cur)}`, x, file);
    }
    return cur;
  }

  private evalHas(x: Expr & { k: 'has' }, scope: Scope, file: ParsedFile): Value {
    let cur = this.eval(x.x, scope);
    for (let i = 0; i < x.path.length; i++) {
      const name = this.keyName(x.path[i]!, scope, file);
      if (typeof name !== 'string') return name.kind === 'unknown' ? this.unknownAt(name.reason, x, file) : { kind: 'bool', value: false };
      if (cur.kind === 'unknown') return this.unknownAt(extendReason(cur.reason, [name]), x, file);
      if (cur.kind === 'type') {
        const v = typeAttr(cur.type, name);
        if (!v) return { kind: 'bool', value: false };
        cur = v;
        continue;
      }
      if (cur.kind !== 'attrs') return { kind: 'bool', value: false };
      const t = cur.attrs.get(name);
      if (!t) {
        const open = this.openNames.get(cur);
        if (open !== undefined) return this.unknownAt(extendReason(open, [name]), x, file);
        return { kind: 'bool', value: false };
      }
      if (i < x.path.length - 1) cur = t.force();
    }
    return { kind: 'bool', value: true };
  }

  private evalString(x: Expr & { k: 'str' }, scope: Scope, file: ParsedFile): Value {
    const parts = x.parts;
    if (parts.length === 1 && typeof parts[0] === 'string') return str(parts[0]);
    let out = '';
    let firstUnknown: UnknownValue | undefined;
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const v = this.eval(p, scope);
      const s = coerceToString(this, v, false);
      if (typeof s === 'string') out += s;
      else if (s.kind === 'unknown' || firstUnknown) {
        // Keep going, so the known parts can still be shown: `Port 8080 for ${name}.`
        firstUnknown ??= s as UnknownValue;
        out += `\${${file.source.slice(p.s, p.e)}}`;
      } else return this.errorAt('nix/type-error', `cannot coerce ${describeKind(v)} to a string`, p, file);
    }
    if (firstUnknown) return { kind: 'unknown', reason: firstUnknown.reason, loc: locationOf(file, x.s), text: file.source.slice(x.s, x.e), template: out };
    return str(out);
  }

  private evalPath(x: Expr & { k: 'path' }, scope: Scope, file: ParsedFile): Value {
    let text = '';
    for (const p of x.parts) {
      if (typeof p === 'string') {
        text += p;
        continue;
      }
      const v = this.eval(p, scope);
      const s = coerceToString(this, v, false);
      if (typeof s === 'string') text += s;
      else if (s.kind === 'unknown') return this.unknownAt(s.reason, x, file);
      else return this.errorAt('nix/type-error', `cannot coerce ${describeKind(v)} to a string`, p, file);
    }
    return { kind: 'path', path: path.resolve(file.dir, text) };
  }

  private makeLambda(x: Expr & { k: 'lambda' }, scope: Scope, file: ParsedFile): LambdaValue {
    const ev = this;
    const v: LambdaValue = {
      kind: 'lambda',
      loc: locationOf(file, x.s),
      formals: x.formals
        ? (x.shown ??= { names: x.formals.map((f) => f.name), ellipsis: x.ellipsis, defaults: x.formals.filter((f) => f.def).map((f) => f.name), ...(x.arg !== undefined && { bound: true }) })
        : undefined,
      apply(arg: Thunk): Value {
        return ev.callLambda(x, scope, file, arg);
      },
    };
    this.texts.set(v, file.source.slice(x.s, x.e));
    return v;
  }

  /** Calls a user function: binds its argument or pattern and evaluates its body. */
  callLambda(x: Expr & { k: 'lambda' }, closure: Scope, file: ParsedFile, arg: Thunk): Value {
    if (this.depth >= this.maxDepth) return this.budgetExceeded(`function calls nested deeper than ${this.maxDepth} levels`, x, file);
    const name = this.functionNames.get(x) ?? this.applyHead;
    this.applyHead = undefined;
    const vars = new Map<string, Thunk>();
    const scope = new Scope(vars, null, closure, file);
    if (x.arg !== undefined) vars.set(x.arg, arg);
    if (x.formals) {
      const a = arg.force();
      if (a.kind === 'attrs') {
        if (!x.ellipsis) {
          for (const name of a.attrs.keys()) {
            if (!x.formals.some((f) => f.name === name)) {
              this.report('warning', 'nix/unexpected-argument', `function called with unexpected argument '${name}'`, this.site ? locationOf(this.site.file, this.site.s) : locationOf(file, x.s));
            }
          }
        }
        for (const f of x.formals) {
          const t = a.attrs.get(f.name);
          if (t) vars.set(f.name, t);
          else if (f.def) vars.set(f.name, this.thunk(f.def, scope));
          else {
            const open = this.openNames.get(a);
            const where = this.site ? locationOf(this.site.file, this.site.s) : locationOf(file, f.s);
            if (open !== undefined) vars.set(f.name, ready(unknown(extendReason(open, [f.name]), where, f.name)));
            else {
              this.report('warning', 'nix/missing-argument', `function called without required argument '${f.name}'`, where);
              vars.set(f.name, ready(unknown(`missing argument '${f.name}'`, where, f.name)));
            }
          }
        }
      } else if (a.kind === 'unknown') {
        for (const f of x.formals) vars.set(f.name, ready(unknown(extendReason(a.reason, [f.name]), locationOf(file, f.s), f.name)));
      } else {
        return this.errorAt('nix/type-error', `function expects a set as argument but got ${describeKind(a)}`, x, file);
      }
    }
    this.depth++;
    this.calls.push({ name, arg });
    try {
      return this.eval(x.body, scope);
    } finally {
      this.depth--;
      this.calls.pop();
    }
  }
}

/** The identity of a diagnostic for deduplication: code, place and message. */
function diagnosticKey(code: string, message: string, location?: SourceLocation): string {
  return `${code}\0${location?.file}\0${location?.line}\0${location?.column}\0${message}`;
}

/** "an integer", "a string"… for messages, as Nix words them. */
export function describeKind(v: Value): string {
  switch (v.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return 'a Boolean';
    case 'int':
      return 'an integer';
    case 'float':
      return 'a float';
    case 'string':
      return 'a string';
    case 'path':
      return 'a path';
    case 'list':
      return 'a list';
    case 'attrs':
      return 'a set';
    case 'lambda':
    case 'builtin':
      return 'a function';
    case 'type':
      return 'an option type';
    case 'unknown':
      return 'an unknown value';
  }
}

export { NULL };
