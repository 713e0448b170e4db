/**
 * Planning documents of every shape (the owner's four, copied into tests/fixtures/plans-*), mojibake
 * repair, the no-items warning, several documents, and scheduling in working days.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { roadmapFiles } from '../../scripts/extract/index.ts';
import { extractRoadmap, extractRoadmaps, repairMojibake, scheduleTickets } from '../../scripts/extract/tickets.ts';
import type { Roadmap } from '../../scripts/model/tickets.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { renderRoadmap } from '../../scripts/render/tickets.ts';
import { assertInert, pageToHtml } from './page-html.ts';

const fixtures = new URL('../fixtures/', import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, fixtures), 'utf8');

/** A fixture document extracted as `docs/<name>` of a flake. */
function plan(rel: string, options = {}) {
  const name = rel.split('/').pop()!;
  return extractRoadmap({ path: `docs/${name}`, text: read(rel) }, options);
}

/** `done/in progress/total` of the whole document and of every section holding items. */
function counts(r: Roadmap): Record<string, string> {
  const c = (p: { done: number; inProgress: number; total: number }) => `${p.done}/${p.inProgress}/${p.total}`;
  const out: Record<string, string> = { document: c(r.facts.plan) };
  for (const s of r.sections) if (r.facts.sections[s.id]!.total) out[s.id] = c(r.facts.sections[s.id]!);
  return out;
}

/** The pages of a document, by path. */
function pages(r: Roadmap | ReturnType<typeof extractRoadmaps>['roadmaps']): Map<string, string> {
  return new Map(renderRoadmap(r, { router: createRouter('/'), mentions: [] }).map((p) => [p.path, p.content]));
}

test('ticket list (seed 000): 22 tickets, none done, counted per epic and milestone', () => {
  const { roadmap, diagnostics } = plan('plans-tickets/tickets.md');
  assert.equal(roadmap.items.length, 22);
  assert.ok(roadmap.items.every((i) => i.form === 'ticket' && i.id === i.ticket));
  assert.deepEqual(counts(roadmap), {
    document: '0/0/22',
    'epic-1-core-infrastructure-modernization': '0/0/8',
    'milestone-1-1-module-system-foundation': '0/0/4',
    'milestone-1-2-profile-system-implementation': '0/0/4',
    'epic-2-security-and-secrets-management': '0/0/4',
    'milestone-2-1-basic-secrets-infrastructure': '0/0/2',
    'milestone-2-2-secrets-migration': '0/0/2',
    'epic-3-machine-specific-optimizations': '0/0/6',
    'milestone-3-1-server-optimization': '0/0/2',
    'milestone-3-2-desktop-improvements': '0/0/2',
    'milestone-3-3-legacy-hardware-support': '0/0/2',
    'epic-4-testing-and-documentation': '0/0/4',
    'milestone-4-1-testing-infrastructure': '0/0/2',
    'milestone-4-2-documentation': '0/0/2',
  });
  const epic1 = roadmap.sections.find((s) => s.id === 'epic-1-core-infrastructure-modernization')!;
  assert.deepEqual(epic1.fields, [
    { name: 'Goal', value: 'Establish basic modular structure and improve maintainability' },
    { name: 'Timeline', value: '~2-3 weeks' },
  ]);
  assert.deepEqual(roadmap.sections.find((s) => s.id === 'milestone-2-1-basic-secrets-infrastructure')!.fields, [{ name: 'Duration', value: '3 days' }]);
  assert.deepEqual(diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code), ['tickets/graph-mismatch']);
});

test('TODO of checkbox sections (seed 001): 55 tasks, nested ones included, per priority group and machine', () => {
  const { roadmap, diagnostics } = plan('plans-todo/TODO.md');
  assert.equal(roadmap.title, 'Systems Flake Reorganization TODO');
  assert.deepEqual(counts(roadmap), {
    document: '0/0/55',
    'high-priority-tasks': '0/0/17',
    '1-module-system-implementation': '0/0/6',
    '2-profile-system-creation': '0/0/7',
    '3-configuration-organization': '0/0/4',
    'medium-priority-tasks': '0/0/10',
    '4-secrets-management': '0/0/4',
    '5-container-management': '0/0/3',
    '6-development-environment': '0/0/3',
    'long-term-goals': '0/0/12',
    '7-testing-infrastructure': '0/0/3',
    '8-documentation': '0/0/3',
    '9-role-based-configurations': '0/0/3',
    '10-darwin-integration': '0/0/3',
    'machine-specific-improvements': '0/0/16',
    'rich-evans-hp-server': '0/0/4',
    'marshmallow-daily-driver': '0/0/3',
    'total-eclipse-gaming-pc': '0/0/3',
    bartleby: '0/0/3',
    'macbooks-cronut-work': '0/0/3',
  });
  const nested = roadmap.items.filter((i) => i.section === '1-module-system-implementation');
  assert.deepEqual(
    nested.map((i) => [i.id, i.depth, i.parent ?? null, i.text.map((t) => t.value).join('')]),
    [
      ['1-module-system-implementation.1', 0, null, 'Create modules/ directory structure'],
      ['1-module-system-implementation.2', 1, '1-module-system-implementation.1', 'nixos/ for NixOS-specific modules'],
      ['1-module-system-implementation.3', 1, '1-module-system-implementation.1', 'darwin/ for MacOS-specific modules'],
      ['1-module-system-implementation.4', 1, '1-module-system-implementation.1', 'home/ for home-manager modules'],
      ['1-module-system-implementation.5', 0, null, 'Move common configurations into appropriate modules'],
      ['1-module-system-implementation.6', 0, null, 'Create clear documentation for each module'],
    ],
  );
  assert.ok(roadmap.items.every((i) => i.form === 'checkbox' && i.status === 'planned'));
  assert.deepEqual(diagnostics, []);
});

test('project page with status lines (seed 002): 22 items, 3 done, 1 in progress, workstream fields kept', () => {
  const { roadmap, diagnostics } = plan('plans-project/PROJECT.md');
  assert.deepEqual(counts(roadmap), {
    document: '3/1/22',
    'active-workstreams': '3/1/8',
    '1-system-configuration-management': '3/1/8',
    'current-state': '3/1/4',
    'next-actions': '0/0/4',
    'todo-list': '0/0/10',
    'immediate-this-week': '0/0/3',
    'short-term-this-month': '0/0/3',
    'long-term-backlog': '0/0/4',
    'success-metrics': '0/0/4',
    'system-reliability': '0/0/4',
  });
  const workstream = roadmap.sections.find((s) => s.id === '1-system-configuration-management')!;
  assert.equal(workstream.status, 'Ongoing Maintenance');
  assert.deepEqual(workstream.fields, [
    { name: 'Status', value: 'Ongoing Maintenance' },
    { name: 'Priority', value: 'Medium' },
    { name: 'Timeline', value: 'Continuous' },
  ]);
  assert.deepEqual(
    roadmap.items.filter((i) => i.form === 'status').map((i) => [i.status, i.text.map((t) => t.value).join('')]),
    [
      ['done', '5 systems configured with flakes'],
      ['done', 'Automated rebuild scripts'],
      ['done', 'Home Manager integration'],
      ['inProgress', 'Regular updates and maintenance'],
    ],
  );
  assert.deepEqual(diagnostics, []);
});

test('phased roadmap (seed 003): 119 items, 23 done, phases with status, priority and target; its Mac Roman mojibake repaired', () => {
  const { roadmap, diagnostics } = plan('plans-phased/ROADMAP.md');
  assert.equal(roadmap.title, '🗺️ NixOS Configuration Roadmap');
  assert.equal(roadmap.lastUpdated, '2025-01-06');
  assert.deepEqual(counts(roadmap), {
    document: '23/0/119',
    'completed-phases': '20/0/20',
    'phase-1-foundation-architecture': '6/0/6',
    'phase-2-development-environment-enhancement': '4/0/4',
    'phase-3-enhanced-shell-environment': '6/0/6',
    'phase-4-network-stability-dns-fix': '4/0/4',
    'active-development': '0/0/15',
    'phase-5-system-performance-optimization': '0/0/15',
    '5-1-memory-performance-optimization': '0/0/5',
    '5-2-storage-disk-management': '0/0/5',
    '5-3-power-management-enhancement': '0/0/5',
    'planned-phases': '0/0/65',
    'phase-6-security-hardening': '0/0/15',
    '6-1-system-security': '0/0/5',
    '6-2-secrets-authentication': '0/0/5',
    '6-3-network-security': '0/0/5',
    'phase-7-monitoring-observability': '0/0/15',
    '7-1-system-monitoring': '0/0/5',
    '7-2-log-management': '0/0/5',
    '7-3-health-checking': '0/0/5',
    'phase-8-home-lab-services': '0/0/15',
    '8-1-container-orchestration': '0/0/5',
    '8-2-media-storage-services': '0/0/5',
    '8-3-development-services': '0/0/5',
    'phase-9-ai-automation': '0/0/10',
    '9-1-ai-integration-enhancement': '0/0/5',
    '9-2-workflow-automation': '0/0/5',
    'phase-10-desktop-environment-polish': '0/0/10',
    '10-1-hyprland-refinement': '0/0/5',
    '10-2-application-integration': '0/0/5',
    'success-metrics': '0/0/12',
    'performance-metrics': '0/0/4',
    'reliability-metrics': '0/0/4',
    'usability-metrics': '0/0/4',
    'notes-decisions': '0/0/4',
    'pending-decisions': '0/0/4',
    'getting-started-with-next-phase': '3/0/3',
    'ready-to-begin-phase-5-system-performance-optimization': '3/0/3',
    prerequisites: '3/0/3',
  });
  const phases = roadmap.sections.filter((s) => s.id.startsWith('phase-'));
  assert.deepEqual(
    phases.map((s) => [s.title, s.status, s.target ?? null]),
    [
      ['Phase 1: Foundation & Architecture', 'COMPLETE', null],
      ['Phase 2: Development Environment Enhancement', 'COMPLETE', null],
      ['Phase 3: Enhanced Shell Environment', 'COMPLETE', null],
      ['Phase 4: Network Stability & DNS Fix', 'COMPLETE', null],
      ['Phase 5: System Performance & Optimization', 'PLANNING', 'Q1 2025'],
      ['Phase 6: Security Hardening', 'PLANNED', 'Q1 2025'],
      ['Phase 7: Monitoring & Observability', 'PLANNED', 'Q2 2025'],
      ['Phase 8: Home Lab Services', 'PLANNED', 'Q2 2025'],
      ['Phase 9: AI & Automation', 'PLANNED', 'Q3 2025'],
      ['Phase 10: Desktop Environment Polish', 'PLANNED', 'Q3 2025'],
    ],
  );
  assert.deepEqual(phases[4]!.fields, [{ name: 'Priority', value: 'HIGH' }, { name: 'Target', value: 'Q1 2025' }]);
  const notes = diagnostics.filter((d) => d.code === 'tickets/mojibake');
  assert.equal(notes.length, 33);
  assert.deepEqual(notes[0], {
    severity: 'info',
    code: 'tickets/mojibake',
    message: 'repaired UTF-8 text that had been read as Mac Roman: "# \uF8FFüó∫Ô∏è NixOS Configuration Roadmap" is now "# 🗺️ NixOS Configuration Roadmap"',
    location: { file: 'docs/ROADMAP.md', line: 1, column: 1 },
  });
  assert.deepEqual(diagnostics.filter((d) => d.code !== 'tickets/mojibake'), []);
});

test('each seed renders every item with its status, section progress and document progress, as inert HTML', () => {
  const todo = pages(plan('plans-todo/TODO.md').roadmap);
  assert.deepEqual([...todo.keys()], ['roadmap.md'], 'no graph or Gantt chart without tickets');
  const overview = todo.get('roadmap.md')!;
  assert.ok(overview.includes('aria-label="Whole document: 0 of 55 tasks done"'));
  assert.ok(overview.includes('#### 2\\. Profile System Creation\n'));
  assert.ok(overview.includes('aria-label="2. Profile System Creation: 0 of 7 tasks done"'));
  assert.equal((overview.match(/^ *- <span class="fd-badge fd-badge-default">Planned<\/span> /gm) ?? []).length, 55);
  assert.ok(overview.includes('\n  - <span class="fd-badge fd-badge-default">Planned</span> <code>nixos/</code>&#32;for NixOS-specific modules\n'));
  assert.ok(!overview.includes('Every ticket is done'));
  assert.ok(!overview.includes('## Notes'), 'sections without items are left out');

  const project = pages(plan('plans-project/PROJECT.md').roadmap).get('roadmap.md')!;
  assert.ok(project.includes('aria-label="Whole document: 3 of 22 tasks done · 1 in progress"'));
  assert.ok(project.includes('- <span class="fd-badge fd-badge-note">In progress</span> Regular updates and maintenance'));
  assert.ok(project.includes('**Status**: Ongoing Maintenance\n\n**Priority**: Medium\n\n**Timeline**: Continuous\n'));

  const phased = pages(plan('plans-phased/ROADMAP.md').roadmap).get('roadmap.md')!;
  assert.ok(phased.includes('🗺️ NixOS Configuration Roadmap, from <code>docs/ROADMAP.md</code>.'));
  assert.ok(!phased.includes('üó∫'));
  const timeline = phased.slice(phased.indexOf('## Timeline'), phased.indexOf('## Plan'));
  assert.deepEqual(
    [...timeline.matchAll(/fd-phase-target">([^<]+)<|<strong>([^<]+)<\/strong>/g)].map((m) => (m[1] ?? m[2])!.replace(/&#(\d+);/g, (_r, d) => String.fromCodePoint(Number(d)))),
    [
      'Done',
      'Phase 1: Foundation & Architecture',
      'Phase 2: Development Environment Enhancement',
      'Phase 3: Enhanced Shell Environment',
      'Phase 4: Network Stability & DNS Fix',
      'Q1 2025',
      'Phase 5: System Performance & Optimization',
      'Phase 6: Security Hardening',
      'Q2 2025',
      'Phase 7: Monitoring & Observability',
      'Phase 8: Home Lab Services',
      'Q3 2025',
      'Phase 9: AI & Automation',
      'Phase 10: Desktop Environment Polish',
    ],
  );
  assert.ok(timeline.includes('<strong>Phase 6&#58; Security Hardening</strong> <span class="fd-muted">PLANNED · priority HIGH</span>'));
  assert.ok(timeline.includes('aria-label="Phase 1: Foundation &#38; Architecture: 6 of 6 tasks done"'));
  assert.equal((phased.match(/>Done<\/span> /g) ?? []).length, 23);

  const tickets = pages(plan('plans-tickets/tickets.md').roadmap);
  assert.ok(!tickets.get('roadmap.md')!.includes('## Plan'), 'a plain ticket list keeps its epic pages');
  for (const [name, file] of [['todo', 'plans-todo/TODO.md'], ['project', 'plans-project/PROJECT.md'], ['phased', 'plans-phased/ROADMAP.md']]) {
    for (const [path, content] of pages(plan(file!).roadmap)) {
      assertInert(pageToHtml(content), `${name}: ${path}`);
    }
  }
});

/** Compares with a golden file; UPDATE=1 rewrites it. */
function golden(rel: string, actual: string): void {
  const url = new URL(rel, fixtures);
  if (process.env.UPDATE === '1') writeFileSync(url, actual);
  assert.ok(existsSync(url), `${rel} is missing (run with UPDATE=1)`);
  assert.equal(actual, readFileSync(url, 'utf8'));
}

for (const encoding of ['mac-roman', 'windows-1252']) {
  test(`mojibake: UTF-8 read as ${encoding} is repaired exactly, with a note per line`, () => {
    const input = read(`plans-mojibake-${encoding}/input.md`);
    const { text, diagnostics } = repairMojibake('docs/ROADMAP.md', input);
    golden(`plans-mojibake-${encoding}/expected.md`, text);
    golden(`plans-mojibake-${encoding}/diagnostics.json`, `${JSON.stringify(diagnostics, null, 2)}\n`);
    // The repair gives back the very text that was mis-encoded.
    assert.equal(text, read('plans-unicode-untouched/input.md').split('\n## Other scripts')[0]);
    assert.deepEqual(diagnostics.map((d) => d.location!.line), [1, 5, 6, 7, 9, 10, 11]);
    const { roadmap } = plan(`plans-mojibake-${encoding}/input.md`);
    assert.equal(roadmap.title, '🗺️ Roadmap for café');
    assert.deepEqual(counts(roadmap), { document: '1/1/4', 'done-phase': '1/1/2', next: '0/0/2' });
    assert.deepEqual(roadmap.items.map((i) => i.status), ['done', 'inProgress', 'planned', 'dropped']);
  });
}

test('mojibake: correct non-ASCII text is left untouched, even where two characters happen to spell a UTF-8 sequence', () => {
  const input = read('plans-unicode-untouched/input.md');
  assert.deepEqual(repairMojibake('docs/x.md', input), { text: input, diagnostics: [] });
  assert.deepEqual(extractRoadmap({ path: 'docs/x.md', text: input }).diagnostics, []);
});

test('a document without tickets or tasks is a warning naming the file, and its page claims nothing', () => {
  const { roadmap, diagnostics } = plan('plans-no-items/notes.md');
  assert.deepEqual(diagnostics, [
    {
      severity: 'warning',
      code: 'tickets/no-items',
      message:
        'no tickets or tasks found in docs/notes.md: write tickets ("- [ ] INFRA-1: title"), checkbox tasks ("- [ ] task") or status lines ("- ✅ done")',
      location: { file: 'docs/notes.md', line: 1, column: 1 },
    },
  ]);
  const overview = pages(roadmap).get('roadmap.md')!;
  assert.ok(overview.includes('No tickets or tasks found in <code>docs/notes.md</code>'));
  assert.ok(overview.includes('description: "No tickets or tasks found in docs/notes.md."'));
  assert.ok(!/every ticket is done|0 of 0/i.test(overview));
});

test('several documents: an index with each one\'s progress, pages per document, ticket ids linked across documents', () => {
  const root = new URL('plans-multi/', fixtures).pathname;
  const found = roadmapFiles(root, ['docs/tickets.md', 'docs/*.md', 'docs/missing.md']);
  assert.deepEqual(found.files, ['docs/tickets.md', 'docs/empty.md', 'docs/todo.md']);
  assert.deepEqual(found.diagnostics.map((d) => d.message), ['the roadmap entry "docs/missing.md" of flake-docs.config.json matches no file in the flake']);
  assert.deepEqual(roadmapFiles(root, 'docs/none/*.md').files, []);
  assert.deepEqual(roadmapFiles(root, '../plans-todo/TODO.md').files, [], 'nothing outside the flake');
  assert.deepEqual(roadmapFiles(root, 'docs/*').files, ['docs/empty.md', 'docs/tickets.md', 'docs/todo.md'], 'globs find Markdown and text only');
  const linked = mkdtempSync(path.join(tmpdir(), 'plans-link-'));
  try {
    symlinkSync(new URL('plans-todo/TODO.md', fixtures).pathname, path.join(linked, 'todo.md'));
    assert.deepEqual(roadmapFiles(linked, 'todo.md').files, [], 'nor through a symbolic link');
  } finally {
    rmSync(linked, { recursive: true, force: true });
  }

  const files = found.files.map((f) => ({ path: f, text: read(`plans-multi/${f}`) }));
  const { roadmaps, diagnostics } = extractRoadmaps(files);
  assert.deepEqual(roadmaps.documents.map((d) => [d.id, d.facts.plan.done, d.facts.plan.inProgress, d.facts.plan.total]), [
    ['tickets', 1, 0, 2],
    ['empty', 0, 0, 0],
    ['todo', 2, 1, 6],
  ]);
  assert.deepEqual(diagnostics.map((d) => `${d.location!.file} ${d.code}`), ['docs/empty.md tickets/no-items']);
  const todo = roadmaps.documents[2]!;
  assert.deepEqual(todo.items.find((i) => i.mentions.length)!.mentions, ['SEC-3']);
  assert.deepEqual(todo.items.map((i) => i.status), ['done', 'planned', 'planned', 'done', 'inProgress', 'dropped']);

  const all = pages(roadmaps);
  assert.deepEqual([...all.keys()], [
    'roadmap.md',
    'roadmap/tickets.md',
    'roadmap/tickets/epic-1.md',
    'roadmap/tickets/graph.md',
    'roadmap/tickets/gantt.md',
    'tickets/SEC-1.md',
    'tickets/SEC-3.md',
    'roadmap/empty.md',
    'roadmap/todo.md',
    'tickets.md',
  ]);
  const index = all.get('roadmap.md')!;
  assert.ok(index.includes('## [Tickets](/roadmap/tickets/)\n\nFrom <code>docs/tickets.md</code>.\n'));
  assert.ok(index.includes('aria-label="TODO: 2 of 6 tasks done · 1 in progress · 1 dropped"'));
  assert.ok(index.includes('## [Ideas](/roadmap/empty/)\n\nFrom <code>docs/empty.md</code>.\n\nNo tickets or tasks found in <code>docs/empty.md</code>.'));
  assert.ok(index.includes('description: "3 planning documents, 3 of 8 tasks done."'));
  assert.ok(all.get('roadmap/todo.md')!.includes('Finish <a href="/tickets/SEC-3/">SEC-3</a>&#32;and check every host'));
  assert.ok(all.get('roadmap/tickets.md')!.includes('<a href="/roadmap/tickets/gantt/">Gantt chart</a>'));
  assert.ok(all.get('roadmap/tickets/gantt.md')!.includes('\nslug: "roadmap/tickets/gantt"\n'));
  assert.ok(all.get('roadmap/tickets/gantt.md')!.includes('<span class="fd-gantt-tick" style="left:0%">Mar 03</span>'));
});

test('working days: a 2h → 1d → 1w chain from a Friday, weekends skipped, 8 or 6 hours a day', () => {
  const text = [
    '## Epic 1: Chain',
    '- [ ] A-1: Two hours',
    '  - Effort: 2h',
    '- [ ] A-2: One day',
    '  - Effort: 1d',
    '  - Dependencies: A-1',
    '- [ ] A-3: One week',
    '  - Effort: 1w',
    '  - Dependencies: A-2',
    '- [ ] A-4: Three days, alone',
    '  - Effort: 3 days',
  ].join('\n');
  const at = (o: object) => extractRoadmap({ path: 'docs/t.md', text }, o).roadmap.schedule;
  const row = (s: ReturnType<typeof at>) => s.tickets.map((t) => [t.ticket, t.startHour, t.endHour, t.startDay, t.endDay, t.startDate, t.endDate]);
  const eight = at({ startDate: '2025-01-10' });
  assert.equal(eight.startFrom, 'config');
  assert.equal(eight.days, 7);
  assert.deepEqual(row(eight), [
    ['A-1', 0, 2, 1, 1, '2025-01-10', '2025-01-10'],
    ['A-2', 2, 10, 1, 2, '2025-01-10', '2025-01-13'],
    ['A-3', 10, 50, 2, 7, '2025-01-13', '2025-01-20'],
    ['A-4', 0, 24, 1, 3, '2025-01-10', '2025-01-14'],
  ]);
  const six = at({ startDate: '2025-01-10', hoursPerDay: 6 });
  assert.deepEqual(row(six), [
    ['A-1', 0, 2, 1, 1, '2025-01-10', '2025-01-10'],
    ['A-2', 2, 8, 1, 2, '2025-01-10', '2025-01-13'],
    ['A-3', 8, 38, 2, 7, '2025-01-13', '2025-01-20'],
    ['A-4', 0, 18, 1, 3, '2025-01-10', '2025-01-14'],
  ]);
  // A Saturday start moves to the Monday; without any date the fixed fallback keeps builds reproducible.
  assert.equal(at({ startDate: '2025-01-11' }).start, '2025-01-13');
  assert.deepEqual([at({}).start, at({}).startFrom], ['2025-01-06', 'default']);
  const updated = extractRoadmap({ path: 'docs/t.md', text: `Last Updated: 2025-02-03\n\n${text}` }).roadmap.schedule;
  assert.deepEqual([updated.start, updated.startFrom], ['2025-02-03', 'lastUpdated']);
  // A ticket ending exactly at a day's end ends on that day; the next one starts the day after.
  const exact = scheduleTickets(
    [
      { kind: 'ticket', id: 'B-1', title: '', done: false, effortHours: 8, dependencies: [], details: [], location: { file: 'x', line: 1, column: 1 } },
      { kind: 'ticket', id: 'B-2', title: '', done: false, effortHours: 0, dependencies: ['B-1'], details: [], location: { file: 'x', line: 2, column: 1 } },
    ],
    [],
    { start: '2025-01-06', startFrom: 'config', hoursPerDay: 8 },
  );
  assert.deepEqual(exact.tickets.map((t) => [t.startDay, t.endDay]), [[1, 1], [2, 2]]);
});

test('configuration: roadmap as a path, a list or a glob; hoursPerDay and startDate checked', () => {
  assert.equal(parseConfig({}).hoursPerDay, 8);
  assert.deepEqual(parseConfig({ roadmap: ['docs/tickets.md', 'docs/*.md'] }).roadmap, ['docs/tickets.md', 'docs/*.md']);
  assert.throws(() => parseConfig({ hoursPerDay: 0 }), /hoursPerDay: must be at least 0\.25/);
  // A vanishing day would make every effort billions of days long.
  assert.throws(() => parseConfig({ hoursPerDay: 1e-300 }), /hoursPerDay: must be at least 0\.25 \(a quarter of an hour\)/);
  assert.throws(() => parseConfig({ startDate: '6 Jan' }), /startDate: must be a date written YYYY-MM-DD/);
  assert.throws(() => parseConfig({ roadmap: 3 }), /roadmap: must be a path or glob relative to the flake/);
});

test('phase timeline: quarters in calendar order, finished phases first, unfinished ones without a target last', () => {
  const text = [
    '# Phases',
    '## Phase A *(PLANNED)*',
    '**Target: Q2 2025**',
    '- [ ] a',
    '## Phase B *(ONGOING)*',
    '- [x] b1',
    '- [ ] b2',
    '## Phase C',
    'Target: Q1 2025 | Priority: HIGH',
    '- 🚧 c',
    '## Phase D *(COMPLETE)*',
    '- ✅ d',
  ].join('\n');
  const overview = pages(extractRoadmap({ path: 'docs/p.md', text }).roadmap).get('roadmap.md')!;
  const timeline = overview.slice(overview.indexOf('## Timeline'), overview.indexOf('## Plan'));
  assert.deepEqual(
    [...timeline.matchAll(/fd-phase-target">([^<]+)<|<strong>([^<]+)<\/strong>/g)].map((m) => (m[1] ?? m[2])!.replace(/&#(\d+);/g, (_r, d) => String.fromCodePoint(Number(d)))),
    ['Done', 'Phase D', 'Q1 2025', 'Phase C', 'Q2 2025', 'Phase A', 'No target', 'Phase B'],
  );
  assert.ok(timeline.includes('<strong>Phase C</strong> <span class="fd-muted">priority HIGH</span>'));
  assert.ok(timeline.includes('aria-label="Phase C: 0 of 1 task done · 1 in progress"'));
});
