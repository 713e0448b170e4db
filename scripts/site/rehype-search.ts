/**
 * A rehype plugin that tells Pagefind what kind of page it is indexing (a `kind` filter: Options,
 * Hosts, Tickets, Secrets, Guides, Diagnostics), so the search box can narrow results to one kind.
 */
import type { Element, Root } from 'hast';
import path from 'node:path';
import type { VFile } from 'vfile';

/** The search filter a content file belongs to, from its path under the content folder. */
export function searchKind(file: string): string {
  const parts = file.split(path.sep).join('/').split('/');
  const at = parts.lastIndexOf('content');
  const rel = at >= 0 ? parts.slice(at + 1) : parts;
  const [top, second] = rel[0] === 'generated' ? rel.slice(1) : rel;
  const key = second === undefined ? (top ?? '').replace(/\.mdx?$/, '') : top;
  switch (key) {
    case 'options':
      return 'Options';
    case 'hosts':
    case 'profiles':
      return 'Hosts';
    case 'tickets':
    case 'roadmap':
      return 'Tickets';
    case 'secrets':
      return 'Secrets';
    case 'diagnostics':
      return 'Diagnostics';
    default:
      return 'Guides';
  }
}

/** Adds the kind filter to every page. */
export function rehypeSearch() {
  return (tree: Root, file: VFile) => {
    const filter: Element = { type: 'element', tagName: 'span', properties: { dataPagefindFilter: `kind:${searchKind(file.path ?? '')}`, hidden: true }, children: [] };
    tree.children.unshift(filter);
  };
}
