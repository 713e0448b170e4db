/** Diagnostics are data: extractors return them, the CLI prints them, the site lists them. */

/** A place in the flake: `file` is relative to the flake root (POSIX separators); line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** How bad a diagnostic is; `--strict` fails the run on any error or warning. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem found in the user's input. */
export interface Diagnostic {
  severity: Severity;
  /** A stable machine-readable code, such as `nix/syntax` or `tickets/unknown-dependency`. */
  code: string;
  message: string;
  location?: SourceLocation;
}

/** Formats a location as `file:line:col`. */
export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/**
 * Formats a diagnostic as `path:line:col - warning: message`, followed by the source line and a caret
 * when the source text of the file is given.
 * @param d the diagnostic
 * @param source the whole text of `d.location.file`, if known
 */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const head = d.location ? `${formatLocation(d.location)} - ` : '';
  let out = `${head}${d.severity}: ${d.message} [${d.code}]`;
  if (d.location && source !== undefined) {
    const text = source.split('\n')[d.location.line - 1];
    if (text !== undefined) {
      const gutter = String(d.location.line);
      out += `\n  ${gutter} | ${text}\n  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, d.location.column - 1))}^`;
    }
  }
  return out;
}

/** Sorts diagnostics by file, line, column, then message, so output is deterministic. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      a.message.localeCompare(b.message),
  );
}

/** Counts diagnostics by severity, as `2 errors, 3 warnings, 10 notes`. */
export function summarize(list: Diagnostic[]): string {
  const n = (s: Diagnostic['severity']) => list.filter((d) => d.severity === s).length;
  const part = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [part(n('error'), 'error'), part(n('warning'), 'warning'), part(n('info'), 'note')].join(', ');
}
