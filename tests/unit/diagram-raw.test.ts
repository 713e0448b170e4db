/** The page compiler keeps diagrams' SVG as raw HTML: the page must read as it did when the SVG was parsed into elements. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { MermaidRenderer } from '../../scripts/site/mermaid-renderer.ts';
import { diagramElement } from '../../scripts/site/remark-mermaid.ts';

const SVGS = [
  // mermaid's shape: a style with max-width, small text, a foreignObject label.
  '<svg id="d1" width="100%" xmlns="http://www.w3.org/2000/svg" style="max-width: 2400px;" viewBox="0 0 2400 300"><style>#d1{font-size:8px;}</style><g><foreignObject width="90" height="20"><div xmlns="http://www.w3.org/1999/xhtml"><span class="nodeLabel"><p>a &lt; b &amp; "c"</p></span></div></foreignObject><text>x</text></g></svg>',
  // No style attribute, and a style value with `$&` that a replacement string would expand.
  '<svg id="d2" viewBox="0 0 1200 100"><style>#d2{font-size:9px;}</style><rect width="3" height="4"/></svg>',
  '<svg id="d3" style="max-width: 900px;$&amp;" viewBox="0 0 900 100"><style>#d3{font-size:6px;}</style></svg>',
  // Wide enough not to need a minimum width.
  '<svg id="d4" style="max-width: 90px;" viewBox="0 0 90 10"><style>#d4{font-size:16px;}</style></svg>',
];

test('a raw diagram reads, once parsed, exactly as the one parsed into elements', async () => {
  for (const svg of SVGS) {
    const renderer = { render: async () => svg } as unknown as MermaidRenderer;
    const parsed = toHtml(await diagramElement('graph LR\n a', { renderer }, 'p.md:1:1', 0));
    const raw = toHtml(await diagramElement('graph LR\n a', { renderer }, 'p.md:1:1', 0, true), { allowDangerousHtml: true });
    assert.equal(toHtml(fromHtml(raw, { fragment: true })), toHtml(fromHtml(parsed, { fragment: true })), svg);
    assert.ok(raw.includes(svg.slice(svg.indexOf('>') + 1)), 'the SVG after its start tag is kept byte for byte');
  }
});

test('the minimum width lands in the root element\'s style', async () => {
  const renderer = { render: async () => SVGS[1]! } as unknown as MermaidRenderer;
  const raw = toHtml(await diagramElement('graph LR\n a', { renderer }, 'p.md:1:1', 0, true), { allowDangerousHtml: true });
  assert.match(raw, /<div class="mermaid-light"><svg id="d2" viewBox="0 0 1200 100" style="; min-width: 1200px;">/);
});
