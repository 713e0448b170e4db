/**
 * A linear-time regular-expression matcher for the RE2 syntax that sops' `path_regex` uses (sops is
 * Go, and Go's `regexp` is RE2: no backreferences, no lookaround). JavaScript's RegExp backtracks, so
 * `^(a+)+$` against a long file name would hang the build; re2js, the maintained JavaScript port of
 * RE2, matches in time linear in the text. What RE2 lacks is refused with its message, never guessed.
 */
import { RE2JS } from 're2js';

/** A compiled pattern, or why it could not be compiled. */
export type Re2Result = { ok: true; test(text: string): boolean } | { ok: false; error: string };

/** Patterns longer than this are refused: RE2 bounds the work per character by the pattern's size. */
const MAX_PATTERN = 10_000;

/**
 * Compiles an RE2 pattern; `test` says whether it matches anywhere in a text (Go's `MatchString`).
 * @param pattern the pattern as written in `.sops.yaml` (or a glob turned into one)
 */
export function compileRe2(pattern: string): Re2Result {
  if (pattern.length > MAX_PATTERN) return { ok: false, error: `the pattern is longer than ${MAX_PATTERN} characters` };
  try {
    const re = RE2JS.compile(pattern);
    return { ok: true, test: (text) => re.matcher(text).find() };
  } catch (error) {
    return { ok: false, error: (error as Error).message.replace(/^error parsing regexp: /, '') };
  }
}
