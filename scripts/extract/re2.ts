/**
 * A linear-time regular-expression matcher for the RE2 syntax that sops' `path_regex` uses (sops is
 * Go, and Go's `regexp` is RE2: no backreferences, no lookaround). JavaScript's RegExp backtracks, so
 * `^(a+)+$` against a long file name would hang the build; this compiles the pattern to a small
 * program and runs it as a Pike VM (all threads in step), so a match costs O(pattern × text).
 *
 * Supported: literals and escaped punctuation, `.`, classes (`[a-z]`, `[^…]`, `[[:alpha:]]`, `\d \w \s`
 * and their negations), anchors `^ $ \A \z \b \B`, groups `( )`, `(?: )`, `(?P<n> )`, `(?<n> )`,
 * alternation, `* + ? {m} {m,} {m,n}` (lazy forms too: a yes/no match does not care). Anything else
 * (flags, backreferences, lookaround, `\p{…}`) is refused with a message, never guessed.
 */

/** A compiled pattern, or why it could not be compiled. */
export type Re2Result = { ok: true; test(text: string): boolean } | { ok: false; error: string };

/** Go's limits: repetition counts up to 1000, nesting up to 1000; ours: program size. */
const MAX_REPEAT = 1000;
const MAX_NESTING = 1000;
const MAX_PROGRAM = 50_000;

type Test = (cp: number) => boolean;
type Assertion = 'bol' | 'eol' | 'word' | 'nonword';
type Node =
  | { k: 'char'; test: Test }
  | { k: 'assert'; a: Assertion }
  | { k: 'cat'; items: Node[] }
  | { k: 'alt'; items: Node[] }
  | { k: 'rep'; min: number; max: number; x: Node };

type Inst =
  | { op: 'char'; test: Test }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'assert'; a: Assertion }
  | { op: 'match' };

class SyntaxErr extends Error {}

const isDigit: Test = (c) => c >= 48 && c <= 57;
const isWord: Test = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace: Test = (c) => c === 32 || (c >= 9 && c <= 13 && c !== 11);
const not = (t: Test): Test => (c) => !t(c);

/** POSIX classes RE2 knows inside brackets. */
const POSIX: Record<string, Test> = {
  alnum: (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  ascii: (c) => c <= 127,
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: isDigit,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => (c > 32 && c < 48) || (c > 57 && c < 65) || (c > 90 && c < 97) || (c > 122 && c < 127),
  space: (c) => isSpace(c) || c === 11,
  upper: (c) => c >= 65 && c <= 90,
  word: isWord,
  xdigit: (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

/** Recursive-descent parser over code points; nesting is capped so hostile patterns cannot overflow. */
class Parser {
  private i = 0;
  private depth = 0;
  private readonly p: number[];
  constructor(p: number[]) {
    this.p = p;
  }

  parse(): Node {
    const n = this.alt();
    if (this.i < this.p.length) throw new SyntaxErr(`unexpected ${JSON.stringify(String.fromCodePoint(this.p[this.i]!))}`);
    return n;
  }

  private peek(): number | undefined {
    return this.p[this.i];
  }

  private alt(): Node {
    const items = [this.cat()];
    while (this.peek() === 0x7c /* | */) {
      this.i++;
      items.push(this.cat());
    }
    return items.length === 1 ? items[0]! : { k: 'alt', items };
  }

  private cat(): Node {
    const items: Node[] = [];
    for (let c = this.peek(); c !== undefined && c !== 0x7c && c !== 0x29 /* ) */; c = this.peek()) {
      items.push(this.repeat(this.atom()));
    }
    return { k: 'cat', items };
  }

  private repeat(atom: Node): Node {
    let x = atom;
    let repeated = false;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === 0x2a /* * */) [min, max] = [0, -1];
      else if (c === 0x2b /* + */) [min, max] = [1, -1];
      else if (c === 0x3f /* ? */) [min, max] = [0, 1];
      else if (c === 0x7b /* { */) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.p.slice(this.i, this.i + 16)));
        if (!m) return x; // Go reads a `{` that starts no repetition as a literal
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max !== -1 && max < min)) throw new SyntaxErr(`invalid repeat count ${m[0]}`);
        this.i += m[0].length - 1;
      } else return x;
      // `a**` is an error in RE2 (`(a*)*` is fine).
      if (repeated) throw new SyntaxErr('invalid nested repetition operator');
      repeated = true;
      this.i++;
      if (this.peek() === 0x3f) this.i++; // lazy: irrelevant for a yes/no match
      x = { k: 'rep', min, max, x };
    }
  }

  private atom(): Node {
    const c = this.p[this.i++]!;
    switch (c) {
      case 0x28 /* ( */: {
        if (++this.depth > MAX_NESTING) throw new SyntaxErr('expression nests too deeply');
        if (this.peek() === 0x3f /* ? */) {
          const rest = String.fromCodePoint(...this.p.slice(this.i, this.i + 3));
          if (rest.startsWith('?:')) this.i += 2;
          else if (rest.startsWith('?P<') || rest.startsWith('?<')) {
            const close = this.p.indexOf(0x3e /* > */, this.i);
            const name = close < 0 ? '' : String.fromCodePoint(...this.p.slice(this.i + (rest.startsWith('?P') ? 3 : 2), close));
            if (rest.startsWith('?<') && (rest[2] === '=' || rest[2] === '!')) throw new SyntaxErr('lookbehind `(?<=` / `(?<!` is not RE2 syntax');
            if (!/^\w+$/.test(name)) throw new SyntaxErr('invalid named capture');
            this.i = close + 1;
          } else if (rest.startsWith('?=') || rest.startsWith('?!')) throw new SyntaxErr('lookahead `(?=` / `(?!` is not RE2 syntax');
          else throw new SyntaxErr('flag groups such as `(?i)` are not supported');
        }
        const inner = this.alt();
        if (this.p[this.i++] !== 0x29) throw new SyntaxErr('missing closing )');
        this.depth--;
        return inner;
      }
      case 0x29:
        throw new SyntaxErr('unexpected )');
      case 0x2a:
      case 0x2b:
      case 0x3f:
        throw new SyntaxErr('missing argument to repetition operator');
      case 0x2e /* . */:
        return { k: 'char', test: (cp) => cp !== 10 };
      case 0x5e /* ^ */:
        return { k: 'assert', a: 'bol' };
      case 0x24 /* $ */:
        return { k: 'assert', a: 'eol' };
      case 0x5b /* [ */:
        return { k: 'char', test: this.klass() };
      case 0x5c /* \ */: {
        const e = this.escape(false);
        return typeof e === 'string' ? { k: 'assert', a: e } : { k: 'char', test: e };
      }
      default:
        return { k: 'char', test: (cp) => cp === c };
    }
  }

  /** After a backslash: a class test, or an assertion outside brackets. */
  private escape(inClass: boolean): Test | Assertion {
    const e = this.escapeAny(inClass);
    return typeof e === 'number' ? (cp) => cp === e : e;
  }

  /** After a backslash: a code point (`\.`, `\n`, `\x41`), a class test (`\d`), or an assertion (`\b`). */
  private escapeAny(inClass: boolean): number | Test | Assertion {
    const c = this.p[this.i++];
    if (c === undefined) throw new SyntaxErr('trailing backslash at end of expression');
    const ch = String.fromCodePoint(c);
    const classes: Record<string, Test> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
    if (classes[ch]) return classes[ch];
    const controls: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11, a: 7 };
    if (controls[ch] !== undefined) return controls[ch];
    if (!inClass) {
      const assertions: Record<string, Assertion> = { A: 'bol', z: 'eol', b: 'word', B: 'nonword' };
      if (assertions[ch]) return assertions[ch];
    }
    if (ch === 'x') {
      const m = /^(\{([0-9a-fA-F]{1,6})\}|[0-9a-fA-F]{2})/.exec(String.fromCodePoint(...this.p.slice(this.i, this.i + 8)));
      if (!m) throw new SyntaxErr('invalid escape sequence \\x');
      this.i += m[0].length;
      return Number.parseInt(m[2] ?? m[1]!, 16);
    }
    // Escaped punctuation is itself; letters and digits with no meaning above are errors in RE2.
    if (/[A-Za-z0-9]/.test(ch)) throw new SyntaxErr(`unsupported escape sequence \\${ch}`);
    return c;
  }

  /** A bracket expression, after its `[`. */
  private klass(): Test {
    let negate = false;
    if (this.peek() === 0x5e) {
      negate = true;
      this.i++;
    }
    const tests: Test[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new SyntaxErr('missing closing ]');
      if (c === 0x5d /* ] */ && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === 0x5b && this.p[this.i + 1] === 0x3a /* [: */) {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(String.fromCodePoint(...this.p.slice(this.i, this.i + 12)));
        const t = m && POSIX[m[2]!];
        if (!m || !t) throw new SyntaxErr('invalid character class range');
        tests.push(m[1] ? not(t) : t);
        this.i += m[0].length;
        continue;
      }
      const lo = this.classChar();
      if (typeof lo !== 'number') {
        tests.push(lo);
        continue;
      }
      if (this.peek() === 0x2d /* - */ && this.p[this.i + 1] !== undefined && this.p[this.i + 1] !== 0x5d) {
        this.i++;
        const hi = this.classChar();
        if (typeof hi !== 'number' || hi < lo) throw new SyntaxErr('invalid character class range');
        tests.push((cp) => cp >= lo && cp <= hi);
      } else tests.push((cp) => cp === lo);
    }
    return (cp) => tests.some((t) => t(cp)) !== negate;
  }

  /** One member of a bracket expression: a code point, or a class test from an escape. */
  private classChar(): number | Test {
    const c = this.p[this.i++]!;
    if (c !== 0x5c) return c;
    const e = this.escapeAny(true);
    if (typeof e === 'string') throw new SyntaxErr('invalid escape in character class');
    return e;
  }
}

/** Compiles the syntax tree to Pike VM instructions (repetitions expanded, as RE2 does). */
function compileNode(n: Node, prog: Inst[]): void {
  if (prog.length > MAX_PROGRAM) throw new SyntaxErr('expression too large');
  switch (n.k) {
    case 'char':
      prog.push({ op: 'char', test: n.test });
      return;
    case 'assert':
      prog.push({ op: 'assert', a: n.a });
      return;
    case 'cat':
      for (const x of n.items) compileNode(x, prog);
      return;
    case 'alt': {
      const jumps: Inst[] = [];
      for (let i = 0; i < n.items.length; i++) {
        if (i < n.items.length - 1) {
          const split: Inst = { op: 'split', x: prog.length + 1, y: 0 };
          prog.push(split);
          compileNode(n.items[i]!, prog);
          const j: Inst = { op: 'jmp', x: 0 };
          prog.push(j);
          jumps.push(j);
          split.y = prog.length;
        } else compileNode(n.items[i]!, prog);
      }
      for (const j of jumps) (j as { x: number }).x = prog.length;
      return;
    }
    case 'rep': {
      for (let i = 0; i < n.min; i++) compileNode(n.x, prog);
      if (n.max === -1) {
        // x*: L1: split L2, L3; L2: x; jmp L1; L3:
        const split: Inst & { op: 'split' } = { op: 'split', x: prog.length + 1, y: 0 };
        const top = prog.length;
        prog.push(split);
        compileNode(n.x, prog);
        prog.push({ op: 'jmp', x: top });
        split.y = prog.length;
        return;
      }
      // Optional copies, nested: (x(x(x)?)?)?
      const splits: (Inst & { op: 'split' })[] = [];
      for (let i = n.min; i < n.max; i++) {
        const split: Inst & { op: 'split' } = { op: 'split', x: prog.length + 1, y: 0 };
        prog.push(split);
        splits.push(split);
        compileNode(n.x, prog);
      }
      for (const s of splits) s.y = prog.length;
      return;
    }
  }
}

/**
 * Compiles an RE2 pattern for unanchored matching, as Go's `regexp.MatchString` does.
 * @param pattern the pattern text
 */
export function compileRe2(pattern: string): Re2Result {
  const cps = Array.from(pattern, (ch) => ch.codePointAt(0)!);
  let prog: Inst[];
  try {
    const tree = new Parser(cps).parse();
    prog = [];
    compileNode(tree, prog);
    prog.push({ op: 'match' });
    if (prog.length > MAX_PROGRAM) throw new SyntaxErr('expression too large');
  } catch (err) {
    if (err instanceof SyntaxErr) return { ok: false, error: err.message };
    throw err;
  }
  return { ok: true, test: (text) => run(prog, Array.from(text, (ch) => ch.codePointAt(0)!)) };
}

/** Runs the program over the text with all threads in lock step; true at the first match. */
function run(prog: Inst[], text: number[]): boolean {
  const n = text.length;
  const mark = new Int32Array(prog.length).fill(-1);
  let clist: number[] = [];
  let nlist: number[] = [];
  const stack: number[] = [];
  // Adds pc and everything reachable from it without consuming input, at position `at`.
  const add = (list: number[], pc0: number, at: number, gen: number): boolean => {
    stack.push(pc0);
    while (stack.length) {
      const pc = stack.pop()!;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      const inst = prog[pc]!;
      switch (inst.op) {
        case 'jmp':
          stack.push(inst.x);
          break;
        case 'split':
          stack.push(inst.y, inst.x);
          break;
        case 'assert': {
          const before = at > 0 && isWord(text[at - 1]!);
          const after = at < n && isWord(text[at]!);
          const holds =
            inst.a === 'bol' ? at === 0 : inst.a === 'eol' ? at === n : inst.a === 'word' ? before !== after : before === after;
          if (holds) stack.push(pc + 1);
          break;
        }
        case 'match':
          stack.length = 0;
          return true;
        case 'char':
          list.push(pc);
          break;
      }
    }
    return false;
  };
  for (let at = 0; at <= n; at++) {
    // Unanchored search: a new thread starts at every position.
    if (add(clist, 0, at, at)) return true;
    if (at === n) break;
    const cp = text[at]!;
    nlist.length = 0;
    for (const pc of clist) {
      const inst = prog[pc] as Inst & { op: 'char' };
      if (inst.test(cp) && add(nlist, pc + 1, at + 1, at + 1)) return true;
    }
    [clist, nlist] = [nlist, clist];
  }
  return false;
}
