/** Test helper: a generated Markdown page rendered to HTML by the site's own page compiler (scripts/site/prerender.ts). */
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { attr, inlineSafeHtml, link, SPACE, text } from '../../scripts/render/mdx.ts';
import { markdownBody, splitFrontmatter } from '../../scripts/site/prerender.ts';

/**
 * The HTML of a generated page's body (frontmatter left out), as the site compiles it, then parsed
 * and written again as a browser would read it, so tests compare elements and text, not how the
 * compiler happened to spell a character.
 */
export function pageToHtml(content: string): string {
  const { data, body } = splitFrontmatter(content);
  return toHtml(fromHtml(markdownBody(body, data.headingIds === 'verbatim').html, { fragment: true })).trimEnd();
}

/** Throws when a page's HTML, as a browser parses it, holds an active element, an event handler or a `javascript:` link. */
export function assertInert(html: string, where: string): void {
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
    if (/^(script|iframe|object|embed|style|svg|math)$/.test(node.tagName)) throw new Error(`${where}: a <${node.tagName}> element in ${html}`);
    for (const [key, value] of Object.entries(node.properties)) {
      if (/^on/i.test(key)) throw new Error(`${where}: an ${key} handler in ${html}`);
      if (/^javascript:/i.test(String(value).trim())) throw new Error(`${where}: a javascript: URL in ${html}`);
    }
  });
}

/**
 * An expected fragment written in the old MDX form (`{"text"}`, `name={"value"}`, `set:html`) as the
 * Markdown the helpers of scripts/render/mdx.ts write for the same calls: lets a test keep its
 * expectation readable as what the renderer was asked to write.
 */
export function fromMdx(fragment: string): string {
  const elements = fragment
    .replace(new RegExp(`<(\\w+)((?: [\\w-]+=\\{${JS_STRING}\\})*) set:html=\\{(${JS_STRING})\\} />`, 'g'), (_m, tag: string, attrs: string, html: string) => `<${tag}${attributes(attrs)}>${inlineSafeHtml(JSON.parse(html))}</${tag}>`)
    .replace(new RegExp(`<a href=\\{(${JS_STRING})\\}>\\{(${JS_STRING})\\}</a>`, 'g'), (_m, href: string, label: string) => link(JSON.parse(href), JSON.parse(label)));
  return attributes(elements).replace(new RegExp(`\\{(${JS_STRING})\\}`, 'g'), (_m, value: string) => (value === '" "' ? SPACE : text(JSON.parse(value))));
}

/** A JavaScript string literal, as the old MDX helpers wrote them. */
const JS_STRING = '"(?:[^"\\\\]|\\\\.)*"';
/** Every `name={"value"}` of a fragment, as `attr()` writes it. */
const attributes = (fragment: string) => fragment.replace(new RegExp(`([\\w-]+)=\\{(${JS_STRING})\\}`, 'g'), (_m, name: string, value: string) => attr(name, JSON.parse(value)));

/** HTML as a browser reads it, written out again: the same elements and text, however they were spelled. */
export function normalizeHtml(html: string): string {
  return toHtml(fromHtml(html, { fragment: true }));
}
