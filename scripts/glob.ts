/**
 * Globs from the configuration (`secretPaths`, `profiles`, `roadmap`) matched in linear time: a glob
 * becomes an RE2 pattern run by the Pike VM of `extract/re2.ts`, so `*a*a*a*…c` against a long path
 * costs pattern × path, never exponential. Braces are alternation inside the pattern, never expanded
 * into a list of globs, so `{a,b}` ×22 stays small; a numeric range `{1..9}` may hold at most
 * `MAX_RANGE` numbers. Syntax: `**` (any folders), `*` and `?` (within a name), `[abc]`, `[!a-z]`,
 * `{a,b}`, `{1..3}`, `\x` (a literal x).
 */
import { compileRe2 } from './extract/re2.ts';

/** The longest glob accepted. */
export const MAX_GLOB_LENGTH = 1000;
/** The most numbers one `{m..n}` range stands for. */
export const MAX_RANGE = 1000;
/** The deepest nesting of braces. */
const MAX_BRACE_DEPTH = 10;

/** A compiled glob, or why it was refused. */
export type GlobResult = { ok: true; test(rel: string): boolean } | { ok: false; error: string };

class GlobError extends Error {}

/** A character as an RE2 literal. */
const literal = (ch: string): string => (/[A-Za-z0-9]/.test(ch) || ch.codePointAt(0)! > 127 ? ch : `\\${ch}`);

/** Translates the glob from `i`, stopping at `,` or `}` when inside braces; returns the pattern and the index reached. */
function translate(glob: string, i: number, depth: number): [string, number] {
  let out = '';
  while (i < glob.length) {
    const c = glob[i]!;
    if (depth > 0 && (c === ',' || c === '}')) return [out, i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 3 : 2;
    } else if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        i++;
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${Array.from(body, (ch) => (ch === '-' ? '-' : literal(ch))).join('')}]`;
      i = end + 1;
    } else if (c === '{') {
      [out, i] = braces(glob, i, depth, out);
    } else if (c === '\\' && i + 1 < glob.length) {
      out += literal(glob[i + 1]!);
      i += 2;
    } else {
      out += literal(c);
      i++;
    }
  }
  if (depth > 0) throw new GlobError('a "{" is not closed');
  return [out, i];
}

/** A `{…}` group at `i`: a numeric range or alternatives, appended to `out`. */
function braces(glob: string, i: number, depth: number, out: string): [string, number] {
  if (depth >= MAX_BRACE_DEPTH) throw new GlobError(`braces nested deeper than ${MAX_BRACE_DEPTH}`);
  const range = /^\{(-?\d{1,12})\.\.(-?\d{1,12})\}/.exec(glob.slice(i, i + 30));
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    const count = Math.abs(to - from) + 1;
    if (count > MAX_RANGE) throw new GlobError(`the range ${range[0]} stands for ${count} numbers (at most ${MAX_RANGE})`);
    const step = from <= to ? 1 : -1;
    const nums = Array.from({ length: count }, (_, k) => String(from + k * step));
    return [`${out}(?:${nums.join('|')})`, i + range[0].length];
  }
  const alternatives: string[] = [];
  let j = i + 1;
  for (;;) {
    const [alt, next] = translate(glob, j, depth + 1);
    alternatives.push(alt);
    if (glob[next] === '}') return [`${out}(?:${alternatives.join('|')})`, next + 1];
    j = next + 1;
  }
}

/**
 * Compiles a glob relative to the flake root into a linear-time test of flake-relative POSIX paths.
 * @param glob the glob
 */
export function compileGlob(glob: string): GlobResult {
  if (glob.length > MAX_GLOB_LENGTH) return { ok: false, error: `the glob is longer than ${MAX_GLOB_LENGTH} characters` };
  let pattern: string;
  try {
    [pattern] = translate(glob.replace(/^\.\//, ''), 0, 0);
  } catch (error) {
    if (error instanceof GlobError) return { ok: false, error: error.message };
    throw error;
  }
  const re = compileRe2(`^${pattern}$`);
  if (!re.ok) return { ok: false, error: re.error === 'expression too large' ? 'the glob is too large to match' : re.error };
  return re;
}

/** True when the text has glob syntax (`*`, `?`, `[`, `{`); a path without it names one file. */
export function isGlob(text: string): boolean {
  return /[*?[{]/.test(text);
}
