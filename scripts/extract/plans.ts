/**
 * Reads any planning document into a tree of sections holding items, whatever its shape: a ticket
 * list, a TODO of checkbox sections, a project page of ✅/⏳ status lines, a phased roadmap with
 * `Priority:`/`Target:` fields. Sections come from headings; items are ticket lines (found by the
 * ticket reader, passed in by line), checkbox lines (nested ones too) and lines starting with a
 * status emoji. Everything else (notes, references, ordered lists of ideas) is left out.
 */
import type { Heading, List, ListItem, Nodes, Paragraph, Root } from 'mdast';
import type { ItemStatus, PlanField, PlanItem, PlanProgress, PlanSection } from '../model/tickets.ts';
import type { SourceLocation } from '../diagnostics.ts';
import { DECORATION, inlines, plain, slug } from './tickets-markdown.ts';
import { TICKET_ID } from './tickets-mermaid.ts';

/** A status emoji at the start of an item's text, and what it means. */
const STATUS_EMOJI: [RegExp, ItemStatus][] = [
  [/^(?:✅|✔️?|☑️?|✓)/u, 'done'],
  [/^(?:⏳|🚧|🔄)/u, 'inProgress'],
  [/^(?:📋|💡|🔲|⬜)/u, 'planned'],
  [/^(?:❌|✖️?|🚫)/u, 'dropped'],
];

/** What the plan reader found. */
export interface PlanDocument {
  title?: string;
  lastUpdated?: string;
  fields: PlanField[];
  sections: PlanSection[];
  items: PlanItem[];
}

/**
 * Reads the sections and items of a parsed document.
 * @param file the document's path relative to the flake root, for locations
 * @param tree the parsed markdown
 * @param tickets ticket ids by the 1-based line of their list item, as the ticket reader accepted them
 * @param done the ticket ids that are done
 */
export function readPlan(file: string, tree: Root, tickets: Map<number, string>, done: Set<string>): PlanDocument {
  return new PlanWalker(file, tickets, done).walk(tree);
}

/** Item counts of a list of items. */
export function countItems(items: PlanItem[]): PlanProgress {
  const n = (s: ItemStatus) => items.filter((i) => i.status === s).length;
  return { kind: 'planProgress', total: items.length, done: n('done'), inProgress: n('inProgress'), planned: n('planned'), dropped: n('dropped') };
}

/**
 * Item counts of every section, each including its subsections' items.
 * @param sections the document's sections
 * @param items the document's items
 */
export function sectionProgress(sections: PlanSection[], items: PlanItem[]): Record<string, PlanProgress> {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const itemById = new Map(items.map((i) => [i.id, i]));
  const collect = (s: PlanSection): PlanItem[] => [
    ...s.items.map((id) => itemById.get(id)!),
    ...s.sections.flatMap((c) => collect(byId.get(c)!)),
  ];
  return Object.fromEntries(sections.map((s) => [s.id, countItems(collect(s))]));
}

class PlanWalker {
  private readonly doc: PlanDocument = { fields: [], sections: [], items: [] };
  /** Open sections, outermost first. */
  private stack: PlanSection[] = [];
  private readonly counters = new Map<string, number>();

  private readonly file: string;
  private readonly tickets: Map<number, string>;
  private readonly done: Set<string>;
  constructor(file: string, tickets: Map<number, string>, done: Set<string>) {
    this.file = file;
    this.tickets = tickets;
    this.done = done;
  }

  walk(tree: Root): PlanDocument {
    for (const node of tree.children) {
      if (node.type === 'heading') this.heading(node);
      else if (node.type === 'paragraph') this.paragraph(node);
      else if (node.type === 'list') this.list(node, 0, undefined);
    }
    return this.doc;
  }

  private loc(node: Nodes): SourceLocation {
    const start = node.position?.start;
    return { file: this.file, line: start?.line ?? 1, column: start?.column ?? 1 };
  }

  private get current(): PlanSection | undefined {
    return this.stack[this.stack.length - 1];
  }

  private heading(node: Heading): void {
    const text = plain(node).replace(/\s+/g, ' ').trim();
    if (node.depth === 1 && this.doc.title === undefined && this.doc.sections.length === 0) {
      this.doc.title = text;
      return;
    }
    let title = text.replace(DECORATION, '').trim();
    let status: string | undefined;
    // `Phase 1: Foundation *(COMPLETE)*`: an upper-case word in trailing parentheses is a status.
    const paren = /^(.*?)\s*\(([A-Z][A-Z -]*[A-Z])\)\s*$/.exec(title);
    if (paren && paren[1]) {
      title = paren[1].trim();
      status = paren[2]!;
    }
    // `Milestone 1.1: Module System Foundation (1 week)`: a duration in trailing parentheses is a field.
    const duration = /^(.*?)\s*\((~?\d+(?:[.,-]\d+)?\s*(?:hours?|days?|weeks?|months?|h|d|w))\)\s*$/i.exec(title);
    if (duration && duration[1]) title = duration[1].trim();
    while (this.stack.length && this.current!.depth >= node.depth) this.stack.pop();
    const parent = this.current;
    const base = slug(title);
    let id = base;
    for (let n = 2; this.doc.sections.some((s) => s.id === id); n++) id = `${base}-${n}`;
    const section: PlanSection = {
      kind: 'planSection',
      id,
      title: title || text,
      depth: node.depth,
      parent: parent?.id,
      status,
      fields: duration ? [{ name: 'Duration', value: duration[2]! }] : [],
      sections: [],
      items: [],
      location: this.loc(node),
    };
    if (section.status === undefined) delete section.status;
    if (section.parent === undefined) delete section.parent;
    parent?.sections.push(id);
    this.doc.sections.push(section);
    this.stack.push(section);
  }

  /** `Name: value` lines, several on a line when separated by `|`. A line with any other part holds no fields. */
  private paragraph(node: Paragraph): void {
    for (const line of plain(node).split('\n')) {
      const parts = line.split('|').map((p) => p.trim()).filter(Boolean);
      const fields = parts.map((p) => /^([\p{L}][\p{L}\p{N} ]{0,30}?)\s*:\s*(\S.*)$/u.exec(p.replace(DECORATION, '')));
      if (!fields.length || fields.some((f) => !f || f[1]!.split(' ').length > 4)) continue;
      for (const f of fields) this.field({ name: f![1]!.trim(), value: f![2]!.trim() });
    }
  }

  private field(field: PlanField): void {
    const section = this.current;
    const key = field.name.toLowerCase();
    if (/^last updated$/.test(key) && this.doc.lastUpdated === undefined && isDate(field.value)) this.doc.lastUpdated = field.value;
    if (!section) {
      this.doc.fields.push(field);
      return;
    }
    section.fields.push(field);
    if (key === 'target' && section.target === undefined) section.target = field.value;
    if (key === 'status' && section.status === undefined) section.status = field.value;
  }

  private list(node: List, depth: number, parent: PlanItem | undefined): void {
    for (const item of node.children) this.listItem(item, depth, parent);
  }

  private listItem(node: ListItem, depth: number, parent: PlanItem | undefined): void {
    const location = this.loc(node);
    const ticket = this.tickets.get(location.line);
    if (ticket !== undefined) {
      // A ticket's nested bullets are its fields and details, not items.
      this.add({ form: 'ticket', ticket, status: this.done.has(ticket) ? 'done' : 'planned', text: [{ kind: 'text', value: ticket }], depth, parent, location });
      return;
    }
    const head = node.children[0];
    const content = head?.type === 'paragraph' ? inlines(head.children) : [];
    const words = content.map((c) => c.value).join('').trim();
    const emoji = STATUS_EMOJI.find(([re]) => re.test(words));
    let added: PlanItem | undefined;
    if (node.checked === true || node.checked === false || emoji) {
      const status: ItemStatus = emoji && !(node.checked === true) ? emoji[1] : node.checked === true ? 'done' : 'planned';
      added = this.add({ form: node.checked === null ? 'status' : 'checkbox', status, text: stripDecoration(content), depth, parent, location });
    }
    for (const child of node.children.slice(1)) {
      if (child.type === 'list') this.list(child, added ? depth + 1 : depth, added ?? parent);
    }
  }

  private add(item: Omit<PlanItem, 'kind' | 'id' | 'mentions' | 'section' | 'parent'> & { parent?: PlanItem }): PlanItem {
    const section = this.current;
    const key = section?.id ?? 'item';
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    const words = item.text.map((c) => c.value).join('');
    const mentions = [...new Set([...words.matchAll(new RegExp(`(?<![\\w-])${TICKET_ID.source}(?![\\w-])`, 'g'))].map((m) => m[0]))];
    const out: PlanItem = {
      kind: 'planItem',
      id: item.ticket ?? `${key}.${n}`,
      form: item.form,
      ticket: item.ticket,
      text: item.text,
      status: item.status,
      depth: item.depth,
      parent: item.parent?.id,
      section: section?.id,
      mentions: item.form === 'ticket' ? [] : mentions,
      location: item.location,
    };
    if (out.ticket === undefined) delete out.ticket;
    if (out.parent === undefined) delete out.parent;
    if (out.section === undefined) delete out.section;
    this.doc.items.push(out);
    section?.items.push(out.id);
    return out;
  }
}

/** Inline content without the leading status emoji and spaces. */
function stripDecoration(content: PlanItem['text']): PlanItem['text'] {
  const out = content.map((c) => ({ ...c }));
  const first = out[0];
  if (first?.kind === 'text') {
    first.value = first.value.replace(/^[^\p{L}\p{N}`*_[(]+/u, '');
    if (!first.value) out.shift();
  }
  return out;
}

/** A real `YYYY-MM-DD` date. */
export function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}
