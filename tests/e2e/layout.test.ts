/**
 * Pages that fit, on the built sample: nothing sticks out of a 390 px phone screen on any page (wide
 * tables and diagrams scroll inside their own box), diagram text is at least 11 px at default zoom,
 * option names never run into the value column, ticket ids never break, an option opened by its
 * permalink is marked, ticket pages link their source line, and the roadmap graph reads top to bottom.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { suiteSite, suiteSkip } from './harness.ts';
import { overflowing, smallestDiagramText } from './measure.ts';

const DIST = path.resolve(import.meta.dirname, '../../dist');

/** Every page of the built site, as a path (`/hosts/cronut/`). */
function sitePages(): string[] {
  return readdirSync(DIST, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('index.html') && !f.startsWith('pagefind') && !f.startsWith('404'))
    .map((f) => `/${path.dirname(f)}/`.replace(/^\/\.\/$/, '/'))
    .sort();
}

describe('pages that fit', { skip: suiteSkip() }, () => {
  const site = suiteSite();

  test('no element is wider than the viewport at 390 px, on every page of the sample', async () => {
    const page = await site.page();
    await page.setViewportSize({ width: 390, height: 844 });
    const problems: string[] = [];
    const pages = sitePages();
    assert.ok(pages.length > 40, `${pages.length} pages`);
    for (const p of pages) {
      await page.goto(site.url(p));
      for (const o of await overflowing(page)) problems.push(`${p}: ${o}`);
    }
    assert.deepEqual(problems, []);
  });

  test('diagram text is at least 11 px at default zoom, on every page with a diagram', async () => {
    const page = await site.page();
    const seen: string[] = [];
    for (const p of sitePages()) {
      await page.goto(site.url(p));
      if (!(await page.locator('figure.mermaid-diagram').count())) continue;
      const smallest = await smallestDiagramText(page);
      seen.push(p);
      assert.ok(smallest >= 11, `${p}: diagram text drawn at ${smallest.toFixed(1)} px`);
    }
    assert.ok(seen.includes('/hosts/cronut/') && seen.includes('/roadmap/graph/'), seen.join(' '));
  });

  test('the Diagnostics page keeps its messages in view at 1280 and 390 px', async () => {
    for (const width of [1280, 390]) {
      const page = await site.page();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(site.url('/diagnostics/'));
      const boxes = await page.locator('.fd-diag-message').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, width: r.width })));
      assert.ok(boxes.length > 0);
      for (const b of boxes) assert.ok(b.left >= 0 && b.right <= width && b.width >= 100, `${width} px: message box ${JSON.stringify(b)}`);
    }
  });

  test('long option names wrap at their dots and never run into the value column', async () => {
    const page = await site.page();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(site.url('/hosts/marshmallow/'));
    const rows = await page.locator('.fd-settings tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const [name, value] = [...tr.querySelectorAll('td')];
        const option = name!.querySelector('a, code')!.textContent!;
        return { option, fits: name!.scrollWidth <= name!.clientWidth + 1, nameRight: name!.getBoundingClientRect().right, valueLeft: value!.getBoundingClientRect().left, wbr: name!.querySelector('a, code')!.querySelectorAll('wbr').length };
      }),
    );
    assert.ok(rows.length > 5);
    for (const r of rows) assert.ok(r.fits && r.nameRight <= r.valueLeft + 1, JSON.stringify(r));
    for (const r of rows) assert.equal(r.wbr, r.option.split('.').length - 1, `${r.option} may break after each dot`);
  });

  test('ticket ids never break inside', async () => {
    const page = await site.page();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const p of ['/roadmap/', '/tickets/INFRA-4/']) {
      await page.goto(site.url(p));
      const lines = await page.locator('.fd-id').evaluateAll((els) => els.map((e) => [e.textContent, e.getClientRects().length] as const));
      assert.ok(lines.length > 0, p);
      for (const [id, n] of lines) assert.equal(n, 1, `${p}: ${id} drawn on ${n} lines`);
    }
  });

  test('an option opened by its permalink is marked', async () => {
    const page = await site.page();
    await page.goto(site.url('/options/nixos/backups/#systems.backups.jobs.<name>.paths'));
    const [target, other] = await Promise.all(
      ['systems.backups.jobs.<name>.paths', 'systems.backups.enable'].map((id) =>
        page.evaluate((i) => getComputedStyle(document.getElementById(i)!).backgroundColor, id),
      ),
    );
    assert.notEqual(target, other);
    assert.equal(other, 'rgba(0, 0, 0, 0)');
  });

  test('a ticket page links where the ticket is defined', async () => {
    const page = await site.page();
    await page.goto(site.url('/tickets/INFRA-2/'));
    const link = page.locator('.fd-facts dd a', { hasText: /^docs\/tickets\.md:\d+$/ });
    assert.equal(await link.count(), 1);
    assert.match((await link.getAttribute('href')) ?? '', /^https:\/\/.*docs\/tickets\.md#L\d+$/);
  });

  test('the dependency graph stacks the epics top to bottom in the document\'s order', async () => {
    const page = await site.page();
    await page.goto(site.url('/roadmap/graph/'));
    const clusters = await page.locator('.mermaid-light g.cluster').evaluateAll((gs) =>
      gs.map((g) => ({ label: g.querySelector('.cluster-label')?.textContent?.trim() ?? '', top: g.getBoundingClientRect().top })),
    );
    const epics = clusters.filter((c) => /^Epic \d/.test(c.label)).sort((a, b) => a.top - b.top).map((c) => c.label.slice(0, 6));
    assert.deepEqual(epics, ['Epic 1', 'Epic 2', 'Epic 3', 'Epic 4']);
  });

  test('the dependency graph fits its box, or says it scrolls and offers the full-size view; its legend has the nodes\' colours', async () => {
    for (const width of [1280, 390]) {
      const page = await site.page();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(site.url('/roadmap/graph/'));
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const figure = page.locator('figure.mermaid-diagram').first();
      const box = await figure.evaluate((f) => ({ fits: f.scrollWidth <= f.clientWidth + 1, marked: f.hasAttribute('data-overflows'), cue: getComputedStyle(f, '::before').content }));
      assert.ok(box.fits || (box.marked && box.cue.includes('Scroll sideways')), `${width} px: ${JSON.stringify(box)}`);
      assert.ok(await figure.getByRole('button', { name: 'View full size' }).isVisible(), `${width} px: the full-size button`);
      // The "Ready to start" chip is drawn in the fill of a ready ticket's node.
      const chip = await page.locator('.fd-chip', { hasText: 'Ready to start' }).evaluate((c) => getComputedStyle(c).backgroundColor);
      const node = await page.locator('.mermaid-light g.node.ready rect.label-container').first().evaluate((n) => getComputedStyle(n).fill);
      assert.equal(chip, node);
      await page.context().close();
    }
  });

  test('every diagram opens full size, zooms with buttons and goes back into the page', async () => {
    const page = await site.page();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(site.url('/hosts/cronut/'));
    const figure = page.locator('figure.mermaid-diagram').first();
    await figure.getByRole('button', { name: 'View full size' }).click();
    const dialog = page.getByRole('dialog', { name: 'Diagram, full size' });
    await dialog.waitFor();
    const width = () => dialog.locator('.mermaid-light svg').evaluate((s) => s.getBoundingClientRect().width);
    const natural = await dialog.locator('.mermaid-light svg').evaluate((s) => (s as SVGSVGElement).viewBox.baseVal.width);
    assert.ok(Math.abs((await width()) - natural) <= 1, 'the diagram at its own size');
    await dialog.getByRole('button', { name: 'Zoom in' }).click();
    assert.ok((await width()) > natural * 1.2);
    await page.keyboard.press('Escape');
    // The dialog's close event, which puts the diagram back, is a task queued after Escape: wait for it
    // (the dialog hidden, the page holding both themes again) rather than count at once.
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelector('figure.mermaid-diagram')?.querySelectorAll('svg').length === 2, undefined, { timeout: 10_000 });
    assert.equal(await figure.locator('svg').count(), 2, 'both themes back in the page');
  });
});
