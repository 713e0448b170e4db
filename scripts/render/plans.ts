/**
 * The planning parts of a roadmap page, for documents of any shape: every section with its fields and
 * progress, every item with its status, and the phases with a `Target:` as a timeline. Sections that
 * hold no item are left out, so nothing is claimed that the document does not say.
 */
import type { InlineText, ItemStatus, PlanItem, PlanProgress, PlanSection, Roadmap } from '../model/tickets.ts';
import { badge } from './context.ts';
import { attr, mdText, SPACE, text } from './mdx.ts';

/** How the planning parts render what the ticket pages also render. */
export interface PlanHelpers {
  /** Inline text with ticket ids and other known names linked. */
  inline(content: InlineText[]): string;
  /** A ticket item: the ticket's link, title and state badge. */
  ticket(id: string): string;
}

const STATUS_LABEL: Record<ItemStatus, string> = { done: 'Done', inProgress: 'In progress', planned: 'Planned', dropped: 'Dropped' };
const STATUS_BADGE: Record<ItemStatus, 'tip' | 'note' | 'default' | 'danger'> = { done: 'tip', inProgress: 'note', planned: 'default', dropped: 'danger' };

/** `4 of 13 tasks done · 1 in progress · 1 dropped`. */
export function progressCaption(p: PlanProgress): string {
  const parts = [`${p.done} of ${p.total} ${p.total === 1 ? 'task' : 'tasks'} done`];
  if (p.inProgress) parts.push(`${p.inProgress} in progress`);
  if (p.dropped) parts.push(`${p.dropped} dropped`);
  return parts.join(' · ');
}

/**
 * A progress bar of items with its caption.
 * @param p the counts
 * @param label what the bar measures, for screen readers
 */
export function planProgressBar(p: PlanProgress, label: string): string {
  const caption = progressCaption(p);
  return [
    `<div class="fd-progress">`,
    `<progress class="fd-progress-bar" ${attr('value', String(p.done))} ${attr('max', String(Math.max(p.total, 1)))} ${attr('aria-label', `${label}: ${caption}`)}></progress>`,
    `<span class="fd-progress-caption">${text(caption)}</span>`,
    `</div>`,
  ].join('\n');
}

/** A quarter target (`Q1 2025`) as a sortable number, or undefined for other targets. */
function quarter(target: string): number | undefined {
  const m = /^Q([1-4])\s*(\d{4})$/i.exec(target.trim()) ?? /^(\d{4})\s*Q([1-4])$/i.exec(target.trim());
  if (!m) return undefined;
  return /^Q/i.test(target.trim()) ? Number(m[2]) * 4 + Number(m[1]) : Number(m[1]) * 4 + Number(m[2]);
}

/**
 * The phases as a timeline: sections with a `Target:` grouped by target (quarters in calendar order,
 * other targets after them as written), preceded by the finished sections with a status but no target
 * and followed by the unfinished ones. Empty when no section has a target.
 * @param roadmap the document
 */
export function phaseTimeline(roadmap: Roadmap): string[] {
  const targeted = roadmap.sections.filter((s) => s.target !== undefined);
  if (!targeted.length) return [];
  const untargeted = roadmap.sections.filter((s) => s.target === undefined && s.status !== undefined && roadmap.facts.sections[s.id]!.total > 0);
  const finished = (s: PlanSection) => roadmap.facts.sections[s.id]!.done === roadmap.facts.sections[s.id]!.total;
  const groups = new Map<string, PlanSection[]>();
  for (const s of targeted) groups.set(s.target!, [...(groups.get(s.target!) ?? []), s]);
  const order = [...groups.keys()].sort((a, b) => (quarter(a) ?? Infinity) - (quarter(b) ?? Infinity));
  const out = ['## Timeline', '', 'The phases by target, with their progress.', '', '<ol class="fd-phases">'];
  const phase = (s: PlanSection) => {
    const p = roadmap.facts.sections[s.id]!;
    const priority = s.fields.find((f) => f.name.toLowerCase() === 'priority')?.value;
    const notes = [s.status, priority && `priority ${priority}`].filter(Boolean).join(' · ');
    return `<li><strong>${text(s.title)}</strong>${notes ? `${SPACE}<span class="fd-muted">${text(notes)}</span>` : ''}${planProgressBar(p, s.title)}</li>`;
  };
  const group = (label: string, sections: PlanSection[]) => {
    if (!sections.length) return;
    out.push(`<li class="fd-phase-group"><span class="fd-phase-target">${text(label)}</span><ul>`);
    for (const s of sections) out.push(phase(s));
    out.push('</ul></li>');
  };
  group('Done', untargeted.filter(finished));
  for (const target of order) group(target, groups.get(target)!);
  group('No target', untargeted.filter((s) => !finished(s)));
  out.push('</ol>', '');
  return out;
}

/**
 * Every section holding items, as headings one level below `## Plan`, with fields, progress and items.
 * @param roadmap the document
 * @param helpers inline and ticket rendering shared with the ticket pages
 */
export function planSections(roadmap: Roadmap, helpers: PlanHelpers): string[] {
  const items = new Map(roadmap.items.map((i) => [i.id, i]));
  const out = ['## Plan', ''];
  const loose = roadmap.items.filter((i) => i.section === undefined);
  if (loose.length) out.push(...itemList(loose, helpers), '');
  for (const s of roadmap.sections) {
    const p = roadmap.facts.sections[s.id]!;
    if (p.total === 0) continue;
    const level = Math.min(6, Math.max(3, s.depth + 1));
    out.push(`${'#'.repeat(level)} ${mdText(s.title)}`, '');
    const fields = s.fields.filter((f) => !(f.name.toLowerCase() === 'status' && f.value === s.status));
    if (s.status !== undefined) out.push(`**Status**: ${text(s.status)}`, '');
    for (const f of fields) out.push(`**${mdText(f.name)}**: ${text(f.value)}`, '');
    out.push(planProgressBar(p, s.title), '');
    const own = s.items.map((id) => items.get(id)!);
    if (own.length) out.push(...itemList(own, helpers), '');
  }
  return out;
}

/** Items as a nested markdown list, each with its status badge. */
function itemList(list: PlanItem[], helpers: PlanHelpers): string[] {
  const top = Math.min(...list.map((i) => i.depth));
  return list.map((i) => {
    const body = i.form === 'ticket' ? helpers.ticket(i.ticket!) : `${badge(STATUS_LABEL[i.status], STATUS_BADGE[i.status])} ${helpers.inline(i.text)}`;
    return `${'  '.repeat(i.depth - top)}- ${body}`;
  });
}
