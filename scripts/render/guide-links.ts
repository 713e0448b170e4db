/**
 * Relative links of the flake's own Markdown (and of raw HTML in it), made to work on the site: a link to another Markdown
 * file the site publishes goes to its page (a guide, or the roadmap), a link to any other flake file
 * goes to its source on the forge, and one that leaves the flake or has nowhere to go keeps its text
 * only. Images by relative path are not served by the site: their alternative text stays.
 */
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { FlakeModel } from '../model/index.ts';
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

/** The site URL of a flake file that has a page of its own. */
function pageOf(links: FlakeLinks, file: string): string | undefined {
  const { model, router } = links;
  const guide = model.guides.find((g) => g.file === file);
  if (guide) return router.href({ kind: 'guide', id: guide.id });
  const docs = model.roadmap?.documents ?? [];
  const doc = docs.find((d) => d.file === file);
  if (!doc) return undefined;
  const ref: EntityRef = docs.length === 1 ? { kind: 'roadmap' } : { kind: 'roadmap', doc: doc.id };
  return router.href(ref);
}

/**
 * Rewrites the relative links and images of one Markdown file of the flake, in place, whether written
 * in Markdown or as raw HTML (the tree is the sanitized HTML).
 * @param tree the file's HTML tree
 * @param file the file, relative to the flake root
 * @param links the model, router and forge links
 */
export function resolveFlakeLinks(tree: HastRoot, file: string, links: FlakeLinks): void {
  const from = path.posix.dirname(file);
  const visit = (parent: HastRoot | Element) => {
    parent.children = parent.children.flatMap((node): ElementContent[] => {
      if (node.type !== 'element') return [node as ElementContent];
      visit(node);
      const attr = node.tagName === 'a' ? 'href' : node.tagName === 'img' ? 'src' : undefined;
      const url = attr && node.properties[attr];
      if (typeof url !== 'string' || NOT_RELATIVE.test(url) || url.startsWith('/')) return [node];
      // The site does not serve the flake's files: an image keeps its alternative text.
      if (node.tagName === 'img') return typeof node.properties.alt === 'string' && node.properties.alt ? [{ type: 'text', value: node.properties.alt }] : [];
      const [pathPart, hash] = splitHash(url);
      let target: string;
      try {
        target = path.posix.normalize(path.posix.join(from, decodeURIComponent(pathPart.split('?')[0]!))).replace(/\/$/, '');
      } catch {
        target = '..';
      }
      const inside = target !== '..' && !target.startsWith('../');
      const page = inside ? pageOf(links, target) : undefined;
      const href = page ? `${page}${hash ? `#${hash}` : ''}` : inside ? links.source?.(target === '.' ? '' : target) : undefined;
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
