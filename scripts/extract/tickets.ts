/**
 * The roadmap extractor: repairs mis-encoded text, parses each planning document (remark +
 * remark-gfm) into tickets and a tree of sections and items, checks the tickets' dependencies and the
 * document's mermaid graph, derives progress, ready/blocked tickets and the critical path, and
 * schedules the tickets in working days. Pure: the caller reads the files (by default
 * `docs/tickets.md` in the flake, see the `roadmap` key of the configuration).
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Roadmap, Roadmaps } from '../model/tickets.ts';
import { repairMojibake } from './mojibake.ts';
import { isDate, readPlan } from './plans.ts';
import { checkCycles, checkGraphs, checkUnknownDependencies } from './tickets-checks.ts';
import { deriveFacts } from './tickets-facts.ts';
import { HOURS_PER_DAY, parseMarkdown, readRoadmapDocument } from './tickets-markdown.ts';
import { DEFAULT_START, scheduleTickets } from './tickets-schedule.ts';

export { checkCycles, checkGraphs, checkUnknownDependencies, findCycles } from './tickets-checks.ts';
export { blockedTickets, criticalPath, deriveFacts, dependentsOf, progressOf, ticketStates } from './tickets-facts.ts';
export { HOURS_PER_DAY, parseEffort, readRoadmapDocument, type RoadmapDocument } from './tickets-markdown.ts';
export { parseMermaidEdges, TICKET_ID } from './tickets-mermaid.ts';
export { addWorkingDays, DEFAULT_START, scheduleTickets } from './tickets-schedule.ts';
export { repairMojibake } from './mojibake.ts';

/** How documents are read and scheduled (the configuration's `hoursPerDay` and `startDate`). */
export interface RoadmapOptions {
  /** Working hours in a day (8 by default). */
  hoursPerDay?: number;
  /** The Gantt chart's first day, `YYYY-MM-DD`; else the document's `Start:` or `Last Updated:` date, else {@link DEFAULT_START}. */
  startDate?: string;
  /** The document's id; by default a slug of its file name. */
  id?: string;
}

/** A document's id from its path: the file name without extension, as a slug (`docs/tickets.md` → `tickets`). */
export function documentId(file: string): string {
  const name = file.split('/').pop()!.replace(/\.[^.]*$/, '');
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'roadmap';
}

/**
 * Reads a roadmap document into the model, with its diagnostics sorted by position.
 * @param file `path` relative to the flake root (used in locations) and the file's `text`
 * @param options working hours per day, start date, id
 */
export function extractRoadmap(file: { path: string; text: string }, options: RoadmapOptions = {}): { roadmap: Roadmap; diagnostics: Diagnostic[] } {
  const hoursPerDay = options.hoursPerDay ?? HOURS_PER_DAY;
  const repaired = repairMojibake(file.path, file.text);
  const tree = parseMarkdown(repaired.text);
  const { document, diagnostics } = readRoadmapDocument(file.path, tree, { hoursPerDay });
  const ticketLines = new Map(document.tickets.map((t) => [t.location.line, t.id]));
  const done = new Set(document.tickets.filter((t) => t.done).map((t) => t.id));
  const plan = readPlan(file.path, tree, ticketLines, done);
  const start = options.startDate
    ? { start: options.startDate, startFrom: 'config' as const }
    : document.start
      ? { start: document.start, startFrom: 'start' as const }
      : plan.lastUpdated && isDate(plan.lastUpdated)
        ? { start: plan.lastUpdated, startFrom: 'lastUpdated' as const }
        : { start: DEFAULT_START, startFrom: 'default' as const };
  const roadmap: Roadmap = {
    kind: 'roadmap',
    id: options.id ?? documentId(file.path),
    file: file.path,
    title: document.title,
    start: document.start,
    lastUpdated: plan.lastUpdated,
    fields: plan.fields,
    sections: plan.sections,
    items: plan.items,
    epics: document.epics,
    milestones: document.milestones,
    tickets: document.tickets,
    priorities: document.priorities,
    effortNotes: document.effortNotes,
    mermaid: document.mermaid,
    facts: deriveFacts({ ...document, sections: plan.sections, items: plan.items }),
    schedule: scheduleTickets(document.tickets, document.epics, { ...start, hoursPerDay }),
  };
  if (roadmap.start === undefined) delete roadmap.start;
  if (roadmap.lastUpdated === undefined) delete roadmap.lastUpdated;
  const empty: Diagnostic[] =
    plan.items.length === 0
      ? [
          {
            severity: 'warning',
            code: 'tickets/no-items',
            message: `no tickets or tasks found in ${file.path}: write tickets ("- [ ] INFRA-1: title"), checkbox tasks ("- [ ] task") or status lines ("- ✅ done")`,
            location: { file: file.path, line: 1, column: 1 },
          },
        ]
      : [];
  return {
    roadmap,
    diagnostics: sortDiagnostics([
      ...repaired.diagnostics,
      ...diagnostics,
      ...empty,
      ...checkUnknownDependencies(document.tickets),
      ...checkCycles(document.tickets),
      ...checkGraphs(document.tickets, document.mermaid),
    ]),
  };
}

/**
 * Reads several planning documents. Document ids are made unique (`todo`, `todo-2`); a ticket id
 * defined in two documents is an error at the second, whose ticket keeps its own page link to the first.
 * @param files each document's path relative to the flake root and its text, in configuration order
 * @param options working hours per day and start date, shared by all documents
 */
export function extractRoadmaps(files: { path: string; text: string }[], options: Omit<RoadmapOptions, 'id'> = {}): { roadmaps: Roadmaps; diagnostics: Diagnostic[] } {
  const documents: Roadmap[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, Roadmap>();
  for (const file of files) {
    const base = documentId(file.path);
    let id = base;
    for (let n = 2; documents.some((d) => d.id === id); n++) id = `${base}-${n}`;
    const result = extractRoadmap(file, { ...options, id });
    for (const t of result.roadmap.tickets) {
      const first = seen.get(t.id);
      if (!first) {
        seen.set(t.id, result.roadmap);
        continue;
      }
      const at = first.tickets.find((x) => x.id === t.id)!.location;
      diagnostics.push({
        severity: 'error',
        code: 'tickets/duplicate-id',
        message: `duplicate ticket id ${t.id}: already defined at ${at.file}:${at.line}:${at.column}; links to ${t.id} go there`,
        location: t.location,
      });
    }
    documents.push(result.roadmap);
    diagnostics.push(...result.diagnostics);
  }
  return { roadmaps: { kind: 'roadmaps', documents }, diagnostics: sortDiagnostics(diagnostics) };
}
