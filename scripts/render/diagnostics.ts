/**
 * The diagnostics page: errors and warnings grouped by file, then notes grouped by code (several of one
 * code are one row that expands, as in the terminal), each row with its source line, its message and the fix hint of its code, and a section per
 * code that explains it (from the registry in scripts/diagnostic-codes.ts).
 */
import { codeInfo, severityWord } from '../diagnostic-codes.ts';
import { type Diagnostic, type Severity, sortDiagnostics, summarize, visibleText } from '../diagnostics.ts';
import { coverageLines } from '../model/coverage.ts';
import { plural } from '../plural.ts';
import { badge, type RenderContext, sourceLink } from './context.ts';
import { attr, codeSpan, frontmatter, type GeneratedPage, SPACE, text } from './mdx.ts';

const VARIANT = { error: 'danger', warning: 'caution', info: 'note' } as const;
const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/** Past this many notes they are counted per code, not listed: errors and warnings are always listed. */
export const NOTES_LISTED_MAX = 300;

/** Renders the diagnostics page. */
export function renderDiagnostics(ctx: RenderContext): GeneratedPage[] {
  const list = ctx.model.diagnostics;
  const lines = [
    // File headings get their path as id, so `diagnostics/#hosts/box/default.nix` links to a file.
    frontmatter({ title: 'Diagnostics', slug: ctx.router.slug({ kind: 'diagnostics' }), description: 'What static analysis found in the flake.', headingIds: 'verbatim' }),
    `Static analysis of the flake found ${text(summarize(list))}.`,
    '',
    // What was covered and what was not comes first: "0 options" is a gap with a cause, not a fact.
    `<ul class="fd-coverage">${coverageLines(ctx.model).map((l) => `<li>${text(l.trim().replace(/^coverage: /, 'Found: ').replace(/^not covered: /, 'Not covered: ').replace(/^switched off: /, 'Switched off: '))}</li>`).join('')}</ul>`,
    '',
    '<dl class="fd-facts fd-severities">',
    `<dt>${badge('error', VARIANT.error)}</dt><dd>${text("the host's build would fail in Nix")}</dd>`,
    `<dt>${badge('warning', VARIANT.warning)}</dt><dd>${text('likely a mistake')}</dd>`,
    `<dt>${badge('note', VARIANT.info)}</dt><dd>${text('a limit of static reading: a value only Nix evaluation knows, a file that is not a module')}</dd>`,
    '</dl>',
    '',
    `\`npm run check -- --strict\` fails on errors and warnings, never on notes, for the flake's own CI.`,
    '',
  ];
  // Thousands of notes (a big fleet's modules that static reading cannot follow) would bury the
  // errors and warnings: past a limit they are counted per code instead of listed one by one.
  const notes = list.filter((d) => d.severity === 'info');
  if (notes.length > NOTES_LISTED_MAX) lines.push(`<p>${text(`The ${notes.length} notes are too many to list one by one: each code below says how many there are and what they mean.`)}</p>`, '');
  // Errors and warnings by file, several of one code in a file as one row that expands.
  for (const [file, group] of byFile(list.filter((d) => d.severity !== 'info'))) {
    lines.push(`## ${file === undefined ? 'Without a place' : codeSpan(visibleText(file))}`, '', `<p class="fd-muted">${text(counts(group))}</p>`, '', '<ul class="fd-diagnostics">');
    for (const same of byCause(group)) lines.push(causeRow(ctx, same, false));
    lines.push('</ul>', '');
  }
  // Notes by code across files: one cause (88 package files that are not modules) is one row that expands.
  if (notes.length && notes.length <= NOTES_LISTED_MAX) {
    lines.push('## Notes', '', `<p class="fd-muted">${text(`${plural(notes.length, 'note')}: limits of static reading, one row per code`)}</p>`, '', '<ul class="fd-diagnostics">');
    for (const same of byCause(sortDiagnostics(notes)).sort((a, b) => b.length - a.length || a[0]!.code.localeCompare(b[0]!.code))) lines.push(causeRow(ctx, same, true));
    lines.push('</ul>', '');
  }
  const codes = [...new Set(list.map((d) => d.code))].sort();
  if (codes.length) {
    lines.push('## Codes', '', '<dl class="fd-codes">');
    for (const code of codes) lines.push(...codeEntry(ctx, code, list.filter((d) => d.code === code).length));
    lines.push('</dl>', '');
  }
  return [{ path: 'diagnostics.md', content: `${lines.join('\n')}\n` }];
}

/** Diagnostics grouped by file (files in order, no file last), each group errors first, then by place. */
function byFile(list: readonly Diagnostic[]): [string | undefined, Diagnostic[]][] {
  const groups = new Map<string | undefined, Diagnostic[]>();
  for (const d of list) {
    const key = d.location?.file;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(d);
  }
  const order = (d: Diagnostic) => [ORDER[d.severity], d.location?.line ?? 0, d.location?.column ?? 0] as const;
  for (const g of groups.values()) {
    g.sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
  }
  return [...groups].sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

/** Diagnostics (sorted) grouped by severity and code, one cause each, in the order each first appears. */
function byCause(group: readonly Diagnostic[]): Diagnostic[][] {
  const causes = new Map<string, Diagnostic[]>();
  for (const d of group) {
    const key = `${d.severity}\0${d.code}`;
    (causes.get(key) ?? causes.set(key, []).get(key)!).push(d);
  }
  return [...causes.values()];
}

/**
 * Diagnostics of one cause as one row: the first in full, the others behind a disclosure with their
 * count (as the terminal groups them).
 * @param withFile whether places name their file (rows gathered from many files)
 */
function causeRow(ctx: RenderContext, same: Diagnostic[], withFile: boolean): string {
  const [first, ...more] = same;
  const rest = more.length
    ? `<details class="fd-diag-more"><summary>${text(`and ${more.length} more like it`)}</summary><ul class="fd-diagnostics">${more.map((d) => row(ctx, d, withFile)).join('')}</ul></details>`
    : '';
  return row(ctx, first!, withFile, rest);
}

/** One diagnostic: severity, source line link, code (linking to its explanation), message and fix hint, then `inner` (more of its cause). */
function row(ctx: RenderContext, d: Diagnostic, withFile = false, inner = ''): string {
  const place = d.location ? `${withFile ? `${visibleText(d.location.file)}:` : 'line '}${d.location.line}:${d.location.column}` : '';
  const where = d.location ? sourceLink(ctx, d.location, place) : '';
  const code = `<a ${attr('class', 'fd-diag-code')} ${attr('href', ctx.router.href({ kind: 'diagnosticCode', code: d.code }))}><code>${text(d.code)}</code></a>`;
  // Notes are limits of static reading: their fix ("nothing to fix…") is in the code's section.
  const fix = d.severity === 'info' ? undefined : codeInfo(d.code)?.fix;
  const head = [badge(severityWord(d.severity), VARIANT[d.severity]), where, code].filter(Boolean).join(SPACE);
  return [
    `<li ${attr('class', `fd-diag fd-diag-${d.severity}`)}>`,
    `<span class="fd-diag-head">${head}</span>`,
    // Messages quote the flake (attribute names, file names): no raw control characters in the page.
    `<span class="fd-diag-message">${withCode(visibleText(d.message))}</span>`,
    fix ? `<span class="fd-diag-fix">${text('Fix: ')}${withCode(fix)}</span>` : '',
    inner,
    '</li>',
  ].join('');
}

/** The explanation of one code: its severity, what it means and how to fix it. */
function codeEntry(ctx: RenderContext, code: string, count: number): string[] {
  const info = codeInfo(code);
  const id = ctx.router.anchor({ kind: 'diagnosticCode', code })!;
  const times = `${plural(count, 'time')} in this flake`;
  return [
    `<dt ${attr('id', id)}><code>${text(code)}</code>${SPACE}${info ? badge(severityWord(info.severity), VARIANT[info.severity]) : ''}</dt>`,
    `<dd><span>${info ? withCode(info.explain) : text('No explanation is registered for this code yet.')}</span>${info ? `${SPACE}<span class="fd-diag-fix">${text('Fix: ')}${withCode(info.fix)}</span>` : ''}${SPACE}<span class="fd-muted">${text(`(${times})`)}</span></dd>`,
  ];
}

/** The non-zero counts of a group, most severe first: `1 error, 2 notes`. */
function counts(group: readonly Diagnostic[]): string {
  return (['error', 'warning', 'info'] as const)
    .map((s) => [group.filter((d) => d.severity === s).length, severityWord(s)] as const)
    .filter(([n]) => n > 0)
    .map(([n, word]) => plural(n, word))
    .join(', ');
}

/** Text with its `backticked` parts as code elements (all of it as text when the backticks do not pair up). */
function withCode(line: string): string {
  if ((line.match(/`/g)?.length ?? 0) % 2) return text(line);
  return line
    .split('`')
    .map((part, i) => (i % 2 ? `<code>${text(part)}</code>` : part ? text(part) : ''))
    .join('');
}
