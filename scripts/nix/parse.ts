/**
 * tree-sitter-nix (WebAssembly) wrapper: parses a file once and converts its syntax tree into the small
 * expression tree (`Expr`) the evaluator walks. The conversion visits named nodes only, reads node kinds
 * by numeric id and takes text straight from the source string, so the tree-sitter tree can be freed
 * right away. Syntax errors (ERROR and MISSING nodes) become `nix/syntax` diagnostics and the
 * expressions that contain them become `Err` nodes, which evaluate to an unknown "syntax error".
 *
 * Valid Nix the grammar does not know (a trailing comma after the last formal, the pipe operators `|>`
 * and `<|`) is rewritten offset for offset before tree-sitter sees it (`parse-recover.ts`); the
 * converter reads the original text, so pipes become the applications they stand for and every
 * location stays exact.
 *
 * Work is bounded on hostile input: tree-sitter gets a time budget per file (some inputs, such as
 * `1+1+1+…` without spaces, take it quadratic time), and the conversion stops at `MAX_NESTING` levels.
 * Either limit turns the whole file into one `Err` node plus an error diagnostic, like a syntax error.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, Parser, type Node as TSNode, type TreeCursor } from 'web-tree-sitter';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { readRegularFile } from './fs-guard.ts';
import { prepareSource } from './parse-recover.ts';
import type { Thunk } from './values.ts';

/** An attribute name in a path: a static string, or an expression (`${e}` or `"a${e}"`) evaluated to one. */
export type Key = string | Expr;

/** Common fields of every expression: start and end offsets (UTF-16 code units) in the file's source. */
interface Base {
  s: number;
  e: number;
}

/** One `a.b.c = v;` binding or `inherit [(from)] names;` statement. */
export type Binding =
  | { t: 'val'; path: Key[]; keyStarts: number[]; value: Expr; s: number; locs?: SourceLocation[] }
  | { t: 'inherit'; names: Key[]; keyStarts: number[]; keyEnds: number[]; from?: Expr; s: number; locs?: SourceLocation[] };

/** The parsed expression tree. */
export type Expr =
  | (Base & { k: 'int'; v: number; c?: Thunk })
  | (Base & { k: 'float'; v: number; c?: Thunk })
  | (Base & { k: 'str'; parts: (string | Expr)[]; c?: Thunk })
  | (Base & { k: 'path'; parts: (string | Expr)[] })
  | (Base & { k: 'spath'; name: string })
  | (Base & { k: 'hpath'; text: string })
  | (Base & { k: 'uri'; v: string })
  | (Base & { k: 'var'; name: string })
  | (Base & { k: 'select'; x: Expr; path: Key[]; def?: Expr })
  | (Base & { k: 'has'; x: Expr; path: Key[] })
  | (Base & { k: 'apply'; f: Expr; a: Expr })
  | (Base & {
      k: 'lambda';
      arg?: string;
      formals?: Formal[];
      ellipsis: boolean;
      body: Expr;
      /** The pattern as function values show it, computed once per expression. */
      shown?: { names: string[]; ellipsis: boolean; defaults: string[]; bound?: true };
    })
  | (Base & { k: 'let'; binds: Binding[]; body: Expr })
  | (Base & {
      k: 'attrs';
      rec: boolean;
      binds: Binding[];
      /** True when every binding is `name = value;` with distinct static names (the fast path). */
      simple: boolean;
      /** Where each attribute is defined, computed once (simple sets only). */
      locs?: Map<string, SourceLocation>;
    })
  | (Base & { k: 'letattrs'; binds: Binding[] })
  | (Base & { k: 'list'; items: Expr[] })
  | (Base & { k: 'if'; c: Expr; t: Expr; f: Expr })
  | (Base & { k: 'assert'; c: Expr; body: Expr })
  | (Base & { k: 'with'; env: Expr; body: Expr })
  | (Base & { k: 'bin'; op: string; l: Expr; r: Expr })
  | (Base & { k: 'unary'; op: string; x: Expr })
  | (Base & { k: 'err'; msg: string });

/** One name of a `{ a, b ? d, ... }:` pattern. */
export interface Formal {
  name: string;
  def?: Expr;
  s: number;
}

/** A parsed file: its source, expression tree and syntax diagnostics. */
export interface ParsedFile {
  /** Absolute path. */
  abs: string;
  /** Path relative to the flake root, POSIX separators. */
  rel: string;
  /** Absolute directory, for relative path literals. */
  dir: string;
  source: string;
  root: Expr;
  diagnostics: Diagnostic[];
  /** Offsets where lines start, computed on first use. */
  lineStarts?: number[];
}

let parser: Parser | undefined;
const ERROR_ID = 65535;

/** How deeply expressions may nest before a file is refused (Nix accepts more; no real module comes close). */
export const MAX_NESTING = 1000;
/** Default milliseconds tree-sitter may spend on one file before the file is refused. */
export const DEFAULT_PARSE_BUDGET_MS = 5000;
let parseBudgetMs = DEFAULT_PARSE_BUDGET_MS;

/**
 * Sets the time tree-sitter may spend on one file (tests shorten it).
 * @param ms milliseconds per file
 */
export function setParseBudget(ms: number): void {
  parseBudgetMs = ms;
}

/** Thrown inside the converter when nesting passes `MAX_NESTING`; caught in `parseSource`. */
class TooDeep extends Error {
  readonly offset: number;
  constructor(offset: number) {
    super('expression nested too deeply');
    this.offset = offset;
  }
}

/** The emscripten module of web-tree-sitter, when its low-level node functions are reachable. */
interface RawModule {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_node_named_children_wasm(tree: number): void;
  _ts_node_symbol_wasm(tree: number): number;
  _ts_node_end_index_wasm(tree: number): number;
  _free(ptr: number): void;
}
let rawModule: RawModule | undefined;
let transferBuffer = 0;

/** A syntax node as the converter sees it: kind id, start and end offsets, and walker data. */
interface N {
  t: number;
  s: number;
  e: number;
}
/** A node read straight from wasm memory: its five marshalled words. */
interface RawN extends N {
  id: number;
  row: number;
  col: number;
  other: number;
}
/** A node backed by web-tree-sitter's public Node object (the fallback walker). */
interface ApiN extends N {
  node: TSNode;
}

/** Lists named children of a node (comments left out). */
interface Walker {
  kids(n: N): N[];
}

/**
 * Reads children straight from wasm memory, one call per node for its kind and end offset, without
 * creating web-tree-sitter Node objects (they dominate conversion time otherwise).
 */
class RawWalker implements Walker {
  private readonly m: RawModule;
  private readonly tree: number;
  constructor(m: RawModule, tree: number) {
    this.m = m;
    this.tree = tree;
  }
  kids(n: N): N[] {
    const m = this.m;
    const r = n as RawN;
    const tb = transferBuffer >> 2;
    let heap = m.HEAP32;
    heap[tb] = r.id;
    heap[tb + 1] = r.s;
    heap[tb + 2] = r.row;
    heap[tb + 3] = r.col;
    heap[tb + 4] = r.other;
    m._ts_node_named_children_wasm(this.tree);
    heap = m.HEAP32;
    const count = heap[tb]!;
    const buf = heap[tb + 1]!;
    const out: N[] = [];
    if (count === 0) return out;
    for (let i = 0; i < count; i++) {
      const b = (buf >> 2) + i * 5;
      const id = heap[b]!;
      const s = heap[b + 1]!;
      const row = heap[b + 2]!;
      const col = heap[b + 3]!;
      const other = heap[b + 4]!;
      heap[tb] = id;
      heap[tb + 1] = s;
      heap[tb + 2] = row;
      heap[tb + 3] = col;
      heap[tb + 4] = other;
      const t = m._ts_node_symbol_wasm(this.tree);
      if (t === commentId) continue;
      const e = m._ts_node_end_index_wasm(this.tree);
      const c: RawN = { t, s, e, id, row, col, other };
      out.push(c);
    }
    m._free(buf);
    return out;
  }
}

/** Walks with web-tree-sitter's public API (used when the low-level functions are not reachable). */
class ApiWalker implements Walker {
  kids(n: N): N[] {
    const out: N[] = [];
    for (const c of (n as ApiN).node.namedChildren) {
      if (!c) continue;
      const t = c.typeId;
      if (t === commentId) continue;
      const a: ApiN = { t, s: c.startIndex, e: c.endIndex, node: c };
      out.push(a);
    }
    return out;
  }
}

let commentId = -1;

/**
 * A copy of an array built by `push`, at its exact length: V8 gives a pushed array room for 16 more
 * items, and the expression trees of every file stay in memory for the whole run.
 */
function fit<T>(items: T[]): T[] {
  return items.length ? items.slice() : [];
}

/** An attrpath of plain identifiers and dots only: no spaces, comments, strings or interpolations. */
const PLAIN_ATTRPATH = /^[A-Za-z_][A-Za-z0-9_'-]*(?:\.[A-Za-z_][A-Za-z0-9_'-]*)*$/;

/** What makes a double-quoted string more than its text: a quote, an escape or an interpolation. */
const PLAIN_STRING_BREAKERS = /["\\]|\$\{/;

/** Words a plain attrpath cannot hold unquoted (`or` may, where tree-sitter's own reading is kept). */
const KEYWORDS = new Set(['if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit', 'or']);

/** Names already seen, shared by every file: `mkOption`, `type` or `lib` is one string, not one per use. */
const NAMES = new Map<string, string>();
/** How many names are shared at most (a hostile flake could otherwise grow the table without end). */
const MAX_SHARED_NAMES = 100_000;

/** The shared copy of an identifier (the slice is garbage at once; the shared string is what the tree keeps). */
function sharedName(name: string): string {
  const known = NAMES.get(name);
  if (known !== undefined) return known;
  if (NAMES.size < MAX_SHARED_NAMES && name.length <= 64) NAMES.set(name, name);
  return name;
}

/** Loads the tree-sitter runtime and the Nix grammar once; later calls return at once. */
export async function initParser(): Promise<void> {
  if (parser) return;
  const moduleObject: Partial<RawModule> = {};
  await Parser.init(moduleObject);
  if (
    typeof moduleObject._ts_node_named_children_wasm === 'function' &&
    typeof moduleObject._ts_node_symbol_wasm === 'function' &&
    typeof moduleObject._ts_node_end_index_wasm === 'function' &&
    typeof moduleObject._ts_init === 'function' &&
    typeof moduleObject._free === 'function' &&
    moduleObject.HEAP32 instanceof Int32Array &&
    !process.env.FLAKE_DOCS_TS_API
  ) {
    rawModule = moduleObject as RawModule;
    transferBuffer = rawModule._ts_init();
  }
  const pkg = createRequire(import.meta.url).resolve('@cursorless/tree-sitter-wasms/package.json');
  const lang = await Language.load(path.join(path.dirname(pkg), 'out', 'tree-sitter-nix.wasm'));
  const p = new Parser();
  p.setLanguage(lang);
  // Some kinds (string_fragment, escape_sequence, interpolation…) have several ids: map every id.
  kindOf = new Array(lang.nodeTypeCount).fill('');
  for (let i = 0; i < lang.nodeTypeCount; i++) if (lang.nodeTypeIsNamed(i)) kindOf[i] = lang.nodeTypeForId(i) ?? '';
  commentId = kindOf.indexOf('comment');
  parser = p;
}

/** Node kind name by grammar id (named kinds only). */
let kindOf: string[] = [];

function requireParser(): Parser {
  if (!parser) throw new Error('tree-sitter-nix is not initialised: await initParser() first');
  return parser;
}

/** Converts a 0-based offset into a 1-based source location of `file`. */
export function locationOf(file: ParsedFile, offset: number): SourceLocation {
  let starts = file.lineStarts;
  if (!starts) {
    starts = [0];
    const src = file.source;
    for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
    file.lineStarts = starts;
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file: file.rel, line: lo + 1, column: offset - starts[lo]! + 1 };
}

/**
 * Parses Nix source into an expression tree plus syntax diagnostics.
 * @param source the file's text
 * @param abs its absolute path
 * @param rel its path relative to the flake root
 */
export function parseSource(source: string, abs: string, rel: string): ParsedFile {
  const file: ParsedFile = { abs, rel, dir: path.dirname(abs), source, root: undefined as unknown as Expr, diagnostics: [] };
  const p = requireParser();
  const deadline = performance.now() + parseBudgetMs;
  const prepared = prepareSource(source);
  const tree = p.parse(prepared.text, null, { progressCallback: () => performance.now() > deadline });
  if (!tree) {
    // Cancelled: forget the partial parse, or the next file would resume it.
    p.reset();
    return refuse(file, 0, `tree-sitter did not finish parsing this file within ${parseBudgetMs} ms; the file is left unevaluated`);
  }
  try {
    const rootNode = tree.rootNode;
    if (rootNode.hasError) collectSyntaxErrors(rootNode, file);
    let walker: Walker;
    let root: N;
    if (rawModule) {
      walker = new RawWalker(rawModule, (tree as unknown as Record<number, number>)[0]!);
      const r: RawN = {
        t: rootNode.typeId,
        s: rootNode.startIndex,
        e: rootNode.endIndex,
        id: rootNode.id,
        row: rootNode.startPosition.row,
        col: rootNode.startPosition.column,
        other: (rootNode as unknown as Record<number, number>)[0]!,
      };
      root = r;
    } else {
      walker = new ApiWalker();
      const r: ApiN = { t: rootNode.typeId, s: rootNode.startIndex, e: rootNode.endIndex, node: rootNode };
      root = r;
    }
    const conv = new Converter(source, walker, prepared.pipes.length > 0, (offset, message) =>
      file.diagnostics.push({ severity: 'error', code: 'nix/syntax', message, location: locationOf(file, offset) }),
    );
    let expr: Expr | undefined;
    try {
      for (const child of walker.kids(root)) {
        if (child.t === ERROR_ID) continue;
        expr = conv.expr(child);
        break;
      }
    } catch (err) {
      if (!(err instanceof TooDeep)) throw err;
      return refuse(file, err.offset, `expressions nested deeper than ${MAX_NESTING} levels; the file is left unevaluated`);
    }
    file.root = expr ?? { k: 'err', msg: source.trim() ? 'syntax error' : 'empty file', s: 0, e: source.length };
  } finally {
    tree.delete();
  }
  return file;
}

/** Marks a whole file as unparseable: one error diagnostic at `offset`, and a root that evaluates to an unknown. */
function refuse(file: ParsedFile, offset: number, message: string): ParsedFile {
  file.diagnostics.push({ severity: 'error', code: 'nix/too-complex', message, location: locationOf(file, offset) });
  file.root = { k: 'err', msg: message, s: 0, e: file.source.length };
  return file;
}

/** Reads and parses a file; throws when it is not a regular file (see `readRegularFile`). */
export function parseFile(abs: string, rel: string): ParsedFile {
  const read = readRegularFile(abs);
  if (!read.ok) throw new Error(`${rel} ${read.reason}`);
  return parseSource(read.text, abs, rel);
}

/** Parses files without evaluating them (the benchmark's baseline): count and milliseconds. */
export async function parseOnlyFiles(absPaths: string[]): Promise<{ files: number; ms: number }> {
  await initParser();
  const p = requireParser();
  const t0 = performance.now();
  for (const abs of absPaths) {
    const tree = p.parse(readFileSync(abs, 'utf8'));
    tree?.delete();
  }
  return { files: absPaths.length, ms: performance.now() - t0 };
}

/** Walks a tree that has errors (iteratively: trees may be deep) and records each outermost ERROR node and each MISSING node. */
function collectSyntaxErrors(root: TSNode, file: ParsedFile): void {
  const cursor = root.walk();
  const source = file.source;
  let depth = 0;
  for (;;) {
    if (visitForErrors(cursor, file, source) && cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    // Next sibling, or climb until a parent has one.
    while (!cursor.gotoNextSibling()) {
      if (!depth || !cursor.gotoParent()) {
        cursor.delete();
        return;
      }
      depth--;
    }
  }
}

/** Records the error at the cursor, if any; true when its children should be visited. */
function visitForErrors(cursor: TreeCursor, file: ParsedFile, source: string): boolean {
  const typeId = cursor.nodeTypeId;
  if (typeId === ERROR_ID) {
    const s = cursor.startIndex;
    const text = source.slice(s, Math.min(cursor.endIndex, s + 40)).split('\n')[0]!.trim();
    file.diagnostics.push({
      severity: 'error',
      code: 'nix/syntax',
      message: `syntax error: unexpected \`${text || cursor.nodeType}\``,
      location: locationOf(file, s),
    });
    return false;
  }
  if (cursor.nodeIsMissing) {
    file.diagnostics.push({
      severity: 'error',
      code: 'nix/syntax',
      message: `syntax error: missing ${cursor.nodeIsNamed ? cursor.nodeType.replace(/_/g, ' ') : `\`${cursor.nodeType}\``}`,
      location: locationOf(file, cursor.startIndex),
    });
    return false;
  }
  return true;
}

const OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '*', '/', '-', '->', '//', '++']);
/**
 * Operators whose grouping is rebuilt when a file has pipes: the pipes (parsed as `||`, see
 * `parse-recover.ts`) and the two operators that bind less tightly than `||` or as tightly.
 */
const LOW_OPERATORS = new Set(['|>', '<|', '->', '||']);

/** Converts tree-sitter nodes into `Expr` values. */
class Converter {
  /**
   * @param src the original source (names and operators are read from it, not from the rewritten text)
   * @param w the tree walker
   * @param pipes whether the file holds `|>` / `<|` tokens (rewritten as `||` for tree-sitter)
   * @param report records a syntax error found while converting
   */
  private readonly src: string;
  private readonly w: Walker;
  private readonly pipes: boolean;
  private readonly report: (offset: number, message: string) => void;
  constructor(src: string, w: Walker, pipes: boolean, report: (offset: number, message: string) => void) {
    this.src = src;
    this.w = w;
    this.pipes = pipes;
    this.report = report;
  }

  private err(s: number, e: number, msg = 'syntax error'): Expr {
    return { k: 'err', msg, s, e };
  }

  private depth = 0;

  /** Converts an expression node; throws `TooDeep` past `MAX_NESTING` levels. */
  expr(node: N): Expr {
    if (this.depth >= MAX_NESTING) throw new TooDeep(node.s);
    this.depth++;
    try {
      return this.exprInner(node);
    } finally {
      this.depth--;
    }
  }

  private exprInner(node: N): Expr {
    const typeId = node.t;
    const s = node.s;
    const e = node.e;
    if (typeId === ERROR_ID) return this.err(s, e);
    const kind = kindOf[typeId];
    switch (kind) {
      case 'integer_expression':
        return { k: 'int', v: Number.parseInt(this.src.slice(s, e), 10), s, e };
      case 'float_expression':
        return { k: 'float', v: Number.parseFloat(this.src.slice(s, e)), s, e };
      case 'variable_expression': {
        if (s === e) return this.err(s, e);
        return { k: 'var', name: sharedName(this.src.slice(s, e)), s, e };
      }
      case 'spath_expression':
        return { k: 'spath', name: this.src.slice(s + 1, e - 1), s, e };
      case 'uri_expression':
        return { k: 'uri', v: this.src.slice(s, e), s, e };
      case 'hpath_expression':
        return { k: 'hpath', text: this.src.slice(s, e), s, e };
      case 'path_expression':
        return this.path(node, s, e);
      case 'string_expression':
        return this.string(node, s, e);
      case 'indented_string_expression':
        return this.indented(node, s, e);
      case 'parenthesized_expression': {
        const c = this.w.kids(node);
        if (c.length !== 1 || c[0]!.t === ERROR_ID) return this.err(s, e);
        return this.expr(c[0]!);
      }
      case 'list_expression':
        return { k: 'list', items: this.w.kids(node).map((c) => this.expr(c)), s, e };
      case 'attrset_expression':
      case 'rec_attrset_expression': {
        const c = this.w.kids(node);
        const set = c.find((x) => kindOf[x.t] === 'binding_set');
        if (c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        const binds = set ? this.bindings(set) : [];
        return { k: 'attrs', rec: kind === 'rec_attrset_expression', binds, simple: isSimple(binds), s, e };
      }
      case 'let_attrset_expression': {
        const c = this.w.kids(node);
        const set = c.find((x) => kindOf[x.t] === 'binding_set');
        return { k: 'letattrs', binds: set ? this.bindings(set) : [], s, e };
      }
      case 'let_expression': {
        const c = this.w.kids(node);
        if (c.length === 0 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        const set = c.length > 1 ? c[0]! : undefined;
        return { k: 'let', binds: set ? this.bindings(set) : [], body: this.expr(c[c.length - 1]!), s, e };
      }
      case 'function_expression':
        return this.lambda(node, s, e);
      case 'apply_expression': {
        const c = this.w.kids(node);
        if (c.length !== 2 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        return { k: 'apply', f: this.expr(c[0]!), a: this.expr(c[1]!), s, e };
      }
      case 'select_expression': {
        const c = this.w.kids(node);
        if (c.length < 2 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        const path = this.attrpath(c[1]!);
        if (!path) return this.err(s, e);
        return { k: 'select', x: this.expr(c[0]!), path: path.keys, def: c[2] ? this.expr(c[2]) : undefined, s, e };
      }
      case 'has_attr_expression': {
        const c = this.w.kids(node);
        if (c.length !== 2 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        const path = this.attrpath(c[1]!);
        if (!path) return this.err(s, e);
        return { k: 'has', x: this.expr(c[0]!), path: path.keys, s, e };
      }
      case 'if_expression': {
        const c = this.w.kids(node);
        if (c.length !== 3 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        return { k: 'if', c: this.expr(c[0]!), t: this.expr(c[1]!), f: this.expr(c[2]!), s, e };
      }
      case 'assert_expression': {
        const c = this.w.kids(node);
        if (c.length !== 2 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        return { k: 'assert', c: this.expr(c[0]!), body: this.expr(c[1]!), s, e };
      }
      case 'with_expression': {
        const c = this.w.kids(node);
        if (c.length !== 2 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        return { k: 'with', env: this.expr(c[0]!), body: this.expr(c[1]!), s, e };
      }
      case 'binary_expression': {
        const c = this.w.kids(node);
        if (c.length !== 2 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
        const l = c[0]!;
        const r = c[1]!;
        const op = stripComments(this.src.slice(l.e, r.s)).trim();
        if (this.pipes && LOW_OPERATORS.has(op)) return this.lowChain(node);
        if (!OPERATORS.has(op)) return this.err(s, e);
        return { k: 'bin', op, l: this.expr(l), r: this.expr(r), s, e };
      }
      case 'unary_expression': {
        const c = this.w.kids(node);
        if (c.length !== 1 || c[0]!.t === ERROR_ID) return this.err(s, e);
        const op = stripComments(this.src.slice(s, c[0]!.s)).trim();
        return { k: 'unary', op, x: this.expr(c[0]!), s, e };
      }
      default:
        return this.err(s, e, `unsupported syntax (${kind || 'unknown node'})`);
    }
  }

  /**
   * A run of `|>`, `<|`, `->` and `||` operators, which tree-sitter grouped as `||` and `->` would be
   * grouped: flattened in source order and regrouped as Nix does (RFC 148): pipes lowest, `|>` to the
   * left and `<|` to the right (mixing them unparenthesized is a syntax error), then `->` to the right,
   * then `||` to the left. `x |> f` and `f <| x` become the application `f x`, spanning the whole text.
   */
  private lowChain(root: N): Expr {
    const operands: N[] = [];
    const ops: { op: string; at: number }[] = [];
    // In-order walk with an explicit stack; `depth` counts the levels the recursive converter would use.
    type Item = { n: N; depth: number } | { op: string; at: number };
    const stack: Item[] = [{ n: root, depth: 1 }];
    let deepest = 0;
    while (stack.length) {
      const item = stack.pop()!;
      if ('op' in item) {
        ops.push(item);
        continue;
      }
      const { n, depth } = item;
      if (this.depth + depth >= MAX_NESTING) throw new TooDeep(n.s);
      if (depth > deepest) deepest = depth;
      const c = kindOf[n.t] === 'binary_expression' ? this.w.kids(n) : undefined;
      const found = c && c.length === 2 && !c.some((x) => x.t === ERROR_ID) ? operatorBetween(this.src, c[0]!.e, c[1]!.s) : undefined;
      if (!found || !LOW_OPERATORS.has(found.op)) {
        operands.push(n);
        continue;
      }
      stack.push({ n: c![1]!, depth: depth + 1 }, found, { n: c![0]!, depth: depth + 1 });
    }
    this.depth += deepest;
    try {
      const xs = operands.map((o) => this.expr(o));
      return this.regroup(xs, ops);
    } finally {
      this.depth -= deepest;
    }
  }

  /** Groups operands `xs` joined by `ops` (one fewer) by the precedence of pipes, `->` and `||`. */
  private regroup(xs: Expr[], ops: { op: string; at: number }[]): Expr {
    const span = (l: Expr, r: Expr) => ({ s: l.s, e: r.e });
    // Split at pipes: each segment holds only `->` and `||`.
    const segs: Expr[] = [];
    const pipeOps: { op: string; at: number }[] = [];
    let from = 0;
    for (let i = 0; i <= ops.length; i++) {
      if (i < ops.length && ops[i]!.op !== '|>' && ops[i]!.op !== '<|') continue;
      segs.push(this.implications(xs.slice(from, i + 1), ops.slice(from, i)));
      if (i < ops.length) pipeOps.push(ops[i]!);
      from = i + 1;
    }
    if (!pipeOps.length) return segs[0]!;
    const mixed = pipeOps.find((p) => p.op !== pipeOps[0]!.op);
    if (mixed) {
      this.report(mixed.at, `syntax error: \`${pipeOps[0]!.op}\` and \`${mixed.op}\` cannot be mixed without parentheses`);
      return this.err(segs[0]!.s, segs[segs.length - 1]!.e);
    }
    if (pipeOps[0]!.op === '|>') {
      // a |> f |> g  =  g (f a)
      let acc = segs[0]!;
      for (let i = 1; i < segs.length; i++) acc = { k: 'apply', f: segs[i]!, a: acc, ...span(acc, segs[i]!) };
      return acc;
    }
    // f <| g <| x  =  f (g x)
    let acc = segs[segs.length - 1]!;
    for (let i = segs.length - 2; i >= 0; i--) acc = { k: 'apply', f: segs[i]!, a: acc, ...span(segs[i]!, acc) };
    return acc;
  }

  /** Groups a pipe-free run: `->` to the right, binding less tightly than `||`, which groups to the left. */
  private implications(xs: Expr[], ops: { op: string; at: number }[]): Expr {
    const parts: Expr[] = [];
    let from = 0;
    for (let i = 0; i <= ops.length; i++) {
      if (i < ops.length && ops[i]!.op !== '->') continue;
      let acc = xs[from]!;
      for (let j = from + 1; j <= i; j++) acc = { k: 'bin', op: '||', l: acc, r: xs[j]!, s: acc.s, e: xs[j]!.e };
      parts.push(acc);
      from = i + 1;
    }
    let acc = parts[parts.length - 1]!;
    for (let i = parts.length - 2; i >= 0; i--) acc = { k: 'bin', op: '->', l: parts[i]!, r: acc, s: parts[i]!.s, e: acc.e };
    return acc;
  }

  private lambda(node: N, s: number, e: number): Expr {
    const c = this.w.kids(node);
    if (c.length < 2 || c.some((x) => x.t === ERROR_ID)) return this.err(s, e);
    let arg: string | undefined;
    let formals: Formal[] | undefined;
    let ellipsis = false;
    for (let i = 0; i < c.length - 1; i++) {
      const n = c[i]!;
      const kind = kindOf[n.t];
      if (kind === 'identifier') arg = sharedName(this.src.slice(n.s, n.e));
      else if (kind === 'formals') {
        formals = [];
        for (const f of this.w.kids(n)) {
          const fk = kindOf[f.t];
          if (fk === 'ellipses') ellipsis = true;
          else if (fk === 'formal') {
            const fc = this.w.kids(f);
            const id = fc[0];
            if (!id || id.s === id.e) continue;
            formals.push({ name: sharedName(this.src.slice(id.s, id.e)), def: fc[1] ? this.expr(fc[1]) : undefined, s: id.s });
          }
        }
      }
    }
    return { k: 'lambda', arg, formals: formals && fit(formals), ellipsis, body: this.expr(c[c.length - 1]!), s, e };
  }

  /** Converts an attrpath into keys; undefined when it holds a syntax error. */
  private attrpath(node: N): { keys: Key[]; starts: number[] } | undefined {
    // Most paths are plain names joined by dots (`services.nginx.enable`): read them from the source
    // rather than asking tree-sitter for each name (the slow part of conversion is those calls).
    const text = this.src.slice(node.s, node.e);
    const names = PLAIN_ATTRPATH.test(text) ? text.split('.') : undefined;
    if (names && !names.some((n) => KEYWORDS.has(n))) {
      const starts: number[] = new Array(names.length);
      let at = node.s;
      for (let i = 0; i < names.length; i++) {
        starts[i] = at;
        at += names[i]!.length + 1;
        names[i] = sharedName(names[i]!);
      }
      return { keys: names, starts };
    }
    const keys: Key[] = [];
    const starts: number[] = [];
    for (const a of this.w.kids(node)) {
      const k = this.key(a);
      if (k === undefined) return undefined;
      keys.push(k);
      starts.push(a.s);
    }
    return keys.length ? { keys: fit(keys), starts: fit(starts) } : undefined;
  }

  /** One attribute name: identifier, string or interpolation. */
  private key(a: N): Key | undefined {
    const kind = kindOf[a.t];
    if (kind === 'identifier') return a.s === a.e ? undefined : sharedName(this.src.slice(a.s, a.e));
    if (kind === 'string_expression') {
      const str = this.string(a, a.s, a.e);
      if (str.k === 'str' && str.parts.length === 1 && typeof str.parts[0] === 'string') return str.parts[0];
      if (str.k === 'str' && str.parts.length === 0) return '';
      return str;
    }
    if (kind === 'interpolation') {
      const c = this.w.kids(a);
      if (c.length !== 1 || c[0]!.t === ERROR_ID) return undefined;
      return this.expr(c[0]!);
    }
    return undefined;
  }

  private bindings(set: N): Binding[] {
    const out: Binding[] = [];
    for (const b of this.w.kids(set)) {
      const kind = kindOf[b.t];
      const s = b.s;
      if (kind === 'binding') {
        const c = this.w.kids(b);
        const ap = c[0] && kindOf[c[0].t] === 'attrpath' ? this.attrpath(c[0]) : undefined;
        if (!ap) continue;
        const valueNode = c[1];
        const broken = !valueNode || c.length !== 2 || c.some((x) => x.t === ERROR_ID);
        const value = broken ? this.err(s, b.e) : this.expr(valueNode);
        out.push({ t: 'val', path: ap.keys, keyStarts: ap.starts, value, s });
      } else if (kind === 'inherit' || kind === 'inherit_from') {
        const c = this.w.kids(b);
        const attrsNode = c.find((x) => kindOf[x.t] === 'inherited_attrs');
        if (!attrsNode) continue;
        const names: Key[] = [];
        const starts: number[] = [];
        const ends: number[] = [];
        for (const a of this.w.kids(attrsNode)) {
          const k = this.key(a);
          if (k === undefined) continue;
          names.push(k);
          starts.push(a.s);
          ends.push(a.e);
        }
        const fromNode = kind === 'inherit_from' ? c.find((x) => x !== attrsNode) : undefined;
        const from = fromNode ? this.expr(fromNode) : kind === 'inherit_from' ? this.err(s, b.e) : undefined;
        out.push({ t: 'inherit', names: fit(names), keyStarts: fit(starts), keyEnds: fit(ends), from, s });
      }
    }
    return fit(out);
  }

  /** A double-quoted string: fragments, escapes and interpolations. */
  private string(node: N, s: number, e: number): Expr {
    // A string without escapes or interpolations is its text: no need to ask tree-sitter for its parts.
    const src = this.src;
    if (e - s >= 2 && src.charCodeAt(s) === 34 && src.charCodeAt(e - 1) === 34) {
      const inner = src.slice(s + 1, e - 1);
      if (!PLAIN_STRING_BREAKERS.test(inner)) return { k: 'str', parts: inner ? [inner] : [], s, e };
    }
    const parts: (string | Expr)[] = [];
    let buf = '';
    for (const c of this.w.kids(node)) {
      const kind = kindOf[c.t];
      if (kind === 'string_fragment') buf += this.src.slice(c.s, c.e);
      else if (kind === 'escape_sequence') buf += unescapeChar(this.src.charAt(c.s + 1));
      else if (kind === 'dollar_escape') continue; // `\$`: the `$` follows as a fragment
      else if (kind === 'interpolation') {
        if (buf) parts.push(buf);
        buf = '';
        parts.push(this.interpolation(c));
      } else if (c.t === ERROR_ID) return this.err(s, e);
    }
    if (buf) parts.push(buf);
    return { k: 'str', parts: fit(parts), s, e };
  }

  private interpolation(c: N): Expr {
    const inner = this.w.kids(c);
    if (inner.length !== 1) return this.err(c.s, c.e);
    return this.expr(inner[0]!);
  }

  /** An indented string `''…''`, with Nix's indentation stripping. */
  private indented(node: N, s: number, e: number): Expr {
    // Tokens: literal text (subject to indentation), escapes (verbatim), interpolations.
    type Tok = { lit: string } | { esc: string } | { x: Expr };
    const toks: Tok[] = [];
    for (const c of this.w.kids(node)) {
      const kind = kindOf[c.t];
      if (kind === 'string_fragment') {
        const text = this.src.slice(c.s, c.e);
        const last = toks[toks.length - 1];
        if (last && 'lit' in last) last.lit += text;
        else toks.push({ lit: text });
      } else if (kind === 'escape_sequence') {
        const raw = this.src.slice(c.s, c.e);
        toks.push({ esc: raw === "'''" ? "''" : unescapeChar(raw.charAt(3)) });
      } else if (kind === 'dollar_escape') {
        toks.push({ esc: '' });
      } else if (kind === 'interpolation') {
        toks.push({ x: this.interpolation(c) });
      } else if (c.t === ERROR_ID) return this.err(s, e);
    }
    // The opening `''` swallows the rest of its line when that is only spaces.
    const first = toks[0];
    if (first && 'lit' in first) {
      const m = /^ *\n/.exec(first.lit);
      if (m) first.lit = first.lit.slice(m[0].length);
    }
    // Pass 1: minimum indentation of lines that have content.
    let atStart = true;
    let cur = 0;
    let min = Number.POSITIVE_INFINITY;
    for (const t of toks) {
      if (!('lit' in t)) {
        if (atStart) {
          atStart = false;
          if (cur < min) min = cur;
        }
        continue;
      }
      const text = t.lit;
      for (let j = 0; j < text.length; j++) {
        const ch = text.charCodeAt(j);
        if (atStart) {
          if (ch === 32) cur++;
          else if (ch === 10) cur = 0;
          else {
            atStart = false;
            if (cur < min) min = cur;
          }
        } else if (ch === 10) {
          atStart = true;
          cur = 0;
        }
      }
    }
    if (min === Number.POSITIVE_INFINITY) min = 0;
    // Pass 2: drop that indentation.
    const parts: (string | Expr)[] = [];
    let buf = '';
    atStart = true;
    let dropped = 0;
    toks.forEach((t, idx) => {
      if ('x' in t) {
        atStart = false;
        dropped = 0;
        if (buf) parts.push(buf);
        buf = '';
        parts.push(t.x);
        return;
      }
      if ('esc' in t) {
        atStart = false;
        dropped = 0;
        buf += t.esc;
        return;
      }
      let out = '';
      const text = t.lit;
      for (let j = 0; j < text.length; j++) {
        const ch = text[j]!;
        if (atStart) {
          if (ch === ' ') {
            if (dropped++ >= min) out += ch;
          } else if (ch === '\n') {
            dropped = 0;
            out += ch;
          } else {
            atStart = false;
            dropped = 0;
            out += ch;
          }
        } else {
          out += ch;
          if (ch === '\n') atStart = true;
        }
      }
      if (idx === toks.length - 1) {
        const p = out.lastIndexOf('\n');
        if (p !== -1 && /^ *$/.test(out.slice(p + 1))) out = out.slice(0, p + 1);
      }
      buf += out;
    });
    if (buf) parts.push(buf);
    return { k: 'str', parts: fit(parts), s, e };
  }

  /** A path literal, possibly with interpolations. */
  private path(node: N, s: number, e: number): Expr {
    const parts: (string | Expr)[] = [];
    for (const c of this.w.kids(node)) {
      const kind = kindOf[c.t];
      if (kind === 'path_fragment') {
        const text = this.src.slice(c.s, c.e);
        const last = parts[parts.length - 1];
        if (typeof last === 'string') parts[parts.length - 1] = last + text;
        else parts.push(text);
      } else if (kind === 'interpolation') parts.push(this.interpolation(c));
      else if (c.t === ERROR_ID) return this.err(s, e);
    }
    return { k: 'path', parts: fit(parts), s, e };
  }
}

/** True when bindings are all `name = value;` with distinct static names. */
function isSimple(binds: Binding[]): boolean {
  const seen = new Set<string>();
  for (const b of binds) {
    if (b.t !== 'val' || b.path.length !== 1) return false;
    const k = b.path[0];
    if (typeof k !== 'string' || seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

/** The character a backslash escape stands for. */
function unescapeChar(c: string): string {
  if (c === 'n') return '\n';
  if (c === 't') return '\t';
  if (c === 'r') return '\r';
  return c;
}

/** The operator token between two operands (skipping whitespace and comments), and its offset. */
function operatorBetween(src: string, from: number, to: number): { op: string; at: number } | undefined {
  let i = from;
  while (i < to) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '#') {
      const end = src.indexOf('\n', i);
      i = end === -1 || end > to ? to : end + 1;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 || end > to ? to : end + 2;
    } else {
      let j = i;
      while (j < to && !/[\s#]/.test(src[j]!) && !(src[j] === '/' && src[j + 1] === '*')) j++;
      return { op: src.slice(i, j), at: i };
    }
  }
  return undefined;
}

function stripComments(text: string): string {
  if (!text.includes('#') && !text.includes('/*')) return text;
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/#[^\n]*/g, ' ');
}
