/**
 * Syntax diagnostics as a reader needs them: a file in a folder that nothing the flake evaluates enters
 * (editor templates, examples kept aside) is one note however broken it is (and nothing else is said
 * of it), since Nix never reads it; a broken file beside files that are used stays an error, as it is
 * likely meant to be used too. A file
 * that is reached keeps at most one error per region of lines, since a parser recovering from one
 * mistake reports the same mistake many times over.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';

/** Errors closer than this many lines to the previous one kept are the same region. */
const REGION_LINES = 3;

/**
 * Settles the `nix/syntax` diagnostics of a whole extraction.
 * @param diagnostics every diagnostic so far
 * @param reached flake-relative files that evaluation of the flake reaches
 */
export function settleSyntaxDiagnostics(diagnostics: Diagnostic[], reached: Set<string>): Diagnostic[] {
  const folders = new Set([...reached].map((f) => path.posix.dirname(f)));
  const aside = (file: string) => !reached.has(file) && !folders.has(path.posix.dirname(file));
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
        message: `${file} does not parse (${first.message} at line ${first.location!.line})${more}, but the flake evaluates nothing in its folder, so Nix never reads it`,
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
