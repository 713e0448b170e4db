/**
 * The parts of Pagefind's JS API (`/pagefind/pagefind.js`) the search box uses, as types only: the
 * module itself is loaded from the built site at run time, never bundled.
 */
import type { SearchResult } from './rank-sections.ts';

/** Result counts per filter value: `{ kind: { Hosts: 3, Options: 12 } }`. */
export type FilterCounts = Record<string, Record<string, number>>;

/** Selected filter values: `{ kind: ['Hosts'] }`. */
export type SelectedFilters = Record<string, string[]>;

/** One section of a page that matched, as `result.data()` gives it. */
export interface SubResultData {
  title: string;
  url: string;
  /** Text with the matched words in `<mark>`, everything else HTML-escaped by Pagefind. */
  excerpt: string;
  locations: number[];
}

/** A result's loaded fragment: its page, the excerpt and the matching sections. */
export interface ResultData extends SearchResult {
  excerpt: string;
  meta: Record<string, string | undefined>;
  sub_results: (SubResultData & SearchResult['sub_results'][number])[];
}

/** One search hit, whose fragment (`data()`) is fetched only when asked for. */
export interface PagefindResult {
  id: string;
  data(): Promise<ResultData>;
}

/** What `search` answers: the ranked hits and the counts of each filter value among them. */
export interface PagefindSearch {
  results: PagefindResult[];
  filters: FilterCounts;
}

/** The module `pagefind.js` exports. */
export interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(bundlePath: string, options: Record<string, unknown>): Promise<void>;
  filters(): Promise<FilterCounts>;
  search(term: string, options: { filters?: SelectedFilters; sort?: unknown }): Promise<PagefindSearch | null>;
}
