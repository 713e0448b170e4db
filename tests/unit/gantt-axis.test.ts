import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Schedule } from '../../scripts/model/tickets.ts';
import { ganttTicks, shortDate } from '../../scripts/render/gantt.ts';

/** The date of a working day counted one calendar day at a time: the reference the axis must match. */
function dayByDay(start: string, day: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  for (let left = day - 1; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

const schedule = (start: string, days: number): Schedule => ({ kind: 'schedule', start, startFrom: 'start', hoursPerDay: 8, days, tickets: [] });

test('the Gantt axis labels the dates of working days, weekends skipped, over spans of years and from any weekday', () => {
  // A Monday start, a weekend start (day 1 is the start itself) and a leap year, over short and long spans.
  for (const start of ['2025-01-06', '2025-01-04', '2025-01-05', '2025-01-10', '2024-02-27']) {
    for (const days of [1, 4, 5, 6, 7, 12, 38, 499, 12_500]) {
      const ticks = ganttTicks(schedule(start, days), true);
      assert.ok(ticks.length >= 1);
      for (const t of ticks) assert.equal(t.label, shortDate(dayByDay(start, t.day)), `${start}, ${days} days, day ${t.day}`);
    }
  }
  // A 50,000-ticket roadmap spans 12,500 working days (2,500 of them 500 whole weeks from a Monday:
  // 2034-08-07, a Monday again).
  assert.deepEqual(
    ganttTicks(schedule('2025-01-06', 12_500), true).map((t) => `${t.day} ${t.label}`),
    ['1 Jan 06', '2501 Aug 07', '5001 Mar 07', '7501 Oct 06', '10001 May 07'],
  );
});
