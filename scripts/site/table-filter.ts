/**
 * The filter box of index pages, run in the reader's browser. Pages mark tables to filter with a
 * `data-fd-filter` container (scripts/render/index-page.ts); this adds the box and hides the rows that
 * do not match. Without JavaScript there is no box and every row shows.
 */

/** The lower-cased words of a filter query; empty when the query is blank. */
export function filterTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Whether a row matches: its text holds every term, in any order, case-insensitively.
 * @param rowText the row's text
 * @param terms the query's terms (from `filterTerms`)
 */
export function rowMatches(rowText: string, terms: string[]): boolean {
  const haystack = rowText.toLowerCase();
  return terms.every((term) => haystack.includes(term));
}

/** How the count under the box reads: nothing for a blank query, else `3 of 20 rows match`. */
export function countLabel(shown: number, total: number, filtering: boolean): string {
  if (!filtering) return '';
  return `${shown} of ${total} ${total === 1 ? 'row matches' : 'rows match'}`;
}

/** Puts a filter box above every `[data-fd-filter]` container of `doc` and filters its tables' body rows as the reader types. */
export function wireFilters(doc: Document): void {
  for (const box of doc.querySelectorAll<HTMLElement>('[data-fd-filter]')) {
    const label = box.dataset.fdFilter || 'Filter';
    const input = doc.createElement('input');
    input.type = 'search';
    input.className = 'fd-filter-input';
    input.placeholder = label;
    input.setAttribute('aria-label', label);
    const count = doc.createElement('p');
    count.className = 'fd-filter-count';
    count.setAttribute('aria-live', 'polite');
    const tables = [...box.querySelectorAll<HTMLTableElement>('table')];
    const rows = tables.flatMap((table) => [...table.querySelectorAll<HTMLTableRowElement>('tbody tr')]);
    // Read once: at a few hundred rows, reading textContent on every key stroke is what would lag.
    const texts = new Map(rows.map((row) => [row, row.textContent ?? '']));
    box.prepend(input, count);
    input.addEventListener('input', () => {
      const terms = filterTerms(input.value);
      let shown = 0;
      for (const row of rows) {
        row.hidden = !rowMatches(texts.get(row)!, terms);
        if (!row.hidden) shown++;
      }
      // A table none of whose rows match goes too, rather than showing a bare header row.
      for (const table of tables) table.hidden = ![...table.querySelectorAll('tbody tr')].some((row) => !(row as HTMLElement).hidden);
      count.textContent = countLabel(shown, rows.length, terms.length > 0);
    });
  }
}
