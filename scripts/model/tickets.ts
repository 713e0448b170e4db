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
  /** Effort in working hours (`30m` = 0.5, `1d` = one working day, `1w` = five); undefined when missing or unreadable. */
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
  /** Item counts of the whole document. */
  plan: PlanProgress;
  /** Item counts keyed by section id, each including its subsections' items. */
  sections: Record<string, PlanProgress>;
}

/**
 * Where a planning item stands: a ticket or `- [x]` task is `done`; status lines say it with an emoji
 * (✅ done, ⏳/🚧 in progress, 📋/💡 planned, ❌ dropped); an open checkbox is `planned`.
 */
export type ItemStatus = 'done' | 'inProgress' | 'planned' | 'dropped';

/** One planning item: a ticket line, a checkbox task (nested tasks are items too) or a status line. */
export interface PlanItem {
  kind: 'planItem';
  /** Stable id: the ticket id for tickets, else `<section id>.<n>` (n counts the section's items from 1). */
  id: string;
  form: 'ticket' | 'checkbox' | 'status';
  /** The ticket's id, for `form: 'ticket'`. */
  ticket?: string;
  /** The item's words, the status emoji left out. */
  text: InlineText[];
  status: ItemStatus;
  /** 0 for top-level items, 1 for items nested under another, … */
  depth: number;
  /** The item this one is nested under. */
  parent?: string;
  /** The innermost section holding the item. */
  section?: string;
  /** Ticket ids written in the text (`SEC-3`), known or not. */
  mentions: string[];
  location: SourceLocation;
}

/** A `Name: value` field written under a section heading (`**Priority: HIGH** | **Target: Q1 2025**`). */
export interface PlanField {
  name: string;
  value: string;
}

/** A section of a planning document: an epic, milestone, phase, workstream or priority group, by heading. */
export interface PlanSection {
  kind: 'planSection';
  /** Unique within the document: a slug of the title (`phase-5-system-performance-optimization`). */
  id: string;
  title: string;
  /** The heading level (2 for `##`). */
  depth: number;
  parent?: string;
  /** A status written in the heading (`*(COMPLETE)*`) or as a `Status:` field. */
  status?: string;
  /** The `Target:` field (`Q1 2025`), for phase timelines. */
  target?: string;
  fields: PlanField[];
  /** Child section ids in document order. */
  sections: string[];
  /** Ids of the items directly in this section (nested items included, subsections' not). */
  items: string[];
  location: SourceLocation;
}

/** Item counts of a section or a document. */
export interface PlanProgress {
  kind: 'planProgress';
  total: number;
  done: number;
  inProgress: number;
  planned: number;
  dropped: number;
}

/** One ticket placed on the working-day calendar. */
export interface ScheduledTicket {
  ticket: string;
  /** The known dependencies it waits for. */
  after: string[];
  /** Working hours from the start of day 1 at which it starts and ends. */
  startHour: number;
  endHour: number;
  /** 1-based working days it starts and ends in (a ticket ending exactly at a day's end ends in that day). */
  startDay: number;
  endDay: number;
  /** The calendar dates of those days (`YYYY-MM-DD`), weekends skipped. */
  startDate: string;
  endDate: string;
}

/** The tickets scheduled in working days, one person per ticket, each after its dependencies. */
export interface Schedule {
  kind: 'schedule';
  /** The first working day (`YYYY-MM-DD`). */
  start: string;
  /** Where the start came from: the configuration, the document's `Start:` or `Last Updated:` line, or the fixed fallback. */
  startFrom: 'config' | 'start' | 'lastUpdated' | 'default';
  hoursPerDay: number;
  /** Working days from day 1 to the last ticket's end day (0 without tickets). */
  days: number;
  tickets: ScheduledTicket[];
}

/** The whole roadmap document. */
export interface Roadmap {
  kind: 'roadmap';
  /** Unique among the documents: a slug of the file name (`tickets` for `docs/tickets.md`). */
  id: string;
  /** The roadmap file, relative to the flake root. */
  file: string;
  /** The document's first top-level heading, if any. */
  title?: string;
  /** The `Start:` date written in the document (`YYYY-MM-DD`), used by the Gantt chart. */
  start?: string;
  /** The `Last Updated:` date written in the document (`YYYY-MM-DD`). */
  lastUpdated?: string;
  /** Fields written before the first section (`Current Version: 25.11`). */
  fields: PlanField[];
  /** Every section in document order. */
  sections: PlanSection[];
  /** Every planning item (tickets, checkbox tasks, status lines) in document order. */
  items: PlanItem[];
  epics: Epic[];
  milestones: Milestone[];
  /** Every ticket in document order; a duplicate id keeps only its first definition. */
  tickets: Ticket[];
  priorities: PriorityDefinition[];
  /** The bullets of the `## Effort Estimates` section. */
  effortNotes: string[];
  mermaid: MermaidBlock[];
  facts: RoadmapFacts;
  schedule: Schedule;
}

/** Every planning document of the flake (the `roadmap` key: a path, a list or a glob), in configuration order. */
export interface Roadmaps {
  kind: 'roadmaps';
  documents: Roadmap[];
}
