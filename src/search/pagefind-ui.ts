/**
 * Starlight's search box with its sections ranked: Pagefind's UI lists a result's sections in page
 * order (the three with the most hits), so on an option page the parent option always came before the
 * one typed. This wraps the UI (the site's Vite config points `@pagefind/default-ui` here) so each
 * result's sections come best first: by the weight of what matched (option names weigh more than
 * their descriptions), then by page order.
 */
// @ts-expect-error: the package ships no types.
import { PagefindUI as Base } from '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs';
import { rankSections, type SearchResult } from './rank-sections.ts';

type Options = { processResult?: (result: SearchResult) => SearchResult | void } & Record<string, unknown>;

/** Pagefind's UI whose results show their best-matching sections first. */
export class PagefindUI extends Base {
  constructor(options: Options) {
    const own = options.processResult;
    super({
      ...options,
      processResult: (result: SearchResult) => rankSections(own?.(result) ?? result),
    });
  }
}
