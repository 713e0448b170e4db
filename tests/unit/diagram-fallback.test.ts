/** A diagram mermaid cannot draw becomes a warning and a table, never mermaid's error picture. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Root } from 'mdast';
import { VFile } from 'vfile';
import { toHtml } from 'hast-util-to-html';
import { diagramFallback, flowchartEdges } from '../../scripts/site/diagram-fallback.ts';
import { MermaidRenderer, MermaidSyntaxError } from '../../scripts/site/mermaid-renderer.ts';
import { minDiagramWidth, remarkMermaid } from '../../scripts/site/remark-mermaid.ts';

const source = ['flowchart LR', '  root["cronut"]', '  f_a["modules/#60;a#62;.nix"]', '  f_b([“b”])', '  root --> f_a', '  f_a -->|3| f_b', '  click f_a href "/x/"'].join('\n');

test('reads the arrows of a flowchart by node label', () => {
  assert.deepEqual(flowchartEdges(source), [
    { from: 'cronut', to: 'modules/<a>.nix' },
    { from: 'modules/<a>.nix', to: '“b”' },
  ]);
  assert.equal(flowchartEdges('gantt\n  title x'), undefined);
});

test('the fallback is a note and a From/To table, with the text escaped', () => {
  const html = toHtml(diagramFallback(source, 'Maximum text size in diagram exceeded'));
  assert.equal(
    html,
    '<div class="fd-diagram-fallback"><p class="fd-diagram-note">This diagram could not be drawn (Maximum text size in diagram exceeded); its arrows are listed below.</p>' +
      '<div class="fd-table-scroll"><table><thead><tr><th>From</th><th>To</th></tr></thead><tbody>' +
      '<tr><td>cronut</td><td>modules/&#x3C;a>.nix</td></tr><tr><td>modules/&#x3C;a>.nix</td><td>“b”</td></tr></tbody></table></div></div>',
  );
  assert.match(toHtml(diagramFallback('gantt\n  title <x>', 'Parse error')), /its source is shown below\.<\/p><pre>gantt\n {2}title &#x3C;x><\/pre>/);
});

test('a source past maxTextSize is refused before any browser starts', async () => {
  const renderer = new MermaidRenderer('/nonexistent/chromium', mkdtempSync(path.join(tmpdir(), 'fd-mermaid-')));
  const big = `flowchart LR\n${Array.from({ length: 3000 }, (_, i) => `  n${i}["module number ${i}"]`).join('\n')}`;
  await assert.rejects(renderer.render(big, 'default'), (e: Error) => e instanceof MermaidSyntaxError && /^Maximum text size in diagram exceeded \(\d+ characters, the limit is 50000\)$/.test(e.message));
});

test('the remark plugin warns with the page and the diagram, and puts the table in its place', async () => {
  const failing = { render: async () => { throw new MermaidSyntaxError('Edge limit exceeded. 501 edges found, but the limit is 500.\nmore'); } };
  const warnings: string[] = [];
  const tree: Root = { type: 'root', children: [{ type: 'code', lang: 'mermaid', value: source, position: { start: { line: 4, column: 1 }, end: { line: 9, column: 4 } } }] };
  await remarkMermaid({ renderer: failing as unknown as MermaidRenderer, onError: (where, message) => warnings.push(`${where}: ${message}`) })(tree, new VFile({ path: 'content/generated/hosts/cronut.mdx' }));
  assert.deepEqual(warnings, ['content/generated/hosts/cronut.mdx:4:1: diagram 1 (flowchart LR) cannot be drawn, a table is shown instead: Edge limit exceeded. 501 edges found, but the limit is 500.']);
  const data = tree.children[0]!.data as { hName: string; hProperties: { className: string[] }; hChildren: unknown[] };
  assert.equal(data.hName, 'div');
  assert.deepEqual(data.hProperties.className, ['fd-diagram-fallback']);
  assert.equal(data.hChildren.length, 2);
});

test('a diagram may shrink only as far as keeps its smallest text at 11 px', () => {
  assert.equal(minDiagramWidth('<svg viewBox="0 0 1600 300"><style>#m{font-size:16px;}</style></svg>'), 1100);
  assert.equal(minDiagramWidth('<svg viewBox="-8 -8 600 300"><style>#m{font-size:16px;} .t{font-size:12px}</style></svg>'), 550);
  assert.equal(minDiagramWidth('<svg viewBox="0 0 100 50"><style>.t{font-size:8px}</style></svg>'), 100, 'never wider than the diagram itself');
  assert.equal(minDiagramWidth('<svg viewBox="0 0 1600 300"><style>#m{font-size:16px;} #m div.mermaidTooltip{font-size:12px}</style></svg>'), 1100, 'the tooltip is not drawn');
  assert.equal(minDiagramWidth('<svg></svg>'), undefined);
});
