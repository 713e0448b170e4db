/**
 * Checks across tickets: dependencies on unknown ids, dependency cycles, and mermaid dependency graphs
 * that disagree with the tickets' own dependency lines.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { DependencyEdge, MermaidBlock, Ticket } from '../model/tickets.ts';

/**
 * Reports each dependency on an id that no ticket has, at the depending ticket.
 * @param tickets all tickets, duplicates already removed
 */
export function checkUnknownDependencies(tickets: Ticket[]): Diagnostic[] {
  const known = new Set(tickets.map((t) => t.id));
  return tickets.flatMap((t) =>
    t.dependencies
      .filter((d) => !known.has(d))
      .map(
        (d): Diagnostic => ({
          severity: 'error',
          code: 'tickets/unknown-dependency',
          message: `${t.id} depends on ${d}, which is not a ticket in the roadmap`,
          location: t.location,
        }),
      ),
  );
}

/**
 * Finds dependency cycles: one diagnostic per strongly connected group, naming one cycle through it
 * as `A → B → A` (each depends on the next), at the group's first ticket in document order.
 * @param tickets all tickets, duplicates already removed
 */
export function checkCycles(tickets: Ticket[]): Diagnostic[] {
  return findCycles(tickets).map((cycle) => {
    const start = tickets.find((t) => t.id === cycle[0])!;
    return {
      severity: 'error',
      code: 'tickets/cycle',
      message: `dependency cycle: ${cycle.join(' → ')} (each ticket depends on the next)`,
      location: start.location,
    };
  });
}

/**
 * One cycle per strongly connected group of tickets (Tarjan), each as a closed path of ids starting and
 * ending with the group's first ticket in document order.
 * @param tickets all tickets
 */
export function findCycles(tickets: Ticket[]): string[][] {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const order = new Map(tickets.map((t, i) => [t.id, i]));
  const deps = (id: string) => byId.get(id)!.dependencies.filter((d) => byId.has(d));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of deps(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || deps(v).includes(v)) groups.push(group);
    }
  };
  for (const t of tickets) if (!index.has(t.id)) connect(t.id);
  return groups
    .map((group) => {
      const members = new Set(group);
      const start = [...group].sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
      return cycleThrough(start, (id) => deps(id).filter((d) => members.has(d)));
    })
    .sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/** A shortest closed path from `start` back to itself, following `next` in the order it lists. */
function cycleThrough(start: string, next: (id: string) => string[]): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of next(v)) {
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== start && u !== undefined; u = parent.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  throw new Error(`ticket ${start} was grouped into a dependency cycle but no cycle leads back to it`);
}

/** Writes an edge as mermaid does: `A --> B`. */
function edgeText(e: DependencyEdge): string {
  return `${e.from} --> ${e.to}`;
}

/**
 * Compares each mermaid `graph`/`flowchart` that names tickets with the tickets' dependency lines and
 * reports, in one diagnostic per block, the edges found only in the graph and those found only in the
 * tickets. A node named `INFRA_1` or labelled `INFRA-1` stands for ticket `INFRA-1`.
 * @param tickets all tickets
 * @param blocks the document's mermaid blocks
 */
export function checkGraphs(tickets: Ticket[], blocks: MermaidBlock[]): Diagnostic[] {
  const known = new Set(tickets.map((t) => t.id));
  const resolve = (name: string) => (known.has(name) ? name : known.has(name.replace(/_/g, '-')) ? name.replace(/_/g, '-') : name);
  const fromTickets: DependencyEdge[] = tickets.flatMap((t) => t.dependencies.map((d) => ({ from: d, to: t.id })));
  const ticketKeys = new Set(fromTickets.map(edgeText));
  const out: Diagnostic[] = [];
  for (const block of blocks) {
    if (block.diagram !== 'graph' && block.diagram !== 'flowchart') continue;
    const edges = block.edges.map((e) => ({ from: resolve(e.from), to: resolve(e.to) }));
    if (!edges.some((e) => known.has(e.from) || known.has(e.to))) continue;
    const graphKeys = new Set(edges.map(edgeText));
    const onlyGraph = [...new Set(edges.map(edgeText))].filter((k) => !ticketKeys.has(k));
    const onlyTickets = [...new Set(fromTickets.map(edgeText))].filter((k) => !graphKeys.has(k));
    if (!onlyGraph.length && !onlyTickets.length) continue;
    const parts: string[] = [];
    if (onlyGraph.length) parts.push(`in the graph but not in the tickets: ${onlyGraph.join(', ')}`);
    if (onlyTickets.length) parts.push(`in the tickets but not in the graph: ${onlyTickets.join(', ')}`);
    out.push({
      severity: 'warning',
      code: 'tickets/graph-mismatch',
      message: `the mermaid dependency graph disagrees with the tickets' dependency lines; ${parts.join('; ')}`,
      location: block.location,
    });
  }
  return out;
}
