/**
 * Safe building blocks for generated MDX. Everything that comes from the flake is untrusted: text goes
 * into pages only as JavaScript string expressions (`{"…"}`), never as raw MDX, and markdown is
 * rendered to sanitized HTML first (see `markdown.ts`).
 */

/** A page written into the generated content folder. */
export interface GeneratedPage {
  /** Path of the file relative to the generated folder, e.g. `tickets/INFRA-2.mdx`. */
  path: string;
  /** The whole MDX source, frontmatter included. */
  content: string;
}

/** An MDX expression that renders `text` as plain text, whatever characters it holds. */
export function text(value: string): string {
  return `{${jsString(value)}}`;
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
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value.replace(/\s+/g, ' ')}${pad}${fence}`;
}

/** An MDX attribute `name={"value"}`. */
export function attr(name: string, value: string): string {
  return `${name}={${jsString(value)}}`;
}

/** An element whose inner HTML is `html`, which must already be sanitized. */
export function rawHtml(html: string, tag = 'div', className?: string): string {
  const cls = className ? ` ${attr('class', className)}` : '';
  return `<${tag}${cls} set:html={${jsString(html)}} />`;
}

/** YAML frontmatter from a flat record; values are JSON-encoded, which YAML reads as strings, numbers and booleans. */
export function frontmatter(data: Record<string, unknown>): string {
  const lines = Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `---\n${lines.join('\n')}\n---\n`;
}

/** A fenced mermaid block; the site renders it to SVG at build time. */
export function mermaid(source: string): string {
  return `\n\`\`\`mermaid\n${source.replace(/```/g, "'''")}\n\`\`\`\n`;
}

/** A link to `href` whose label is untrusted text. */
export function link(href: string, label: string): string {
  return `<a ${attr('href', href)}>${text(label)}</a>`;
}

/**
 * A space between tags and expressions inside an HTML block (`<dl>…</dl>`): MDX drops text that is
 * only whitespace there, so `</span> <a>` would render as `</span><a>`.
 */
export const SPACE = '{" "}';
