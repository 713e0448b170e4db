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
 * order, then document order); a cycle is broken at the first waiting ticket.
 * @param tickets every ticket of the document
 * @param epics the document's epics, for their order
 */
export function scheduleOrder(tickets: Ticket[], epics: Epic[]): Ticket[] {
  const known = new Set(tickets.map((t) => t.id));
  const epicIndex = new Map(epics.map((e, i) => [e.id, i]));
  const key = (t: Ticket, i: number) => [t.epic === undefined ? Number.MAX_SAFE_INTEGER : epicIndex.get(t.epic) ?? 0, i] as const;
  const waiting = tickets.map((t, i) => ({ t, key: key(t, i) }));
  const placed = new Set<string>();
  const order: Ticket[] = [];
  const before = (a: readonly [number, number], b: readonly [number, number]) => a[0] - b[0] || a[1] - b[1];
  while (waiting.length) {
    const free = waiting.filter((w) => w.t.dependencies.every((d) => !known.has(d) || placed.has(d)));
    const pool = free.length ? free : waiting;
    const next = pool.reduce((a, b) => (before(a.key, b.key) <= 0 ? a : b));
    waiting.splice(waiting.indexOf(next), 1);
    placed.add(next.t.id);
    order.push(next.t);
  }
  return order;
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
  for (let left = days; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}
