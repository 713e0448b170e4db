/** The search box's words: Starlight passes its translations of Pagefind's UI strings; English fills any gap. */

/** Pagefind's UI strings in English, keyed as Starlight's `pagefind.*` translations are. */
export const ENGLISH = {
  placeholder: 'Search',
  clear_search: 'Clear',
  load_more: 'Load more results',
  search_label: 'Search this site',
  filters_label: 'Filters',
  zero_results: 'No results for [SEARCH_TERM]',
  many_results: '[COUNT] results for [SEARCH_TERM]',
  one_result: '[COUNT] result for [SEARCH_TERM]',
  searching: 'Searching for [SEARCH_TERM]...',
};

/** A key of the UI strings. */
export type MessageKey = keyof typeof ENGLISH;

/**
 * One UI string with `[SEARCH_TERM]` and `[COUNT]` filled in (taken as text, never as patterns).
 * @param translations Starlight's strings, which win over English
 */
export function message(translations: Partial<Record<string, string>>, key: MessageKey, term = '', count = 0): string {
  return (translations[key] ?? ENGLISH[key]).replace('[SEARCH_TERM]', () => term).replace('[COUNT]', () => count.toLocaleString(translations.language ?? 'en'));
}

/** The line above the results: how many there are for `term`, or that there are none. */
export function countMessage(translations: Partial<Record<string, string>>, term: string, count: number): string {
  return message(translations, count === 0 ? 'zero_results' : count === 1 ? 'one_result' : 'many_results', term, count);
}
