/**
 * Valid Nix that the tree-sitter-nix grammar rejects, made parseable without moving a single offset.
 *
 * Two constructs are rewritten, character for character, in a copy of the source that only tree-sitter
 * sees (the converter keeps reading names and operators from the original text):
 * - a trailing comma after the last formal (`{ a ? 1, }:`, the RFC 166 nixfmt style) becomes a space;
 * - the pipe operators `|>` and `<|` (Nix ≥ 2.24, RFC 148) become `||`, an operator of the grammar's
 *   own with the same two characters, so the operands parse exactly where they stand. The converter
 *   sees `|>` in the original text at that place and rebuilds Nix's precedence (`reassociate`).
 * `||` is chosen over `->` because `a|>b` rewritten `a->b` would lex as the identifier `a-`.
 *
 * A small linear tokenizer finds these tokens outside strings, indented strings, comments and URIs, and
 * follows `${…}` interpolations to any depth with an explicit stack (no recursion on hostile input).
 */

/** The text to give tree-sitter, and whether pipe operators were rewritten in it. */
export interface PreparedSource {
  /** Same length as the source; equal to it when nothing needed rewriting. */
  text: string;
  /** Offsets of the `|>` / `<|` tokens, in source order (empty when there are none). */
  pipes: number[];
}

/** A comma before a closing brace or a comment: the cheap pre-check (linear: no backtracking). */
const TRAILING_COMMA_HINT = /,\s*[}#/]/;

/**
 * Rewrites trailing formal commas and pipe operators of `source` so tree-sitter-nix parses them (see the
 * file comment); returns the source unchanged, and fast, when it holds neither.
 * @param source the file's text
 */
export function prepareSource(source: string): PreparedSource {
  if (!source.includes('|>') && !source.includes('<|') && !TRAILING_COMMA_HINT.test(source)) return { text: source, pipes: [] };
  const found = scan(source);
  if (!found.commas.length && !found.pipes.length) return { text: source, pipes: [] };
  const chars = source.split('');
  for (const at of found.commas) chars[at] = ' ';
  for (const at of found.pipes) {
    chars[at] = '|';
    chars[at + 1] = '|';
  }
  return { text: chars.join(''), pipes: found.pipes };
}

/** What one frame of the tokenizer's stack is: a bracket in code, an interpolation, or a string. */
type Frame = '{' | '(' | '[' | '${' | '"' | "''";

/** A URI literal as Nix's lexer reads one (`https://x.org/a`, and `x:x` too), tried only at a scheme's colon. */
const URI = /[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/y;

/** True for characters of a URI scheme (`git+https`). */
function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/** True for characters that continue an identifier (`foldl'`, `a-b`). */
function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 45;
}

/** True for characters that start an identifier. */
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/**
 * Tokenizes just enough of Nix to find trailing formal commas and pipe tokens in code.
 * A comma counts when it directly follows a formal inside braces and the braces close a pattern
 * (`}` then `:` or `@`): only formals put commas directly inside braces, and Nix rejects `{ ..., }`.
 */
function scan(src: string): { commas: number[]; pipes: number[] } {
  const commas: number[] = [];
  const pipes: number[] = [];
  const stack: Frame[] = [];
  const n = src.length;
  /** The last significant code token: ',', '{', '...', or 'x' for anything else. */
  let prev = '';
  /** A comma waiting for its `}`, then for the `:`/`@` after it. */
  let comma = -1;
  let commaDepth = -1;
  let closed = false;
  /** Called on every significant code token before it is handled. */
  const seen = (tok: string): void => {
    if (comma === -1) return;
    if (closed) {
      if (tok === ':' || tok === '@') commas.push(comma);
      comma = -1;
      closed = false;
    } else if (tok === '}' && stack.length === commaDepth) closed = true;
    else comma = -1;
  };
  /** Identifiers starting before this offset cannot start a URI (keeps `a.a.a…` linear). */
  let noUriBefore = 0;
  let i = 0;
  while (i < n) {
    const top = stack[stack.length - 1];
    const c = src.charCodeAt(i);
    if (top === '"') {
      if (c === 92) i += 2; // \x
      else if (c === 36 && src.charCodeAt(i + 1) === 36) i += 2; // $$ is literal, also in `$${`
      else if (c === 36 && src.charCodeAt(i + 1) === 123) {
        stack.push('${');
        prev = '{';
        i += 2;
      } else {
        if (c === 34) stack.pop();
        i++;
      }
      continue;
    }
    if (top === "''") {
      if (c === 39 && src.charCodeAt(i + 1) === 39) {
        const next = src.charCodeAt(i + 2);
        if (next === 39 || next === 36) i += 3; // ''' and ''$
        else if (next === 92) i += 4; // ''\x
        else {
          stack.pop();
          i += 2;
        }
      } else if (c === 36 && src.charCodeAt(i + 1) === 36) i += 2;
      else if (c === 36 && src.charCodeAt(i + 1) === 123) {
        stack.push('${');
        prev = '{';
        i += 2;
      } else i++;
      continue;
    }
    // Code.
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35) {
      const end = src.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (isIdentStart(c)) {
      if (i >= noUriBefore) {
        let k = i + 1;
        while (k < n && isSchemeChar(src.charCodeAt(k))) k++;
        URI.lastIndex = i;
        if (src.charCodeAt(k) === 58 && URI.test(src)) {
          seen('x');
          prev = 'x';
          i = URI.lastIndex;
          continue;
        }
        noUriBefore = k;
      }
      let j = i + 1;
      while (j < n && isIdentChar(src.charCodeAt(j))) j++;
      seen('x');
      prev = 'x';
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '|>' || two === '<|') {
      seen('x');
      pipes.push(i);
      prev = 'x';
      i += 2;
      continue;
    }
    if (two === '||' || two === '//' || two === "''" || two === '${') {
      seen(two === '${' ? '{' : 'x');
      if (two === "''") stack.push("''");
      else if (two === '${') stack.push('${');
      prev = two === '${' ? '{' : 'x';
      i += 2;
      continue;
    }
    if (src.startsWith('...', i)) {
      seen('x');
      prev = '...';
      i += 3;
      continue;
    }
    const ch = src[i]!;
    seen(ch);
    switch (ch) {
      case '"':
        stack.push('"');
        break;
      case '{':
      case '(':
      case '[':
        stack.push(ch);
        break;
      case '}':
      case ')':
      case ']':
        // A stray closer (a syntax error tree-sitter reports) must not pop a string frame.
        if (stack.length) stack.pop();
        break;
      case ',':
        if (top === '{' && prev !== ',' && prev !== '{' && prev !== '...') {
          comma = i;
          commaDepth = stack.length;
        }
        break;
    }
    prev = ch === ',' || ch === '{' ? ch : 'x';
    i++;
  }
  return { commas, pipes };
}
