/**
 * Syntax diagnostics as a reader needs them: a file in a folder that nothing the flake evaluates enters
 * (editor templates, examples kept aside), or that only comments name (its import commented out), is
 * one note however broken it is (and nothing else is said of it), since Nix never reads it; another
 * broken file beside files that are used stays an error, as it is likely meant to be used too. A file
 * that is reached keeps at most one error per region of lines, since a parser recovering from one
 * mistake reports the same mistake many times over.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';

/** Errors closer than this many lines to the previous one kept are the same region. */
const REGION_LINES = 3;

/** A name as a whole Nix word (identifiers hold `-` and `'`), in code with its comments removed. */
function mentions(code: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_'-])${escaped}($|[^A-Za-z0-9_'-])`).test(code);
}

/** Nix source without its comments (`# …` to the end of a line, `/* … *\/`), roughly: a `#` in a string cuts it too. */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/#[^\n]*/g, '');
}

/**
 * Whether other files name a file (its name without `.nix`, or its folder's for a `default.nix`) only
 * in comments, never in code: an import commented out. A file named nowhere is not decided here (an
 * import may be computed), nor one that code names (an import may be built from that name).
 * @param file the flake-relative file
 * @param files every `.nix` file of the flake
 * @param source a file's text (undefined when not readable)
 */
export function namedOnlyInComments(file: string, files: readonly string[], source: (file: string) => string | undefined): boolean {
  const base = path.posix.basename(file, '.nix');
  const name = base === 'default' ? path.posix.basename(path.posix.dirname(file)) : base;
  if (!name || name === '.') return false;
  let inComments = false;
  for (const f of files) {
    if (f === file) continue;
    const text = source(f) ?? '';
    if (!mentions(text, name)) continue;
    if (mentions(withoutComments(text), name)) return false;
    inComments = true;
  }
  return inComments;
}

/**
 * Settles the `nix/syntax` diagnostics of a whole extraction.
 * @param diagnostics every diagnostic so far
 * @param reached flake-relative files that evaluation of the flake reaches
 * @param commentedOut whether a file is named only in comments (its import commented out): aside too, even beside used files
 */
export function settleSyntaxDiagnostics(diagnostics: Diagnostic[], reached: Set<string>, commentedOut: (file: string) => boolean = () => false): Diagnostic[] {
  const folders = new Set([...reached].map((f) => path.posix.dirname(f)));
  const aside = (file: string) => !reached.has(file) && (!folders.has(path.posix.dirname(file)) || commentedOut(file));
  const byFile = new Map<string, Diagnostic[]>();
  const rest: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code === 'nix/syntax' && d.location) {
      const list = byFile.get(d.location.file) ?? [];
      list.push(d);
      byFile.set(d.location.file, list);
    } else rest.push(d);
  }
  // What our extractors said while reading a broken file that Nix never reads is noise beside its one note.
  const silenced = new Set([...byFile.keys()].filter(aside));
  const kept = rest.filter((d) => !(d.location && silenced.has(d.location.file)));
  rest.length = 0;
  rest.push(...kept);
  for (const [file, list] of byFile) {
    list.sort((a, b) => a.location!.line - b.location!.line || a.location!.column - b.location!.column);
    const first = list[0]!;
    if (aside(file)) {
      const more = list.length > 1 ? ` (${list.length} syntax errors in all)` : '';
      rest.push({
        severity: 'info',
        code: 'nix/syntax-unreached',
        message: `${file} does not parse (${first.message} at line ${first.location!.line})${more}, but ${folders.has(path.posix.dirname(file)) ? 'only comments name it (an import commented out)' : 'the flake evaluates nothing in its folder'}, so Nix never reads it`,
        location: first.location,
      });
      continue;
    }
    let kept: Diagnostic | undefined;
    let folded = 0;
    let lastLine = -Infinity;
    const flush = () => {
      if (kept) rest.push(folded ? { ...kept, message: `${kept.message} (and ${folded} more in the lines that follow, likely the same mistake)` } : kept);
    };
    for (const d of list) {
      if (d.location!.line - lastLine <= REGION_LINES) {
        folded++;
      } else {
        flush();
        kept = d;
        folded = 0;
      }
      lastLine = d.location!.line;
    }
    flush();
  }
  return rest;
}
