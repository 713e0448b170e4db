/**
 * Walks the roadmap's mdast (remark + remark-gfm) into epics, milestones, tickets, definitions and
 * mermaid blocks. Tolerant of emoji, bold markers and missing fields; what it cannot read becomes a
 * diagnostic with the line it was found on.
 */
import type { Code, Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type {
  Epic,
  InlineText,
  Milestone,
  Roadmap,
  Ticket,
  TicketDetail,
} from '../model/tickets.ts';
import { parseMermaidEdges, TICKET_ID } from './tickets-mermaid.ts';
import { escapeRegExp } from '../regexp.ts';
// Parsed in linear time: micromark's edit of the event list no longer copies the whole document.
import '../markdown-linear.ts';

/** Everything read from the document, before cross-ticket checks and derived facts. */
export type RoadmapDocument = Omit<Roadmap, 'kind' | 'id' | 'file' | 'facts' | 'schedule' | 'sections' | 'items' | 'fields' | 'lastUpdated'>;

/** Working hours per day for efforts written in days, unless configured otherwise. */
export const HOURS_PER_DAY = 8;
/** The largest effort read (about fifty years of eight-hour days). */
const MAX_EFFORT_HOURS = 100_000;

/** A ticket line: optional decoration, the id, a separator, the title. */
const TICKET_LINE = new RegExp(`^(${TICKET_ID.source})(?![\\w-])\\s*(?:[:.\\-–—]\\s*)?(.*)$`, 's');

/** The field bullets of a ticket; everything else is a detail. */
const FIELD = /^(priority|effort|estimated effort|estimate|dependencies|dependency|depends on|deps|blocked by)\s*:\s*(.*)$/is;

/** Leading decoration before a heading's or item's words: emoji, symbols, spaces. */
export const DECORATION = /^[^\p{L}\p{N}]+/u;

/**
 * Reads an effort such as `2h`, `1.5h`, `30m`, `1d`, `3 days` or `1w` into working hours; undefined
 * when unreadable. A day is `hoursPerDay` hours, a week five working days.
 * @param value the effort as written
 * @param hoursPerDay working hours in a day (8 by default)
 */
export function parseEffort(value: string, hoursPerDay = HOURS_PER_DAY): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(h|hrs?|hours?|m|mins?|minutes?|d|days?|w|wks?|weeks?)$/i.exec(value.trim());
  if (!m) return undefined;
  const amount = Number(m[1]);
  const unit = m[2]!.toLowerCase()[0];
  const hours = unit === 'm' ? amount / 60 : unit === 'd' ? amount * hoursPerDay : unit === 'w' ? amount * 5 * hoursPerDay : amount;
  // More than fifty years of work is not an estimate; it would only push every date past the calendar.
  if (!(hours <= MAX_EFFORT_HOURS)) return undefined;
  return Math.round(hours * 1000) / 1000;
}

/** Documents smaller than this are parsed whole; larger ones section by section when that is safe. */
const SECTION_SPLIT_BYTES = 64 * 1024;

/**
 * Where a document can be cut into sections that parse exactly as the whole does: before each
 * top-level ATX heading that follows a blank line outside fenced code (a heading at the margin closes
 * every list and quote). Undefined when a construct could reach across a cut: link or footnote
 * definitions (used anywhere in the document) and HTML blocks (which may run past a heading).
 * @param text the document
 * @returns the start offset of each section after the first
 */
export function sectionStarts(text: string): number[] | undefined {
  if (/^ {0,3}(\[[^\]\n]+\]:|<)/m.test(text)) return undefined;
  const starts: number[] = [];
  let fence: { char: string; length: number } | undefined;
  let blank = false;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (marker && marker[1]![0] === fence.char && marker[1]!.length >= fence.length && !line.trim().slice(marker[0].trim().length).trim()) fence = undefined;
    } else if (marker) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length };
    } else if (blank && at > 0 && /^#{1,6}(\s|$)/.test(line)) {
      starts.push(at);
    }
    blank = !line.trim();
    if (end === -1) break;
    at = end + 1;
  }
  return starts;
}

/**
 * Parses markdown as the roadmap readers see it (remark + remark-gfm). A large document is parsed
 * section by section (see `sectionStarts`) with positions shifted into the whole: the same tree, in
 * less memory (micromark's events of the whole document are never held at once).
 * @param text the document
 */
export function parseMarkdown(text: string): Root {
  const parse = (t: string) => unified().use(remarkParse).use(remarkGfm).parse(t) as Root;
  const starts = text.length > SECTION_SPLIT_BYTES ? sectionStarts(text) : undefined;
  if (!starts?.length) return parse(text);
  const root: Root = { type: 'root', children: [] };
  let line = 0;
  let prev = 0;
  for (const [i, from] of [0, ...starts].entries()) {
    const to = starts[i] ?? text.length;
    for (let k = text.indexOf('\n', prev); k !== -1 && k < from; k = text.indexOf('\n', k + 1)) line++;
    prev = from;
    const part = parse(text.slice(from, to));
    visit(part, (node) => {
      const p = node.position;
      if (!p) return;
      p.start = { ...p.start, line: p.start.line + line, offset: (p.start.offset ?? 0) + from };
      p.end = { ...p.end, line: p.end.line + line, offset: (p.end.offset ?? 0) + from };
    });
    root.children.push(...part.children);
  }
  const lines = text.split('\n');
  root.position = { start: { line: 1, column: 1, offset: 0 }, end: { line: lines.length, column: lines.at(-1)!.length + 1, offset: text.length } };
  return root;
}

/** Options of the roadmap readers. */
export interface ReadOptions {
  /** Working hours in a day, for efforts written in days or weeks (8 by default). */
  hoursPerDay?: number;
}

/**
 * Parses the roadmap markdown.
 * @param file the document's path relative to the flake root, for locations
 * @param source the document, or its already parsed tree
 * @param options how efforts are read
 */
export function readRoadmapDocument(
  file: string,
  source: string | Root,
  options: ReadOptions = {},
): { document: RoadmapDocument; diagnostics: Diagnostic[] } {
  const tree = typeof source === 'string' ? parseMarkdown(source) : source;
  return new Walker(file, options.hoursPerDay ?? HOURS_PER_DAY).walk(tree);
}

type Section = 'none' | 'epic' | 'priorities' | 'effort' | 'other';

/** One pass over the top-level nodes, tracking the current epic and milestone by headings. */
class Walker {
  private readonly doc: RoadmapDocument = {
    epics: [],
    milestones: [],
    tickets: [],
    priorities: [],
    effortNotes: [],
    mermaid: [],
  };
  private readonly diagnostics: Diagnostic[] = [];
  private readonly byId = new Map<string, Ticket>();
  private readonly priorityLocations = new Map<Ticket, SourceLocation>();
  private section: Section = 'none';
  private sectionDepth = 0;
  private epic?: Epic;
  private milestone?: Milestone;
  private milestoneDepth = 0;

  private readonly file: string;
  private readonly hoursPerDay: number;
  constructor(file: string, hoursPerDay: number) {
    this.file = file;
    this.hoursPerDay = hoursPerDay;
  }

  walk(tree: Root): { document: RoadmapDocument; diagnostics: Diagnostic[] } {
    for (const node of tree.children) this.visit(node);
    this.resolvePriorities();
    return { document: this.doc, diagnostics: this.diagnostics };
  }

  private loc(node: Nodes): SourceLocation {
    const start = node.position?.start;
    return { file: this.file, line: start?.line ?? 1, column: start?.column ?? 1 };
  }

  private report(severity: Diagnostic['severity'], code: string, message: string, location: SourceLocation): void {
    this.diagnostics.push({ severity, code: `tickets/${code}`, message, location });
  }

  private visit(node: RootContent): void {
    switch (node.type) {
      case 'heading':
        return this.heading(node);
      case 'paragraph':
        return this.paragraph(node);
      case 'list':
        return this.list(node);
      case 'code':
        return this.code(node);
      default:
        // Tables, quotes, html, thematic breaks…: nothing of the roadmap's structure lives there.
        return;
    }
  }

  private heading(node: Heading): void {
    const words = plain(node).replace(DECORATION, '').trim();
    if (node.depth === 1 && this.doc.title === undefined && this.doc.epics.length === 0) {
      this.doc.title = plain(node).trim();
      return;
    }
    const epic = /^epic\b(?:\s+(\d+(?:\.\d+)*))?\s*[:.\-–—]?\s*(.*)$/is.exec(words);
    if (epic) return this.startEpic(node, epic[1], epic[2]!.trim() || words);
    const milestone = /^milestone\b(?:\s+(\d+(?:\.\d+)*))?\s*[:.\-–—]?\s*(.*)$/is.exec(words);
    if (milestone) return this.startMilestone(node, milestone[1], milestone[2]!.trim() || words);
    if (this.section === 'epic' && node.depth > this.sectionDepth) {
      if (this.milestone && node.depth <= this.milestoneDepth) this.milestone = undefined;
      return;
    }
    this.epic = undefined;
    this.milestone = undefined;
    this.sectionDepth = node.depth;
    if (/^priorit(y|ies)(\s+definitions?|\s+levels?)?$/i.test(words)) this.section = 'priorities';
    else if (/^effort(\s+estimates?|\s+estimation)?$/i.test(words)) this.section = 'effort';
    else this.section = 'other';
  }

  private startEpic(node: Heading, number: string | undefined, title: string): void {
    const base = `epic-${number ?? slug(title)}`;
    let id = base;
    for (let n = 2; this.doc.epics.some((e) => e.id === id); n++) id = `${base}-${n}`;
    this.epic = { kind: 'epic', id, number, title, milestones: [], tickets: [], location: this.loc(node) };
    this.doc.epics.push(this.epic);
    this.milestone = undefined;
    this.section = 'epic';
    this.sectionDepth = node.depth;
  }

  private startMilestone(node: Heading, number: string | undefined, rest: string): void {
    const paren = /^(.*?)\s*\(([^()]*)\)\s*$/s.exec(rest);
    const title = (paren ? paren[1]! : rest).trim() || rest;
    const duration = paren?.[2]?.trim() || undefined;
    const base = number ?? slug(title);
    let id = base;
    for (let n = 2; this.doc.milestones.some((m) => m.id === id); n++) id = `${base}-${n}`;
    this.milestone = {
      kind: 'milestone',
      id,
      number,
      title,
      duration,
      epic: this.epic?.id,
      tickets: [],
      location: this.loc(node),
    };
    this.doc.milestones.push(this.milestone);
    this.epic?.milestones.push(id);
    this.milestoneDepth = node.depth;
    if (!this.epic) {
      this.section = 'epic';
      this.sectionDepth = node.depth - 1;
    }
  }

  /** `**Goal**: …`, `**Timeline**: …`, `**Duration**: …` and `Start: YYYY-MM-DD` lines. */
  private paragraph(node: Paragraph): void {
    const first = this.loc(node);
    plain(node)
      .split('\n')
      .forEach((line, index) => {
        const m = /^\s*([^:]{1,40}?)\s*:\s*(.*?)\s*$/.exec(line.replace(DECORATION, ''));
        if (!m) return;
        const label = m[1]!.toLowerCase();
        const value = m[2]!;
        if (/^start(\s+date)?$/.test(label)) return this.startDate(value, { ...first, line: first.line + index });
        if (this.section !== 'epic') return;
        if (this.milestone) {
          if (/^(duration|timeline)$/.test(label) && !this.milestone.duration) this.milestone.duration = value;
        } else if (this.epic) {
          if (/^(goal|goals|objective)$/.test(label) && this.epic.goal === undefined) this.epic.goal = value;
          if (/^(timeline|duration|timeframe)$/.test(label) && this.epic.timeline === undefined) this.epic.timeline = value;
        }
      });
  }

  private startDate(value: string, location: SourceLocation): void {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const valid = m && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
    if (!valid) {
      this.report('warning', 'bad-start-date', `cannot read start date "${value}": write it as YYYY-MM-DD`, location);
      return;
    }
    if (this.doc.start === undefined) this.doc.start = value;
  }

  private list(node: List): void {
    for (const item of node.children) {
      if (this.section === 'priorities') this.priorityItem(item);
      else if (this.section === 'effort') {
        const line = firstLine(item);
        if (line) this.doc.effortNotes.push(line);
      } else this.ticketItem(item);
    }
  }

  private priorityItem(item: ListItem): void {
    const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/s.exec(firstLine(item) ?? '');
    if (!m) {
      this.report('warning', 'unreadable-priority', 'cannot read a priority definition here: write "Name: meaning"', this.loc(item));
      return;
    }
    this.doc.priorities.push({ kind: 'priorityDefinition', name: m[1]!.replace(DECORATION, ''), meaning: m[2]! });
  }

  private ticketItem(item: ListItem): void {
    const head = item.children[0];
    const headText = head?.type === 'paragraph' ? plain(head).replace(/\s*\n\s*/g, ' ').trim() : '';
    const words = headText.replace(DECORATION, '');
    const m = TICKET_LINE.exec(words);
    const isTask = item.checked === true || item.checked === false;
    if (!m) {
      if (isTask && this.section === 'epic') {
        this.report(
          'warning',
          'unreadable-ticket',
          `cannot read a ticket id in "${headText}": start the item with an id such as INFRA-1, then ":" and the title`,
          this.loc(item),
        );
      }
      return;
    }
    // Outside epics and milestones only task items (`- [ ] ID: …`) count, so notes that mention an id do not.
    if (!isTask && this.section !== 'epic') return;
    const done = item.checked === true || (item.checked === null && /^[✅✔☑]/u.test(headText));
    const ticket: Ticket = {
      kind: 'ticket',
      id: m[1]!,
      title: m[2]!.trim(),
      done,
      dependencies: [],
      details: [],
      epic: this.section === 'epic' ? this.epic?.id : undefined,
      milestone: this.section === 'epic' ? this.milestone?.id : undefined,
      location: this.loc(item),
    };
    for (const child of item.children.slice(1)) {
      if (child.type === 'list') for (const sub of child.children) this.ticketField(ticket, sub);
      else ticket.details.push(...details(child, 0));
    }
    if (ticket.effortText === undefined) {
      this.report('info', 'missing-effort', `${ticket.id} has no effort: add a bullet such as "Effort: 2h"`, ticket.location);
    }
    const first = this.byId.get(ticket.id);
    if (first) {
      const where = `${first.location.file}:${first.location.line}:${first.location.column}`;
      this.report('error', 'duplicate-id', `duplicate ticket id ${ticket.id}: already defined at ${where}; this one is ignored`, ticket.location);
      return;
    }
    this.byId.set(ticket.id, ticket);
    this.doc.tickets.push(ticket);
    if (ticket.epic !== undefined) this.epic?.tickets.push(ticket.id);
    if (ticket.milestone !== undefined) this.milestone?.tickets.push(ticket.id);
  }

  /** One nested bullet of a ticket: a field (priority, effort, dependencies) or a detail. */
  private ticketField(ticket: Ticket, sub: ListItem): void {
    const line = firstLine(sub) ?? '';
    const m = FIELD.exec(line.replace(DECORATION, '').trim());
    if (!m) {
      ticket.details.push(...listItemDetails(sub, 0));
      return;
    }
    const label = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    const location = this.loc(sub);
    if (label === 'priority') {
      ticket.priority = value;
      this.priorityLocations.set(ticket, location);
    } else if (label.includes('effort') || label === 'estimate') {
      ticket.effortText = value;
      const hours = parseEffort(value, this.hoursPerDay);
      if (hours === undefined) {
        this.report(
          'warning',
          'bad-effort',
          `cannot read effort "${value}" of ${ticket.id}: write minutes, hours, days or weeks, such as 30m, 2h, 1d or 1w`,
          location,
        );
      } else ticket.effortHours = hours;
    } else {
      const ids = [...value.matchAll(new RegExp(TICKET_ID.source, 'g'))].map((x) => x[0]);
      const rest = value.replace(new RegExp(TICKET_ID.source, 'g'), '').replace(/\band\b|[,;&\s]/gi, '');
      if (ids.length === 0 && !/^(none|n\/a|nothing|-|—)?$/i.test(rest)) {
        this.report('warning', 'bad-dependency', `cannot read a ticket id in the dependencies of ${ticket.id}: "${value}"`, location);
      }
      for (const id of ids) if (!ticket.dependencies.includes(id)) ticket.dependencies.push(id);
    }
  }

  private code(node: Code): void {
    if (node.lang?.toLowerCase() !== 'mermaid') return;
    const location = this.loc(node);
    const parsed = parseMermaidEdges(node.value, location.line + 1);
    this.doc.mermaid.push({ kind: 'mermaid', diagram: parsed.diagram, source: node.value, edges: parsed.edges, location });
  }

  /** Maps written priorities onto the defined names, reporting the ones that match none. */
  private resolvePriorities(): void {
    const defined = this.doc.priorities;
    if (defined.length === 0) return;
    for (const ticket of this.doc.tickets) {
      if (ticket.priority === undefined) continue;
      const written = ticket.priority;
      const match = defined.find((d) => new RegExp(`(^|[^\\p{L}])${escapeRegExp(d.name)}($|[^\\p{L}])`, 'iu').test(written));
      if (match) ticket.priority = match.name;
      else {
        this.report(
          'warning',
          'unknown-priority',
          `${ticket.id} has priority "${written}", which is not one of the defined priorities (${defined.map((d) => d.name).join(', ')})`,
          this.priorityLocations.get(ticket) ?? ticket.location,
        );
      }
    }
  }
}

/** The plain text of a node: text and code values, raw HTML as the text it was written as, line breaks as `\n`. */
export function plain(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html') return node.value;
  if (node.type === 'break') return '\n';
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node) return (node.children as Nodes[]).map(plain).join('');
  return '';
}

/** The first paragraph of a list item as one line of plain text. */
function firstLine(item: ListItem): string | undefined {
  const head = item.children[0];
  return head?.type === 'paragraph' ? plain(head).replace(/\s*\n\s*/g, ' ').trim() : undefined;
}

/** Inline content as text and code pieces, adjacent text merged and line breaks as spaces. */
export function inlines(nodes: PhrasingContent[]): InlineText[] {
  const out: InlineText[] = [];
  const push = (kind: InlineText['kind'], value: string) => {
    const last = out[out.length - 1];
    if (kind === 'text' && last?.kind === 'text') last.value += value;
    else out.push({ kind, value });
  };
  const walk = (node: PhrasingContent) => {
    if (node.type === 'inlineCode') push('code', node.value);
    else if (node.type === 'text') push('text', node.value.replace(/\s*\n\s*/g, ' '));
    else if (node.type === 'break') push('text', ' ');
    else push('text', plain(node).replace(/\s*\n\s*/g, ' '));
  };
  nodes.forEach(walk);
  return out.filter((p) => p.value !== '');
}

/** A list item's own text as a detail, followed by its nested bullets one level deeper. */
function listItemDetails(item: ListItem, depth: number): TicketDetail[] {
  const [head, ...rest] = item.children;
  const out: TicketDetail[] = [];
  if (head) out.push(...details(head, depth));
  for (const child of rest) out.push(...details(child, depth + 1));
  return out;
}

/** Details from any block node: paragraphs as text, lists as bullets, code as code. */
function details(node: Nodes, depth: number): TicketDetail[] {
  if (node.type === 'paragraph') {
    const content = inlines(node.children);
    return content.length ? [{ kind: 'detail', depth, content }] : [];
  }
  if (node.type === 'list') return node.children.flatMap((item) => listItemDetails(item, depth));
  if (node.type === 'code') return [{ kind: 'detail', depth, content: [{ kind: 'code', value: node.value }] }];
  const value = plain(node).trim();
  return value ? [{ kind: 'detail', depth, content: [{ kind: 'text', value }] }] : [];
}

/** A lower-case, dash-separated form of a title for ids. */
export function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'untitled'
  );
}

