/**
 * Dark diagrams recoloured from light ones (scripts/site/mermaid-recolour.ts): the pieces on crafted
 * SVGs, then every diagram of the sample rendered both ways in Chromium, byte for byte.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { extractFlake } from '../../scripts/extract/index.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { findChromium, MermaidRenderer, MermaidSyntaxError } from '../../scripts/site/mermaid-renderer.ts';
import { recolour, themedParts, themeProbe } from '../../scripts/site/mermaid-recolour.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** An SVG shaped as mermaid writes one, with `colour` in its style and shadow filter. */
const svg = (id: string, colour: string, drawing = '<g><rect x="1"></rect></g>') =>
  `<svg id="${id}" width="100%" style="max-width: 50px;"><style>#${id}{fill:${colour};}</style>${drawing}<defs><filter id="${id}-drop-shadow"><feDropShadow flood-color="${colour}"></feDropShadow></filter></defs></svg>`;

test('themedParts splits the style and the trailing defs from the drawing', () => {
  assert.deepEqual(themedParts(svg('a', '#000')), {
    open: '<svg id="a" width="100%" style="max-width: 50px;">',
    style: '#a{fill:#000;}',
    drawing: '<g><rect x="1"></rect></g>',
    tail: '<defs><filter id="a-drop-shadow"><feDropShadow flood-color="#000"></feDropShadow></filter></defs>',
  });
  const gradient = '<linearGradient id="a-gradient"><stop offset="0%"></stop></linearGradient>';
  assert.equal(themedParts(svg('a', '#000').replace('</svg>', `${gradient}</svg>`))?.tail, `<defs><filter id="a-drop-shadow"><feDropShadow flood-color="#000"></feDropShadow></filter></defs>${gradient}`, "the dark theme's gradient");
  assert.equal(themedParts('<svg id="a"><g></g></svg>'), undefined, 'no style element');
  assert.equal(themedParts('<svg id="a"><style>x</style><g></g><text>after</text></svg>'), undefined, 'more than defs after the drawing');
});

test('themeProbe keeps the classDef lines of a plain flowchart, and refuses anything else', () => {
  const source = ['flowchart TB', '  A["a"] --> B', '  classDef done fill:#cfc,stroke:#393', '  class A done', '  click A href "/a/"'].join('\n');
  assert.equal(themeProbe(source), 'flowchart\n  classDef done fill:#cfc,stroke:#393\n  probe["probe"]');
  assert.equal(themeProbe('graph\n  a --> b'), 'flowchart\n  probe["probe"]');
  assert.equal(themeProbe('flowchart LR\n  a --> b'), 'flowchart\n  probe["probe"]', 'one probe for every direction');
  for (const other of [
    'sequenceDiagram\n  a->>b: hi',
    'gantt\n  title x',
    '---\nconfig:\n  look: handDrawn\n---\nflowchart LR\n  a --> b',
    '%%{init: {"theme": "forest"}}%%\nflowchart LR\n  a --> b',
    'flowchart LR\n  a --> b\n  style a fill:#f00',
    'flowchart LR\n  a --> b\n  linkStyle 0 stroke:#f00',
    'flowchart LR\n  a@{ shape: doc }',
  ]) {
    assert.equal(themeProbe(other), undefined, other);
  }
});

test('recolour takes the themed parts from the dark probe under the dark id, and only when the light ones match', () => {
  const drawing = '<g><rect id="L-node" x="1"></rect><path marker-end="url(#L_end)"></path></g>';
  const out = recolour({ svg: svg('L', '#fff', drawing), id: 'L' }, { svg: svg('P', '#fff'), id: 'P' }, { svg: svg('Q', '#111'), id: 'Q' }, 'D');
  assert.equal(out, svg('D', '#111', '<g><rect id="D-node" x="1"></rect><path marker-end="url(#D_end)"></path></g>'));
  assert.equal(recolour({ svg: svg('L', '#eee'), id: 'L' }, { svg: svg('P', '#fff'), id: 'P' }, { svg: svg('Q', '#111'), id: 'Q' }, 'D'), undefined);
});

const chromium = findChromium();

test('every diagram of the sample: the recoloured dark SVG is mermaid\'s own dark render, with half the layouts', { skip: chromium ? false : 'no Chromium (apt-get install -y chromium)' }, async () => {
  const identity = resolveIdentity(ROOT, undefined);
  const { model } = await extractFlake(identity.flake, identity.config, new Progress(true));
  const sources = [...new Set(renderSite(model, identity.config).flatMap((p) => [...p.content.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!)))];
  const flowcharts = sources.filter((s) => themeProbe(s) !== undefined);
  assert.ok(flowcharts.length >= 10 && flowcharts.length < sources.length, `${flowcharts.length} of ${sources.length} diagrams are plain flowcharts`);
  const dirs = [mkdtempSync(path.join(os.tmpdir(), 'fd-recolour-')), mkdtempSync(path.join(os.tmpdir(), 'fd-real-'))];
  const recolouring = new MermaidRenderer(chromium!, dirs[0]!, 1);
  const real = new MermaidRenderer(chromium!, dirs[1]!, 1, true);
  try {
    for (const source of sources) {
      const render = async (r: MermaidRenderer) => {
        try {
          return await Promise.all([r.render(source, 'default'), r.render(source, 'dark')]);
        } catch (error) {
          if (error instanceof MermaidSyntaxError) return error.message;
          throw error;
        }
      };
      const [mine, theirs] = [await render(recolouring), await render(real)];
      assert.deepEqual(mine, theirs, source.split('\n').slice(0, 2).join(' '));
    }
    assert.equal(recolouring.recolouredCount, flowcharts.length, 'every plain flowchart was recoloured, none fell back');
    assert.equal(real.rendered, 2 * sources.length);
    // One layout per diagram, a real dark one for the others, and a probe in each theme per distinct probe.
    const probes = new Set(flowcharts.map(themeProbe)).size;
    assert.equal(recolouring.rendered, sources.length + (sources.length - flowcharts.length) + 2 * probes);
  } finally {
    await Promise.all([recolouring.close(), real.close()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});
