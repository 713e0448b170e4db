/**
 * A remark plugin that turns fenced `mermaid` blocks into diagrams: inline SVG (light and dark) when a
 * renderer is given, or `<pre class="mermaid">` for the client-side fallback. It runs before
 * Expressive Code so diagrams are never highlighted as code.
 */
import { fromHtml } from 'hast-util-from-html';
import type { ElementContent } from 'hast';
import type { Code, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { MermaidSyntaxError, type MermaidRenderer } from './mermaid-renderer.ts';

/** Options of the plugin; without a renderer, diagrams are left to the browser. */
export interface RemarkMermaidOptions {
  renderer?: MermaidRenderer;
  /** Called for a diagram that does not parse, with `path:line:col` and mermaid's message. */
  onError?: (where: string, message: string) => void;
}

/** Replaces every ```mermaid block with a rendered or client-side diagram. */
export function remarkMermaid(options: RemarkMermaidOptions) {
  return async (tree: Root, file: VFile) => {
    const blocks: Code[] = [];
    visit(tree, 'code', (node) => {
      if (node.lang === 'mermaid') blocks.push(node);
    });
    for (const node of blocks) {
      const source = node.value;
      const data = (node.data ??= {}) as Record<string, unknown>;
      if (!options.renderer) {
        Object.assign(data, {
          hName: 'pre',
          hProperties: { className: ['mermaid'], 'data-mermaid-source': source },
          hChildren: [{ type: 'text', value: source }],
        });
        continue;
      }
      try {
        const [light, dark] = await Promise.all([
          options.renderer.render(source, 'default'),
          options.renderer.render(source, 'dark'),
        ]);
        Object.assign(data, {
          hName: 'figure',
          hProperties: { className: ['mermaid-diagram'] },
          hChildren: [svgBox(light, 'mermaid-light'), svgBox(dark, 'mermaid-dark')],
        });
      } catch (error) {
        if (!(error instanceof MermaidSyntaxError)) throw error;
        const pos = node.position?.start;
        options.onError?.(`${file.path}:${pos?.line ?? 0}:${pos?.column ?? 0}`, error.message);
        Object.assign(data, {
          hName: 'pre',
          hProperties: { className: ['mermaid-error'], title: `mermaid: ${error.message}` },
          hChildren: [{ type: 'text', value: source }],
        });
      }
    }
  };
}

function svgBox(svg: string, className: string): ElementContent {
  const fragment = fromHtml(svg, { fragment: true });
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: [className] },
    children: fragment.children as ElementContent[],
  };
}
