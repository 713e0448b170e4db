/** Diagnostics are data: extractors return them, the CLI prints them, the site lists them. */
import { plural } from './plural.ts';

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

/** Columns a printed line may take before it is cut (with an ellipsis). */
export const PRINT_WIDTH = 200;

/**
 * Makes untrusted text safe for a terminal: C0 controls become their Unicode control pictures
 * (ESC as ␛, BEL as ␇, newline as ␤, tab as a space), DEL becomes ␡, C1 controls and bidirectional
 * overrides become `\x9b` / `\u{202e}` escapes. Nothing that could move the cursor, recolour, set a
 * title or reorder text reaches the terminal.
 * @param text the text
 */
export function visibleText(text: string): string {
  // C0, DEL, C1, line/paragraph separators, bidi embeddings, overrides and isolates.
  // Other invisible characters (zero-width spaces, the BOM, other format characters) the same way.
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\p{Cf}]/gu, (ch) => {
    const c = ch.charCodeAt(0);
    if (c === 9) return ' ';
    if (c === 10) return '\u2424';
    if (c < 32) return String.fromCharCode(0x2400 + c);
    if (c === 127) return '\u2421';
    if (c <= 0x9f) return `\\x${c.toString(16)}`;
    return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  });
}

/**
 * Cuts a line to `width` columns, ending with `…` when something was cut.
 * @param line the (already visible) line
 * @param width the most columns to keep
 */
export function cutLine(line: string, width = PRINT_WIDTH): string {
  const chars = Array.from(line);
  return chars.length <= width ? line : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * True when a file's text looks binary: it holds a NUL, or U+FFFD (what undecodable UTF-8 became)
 * makes up more than 1 % of its start.
 * @param source the file's text as decoded from UTF-8
 */
export function looksBinary(source: string): boolean {
  const sample = source.slice(0, 65536);
  if (sample.includes('\u0000')) return true;
  let bad = 0;
  for (let i = sample.indexOf('\ufffd'); i !== -1; i = sample.indexOf('\ufffd', i + 1)) bad++;
  return bad > Math.max(1, sample.length / 100);
}

/**
 * Formats a diagnostic as `path:line:col - warning: message`, followed by the source line and a caret
 * when the source text of the file is given. This is where untrusted text meets the terminal, so every
 * part is made visible (`visibleText`) and cut to `PRINT_WIDTH`; a binary file shows no excerpt.
 * @param d the diagnostic
 * @param source the whole text of `d.location.file`, if known
 */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  // The message is what gets cut: the place, the severity and the code always show.
  const head = visibleText(`${d.location ? `${formatLocation(d.location)} - ` : ''}${d.severity}: `);
  const tail = visibleText(` [${d.code}]`);
  const room = Math.max(40, PRINT_WIDTH - Array.from(head + tail).length);
  let out = `${head}${cutLine(visibleText(d.message), room)}${tail}`;
  if (d.location && source !== undefined) {
    const gutter = String(d.location.line);
    if (looksBinary(source)) return `${out}\n  ${gutter} | (binary file)`;
    const text = source.split('\n')[d.location.line - 1];
    if (text !== undefined) {
      const { line, caret } = excerpt(text, d.location.column);
      out += `\n  ${gutter} | ${line}\n  ${' '.repeat(gutter.length)} | ${' '.repeat(caret)}^`;
    }
  }
  return out;
}

/**
 * A source line made visible and cut to a window of `PRINT_WIDTH` columns around `column`, with the
 * caret's offset in the shown text.
 */
function excerpt(raw: string, column: number): { line: string; caret: number } {
  const chars = Array.from(visibleText(raw.replace(/\r$/, '')));
  // Offsets are UTF-16 columns of the raw line; count what they become once made visible.
  const at = Array.from(visibleText(raw.slice(0, Math.max(0, column - 1)))).length;
  if (chars.length <= PRINT_WIDTH) return { line: chars.join(''), caret: at };
  const start = Math.max(0, Math.min(at - Math.floor(PRINT_WIDTH / 2), chars.length - (PRINT_WIDTH - 2)));
  const end = Math.min(chars.length, start + PRINT_WIDTH - 2);
  const line = `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`;
  return { line, caret: at - start + (start > 0 ? 1 : 0) };
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
  return [plural(n('error'), 'error'), plural(n('warning'), 'warning'), plural(n('info'), 'note')].join(', ');
}
