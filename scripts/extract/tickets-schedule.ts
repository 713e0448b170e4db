/**
 * Schedules tickets in working days: each ticket starts when its last dependency ends (one person per
 * ticket, as many people as there are tickets ready), takes its effort in working hours, and the hours
 * fall on working days of `hoursPerDay` hours, Monday to Friday, from a start date. The start never
 * comes from the clock, so the same document always gives the same chart.
 */
import type { Epic, Schedule, ScheduledTicket, Ticket } from '../model/tickets.ts';

/** The first day when neither the configuration nor the document gives one (a Monday). */
export const DEFAULT_START = '2025-01-06';

/** Where the schedule starts and how long a working day is. */
export interface ScheduleOptions {
  /** `YYYY-MM-DD`; a Saturday or Sunday moves to the Monday after. */
  start: string;
  startFrom: Schedule['startFrom'];
  hoursPerDay: number;
}

/**
 * Tickets in an order where each comes after its dependencies (Kahn's algorithm, preferring epic
 * order, then document order); a cycle is broken at the first waiting ticket. O(n log n): the free
 * tickets wait in a heap, and each placed ticket frees only the tickets that wait for it.
 * @param tickets every ticket of the document
 * @param epics the document's epics, for their order
 */
export function scheduleOrder(tickets: Ticket[], epics: Epic[]): Ticket[] {
  const known = new Set(tickets.map((t) => t.id));
  const epicIndex = new Map(epics.map((e, i) => [e.id, i]));
  const epicOf = tickets.map((t) => (t.epic === undefined ? Number.MAX_SAFE_INTEGER : (epicIndex.get(t.epic) ?? 0)));
  const before = (a: number, b: number) => epicOf[a]! - epicOf[b]! || a - b;
  // How many known tickets each one still waits for, and who waits for each id.
  const waitsFor = new Map<string, number[]>();
  const missing = tickets.map((t, i) => {
    const deps = new Set(t.dependencies.filter((d) => known.has(d)));
    for (const d of deps) {
      const list = waitsFor.get(d);
      if (list) list.push(i);
      else waitsFor.set(d, [i]);
    }
    return deps.size;
  });
  const free = new MinHeap(before);
  missing.forEach((m, i) => m === 0 && free.push(i));
  const byKey = tickets.map((_, i) => i).sort(before);
  let cursor = 0;
  const done = new Uint8Array(tickets.length);
  const placed = new Set<string>();
  const order: Ticket[] = [];
  while (order.length < tickets.length) {
    let next = free.pop();
    if (next === undefined) {
      while (done[byKey[cursor]!]) cursor++;
      next = byKey[cursor]!;
    }
    if (done[next]) continue;
    done[next] = 1;
    const t = tickets[next]!;
    order.push(t);
    if (placed.has(t.id)) continue;
    placed.add(t.id);
    for (const w of waitsFor.get(t.id) ?? []) if (--missing[w]! === 0 && !done[w]) free.push(w);
  }
  return order;
}

/** A binary min-heap of numbers under a comparison. */
class MinHeap {
  private readonly items: number[] = [];
  private readonly less: (a: number, b: number) => number;
  constructor(less: (a: number, b: number) => number) {
    this.less = less;
  }

  /** Adds an item. */
  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  /** Removes and returns the least item, or undefined when empty. */
  pop(): number | undefined {
    const a = this.items;
    if (!a.length) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Places every ticket on the working-day calendar.
 * @param tickets every ticket of the document
 * @param epics the document's epics
 * @param options start date and working hours per day
 */
export function scheduleTickets(tickets: Ticket[], epics: Epic[], options: ScheduleOptions): Schedule {
  const { hoursPerDay } = options;
  const start = firstWorkingDay(options.start);
  const end = new Map<string, number>();
  const round = (h: number) => Math.round(h * 1000) / 1000;
  const placed: ScheduledTicket[] = scheduleOrder(tickets, epics).map((ticket) => {
    const after = ticket.dependencies.filter((d) => end.has(d));
    const startHour = Math.max(0, ...after.map((d) => end.get(d)!));
    const endHour = round(startHour + (ticket.effortHours ?? 0));
    end.set(ticket.id, endHour);
    const startDay = Math.floor(startHour / hoursPerDay + 1e-9) + 1;
    const endDay = endHour > startHour ? Math.max(startDay, Math.ceil(endHour / hoursPerDay - 1e-9)) : startDay;
    return {
      ticket: ticket.id,
      after,
      startHour,
      endHour,
      startDay,
      endDay,
      startDate: addWorkingDays(start, startDay - 1),
      endDate: addWorkingDays(start, endDay - 1),
    };
  });
  return {
    kind: 'schedule',
    start,
    startFrom: options.startFrom,
    hoursPerDay,
    days: Math.max(0, ...placed.map((p) => p.endDay)),
    tickets: placed,
  };
}

/** The most working days a date is moved by (about 3,000 years). */
const MAX_WORKING_DAYS = 800_000;

/** The date itself on a weekday, else the Monday after. */
export function firstWorkingDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The date `days` working days after a working day (Saturdays and Sundays skipped).
 * @param date a weekday, `YYYY-MM-DD`
 * @param days how many working days later
 */
export function addWorkingDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  // Whole weeks at once (five working days are seven days from a weekday), then day by day; never
  // past the year 9999, which a date can still be written in.
  const weeks = Math.floor(Math.min(days, MAX_WORKING_DAYS) / 5);
  d.setUTCDate(d.getUTCDate() + 7 * weeks);
  for (let left = Math.min(days, MAX_WORKING_DAYS) - 5 * weeks; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}
