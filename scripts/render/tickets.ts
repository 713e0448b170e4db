/**
 * Roadmap pages: an overview (epics with progress, ready and blocked tickets, the critical path), a page
 * per epic, a page per ticket at `/tickets/<ID>/`, a dependency graph and a Gantt chart (both mermaid).
 * All text from the roadmap document is untrusted and goes through `text()`/`attr()`/`link()`.
 */
import type { Epic, InlineText, Milestone, Progress, Roadmap, Ticket, TicketState } from '../model/tickets.ts';
import { badge, mermaidLabel } from './context.ts';
import { attr, frontmatter, type GeneratedPage, link, mdText, mermaid, SPACE, text } from './mdx.ts';
import type { EntityRef, Router } from './router.ts';
import { escapeRegExp } from '../regexp.ts';

/** A host, profile or module name that ticket text may mention, with the page it links to. */
export interface Mention {
  name: string;
  ref: EntityRef;
}

/** What the roadmap renderer needs besides the roadmap. */
export interface RoadmapRenderContext {
  router: Router;
  /** Names auto-linked (whole word, case-insensitive) in ticket titles and details. */
  mentions: Mention[];
}

/** The Gantt chart's first day when the document gives no `Start: YYYY-MM-DD` line (a Monday). */
export const DEFAULT_GANTT_START = '2025-01-06';

/** Mermaid `classDef`s of the dependency graph: strong fills with white text read in light and dark themes. */
export const GRAPH_CLASSES: Record<TicketState, string> = {
  done: 'fill:#2e7d32,stroke:#1b5e20,color:#ffffff',
  ready: 'fill:#1565c0,stroke:#0d47a1,color:#ffffff',
  blocked: 'fill:#c62828,stroke:#8e0000,color:#ffffff',
  open: 'fill:#6d6d6d,stroke:#424242,color:#ffffff',
};

const STATE_LABEL: Record<TicketState, string> = {
  done: 'Done',
  ready: 'Ready to start',
  blocked: 'Blocked',
  open: 'Open',
};

const STATE_BADGE: Record<TicketState, 'tip' | 'note' | 'danger' | 'caution'> = {
  done: 'tip',
  ready: 'note',
  blocked: 'danger',
  open: 'caution',
};

/** A ticket id as a mermaid node id: `INFRA-1` → `INFRA_1` (mermaid ids cannot hold `-`). */
export function ticketNodeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Hours for display: `4h`, `1.5h`, `0.33h`. */
export function formatHours(hours: number): string {
  return `${Math.round(hours * 100) / 100}h`;
}

/**
 * Renders every roadmap page.
 * @param roadmap the extracted roadmap
 * @param ctx the router and the names to auto-link in ticket text
 */
export function renderRoadmap(roadmap: Roadmap, ctx: RoadmapRenderContext): GeneratedPage[] {
  const r = new RoadmapPages(roadmap, ctx);
  return [
    r.overview(),
    ...roadmap.epics.map((e, i) => r.epic(e, i)),
    r.graph(),
    r.gantt(),
    ...roadmap.tickets.map((t, i) => r.ticket(t, i)),
  ];
}

/**
 * Sidebar-friendly entries of the roadmap section: overview, epics, graph, Gantt chart.
 * @param roadmap the extracted roadmap
 * @param router the site's router
 */
export function roadmapSidebar(roadmap: Roadmap, router: Router): { label: string; href: string }[] {
  return [
    { label: 'Overview', href: router.href({ kind: 'roadmap' }) },
    ...roadmap.epics.map((e) => ({ label: epicName(e), href: router.href({ kind: 'epic', id: e.id }) })),
    { label: 'Dependency graph', href: router.href({ kind: 'roadmapGraph' }) },
    { label: 'Gantt chart', href: router.href({ kind: 'roadmapGantt' }) },
  ];
}

/** `Epic 1: Title`, or the title alone for an epic without a number. */
function epicName(e: Epic): string {
  return e.number ? `Epic ${e.number}: ${e.title}` : e.title;
}

/** `Milestone 1.1: Title`, or the title alone. */
function milestoneName(m: Milestone): string {
  return m.number ? `Milestone ${m.number}: ${m.title}` : m.title;
}

/** One markdown table row (cells hold only `text()`-made strings, in which `jsString` escapes `|`). */
function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Replaces angle brackets with look-alike quotation marks so no markup reaches mermaid's own HTML output. */
function angles(value: string): string {
  return value.replace(/</g, '‹').replace(/>/g, '›');
}

/** Removes what mermaid's gantt syntax reads as structure (`:`, `#`, `;`, `%`) from task and section text. */
function ganttText(value: string): string {
  return angles(value).replace(/[:#;%\n\r]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A mermaid click tooltip: double quotes and line breaks cannot appear inside it. */
function tooltip(value: string): string {
  return angles(value).replace(/"/g, "'").replace(/\s+/g, ' ').trim();
}


/** The pages, sharing lookups and the mention matcher. */
class RoadmapPages {
  private readonly tickets: Map<string, Ticket>;
  private readonly epics: Map<string, Epic>;
  private readonly milestones: Map<string, Milestone>;
  private readonly names = new Map<string, Mention>();
  private readonly pattern?: RegExp;

  constructor(
    private readonly roadmap: Roadmap,
    private readonly ctx: RoadmapRenderContext,
  ) {
    this.tickets = new Map(roadmap.tickets.map((t) => [t.id, t]));
    this.epics = new Map(roadmap.epics.map((e) => [e.id, e]));
    this.milestones = new Map(roadmap.milestones.map((m) => [m.id, m]));
    const all: Mention[] = [...ctx.mentions, ...roadmap.tickets.map((t) => ({ name: t.id, ref: { kind: 'ticket', id: t.id } as EntityRef }))];
    for (const m of all) {
      const key = m.name.toLowerCase();
      if (m.name.trim() && !this.names.has(key)) this.names.set(key, m);
    }
    const alternatives = [...this.names.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegExp);
    if (alternatives.length) {
      this.pattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_-])`, 'giu');
    }
  }

  private href(ref: EntityRef): string {
    return this.ctx.router.href(ref);
  }

  private page(ref: EntityRef, path: string, data: Record<string, unknown>, body: string[]): GeneratedPage {
    return { path, content: `${frontmatter({ ...data, slug: this.ctx.router.slug(ref) })}\n${body.join('\n')}\n` };
  }

  private state(id: string): TicketState {
    return this.roadmap.facts.states[id] ?? 'open';
  }

  /** Plain text with mentioned names linked; `self` (the page's own ticket) is never linked. */
  private linked(value: string, self?: string): string {
    if (!this.pattern) return text(value);
    let out = '';
    let last = 0;
    for (const m of value.matchAll(this.pattern)) {
      const ref = this.names.get(m[0].toLowerCase())!.ref;
      if (ref.kind === 'ticket' && ref.id === self) continue;
      if (m.index > last) out += text(value.slice(last, m.index));
      out += link(this.href(ref), m[0]);
      last = m.index + m[0].length;
    }
    if (last < value.length) out += text(value.slice(last));
    return out;
  }

  /** Inline text and code with mentions linked; a code span naming a mention exactly links as a whole. */
  private inline(content: InlineText[], self?: string): string {
    return content
      .map((piece) => {
        if (piece.kind === 'text') return this.linked(piece.value, self);
        const code = `<code>${text(piece.value)}</code>`;
        const ref = this.names.get(piece.value.toLowerCase())?.ref;
        return ref && !(ref.kind === 'ticket' && ref.id === self) ? `<a ${attr('href', this.href(ref))}>${code}</a>` : code;
      })
      .join('');
  }

  /** The hosts, profiles and modules named in a ticket's title and details, in order of first mention. */
  private mentionsIn(t: Ticket): Mention[] {
    const found = new Map<string, Mention>();
    const scan = (value: string) => {
      if (!this.pattern) return;
      for (const m of value.matchAll(this.pattern)) {
        const mention = this.names.get(m[0].toLowerCase())!;
        if (mention.ref.kind !== 'ticket') found.set(mention.name.toLowerCase(), mention);
      }
    };
    scan(t.title);
    for (const d of t.details) {
      for (const piece of d.content) {
        if (piece.kind === 'text') scan(piece.value);
        else {
          const mention = this.names.get(piece.value.toLowerCase());
          if (mention && mention.ref.kind !== 'ticket') found.set(mention.name.toLowerCase(), mention);
        }
      }
    }
    return [...found.values()];
  }

  private ticketLink(id: string): string {
    return this.tickets.has(id) ? link(this.href({ kind: 'ticket', id }), id) : `${text(id)}${SPACE}<span class="fd-muted">${text('(not in the roadmap)')}</span>`;
  }

  private effort(t: Ticket): string {
    if (t.effortHours !== undefined) return text(formatHours(t.effortHours));
    return t.effortText !== undefined ? `${text(t.effortText)}${SPACE}<span class="fd-muted">${text('(unreadable)')}</span>` : text('—');
  }

  /** A progress bar with its caption: hours when efforts are known, else ticket counts. */
  private progress(p: Progress, label: string): string {
    const byHours = p.hoursTotal > 0;
    const value = byHours ? p.hoursDone : p.ticketsDone;
    const max = byHours ? p.hoursTotal : Math.max(p.ticketsTotal, 1);
    let caption = `${formatHours(p.hoursDone)} of ${formatHours(p.hoursTotal)} done, ${formatHours(p.hoursOpen)} open · ${p.ticketsDone} of ${p.ticketsTotal} tickets done`;
    if (p.unestimated) caption += ` · ${p.unestimated} without an effort`;
    return [
      `<div class="fd-progress">`,
      `<progress class="fd-progress-bar" ${attr('value', String(value))} ${attr('max', String(max))} ${attr('aria-label', `${label}: ${caption}`)}></progress>`,
      `<span class="fd-progress-caption">${text(caption)}</span>`,
      `</div>`,
    ].join('\n');
  }

  overview(): GeneratedPage {
    const { roadmap } = this;
    const { facts } = roadmap;
    const body: string[] = [];
    const intro = roadmap.title ? `${text(roadmap.title)}, from ` : 'From ';
    body.push(`${intro}<code>${text(roadmap.file)}</code>. ${link(this.href({ kind: 'roadmapGraph' }), 'Dependency graph')} · ${link(this.href({ kind: 'roadmapGantt' }), 'Gantt chart')}`);
    body.push('', this.progress(facts.total, 'Whole roadmap'), '', '## Epics', '');
    for (const e of roadmap.epics) {
      body.push(`### [${mdText(epicName(e))}](${this.href({ kind: 'epic', id: e.id })})`, '');
      if (e.goal !== undefined) body.push(`**Goal**: ${text(e.goal)}`, '');
      if (e.timeline !== undefined) body.push(`**Timeline**: ${text(e.timeline)}`, '');
      body.push(this.progress(facts.epics[e.id]!, epicName(e)), '');
    }
    body.push('## Ready to start', '');
    if (facts.ready.length) {
      body.push('Open tickets whose dependencies are all done.', '', row(['Ticket', 'Title', 'Priority', 'Effort', 'Epic']), '| --- | --- | --- | --- | --- |');
      for (const id of facts.ready) {
        const t = this.tickets.get(id)!;
        body.push(row([this.ticketLink(id), this.linked(t.title, id), text(t.priority ?? '—'), this.effort(t), this.epicLink(t.epic)]));
      }
    } else body.push('No open ticket is ready to start.');
    body.push('', '## Blocked', '');
    if (facts.blocked.length) {
      body.push('Open tickets waiting on open dependencies.', '', row(['Ticket', 'Title', 'Blocked by']), '| --- | --- | --- |');
      for (const b of facts.blocked) {
        const t = this.tickets.get(b.ticket)!;
        body.push(row([this.ticketLink(b.ticket), this.linked(t.title, b.ticket), b.blockers.map((x) => this.ticketLink(x)).join(', ')]));
      }
    } else body.push('No open ticket is blocked.');
    body.push('', '## Critical path', '');
    const path = facts.criticalPath;
    if (path.tickets.length) {
      body.push(
        `The longest chain of open tickets, each depending on the one before, by effort: ${text(formatHours(path.hours))} in ${text(String(path.tickets.length))} ${path.tickets.length === 1 ? 'ticket' : 'tickets'}.`,
        '',
      );
      path.tickets.forEach((id, i) => {
        const t = this.tickets.get(id)!;
        body.push(`${i + 1}. ${this.ticketLink(id)}: ${this.linked(t.title, id)} (${this.effort(t)})`);
      });
    } else body.push('Every ticket is done.');
    if (roadmap.priorities.length) {
      body.push('', '## Priority definitions', '');
      for (const p of roadmap.priorities) body.push(`- **${text(p.name)}**: ${text(p.meaning)}`);
    }
    if (roadmap.effortNotes.length) {
      body.push('', '## Effort estimates', '');
      for (const n of roadmap.effortNotes) body.push(`- ${text(n)}`);
    }
    return this.page({ kind: 'roadmap' }, 'roadmap.mdx', {
      title: 'Roadmap',
      description: `${facts.total.ticketsDone} of ${facts.total.ticketsTotal} tickets done, ${formatHours(facts.total.hoursOpen)} of work open.`,
      sidebar: { order: 0, label: 'Overview' },
    }, body);
  }

  private epicLink(id: string | undefined): string {
    const e = id === undefined ? undefined : this.epics.get(id);
    return e ? link(this.href({ kind: 'epic', id: e.id }), epicName(e)) : text('—');
  }

  /** The table of tickets used on epic pages. */
  private ticketTable(ids: string[]): string[] {
    const lines = [row(['Ticket', 'Title', 'Status', 'Priority', 'Effort', 'Dependencies']), '| --- | --- | --- | --- | --- | --- |'];
    for (const id of ids) {
      const t = this.tickets.get(id)!;
      lines.push(
        row([
          this.ticketLink(id),
          this.linked(t.title, id),
          badge(STATE_LABEL[this.state(id)], STATE_BADGE[this.state(id)]),
          text(t.priority ?? '—'),
          this.effort(t),
          t.dependencies.map((d) => this.ticketLink(d)).join(', ') || text('—'),
        ]),
      );
    }
    return lines;
  }

  epic(e: Epic, index: number): GeneratedPage {
    const { facts } = this.roadmap;
    const body: string[] = [];
    if (e.goal !== undefined) body.push(`**Goal**: ${text(e.goal)}`, '');
    if (e.timeline !== undefined) body.push(`**Timeline**: ${text(e.timeline)}`, '');
    body.push(this.progress(facts.epics[e.id]!, epicName(e)), '');
    for (const mid of e.milestones) {
      const m = this.milestones.get(mid)!;
      body.push(`## ${mdText(milestoneName(m))}`, '');
      if (m.duration !== undefined) body.push(`**Duration**: ${text(m.duration)}`, '');
      body.push(this.progress(facts.milestones[m.id]!, milestoneName(m)), '');
      body.push(...(m.tickets.length ? this.ticketTable(m.tickets) : ['No tickets yet.']), '');
    }
    const loose = e.tickets.filter((id) => this.tickets.get(id)?.milestone === undefined);
    if (loose.length) body.push(e.milestones.length ? '## Other tickets' : '## Tickets', '', ...this.ticketTable(loose), '');
    body.push(`${link(this.href({ kind: 'roadmap' }), 'Back to the roadmap')} · ${link(this.href({ kind: 'roadmapGraph' }), 'Dependency graph')}`);
    const p = facts.epics[e.id]!;
    return this.page({ kind: 'epic', id: e.id }, `${this.ctx.router.slug({ kind: 'epic', id: e.id })}.mdx`, {
      title: epicName(e),
      description: `${p.ticketsDone} of ${p.ticketsTotal} tickets done, ${formatHours(p.hoursOpen)} of work open.`,
      sidebar: { order: index + 1 },
    }, body);
  }

  /** The mermaid source of the dependency graph. */
  graphSource(): string {
    const lines = ['flowchart LR'];
    const node = (t: Ticket) => `${ticketNodeId(t.id)}[${mermaidLabel(t.id)}]`;
    for (const e of this.roadmap.epics) {
      if (!e.tickets.length) continue;
      lines.push(`  subgraph ${e.id.replace(/[^A-Za-z0-9]/g, '_')}[${mermaidLabel(epicName(e))}]`);
      for (const id of e.tickets) lines.push(`    ${node(this.tickets.get(id)!)}`);
      lines.push('  end');
    }
    for (const t of this.roadmap.tickets) if (t.epic === undefined) lines.push(`  ${node(t)}`);
    for (const t of this.roadmap.tickets) {
      for (const d of t.dependencies) if (this.tickets.has(d)) lines.push(`  ${ticketNodeId(d)} --> ${ticketNodeId(t.id)}`);
    }
    for (const [state, style] of Object.entries(GRAPH_CLASSES)) lines.push(`  classDef ${state} ${style}`);
    for (const state of Object.keys(GRAPH_CLASSES) as TicketState[]) {
      const ids = this.roadmap.tickets.filter((t) => this.state(t.id) === state).map((t) => ticketNodeId(t.id));
      if (ids.length) lines.push(`  class ${ids.join(',')} ${state}`);
    }
    for (const t of this.roadmap.tickets) {
      lines.push(`  click ${ticketNodeId(t.id)} href "${this.href({ kind: 'ticket', id: t.id })}" "${tooltip(t.title)}"`);
    }
    return lines.join('\n');
  }

  graph(): GeneratedPage {
    const legend = (Object.keys(GRAPH_CLASSES) as TicketState[]).map((s) => badge(STATE_LABEL[s], STATE_BADGE[s])).join(' ');
    const body = [
      'Every ticket, grouped by epic. An arrow points from a ticket to the one that depends on it; click a ticket to open its page.',
      '',
      `Colours: ${legend}`,
      mermaid(this.graphSource()),
      link(this.href({ kind: 'roadmap' }), 'Back to the roadmap'),
    ];
    return this.page({ kind: 'roadmapGraph' }, 'roadmap/graph.mdx', {
      title: 'Dependency graph',
      description: 'Every ticket of the roadmap and what it depends on.',
      sidebar: { order: 1000 },
    }, body);
  }

  /**
   * Tickets in an order where each comes after its dependencies (Kahn's algorithm, preferring epic
   * order, then document order); a cycle is broken at the first waiting ticket.
   */
  private scheduleOrder(): Ticket[] {
    const epicIndex = new Map(this.roadmap.epics.map((e, i) => [e.id, i]));
    const key = (t: Ticket, i: number) => [t.epic === undefined ? Number.MAX_SAFE_INTEGER : epicIndex.get(t.epic)!, i] as const;
    const waiting = this.roadmap.tickets.map((t, i) => ({ t, key: key(t, i) }));
    const placed = new Set<string>();
    const order: Ticket[] = [];
    const before = (a: readonly [number, number], b: readonly [number, number]) => a[0] - b[0] || a[1] - b[1];
    while (waiting.length) {
      const free = waiting.filter((w) => w.t.dependencies.every((d) => !this.tickets.has(d) || placed.has(d)));
      const pool = free.length ? free : waiting;
      const next = pool.reduce((a, b) => (before(a.key, b.key) <= 0 ? a : b));
      waiting.splice(waiting.indexOf(next), 1);
      placed.add(next.t.id);
      order.push(next.t);
    }
    return order;
  }

  /** Each ticket in schedule order with the dependencies it waits for and its start and end, in hours from the start. */
  schedule(): { ticket: Ticket; after: string[]; from: number; to: number }[] {
    const end = new Map<string, number>();
    return this.scheduleOrder().map((ticket) => {
      const after = ticket.dependencies.filter((d) => end.has(d));
      const from = Math.max(0, ...after.map((d) => end.get(d)!));
      const to = Math.round((from + (ticket.effortHours ?? 0)) * 1000) / 1000;
      end.set(ticket.id, to);
      return { ticket, after, from, to };
    });
  }

  /** The mermaid source of the Gantt chart for a schedule. */
  private ganttSource(schedule: ReturnType<RoadmapPages['schedule']>): string {
    const start = this.roadmap.start ?? DEFAULT_GANTT_START;
    const critical = new Set(this.roadmap.facts.criticalPath.tickets);
    const lines = ['gantt', '  dateFormat YYYY-MM-DD HH:mm', ...ganttAxis(Math.max(0, ...schedule.map((s) => s.to))), '  todayMarker off'];
    let section: string | undefined | null = null;
    for (const { ticket: t, after } of schedule) {
      if (t.epic !== section) {
        section = t.epic;
        const e = section === undefined ? undefined : this.epics.get(section);
        // Section labels overlap the bars, so numbered epics are named by number only.
        lines.push(`  section ${ganttText(e ? (e.number ? `Epic ${e.number}` : e.title) : 'Other tickets') || 'Epic'}`);
      }
      const tags: string[] = [];
      const state = this.state(t.id);
      if (state === 'done') tags.push('done');
      else if (state === 'ready') tags.push('active');
      if (critical.has(t.id)) tags.push('crit');
      if (!t.effortHours) tags.push('milestone');
      const when = after.length ? `after ${after.map(ticketNodeId).join(' ')}` : `${start} 00:00`;
      lines.push(`    ${ganttText(`${t.id} ${t.title}`)} :${[...tags, ticketNodeId(t.id), when, formatHours(t.effortHours ?? 0)].join(', ')}`);
    }
    for (const t of this.roadmap.tickets) lines.push(`  click ${ticketNodeId(t.id)} href "${this.href({ kind: 'ticket', id: t.id })}"`);
    return lines.join('\n');
  }

  gantt(): GeneratedPage {
    const start = this.roadmap.start ?? DEFAULT_GANTT_START;
    const schedule = this.schedule();
    const where = this.roadmap.start
      ? `on ${text(start)}, as the roadmap's ${text('Start:')} line says`
      : `on ${text(start)}; write a line such as ${text('Start: 2025-03-03')} in the roadmap to change it`;
    const body = [
      `Each ticket takes its effort in hours and starts when its dependencies end; tickets without dependencies start ${where}. Done tickets are greyed, tickets ready to start are highlighted, the critical path is marked.`,
      mermaid(this.ganttSource(schedule)),
      '## Schedule',
      '',
      'Hours are counted from the start, one person per ticket.',
      '',
      row(['Ticket', 'Title', 'Status', 'After', 'Starts', 'Ends']),
      '| --- | --- | --- | --- | --- | --- |',
    ];
    for (const { ticket: t, after, from, to } of schedule) {
      body.push(
        row([
          this.ticketLink(t.id),
          this.linked(t.title, t.id),
          badge(STATE_LABEL[this.state(t.id)], STATE_BADGE[this.state(t.id)]),
          after.map((d) => this.ticketLink(d)).join(', ') || text('—'),
          text(`+${formatHours(from)}`),
          text(`+${formatHours(to)}`),
        ]),
      );
    }
    body.push('', link(this.href({ kind: 'roadmap' }), 'Back to the roadmap'));
    return this.page({ kind: 'roadmapGantt' }, 'roadmap/gantt.mdx', {
      title: 'Gantt chart',
      description: 'The roadmap scheduled from efforts and dependencies.',
      sidebar: { order: 1001 },
    }, body);
  }

  ticket(t: Ticket, index: number): GeneratedPage {
    const { facts } = this.roadmap;
    const state = this.state(t.id);
    const rows: [string, string][] = [];
    let status = badge(STATE_LABEL[state], STATE_BADGE[state]);
    if (state === 'ready') status += `${SPACE}${text(t.dependencies.length ? 'Every dependency is done.' : 'It depends on nothing.')}`;
    if (state === 'blocked') {
      const blockers = facts.blocked.find((b) => b.ticket === t.id)?.blockers ?? [];
      status += `${SPACE}${text('Waiting on')}${SPACE}${blockers.map((b) => this.ticketLink(b)).join(', ')}`;
    }
    if (state === 'open') status += `${SPACE}${text('It waits on tickets that are not in the roadmap.')}`;
    rows.push(['Status', status]);
    const definition = this.roadmap.priorities.find((p) => p.name === t.priority);
    rows.push(['Priority', t.priority === undefined ? text('—') : `${text(t.priority)}${definition ? `${SPACE}<span class="fd-muted">${text(`(${definition.meaning})`)}</span>` : ''}`]);
    rows.push(['Effort', this.effort(t)]);
    if (t.epic !== undefined) rows.push(['Epic', this.epicLink(t.epic)]);
    const m = t.milestone === undefined ? undefined : this.milestones.get(t.milestone);
    if (m) rows.push(['Milestone', `${text(milestoneName(m))}${m.duration ? `${SPACE}<span class="fd-muted">${text(`(${m.duration})`)}</span>` : ''}`]);
    rows.push([
      'Depends on',
      t.dependencies.length
        ? t.dependencies.map((d) => `${this.ticketLink(d)}${this.tickets.has(d) ? `${SPACE}${badge(STATE_LABEL[this.state(d)], STATE_BADGE[this.state(d)])}` : ''}`).join(', ')
        : text('nothing'),
    ]);
    const dependents = facts.dependents[t.id] ?? [];
    rows.push(['Needed by', dependents.length ? dependents.map((d) => this.ticketLink(d)).join(', ') : text('nothing')]);
    rows.push(['Defined at', `<code>${text(`${t.location.file}:${t.location.line}`)}</code>`]);
    const mentioned = this.mentionsIn(t);
    if (mentioned.length) rows.push(['Mentions', mentioned.map((m) => link(this.href(m.ref), m.name)).join(', ')]);
    const body = ['<dl class="fd-facts">'];
    for (const [name, value] of rows) body.push(`<dt>${text(name)}</dt><dd>${value}</dd>`);
    body.push('</dl>', '');
    if (t.details.length) {
      body.push('## Details', '');
      for (const d of t.details) body.push(`${'  '.repeat(d.depth)}- ${this.inline(d.content, t.id)}`);
      body.push('');
    }
    body.push(`${link(this.href({ kind: 'roadmap' }), 'Roadmap')} · ${link(this.href({ kind: 'roadmapGraph' }), 'Dependency graph')}`);
    return this.page({ kind: 'ticket', id: t.id }, `tickets/${t.id}.mdx`, {
      title: `${t.id}: ${t.title}`,
      description: `${STATE_LABEL[state]}${t.priority ? `, ${t.priority} priority` : ''}${t.effortHours !== undefined ? `, ${formatHours(t.effortHours)}` : ''}.`,
      sidebar: { order: index },
    }, body);
  }
}

/**
 * Axis lines for a schedule `hours` long: at most eight ticks at a round interval (mermaid's own ticks
 * overlap at the content width); times of day up to four days (with the weekday past the first),
 * dates beyond.
 */
export function ganttAxis(hours: number): string[] {
  const steps = [1, 2, 4, 6, 12, 24, 48, 168, 336, 720];
  const step = steps.find((h) => hours / h <= 8) ?? 720;
  const interval = step % 168 === 0 ? `${step / 168}week` : step % 24 === 0 ? `${step / 24}day` : `${step}hour`;
  const format = step < 24 ? (hours <= 24 ? '%H:%M' : '%a %H:%M') : '%b %d';
  return [`  axisFormat ${format}`, `  tickInterval ${interval}`];
}
