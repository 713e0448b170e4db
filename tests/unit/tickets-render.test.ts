import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assertInert, fromMdx, pageToHtml } from './page-html.ts';
import { extractRoadmap } from '../../scripts/extract/tickets.ts';
import type { GeneratedPage } from '../../scripts/render/mdx.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { type Mention, renderRoadmap, roadmapSidebar } from '../../scripts/render/tickets.ts';

const MENTIONS: Mention[] = [
  { name: 'marshmallow', ref: { kind: 'host', name: 'marshmallow' } },
  { name: 'rich-evans', ref: { kind: 'host', name: 'rich-evans' } },
  { name: 'total-eclipse', ref: { kind: 'host', name: 'total-eclipse' } },
  { name: 'bartleby', ref: { kind: 'host', name: 'bartleby' } },
  { name: 'eclipse', ref: { kind: 'host', name: 'eclipse' } },
  { name: 'modules/nixos/desktop/default.nix', ref: { kind: 'optionGroup', group: 'desktop' } },
];

/** Renders a fixture's roadmap with the mentions above, keyed by page path. */
function render(name: string, base = '/'): Map<string, string> {
  const text = readFileSync(new URL(`../fixtures/tickets-${name}/tickets.md`, import.meta.url), 'utf8');
  const { roadmap } = extractRoadmap({ path: 'docs/tickets.md', text });
  const pages: GeneratedPage[] = renderRoadmap(roadmap, { router: createRouter(base), mentions: MENTIONS });
  return new Map(pages.map((p) => [p.path, p.content]));
}

/** The body of the first fenced mermaid block of a page. */
function mermaidOf(page: string): string {
  return /```mermaid\n([\s\S]*?)\n```/.exec(page)![1]!;
}

test('seed: one page per ticket, epic, plus overview, graph and gantt', () => {
  const pages = render('seed');
  assert.deepEqual([...pages.keys()].slice(0, 7), [
    'roadmap.md',
    'roadmap/epic-1.md',
    'roadmap/epic-2.md',
    'roadmap/epic-3.md',
    'roadmap/epic-4.md',
    'roadmap/graph.md',
    'roadmap/gantt.md',
  ]);
  assert.equal(pages.size, 7 + 22 + 1, 'overview, 4 epics, graph, Gantt chart, 22 tickets and the tickets index');
  assert.ok(pages.has('tickets/SEC-3.md'));
  assert.match(pages.get('tickets/SEC-3.md')!, /^---\ntitle: "SEC-3: Migrate existing secrets to SOPS"\n[\s\S]*\nslug: "tickets\/SEC-3"\n---\n/);
  assert.match(pages.get('roadmap/epic-2.md')!, /\nslug: "roadmap\/epic-2"\n/);
});

test('seed: every page compiles to inert HTML', () => {
  for (const [path, content] of render('seed')) assertInert(pageToHtml(content), path);
});

test('seed: graph page links every node and draws every edge of the seed graph', () => {
  const graph = mermaidOf(render('seed').get('roadmap/graph.md')!);
  assert.ok(graph.startsWith('flowchart TB\n  subgraph epic_1["Epic 1: Core Infrastructure Modernization"]\n    INFRA_1["INFRA-1"]\n'));
  assert.ok(graph.includes('  click INFRA_2 href "/tickets/INFRA-2/" "Move desktop configurations to modules"'));
  const seedGraph = /```mermaid\n([\s\S]*?)\n```/.exec(readFileSync(new URL('../fixtures/tickets-seed/tickets.md', import.meta.url), 'utf8'))![1]!;
  const seedEdges = [...seedGraph.matchAll(/([A-Z]+-\d+) --> ([A-Z]+-\d+)/g)].map((m) => `${m[1]!.replace('-', '_')} --> ${m[2]!.replace('-', '_')}`);
  assert.equal(seedEdges.length, 12);
  for (const edge of seedEdges) assert.ok(graph.includes(`\n  ${edge}\n`), `missing edge ${edge}`);
  // The edge the seed's own graph forgot is drawn from the dependency lines.
  assert.ok(graph.includes('\n  SEC_1 --> SEC_3\n'));
  assert.equal((graph.match(/ --> /g) ?? []).length, 13);
  assert.equal((graph.match(/\n  click /g) ?? []).length, 22);
  assert.ok(graph.includes('\n  class INFRA_1,PROF_1,SEC_1,SERV_1,SERV_2,DESK_1,DESK_2,BART_1,TEST_1,DOC_1 ready\n'));
  assert.ok(graph.includes('\n  classDef blocked fill:#c62828,stroke:#8e0000,color:#ffffff\n'));
});

test('seed: ticket page for SEC-3 links its dependencies and dependents', () => {
  const page = render('seed').get('tickets/SEC-3.md')!;
  assert.ok(
    page.includes(
      fromMdx('<dt>{"Depends on"}</dt><dd><span class="fd-id"><a href={"/tickets/SEC-1/"}>{"SEC-1"}</a></span>{" "}<span class={"fd-badge fd-badge-note"}>{"Ready to start"}</span>, <span class="fd-id"><a href={"/tickets/SEC-2/"}>{"SEC-2"}</a></span>{" "}<span class={"fd-badge fd-badge-danger"}>{"Blocked"}</span></dd>'),
    ),
  );
  assert.ok(page.includes(fromMdx('<dt>{"Needed by"}</dt><dd><span class="fd-id"><a href={"/tickets/SEC-4/"}>{"SEC-4"}</a></span></dd>')));
  assert.ok(
    page.includes(
      fromMdx('<dt>{"Status"}</dt><dd><span class={"fd-badge fd-badge-danger"}>{"Blocked"}</span>{" "}{"Waiting on"}{" "}<span class="fd-id"><a href={"/tickets/SEC-1/"}>{"SEC-1"}</a></span>, <span class="fd-id"><a href={"/tickets/SEC-2/"}>{"SEC-2"}</a></span></dd>'),
    ),
  );
  assert.ok(page.includes(fromMdx('<dt>{"Priority"}</dt><dd>{"High"}{" "}<span class="fd-muted">{"(Required for system stability/security)"}</span></dd>')));
  assert.ok(page.includes(fromMdx('<dt>{"Epic"}</dt><dd><a href={"/roadmap/epic-2/"}>{"Epic 2: Security and Secrets Management"}</a></dd>')));
  assert.ok(page.includes(fromMdx('\n- {"Move current secrets to new structure"}\n- {"Validate all services still work"}\n')));
});

test('seed: host and module names in ticket text link to their pages, whole words only', () => {
  const pages = render('seed');
  const infra2 = pages.get('tickets/INFRA-2.md')!;
  assert.ok(
    infra2.includes(
      fromMdx('- {"Extract common desktop settings from "}<a href={"/hosts/marshmallow/"}>{"marshmallow"}</a>{"/"}<a href={"/hosts/total-eclipse/"}>{"total-eclipse"}</a>\n'),
    ),
    'total-eclipse is one name, not "eclipse" inside it',
  );
  assert.ok(infra2.includes(fromMdx('- {"Create "}<a href={"/options/desktop/"}><code>{"modules/nixos/desktop/default.nix"}</code></a>\n')));
  assert.ok(
    infra2.includes(
      fromMdx('<dt>{"Mentions"}</dt><dd><a href={"/hosts/marshmallow/"}>{"marshmallow"}</a>, <a href={"/hosts/total-eclipse/"}>{"total-eclipse"}</a>, <a href={"/options/desktop/"}>{"modules/nixos/desktop/default.nix"}</a></dd>'),
    ),
  );
  // Case-insensitive: the title writes Rich-Evans.
  assert.ok(pages.get('roadmap.md')!.includes(fromMdx('| <a href={"/hosts/rich-evans/"}>{"Rich-Evans"}</a>{" service organization"} |')));
  assert.ok(pages.get('tickets/PROF-3.md')!.includes(fromMdx('- {"Extract "}<a href={"/hosts/rich-evans/"}>{"rich-evans"}</a>{" base configuration"}')));
  assert.ok(!pages.get('tickets/SEC-1.md')!.includes('/hosts/'));
  // No partial words.
  const { roadmap } = extractRoadmap({ path: 'x.md', text: '- [ ] W-1: marshmallows, eclipsed, MARSHMALLOW.\n' });
  const page = renderRoadmap(roadmap, { router: createRouter('/'), mentions: MENTIONS }).find((p) => p.path === 'tickets/W-1.md')!;
  assert.ok(page.content.includes(fromMdx('<dt>{"Mentions"}</dt><dd><a href={"/hosts/marshmallow/"}>{"marshmallow"}</a></dd>')));
});

test('seed: overview shows progress, ready, blocked and the critical path', () => {
  const page = render('seed').get('roadmap.md')!;
  assert.ok(page.includes('### [Epic 1\\: Core Infrastructure Modernization](/roadmap/epic-1/)'));
  assert.ok(page.includes(fromMdx('**Goal**: {"Establish basic modular structure and improve maintainability"}')));
  assert.ok(
    page.includes(
      fromMdx('<progress class="fd-progress-bar" value={"0"} max={"28"} aria-label={"Epic 1: Core Infrastructure Modernization: 0h of 28h done, 28h open · 0 of 8 tickets done"}></progress>'),
    ),
  );
  assert.ok(page.includes(fromMdx('| <span class="fd-id"><a href={"/tickets/SEC-3/"}>{"SEC-3"}</a></span> | {"Migrate existing secrets to SOPS"} | <span class="fd-id"><a href={"/tickets/SEC-1/"}>{"SEC-1"}</a></span>, <span class="fd-id"><a href={"/tickets/SEC-2/"}>{"SEC-2"}</a></span> |')));
  assert.ok(page.includes(fromMdx('by effort: {"16h"} in {"4"} tickets.')));
  assert.ok(
    page.includes(
      [
        '1. <span class="fd-id"><a href={"/tickets/SEC-1/"}>{"SEC-1"}</a></span>: {"Set up SOPS infrastructure"} ({"4h"})',
        '2. <span class="fd-id"><a href={"/tickets/SEC-2/"}>{"SEC-2"}</a></span>: {"Create secrets organization structure"} ({"2h"})',
        '3. <span class="fd-id"><a href={"/tickets/SEC-3/"}>{"SEC-3"}</a></span>: {"Migrate existing secrets to SOPS"} ({"6h"})',
        '4. <span class="fd-id"><a href={"/tickets/SEC-4/"}>{"SEC-4"}</a></span>: {"Implement backup strategy for secrets"} ({"4h"})',
      ].map(fromMdx).join('\n'),
    ),
  );
  const ready = page.slice(page.indexOf('## Ready to start'), page.indexOf('## Blocked'));
  assert.equal((ready.match(/^\| <span class="fd-id"><a href="\/tickets\//gm) ?? []).length, 10);
});

test('seed: epic page lists milestones with their tickets as a table', () => {
  const page = render('seed').get('roadmap/epic-2.md')!;
  assert.ok(page.includes(fromMdx('## Milestone 2\\.2\\: Secrets Migration\n\n**Duration**: {"4 days"}\n')));
  assert.ok(
    page.includes(
      fromMdx('| <span class="fd-id"><a href={"/tickets/SEC-3/"}>{"SEC-3"}</a></span> | {"Migrate existing secrets to SOPS"} | <span class={"fd-badge fd-badge-danger"}>{"Blocked"}</span> | {"High"} | {"6h"} | <span class="fd-id"><a href={"/tickets/SEC-1/"}>{"SEC-1"}</a></span>, <span class="fd-id"><a href={"/tickets/SEC-2/"}>{"SEC-2"}</a></span> |'),
    ),
  );
});

test('seed: gantt chart in working days, ordered by dependencies, from day 1 when no start is known', () => {
  const page = render('seed').get('roadmap/gantt.md')!;
  assert.ok(!page.includes('```mermaid'), 'drawn as HTML, not by mermaid');
  assert.ok(page.includes(fromMdx('<div class={"fd-gantt not-content"} aria-label={"Gantt chart: 2 working days"} data-pagefind-ignore>')));
  assert.ok(
    page.includes(
      fromMdx('<span class={"fd-gantt-tick"} style={"left:0%"}>{"day 1"}</span>\n<span class={"fd-gantt-tick"} style={"left:50%"}>{"day 2"}</span>\n'),
    ),
  );
  const rows = [...page.matchAll(/<a href="\/tickets\/([A-Z]+-\d+)\/">\1<\/a> /g)].map((m) => m[1]);
  assert.deepEqual(rows.slice(0, 5), ['INFRA-1', 'INFRA-2', 'INFRA-3', 'INFRA-4', 'PROF-1']);
  assert.equal(rows.length, 22);
  assert.ok(
    page.includes(
      fromMdx('<a class={"fd-gantt-bar fd-gantt-blocked fd-gantt-critical"} href={"/tickets/SEC-3/"} style={"left:37.5%;width:37.5%"} title={"SEC-3: Migrate existing secrets to SOPS (days 1–2)"} aria-label={"SEC-3, days 1–2"}></a>'),
    ),
  );
  assert.ok(page.includes(fromMdx('| {"day 1"} | {"day 2"} |')));
  assert.equal(page, render('seed').get('roadmap/gantt.md')!);
});

test('roll-up fixture: done tickets, the document start date, and a base path', () => {
  const pages = render('rollup', '/systems/');
  const gantt = pages.get('roadmap/gantt.md')!;
  assert.ok(gantt.includes(fromMdx('<span class={"fd-gantt-tick"} style={"left:0%"}>{"Mar 03"}</span>\n<span class={"fd-gantt-tick"} style={"left:50%"}>{"Mar 04"}</span>\n')));
  assert.ok(gantt.includes(fromMdx('<a class={"fd-gantt-bar fd-gantt-done"} href={"/systems/tickets/A-1/"} style={"left:0%;width:12.5%"}')));
  assert.ok(gantt.includes(fromMdx('tickets without dependencies start on {"2025-03-03"}, as the document\'s {"Start:"} line says')));
  assert.ok(gantt.includes(fromMdx('| {"day 2 (Mar 04)"} | {"day 2 (Mar 04)"} |')));
  const graph = mermaidOf(pages.get('roadmap/graph.md')!);
  assert.ok(graph.includes('\n  class A_1,A_2,B_1 done\n'));
  assert.ok(graph.includes('\n  class A_4,B_2 blocked\n'));
  const overview = pages.get('roadmap.md')!;
  assert.ok(overview.includes(fromMdx('value={"2.5"} max={"15"} aria-label={"Epic 1: Alpha: 2.5h of 15h done, 12.5h open · 2 of 5 tickets done"}')));
  assert.ok(overview.includes(fromMdx('<a href={"/systems/roadmap/epic-2/"}>')));
  // Ticket ids in titles link to their pages, except on the ticket's own page.
  assert.ok(overview.includes(fromMdx('{"Waits for "}<a href={"/systems/tickets/A-3/"}>{"A-3"}</a>')));
  assert.deepEqual(
    roadmapSidebar(extractRoadmap({ path: 'x.md', text: '## Epic 1: A\n- [ ] A-1: x\n' }).roadmap, createRouter('/')),
    [
      { label: 'Overview', href: '/roadmap/' },
      { label: 'Epic 1: A', href: '/roadmap/epic-1/' },
      { label: 'Dependency graph', href: '/roadmap/graph/' },
      { label: 'Gantt chart', href: '/roadmap/gantt/' },
    ],
  );
});

test('untrusted text stays text', () => {
  const md = [
    '## Epic 1: <script>alert(1)</script> {x}',
    '- [ ] EVIL-1: `</code>` <img src=x onerror=alert(1)> | pipe "quote": #x;',
    '  - Effort: 1h',
    '  - Detail with {braces} and <b>tags</b>',
  ].join('\n');
  const { roadmap } = extractRoadmap({ path: 'docs/tickets.md', text: md });
  const pages = new Map(renderRoadmap(roadmap, { router: createRouter('/'), mentions: [] }).map((p) => [p.path, p.content]));
  for (const content of pages.values()) {
    // Frontmatter is YAML (JSON-encoded strings) that Starlight prints as text; the MDX body must hold no raw tag.
    const body = content.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/```mermaid\n[\s\S]*?\n```/g, '');
    // A backslash-escaped `\\<` (in headings) is literal text in MDX.
    assert.ok(!/(^|[^\\])<script/.test(body), 'no raw script tag');
    assert.ok(!/(^|[^\\])<img/.test(body), 'no raw img tag');
    assert.ok(!/(^|[^\\])<b>/.test(body), 'no raw b tag');
  }
  assert.ok(pages.get('roadmap/epic-1.md')!.startsWith('---\ntitle: "Epic 1: <script>alert(1)</script> {x}"\n'));
  assert.ok(pages.get('tickets/EVIL-1.md')!.includes(fromMdx('\n- {"Detail with {braces} and \\u003cb>tags\\u003c/b>"}\n')));
  const gantt = pages.get('roadmap/gantt.md')!;
  assert.ok(gantt.includes(fromMdx('{" "}{"\\u003c/code> \\u003cimg src=x onerror=alert(1)> \\u007c pipe \\"quote\\": #x;"}</span>')));
  assert.ok(gantt.includes(fromMdx('title={"EVIL-1: \\u003c/code> \\u003cimg src=x onerror=alert(1)> \\u007c pipe \\"quote\\": #x; (day 1)"}')));
  const graph = mermaidOf(pages.get('roadmap/graph.md')!);
  assert.ok(graph.includes('click EVIL_1 href "/tickets/EVIL-1/" "‹/code› ‹img src=x onerror=alert(1)› | pipe \'quote\': #x;"'));
});

test('fact lists keep the space before a note: a dependency outside the roadmap, an unreadable effort', () => {
  const pipe = render('unknown-dependency').get('tickets/PIPE-2.md')!;
  assert.ok(pipe.includes(fromMdx('<span class="fd-id">{"HEAT-9"}</span>{" "}<span class="fd-muted">{"(not in the roadmap)"}</span>')), pipe);
  const effort = render('bad-effort').get('tickets/EST-2.md')!;
  assert.match(effort, /<dt>Effort<\/dt><dd>[^<]+ <span class="fd-muted">\(unreadable\)<\/span><\/dd>/);
});
