/**
 * Diagrams stay small: no generated diagram uses a shape mermaid draws as a huge rough.js path
 * (scripts/site/mermaid-config.ts `heavyShapes`), and the built sample's SVGs keep to a budget per node.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { writeSiteFlake } from '../../scripts/bench/synth.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { heavyShapes } from '../../scripts/site/mermaid-config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The source of every mermaid fence of every page generated for `flake` (the sample when undefined). */
async function diagramsOf(flake: string | undefined): Promise<{ page: string; source: string }[]> {
  const identity = resolveIdentity(ROOT, flake);
  const { model } = await extractFlake(identity.flake, identity.config, new Progress(true));
  return renderSite(model, identity.config).flatMap((p) =>
    [...p.content.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => ({ page: p.path, source: m[1]! })),
  );
}

test('heavyShapes finds stadium nodes in both syntaxes and nothing else', () => {
  const source = [
    'flowchart LR',
    '  a(["stadium"]) --> b("rounded")',
    '  c[plain] --> d([bare stadium])',
    '  e["a label that says ([ is not a shape"]',
    '  f@{ shape: pill, label: "x" }',
    '  g@{ shape: rounded }',
    '  h{"rhombus"} --> i[/"external"/]',
  ].join('\n');
  assert.deepEqual(heavyShapes(source), ['a(["stadium"]) --> b("rounded")', 'd([bare stadium])', 'f@{ shape: pill, label: "x" }']);
  assert.deepEqual(heavyShapes('flowchart TD\n  start("Machine does not come up") --> menu{"Boot menu shows?"}'), []);
});

test('no diagram generated for the sample or a synthetic fleet uses a heavy shape', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-shapes-'));
  try {
    writeSiteFlake(dir, { modules: 12, hosts: 3, secrets: 5, tickets: 4 });
    const diagrams = [...(await diagramsOf(undefined)), ...(await diagramsOf(dir))];
    // The sample has host, profile, secret, runbook and ticket diagrams: the check saw them all.
    for (const page of ['hosts/index.md', 'secrets/index.md', 'hosts/marshmallow.md', 'roadmap/graph.md']) {
      assert.ok(diagrams.some((d) => d.page === page), `a diagram on ${page}`);
    }
    assert.ok(diagrams.some((d) => d.page.startsWith('troubleshooting/')), 'a runbook diagram');
    const heavy = diagrams.flatMap((d) => heavyShapes(d.source).map((node) => `${d.page}: ${node}`));
    assert.deepEqual(heavy, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const secretsPage = path.join(ROOT, 'dist/secrets/index.html');

describe('the built sample', { skip: existsSync(secretsPage) ? false : 'no built site in dist/ (run npm run build)' }, () => {
  test("the secrets page's diagrams stay within 2 KB per node (a stadium node alone is 42 KB)", () => {
    const html = readFileSync(secretsPage, 'utf8');
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]).filter((svg) => svg.includes('class="node'));
    assert.equal(svgs.length, 2, 'the usage graph in light and dark');
    for (const svg of svgs) {
      const nodes = svg.match(/<g class="node /g)!.length;
      assert.ok(nodes >= 10, `${nodes} nodes`);
      // About 11 KB of style and frame, then well under 1 KB per node with rectangles.
      assert.ok(svg.length < 16_000 + 2_000 * nodes, `${svg.length} bytes for ${nodes} nodes`);
    }
  });
});
