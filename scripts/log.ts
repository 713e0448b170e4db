/** Console output of the CLI: timed progress lines per phase, and diagnostics with source excerpts. */
import { formatDiagnostic, sortDiagnostics, type Diagnostic, visibleText } from './diagnostics.ts';


/** Prints `✓ phase (123 ms) detail` lines as a long run goes. */
export class Progress {
  private readonly start = performance.now();
  /** @param quiet print nothing but warnings and errors */
  private readonly quiet: boolean;
  constructor(quiet: boolean = false) {
    this.quiet = quiet;
  }

  /** Runs one phase, printing its name, time and the detail `fn`'s result gives. */
  async phase<T>(name: string, fn: () => T | Promise<T>, detail?: (result: T) => string): Promise<T> {
    const t0 = performance.now();
    const result = await fn();
    this.line(`✓ ${name} (${Math.round(performance.now() - t0)} ms)${detail ? ` ${detail(result)}` : ''}`);
    return result;
  }

  /** Prints a line unless quiet. */
  line(text: string): void {
    if (!this.quiet) console.log(text);
  }

  /** Milliseconds since this progress began. */
  elapsed(): number {
    return Math.round(performance.now() - this.start);
  }
}

/** Up to this many warnings and errors are printed in full, with their source lines; more are grouped by code. */
const FULL = 5;
/** The most lines grouped output takes, the closing hint included. */
const GROUPED_LINES = 20;

/**
 * Prints warnings and errors (notes are on the Diagnostics page), most severe first within each file.
 * A few are printed in full with the source line under each; many are grouped, one line per code with
 * its first place and how many more there are, and `verbose` prints them all in full.
 * @param list the diagnostics
 * @param sourceOf gives a file's text for excerpts
 * @param verbose print every warning and error in full
 */
export function printDiagnostics(list: Diagnostic[], sourceOf: (file: string) => string | undefined, verbose = false): void {
  const shown = sortDiagnostics(list.filter((d) => d.severity !== 'info'));
  if (verbose || shown.length <= FULL) {
    for (const d of shown) console.error(formatDiagnostic(d, d.location ? sourceOf(d.location.file) : undefined));
    return;
  }
  for (const line of groupedLines(shown)) console.error(line);
}

/**
 * One line per code (errors first, then by how often it fires), each the code's first diagnostic with
 * how many more there are, at most `GROUPED_LINES` lines in all, the last saying how to see them all.
 * @param shown warnings and errors, sorted
 */
export function groupedLines(shown: Diagnostic[]): string[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of shown) {
    const key = `${d.severity}\0${d.code}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(d);
  }
  const ordered = [...groups.values()].sort((a, b) => (a[0]!.severity === b[0]!.severity ? b.length - a.length : a[0]!.severity === 'error' ? -1 : 1));
  const room = GROUPED_LINES - 1;
  const lines = ordered.slice(0, ordered.length > room ? room - 1 : room).map((g) => `${formatDiagnostic(g[0]!)}${g.length > 1 ? ` (and ${g.length - 1} more like it)` : ''}`);
  if (ordered.length > room) lines.push(`… ${ordered.length - (room - 1)} more codes (${ordered.slice(room - 1).reduce((n, g) => n + g.length, 0)} diagnostics)`);
  lines.push(`${shown.length} warnings and errors in ${groups.size} groups: run with --verbose to print each with its source line (all of them are also in flake.json and on the Diagnostics page)`);
  return lines;
}

/** Where a bug of flake-docs is reported. */
export const REPORT = 'please report it to the flake-docs issue tracker, with the command you ran and this message';

/**
 * What the command line prints for an error no diagnostic caught (a bug of flake-docs, never the
 * flake's fault): one line saying so and where to report it; the stack trace only with `--debug`.
 * @param error what was thrown
 * @param debug whether `--debug` was given
 */
export function internalError(error: unknown, debug: boolean): string[] {
  const message = error instanceof Error ? error.message : String(error);
  const line = `internal error: ${visibleText(message.split('\n')[0] ?? '')}. This is a bug in flake-docs, not in your flake: ${REPORT}`;
  if (!debug) return [`${line} (run again with --debug for the stack trace)`];
  return [line, error instanceof Error && error.stack ? error.stack : String(error)];
}
