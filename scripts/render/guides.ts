/**
 * Pages for the flake's own guides. A guide's Markdown is turned into sanitized HTML here (never
 * compiled as MDX): headings become escaped Markdown headings, so the table of contents and search see
 * them; fenced code stays fenced code (mermaid blocks become diagrams); everything else is sanitized
 * HTML in a JavaScript string. A guide that extraction rejected becomes a page that shows why.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import { toString } from 'hast-util-to-string';
import type { Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { parseGuide, plainText } from '../extract/guides.ts';
import type { Guide } from '../model/index.ts';
import { resolveFlakeLinks } from './guide-links.ts';
import { type LiveData, resolveLiveData } from './guide-live.ts';
import { externalLinks, sanitizeSchema } from './markdown.ts';
import { frontmatter, type GeneratedPage, link, mdText, mermaid, rawHtml, text } from './mdx.ts';
import type { Router } from './router.ts';

const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'hr', 'img', 'input', 'source', 'track', 'wbr']);

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Replaces MDX's HTML-like elements (`<details>`, checked to have literal attributes only) by raw
 * HTML around their children, so they reach the same sanitizer as HTML in a `.md` guide.
 */
function lowerJsx(parent: { children: RootContent[] }): void {
  const out: RootContent[] = [];
  for (const child of parent.children) {
    // A line holding only an element (`<summary>…</summary>`) is a paragraph to MDX; HTML has none there.
    if (child.type === 'paragraph' && child.children.every((c) => c.type === 'mdxJsxTextElement' || (c.type === 'text' && !c.value.trim()))) {
      const inner = { children: child.children as RootContent[] };
      lowerJsx(inner);
      out.push(...inner.children);
      continue;
    }
    if ('children' in child) lowerJsx(child as { children: RootContent[] });
    if (child.type !== 'mdxJsxFlowElement' && child.type !== 'mdxJsxTextElement') {
      out.push(child);
      continue;
    }
    const el = child as MdxJsxFlowElement | MdxJsxTextElement;
    const name = el.name ?? 'span';
    const attributes = (el.attributes as MdxJsxAttribute[])
      .filter((a) => a.type === 'mdxJsxAttribute' && (a.value === null || typeof a.value === 'string'))
      .map((a) => ` ${a.name.replace(/[^\w:-]/g, '')}="${escapeAttribute((a.value as string | null) ?? '')}"`)
      .join('');
    out.push({ type: 'html', value: `<${name}${attributes}>` }, ...(el.children as RootContent[]));
    if (!VOID_ELEMENTS.has(name)) out.push({ type: 'html', value: `</${name}>` });
  }
  parent.children = out;
}

/**
 * The sanitized HTML tree of a guide's body, without its first heading when that heading is the title.
 * @param guide an accepted guide (its `body` is not null)
 * @param live the model and router that resolve `host:` links and live-data components; without it they stay unresolved
 */
export function guideTree(guide: Guide & { body: string }, live?: LiveData): HastRoot {
  const tree: Root = parseGuide(guide.body, guide.format);
  const first = tree.children.findIndex((n) => n.type !== 'html' || n.value.trim());
  const head = tree.children[first];
  if (head?.type === 'heading' && head.depth === 1 && plainText(head).trim() === guide.title) tree.children.splice(first, 1);
  if (live) resolveLiveData(tree, live);
  lowerJsx(tree);
  const processor = unified()
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeSanitize, sanitizeSchema)
    .use(externalLinks);
  const html = processor.runSync(tree) as HastRoot;
  if (live) resolveFlakeLinks(html, guide, live);
  return html;
}

/** A fenced code block holding `code` literally, fenced longer than any backtick run inside. */
function fence(code: string, lang: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${lang}\n${code}\n${marks}`;
}

/** The language of a sanitized `<pre><code class="language-x">`, or undefined for other elements. */
function codeBlock(node: HastContent): { lang: string; code: string } | undefined {
  if (node.type !== 'element' || node.tagName !== 'pre') return undefined;
  const code = node.children.find((c): c is Element => c.type === 'element');
  if (!code || code.tagName !== 'code') return undefined;
  const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
  const lang = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length) ?? '';
  return { lang: /^[\w+-]{1,30}$/.test(lang) ? lang : '', code: toString(code).replace(/\n$/, '') };
}

/**
 * The MDX body of a guide page: headings and code as escaped Markdown, the rest as sanitized HTML
 * strings (`set:html`), so nothing from the guide is ever read as MDX.
 */
export function guideBody(tree: HastRoot): string {
  const blocks: string[] = [];
  let html: ElementContent[] = [];
  const flush = () => {
    if (html.some((n) => n.type !== 'text' || n.value.trim())) {
      blocks.push(rawHtml(unified().use(rehypeStringify).stringify({ type: 'root', children: html }).trim()));
    }
    html = [];
  };
  for (const node of tree.children) {
    const heading = node.type === 'element' ? /^h([1-6])$/.exec(node.tagName) : null;
    const code = codeBlock(node);
    if (heading) {
      flush();
      const title = toString(node).trim();
      if (title) blocks.push(`${'#'.repeat(Number(heading[1]))} ${mdText(title)}`);
    } else if (code) {
      flush();
      blocks.push(code.lang === 'mermaid' ? mermaid(code.code).trim() : fence(code.code, code.lang));
    } else if (node.type !== 'doctype') {
      html.push(node as ElementContent);
    }
  }
  flush();
  return blocks.join('\n\n');
}

/**
 * Renders one page per guide under `/guides/`.
 * @param guides the guides of the model
 * @param router for the slug of each guide and the link to the diagnostics page
 * @param live the model, for the guides' references to hosts, options, secrets, tickets and profiles
 */
export function renderGuides(guides: Guide[], router: Router, live?: LiveData): GeneratedPage[] {
  return guides.map((guide) => {
    const slug = router.slug({ kind: 'guide', id: guide.id });
    const head = frontmatter({
      title: guide.title,
      description: guide.description ?? undefined,
      slug,
      sidebar: guide.order === null ? undefined : { order: guide.order },
    });
    const body =
      guide.body === null
        ? // Starlight's danger aside, written as the HTML its `:::danger` directive gives.
          `<aside aria-label="This guide is not published" class="starlight-aside starlight-aside--danger"><p class="starlight-aside__title" aria-hidden="true">This guide is not published</p><div class="starlight-aside__content"><p>${text(guide.error ?? 'it could not be read')}</p><p>Flake guides are content, not code: see the ${link(router.href({ kind: 'diagnostics' }), 'diagnostics')}.</p></div></aside>`
        : guideBody(guideTree(guide as Guide & { body: string }, live));
    return { path: `${slug}.md`, content: `${head}\n${body}\n` };
  });
}
