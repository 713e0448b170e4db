/**
 * Resolves every internal link of the generated pages against the pages and anchors this build
 * generates, before Astro runs: a link the renderer makes must never break. The link check of the
 * built site (scripts/site/link-check.ts) stays the last guard, for everything else.
 */
import { idsOf, linksOf } from '../site/link-check.ts';
import { isPrecompiled, markdownBody, splitFrontmatter } from '../site/prerender.ts';
import { pageUrl } from './index.ts';
import type { GeneratedPage } from './mdx.ts';

/** A link of a generated page that leads to no generated page or anchor. */
export interface GeneratedLinkProblem {
  /** The page's URL path. */
  page: string;
  /** The renderer that made the page. */
  generator: string;
  link: string;
  reason: string;
}

/** What the site has besides the generated pages: URL paths of hand-written pages and files (`/options.json`). */
export interface OtherTargets {
  urls: ReadonlySet<string>;
}

/** Files every build writes beside the pages. */
const BUILD_FILES = ['options.json', 'flake.json'];

/** The `click … href "…"` targets of a page's mermaid diagrams. */
function diagramLinks(content: string): string[] {
  return [...content.matchAll(/^\s*click \S+ href "([^"]*)"/gm)].map((m) => m[1]!);
}

/**
 * Every internal link of `pages` (HTML links and diagram links) that leads to no generated page, no
 * page of `other`, or no id on its target page.
 * @param pages the generated pages
 * @param base the site's base path
 * @param other the hand-written pages and files of the site
 */
export function checkGeneratedLinks(pages: GeneratedPage[], base: string, other: OtherTargets = { urls: new Set() }): GeneratedLinkProblem[] {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const html = new Map<string, { html: string; links: string[]; page: GeneratedPage }>();
  for (const page of pages) {
    const { data, body } = splitFrontmatter(page.content);
    const out = isPrecompiled(page) ? markdownBody(body, data.headingIds === 'verbatim').html : body;
    html.set(pageUrl(page, prefix), { html: out, links: [...linksOf(out), ...diagramLinks(body)], page });
  }
  const ids = new Map<string, Set<string>>();
  const idsAt = (url: string) => {
    let set = ids.get(url);
    // Starlight gives every page's title the id `_top`.
    if (!set) ids.set(url, (set = new Set([...idsOf(html.get(url)!.html), '_top'])));
    return set;
  };
  const files = new Set(BUILD_FILES.map((f) => `${prefix}${f}`));
  const problems: GeneratedLinkProblem[] = [];
  for (const [page, { links, page: source }] of html) {
    for (const link of new Set(links)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//') || link === '#') continue;
      const fail = (reason: string) => problems.push({ page, generator: source.generator ?? 'scripts/render', link, reason });
      const url = new URL(link, `http://site.invalid${page}`);
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        fail('the path is not valid percent-encoding');
        continue;
      }
      if (files.has(pathname) || other.urls.has(pathname)) continue;
      if (!html.has(pathname)) {
        fail(pathname.startsWith(prefix) ? 'no generated page has this path' : `outside the site's base ${prefix}`);
        continue;
      }
      const hash = url.hash.slice(1);
      if (!hash) continue;
      let anchor = hash;
      try {
        anchor = decodeURIComponent(hash);
      } catch {
        /* kept as written */
      }
      if (!idsAt(pathname).has(anchor)) fail(`no element with id "${anchor}" on ${pathname}`);
    }
  }
  return problems;
}
