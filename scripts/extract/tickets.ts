/**
 * The roadmap extractor: parses the roadmap markdown (remark + remark-gfm), checks the tickets'
 * dependencies and the document's mermaid graph, and derives progress, ready/blocked tickets and the
 * critical path. Pure: the caller reads the file (by default `docs/tickets.md` in the flake, see the
 * `roadmap` key of the configuration).
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Roadmap } from '../model/tickets.ts';
import { checkCycles, checkGraphs, checkUnknownDependencies } from './tickets-checks.ts';
import { deriveFacts } from './tickets-facts.ts';
import { readRoadmapDocument } from './tickets-markdown.ts';

export { checkCycles, checkGraphs, checkUnknownDependencies, findCycles } from './tickets-checks.ts';
export { blockedTickets, criticalPath, deriveFacts, dependentsOf, progressOf, ticketStates } from './tickets-facts.ts';
export { HOURS_PER_DAY, parseEffort, readRoadmapDocument, type RoadmapDocument } from './tickets-markdown.ts';
export { parseMermaidEdges, TICKET_ID } from './tickets-mermaid.ts';

/**
 * Reads a roadmap document into the model, with its diagnostics sorted by position.
 * @param file `path` relative to the flake root (used in locations) and the file's `text`
 */
export function extractRoadmap(file: { path: string; text: string }): { roadmap: Roadmap; diagnostics: Diagnostic[] } {
  const { document, diagnostics } = readRoadmapDocument(file.path, file.text);
  const roadmap: Roadmap = {
    kind: 'roadmap',
    file: file.path,
    title: document.title,
    start: document.start,
    epics: document.epics,
    milestones: document.milestones,
    tickets: document.tickets,
    priorities: document.priorities,
    effortNotes: document.effortNotes,
    mermaid: document.mermaid,
    facts: deriveFacts(document),
  };
  return {
    roadmap,
    diagnostics: sortDiagnostics([
      ...diagnostics,
      ...checkUnknownDependencies(document.tickets),
      ...checkCycles(document.tickets),
      ...checkGraphs(document.tickets, document.mermaid),
    ]),
  };
}
