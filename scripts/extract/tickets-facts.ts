/**
 * Facts derived from the tickets: effort roll-ups, each ticket's state, dependents, and the critical
 * path. Dependencies on unknown ids are ignored here (they are diagnostics); cycles are broken where
 * the depth-first walk meets them, so every function terminates on any input.
 */
import type { BlockedTicket, PlanItem, PlanSection, Progress, RoadmapFacts, Ticket, TicketState } from '../model/tickets.ts';
import { countItems, sectionProgress } from './plans.ts';
import type { RoadmapDocument } from './tickets-markdown.ts';

/** Rounds hours to three decimals so sums of halves and thirds stay readable. */
function round(hours: number): number {
  return Math.round(hours * 1000) / 1000;
}

/**
 * Effort and ticket counts of a group of tickets.
 * @param tickets the group
 */
export function progressOf(tickets: Ticket[]): Progress {
  let hoursDone = 0;
  let hoursOpen = 0;
  for (const t of tickets) {
    if (t.done) hoursDone += t.effortHours ?? 0;
    else hoursOpen += t.effortHours ?? 0;
  }
  return {
    kind: 'progress',
    ticketsDone: tickets.filter((t) => t.done).length,
    ticketsTotal: tickets.length,
    hoursDone: round(hoursDone),
    hoursOpen: round(hoursOpen),
    hoursTotal: round(hoursDone + hoursOpen),
    unestimated: tickets.filter((t) => t.effortHours === undefined).length,
  };
}

/**
 * Each ticket's state: done; ready (all dependencies done); blocked (a known dependency open); open
 * (nothing known is open, but a dependency is an unknown id).
 * @param tickets all tickets
 */
export function ticketStates(tickets: Ticket[]): Record<string, TicketState> {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const states: Record<string, TicketState> = {};
  for (const t of tickets) {
    if (t.done) states[t.id] = 'done';
    else if (t.dependencies.some((d) => byId.has(d) && !byId.get(d)!.done)) states[t.id] = 'blocked';
    else if (t.dependencies.some((d) => !byId.has(d))) states[t.id] = 'open';
    else states[t.id] = 'ready';
  }
  return states;
}

/**
 * The open tickets waiting on others, with their open dependencies.
 * @param tickets all tickets
 */
export function blockedTickets(tickets: Ticket[]): BlockedTicket[] {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  return tickets
    .filter((t) => !t.done)
    .map((t) => ({ ticket: t.id, blockers: t.dependencies.filter((d) => byId.has(d) && !byId.get(d)!.done) }))
    .filter((b) => b.blockers.length > 0);
}

/**
 * For each ticket, the known tickets that depend on it, in document order.
 * @param tickets all tickets
 */
export function dependentsOf(tickets: Ticket[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of tickets) out[t.id] = [];
  for (const t of tickets) for (const d of t.dependencies) if (out[d] && !out[d].includes(t.id)) out[d].push(t.id);
  return out;
}

/**
 * The chain of open tickets, each depending on the one before, with the largest total remaining effort.
 * Done tickets constrain nothing and are left out. Ties go to the ticket written first.
 * @param tickets all tickets
 */
export function criticalPath(tickets: Ticket[]): { tickets: string[]; hours: number } {
  const open = new Map(tickets.filter((t) => !t.done).map((t) => [t.id, t]));
  const best = new Map<string, number>();
  const previous = new Map<string, string | undefined>();
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (best.has(id) || visiting.has(id)) return;
    visiting.add(id);
    const t = open.get(id)!;
    let before: string | undefined;
    let longest = 0;
    for (const d of t.dependencies) {
      if (!open.has(d)) continue;
      visit(d);
      const length = best.get(d);
      // A dependency still being visited closes a cycle: that edge is left out.
      if (length !== undefined && (before === undefined || length > longest)) {
        before = d;
        longest = length;
      }
    }
    visiting.delete(id);
    best.set(id, round(longest + (t.effortHours ?? 0)));
    previous.set(id, before);
  };
  let end: string | undefined;
  for (const id of open.keys()) {
    visit(id);
    if (end === undefined || best.get(id)! > best.get(end)!) end = id;
  }
  if (end === undefined) return { tickets: [], hours: 0 };
  const path: string[] = [];
  for (let id: string | undefined = end; id !== undefined; id = previous.get(id)) path.unshift(id);
  return { tickets: path, hours: best.get(end)! };
}

/**
 * All derived facts of a parsed roadmap.
 * @param doc the parsed document (duplicates removed), with its planning sections and items when read
 */
export function deriveFacts(
  doc: Pick<RoadmapDocument, 'epics' | 'milestones' | 'tickets'> & { sections?: PlanSection[]; items?: PlanItem[] },
): RoadmapFacts {
  const byId = new Map(doc.tickets.map((t) => [t.id, t]));
  const pick = (ids: string[]) => ids.map((id) => byId.get(id)!).filter(Boolean);
  const states = ticketStates(doc.tickets);
  return {
    kind: 'roadmapFacts',
    total: progressOf(doc.tickets),
    epics: Object.fromEntries(doc.epics.map((e) => [e.id, progressOf(pick(e.tickets))])),
    milestones: Object.fromEntries(doc.milestones.map((m) => [m.id, progressOf(pick(m.tickets))])),
    states,
    dependents: dependentsOf(doc.tickets),
    ready: doc.tickets.filter((t) => states[t.id] === 'ready').map((t) => t.id),
    blocked: blockedTickets(doc.tickets),
    criticalPath: criticalPath(doc.tickets),
    plan: countItems(doc.items ?? []),
    sections: sectionProgress(doc.sections ?? [], doc.items ?? []),
  };
}
