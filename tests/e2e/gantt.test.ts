/** The Gantt chart of the sample's roadmap, as a reader sees it: no text drawn over other text, in either theme. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Page, suiteSite, suiteSkip } from './harness.ts';

/** A text label's box on the page. */
interface Box {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The boxes of every text the chart draws: axis labels, section names, ticket labels and the corner caption. */
async function labelBoxes(page: Page): Promise<Box[]> {
  return page.locator('.fd-gantt').evaluate((chart) => {
    const boxes: { text: string; x: number; y: number; width: number; height: number }[] = [];
    for (const el of chart.querySelectorAll('.fd-gantt-tick, .fd-gantt-section, .fd-gantt-label, .fd-gantt-corner')) {
      // Each line of a wrapped label is its own box, so a label's empty corners do not count as overlap.
      const range = document.createRange();
      range.selectNodeContents(el);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.height > 0) boxes.push({ text: (el.textContent ?? '').trim(), x: r.x, y: r.y, width: r.width, height: r.height });
      }
    }
    return boxes;
  });
}

/** Pairs of boxes of different labels that overlap by more than half a pixel either way. */
function overlaps(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.text === b.text) continue;
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > 0.5 && dy > 0.5) out.push(`"${a.text}" and "${b.text}"`);
    }
  }
  return out;
}

describe('the Gantt chart', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  for (const theme of ['light', 'dark'] as const) {
    test(`no two text labels overlap, at the page's width and at a 720px content column, in ${theme} mode`, async () => {
      const page = await site.page();
      await page.goto(site.url('/roadmap/gantt/'));
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
      }, theme);
      const chart = page.locator('.fd-gantt');
      await chart.waitFor();
      const checks: [string, () => Promise<void>][] = [
        ['the page as laid out at 1280px', async () => {}],
        ['a 720px content column', async () => chart.evaluate((el) => void ((el as HTMLElement).style.width = '720px'))],
        ['a 1600px window', async () => page.setViewportSize({ width: 1600, height: 900 })],
      ];
      for (const [what, arrange] of checks) {
        await arrange();
        const boxes = await labelBoxes(page);
        const labels = new Set(boxes.map((b) => b.text));
        assert.ok(labels.has('Epic 2: Security and Secrets Management'), `section names are drawn (${what})`);
        assert.ok([...labels].some((l) => l.startsWith('SEC-3 ')), `ticket labels are drawn (${what})`);
        assert.deepEqual(overlaps(boxes), [], `overlapping labels with ${what}`);
      }
      // Text keeps its contrast in the theme: labels are not drawn in the background colour.
      const [color, background] = await page.evaluate(() => {
        const label = document.querySelector('.fd-gantt-section')!;
        return [getComputedStyle(label).color, getComputedStyle(document.body).backgroundColor];
      });
      assert.notEqual(color, background);
    });
  }

  test('the axis is labelled with dates or day numbers, in order', async () => {
    const page = await site.page();
    await page.goto(site.url('/roadmap/gantt/'));
    const ticks = (await page.locator('.fd-gantt-tick').allInnerTexts()).map((t) => t.trim());
    assert.ok(ticks.length >= 1, 'the axis has labels');
    for (const tick of ticks) assert.match(tick, /^(day \d+|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2})$/);
    const days = ticks.filter((t) => t.startsWith('day ')).map((t) => Number(t.slice(4)));
    assert.deepEqual(days, [...days].sort((a, b) => a - b));
    const lefts = await page.locator('.fd-gantt-tick').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    assert.deepEqual(lefts, [...lefts].sort((a, b) => a - b));
  });

  test('clicking a bar opens that ticket', async () => {
    const page = await site.page();
    await page.goto(site.url('/roadmap/gantt/'));
    await page.locator('.fd-gantt-bar[href$="/tickets/SEC-3/"]').click();
    await page.waitForURL(/\/tickets\/SEC-3\/$/);
    assert.match(await page.locator('h1').first().innerText(), /SEC-3/);
  });
});
