/**
 * A remark plugin that turns fenced `mermaid` blocks into diagrams: inline SVG (light and dark) when a
 * renderer is given, or `<pre class="mermaid">` for the client-side fallback. It runs before
 * Expressive Code so diagrams are never highlighted as code.
 */
import { fromHtml } from 'hast-util-from-html';
import type { Element, ElementContent } from 'hast';
import type { Code, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { diagramFallback, shortReason } from './diagram-fallback.ts';
import { diagramHazards } from '../mermaid-safety.ts';
import { decodeReferences } from './references.ts';
import { MermaidSyntaxError, type MermaidRenderer } from './mermaid-renderer.ts';

/** Options of the plugin; without a renderer, diagrams are left to the browser. */
export interface RemarkMermaidOptions {
  renderer?: MermaidRenderer;
  /** Called for a diagram that cannot be drawn, with `path:line:col`, which diagram, and mermaid's message. */
  onError?: (where: string, message: string) => void;
}

/** Replaces every ```mermaid block with a rendered or client-side diagram. */
export function remarkMermaid(options: RemarkMermaidOptions) {
  return async (tree: Root, file: VFile) => {
    const blocks: Code[] = [];
    visit(tree, 'code', (node) => {
      if (node.lang === 'mermaid') blocks.push(node);
    });
    for (const [index, node] of blocks.entries()) {
      const pos = node.position?.start;
      const element = await diagramElement(node.value, options, `${file.path}:${pos?.line ?? 0}:${pos?.column ?? 0}`, index);
      Object.assign((node.data ??= {}) as Record<string, unknown>, { hName: element.tagName, hProperties: element.properties, hChildren: element.children });
    }
  };
}

/**
 * One diagram as an HTML element: its light and dark SVGs, a `<pre class="mermaid">` for the browser
 * to draw when there is no renderer, or a table when mermaid cannot draw it or when it would run
 * script or load a URL (see scripts/mermaid-safety.ts; both reported to `onError`).
 * @param where `path:line:col` of the diagram, for the report
 * @param index the diagram's position on its page, from 0
 * @param raw keep each SVG as a `raw` node (for `toHtml` with `allowDangerousHtml`) instead of parsing
 * it into elements: the page compiler only serializes it again, and parsing cost 0.6 s per cold 1k build
 */
export async function diagramElement(source: string, options: RemarkMermaidOptions, where: string, index: number, raw = false): Promise<Element> {
  const first = source.split('\n')[0]?.trim() ?? '';
  // A diagram that would run script or load a URL is drawn neither here nor in the reader's browser.
  const hazard = diagramHazards(source)[0];
  if (hazard) {
    options.onError?.(where, `diagram ${index + 1} (${first.slice(0, 40)}) is not drawn, its content is shown instead: line ${hazard.line} has ${hazard.message}, which a diagram may not have`);
    const fallback = diagramFallback(source, 'it would run script or load a URL');
    return { type: 'element', tagName: 'div', properties: fallback.properties, children: fallback.children };
  }
  if (!options.renderer) {
    return { type: 'element', tagName: 'pre', properties: { className: ['mermaid'], dataMermaidSource: source }, children: [{ type: 'text', value: source }] };
  }
  try {
    const [light, dark] = await Promise.all([options.renderer.render(source, 'default'), options.renderer.render(source, 'dark')]);
    return {
      type: 'element',
      tagName: 'figure',
      properties: { className: ['mermaid-diagram'] },
      children: [
        // Shown by DiagramViewer.astro's script, which is what makes it work.
        { type: 'element', tagName: 'button', properties: { type: 'button', className: ['fd-diagram-open'], hidden: true }, children: [{ type: 'text', value: 'View full size' }] },
        svgBox(light, 'mermaid-light', raw),
        svgBox(dark, 'mermaid-dark', raw),
      ],
    };
  } catch (error) {
    if (!(error instanceof MermaidSyntaxError)) throw error;
    const reason = shortReason(error.message);
    options.onError?.(where, `diagram ${index + 1} (${first}) cannot be drawn, a table is shown instead: ${reason}`);
    const fallback = diagramFallback(source, reason);
    return { type: 'element', tagName: 'div', properties: fallback.properties, children: fallback.children };
  }
}

/** Text in a diagram is never drawn smaller than this many CSS pixels at the page's default zoom. */
export const MIN_TEXT_PX = 11;

/**
 * The narrowest a diagram may be shrunk to (its width in px) so its smallest text stays readable: the
 * SVG scales with the column, so below this width it keeps its size and its box scrolls instead.
 * @param svg the rendered SVG
 */
export function minDiagramWidth(svg: string): number | undefined {
  const width = Number(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"/.exec(svg)?.[1]);
  if (!width) return undefined;
  // Font sizes of the drawing's style rules; the hover tooltip's (never part of a static SVG) does not count.
  const css = [...svg.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]).join('');
  const sizes = css
    .split('}')
    .filter((rule) => !rule.includes('mermaidTooltip'))
    .flatMap((rule) => [...rule.matchAll(/font-size:\s*([\d.]+)px/g)].map((m) => Number(m[1])))
    .filter((n) => n > 0);
  const smallest = sizes.length ? Math.min(...sizes) : 16;
  return Math.ceil(Math.min(width, (width * MIN_TEXT_PX) / smallest));
}

/** A style with `min-width` added, for the SVG's root element. */
function widenedStyle(style: string, min: number): string {
  return `${style.replace(/;?\s*$/, ';')} min-width: ${min}px;`;
}

/** An `<svg …>` start tag with `min-width` added to its style, as `svgBox` adds it to the parsed element. */
function widen(tag: string, min: number): string {
  const style = /\sstyle="([^"]*)"/.exec(tag);
  // Worked on the attribute's value as a parser reads it, and written back escaped.
  const value = widenedStyle(decodeReferences(style?.[1] ?? ''), min).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return style ? tag.replace(style[0], () => ` style="${value}"`) : tag.replace(/\s*\/?>$/, (end) => ` style="${value}"${end}`);
}

/** The SVG's root element gets `min-width` (see `minDiagramWidth`) added to its style. */
function svgBox(svg: string, className: string, raw: boolean): ElementContent {
  const min = minDiagramWidth(svg);
  if (raw) {
    const widened = min ? svg.replace(/<svg\b[^>]*>/, (tag) => widen(tag, min)) : svg;
    return { type: 'element', tagName: 'div', properties: { className: [className] }, children: [{ type: 'raw', value: widened }] };
  }
  const fragment = fromHtml(svg, { fragment: true });
  const root = fragment.children.find((c): c is Element => c.type === 'element' && c.tagName === 'svg');
  if (root && min) root.properties.style = widenedStyle(String(root.properties.style ?? ''), min);
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: [className] },
    children: fragment.children as ElementContent[],
  };
}
