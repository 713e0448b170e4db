/**
 * Building blocks of index pages (options, hosts, profiles, tickets), whose weight must not grow with
 * the flake: tables a reader can filter in the browser, and a list cut into pages.
 */
import { attr, link, SPACE } from './mdx.ts';

/**
 * Wraps Markdown tables so the site's filter script (scripts/site/table-filter.ts) puts a filter box
 * above them. Without JavaScript there is no box and every row shows.
 * @param label what the box filters, as its label and placeholder (`Filter hosts`)
 * @param body the Markdown lines holding the tables
 */
export function filterable(label: string, body: string[]): string[] {
  return [`<div class="fd-filterable" ${attr('data-fd-filter', label)}>`, '', ...body, '', '</div>', ''];
}

/**
 * Splits `rows` into pages of at most `perPage` (always at least one page, maybe empty).
 * @param rows the rows in order
 * @param perPage the most rows a page holds
 */
export function paginate<T>(rows: T[], perPage: number): T[][] {
  if (!(perPage >= 1)) throw new Error(`paginate: perPage must be at least 1, got ${perPage}`);
  const pages: T[][] = [];
  for (let i = 0; i < rows.length; i += perPage) pages.push(rows.slice(i, i + perPage));
  return pages.length ? pages : [[]];
}

/**
 * Links to every page of a paginated list, the current one marked, or nothing for a single page.
 * @param hrefs each page's href, in order
 * @param current the 1-based page shown
 * @param label what the pages hold, for screen readers (`Pages of the module list`)
 */
export function pageLinks(hrefs: string[], current: number, label: string): string {
  if (hrefs.length < 2) return '';
  // Past a dozen pages: the first, the last and the two either side of the current one, so a list of
  // a thousand pages does not repeat a thousand links on each of them.
  const shown = (n: number) => hrefs.length <= PAGE_LINKS_ALL || n === 1 || n === hrefs.length || Math.abs(n - current) <= 2;
  const items: string[] = [];
  hrefs.forEach((href, i) => {
    if (!shown(i + 1)) {
      if (shown(i)) items.push('…');
      return;
    }
    items.push(i + 1 === current ? `<span aria-current="page">${i + 1}</span>` : link(href, String(i + 1)));
  });
  return `<nav class="fd-pages" ${attr('aria-label', label)}>Pages:${SPACE}${items.join(SPACE)}</nav>`;
}

/** Up to this many pages, every page is linked from each. */
const PAGE_LINKS_ALL = 12;
