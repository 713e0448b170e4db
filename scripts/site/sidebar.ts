/**
 * The sidebar, built from the pages. Starlight's `autogenerate` only sees pages under
 * `src/content/docs/` by their file path, while ours live in `content/` and generated pages set their
 * URL with a `slug`; so each section lists the pages whose slug starts with its folder, ordered by
 * `sidebar.order`, then title, leaving a folder of many hosts, modules or tickets to the section's
 * index page (`FOLDER_PAGE_LIMIT`). The configuration gets it from the files on disk; src/route-data.ts
 * rebuilds it on every request from the live collection, so that `dev` never links a page a broken
 * flake file removed and shows pages that came back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One section of the sidebar: a label and the URL folder whose pages it lists. */
export interface SidebarSection {
  label: string;
  directory: string;
  collapsed?: boolean;
  /** Its pages grow with the flake (a page per host, module, ticket…): a folder of more than `FOLDER_PAGE_LIMIT` of them is left to the section's index page. */
  grows?: boolean;
}

/** What the sidebar needs of a page. */
export interface PageInfo {
  slug: string;
  title: string;
  order: number;
}

/** The sections under the Overview group, in order; empty ones are left out. */
export const SIDEBAR_SECTIONS: SidebarSection[] = [
  { label: 'Setup', directory: 'setup' },
  { label: 'Maintenance', directory: 'maintenance' },
  { label: 'Troubleshooting', directory: 'troubleshooting' },
  { label: 'Recovery', directory: 'recovery', grows: true },
  { label: 'Guides', directory: 'guides' },
  { label: 'Hosts', directory: 'hosts', grows: true },
  { label: 'Profiles', directory: 'profiles', collapsed: true, grows: true },
  { label: 'Options', directory: 'options', grows: true },
  { label: 'Secrets', directory: 'secrets' },
  { label: 'Roadmap', directory: 'roadmap', grows: true },
  { label: 'Tickets', directory: 'tickets', collapsed: true, grows: true },
];

/**
 * A page's sidebar facts from its frontmatter, or undefined when it is hidden or a draft.
 * @param slug the page's slug
 * @param data the page's frontmatter
 */
export function pageInfo(slug: string, data: Record<string, any>): PageInfo | undefined {
  if (data.sidebar?.hidden || data.draft) return undefined;
  return {
    slug,
    title: String(data.sidebar?.label ?? data.title ?? slug),
    order: typeof data.sidebar?.order === 'number' ? data.sidebar.order : Number.MAX_SAFE_INTEGER,
  };
}

/** Reads the slug, title and sidebar order of every page under `dir`, skipping hidden ones. */
export function readPages(dir: string): PageInfo[] {
  const pages: PageInfo[] = [];
  let files: string[];
  try {
    files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  } catch {
    return pages;
  }
  for (const rel of files) {
    if (!/\.mdx?$/.test(rel)) continue;
    const text = readFileSync(path.join(dir, rel), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    const data = (match ? parse(match[1]!) : {}) ?? {};
    const fromPath = rel.split(path.sep).join('/').replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '').toLowerCase();
    const info = pageInfo(typeof data.slug === 'string' ? data.slug : fromPath, data);
    if (info) pages.push(info);
  }
  return pages;
}

/**
 * How many pages of one folder (`hosts/*`, `options/nixos/*`, `recovery/hosts/*`, `tickets/*`) the
 * sidebar lists before it lists none of them. Every page carries the whole sidebar, so listing every
 * host, module and ticket made each page's weight, and the site's, grow with the flake (229 KB of
 * sidebar per page at 10,000 options); the section's index page lists and filters them instead. 24
 * keeps the sample flake's 22 tickets listed.
 */
export const FOLDER_PAGE_LIMIT = 24;

/** The folder a slug's page sits in (`hosts/cronut` → `hosts`). */
function folderOf(slug: string): string {
  const at = slug.lastIndexOf('/');
  return at < 0 ? '' : slug.slice(0, at);
}

/**
 * The pages a section lists: all of them, except, in a section that grows with the flake, the pages
 * of any folder holding more than `limit`; the section's own page (`hosts`, `tickets`) always stays.
 * @param pages the section's pages
 * @param section the section
 * @param limit how many pages of one folder are listed at most
 */
export function sectionEntries(pages: PageInfo[], section: SidebarSection, limit = FOLDER_PAGE_LIMIT): PageInfo[] {
  if (!section.grows) return pages;
  const perFolder = new Map<string, number>();
  for (const p of pages) perFolder.set(folderOf(p.slug), (perFolder.get(folderOf(p.slug)) ?? 0) + 1);
  return pages.filter((p) => p.slug === section.directory || perFolder.get(folderOf(p.slug))! <= limit);
}

/**
 * The non-empty sections with the pages they list, in sidebar order.
 * @param pages every page
 * @param sections the groups, in order
 * @param limit how many pages of one folder a growing section lists at most
 */
export function groupPages(pages: PageInfo[], sections: SidebarSection[] = SIDEBAR_SECTIONS, limit = FOLDER_PAGE_LIMIT): { label: string; collapsed: boolean; pages: PageInfo[] }[] {
  const usual = sections === SIDEBAR_SECTIONS && limit === FOLDER_PAGE_LIMIT;
  const memo = usual ? grouped.get(pages) : undefined;
  if (memo) return memo;
  const groups = sections
    .map((section) => ({
      label: section.label,
      collapsed: section.collapsed ?? false,
      pages: sectionEntries(
        pages
          .filter((p) => p.slug === section.directory || p.slug.startsWith(`${section.directory}/`))
          .sort((a, b) => a.order - b.order || collator.compare(a.title, b.title) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
        section,
        limit,
      ),
    }))
    .filter((group) => group.pages.length);
  if (usual) grouped.set(pages, groups);
  return groups;
}

/** Titles in natural order (`host2` before `host10`); one collator, as `localeCompare` with options builds one per call. */
const collator = new Intl.Collator('en', { numeric: true });
/** The default grouping of a page list, kept while the list lives: a build asks for it once per page. */
const grouped = new WeakMap<PageInfo[], { label: string; collapsed: boolean; pages: PageInfo[] }[]>();

/**
 * Starlight sidebar groups for the configuration, from the pages under `contentDir`.
 * @param contentDir the docs collection's folder (hand-written and generated pages)
 */
export function buildSidebar(contentDir: string) {
  // Links, not `slug` items: Starlight throws on every page when a slug item's page is gone.
  return groupPages(readPages(contentDir)).map(({ label, collapsed, pages }) => ({
    label,
    collapsed,
    items: pages.map((p) => ({ label: p.title, link: `/${p.slug}/` })),
  }));
}
