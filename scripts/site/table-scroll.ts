/**
 * The cue of tables and diagrams that scroll sideways, run in the reader's browser: a table's box
 * (`.fd-table-scroll`, or the secrets matrix's `.fd-matrix`) or a diagram's figure gets
 * `data-overflows` while its content is wider than it, and the stylesheet then shows a "scroll
 * sideways" line and a shadow at the edge with more. Without JavaScript the box still scrolls; only
 * the cue is missing.
 */

/** Whether a box's content is wider than the box (a pixel of rounding is not overflow). */
export function overflows(scrollWidth: number, clientWidth: number): boolean {
  return scrollWidth > clientWidth + 1;
}

/** The boxes that may scroll sideways and then say so. */
export const SCROLL_BOXES = '.fd-table-scroll, .fd-matrix, figure.mermaid-diagram';

/** Marks every scroll box of `doc` that overflows, and again whenever one changes size. */
export function wireTableScroll(doc: Document): void {
  const boxes = [...doc.querySelectorAll<HTMLElement>(SCROLL_BOXES)];
  const mark = (box: HTMLElement) => box.toggleAttribute('data-overflows', overflows(box.scrollWidth, box.clientWidth));
  boxes.forEach(mark);
  if (typeof ResizeObserver === 'undefined') return;
  const observer = new ResizeObserver((entries) => entries.forEach((e) => mark(e.target as HTMLElement)));
  boxes.forEach((box) => observer.observe(box));
}
