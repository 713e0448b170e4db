/**
 * Generated pages compiled to HTML before Astro starts. They are plain Markdown whose untrusted text is
 * already escaped (scripts/render/mdx.ts), so they need none of MDX and none of the remark/rehype
 * plugins hand-written guides go through: Sätteri (the Rust Markdown compiler Astro itself ships)
 * turns each into HTML, diagrams are drawn through the shared MermaidRenderer, and the loader in
 * src/content.config.ts hands the results to Starlight as already-rendered entries. Astro then builds
 * no module per generated page, which is what made a 1,000-option site take several times as long as
 * plain Starlight with the same pages.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Slugger from 'github-slugger';
import { toHtml } from 'hast-util-to-html';
import { markdownToHtml } from 'satteri';
import { parseFrontmatter } from './frontmatter.ts';
import type { GeneratedPage } from '../render/mdx.ts';
import { changedPages, COMPILED_PAGES, type CompiledPage, type PageHeading } from './compiled-pages.ts';
import { decodeReferences } from './references.ts';
import { diagramElement, type RemarkMermaidOptions } from './remark-mermaid.ts';
import { searchKind } from './rehype-search.ts';

/** Whether a generated page is compiled here: everything but MDX (the home page, built from Starlight's components). */
export function isPrecompiled(page: GeneratedPage): boolean {
  return page.path.endsWith('.md');
}

/** Splits a page into its frontmatter (parsed) and body. */
export function splitFrontmatter(content: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(content);
  if (!m) return { data: {}, body: content };
  return { data: parseFrontmatter(m[1]!), body: content.slice(m[0].length) };
}

const FENCE = /^```mermaid\n([\s\S]*?)\n```$/gm;
const DIAGRAM_MARK = /<!--fd-diagram:(\d+)-->/g;
const HEADING = /<h([1-6])>([\s\S]*?)<\/h\1>/g;
/** A Markdown table's scroll box: focusable, so it scrolls by keyboard too (raw HTML tables with a class of their own are left alone). */
export const TABLE_BOX_OPEN = '<div class="fd-table-scroll" tabindex="0" role="region" aria-label="Table"><table>';

/** The text of an HTML fragment: tags dropped, character references decoded. */
export function htmlText(html: string): string {
  return decodeReferences(html.replace(/<[^>]*>/g, ''));
}

/**
 * An id attribute's value: only `&` and `"` need escaping in a quoted attribute, and `<` stays as is
 * because Pagefind reads ids without decoding references (an option's `<name>` must reach it whole).
 */
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The references HTML needs, in the names every HTML writer uses; the others are no markup to HTML. */
const NEEDED: Record<string, string> = { '34': '&quot;', '38': '&amp;', '39': '&#39;', '60': '&lt;', '62': '&gt;' };

/**
 * Numeric references the page's Markdown needed (so that `*`, `_`, `:` … in untrusted text were not
 * read as Markdown) written back as the characters, once Markdown is done: HTML reads none of them as
 * markup, and pages get smaller and read as text to anything that greps them. HTML's own stay escaped.
 */
export function plainReferences(html: string): string {
  return html.replace(/&#(\d{1,3});/g, (whole, code: string) => {
    const n = Number(code);
    if (NEEDED[code]) return NEEDED[code]!;
    return n === 9 || n === 10 || (n >= 32 && n < 127) ? String.fromCharCode(n) : whole;
  });
}

/**
 * Gives every heading an id and collects the headings, as Astro does for Markdown: ids slugged from the
 * heading's text (github-slugger, numbered when repeated), except h2s on pages that ask for verbatim
 * ids, whose id is their text exactly (an option's anchor is its name, as in the NixOS manual).
 */
export function addHeadingIds(html: string, verbatim: boolean): { html: string; headings: PageHeading[] } {
  const slugger = new Slugger();
  const headings: PageHeading[] = [];
  const out = html.replace(HEADING, (_whole, level: string, inner: string) => {
    const text = htmlText(inner);
    const slug = verbatim && level === '2' ? text.trim() : slugger.slug(text);
    headings.push({ depth: Number(level), slug, text });
    return `<h${level} id="${escapeAttribute(slug)}">${inner}</h${level}>`;
  });
  return { html: out, headings };
}

/**
 * The HTML of a page's Markdown body, headings with their ids. Smart punctuation stays off: an
 * option's value or a command must read exactly as written.
 * @param verbatim whether h2 ids are their text (see `addHeadingIds`)
 */
export function markdownBody(markdown: string, verbatim: boolean): { html: string; headings: PageHeading[] } {
  const { html } = markdownToHtml(markdown, { features: { gfm: true, frontmatter: false, smartPunctuation: false } });
  return addHeadingIds(plainReferences(html), verbatim);
}

/** One diagram as HTML, its SVG kept as drawn (see `diagramElement`'s `raw`). */
async function diagramHtml(source: string, options: RemarkMermaidOptions, where: string, index: number): Promise<string> {
  return toHtml(await diagramElement(source, options, where, index, true), { allowDangerousHtml: true });
}

/**
 * Diagrams left out of compiled pages as placeholders, to be drawn while Astro builds the site and
 * put into the built HTML after (`build` only: Chromium and Astro then share the machine's cores,
 * instead of the build waiting for every diagram first).
 */
export class DeferredDiagrams {
  private readonly jobs: { source: string; where: string; index: number }[] = [];
  /** Pages (ids) holding placeholders. */
  readonly pages = new Set<string>();

  /** A placeholder for one diagram, drawn later by `draw`. */
  placeholder(source: string, where: string, index: number): string {
    return `<div data-fd-diagram="${this.jobs.push({ source, where, index }) - 1}"></div>`;
  }

  /** Draws every diagram; resolves to a function that puts them into a page's HTML. */
  async draw(options: RemarkMermaidOptions): Promise<(html: string) => string> {
    const drawn = await Promise.all(this.jobs.map((j) => diagramHtml(j.source, options, j.where, j.index)));
    return (html) => html.replace(/<div data-fd-diagram="(\d+)"><\/div>/g, (whole, i: string) => drawn[Number(i)] ?? whole);
  }
}

/**
 * Compiles one generated page to HTML.
 * @param page the page, as the renderers wrote it
 * @param diagrams draws the page's mermaid blocks (see `diagramElement`)
 * @param where the page's file, for diagram reports
 * @param deferred when given, its diagrams become placeholders it draws later
 */
export async function compilePage(page: GeneratedPage, diagrams: RemarkMermaidOptions, where: string, deferred?: DeferredDiagrams): Promise<CompiledPage> {
  const { data, body } = splitFrontmatter(page.content);
  const sources: string[] = [];
  const lineOf = (offset: number) => body.slice(0, offset).split('\n').length;
  const lines: number[] = [];
  // Diagrams are drawn apart and put back after Markdown: an SVG is not Markdown's to read.
  const marked = body.replace(FENCE, (_whole, source: string, offset: number) => {
    lines.push(lineOf(offset));
    return `<!--fd-diagram:${sources.push(source) - 1}-->`;
  });
  const drawn = deferred
    ? sources.map((source, i) => deferred.placeholder(source, `${where}:${lines[i]}:1`, i))
    : await Promise.all(sources.map((source, i) => diagramHtml(source, diagrams, `${where}:${lines[i]}:1`, i)));
  const { html: withIds, headings } = markdownBody(marked, data.headingIds === 'verbatim');
  const withDiagrams = withIds
    // Fenced code: it scrolls sideways inside its box, by keyboard too, and gets a copy button (CodeCopy.astro).
    .replace(/<pre><code/g, '<pre class="fd-code" tabindex="0"><code')
    // Markdown tables: each in a box that scrolls sideways when the table cannot fit (table-scroll.ts adds the cue).
    .replace(/<table>([\s\S]*?)<\/table>/g, (_whole, inner: string) => `${TABLE_BOX_OPEN}${inner}</table></div>`)
    .replace(DIAGRAM_MARK, (_whole, i: string) => drawn[Number(i)]!);
  // The search box's kind filter (see rehype-search.ts), as the Markdown pipeline adds it to other pages.
  const html = `<span data-pagefind-filter="kind:${searchKind(page.path)}" hidden></span>${withDiagrams}`;
  const id = typeof data.slug === 'string' ? data.slug : page.path.replace(/\.md$/, '').replace(/(^|\/)index$/, '');
  if (deferred && sources.length) deferred.pages.add(id);
  const meta = JSON.stringify([data, headings]);
  const digest = createHash('sha256').update(meta).update(html).digest('hex').slice(0, 24);
  const shape = createHash('sha256').update(meta).digest('hex').slice(0, 24);
  return { id, data, html, headings, digest, shape };
}

/** Compiled pages kept between runs by their path and source, so `dev` recompiles only what an edit changed. */
export type CompileCache = Map<string, { content: string; compiled: CompiledPage }>;

/**
 * Compiles the pages that are plain Markdown; diagrams of all pages are drawn together, so the
 * renderer's pages of Chromium stay busy.
 * @param cache pages compiled before: one whose source is unchanged is taken from it
 * @param deferred when given, diagrams become placeholders it draws later (see `DeferredDiagrams`)
 */
export async function compilePages(pages: GeneratedPage[], diagrams: RemarkMermaidOptions, generatedDir: string, cache?: CompileCache, deferred?: DeferredDiagrams): Promise<CompiledPage[]> {
  const compiled = await Promise.all(
    pages.filter(isPrecompiled).map(async (page) => {
      const known = cache?.get(page.path);
      if (known && known.content === page.content) return known.compiled;
      const result = await compilePage(page, diagrams, path.join(generatedDir, page.path), deferred);
      cache?.set(page.path, { content: page.content, compiled: result });
      return result;
    }),
  );
  if (cache) {
    const live = new Set(pages.map((p) => p.path));
    for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
  }
  return compiled;
}

/** The digests of the pages last written, by folder, to count what a rewrite changed. */
const lastWritten = new Map<string, Map<string, string>>();

/**
 * Writes the compiled pages where the content loader reads them, atomically (the dev server's loader
 * may be reading the old file meanwhile), unless nothing changed; returns how many pages changed.
 */
export function writeCompiledPages(pages: CompiledPage[], generatedDir: string): number {
  const before = lastWritten.get(generatedDir);
  const digests = new Map(pages.map((p) => [p.id, p.digest]));
  const changed = before ? changedPages(before, pages) : pages.length;
  const file = path.join(generatedDir, COMPILED_PAGES);
  lastWritten.set(generatedDir, digests);
  if (before && changed === 0 && existsSync(file)) return 0;
  mkdirSync(generatedDir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(pages));
  renameSync(`${file}.tmp`, file);
  return changed;
}

export { COMPILED_PAGES, type CompiledPage, type PageHeading };
