/**
 * A big roadmap's graphs stay readable: epics on the graph page, each epic's tickets on its own page;
 * past GANTT_TICKETS_MAX tickets the Gantt chart is cut into pages of whole epics.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractRoadmap } from '../../scripts/extract/tickets.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { ganttPages } from '../../scripts/render/gantt.ts';
import { GANTT_TICKETS_MAX, GRAPH_TICKETS_MAX, renderRoadmap } from '../../scripts/render/tickets.ts';
import { SPACE, text } from '../../scripts/render/mdx.ts';
import { pageToHtml } from './page-html.ts';

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

/** `count` tickets in epics of `perEpic`, each depending on the one before; efforts of 2h. */
function roadmapOf(count: number, perEpic: number): string {
  const lines = ['# Roadmap', '', 'Start: 2025-01-06', ''];
  for (let t = 0; t < count; t++) {
    if (t % perEpic === 0) lines.push(`## Epic ${t / perEpic + 1}: Work ${t / perEpic + 1}`, '');
    lines.push(`- [${t % 3 === 0 ? 'x' : ' '}] G-${t + 1}: Ticket ${t + 1}`, '  - Effort: 2h');
    if (t) lines.push(`  - Dependencies: G-${t}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The roadmap's pages by path. */
function pagesOf(markdown: string): Map<string, string> {
  const { roadmap } = extractRoadmap({ path: 'docs/tickets.md', text: markdown });
  return new Map(renderRoadmap(roadmap, { router: createRouter('/'), mentions: [] }).map((p) => [p.path, p.content]));
}

/** The Gantt pages of a roadmap, in order. */
const ganttOf = (pages: Map<string, string>) => [...pages].filter(([p]) => /^roadmap\/gantt(\/page\/\d+)?\.md$/.test(p));
/** The tickets a Gantt page draws, in order. */
const bars = (content: string) => [...content.matchAll(/<a class="fd-gantt-bar[^"]*" href="\/tickets\/([^/]+)\/"/g)].map((m) => m[1]!);
/** The section names a Gantt page's chart shows. */
const sections = (content: string) => [...content.matchAll(/<div class="fd-gantt-section">([^<]*)<\/div>/g)].map((m) => m[1]!);

test(`up to GANTT_TICKETS_MAX (${GANTT_TICKETS_MAX}) tickets one Gantt page; one more and pages of whole epics`, () => {
  const one = ganttOf(pagesOf(roadmapOf(GANTT_TICKETS_MAX, 10)));
  assert.deepEqual(one.map(([p]) => p), ['roadmap/gantt.md']);
  assert.equal(bars(one[0]![1]).length, GANTT_TICKETS_MAX);
  assert.ok(!one[0]![1].includes('fd-pages'), 'no page links');

  const two = ganttOf(pagesOf(roadmapOf(GANTT_TICKETS_MAX + 1, 10)));
  assert.deepEqual(two.map(([p]) => p), ['roadmap/gantt.md', 'roadmap/gantt/page/2.md']);
  assert.equal(bars(two[0]![1]).length, 40);
  assert.deepEqual(bars(two[1]![1]), ['G-41']);
  assert.deepEqual(sections(two[1]![1]), [text('Epic 5: Work 5')]);
  assert.match(two[1]![1], /^title: "Gantt chart, page 2 of 2"$/m);
  assert.match(two[1]![1], /^slug: "roadmap\/gantt\/page\/2"$/m);
  assert.match(two[1]![1], /^sidebar: \{"hidden":true\}$/m, 'page 1 and the page links lead there, not the sidebar');
  assert.ok(two[1]![1].includes(`<nav class="fd-pages" aria-label="Pages of the Gantt chart">Pages:${SPACE}<a href="/roadmap/gantt/">1</a>${SPACE}<span aria-current="page">2</span></nav>`), two[1]![1]);
});

test('300 tickets in epics of 12: every ticket on exactly one Gantt page in schedule order, no epic cut that fits a page, each page under 60 KB of HTML', () => {
  const markdown = roadmapOf(300, 12);
  const { roadmap } = extractRoadmap({ path: 'docs/tickets.md', text: markdown });
  const pages = pagesOf(markdown);
  const gantt = ganttOf(pages);
  // Three epics of 12 (36) fill a page: a fourth would overflow it.
  assert.equal(gantt.length, Math.ceil(25 / 3));
  assert.deepEqual(gantt.flatMap(([, c]) => bars(c)), roadmap.schedule.tickets.map((s) => s.ticket));
  for (const [path, content] of gantt) {
    assert.ok(bars(content).length <= GANTT_TICKETS_MAX, path);
    // Each epic is drawn on one page only.
    for (const s of sections(content)) assert.equal(gantt.filter(([, c]) => sections(c).includes(s)).length, 1, s);
    // The same axis on every page: the whole schedule's days.
    assert.ok(content.includes(`aria-label="Gantt chart: ${roadmap.schedule.days} working days"`), path);
    const kb = Buffer.byteLength(pageToHtml(content)) / 1024;
    assert.ok(kb <= 60, `${path}: ${kb.toFixed(1)} KB`);
  }
  // Page 1 lists every page with its epics; every page link goes to a page that exists.
  const first = gantt[0]![1];
  assert.ok(first.includes(`| <a href="/roadmap/gantt/page/2/">Page 2</a> | ${text('Epic 4: Work 4 to Epic 6: Work 6')} | 36 |`), first);
  const slugs = new Set([...pages.values()].map((c) => /^slug: "(.+)"$/m.exec(c)![1]));
  for (const [, content] of gantt) {
    for (const m of content.matchAll(/href="\/(roadmap\/gantt[^"#]*)\/"/g)) assert.ok(slugs.has(m[1]!), m[1]);
  }
});

test('ganttPages keeps runs of a section together and cuts a run longer than a page', () => {
  const rows = (section: string, n: number) => Array.from({ length: n }, (_, i) => ({ section, ticket: `${section}-${i}`, title: '', href: '', state: 'open' as const, critical: false }));
  const shape = (pages: { section: string }[][]) => pages.map((p) => p.map((r) => r.section).join(''));
  assert.deepEqual(shape(ganttPages([...rows('a', 2), ...rows('b', 2), ...rows('c', 1)], 4)), ['aabb', 'c']);
  assert.deepEqual(shape(ganttPages([...rows('a', 1), ...rows('b', 6), ...rows('c', 1)], 4)), ['a', 'bbbb', 'bbc']);
  assert.deepEqual(shape(ganttPages([...rows('a', 4), ...rows('b', 4)], 4)), ['aaaa', 'bbbb']);
  assert.deepEqual(ganttPages([], 4), []);
  assert.throws(() => ganttPages(rows('a', 1), 0), /max must be at least 1/);
});
