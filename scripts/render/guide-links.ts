/**
 * Relative links of the flake's own Markdown (and of raw HTML in it), made to work on the site: a link to another Markdown
 * file the site publishes goes to its page (a guide, or the roadmap), a link to any other flake file
 * goes to its source on the forge, and one that leaves the flake or has nowhere to go keeps its text
 * only. Images by relative path are not served by the site: their alternative text stays.
 */
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import GithubSlugger from 'github-slugger';
import { parseGuide, plainText } from '../extract/guides.ts';
import type { FlakeModel, Guide } from '../model/index.ts';
import type { EntityRef, Router } from './router.ts';

/** A URL with a scheme (`https:`, `mailto:`, `host:`), protocol-relative, or a same-page anchor: not a flake path. */
const NOT_RELATIVE = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** What resolving relative links needs. */
export interface FlakeLinks {
  model: FlakeModel;
  router: Router;
  /** The forge URL of a flake file, when the site knows its repository. */
  source?: (file: string) => string | undefined;
}

/** The site URL of a flake file that has a page of its own, and the guide it is when it is one. */
function pageOf(links: FlakeLinks, file: string): { href: string; guide?: Guide } | undefined {
  const { model, router } = links;
  const guide = model.guides.find((g) => g.file === file);
  if (guide) return { href: router.href({ kind: 'guide', id: guide.id }), guide };
  const docs = model.roadmap?.documents ?? [];
  const doc = docs.find((d) => d.file === file);
  if (!doc) return undefined;
  const ref: EntityRef = docs.length === 1 ? { kind: 'roadmap' } : { kind: 'roadmap', doc: doc.id };
  return { href: router.href(ref) };
}

/** The ids the site gives a guide's headings (github-slugger over their text, in order, as Starlight does), its title's left out. */
const anchorCache = new WeakMap<Guide, Set<string>>();
function anchorsOf(guide: Guide): Set<string> {
  let found = anchorCache.get(guide);
  if (found) return found;
  found = new Set();
  if (guide.body !== null) {
    const slugger = new GithubSlugger();
    let first = true;
    for (const node of parseGuide(guide.body, guide.format).children) {
      if (node.type !== 'heading') continue;
      const title = plainText(node).trim();
      // The page drops a first `#` heading that is its title (it is the page's own title).
      if (first && node.depth === 1 && title === guide.title) {
        first = false;
        continue;
      }
      first = false;
      if (title) found.add(slugger.slug(title));
    }
  }
  anchorCache.set(guide, found);
  return found;
}

/**
 * Rewrites the relative links and images of one Markdown file of the flake, in place, whether written
 * in Markdown or as raw HTML (the tree is the sanitized HTML). A path with a leading `/` is from the
 * repository's top, as GitHub reads it; the site's own URLs (which end in `/`) are left alone. An
 * anchor is kept only when the page has it, so no link can lead to a missing section.
 * @param tree the file's HTML tree
 * @param guide the guide the tree is of
 * @param links the model, router and forge links
 */
export function resolveFlakeLinks(tree: HastRoot, guide: Guide, links: FlakeLinks): void {
  const from = path.posix.dirname(guide.file);
  const visit = (parent: HastRoot | Element) => {
    parent.children = parent.children.flatMap((node): ElementContent[] => {
      if (node.type !== 'element') return [node as ElementContent];
      visit(node);
      const attr = node.tagName === 'a' ? 'href' : node.tagName === 'img' ? 'src' : undefined;
      const url = attr && node.properties[attr];
      if (typeof url !== 'string') return [node];
      const [pathPart, hash] = splitHash(url);
      if (url.startsWith('#')) {
        // A section of this very page: its title's anchor is the top of the page.
        if (hash === '_top' || anchorsOf(guide).has(hash)) return [node];
        if (new GithubSlugger().slug(guide.title) === hash) {
          node.properties.href = '#_top';
          return [node];
        }
        return node.children;
      }
      const rooted = url.startsWith('/') && !url.startsWith('//');
      if ((rooted && pathPart.split('?')[0]!.endsWith('/')) || (!rooted && NOT_RELATIVE.test(url))) return [node];
      // The site does not serve the flake's files: an image keeps its alternative text.
      if (node.tagName === 'img') return typeof node.properties.alt === 'string' && node.properties.alt ? [{ type: 'text', value: node.properties.alt }] : [];
      let target: string;
      try {
        const wanted = decodeURIComponent(pathPart.split('?')[0]!);
        target = path.posix.normalize(rooted ? wanted.slice(1) : path.posix.join(from, wanted)).replace(/\/$/, '');
      } catch {
        target = '..';
      }
      const inside = target !== '..' && !target.startsWith('../');
      const page = inside ? pageOf(links, target) : undefined;
      // An anchor into another guide is kept when that guide has the section; else the link goes to its top.
      const anchor = hash && page && (!page.guide || anchorsOf(page.guide).has(hash)) ? `#${hash}` : '';
      const href = page ? `${page.href}${anchor}` : inside ? links.source?.(target === '.' ? '' : target) : undefined;
      if (!href) return node.children;
      node.properties.href = href;
      if (!page) node.properties.rel = ['noopener', 'noreferrer'];
      return [node];
    });
  };
  visit(tree);
}

function splitHash(url: string): [string, string] {
  const i = url.indexOf('#');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}
