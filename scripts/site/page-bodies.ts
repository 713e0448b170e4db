/**
 * The HTML of the compiled pages, kept in this process instead of Astro's data store. Astro inlines
 * its whole data store into the server bundle as one string, so 1,750 page bodies (22 MB) in it cost
 * the build seconds of bundling and 700 MB of memory at 10,000 options; the store keeps only each
 * page's frontmatter, headings and digest, and the route middleware (src/route-data.ts) renders the body
 * from here. The docs loader fills it, in `build` and `dev` alike: it runs in the same process as the
 * pages' rendering, but in another module graph, hence one map on `globalThis`.
 */
import type { CompiledPage } from './compiled-pages.ts';

const KEY = Symbol.for('flake-docs.page-bodies');
type Holder = { [KEY]?: Map<string, string> };

/** Replaces the bodies with those of `pages` (the whole set of compiled pages). */
export function setPageBodies(pages: readonly CompiledPage[]): void {
  (globalThis as Holder)[KEY] = new Map(pages.map((p) => [p.id, p.html]));
}

/** The HTML body of the compiled page `id`, or undefined for a page that is not compiled. */
export function pageBody(id: string): string | undefined {
  return (globalThis as Holder)[KEY]?.get(id);
}
