/** One search result as a list item: its page, the page's excerpt and its best sections, or a placeholder while it loads. */
import { el, SCOPE } from './dom.ts';
import { excerptNodes } from './excerpt.ts';
import type { ResultData } from './pagefind-api.ts';

const S = SCOPE.result;

/** A title paragraph holding one link; `url` and `title` are set as attribute and text. */
function titleLink(url: string, title: string): HTMLParagraphElement {
  const p = el('p', S, 'result-title');
  const a = el('a', S, 'result-link', title);
  a.href = url;
  p.append(a);
  return p;
}

/** An excerpt paragraph, its matched words marked. */
function excerpt(text: string, names: string[]): HTMLParagraphElement {
  const p = el('p', S, 'result-excerpt');
  p.append(...excerptNodes(text, document, names));
  return p;
}

/** An empty result item, shown greyed until its data arrives. */
export function placeholderItem(): HTMLLIElement {
  const li = el('li', S, 'result');
  const inner = el('div', S, 'result-inner');
  inner.append(el('p', S, 'result-title loading', '. '.repeat(18)), el('p', S, 'result-excerpt loading', '. '.repeat(30)));
  li.append(inner);
  return li;
}

/**
 * Fills a result item: the page's title and link; with sections, the page's own excerpt when the page
 * itself matched and each further section (in the order given) nested under it; without, the excerpt.
 * @param data a result's data, its sections already ranked
 */
export function fillItem(li: HTMLLIElement, data: ResultData, withSections: boolean): void {
  const inner = el('div', S, 'result-inner');
  const pageUrl = data.meta.url || data.url;
  inner.append(titleLink(pageUrl, data.meta.title ?? pageUrl));
  const subs = withSections ? data.sub_results : [];
  const root = subs[0]?.url === pageUrl;
  // Section titles of option pages are option names, whose search-only words are left out of excerpts.
  const names = data.sub_results.map((sub) => sub.title);
  if (!withSections || root) inner.append(excerpt(data.excerpt, names));
  for (const sub of subs.slice(root ? 1 : 0)) {
    const nested = el('div', S, 'result-nested');
    nested.append(titleLink(sub.url, sub.title), excerpt(sub.excerpt, [sub.title]));
    inner.append(nested);
  }
  li.replaceChildren(inner);
}
