/**
 * Option reference pages: one page per module (grouped NixOS, nix-darwin, home-manager), each option
 * under its own heading whose anchor is the option name, plus an index of the modules (200 to a page)
 * and, while there are few, of every option.
 */
import type { ComputedField, OptionDoc } from '../model/index.ts';
import { badge, type RenderContext, sourceLink } from './context.ts';
import { markdownToHtml } from './markdown.ts';
import { codeSpan, frontmatter, type GeneratedPage, link, rawHtml, SPACE, text } from './mdx.ts';
import { CLASS_LABEL } from './hosts.ts';
import { filterable, pageLinks, paginate } from './index-page.ts';
import { effectiveField, setByField } from './set-by.ts';
import { plural } from '../plural.ts';

/** Module classes are named as the configurations they are for. */
const classLabel = (cls: string): string => (CLASS_LABEL as Record<string, string>)[cls] ?? cls;
const CLASS_ORDER = ['nixos', 'darwin', 'home'];

/** Orders option paths as the NixOS manual does: at each level `enable` first, then `package`, then by name. */
export function compareOptionLoc(a: string[], b: string[]): number {
  const rank = (s: string) => (s === 'enable' ? 0 : s === 'package' ? 1 : 2);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    return rank(a[i]!) - rank(b[i]!) || a[i]!.localeCompare(b[i]!);
  }
  return a.length - b.length;
}

/** The module class of a group id (`nixos/backups` → `nixos`). */
function classOf(group: string): string {
  return group.split('/')[0]!;
}

/** Renders the option index and one page per option group. */
export function renderOptions(ctx: RenderContext): GeneratedPage[] {
  const groups = new Map<string, OptionDoc[]>();
  for (const o of ctx.model.options) {
    const list = groups.get(o.group) ?? [];
    list.push(o);
    groups.set(o.group, list);
  }
  const ids = [...groups.keys()].sort(
    (a, b) => CLASS_ORDER.indexOf(classOf(a)) - CLASS_ORDER.indexOf(classOf(b)) || a.localeCompare(b),
  );
  // A map, not a scan of every option per link: descriptions link options, so a scan is quadratic.
  const byName = new Map<string, OptionDoc>();
  for (const o of ctx.model.options) if (!byName.has(o.name)) byName.set(o.name, o);
  const linker = (name: string) => {
    const o = byName.get(name);
    return o ? ctx.router.href({ kind: 'option', name: o.name, group: o.group }) : undefined;
  };
  const pages = ids.map((group, i) => renderGroup(ctx, group, groups.get(group)!.sort((a, b) => compareOptionLoc(a.loc, b.loc)), i + 1, linker));
  pages.unshift(...renderIndex(ctx, ids, groups));
  return pages;
}

/** Up to how many options the index also lists every option in one table; beyond, search and the module pages find them. */
export const EVERY_OPTION_LIMIT = 400;
/** Module rows per page of the options index: at 10,000 options (1,000 modules) a page stays near 60 KB and 3,000 DOM nodes. */
export const MODULES_PER_PAGE = 200;

/** The options index: the modules by class, 200 to a page, and every option while there are few. */
function renderIndex(ctx: RenderContext, ids: string[], groups: Map<string, OptionDoc[]>): GeneratedPage[] {
  const total = ctx.model.options.length;
  const pages = paginate(ids, MODULES_PER_PAGE);
  const hrefs = pages.map((_, i) => ctx.router.href({ kind: 'optionsPage', page: i + 1 }));
  return pages.map((pageIds, i) => {
    const page = i + 1;
    const first = i * MODULES_PER_PAGE + 1;
    const range = `Modules ${first}–${first + pageIds.length - 1}`;
    const nav = pageLinks(hrefs, page, 'Pages of the module list');
    const lines = [
      page === 1
        ? frontmatter({ title: 'Module options', slug: ctx.router.slug({ kind: 'options' }), description: `All ${plural(total, 'option')} declared by the flake's own modules.`, sidebar: { order: 0, label: 'All options' } })
        : frontmatter({ title: `Module options: ${range.toLowerCase()} of ${ids.length}`, slug: ctx.router.slug({ kind: 'optionsPage', page }), description: `${range} of the ${ids.length} modules declaring the flake's options.`, sidebar: { order: page - 1, label: range } }),
      page === 1
        ? `The flake's own modules declare ${text(plural(total, 'option'))}. Each is documented as Nix's own option manual would show it: the type, default and example exactly as \`nixosOptionsDoc\` prints them. Values that depend on evaluation (packages, other options) show their source expression, marked ${badge('computed at evaluation time', 'caution')}. The same data is in [options.json](${ctx.router.href({ kind: 'options' }).replace(/options\/$/, 'options.json')}).`
        : `${text(`${range} of ${ids.length}`)}; search (at the top of every page) finds any option by name.`,
      '',
    ];
    if (nav && page === 1) lines.push(`${text(`${range} of ${ids.length}.`)}`, '');
    if (nav) lines.push(nav, '');
    const tables: string[] = [];
    for (const cls of CLASS_ORDER) {
      const inClass = pageIds.filter((g) => classOf(g) === cls);
      if (!inClass.length) continue;
      tables.push(`## ${classLabel(cls)} modules`, '', '| Module | Options | Declared in |', '| --- | --- | --- |');
      for (const g of inClass) {
        const opts = groups.get(g)!;
        const files = [...new Set(opts.flatMap((o) => o.declarations))].sort();
        tables.push(`| ${link(ctx.router.href({ kind: 'optionGroup', group: g }), g.slice(cls.length + 1) || g)} | ${opts.length} | ${files.map((f) => `<code>${text(f)}</code>`).join(' ')} |`);
      }
      tables.push('');
    }
    if (page === 1 && total <= EVERY_OPTION_LIMIT) {
      tables.push('## Every option', '', '| Option | Type |', '| --- | --- |');
      for (const o of [...ctx.model.options].sort((a, b) => compareOptionLoc(a.loc, b.loc))) {
        tables.push(`| ${link(ctx.router.href({ kind: 'option', name: o.name, group: o.group }), o.name)} | ${text(o.type)} |`);
      }
    }
    lines.push(...filterable(total <= EVERY_OPTION_LIMIT && page === 1 ? 'Filter modules and options' : 'Filter modules', tables));
    if (page === 1 && total > EVERY_OPTION_LIMIT) {
      lines.push(`There are too many options to list them all on one page: search (at the top of every page) finds any option by name, and each module's page lists its own.`, '');
    }
    if (nav) lines.push(nav, '');
    return { path: page === 1 ? 'options/index.md' : `options/page-${page}.md`, content: `${lines.join('\n')}\n` };
  });
}

function renderGroup(ctx: RenderContext, group: string, options: OptionDoc[], order: number, linker: (name: string) => string | undefined): GeneratedPage {
  const cls = classOf(group);
  const files = [...new Set(options.flatMap((o) => o.declarations))].sort();
  const short = group.slice(cls.length + 1) || group;
  const lines = [
    frontmatter({
      title: `${classLabel(cls)}: ${short}`,
      slug: ctx.router.slug({ kind: 'optionGroup', group }),
      description: `${plural(options.length, 'option')} declared in ${files.join(', ')}`,
      sidebar: { order, label: `${classLabel(cls)}: ${short}` },
      headingIds: 'verbatim',
    }),
    `${text(plural(options.length, 'option'))} declared in ${files.map((f) => sourceLink(ctx, { file: f, line: 1, column: 1 }, f)).join(', ')}.`,
    '',
  ];
  for (const o of options) lines.push(renderOption(ctx, o, linker), '');
  return { path: `options/${group}.md`, content: `${lines.join('\n')}\n` };
}

/** One option: its heading (anchor = option name) and its fields. */
function renderOption(ctx: RenderContext, o: OptionDoc, linker: (name: string) => string | undefined): string {
  const computed = new Set(o.computed);
  const flag = (field: ComputedField) => (computed.has(field) ? `${SPACE}${badge('computed at evaluation time', 'caution')}` : '');
  // The name split into words, for search only: `backup paths` then finds `….backups.jobs.<name>.paths`;
  // weighted as a page title is, so a name match outranks a mention in a neighbour's description.
  const words = o.loc.flatMap((seg) => seg.split(/(?<=[a-z])(?=[A-Z])|[^A-Za-z0-9]+/)).filter(Boolean).join(' ');
  const parts = [`## ${codeSpan(o.name)}`, '', `<span class="fd-search-words" aria-hidden="true" data-pagefind-weight="7">${text(words)}</span>`, ''];
  if (o.readOnly) parts.push(`<p>${badge('read-only', 'note')}</p>`);
  parts.push(
    o.description === null
      ? `<p class="fd-muted">This option has no description.</p>`
      : rawHtml(markdownToHtml(o.description, linker), 'div', 'fd-option-description'),
  );
  // Search indexes the name, the description and the type. The field labels are the same on every
  // option (and Pagefind glued each to its value: `Typeboolean`); defaults and examples are code whose
  // words (`8080`, `pkgs.hello`, `/var/lib/‹name›`) name no option, yet they made each result's
  // fragment, fetched on the first search, a fifth to a quarter larger (gzip).
  parts.push('<dl class="fd-option-fields">');
  parts.push(`<dt data-pagefind-ignore>Type</dt><dd>${text(o.type)}${flag('type')}</dd>`);
  if (o.default) parts.push(`<dt data-pagefind-ignore>Default</dt><dd data-pagefind-ignore>${literal(o.default, linker)}${flag('default')}</dd>`);
  if (o.example) parts.push(`<dt data-pagefind-ignore>Example</dt><dd data-pagefind-ignore>${literal(o.example, linker)}${flag('example')}</dd>`);
  const where = o.declarations.map((file) => sourceLink(ctx, { file, line: file === o.source.file ? o.source.line : 1, column: 1 }, file === o.source.file ? `${file}:${o.source.line}` : file));
  // Every option of a page shares its file: left out of search so it does not drown what tells them apart.
  parts.push(`<dt data-pagefind-ignore>Declared in</dt><dd data-pagefind-ignore>${where.join('<br />')}</dd>`);
  const setBy = setByField(ctx, o);
  if (setBy) parts.push(setBy);
  const effective = effectiveField(ctx, o);
  if (effective) parts.push(effective);
  parts.push('</dl>');
  return parts.join('\n');
}

/** A default or example: code for literalExpression, rendered markdown for literalMD. */
function literal(value: { _type: string; text: string }, linker: (name: string) => string | undefined): string {
  if (value._type === 'literalMD') return rawHtml(markdownToHtml(value.text, linker), 'div', 'fd-literal-md');
  return `<pre class="fd-nix"><code>${text(value.text)}</code></pre>`;
}
