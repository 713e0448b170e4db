/**
 * A rehype plugin for pages whose frontmatter says `headingIds: verbatim`: each h2 gets its own text
 * as id, unslugified, so an option's anchor is exactly its name (`#systems.backups.jobs.<name>.paths`),
 * as in the NixOS manual. Astro keeps ids that are already set, and its table of contents follows.
 */
import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Sets verbatim ids on h2 headings of pages that ask for them. */
export function rehypeVerbatimIds() {
  return (tree: Root, file: VFile) => {
    const frontmatter = (file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
    if (frontmatter?.headingIds !== 'verbatim') return;
    visit(tree, 'element', (node) => {
      if (node.tagName === 'h2' && typeof node.properties.id !== 'string') node.properties.id = toString(node).trim();
    });
  };
}
