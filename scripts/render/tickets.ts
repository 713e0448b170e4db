/**
 * Roadmap pages: per planning document an overview (progress, every section and item, phases on a
 * timeline, epics, ready and blocked tickets, the critical path), a page per epic, a dependency graph
 * (mermaid) and a Gantt chart in working days (HTML); a page per ticket at `/tickets/<ID>/` and an
 * index of the tickets at `/tickets/`; with several documents, an index of them all at `/roadmap/`. All text from the documents is untrusted and
 * goes through `text()`/`attr()`/`link()`.
 */
import type { Epic, InlineText, Milestone, Progress, Roadmap, Roadmaps, Ticket, TicketState } from '../model/tickets.ts';
import type { SiteConfig } from '../config.ts';
import { badge, mermaidLabel, sourceLink } from './context.ts';
import { ganttChart, ganttPages, type GanttRow, scheduledByTicket, shortDate } from './gantt.ts';
import { attr, frontmatter, type GeneratedPage, link, mdText, mermaid, SPACE, text } from './mdx.ts';
import { filterable, pageLinks, paginate } from './index-page.ts';
import { phaseTimeline, planProgressBar, planSections, progressCaption } from './plans.ts';
import type { EntityRef, Router } from './router.ts';
import { NameMatcher } from './name-matcher.ts';
import { plural } from '../plural.ts';

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
  /** The site configuration, for links to the source on the forge (plain `file:line` without it). */
  config?: SiteConfig;
}

/** Mermaid `classDef`s of the dependency graph: strong fills with white text read in light and dark themes. */
export const GRAPH_CLASSES: Record<TicketState, string> = {
  done: 'fill:#2e7d32,stroke:#1b5e20,color:#ffffff',
  ready: 'fill:#1565c0,stroke:#0d47a1,color:#ffffff',
  blocked: 'fill:#c62828,stroke:#8e0000,color:#ffffff',
  open: 'fill:#6d6d6d,stroke:#424242,color:#ffffff',
};

/**
 * The dependency graph's legend: a chip per state in the very fill, border and text colours of its
 * nodes (GRAPH_CLASSES), not the paler badges of the ticket tables.
 */
export function graphLegend(): string {
  return (Object.entries(GRAPH_CLASSES) as [TicketState, string][])
    .map(([state, style]) => {
      const css = Object.fromEntries(style.split(',').map((kv) => kv.split(':') as [string, string]));
      return `<span ${attr('class', 'fd-chip')} ${attr('style', `background:${css.fill};border-color:${css.stroke};color:${css.color}`)}>${text(STATE_LABEL[state])}</span>`;
    })
    .join(' ');
}

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

/**
 * Past this many tickets one graph of them all is neither readable nor light (100 tickets drew a 326 KB
 * page, 300 an 870 KB one): the graph page draws the epics and how many dependencies link them, and
 * each epic's page draws its own tickets.
 */
export const GRAPH_TICKETS_MAX = 40;

/**
 * Past this many tickets one Gantt chart is too long to read and too heavy (300 tickets made a 200 KB
 * page): the chart is cut into pages of at most this many rows, whole epics kept together, every page
 * on the same axis.
 */
export const GANTT_TICKETS_MAX = 40;

/** A ticket id as a mermaid node id: `INFRA-1` → `INFRA_1` (mermaid ids cannot hold `-`). */
export function ticketNodeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Hours for display: `4h`, `1.5h`, `0.33h`. */
export function formatHours(hours: number): string {
  return `${Math.round(hours * 100) / 100}h`;
}

/**
 * Renders every roadmap page: one document's pages at `/roadmap/`, or with several documents an index
 * there and each document's pages under `/roadmap/<document id>/`. Ticket pages are shared; a ticket id
 * defined in two documents gets the first one's page.
 * @param roadmap the extracted documents (or one document)
 * @param ctx the router and the names to auto-link in ticket text
 */
export function renderRoadmap(roadmap: Roadmap | Roadmaps, ctx: RoadmapRenderContext): GeneratedPage[] {
  const documents = roadmap.kind === 'roadmaps' ? roadmap.documents : [roadmap];
  const several = documents.length > 1;
  const owner = new Map<string, Roadmap>();
  for (const d of documents) for (const t of d.tickets) if (!owner.has(t.id)) owner.set(t.id, d);
  const pages: GeneratedPage[] = [];
  const all = documents.map((d) => new RoadmapPages(d, ctx, several ? d.id : undefined, owner, documents.indexOf(d)));
  if (several) pages.push(roadmapIndex(documents, ctx.router));
  all.forEach((r, i) => {
    const d = documents[i]!;
    pages.push(r.overview());
    pages.push(...d.epics.map((e, j) => r.epic(e, j)));
    if (d.tickets.length) pages.push(r.graph(), ...r.gantt());
    pages.push(...d.tickets.filter((t) => owner.get(t.id) === d).map((t, j) => r.ticket(t, j)));
  });
  if (owner.size) pages.push(...ticketsIndex(all, owner.size, ctx.router, several));
  return pages;
}

/** Ticket rows per page of the tickets index: 250 rows stay under 70 KB and 3,000 DOM nodes. */
export const TICKETS_PER_PAGE = 250;

/**
 * The tickets index (`/tickets/`, then `/tickets/page/2/`…): every ticket with its status, priority and
 * epic, filterable, so the sidebar need not list them all.
 * @param documents each document's pages, in order
 * @param count how many tickets there are
 * @param router the site's router
 * @param several whether there are several documents (then a column names each ticket's)
 */
function ticketsIndex(documents: RoadmapPages[], count: number, router: Router, several: boolean): GeneratedPage[] {
  const head = ['Ticket', 'Title', 'Status', 'Priority', 'Epic', ...(several ? ['Document'] : [])];
  const pages = paginate(documents.flatMap((d) => d.indexRows(several)), TICKETS_PER_PAGE);
  const hrefs = pages.map((_, i) => router.href({ kind: 'ticketsPage', page: i + 1 }));
  return pages.map((rows, i) => {
    const page = i + 1;
    const range = `Tickets ${i * TICKETS_PER_PAGE + 1}–${i * TICKETS_PER_PAGE + rows.length}`;
    const nav = pageLinks(hrefs, page, 'Pages of the ticket list');
    const body = [
      `${count === 1 ? 'The' : 'All'} ${text(plural(count, 'ticket'))} of the ${link(router.href({ kind: 'roadmap' }), 'roadmap')}, in the order the ${several ? 'documents list' : 'document lists'} them${nav ? `; ${text(`${range.toLowerCase()} on this page`)}` : ''}.`,
      '',
      ...(nav ? [nav, ''] : []),
      ...filterable('Filter tickets', [row(head), `|${' --- |'.repeat(head.length)}`, ...rows]),
      ...(nav ? [nav, ''] : []),
    ];
    const slug = router.slug({ kind: 'ticketsPage', page });
    const data =
      page === 1
        ? { title: 'Tickets', description: `The ${plural(count, 'ticket')} of the roadmap.`, sidebar: { order: -1, label: 'All tickets' }, slug }
        : { title: `Tickets: ${range.toLowerCase()} of ${count}`, description: `${range} of the ${count} tickets of the roadmap.`, sidebar: { order: -1, label: range }, slug };
    // tickets.md beside the folder, not tickets/index.md, which a ticket with the id `index` would take.
    return { path: page === 1 ? 'tickets.md' : `${slug}.md`, content: `${frontmatter(data)}\n${body.join('\n')}\n` };
  });
}

/** The index of several planning documents: each with its title, file and progress. */
function roadmapIndex(documents: Roadmap[], router: Router): GeneratedPage {
  const body = ['Every planning document of the flake, with its progress.', ''];
  for (const d of documents) {
    const name = d.title ?? d.file;
    body.push(`## [${mdText(name)}](${router.href({ kind: 'roadmap', doc: d.id })})`, '', `From <code>${text(d.file)}</code>.`, '');
    if (d.facts.plan.total === 0) body.push(`No tickets or tasks found in <code>${text(d.file)}</code>.`, '');
    else body.push(planProgressBar(d.facts.plan, name), '');
  }
  const total = documents.reduce((n, d) => n + d.facts.plan.total, 0);
  const done = documents.reduce((n, d) => n + d.facts.plan.done, 0);
  return {
    path: 'roadmap.md',
    content: `${frontmatter({ title: 'Roadmap', description: `${plural(documents.length, 'planning document')}, ${done} of ${plural(total, 'task')} done.`, sidebar: { order: 0, label: 'Overview' }, slug: router.slug({ kind: 'roadmap' }) })}\n${body.join('\n')}\n`,
  };
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

/** The sections of a page of Gantt rows in words: `Epic 1: Setup` or `Epic 1: Setup to Epic 4: Backups`. */
function sectionSpan(rows: GanttRow[]): string {
  const first = rows[0]!.section;
  const last = rows.at(-1)!.section;
  return first === last ? first : `${first} to ${last}`;
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
  /** Finds the names of `names` in text (linear in the text, whatever the number of tickets). */
  private readonly matcher = new NameMatcher();
  private readonly roadmap: Roadmap;
  private readonly ctx: RoadmapRenderContext;
  /** The document's id in URLs when there are several documents. */
  private readonly doc: string | undefined;
  /** Every ticket of every document, by id, with the document that defines it. */
  private readonly owner: Map<string, Roadmap>;
  /** The document's position among the documents, for sidebar order. */
  private readonly docIndex: number;
  /** Each blocked ticket's blockers, by ticket (one lookup per ticket page instead of a search of the list). */
  private readonly blockers: Map<string, string[]>;
  constructor(roadmap: Roadmap, ctx: RoadmapRenderContext, doc: string | undefined, owner: Map<string, Roadmap>, docIndex = 0) {
    this.roadmap = roadmap;
    this.ctx = ctx;
    this.doc = doc;
    this.owner = owner;
    this.docIndex = docIndex;
    this.tickets = new Map(roadmap.tickets.map((t) => [t.id, t]));
    this.epics = new Map(roadmap.epics.map((e) => [e.id, e]));
    this.milestones = new Map(roadmap.milestones.map((m) => [m.id, m]));
    this.blockers = new Map();
    // The first entry of a ticket wins, as the list's find did.
    for (const b of roadmap.facts.blocked) if (!this.blockers.has(b.ticket)) this.blockers.set(b.ticket, b.blockers);
    const all: Mention[] = [...ctx.mentions, ...[...owner.keys()].map((id) => ({ name: id, ref: { kind: 'ticket', id } as EntityRef }))];
    for (const m of all) {
      const key = m.name.toLowerCase();
      if (m.name.trim() && !this.names.has(key)) this.names.set(key, m);
    }
    for (const key of this.names.keys()) this.matcher.add(key);
  }

  /** The reference with this document's id added to the roadmap's own pages. */
  private inDoc(ref: EntityRef): EntityRef {
    const own = ref.kind === 'roadmap' || ref.kind === 'roadmapGraph' || ref.kind === 'roadmapGantt' || ref.kind === 'epic';
    return own && this.doc !== undefined && ref.doc === undefined ? { ...ref, doc: this.doc } : ref;
  }

  private href(ref: EntityRef): string {
    return this.ctx.router.href(this.inDoc(ref));
  }

  private page(ref: EntityRef, data: Record<string, unknown>, body: string[]): GeneratedPage {
    const slug = this.ctx.router.slug(this.inDoc(ref));
    return { path: `${slug}.md`, content: `${frontmatter({ ...data, slug })}\n${body.join('\n')}\n` };
  }

  private state(id: string): TicketState {
    return this.roadmap.facts.states[id] ?? 'open';
  }

  /** Plain text with mentioned names linked; `self` (the page's own ticket) is never linked. */
  private linked(value: string, self?: string): string {
    if (!this.matcher.size) return text(value);
    let out = '';
    let last = 0;
    for (const m of this.matcher.matches(value)) {
      const ref = this.names.get(m.key)!.ref;
      if (ref.kind === 'ticket' && ref.id === self) continue;
      if (m.index > last) out += text(value.slice(last, m.index));
      out += link(this.href(ref), value.slice(m.index, m.index + m.length));
      last = m.index + m.length;
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
      for (const m of this.matcher.matches(value)) {
        const mention = this.names.get(m.key)!;
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
    // Ids never break inside (`INFRA-` / `1`): fd-id keeps them on one line.
    return this.owner.has(id)
      ? `<span class="fd-id">${link(this.href({ kind: 'ticket', id }), id)}</span>`
      : `<span class="fd-id">${text(id)}</span>${SPACE}<span class="fd-muted">${text('(not in the roadmap)')}</span>`;
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
    let caption = `${formatHours(p.hoursDone)} of ${formatHours(p.hoursTotal)} done, ${formatHours(p.hoursOpen)} open · ${p.ticketsDone} of ${plural(p.ticketsTotal, 'ticket')} done`;
    if (p.unestimated) caption += ` · ${p.unestimated} without an effort`;
    return [
      `<div class="fd-progress">`,
      `<progress class="fd-progress-bar" ${attr('value', String(value))} ${attr('max', String(max))} ${attr('aria-label', `${label}: ${caption}`)}></progress>`,
      `<span class="fd-progress-caption">${text(caption)}</span>`,
      `</div>`,
    ].join('\n');
  }

  /**
   * The document's overview: progress, phases, epics, ready and blocked tickets, the critical path,
   * and every section with its items (for documents that hold more than tickets).
   */
  overview(): GeneratedPage {
    const { roadmap } = this;
    const { facts } = roadmap;
    const hasTickets = roadmap.tickets.length > 0;
    const onlyTickets = roadmap.items.every((i) => i.form === 'ticket');
    const body: string[] = [];
    const intro = roadmap.title ? `${text(roadmap.title)}, from ` : 'From ';
    const pages = hasTickets ? ` ${link(this.href({ kind: 'roadmapGraph' }), 'Dependency graph')} · ${link(this.href({ kind: 'roadmapGantt' }), 'Gantt chart')}` : '';
    body.push(`${intro}<code>${text(roadmap.file)}</code>.${pages}`);
    for (const f of roadmap.fields) body.push('', `**${mdText(f.name)}**: ${text(f.value)}`);
    if (facts.plan.total === 0) {
      body.push('', `No tickets or tasks found in <code>${text(roadmap.file)}</code>: write tickets (${text('- [ ] INFRA-1: title')}), checkbox tasks (${text('- [ ] task')}) or status lines (${text('- ✅ done')}) to see them here.`);
    } else if (hasTickets) body.push('', this.progress(facts.total, 'Whole roadmap'));
    if (facts.plan.total > 0 && !onlyTickets) body.push('', planProgressBar(facts.plan, 'Whole document'));
    body.push('');
    body.push(...phaseTimeline(roadmap));
    if (roadmap.epics.length) {
      body.push('## Epics', '');
      for (const e of roadmap.epics) {
        body.push(`### [${mdText(epicName(e))}](${this.href({ kind: 'epic', id: e.id })})`, '');
        if (e.goal !== undefined) body.push(`**Goal**: ${text(e.goal)}`, '');
        if (e.timeline !== undefined) body.push(`**Timeline**: ${text(e.timeline)}`, '');
        body.push(this.progress(facts.epics[e.id]!, epicName(e)), '');
      }
    }
    if (hasTickets) {
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
      } else body.push(`Every ticket is done (${text(String(roadmap.tickets.length))} of ${text(String(roadmap.tickets.length))}).`);
      body.push('');
    }
    if (!onlyTickets) {
      body.push(
        ...planSections(roadmap, {
          inline: (content) => this.inline(content),
          ticket: (id) => {
            const t = this.tickets.get(id)!;
            return `${badge(STATE_LABEL[this.state(id)], STATE_BADGE[this.state(id)])} ${this.ticketLink(id)}: ${this.linked(t.title, id)}`;
          },
        }),
      );
    }
    if (roadmap.priorities.length) {
      body.push('', '## Priority definitions', '');
      for (const p of roadmap.priorities) body.push(`- **${text(p.name)}**: ${text(p.meaning)}`);
    }
    if (roadmap.effortNotes.length) {
      body.push('', '## Effort estimates', '');
      for (const n of roadmap.effortNotes) body.push(`- ${text(n)}`);
    }
    const description =
      facts.plan.total === 0
        ? `No tickets or tasks found in ${roadmap.file}.`
        : hasTickets && onlyTickets
          ? `${facts.total.ticketsDone} of ${plural(facts.total.ticketsTotal, 'ticket')} done, ${formatHours(facts.total.hoursOpen)} of work open.`
          : `${progressCaption(facts.plan)}.`;
    return this.page({ kind: 'roadmap' }, {
      title: this.doc === undefined ? 'Roadmap' : (roadmap.title ?? roadmap.file),
      description,
      sidebar: this.doc === undefined ? { order: 0, label: 'Overview' } : { order: this.order(0) },
    }, body);
  }

  /** Sidebar order: one document's pages from 0; with several, each document's from ten thousand apart. */
  private order(n: number): number {
    return this.doc === undefined ? n : (this.docIndex + 1) * 10000 + n;
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
    // A big roadmap's graph page shows only epics: each epic page draws its tickets instead.
    if (this.roadmap.tickets.length > GRAPH_TICKETS_MAX && e.tickets.length && e.tickets.length <= GRAPH_TICKETS_MAX) {
      body.push('## Dependencies', '', 'An arrow points from a ticket to the one that depends on it; click a ticket to open its page.', '', `Colours: ${graphLegend()}`, mermaid(this.epicGraphSource(e)), '');
    }
    body.push(`${link(this.href({ kind: 'roadmap' }), 'Back to the roadmap')} · ${link(this.href({ kind: 'roadmapGraph' }), 'Dependency graph')}`);
    const p = facts.epics[e.id]!;
    return this.page({ kind: 'epic', id: e.id }, {
      title: epicName(e),
      description: `${p.ticketsDone} of ${plural(p.ticketsTotal, 'ticket')} done, ${formatHours(p.hoursOpen)} of work open.`,
      sidebar: { order: this.order(index + 1) },
    }, body);
  }

  /** The mermaid source of one epic's tickets, with the tickets outside it that they depend on. */
  epicGraphSource(e: Epic): string {
    const own = new Set(e.tickets);
    const outside = [...new Set(e.tickets.flatMap((id) => this.tickets.get(id)!.dependencies.filter((d) => !own.has(d) && this.tickets.has(d))))];
    const lines = ['flowchart TB'];
    for (const id of e.tickets) lines.push(`  ${ticketNodeId(id)}[${mermaidLabel(id)}]`);
    for (const id of outside) lines.push(`  ${ticketNodeId(id)}[${mermaidLabel(`${id} (other epic)`)}]`);
    for (const id of e.tickets) {
      for (const d of this.tickets.get(id)!.dependencies) if (this.tickets.has(d)) lines.push(`  ${ticketNodeId(d)} --> ${ticketNodeId(id)}`);
    }
    lines.push(...this.ticketStyles([...e.tickets, ...outside]));
    return lines.join('\n');
  }

  /** The status colours of a graph's ticket nodes, and each node's link to its ticket page. */
  private ticketStyles(ids: string[]): string[] {
    const lines = Object.entries(GRAPH_CLASSES).map(([state, style]) => `  classDef ${state} ${style}`);
    for (const state of Object.keys(GRAPH_CLASSES) as TicketState[]) {
      const of = ids.filter((id) => this.state(id) === state).map(ticketNodeId);
      if (of.length) lines.push(`  class ${of.join(',')} ${state}`);
    }
    for (const id of ids) lines.push(`  click ${ticketNodeId(id)} href "${this.href({ kind: 'ticket', id })}" "${tooltip(this.tickets.get(id)!.title)}"`);
    return lines;
  }

  /** The mermaid source of the epics graph: an epic per node, an arrow where tickets of one depend on tickets of another. */
  epicsGraphSource(): string {
    const epicOf = new Map(this.roadmap.tickets.map((t) => [t.id, t.epic]));
    const node = (epic: string | undefined) => (epic === undefined ? 'no_epic' : `e_${epic.replace(/[^A-Za-z0-9]/g, '_')}`);
    const lines = ['flowchart TB'];
    for (const e of this.roadmap.epics) {
      if (!e.tickets.length) continue;
      lines.push(`  ${node(e.id)}[${mermaidLabel(`${epicName(e)} · ${plural(e.tickets.length, 'ticket')}`)}]`, `  click ${node(e.id)} href "${this.href({ kind: 'epic', id: e.id })}"`);
    }
    const loose = this.roadmap.tickets.filter((t) => t.epic === undefined).length;
    if (loose) lines.push(`  ${node(undefined)}[${mermaidLabel(`Without an epic · ${plural(loose, 'ticket')}`)}]`);
    const links = new Map<string, number>();
    for (const t of this.roadmap.tickets) {
      for (const d of t.dependencies) {
        if (!this.tickets.has(d) || epicOf.get(d) === t.epic) continue;
        const key = `${node(epicOf.get(d))} -->|COUNT| ${node(t.epic)}`;
        links.set(key, (links.get(key) ?? 0) + 1);
      }
    }
    for (const [key, count] of links) lines.push(`  ${key.replace('COUNT', String(count))}`);
    return lines.join('\n');
  }

  /** The mermaid source of the dependency graph. */
  graphSource(): string {
    // Top to bottom, so epics read in the document's order: each epic a band of its tickets, and an
    // invisible link from each epic to the next keeps the bands stacked even where no ticket links them.
    const lines = ['flowchart TB'];
    const node = (t: Ticket) => `${ticketNodeId(t.id)}[${mermaidLabel(t.id)}]`;
    const bands: string[] = [];
    for (const e of this.roadmap.epics) {
      if (!e.tickets.length) continue;
      const id = e.id.replace(/[^A-Za-z0-9]/g, '_');
      bands.push(id);
      lines.push(`  subgraph ${id}[${mermaidLabel(epicName(e))}]`);
      for (const t of e.tickets) lines.push(`    ${node(this.tickets.get(t)!)}`);
      lines.push('  end');
    }
    if (bands.length > 1) lines.push(`  ${bands.join(' ~~~ ')}`);
    for (const t of this.roadmap.tickets) if (t.epic === undefined) lines.push(`  ${node(t)}`);
    for (const t of this.roadmap.tickets) {
      for (const d of t.dependencies) if (this.tickets.has(d)) lines.push(`  ${ticketNodeId(d)} --> ${ticketNodeId(t.id)}`);
    }
    lines.push(...this.ticketStyles(this.roadmap.tickets.map((t) => t.id)));
    return lines.join('\n');
  }

  graph(): GeneratedPage {
    const legend = graphLegend();
    const body =
      this.roadmap.tickets.length <= GRAPH_TICKETS_MAX
        ? [
            'Every ticket, grouped by epic. An arrow points from a ticket to the one that depends on it; click a ticket to open its page.',
            '',
            `Colours: ${legend}`,
            mermaid(this.graphSource()),
            link(this.href({ kind: 'roadmap' }), 'Back to the roadmap'),
          ]
        : [
            text(`${this.roadmap.tickets.length} tickets are too many for one readable graph: this one shows the epics, with an arrow where tickets of one depend on tickets of another (how many on the arrow). Click an epic: its page draws its own tickets.`),
            mermaid(this.epicsGraphSource()),
            link(this.href({ kind: 'roadmap' }), 'Back to the roadmap'),
          ];
    return this.page({ kind: 'roadmapGraph' }, {
      title: 'Dependency graph',
      description: 'Every ticket of the roadmap and what it depends on.',
      sidebar: { order: this.order(1000) },
    }, body);
  }

  /** Where the schedule's first day comes from, in words for the Gantt page. */
  private startNote(): string {
    const { schedule } = this.roadmap;
    switch (schedule.startFrom) {
      case 'config':
        return `on ${text(schedule.start)}, the ${text('startDate')} of the configuration`;
      case 'start':
        return `on ${text(schedule.start)}, as the document's ${text('Start:')} line says`;
      case 'lastUpdated':
        return `on ${text(schedule.start)}, the document's ${text('Last Updated:')} date`;
      case 'default':
        return `on day 1; set ${text('startDate')} in the configuration or write a line such as ${text('Start: 2025-03-03')} in the document to see dates`;
    }
  }

  /** The Gantt chart's rows, in schedule order, each with its epic as section. */
  private ganttRows(): GanttRow[] {
    const critical = new Set(this.roadmap.facts.criticalPath.tickets);
    return this.roadmap.schedule.tickets.map((s) => {
      const t = this.tickets.get(s.ticket)!;
      const e = t.epic === undefined ? undefined : this.epics.get(t.epic);
      return {
        section: e ? epicName(e) : 'Other tickets',
        ticket: t.id,
        title: t.title,
        href: this.href({ kind: 'ticket', id: t.id }),
        state: this.state(t.id),
        critical: critical.has(t.id),
      };
    });
  }

  /** The Gantt chart's page, or past GANTT_TICKETS_MAX tickets its pages, whole epics on each. */
  gantt(): GeneratedPage[] {
    const rows = this.ganttRows();
    const pages = rows.length > GANTT_TICKETS_MAX ? ganttPages(rows, GANTT_TICKETS_MAX) : [rows];
    const hrefs = pages.map((_, i) => this.href({ kind: 'roadmapGantt', page: i + 1 }));
    return pages.map((_, i) => this.ganttPage(pages, i, hrefs));
  }

  /** Page `index` of the Gantt chart: the intro, the chart of its rows on the whole schedule's axis, and their schedule. */
  private ganttPage(pages: GanttRow[][], index: number, hrefs: string[]): GeneratedPage {
    const { schedule } = this.roadmap;
    const rows = pages[index]!;
    const dates = schedule.startFrom !== 'default';
    const hours = `${schedule.hoursPerDay} ${schedule.hoursPerDay === 1 ? 'hour' : 'hours'}`;
    const day = (n: number, date: string) => (dates ? `day ${n} (${shortDate(date)})` : `day ${n}`);
    const nav = pageLinks(hrefs, index + 1, 'Pages of the Gantt chart');
    const body = [
      `Each ticket takes its effort in working days of ${text(hours)}, Monday to Friday, and starts when its dependencies end; tickets without dependencies start ${this.startNote()}. ${text(`${schedule.days} working ${schedule.days === 1 ? 'day' : 'days'} in all.`)} Done tickets are green, tickets ready to start blue, blocked ones red; the critical path is outlined.`,
      '',
    ];
    if (nav) body.push(...this.ganttPagesIntro(pages, index), nav, '');
    body.push(
      ganttChart(schedule, rows, dates),
      '',
      '## Schedule',
      '',
      'One person per ticket; a ticket ending at a day\'s last hour ends on that day.',
      '',
      row(['Ticket', 'Title', 'Status', 'After', 'Starts', 'Ends']),
      '| --- | --- | --- | --- | --- | --- |',
    );
    const byTicket = scheduledByTicket(schedule);
    for (const r of rows) {
      const s = byTicket.get(r.ticket)!;
      const t = this.tickets.get(s.ticket)!;
      body.push(
        row([
          this.ticketLink(t.id),
          this.linked(t.title, t.id),
          badge(STATE_LABEL[this.state(t.id)], STATE_BADGE[this.state(t.id)]),
          s.after.map((d) => this.ticketLink(d)).join(', ') || text('—'),
          text(day(s.startDay, s.startDate)),
          text(day(s.endDay, s.endDate)),
        ]),
      );
    }
    body.push('', ...(nav ? [nav, ''] : []), link(this.href({ kind: 'roadmap' }), 'Back to the roadmap'));
    const page = index + 1;
    const data =
      page === 1
        ? { title: 'Gantt chart', description: 'The roadmap scheduled in working days from efforts and dependencies.', sidebar: { order: this.order(1001) } }
        : {
            title: `Gantt chart, page ${page} of ${pages.length}`,
            description: `The roadmap scheduled in working days: ${sectionSpan(rows)}.`,
            // Reached from page 1 and the page links; the sidebar every page carries stays short.
            sidebar: { hidden: true },
          };
    return this.page({ kind: 'roadmapGantt', page }, data, body);
  }

  /** Above a paged chart: why it is paged, and on page 1 which epics each page holds. */
  private ganttPagesIntro(pages: GanttRow[][], index: number): string[] {
    const count = pages.reduce((n, p) => n + p.length, 0);
    const out = [text(`${count} tickets are too many for one chart: it is cut into ${pages.length} pages of at most ${GANTT_TICKETS_MAX} tickets, each epic on one page where it fits, all on the same axis.`), ''];
    if (index > 0) return out;
    out.push(row(['Page', 'Epics', 'Tickets']), '| --- | --- | --- |');
    pages.forEach((p, i) => out.push(row([link(this.href({ kind: 'roadmapGantt', page: i + 1 }), `Page ${i + 1}`), text(sectionSpan(p)), text(String(p.length))])));
    out.push('');
    return out;
  }

  /** This document's rows of the tickets index: the tickets it defines (not those another document defined first). */
  indexRows(withDocument: boolean): string[] {
    const docName = this.roadmap.title ?? this.roadmap.file;
    return this.roadmap.tickets
      .filter((t) => this.owner.get(t.id) === this.roadmap)
      .map((t) =>
        row([
          this.ticketLink(t.id),
          text(t.title),
          badge(STATE_LABEL[this.state(t.id)], STATE_BADGE[this.state(t.id)]),
          text(t.priority ?? '—'),
          this.epicLink(t.epic),
          ...(withDocument ? [link(this.href({ kind: 'roadmap' }), docName)] : []),
        ]),
      );
  }

  ticket(t: Ticket, index: number): GeneratedPage {
    const { facts } = this.roadmap;
    const state = this.state(t.id);
    const rows: [string, string][] = [];
    let status = badge(STATE_LABEL[state], STATE_BADGE[state]);
    if (state === 'ready') status += `${SPACE}${text(t.dependencies.length ? 'Every dependency is done.' : 'It depends on nothing.')}`;
    if (state === 'blocked') {
      const blockers = this.blockers.get(t.id) ?? [];
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
    const config = this.ctx.config;
    rows.push(['Defined at', config ? sourceLink({ config }, t.location) : `<code>${text(`${t.location.file}:${t.location.line}`)}</code>`]);
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
    return this.page({ kind: 'ticket', id: t.id }, {
      title: `${t.id}: ${t.title}`,
      description: `${STATE_LABEL[state]}${t.priority ? `, ${t.priority} priority` : ''}${t.effortHours !== undefined ? `, ${formatHours(t.effortHours)}` : ''}.`,
      sidebar: { order: this.order(index) },
    }, body);
  }
}
