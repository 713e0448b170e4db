/**
 * The roadmap model: epics, milestones and tickets read from the owner's roadmap markdown, plus the
 * facts derived from them (effort roll-ups, ready and blocked tickets, the critical path). Plain data:
 * records refer to each other by id, never by object reference, so the model serialises as JSON.
 */
import type { SourceLocation } from '../diagnostics.ts';

/** A piece of inline text from the document: plain words or a code span. */
export interface InlineText {
  kind: 'text' | 'code';
  value: string;
}

/** One detail bullet of a ticket; `depth` is 0 for direct bullets, 1 for bullets nested under those, … */
export interface TicketDetail {
  kind: 'detail';
  depth: number;
  content: InlineText[];
}

/** One ticket, such as `- [ ] INFRA-2: Move desktop configurations to modules`. */
export interface Ticket {
  kind: 'ticket';
  /** The stable id, matching `[A-Z][A-Z0-9]*-\d+`, e.g. `INFRA-2`. */
  id: string;
  title: string;
  done: boolean;
  /** The priority as written, or the matching definition's name when one matches (case-insensitively). */
  priority?: string;
  /** Effort in hours (`30m` = 0.5, `1d` = 8); undefined when missing or unreadable. */
  effortHours?: number;
  /** Effort as written, e.g. `2h`. */
  effortText?: string;
  /** Ids this ticket depends on, in the order written (unknown ids included; they are diagnostics). */
  dependencies: string[];
  details: TicketDetail[];
  /** Id of the enclosing epic, if any. */
  epic?: string;
  /** Id of the enclosing milestone, if any. */
  milestone?: string;
  location: SourceLocation;
}

/** A milestone heading such as `### Milestone 1.1: Module System Foundation (1 week)`. */
export interface Milestone {
  kind: 'milestone';
  /** Unique id: the number as written (`1.1`), or a slug of the title when there is none. */
  id: string;
  number?: string;
  title: string;
  /** The duration in the heading's trailing parentheses, as written (`1 week`). */
  duration?: string;
  epic?: string;
  /** Ticket ids in document order. */
  tickets: string[];
  location: SourceLocation;
}

/** An epic heading such as `## Epic 1: Core Infrastructure Modernization` with its goal and timeline. */
export interface Epic {
  kind: 'epic';
  /** Unique id used in URLs: `epic-1`, or `epic-<slug of title>` when there is no number. */
  id: string;
  number?: string;
  title: string;
  goal?: string;
  timeline?: string;
  /** Milestone ids in document order. */
  milestones: string[];
  /** All ticket ids of the epic (inside or outside its milestones), in document order. */
  tickets: string[];
  location: SourceLocation;
}

/** One entry of the `## Priority Definitions` section, e.g. `High` = `Required for system stability/security`. */
export interface PriorityDefinition {
  kind: 'priorityDefinition';
  name: string;
  meaning: string;
}

/** A dependency edge: `to` depends on `from` (mermaid `from --> to`). */
export interface DependencyEdge {
  from: string;
  to: string;
}

/** A fenced `mermaid` block of the document; `edges` are read from `graph`/`flowchart` diagrams only. */
export interface MermaidBlock {
  kind: 'mermaid';
  /** The first keyword of the diagram (`graph`, `flowchart`, `gantt`, …). */
  diagram: string;
  source: string;
  /** Edges with node names resolved to labels when the label is a ticket id. */
  edges: (DependencyEdge & { line: number })[];
  location: SourceLocation;
}

/** Effort and ticket counts of a group of tickets (an epic, a milestone, or everything). */
export interface Progress {
  kind: 'progress';
  ticketsDone: number;
  ticketsTotal: number;
  hoursDone: number;
  hoursOpen: number;
  hoursTotal: number;
  /** Tickets without a readable effort; they count as 0 hours. */
  unestimated: number;
}

/**
 * Where an unfinished ticket stands: `ready` when every dependency is done, `blocked` when a known
 * dependency is still open, `open` when neither can be told (only unknown dependencies are missing).
 */
export type TicketState = 'done' | 'ready' | 'blocked' | 'open';

/** An open ticket waiting on others. */
export interface BlockedTicket {
  ticket: string;
  /** The open dependencies, in the order written. */
  blockers: string[];
}

/** Facts computed from the tickets. */
export interface RoadmapFacts {
  kind: 'roadmapFacts';
  total: Progress;
  /** Keyed by epic id. */
  epics: Record<string, Progress>;
  /** Keyed by milestone id. */
  milestones: Record<string, Progress>;
  /** Keyed by ticket id. */
  states: Record<string, TicketState>;
  /** Keyed by ticket id: the known tickets depending on it, in document order. */
  dependents: Record<string, string[]>;
  /** Open tickets whose dependencies are all done, in document order. */
  ready: string[];
  /** Open tickets with open dependencies, in document order. */
  blocked: BlockedTicket[];
  /** The chain of open tickets with the most remaining effort, first to last, and its total hours. */
  criticalPath: { tickets: string[]; hours: number };
}

/** The whole roadmap document. */
export interface Roadmap {
  kind: 'roadmap';
  /** The roadmap file, relative to the flake root. */
  file: string;
  /** The document's first top-level heading, if any. */
  title?: string;
  /** The `Start:` date written in the document (`YYYY-MM-DD`), used by the Gantt chart. */
  start?: string;
  epics: Epic[];
  milestones: Milestone[];
  /** Every ticket in document order; a duplicate id keeps only its first definition. */
  tickets: Ticket[];
  priorities: PriorityDefinition[];
  /** The bullets of the `## Effort Estimates` section. */
  effortNotes: string[];
  mermaid: MermaidBlock[];
  facts: RoadmapFacts;
}
