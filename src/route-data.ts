/**
 * Starlight route middleware: the sidebar below the Overview group, and the previous/next links, come
 * from the pages that exist now (see scripts/site/sidebar-live.ts); a compiled page's body comes from
 * scripts/site/page-bodies.ts (in `dev`, the CLI's latest compile), since its entry in the store holds none;
 * the chrome Starlight writes as raw HTML is escaped (scripts/site/page-chrome.ts).
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { getCollection } from 'astro:content';
import { createComponent, renderTemplate, unescapeHTML } from 'astro/runtime/server/index.js';
import { escapeChrome } from '../scripts/site/page-chrome.ts';
import { pageBody } from '../scripts/site/page-bodies.ts';
import { flattenLinks, liveSections } from '../scripts/site/sidebar-live.ts';
import { pageInfo, type PageInfo } from '../scripts/site/sidebar.ts';

/** The pages of a build, read once: the collection cannot change during a build, only in `dev`. */
let built: PageInfo[] | undefined;

async function currentPages(): Promise<PageInfo[]> {
  if (built) return built;
  const entries: { id: string; data: Record<string, any> }[] = await getCollection('docs');
  const pages = entries.map((e) => pageInfo(e.id, e.data)).filter((p): p is PageInfo => !!p);
  // Once per page would be quadratic: 3 million entry copies for a 1,750-page site.
  if (!import.meta.env.DEV) built = pages;
  return pages;
}

export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute;
  // Starlight writes the `<title>` and the hero as raw HTML: their text is escaped here, for every page.
  escapeChrome(route);
  // A compiled page's entry holds no body: it comes from the compiled pages (scripts/site/page-bodies.ts),
  // in `dev` the CLI's latest compile; it is rendered as Astro renders a stored entry's HTML.
  const body = route.entry.filePath === undefined ? pageBody(route.entry.id) : undefined;
  if (body !== undefined) route.Content = createComponent(() => renderTemplate`${unescapeHTML(body)}`);
  const pages = await currentPages();
  const [overview] = route.sidebar;
  route.sidebar = [...(overview ? [overview] : []), ...liveSections(pages, import.meta.env.BASE_URL, context.url.pathname)];
  const links = flattenLinks(route.sidebar) as (typeof route.pagination)['prev'][];
  const at = links.findIndex((l) => l?.isCurrent);
  route.pagination = at < 0 ? { prev: undefined, next: undefined } : { prev: links[at - 1], next: links[at + 1] };
});
