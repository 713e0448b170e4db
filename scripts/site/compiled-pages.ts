/**
 * The shape of the compiled pages file that scripts/site/prerender.ts writes and the docs loader
 * reads: kept apart so the loader, which runs inside Astro, imports nothing of the compiler.
 */

/** A heading of a compiled page, as Astro's own Markdown pipeline reports it (for the table of contents). */
export interface PageHeading {
  depth: number;
  slug: string;
  text: string;
}

/** One generated page, compiled: what the content loader stores for it. */
export interface CompiledPage {
  /** The entry id: the page's slug. */
  id: string;
  /** Its frontmatter. */
  data: Record<string, unknown>;
  html: string;
  headings: PageHeading[];
  /** A hash of what the loader stores (data, HTML, headings): an entry is rewritten only when it changed. */
  digest: string;
  /** A hash of its frontmatter and headings only: what `dev` must tell the content layer about (the HTML it serves from memory). */
  shape: string;
}

/** The file, in the generated folder, that holds every compiled page. */
export const COMPILED_PAGES = 'pages.json';

/**
 * How many pages differ between two publications: changed, added or removed.
 * @param before the earlier publication's digests by page id
 */
export function changedPages(before: ReadonlyMap<string, string>, after: readonly CompiledPage[]): number {
  const now = new Set(after.map((p) => p.id));
  return after.filter((p) => before.get(p.id) !== p.digest).length + [...before.keys()].filter((id) => !now.has(id)).length;
}
