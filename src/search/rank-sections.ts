/** Orders the sections (sub-results) of one search result by how well they match, for the search box. */

/** A matched word: where it is in the page's text and how much it counts. */
interface Location {
  location: number;
  balanced_score: number;
}

/** The parts of a Pagefind result this reads. */
export interface SearchResult {
  url: string;
  meta?: { url?: string };
  /** The page's indexed text; `location`s count its whitespace-separated words. */
  content?: string;
  sub_results: { url: string; weighted_locations?: Location[]; locations: number[] }[];
}

/** How many sections the search box shows under a page. */
const SHOWN = 3;

/**
 * How well a section matches: each distinct matched word counts once, at its best score, so a section
 * that holds every word typed beats one that repeats a single word many times.
 */
function sectionScore(locations: Location[], words: string[] | undefined): number {
  const best = new Map<string, number>();
  for (const l of locations) {
    const word = words?.[l.location]?.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '') ?? String(l.location);
    best.set(word, Math.max(best.get(word) ?? 0, l.balanced_score));
  }
  return [...best.values()].reduce((sum, s) => sum + s, 0);
}

/**
 * Keeps the page's own section first (Pagefind's UI shows it as the page's excerpt), then the best
 * `SHOWN` sections by match score, ties in page order, leaving out the page title's section (`#_top`)
 * when others matched; returns the same result, changed.
 * @param result a Pagefind result as passed to `processResult`
 */
export function rankSections(result: SearchResult): SearchResult {
  const subs = result.sub_results;
  const pageUrl = result.meta?.url ?? result.url;
  const root = subs[0]?.url === pageUrl ? subs.slice(0, 1) : [];
  const words = result.content?.split(/[\r\n\s]+/g);
  const sections = subs.slice(root.length).filter((s) => !s.url.endsWith('#_top'));
  const ranked = sections
    .map((s, i) => ({ s, i, score: s.weighted_locations?.length ? sectionScore(s.weighted_locations, words) : s.locations.length }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, SHOWN)
    .map((x) => x.s);
  result.sub_results = [...root, ...(ranked.length ? ranked : subs.slice(root.length, root.length + 1))];
  return result;
}
