/** A big roadmap's graphs stay readable: epics on the graph page, each epic's tickets on its own page. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractRoadmap } from '../../scripts/extract/tickets.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { GRAPH_TICKETS_MAX, renderRoadmap } from '../../scripts/render/tickets.ts';

/** The mermaid sources of a page. */
const diagrams = (content: string) => [...content.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);

/** 110 tickets in 11 epics of 10, each depending on the one before, across epics too. */
function bigRoadmap(): string {
  const lines = ['# Big roadmap', ''];
  for (let t = 0; t < 110; t++) {
    if (t % 10 === 0) lines.push(`## Epic ${t / 10 + 1}: Work ${t / 10 + 1}`, '');
    lines.push(`- [ ] W-${t + 1}: Ticket ${t + 1}`, '  - Effort: 2h');
    if (t) lines.push(`  - Dependencies: W-${t}`);
    lines.push('');
  }
  return lines.join('\n');
}

test('past GRAPH_TICKETS_MAX tickets the graph page draws the epics and their links, each epic page its tickets and the ones they wait for', () => {
  const { roadmap } = extractRoadmap({ path: 'docs/tickets.md', text: bigRoadmap() });
  assert.equal(roadmap.tickets.length, 110);
  assert.ok(roadmap.tickets.length > GRAPH_TICKETS_MAX);
  const pages = new Map(renderRoadmap(roadmap, { router: createRouter('/'), mentions: [] }).map((p) => [p.path, p.content]));
  const [graph] = diagrams(pages.get('roadmap/graph.md')!);
  assert.equal([...graph!.matchAll(/^ {2}e_\w+\[/gm)].length, 11, 'a node per epic');
  assert.ok(graph!.includes('e_epic_1 -->|1| e_epic_2'), graph);
  assert.ok(!/W_\d+/.test(graph!), 'no ticket nodes');
  const [second] = diagrams(pages.get('roadmap/epic-2.md')!);
  assert.deepEqual([...second!.matchAll(/^ {2}(\w+)\[/gm)].map((m) => m[1]), ['W_11', 'W_12', 'W_13', 'W_14', 'W_15', 'W_16', 'W_17', 'W_18', 'W_19', 'W_20', 'W_10']);
  assert.ok(second!.includes('W_10["W-10 (other epic)"]'));
  assert.ok(second!.includes('W_10 --> W_11'));
});
