/**
 * The Gantt chart as an HTML timeline drawn by us rather than mermaid: one grid row per ticket with
 * its label in a column of its own (wrapping, never drawn over a bar or a section name), the section
 * names as rows of their own, and at most five axis labels spaced so they cannot touch. Colours are
 * Starlight's theme variables, so the chart follows light and dark mode.
 */
import type { Schedule, TicketState } from '../model/tickets.ts';
import { attr, link, SPACE, text } from './mdx.ts';

/** One row of the chart. */
export interface GanttRow {
  /** The section (epic) heading shown above this row when it differs from the row before. */
  section: string;
  ticket: string;
  title: string;
  href: string;
  state: TicketState;
  critical: boolean;
}

/** Axis labels at most this many, so each has a fifth of the track at least. */
const MAX_TICKS = 5;
/** Labels starting past this share of the track are left out: they would run past its end. */
const LAST_TICK = 0.85;

/**
 * The axis: the days labelled, as `day N` or as dates (`Jan 06`), at round steps.
 * @param schedule the schedule
 * @param dates whether to label dates (the start is known) or day numbers
 */
export function ganttTicks(schedule: Schedule, dates: boolean): { day: number; label: string; at: number }[] {
  const days = Math.max(1, schedule.days);
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];
  const step = steps.find((s) => Math.ceil(days / s) <= MAX_TICKS) ?? Math.ceil(days / MAX_TICKS);
  const ticks: { day: number; label: string; at: number }[] = [];
  for (let day = 1; day <= days; day += step) {
    const at = (day - 1) / days;
    if (day > 1 && at > LAST_TICK) break;
    ticks.push({ day, label: dates ? shortDate(dateOf(schedule, day)) : `day ${day}`, at });
  }
  return ticks;
}

/** The calendar date of a working day of the schedule. */
function dateOf(schedule: Schedule, day: number): string {
  const d = new Date(`${schedule.start}T00:00:00Z`);
  let left = day - 1;
  // Any 7 calendar days hold 5 working days: whole weeks at once (a chart of 50,000 tickets spans
  // years, and each of its pages labels its axis), then day by day as before.
  if (left > 5) {
    const weeks = Math.floor((left - 1) / 5);
    d.setUTCDate(d.getUTCDate() + 7 * weeks);
    left -= 5 * weeks;
  }
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2025-01-06` → `Jan 06`. */
export function shortDate(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(8, 10)}`;
}

/** A percentage with at most three decimals. */
function percent(share: number): string {
  return `${Math.round(share * 100000) / 1000}%`;
}

const scheduled = new WeakMap<Schedule, Map<string, Schedule['tickets'][number]>>();

/**
 * A schedule's tickets by id, made once per schedule (a big roadmap's Gantt chart has a page per 40
 * tickets, and each page looks its tickets up).
 * @param schedule the schedule of a document
 */
export function scheduledByTicket(schedule: Schedule): Map<string, Schedule['tickets'][number]> {
  let map = scheduled.get(schedule);
  if (!map) scheduled.set(schedule, (map = new Map(schedule.tickets.map((t) => [t.ticket, t]))));
  return map;
}

/**
 * The chart's HTML (MDX: every text through `text()`, every attribute through `attr()`).
 * @param schedule the schedule of the document
 * @param rows the tickets in schedule order with their section, label and link
 * @param dates whether the axis shows dates or day numbers
 */
export function ganttChart(schedule: Schedule, rows: GanttRow[], dates: boolean): string {
  const days = Math.max(1, schedule.days);
  const span = days * schedule.hoursPerDay;
  const byTicket = scheduledByTicket(schedule);
  const out: string[] = [];
  // Out of search: every label repeats a ticket's id and title, which search finds on the ticket's own
  // page; indexed, the chart made the largest search fragment but one at 300 tickets (40 KB of text).
  out.push(`<div ${attr('class', 'fd-gantt not-content')} ${attr('aria-label', `Gantt chart: ${days} working ${days === 1 ? 'day' : 'days'}`)} data-pagefind-ignore>`);
  out.push(`<div class="fd-gantt-axis"><span class="fd-gantt-corner">${text('Working days')}</span><div class="fd-gantt-ticks">`);
  for (const tick of ganttTicks(schedule, dates)) {
    out.push(`<span ${attr('class', 'fd-gantt-tick')} ${attr('style', `left:${percent(tick.at)}`)}>${text(tick.label)}</span>`);
  }
  out.push('</div></div>');
  let section: string | undefined;
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      out.push(`<div class="fd-gantt-section">${text(row.section)}</div>`);
    }
    const s = byTicket.get(row.ticket);
    if (!s) continue;
    const left = s.startHour / span;
    const width = (s.endHour - s.startHour) / span;
    const when = s.startDay === s.endDay ? `day ${s.startDay}` : `days ${s.startDay}–${s.endDay}`;
    const classes = ['fd-gantt-bar', `fd-gantt-${row.state}`, ...(row.critical ? ['fd-gantt-critical'] : []), ...(width === 0 ? ['fd-gantt-milestone'] : [])];
    out.push(
      `<div class="fd-gantt-row"><span class="fd-gantt-label">${link(row.href, row.ticket)}${SPACE}${text(row.title)}</span><div class="fd-gantt-track">` +
        `<a ${attr('class', classes.join(' '))} ${attr('href', row.href)} ${attr('style', `left:${percent(left)};width:${percent(width)}`)} ${attr('title', `${row.ticket}: ${row.title} (${when})`)} ${attr('aria-label', `${row.ticket}, ${when}`)}></a>` +
        `</div></div>`,
    );
  }
  out.push('</div>');
  return out.join('\n');
}

/**
 * Cuts the chart's rows into pages of at most `max` rows, keeping each run of rows of one section
 * (an epic) on one page where it fits: a page ends before a run that would overflow it, and a run
 * longer than a page fills pages of its own.
 * @param rows the rows in schedule order
 * @param max the most rows a page holds
 */
export function ganttPages(rows: GanttRow[], max: number): GanttRow[][] {
  if (!(max >= 1)) throw new Error(`ganttPages: max must be at least 1, got ${max}`);
  const runs: GanttRow[][] = [];
  for (const row of rows) {
    const run = runs.at(-1);
    if (run && run[0]!.section === row.section) run.push(row);
    else runs.push([row]);
  }
  const pages: GanttRow[][] = [];
  let page: GanttRow[] = [];
  for (const run of runs) {
    if (page.length && page.length + run.length > max) {
      pages.push(page);
      page = [];
    }
    for (const row of run) {
      if (page.length === max) {
        pages.push(page);
        page = [];
      }
      page.push(row);
    }
  }
  if (page.length) pages.push(page);
  return pages;
}
