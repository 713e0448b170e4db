/**
 * The sidebar, built from the pages on disk. Starlight's `autogenerate` only sees pages under
 * `src/content/docs/` by their file path, while ours live in `content/` and generated pages set their
 * URL with a `slug`; so each section lists the pages whose slug starts with its folder, ordered by
 * `sidebar.order`, then title.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One section of the sidebar: a label and the URL folder whose pages it lists. */
export interface SidebarSection {
  label: string;
  directory: string;
  collapsed?: boolean;
}

interface PageInfo {
  slug: string;
  title: string;
  order: number;
}

/** Reads the slug, title and sidebar order of every page under `dir`, skipping hidden ones. */
export function readPages(dir: string): PageInfo[] {
  const pages: PageInfo[] = [];
  let files: string[];
  try {
    files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return pages;
  }
  for (const rel of files) {
    if (!/\.mdx?$/.test(rel)) continue;
    const text = readFileSync(path.join(dir, rel), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    const data = (match ? parse(match[1]!) : {}) ?? {};
    if (data.sidebar?.hidden || data.draft) continue;
    const fromPath = rel.split(path.sep).join('/').replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '').toLowerCase();
    pages.push({
      slug: typeof data.slug === 'string' ? data.slug : fromPath,
      title: String(data.sidebar?.label ?? data.title ?? fromPath),
      order: typeof data.sidebar?.order === 'number' ? data.sidebar.order : Number.MAX_SAFE_INTEGER,
    });
  }
  return pages;
}

/**
 * Starlight sidebar groups for `sections`, from the pages under `contentDir`.
 * @param contentDir the docs collection's folder (hand-written and generated pages)
 * @param sections the groups, in order
 */
export function buildSidebar(contentDir: string, sections: SidebarSection[]) {
  const pages = readPages(contentDir);
  return sections.map(({ label, directory, collapsed = false }) => ({
    label,
    collapsed,
    items: pages
      .filter((p) => p.slug === directory || p.slug.startsWith(`${directory}/`))
      .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, 'en', { numeric: true }))
      .map((p) => ({ slug: p.slug })),
  }));
}
