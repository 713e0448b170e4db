import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Diagnostic } from '../../scripts/diagnostics.ts';
import { extractRoadmap, parseEffort, parseMermaidEdges } from '../../scripts/extract/tickets.ts';

const FILE = 'docs/tickets.md';

/** Extracts a fixture's `tickets.md` as if it lived at `docs/tickets.md` in the flake. */
function fixture(name: string) {
  const text = readFileSync(new URL(`../fixtures/tickets-${name}/tickets.md`, import.meta.url), 'utf8');
  return extractRoadmap({ path: FILE, text });
}

/** The diagnostics other than the informational ones. */
function problems(list: Diagnostic[]): Diagnostic[] {
  return list.filter((d) => d.severity !== 'info');
}

const at = (line: number, column = 1) => ({ file: FILE, line, column });

test('seed: epics, milestones and tickets are read', () => {
  const { roadmap } = fixture('seed');
  assert.equal(roadmap.title, 'Systems Flake Reorganization - Project Tickets');
  assert.deepEqual(
    roadmap.epics.map((e) => [e.id, e.title, e.goal, e.timeline, e.milestones]),
    [
      ['epic-1', 'Core Infrastructure Modernization', 'Establish basic modular structure and improve maintainability', '~2-3 weeks', ['1.1', '1.2']],
      ['epic-2', 'Security and Secrets Management', 'Improve system security and secrets handling', '~1-2 weeks', ['2.1', '2.2']],
      ['epic-3', 'Machine-Specific Optimizations', 'Address individual machine needs and improvements', '~2-3 weeks', ['3.1', '3.2', '3.3']],
      ['epic-4', 'Testing and Documentation', 'Ensure system reliability and maintainability', '~2 weeks', ['4.1', '4.2']],
    ],
  );
  assert.deepEqual(
    roadmap.milestones.map((m) => [m.id, m.title, m.duration, m.epic, m.tickets.length]),
    [
      ['1.1', 'Module System Foundation', '1 week', 'epic-1', 4],
      ['1.2', 'Profile System Implementation', '1 week', 'epic-1', 4],
      ['2.1', 'Basic Secrets Infrastructure', '3 days', 'epic-2', 2],
      ['2.2', 'Secrets Migration', '4 days', 'epic-2', 2],
      ['3.1', 'Server Optimization', '1 week', 'epic-3', 2],
      ['3.2', 'Desktop Improvements', '1 week', 'epic-3', 2],
      ['3.3', 'Legacy Hardware Support', '3 days', 'epic-3', 2],
      ['4.1', 'Testing Infrastructure', '1 week', 'epic-4', 2],
      ['4.2', 'Documentation', '1 week', 'epic-4', 2],
    ],
  );
  assert.equal(roadmap.tickets.length, 22);
  const sec3 = roadmap.tickets.find((t) => t.id === 'SEC-3')!;
  assert.deepEqual(sec3, {
    kind: 'ticket',
    id: 'SEC-3',
    title: 'Migrate existing secrets to SOPS',
    done: false,
    priority: 'High',
    effortText: '6h',
    effortHours: 6,
    dependencies: ['SEC-1', 'SEC-2'],
    details: [
      { kind: 'detail', depth: 0, content: [{ kind: 'text', value: 'Move current secrets to new structure' }] },
      { kind: 'detail', depth: 0, content: [{ kind: 'text', value: 'Validate all services still work' }] },
    ],
    epic: 'epic-2',
    milestone: '2.2',
    location: at(82),
  });
  const infra1 = roadmap.tickets.find((t) => t.id === 'INFRA-1')!;
  assert.deepEqual(infra1.details[0]!.content, [
    { kind: 'text', value: 'Create ' },
    { kind: 'code', value: 'modules/{nixos,darwin,home}' },
    { kind: 'text', value: ' directories' },
  ]);
  assert.deepEqual(roadmap.priorities, [
    { kind: 'priorityDefinition', name: 'High', meaning: 'Required for system stability/security' },
    { kind: 'priorityDefinition', name: 'Medium', meaning: 'Important for usability/maintenance' },
    { kind: 'priorityDefinition', name: 'Low', meaning: 'Nice to have/quality of life' },
  ]);
  assert.deepEqual(roadmap.effortNotes, [
    'Based on single developer working time',
    'Does not include review/testing time',
    'Should be refined based on actual implementation experience',
  ]);
  assert.equal(roadmap.mermaid.length, 1);
  assert.equal(roadmap.mermaid[0]!.diagram, 'graph');
  assert.equal(roadmap.mermaid[0]!.edges.length, 12);
  assert.deepEqual(roadmap.mermaid[0]!.edges[0], { from: 'INFRA-1', to: 'INFRA-2', line: 194 });
});

test('seed: effort roll-ups per epic and milestone', () => {
  const { facts } = fixture('seed').roadmap;
  const hours = (p: { hoursDone: number; hoursOpen: number; ticketsDone: number; ticketsTotal: number }) => [
    p.hoursDone,
    p.hoursOpen,
    p.ticketsDone,
    p.ticketsTotal,
  ];
  assert.deepEqual(hours(facts.epics['epic-1']!), [0, 28, 0, 8]);
  assert.deepEqual(hours(facts.epics['epic-2']!), [0, 16, 0, 4]);
  assert.deepEqual(hours(facts.epics['epic-3']!), [0, 30, 0, 6]);
  assert.deepEqual(hours(facts.epics['epic-4']!), [0, 22, 0, 4]);
  assert.deepEqual(hours(facts.milestones['1.1']!), [0, 14, 0, 4]);
  assert.deepEqual(hours(facts.milestones['2.2']!), [0, 10, 0, 2]);
  assert.deepEqual(facts.total, {
    kind: 'progress',
    ticketsDone: 0,
    ticketsTotal: 22,
    hoursDone: 0,
    hoursOpen: 96,
    hoursTotal: 96,
    unestimated: 0,
  });
});

test('seed: ready, blocked, dependents and the critical path', () => {
  const { facts } = fixture('seed').roadmap;
  assert.deepEqual(facts.ready, ['INFRA-1', 'PROF-1', 'SEC-1', 'SERV-1', 'SERV-2', 'DESK-1', 'DESK-2', 'BART-1', 'TEST-1', 'DOC-1']);
  assert.deepEqual(facts.blocked, [
    { ticket: 'INFRA-2', blockers: ['INFRA-1'] },
    { ticket: 'INFRA-3', blockers: ['INFRA-1'] },
    { ticket: 'INFRA-4', blockers: ['INFRA-1'] },
    { ticket: 'PROF-2', blockers: ['PROF-1'] },
    { ticket: 'PROF-3', blockers: ['PROF-1'] },
    { ticket: 'PROF-4', blockers: ['PROF-1'] },
    { ticket: 'SEC-2', blockers: ['SEC-1'] },
    { ticket: 'SEC-3', blockers: ['SEC-1', 'SEC-2'] },
    { ticket: 'SEC-4', blockers: ['SEC-3'] },
    { ticket: 'BART-2', blockers: ['BART-1'] },
    { ticket: 'TEST-2', blockers: ['TEST-1'] },
    { ticket: 'DOC-2', blockers: ['DOC-1'] },
  ]);
  assert.deepEqual(facts.dependents['SEC-1'], ['SEC-2', 'SEC-3']);
  assert.deepEqual(facts.dependents['INFRA-1'], ['INFRA-2', 'INFRA-3', 'INFRA-4']);
  // SEC-1 (4h) → SEC-2 (2h) → SEC-3 (6h) → SEC-4 (4h) = 16h beats TEST-1 → TEST-2 (12h) and DOC-1 → DOC-2 (10h).
  assert.deepEqual(facts.criticalPath, { tickets: ['SEC-1', 'SEC-2', 'SEC-3', 'SEC-4'], hours: 16 });
});

test('seed: the only diagnostic is the graph missing SEC-1 --> SEC-3', () => {
  assert.deepEqual(fixture('seed').diagnostics, [
    {
      severity: 'warning',
      code: 'tickets/graph-mismatch',
      message:
        "the mermaid dependency graph disagrees with the tickets' dependency lines; in the tickets but not in the graph: SEC-1 --> SEC-3",
      location: at(192),
    },
  ]);
});

test('roll-up fixture: done and open effort, ready, blocked and critical path', () => {
  const { roadmap, diagnostics } = fixture('rollup');
  assert.deepEqual(diagnostics, []);
  assert.equal(roadmap.start, '2025-03-03');
  const { facts } = roadmap;
  const p = (x: { hoursDone: number; hoursOpen: number; hoursTotal: number; ticketsDone: number; ticketsTotal: number }) => [
    x.hoursDone,
    x.hoursOpen,
    x.hoursTotal,
    x.ticketsDone,
    x.ticketsTotal,
  ];
  // Epic 1: done A-1 2h + A-2 30m; open A-3 1d (8h) + A-4 1.5h + A-5 3h.
  assert.deepEqual(p(facts.epics['epic-1']!), [2.5, 12.5, 15, 2, 5]);
  assert.deepEqual(p(facts.milestones['1.1']!), [2.5, 8, 10.5, 2, 3]);
  assert.deepEqual(p(facts.milestones['1.2']!), [0, 4.5, 4.5, 0, 2]);
  // Epic 2 has no milestone: done B-1 4h; open B-2 2h + B-3 10h.
  assert.deepEqual(p(facts.epics['epic-2']!), [4, 12, 16, 1, 3]);
  assert.deepEqual(roadmap.epics[1]!.milestones, []);
  assert.deepEqual(p(facts.total), [6.5, 24.5, 31, 3, 8]);
  assert.deepEqual(facts.ready, ['A-3', 'A-5', 'B-3']);
  assert.deepEqual(facts.blocked, [
    { ticket: 'A-4', blockers: ['A-3'] },
    { ticket: 'B-2', blockers: ['A-4'] },
  ]);
  assert.deepEqual(facts.states, {
    'A-1': 'done',
    'A-2': 'done',
    'A-3': 'ready',
    'A-4': 'blocked',
    'A-5': 'ready',
    'B-1': 'done',
    'B-2': 'blocked',
    'B-3': 'ready',
  });
  // Done tickets weigh nothing: A-3 (8h) → A-4 (1.5h) → B-2 (2h) = 11.5h beats B-3 alone (10h).
  assert.deepEqual(facts.criticalPath, { tickets: ['A-3', 'A-4', 'B-2'], hours: 11.5 });
});

test('check: a dependency on an unknown id', () => {
  assert.deepEqual(problems(fixture('unknown-dependency').diagnostics), [
    {
      severity: 'error',
      code: 'tickets/unknown-dependency',
      message: 'PIPE-2 depends on HEAT-9, which is not a ticket in the roadmap',
      location: at(9),
    },
  ]);
  const { facts } = fixture('unknown-dependency').roadmap;
  // PIPE-1 is open, so PIPE-2 is blocked by it; the unknown id blocks nothing.
  assert.deepEqual(facts.blocked, [{ ticket: 'PIPE-2', blockers: ['PIPE-1'] }]);
});

test('check: dependency cycles, including a ticket depending on itself', () => {
  const { roadmap, diagnostics } = fixture('cycle');
  assert.deepEqual(diagnostics, [
    {
      severity: 'error',
      code: 'tickets/cycle',
      message: 'dependency cycle: EGG-1 → EGG-3 → EGG-2 → EGG-1 (each ticket depends on the next)',
      location: at(5),
    },
    {
      severity: 'error',
      code: 'tickets/cycle',
      message: 'dependency cycle: SELF-1 → SELF-1 (each ticket depends on the next)',
      location: at(14),
    },
  ]);
  // Facts still terminate: the walk from EGG-1 drops the edge EGG-2 → EGG-1 that closes the cycle.
  assert.deepEqual(roadmap.facts.criticalPath, { tickets: ['EGG-2', 'EGG-3', 'EGG-1'], hours: 3 });
  assert.deepEqual(roadmap.facts.ready, []);
});

test('check: a duplicate id keeps the first ticket', () => {
  const { roadmap, diagnostics } = fixture('duplicate-id');
  assert.deepEqual(diagnostics, [
    {
      severity: 'error',
      code: 'tickets/duplicate-id',
      message: 'duplicate ticket id TWIN-1: already defined at docs/tickets.md:5:1; this one is ignored',
      location: at(9),
    },
  ]);
  assert.deepEqual(
    roadmap.tickets.map((t) => [t.id, t.title]),
    [
      ['TWIN-1', 'The first twin'],
      ['TWIN-2', 'Another ticket'],
    ],
  );
  assert.deepEqual(roadmap.epics[0]!.tickets, ['TWIN-1', 'TWIN-2']);
});

test('check: a mermaid graph that disagrees with the dependency lines', () => {
  assert.deepEqual(fixture('graph-mismatch').diagnostics, [
    {
      severity: 'warning',
      code: 'tickets/graph-mismatch',
      message:
        "the mermaid dependency graph disagrees with the tickets' dependency lines; in the graph but not in the tickets: NODE-4 --> NODE-5; in the tickets but not in the graph: NODE-1 --> NODE-3",
      location: at(18),
    },
  ]);
});

test('check: unreadable efforts', () => {
  const { roadmap, diagnostics } = fixture('bad-effort');
  assert.deepEqual(diagnostics, [
    {
      severity: 'warning',
      code: 'tickets/bad-effort',
      message: 'cannot read effort "a few hours" of EST-2: write minutes, hours, days or weeks, such as 30m, 2h, 1d or 1w',
      location: at(8, 3),
    },
    {
      severity: 'warning',
      code: 'tickets/bad-effort',
      message: 'cannot read effort "2-3h" of EST-3: write minutes, hours, days or weeks, such as 30m, 2h, 1d or 1w',
      location: at(10, 3),
    },
  ]);
  assert.deepEqual(
    roadmap.tickets.map((t) => t.effortHours),
    [1.5, undefined, undefined, 8, 0.5],
  );
  assert.equal(roadmap.facts.total.unestimated, 2);
});

test('real-world variations: emoji, bold, [X], separators, missing fields', () => {
  const { roadmap, diagnostics } = fixture('variations');
  assert.equal(roadmap.epics[0]!.title, 'Bold start');
  assert.equal(roadmap.epics[0]!.goal, 'Tolerate real documents');
  assert.equal(roadmap.epics[0]!.timeline, 'soon');
  assert.deepEqual(
    roadmap.milestones.map((m) => [m.id, m.title, m.duration]),
    [['1.1', 'Odd formatting', '2 weeks']],
  );
  assert.deepEqual(
    roadmap.tickets.map((t) => [t.id, t.title, t.done, t.priority, t.effortHours, t.dependencies]),
    [
      ['VAR-1', 'Done with a capital X', true, 'High', 2, []],
      ['VAR-2', 'Dash separator, no fields', false, undefined, undefined, []],
      ['VAR-3', 'Depends with extra words', false, 'Urgent', undefined, ['VAR-1', 'VAR-2']],
      ['VAR-4', 'Plain bullet inside an epic', false, undefined, 1, []],
    ],
  );
  assert.deepEqual(
    roadmap.tickets[0]!.details.map((d) => [d.depth, d.content]),
    [
      [
        0,
        [
          { kind: 'text', value: 'Create ' },
          { kind: 'code', value: 'modules/nixos/a.nix' },
          { kind: 'text', value: ' for marshmallow' },
        ],
      ],
      [1, [{ kind: 'text', value: 'nested note' }]],
    ],
  );
  assert.deepEqual(
    diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.severity} ${d.code}`),
    [
      '15:1 info tickets/missing-effort',
      '17:1 info tickets/missing-effort',
      '19:3 warning tickets/unknown-priority',
      '21:1 warning tickets/unreadable-ticket',
    ],
  );
  assert.equal(
    diagnostics[3]!.message,
    'cannot read a ticket id in "this task has no id": start the item with an id such as INFRA-1, then ":" and the title',
  );
});

test('parseEffort accepts minutes, hours, days and weeks only; a day is hoursPerDay hours, a week five days', () => {
  assert.equal(parseEffort('3 days'), 24);
  assert.equal(parseEffort('1w'), 40);
  assert.equal(parseEffort('2 weeks'), 80);
  assert.equal(parseEffort('1d', 6), 6);
  assert.equal(parseEffort('1w', 6), 30);
  assert.equal(parseEffort('2h'), 2);
  assert.equal(parseEffort('1.5h'), 1.5);
  assert.equal(parseEffort('30m'), 0.5);
  assert.equal(parseEffort('1d'), 8);
  assert.equal(parseEffort('3 hours'), 3);
  assert.equal(parseEffort('2-3h'), undefined);
  assert.equal(parseEffort('soon'), undefined);
  assert.equal(parseEffort('2'), undefined);
});

test('parseMermaidEdges reads chains, groups, shapes and edge labels', () => {
  const source = [
    'flowchart LR',
    '  A_1["A-1"] --> B_1(B-1) --> C-1',
    '  A-2 & A-3 -.-> D-1; D-1 ==>|ships| E-1',
    '  E-1 -- "needs review" --> F-1',
    '  click A_1 href "/x"',
    '  subgraph s1 [Group]',
    '  end',
  ].join('\n');
  assert.deepEqual(parseMermaidEdges(source, 10), {
    diagram: 'flowchart',
    edges: [
      { from: 'A-1', to: 'B-1', line: 11 },
      { from: 'B-1', to: 'C-1', line: 11 },
      { from: 'A-2', to: 'D-1', line: 12 },
      { from: 'A-3', to: 'D-1', line: 12 },
      { from: 'D-1', to: 'E-1', line: 12 },
      { from: 'E-1', to: 'F-1', line: 13 },
    ],
  });
  assert.deepEqual(parseMermaidEdges('gantt\n  title x', 1), { diagram: 'gantt', edges: [] });
});

test('a graph naming nodes INFRA_1 (mermaid-safe ids) agrees with tickets INFRA-1', () => {
  const text = ['- [ ] A-1: One', '  - Effort: 1h', '- [ ] A-2: Two', '  - Effort: 1h', '  - Dependencies: A-1', '', '```mermaid', 'flowchart LR', '  A_1 --> A_2', '```', ''].join('\n');
  assert.deepEqual(problems(extractRoadmap({ path: FILE, text }).diagnostics), []);
  const wrong = text.replace('A_1 --> A_2', 'A_2 --> A_1');
  assert.deepEqual(
    extractRoadmap({ path: FILE, text: wrong }).diagnostics.map((d) => d.message),
    ["the mermaid dependency graph disagrees with the tickets' dependency lines; in the graph but not in the tickets: A-2 --> A-1; in the tickets but not in the graph: A-1 --> A-2"],
  );
});
