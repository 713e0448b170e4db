/**
 * Checks every internal link of the built site: each `href` and `src` of every HTML page (the
 * favicon, stylesheets, scripts, diagram links, generated and hand-written pages alike) must reach a
 * file in the output, and each `#anchor` an id on the page it points to. Run at the end of every build.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeReferences } from './references.ts';

/** One link that leads nowhere. */
export interface BrokenLink {
  /** The page's URL path, e.g. `/hosts/rich-evans/`. */
  page: string;
  /** The link as written in the page. */
  link: string;
  reason: string;
}

/** What the check looked at and what it found. */
export interface LinkReport {
  pages: number;
  links: number;
  broken: BrokenLink[];
}

/** The ids (and `<a name>`s) of a page. */
export function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const m of html.matchAll(/<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) ids.add(decodeReferences(m[1] ?? m[2] ?? ''));
  return ids;
}

/** The `href`, `xlink:href` and `src` values of a page's tags, outside scripts and styles. */
export function linksOf(html: string): string[] {
  const body = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, (tag) => tag.replace(/>[\s\S]*<\//, '></'));
  const links: string[] = [];
  for (const m of body.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const a of m[0].matchAll(/\s(?:href|xlink:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) links.push(decodeReferences(a[1] ?? a[2] ?? ''));
  }
  return links;
}

/** Every `.html` file under `dir`, relative, with `/` separators. */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.html'))
    .sort();
}

/** The URL path a built file is served at (`hosts/x/index.html` → `/hosts/x/`). */
function urlOf(file: string, base: string): string {
  return `${base}${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/**
 * Checks the internal links and anchors of a built site.
 * @param dist the output folder
 * @param base the site's base path (`/` or `/docs/`)
 */
export function checkLinks(dist: string, base = '/'): LinkReport {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const files = htmlFiles(dist);
  const idCache = new Map<string, Set<string>>();
  const ids = (file: string) => {
    let set = idCache.get(file);
    if (!set) idCache.set(file, (set = idsOf(readFileSync(path.join(dist, file), 'utf8'))));
    return set;
  };
  const broken: BrokenLink[] = [];
  let count = 0;
  for (const file of files) {
    const page = urlOf(file, prefix);
    const html = readFileSync(path.join(dist, file), 'utf8');
    for (const link of new Set(linksOf(html))) {
      // External links, mail and data URLs are not ours to check; a protocol-relative URL is external too.
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) continue;
      count++;
      const url = new URL(link, `http://site.invalid${page}`);
      const fail = (reason: string) => broken.push({ page, link, reason });
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        fail('the path is not valid percent-encoding');
        continue;
      }
      if (!pathname.startsWith(prefix)) {
        fail(`outside the site's base ${prefix}`);
        continue;
      }
      const rel = pathname.slice(prefix.length);
      let target: string | undefined;
      const abs = path.join(dist, rel);
      if (rel === '' || rel.endsWith('/')) target = existsSync(path.join(abs, 'index.html')) ? `${rel}index.html` : undefined;
      else if (existsSync(abs) && statSync(abs).isFile()) target = rel;
      else if (existsSync(path.join(abs, 'index.html'))) {
        fail(`no trailing slash: the page is ${prefix}${rel}/`);
        continue;
      }
      if (target === undefined) {
        fail('no such page or file');
        continue;
      }
      const hash = url.hash.slice(1);
      if (!hash || !target.endsWith('.html')) continue;
      let anchor: string;
      try {
        anchor = decodeURIComponent(hash);
      } catch {
        anchor = hash;
      }
      if (!ids(target).has(anchor)) fail(`no element with id "${anchor}" on ${urlOf(target, prefix)}`);
    }
  }
  return { pages: files.length, links: count, broken };
}
