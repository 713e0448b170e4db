/**
 * Safe building blocks for generated pages, which are plain Markdown (`.md`): Markdown with raw HTML
 * compiles several times faster than MDX dense with `{"…"}` expressions. Everything that comes from
 * the flake is untrusted: text goes into pages only as character references for every character HTML
 * or Markdown could read as markup (a reference is always literal text to both), never as raw
 * Markdown, and markdown is rendered to sanitized HTML first (see `markdown.ts`).
 */

import { showInvisible } from '../model/names.ts';

/** A page written into the generated content folder. */
export interface GeneratedPage {
  /** Path of the file relative to the generated folder, e.g. `tickets/INFRA-2.md`. */
  path: string;
  /** The whole Markdown source, frontmatter included. */
  content: string;
  /** The renderer that made it (`scripts/render/hosts.ts`), named when a link of its own breaks. */
  generator?: string;
}

/**
 * Characters replaced by numeric references wherever untrusted text goes: HTML's own, Markdown's
 * inline markup (emphasis, code, links, tables, strikethrough, autolinks, escapes) and line breaks,
 * which would end a table row or an HTML block.
 */
const MARKUP = /[&<>"'\\`*_[\]|~#!:@{}\n\r]/g;
/** What makes a line a list item, heading, quote or code block when it starts one: indentation, `-`, `+`, `=`, or digits then `.` or `)`. */
const LINE_START = /^(?:[ \t]+|[-+=]|\d+[.)])/;

const reference = (c: string) => `&#${c.codePointAt(0)};`;

/** HTML and Markdown markup in `value` as character references, wherever in a line it is; invisible characters shown as markers (`⟨U+200B⟩`). */
export function escapeMarkup(value: string): string {
  return showInvisible(value).replace(MARKUP, reference);
}

/** Plain text for a Markdown page, whatever characters `value` holds: shown as written, never read as markup. */
export function text(value: string): string {
  value = showInvisible(value);
  // Text may start a line (a list item's, a table cell's): its start must not begin a block.
  const lead = LINE_START.exec(value)?.[0] ?? '';
  const head = /^\d/.test(lead) ? lead.slice(0, -1) + reference(lead.at(-1)!) : [...lead].map(reference).join('');
  return head + escapeMarkup(value.slice(lead.length));
}

/**
 * A JavaScript string literal for `value`, safe inside MDX expressions and attributes, and inside
 * markdown table cells (where a bare `|` would end the cell before MDX reads the expression).
 */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029<|]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Markdown text for `value` with every ASCII punctuation character backslash-escaped, for places
 * where an expression would show in the table of contents as source (headings).
 */
export function mdText(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!<>|~&"':;=$%^@/,?]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

/** A markdown code span holding `value` literally (code spans are not parsed by MDX). */
export function codeSpan(value: string): string {
  value = showInvisible(value);
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value.replace(/\s+/g, ' ')}${pad}${fence}`;
}

/**
 * What an attribute value must not hold as is: HTML's quotes and markup, `|` (a table splits its
 * cells on it before anything else reads the row) and line breaks (which would end a table row or an
 * HTML block). Markdown reads nothing inside a tag, so the rest (`:` and `#` of URLs) stays.
 */
const ATTRIBUTE = /[&<>"'|\n\r]/g;

/** An HTML attribute `name="value"`, the value escaped. */
export function attr(name: string, value: string): string {
  return `${name}="${value.replace(ATTRIBUTE, reference)}"`;
}

/**
 * An element whose inner HTML is `html`, which must already be sanitized. Kept on one line, so that
 * Markdown reads it as one HTML block (a blank line would end it), with Markdown markup in its text
 * escaped, for when it sits inline (in a table cell or a paragraph) and Markdown reads its text.
 */
export function rawHtml(html: string, tag = 'div', className?: string): string {
  const cls = className ? ` ${attr('class', className)}` : '';
  return `<${tag}${cls}>${inlineSafeHtml(html)}</${tag}>`;
}

/**
 * Sanitized HTML made safe to place inside Markdown: line breaks become references (inside `<pre>`
 * the browser turns them back into line breaks), `|` becomes a reference everywhere (tables split
 * cells on it before anything else), and Markdown markup in text between tags becomes references.
 */
export function inlineSafeHtml(html: string): string {
  // `#` stays: it starts no markup mid-line, and the serializer's own references (`&#x3C;`) hold it.
  return html
    .replace(/(^|>)([^<]*)(?=<|$)/g, (_m, open: string, between: string) => open + between.replace(/[\\`*_[\]~:@]/g, reference))
    .replace(/\r?\n|\r/g, '&#10;')
    .replace(/\|/g, '&#124;');
}

/** YAML frontmatter from a flat record; values are JSON-encoded, which YAML reads as strings, numbers and booleans. */
export function frontmatter(data: Record<string, unknown>): string {
  // Titles and labels are shown in the sidebar, the page's head and search results: invisible characters as markers.
  const lines = Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v, (_key, x: unknown) => (typeof x === 'string' ? showInvisible(x) : x))}`);
  return `---\n${lines.join('\n')}\n---\n`;
}

/** A fenced mermaid block; the site renders it to SVG at build time. */
export function mermaid(source: string): string {
  return `\n\`\`\`mermaid\n${source.replace(/```/g, "'''")}\n\`\`\`\n`;
}

/** A link to `href` whose label is untrusted text. */
export function link(href: string, label: string): string {
  return `<a ${attr('href', href)}>${escapeMarkup(label)}</a>`;
}

/** A space between tags and text inside an HTML block (`<dl>…</dl>`); MDX needed an expression for it, Markdown keeps it as is. */
export const SPACE = ' ';
