/**
 * Renders untrusted markdown from the flake (option descriptions, ticket details) to sanitized HTML.
 * Raw HTML in the source is shown as text, as nixos-render-docs does; links keep only safe schemes.
 */
import type { Element, Root as HastRoot } from 'hast';
import type { Root, RootContent, Text } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { markdownToMdast } from 'satteri';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** Resolves `{option}` references to a URL, or undefined to leave them as code. */
export type OptionLinker = (name: string) => string | undefined;

const ROLE = /\{(option|var|env|command|file|manpage)\}$/;

/** Turns raw HTML into text and nixpkgs' `{option}`x`` roles into code (linked by `link` for options). */
function nixMarkdown(link: OptionLinker | undefined) {
  return (tree: Root) => {
    visit(tree, 'html', (node, index, parent) => {
      if (parent && index !== undefined) parent.children[index] = { type: 'text', value: node.value } as Text;
    });
    visit(tree, 'text', (node, index, parent) => {
      if (!parent || index === undefined) return;
      const next = parent.children[index + 1] as RootContent | undefined;
      const m = ROLE.exec(node.value);
      if (!m || next?.type !== 'inlineCode') return;
      node.value = node.value.slice(0, m.index);
      const href = m[1] === 'option' ? link?.(next.value) : undefined;
      if (href) parent.children[index + 1] = { type: 'link', url: href, children: [next] };
    });
  };
}

/** The sanitizer schema for every piece of HTML from the flake: GitHub's, with ids and names prefixed. */
export const sanitizeSchema = {
  ...defaultSchema,
  // No ids or names from untrusted text: they could collide with option anchors.
  clobber: ['id', 'name'],
  clobberPrefix: 'md-',
};

/** Adds rel="noopener" to absolute links, which open the flake author's choice of site. */
export function externalLinks() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a' && typeof node.properties.href === 'string' && /^https?:/.test(node.properties.href)) {
        node.properties.rel = ['noopener', 'noreferrer'];
      }
    });
  };
}

/** The tree half of the pipeline, made once: roles and raw HTML, then HTML, sanitized, with safe links. */
const toHtml = unified().use(remarkRehype).use(rehypeSanitize, sanitizeSchema).use(externalLinks).use(rehypeStringify);

/**
 * Renders markdown to sanitized HTML. Sätteri parses it (GitHub-flavoured, no smart quotes): the JS
 * parser built its extensions again for every description, most of the time of rendering a big flake.
 * @param source the untrusted markdown
 * @param link resolves `{option}` references to URLs
 */
export function markdownToHtml(source: string, link?: OptionLinker): string {
  // `dev` renders every page again after an edit: a description seen before is reused when each
  // option link it looked up still resolves the same way (the only input besides its text).
  const known = rendered.get(source);
  if (known && known.links.every(([name, href]) => link?.(name) === href)) return known.html;
  const links: [string, string | undefined][] = [];
  const recording = (name: string) => {
    const href = link?.(name);
    links.push([name, href]);
    return href;
  };
  const tree = markdownToMdast(source, { features: { gfm: true, frontmatter: false, smartPunctuation: false }, position: false }) as unknown as Root;
  nixMarkdown(recording)(tree);
  const html = String(toHtml.stringify(toHtml.runSync(tree))).trim();
  if (rendered.size >= RENDERED_LIMIT) rendered.clear();
  rendered.set(source, { html, links });
  return html;
}

/** Markdown rendered before, by source: its HTML and the option links it looked up, with their answers. */
const rendered = new Map<string, { html: string; links: [string, string | undefined][] }>();
/** How many renderings are kept (a few times the descriptions of a 10,000-option flake). */
const RENDERED_LIMIT = 50_000;
