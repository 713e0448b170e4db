/**
 * Reads the flake's own guides (the configured `guides` folder) as content, never as code: Markdown
 * and MDX are parsed here, and a guide with `import`/`export`, `{expressions}`, components outside the
 * allow-list or script-bearing HTML is rejected with an error naming the flake file and line. The site
 * then publishes it as a page that shows the error, and everything else still builds.
 */
import { existsSync, realpathSync } from 'node:fs';
import { allocateSlugs } from '../model/names.ts';
import { listFlakeFiles, readRegularFile } from '../nix/fs-guard.ts';
import { SecretPolicy } from '../nix/secret-files.ts';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import type { Element } from 'hast';
import type { Nodes, Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute } from 'mdast-util-mdx-jsx';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { decodeCharacterReferences, looksLikeMarkup } from '../html-text.ts';
import { diagramHazards } from '../mermaid-safety.ts';
import type { Guide } from '../model/guides.ts';
// Parsed in linear time: micromark's edit of the event list no longer copies the whole document.
import '../markdown-linear.ts';

/**
 * Components a flake guide may use, with literal attributes only: the live-data components, which
 * rendering replaces by links and lists from the model (see guide-refs.ts); lower-case names are
 * HTML and go through the sanitizer.
 */
export const ALLOWED_COMPONENTS: ReadonlySet<string> = new Set(['HostLink', 'ProfileLink', 'OptionLink', 'SecretLink', 'TicketLink', 'RebuildCommand', 'HostList']);

/** URL schemes of references to the flake itself (`host:rich-evans`), resolved by the router at render time. */
export const REF_SCHEMES: ReadonlySet<string> = new Set(['host', 'option', 'secret', 'ticket', 'profile']);

/** Guides larger than this are not read (a guide is prose; this bounds the work on hostile input). */
const MAX_GUIDE_BYTES = 1_000_000;
/** At most this many files and folders are looked at in the guides folder. */
const MAX_ENTRIES = 10_000;
/** At most this many violations are reported per guide; the first is enough to reject it. */
const MAX_VIOLATIONS = 20;

/** Elements that carry scripts, foreign documents or page-wide effects: never allowed in a guide. */
const UNSAFE_TAGS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'base', 'meta',
  'link', 'form', 'noscript', 'template', 'portal',
]);
/** Attributes whose value is fetched or followed as a URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'cite', 'data', 'ping', 'srcset', 'longdesc', 'manifest']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Parses a guide's Markdown (`md`) or MDX (`mdx`) to mdast, with GitHub-flavoured Markdown. MDX
 * syntax errors throw the parser's message, which carries `line` and `column`.
 * @param text the guide without its frontmatter
 * @param format which syntax the file is written in
 */
export function parseGuide(text: string, format: Guide['format']): Root {
  const processor = format === 'mdx' ? unified().use(remarkParse).use(remarkMdx).use(remarkGfm) : unified().use(remarkParse).use(remarkGfm);
  return processor.parse(text) as Root;
}

/** The plain text of an mdast node (for titles): its text and inline code, concatenated. */
export function plainText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode')) return node.value;
  return 'children' in node ? node.children.map((child) => plainText(child as Nodes)).join('') : '';
}

/** The scheme of a URL (`javascript`), ignoring the blanks and control characters browsers ignore; undefined when relative. */
function schemeOf(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f]+/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
}

/** Why a URL may not appear in a guide, or undefined when it may. */
function unsafeUrl(url: string): string | undefined {
  const scheme = schemeOf(url);
  return scheme && !SAFE_SCHEMES.has(scheme) && !REF_SCHEMES.has(scheme) ? `a ${scheme}: URL` : undefined;
}

/** Why an HTML element with these attributes may not appear in a guide, or undefined when it may. */
function unsafeElement(tag: string, attributes: [string, string][]): string | undefined {
  const name = tag.toLowerCase();
  if (UNSAFE_TAGS.has(name)) return `a <${name}> element`;
  for (const [attr, value] of attributes) {
    const a = attr.toLowerCase();
    if (a.startsWith('on')) return `an event handler (${a}) on <${name}>`;
    if (a === 'srcdoc') return `a srcdoc document on <${name}>`;
    if (URL_ATTRIBUTES.has(a)) {
      const bad = a === 'srcset' ? value.split(',').map((part) => unsafeUrl(part.trim())).find(Boolean) : unsafeUrl(value);
      if (bad) return `${bad} in ${a} on <${name}>`;
    }
  }
  return undefined;
}

/** Why a fragment of raw HTML may not appear in a guide, or undefined when it may. */
function unsafeHtml(html: string): string | undefined {
  let reason: string | undefined;
  visit(fromHtml(html, { fragment: true }), 'element', (el: Element) => {
    reason ??= unsafeElement(el.tagName, Object.entries(el.properties).map(([k, v]) => [hastAttributeName(k), Array.isArray(v) ? v.join(' ') : String(v)]));
  });
  // A tag the HTML parser dropped or moved is still refused by its name.
  const tag = /<\s*(script|iframe|svg|object|embed)\b/i.exec(html)?.[1];
  return reason ?? (tag ? `a <${tag.toLowerCase()}> element` : undefined);
}

/** hast property names (`onError`, `xLinkHref`, `srcDoc`) back to HTML attribute names, as far as the checks need. */
function hastAttributeName(property: string): string {
  if (property === 'xLinkHref') return 'xlink:href';
  return property.toLowerCase();
}

interface Violation {
  line: number;
  column: number;
  code: string;
  message: string;
}

/** Every construct of a parsed guide that would run code or script in the reader's browser. */
export function findViolations(tree: Root): Violation[] {
  const found: Violation[] = [];
  const add = (node: Nodes, code: string, message: string) => {
    const start = node.position?.start;
    found.push({ line: start?.line ?? 1, column: start?.column ?? 1, code, message });
  };
  visit(tree, (node: Nodes) => {
    switch (node.type) {
      case 'mdxjsEsm':
        add(node, 'guides/esm', 'import/export is not allowed in a flake guide: guides are content, not code');
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        add(node, 'guides/expression', `a {…} expression is not allowed in a flake guide (write \\{ for a literal brace): {${node.value.slice(0, 40)}}`);
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const name = node.name ?? '';
        const isHtml = /^[a-z][a-z0-9-]*$/.test(name);
        if (!isHtml && !ALLOWED_COMPONENTS.has(name)) {
          const what = name ? `the component <${name}>` : 'a fragment <>';
          add(node, 'guides/component', `${what} is not allowed in a flake guide (allowed components: ${[...ALLOWED_COMPONENTS].join(', ') || 'none'})`);
          break;
        }
        const literal: [string, string][] = [];
        for (const attribute of node.attributes as (MdxJsxAttribute | MdxJsxExpressionAttribute)[]) {
          if (attribute.type === 'mdxJsxExpressionAttribute' || (attribute.value !== null && typeof attribute.value !== 'string')) {
            add(node, 'guides/expression', `an attribute expression on <${name}> is not allowed in a flake guide: attributes must be literal strings`);
            return;
          }
          literal.push([attribute.name, attribute.value ?? '']);
        }
        const unsafe = isHtml ? unsafeElement(name, literal) : undefined;
        if (unsafe) add(node, 'guides/unsafe-html', `${unsafe} is not allowed in a flake guide`);
        break;
      }
      case 'html': {
        const unsafe = unsafeHtml(node.value);
        if (unsafe) add(node, 'guides/unsafe-html', `${unsafe} is not allowed in a flake guide`);
        break;
      }
      case 'code': {
        // Diagrams are drawn from the source: one that would run script or load a URL is refused like HTML.
        if (node.lang !== 'mermaid') break;
        for (const hazard of diagramHazards(node.value)) {
          // The fence's first line is the ``` line, so the diagram's line n is n lines below it.
          found.push({ line: (node.position?.start.line ?? 1) + hazard.line, column: 1, code: 'guides/unsafe-diagram', message: `${hazard.message} is not allowed in a flake guide's diagram` });
        }
        break;
      }
      case 'link':
      case 'image':
      case 'definition': {
        const unsafe = unsafeUrl(node.url);
        if (unsafe) add(node, 'guides/unsafe-url', `${unsafe} is not allowed in a flake guide link`);
        break;
      }
    }
  });
  return found;
}

/** Splits off YAML frontmatter; keeps only `title`, `description` and `sidebar.order`. */
function readFrontmatter(text: string): { data: { title?: string; description?: string; order?: number }; body: string; bodyLine: number; error?: { line: number; message: string } } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { data: {}, body: text, bodyLine: 1 };
  const bodyLine = match[0].split('\n').length - (match[0].endsWith('\n') ? 0 : 1);
  const body = text.slice(match[0].length);
  let raw: unknown;
  try {
    // The core schema has no custom tags; alias expansion is capped, so an alias bomb is an error.
    raw = parseYaml(match[1]!, { schema: 'core', maxAliasCount: 50, uniqueKeys: false });
  } catch (error) {
    const pos = (error as { linePos?: [{ line: number }] }).linePos?.[0];
    return { data: {}, body, bodyLine, error: { line: 1 + (pos?.line ?? 1), message: (error as Error).message.split('\n')[0]! } };
  }
  const record = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const sidebar = record.sidebar && typeof record.sidebar === 'object' ? (record.sidebar as Record<string, unknown>) : {};
  // Plain text: references decoded once, as the title's other places (the heading, the sidebar) show it.
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? decodeCharacterReferences(v.trim().slice(0, 300)) : undefined);
  return {
    data: {
      title: str(record.title),
      description: str(record.description),
      order: typeof sidebar.order === 'number' && Number.isFinite(sidebar.order) ? sidebar.order : undefined,
    },
    body,
    bodyLine,
  };
}

/** The id of a guide: its path in the guides folder without extension, each segment lower-cased and URL-safe; `index` names its folder. */
export function guideId(rel: string): string {
  const segments = rel
    .replace(/\.mdx?$/i, '')
    .split('/')
    .map((s) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || '-');
  if (segments.at(-1) === 'index') segments.pop();
  return segments.join('/');
}

/** The guide files of `dir`: regular `.md`/`.mdx` files, sorted, found without following symlinks. */
function listGuideFiles(dir: string): string[] {
  return listFlakeFiles(dir, MAX_ENTRIES).flatMap((e) => (e.kind === 'file' && /\.mdx?$/i.test(e.rel) ? [path.join(dir, e.rel)] : []));
}

/**
 * Reads and checks every guide of the flake's guides folder.
 * @param root absolute path of the flake
 * @param folder the configured `guides` folder, relative to the flake
 * @param policy which files are secret: a secret guide (by path, or holding key material) is not published
 */
export function extractGuides(root: string, folder: string, policy: SecretPolicy = new SecretPolicy()): { guides: Guide[]; diagnostics: Diagnostic[] } {
  const dir = path.resolve(root, folder);
  const guides: Guide[] = [];
  const diagnostics: Diagnostic[] = [];
  // Like the roadmap, the guides folder is optional: one config can serve flakes with and without it.
  if (!existsSync(dir)) return { guides, diagnostics };
  // Compared after resolving symlinks, so a guides folder that links out of the flake is refused too.
  const inside = path.relative(realpathSync(root), realpathSync(dir));
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    diagnostics.push({ severity: 'error', code: 'guides/outside-flake', message: `the guides folder "${folder}" is outside the flake: no guides are read` });
    return { guides, diagnostics };
  }
  if (inside.split(path.sep).includes('.git')) {
    diagnostics.push({ severity: 'error', code: 'guides/not-read', message: `the guides folder "${folder}" is inside .git, which is never read: no guides are read` });
    return { guides, diagnostics };
  }
  const files = listGuideFiles(dir).map((abs) => ({ abs, rel: path.relative(dir, abs).split(path.sep).join('/') }));
  // Guides whose names make the same URL (`Setup.md`, `setup.mdx`) both keep a page: the first in file order keeps it.
  const { slugs, collisions } = allocateSlugs(files.map((f) => ({ key: f.rel, base: guideId(f.rel), rank: f.rel, qualified: '' })));
  for (const group of collisions) {
    for (const c of group.slice(1)) {
      const fileOf = (rel: string) => path.relative(root, path.join(dir, rel)).split(path.sep).join('/');
      const message = `this guide and ${fileOf(group[0]!.key)}:1 want the URL guides/${c.base}/: this one is at guides/${slugs.get(c.key)}/`;
      diagnostics.push({ severity: 'warning', code: 'guides/duplicate', message, location: { file: fileOf(c.key), line: 1, column: 1 } });
    }
  }
  const byId = new Map<string, string>();
  for (const { abs, rel } of files) {
    const guide = readGuide(root, abs, slugs.get(rel)!, byId, diagnostics, policy);
    if (guide) guides.push(guide);
  }
  return { guides, diagnostics };
}

/**
 * Reads and checks one Markdown or MDX file of the flake as a guide with the given id; a second file
 * with an id already taken is reported and skipped (undefined).
 * @param root absolute path of the flake
 * @param abs absolute path of the file (already known to be a regular file inside the flake)
 * @param id the guide's id
 * @param byId the ids taken so far, with the file that took each
 * @param diagnostics where problems are reported
 * @param policy which files are secret: a secret guide (by path, or holding key material) is not published
 * @param extra fields of the guide (where it came from)
 */
export function readGuide(root: string, abs: string, id: string, byId: Map<string, string>, diagnostics: Diagnostic[], policy: SecretPolicy, extra: Partial<Pick<Guide, 'origin' | 'host'>> = {}): Guide | undefined {
  const file = path.relative(root, abs).split(path.sep).join('/');
  const format: Guide['format'] = /\.mdx$/i.test(abs) ? 'mdx' : 'md';
  const at = (line: number, column = 1) => ({ file, line, column });
  const clash = byId.get(id);
  if (clash) {
    diagnostics.push({ severity: 'warning', code: 'guides/duplicate', message: `this guide has the same URL as ${clash}: only the first is published`, location: at(1) });
    return undefined;
  }
  byId.set(id, file);
  const fallbackTitle = file.replace(/\.mdx?$/i, '').split('/').at(-1)!.replace(/[-_]+/g, ' ');
  const guide: Guide = { kind: 'guide', id, file, format, title: fallbackTitle, description: null, order: null, body: null, bodyLine: 1, error: null, ...extra };
  const reject = (code: string, message: string, line: number, column = 1) => {
    diagnostics.push({ severity: 'error', code, message, location: at(line, column) });
    guide.error ??= `${message} (${file}:${line}:${column})`;
  };
  const read = readRegularFile(abs, root, MAX_GUIDE_BYTES);
  if (!read.ok) {
    if (/larger than/.test(read.reason)) reject('guides/too-large', `the guide is larger than ${MAX_GUIDE_BYTES / 1_000_000} MB and is not read`, 1);
    else reject('guides/not-read', `the guide was not read: it ${read.reason}`, 1);
    return guide;
  }
  const text = read.text;
  // A guide that is a secret by its path, or holds key material or ciphertext, is never published.
  const secret = policy.reason(file, text);
  if (secret) {
    diagnostics.push({ severity: 'error', code: 'guides/not-read', message: `the guide is a secret (${secret}): it is not published`, location: at(1) });
    guide.error = `the guide is a secret (${secret}) and is not published (${file})`;
    return guide;
  }
  const front = readFrontmatter(text);
  if (front.error) diagnostics.push({ severity: 'warning', code: 'guides/frontmatter', message: `frontmatter is not valid YAML and is ignored: ${front.error.message}`, location: at(front.error.line) });
  guide.bodyLine = front.bodyLine;
  guide.description = front.data.description ?? null;
  guide.order = front.data.order ?? null;
  guide.title = front.data.title ?? guide.title;
  let tree: Root;
  try {
    tree = parseGuide(front.body, format);
  } catch (error) {
    const e = error as { line?: number; column?: number; reason?: string; message: string };
    // Some MDX errors carry their place only in the text: "Expected a closing tag for `<div>` (3:1-3:6)".
    const reason = e.reason ?? e.message;
    const inText = /\((\d+):(\d+)(?:-\d+:\d+)?\)$/.exec(reason);
    const line = e.line ?? (inText ? Number(inText[1]) : 1);
    const column = e.column ?? (inText ? Number(inText[2]) : 1);
    reject('guides/syntax', `the guide does not compile: ${inText ? reason.slice(0, inText.index).trim() : reason}`, line + front.bodyLine - 1, column);
    return guide;
  }
  const first = tree.children.find((n) => n.type !== 'html' || n.value.trim());
  if (!front.data.title && first?.type === 'heading' && first.depth === 1 && plainText(first).trim()) guide.title = plainText(first).trim().slice(0, 300);
  // Titles are shown as text; markup in one is a sign of an attempt, reported where it was written.
  const titled = front.data.title ? 'title' : undefined;
  for (const [value, key] of [[guide.title, titled], [guide.description, 'description']] as const) {
    if (!value || !looksLikeMarkup(value)) continue;
    const frontLine = key ? text.split('\n').findIndex((l) => new RegExp(`^${key}\\s*:`).test(l)) + 1 : 0;
    const line = frontLine || (first?.position ? first.position.start.line + front.bodyLine - 1 : 1);
    diagnostics.push({ severity: 'warning', code: 'guides/markup-in-title', message: `the guide's ${key === 'description' ? 'description' : 'title'} holds HTML markup (${JSON.stringify(value.slice(0, 60))}): it is shown as text`, location: at(line) });
  }
  const violations = findViolations(tree);
  for (const v of violations.slice(0, MAX_VIOLATIONS)) reject(v.code, v.message, v.line + front.bodyLine - 1, v.column);
  if (violations.length > MAX_VIOLATIONS) diagnostics.push({ severity: 'error', code: 'guides/unsafe', message: `${violations.length - MAX_VIOLATIONS} more constructs that are not allowed in a flake guide`, location: at(1) });
  if (violations.length) return guide;
  guide.body = front.body;
  return guide;
}
