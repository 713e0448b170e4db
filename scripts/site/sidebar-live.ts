/**
 * The sidebar of one request, rebuilt from the pages the content collection holds right now. The
 * configuration's sidebar is computed once when Astro starts, while `dev` rewrites generated pages as
 * the flake changes: a syntax error that empties `hosts/` must not leave links to pages that are gone,
 * and pages that come back must be listed again.
 */
import { groupPages, type PageInfo } from './sidebar.ts';

/** A sidebar link as Starlight's route data holds it. */
export interface LiveLink {
  type: 'link';
  label: string;
  href: string;
  isCurrent: boolean;
  badge: undefined;
  attrs: Record<string, never>;
}

/** A sidebar group as Starlight's route data holds it. */
export interface LiveGroup {
  type: 'group';
  label: string;
  entries: LiveLink[];
  collapsed: boolean;
  badge: undefined;
}

/**
 * The generated sections of the sidebar for `pages`, marking the link to `currentPath`.
 * @param pages every page of the collection, as the sidebar sees it
 * @param base the site's base path
 * @param currentPath the pathname of the page being rendered
 */
export function liveSections(pages: PageInfo[], base: string, currentPath: string): LiveGroup[] {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const current = currentPath.endsWith('/') ? currentPath : `${currentPath}/`;
  return groupPages(pages).map(({ label, collapsed, pages: list }) => ({
    type: 'group',
    label,
    collapsed,
    badge: undefined,
    entries: list.map((p) => {
      const href = `${prefix}${p.slug}/`;
      return { type: 'link', label: p.title, href, isCurrent: decodeURI(current) === decodeURI(href), badge: undefined, attrs: {} };
    }),
  }));
}

/** Every link of a sidebar, depth first, for the previous and next page links. */
export function flattenLinks(entries: ({ type: 'link' } | { type: 'group'; entries: unknown[] })[]): { type: 'link' }[] {
  return entries.flatMap((e) => (e.type === 'link' ? [e] : flattenLinks(e.entries as never)));
}
