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

/**
 * Prints diagnostics, most severe first within each file, with the source line under each.
 * @param list the diagnostics
 * @param sourceOf gives a file's text for excerpts
 * @param limit how many to print in full; the rest are counted
 */
export function printDiagnostics(list: Diagnostic[], sourceOf: (file: string) => string | undefined, limit = 50): void {
  const shown = sortDiagnostics(list.filter((d) => d.severity !== 'info'));
  for (const d of shown.slice(0, limit)) {
    console.error(formatDiagnostic(d, d.location ? sourceOf(d.location.file) : undefined));
  }
  if (shown.length > limit) console.error(`… and ${shown.length - limit} more (all of them are in flake.json and on the Diagnostics page)`);
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
