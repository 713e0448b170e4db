/** Measurements of what a reader sees, shared by the end-to-end tests of layout and diagrams. */
import type { Page } from './harness.ts';

/** Elements that reach past the right edge of the viewport without a scrolling or clipping box around them. */
export async function overflowing(page: Page): Promise<string[]> {
  // No named inner functions: the test loader would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (!r.width || r.right <= width + 1 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('dialog:not([open]), [hidden], .sr-only, starlight-menu-button, .sidebar-pane, #starlight__mobile-toc, mobile-starlight-toc')) continue;
      // Inside a box that scrolls or clips and itself fits, the element does not widen the page.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body && !clipped; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        clipped = (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') && p.getBoundingClientRect().right <= width + 1;
      }
      if (clipped) continue;
      out.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> right edge at ${Math.round(r.right)} px`);
    }
    return out.slice(0, 5);
  });
}

/** The smallest text of the visible diagrams of a page, in CSS pixels as drawn (font size × the SVG's scale). */
export async function smallestDiagramText(page: Page): Promise<number> {
  return page.evaluate(() => {
    let smallest = Infinity;
    for (const svg of document.querySelectorAll<SVGSVGElement>('figure.mermaid-diagram svg')) {
      const box = svg.getBoundingClientRect();
      if (!box.width) continue;
      const scale = box.width / svg.viewBox.baseVal.width;
      for (const el of svg.querySelectorAll('text, .nodeLabel, .edgeLabel span, .cluster-label span')) {
        if (!el.textContent?.trim() || !el.getBoundingClientRect().height) continue;
        smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) * scale);
      }
    }
    return smallest;
  });
}
