/**
 * Checks every internal link of the built site: each `href` and `src` of every HTML page (the
 * favicon, stylesheets, scripts, diagram links, generated and hand-written pages alike) must reach a
 * file in the output, and each `#anchor` an id on the page it points to. Run at the end of every build.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../files-under.ts';
import { REPORT } from '../log.ts';
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
  // Only tags with a link attribute match; the rest of a matched tag is searched for a second one.
  for (const m of body.matchAll(/<[a-zA-Z][^>]*?\s(?:href|xlink:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')([^>]*)>/g)) {
    links.push(decodeReferences(m[1] ?? m[2] ?? ''));
    if (/(?:href|src)\s*=/.test(m[3]!)) {
      for (const a of m[3]!.matchAll(/\s(?:href|xlink:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) links.push(decodeReferences(a[1] ?? a[2] ?? ''));
    }
  }
  return links;
}

/** The URL path a built file is served at (`hosts/x/index.html` → `/hosts/x/`). */
function urlOf(file: string, base: string): string {
  return `${base}${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** An absolute link whose path and fragment a URL parser leaves as they are: no dot segments, query or characters it would escape. */
const PLAIN_LINK = /^(\/(?:[\w~%-]+(?:\.[\w~%-]+)*(?:\/[\w~%-]+(?:\.[\w~%-]+)*)*\/?)?)(?:#([\w~.%:-]*))?$/;

/** Where a link's path leads: the built file, or why it leads nowhere. */
type Target = { file: string } | { reason: string };

/**
 * Checks the internal links and anchors of a built site.
 * @param dist the output folder
 * @param base the site's base path (`/` or `/docs/`)
 */
export function checkLinks(dist: string, base = '/'): LinkReport {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  // One listing of the output instead of a file-system lookup per link: 264,000 links at 10,000 options.
  const all = new Set(filesUnder(dist));
  const files = [...all].filter((f) => f.endsWith('.html')).sort();
  const idCache = new Map<string, Set<string>>();
  const ids = (file: string) => {
    let set = idCache.get(file);
    if (!set) idCache.set(file, (set = idsOf(readFileSync(path.join(dist, file), 'utf8'))));
    return set;
  };
  // Most links are absolute and repeat on every page (the sidebar, the header): resolve each path once.
  const targets = new Map<string, Target>();
  const targetOf = (pathname: string): Target => {
    let t = targets.get(pathname);
    if (t) return t;
    if (!pathname.startsWith(prefix)) t = { reason: `outside the site's base ${prefix}` };
    else {
      const rel = path.posix.normalize(pathname.slice(prefix.length)).replace(/^(\.\/?)+/, '');
      if (rel === '' || rel.endsWith('/')) t = all.has(`${rel}index.html`) ? { file: `${rel}index.html` } : { reason: 'no such page or file' };
      else if (all.has(rel)) t = { file: rel };
      else if (all.has(`${rel}/index.html`)) t = { reason: `no trailing slash: the page is ${prefix}${rel}/` };
      else t = { reason: 'no such page or file' };
    }
    targets.set(pathname, t);
    return t;
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
      const fail = (reason: string) => broken.push({ page, link, reason });
      // A plain absolute link (most of them) is its own URL path; anything else is resolved as a browser would.
      const plain = PLAIN_LINK.exec(link);
      const url = plain ? undefined : new URL(link, `http://site.invalid${page}`);
      let pathname: string;
      try {
        pathname = decodeURIComponent(plain ? plain[1]! : url!.pathname);
      } catch {
        fail('the path is not valid percent-encoding');
        continue;
      }
      const target = targetOf(pathname);
      if ('reason' in target) {
        fail(target.reason);
        continue;
      }
      const hash = plain ? (plain[2] ?? '') : url!.hash.slice(1);
      if (!hash || !target.file.endsWith('.html')) continue;
      let anchor: string;
      try {
        anchor = decodeURIComponent(hash);
      } catch {
        anchor = hash;
      }
      if (!ids(target.file).has(anchor)) fail(`no element with id "${anchor}" on ${urlOf(target.file, prefix)}`);
    }
  }
  return { pages: files.length, links: count, broken };
}

/**
 * How the build reports a broken link: on a generated page it is a link of our own making, so an
 * internal error naming the renderer that made it (never the user's fault); else a plain error.
 * @param b the broken link
 * @param generator the renderer of the page, when the page is generated
 */
export function brokenLinkMessage(b: BrokenLink, generator: string | undefined): string {
  const link = `broken link ${JSON.stringify(b.link)}`;
  return generator ? `${b.page} - internal error: ${link} made by ${generator}: ${b.reason}. This is a bug in flake-docs, not in your flake: ${REPORT}` : `${b.page} - error: ${link}: ${b.reason}`;
}
