/**
 * Compiled pages handed from the CLI to the dev server in memory (`dev` only). `astro dev` runs in the
 * CLI's own process, so after an edit the CLI puts the new HTML in page-bodies.ts and reloads the
 * browser at once: the route middleware (src/route-data.ts) serves each compiled page's body from there, and Astro's
 * content layer, whose store is saved after a debounce and rewritten whole, is told only when the set
 * of pages, their frontmatter or their headings changed (what the sidebar, title and table of contents
 * are built from). The CLI and the site load separate copies of this module, so the state lives on
 * globalThis; without it (a build, or `astro dev` run directly) the loader reads pages.json as before.
 */
import { changedPages, type CompiledPage } from './compiled-pages.ts';
import { setPageBodies } from './page-bodies.ts';

/** What the CLI and the dev server share. */
interface LiveState {
  /** The pages last published, in their order. */
  pages: CompiledPage[];
  /** The docs loader's update: it stores what changed in the content layer (one at a time, the latest loader's). */
  onStructure?: (pages: CompiledPage[]) => void;
  /** Sends a full reload to every open browser page (set by the integration once the dev server is up). */
  reload?: () => void;
}

const KEY = Symbol.for('flake-docs.live-pages');

/** The shared state, when the CLI published pages in this process. */
function state(): LiveState | undefined {
  return (globalThis as Record<symbol, LiveState | undefined>)[KEY];
}

/** Whether two publications differ in what the content layer holds: the pages, in order, and each one's frontmatter and headings. */
export function structureChanged(before: readonly CompiledPage[], after: readonly CompiledPage[]): boolean {
  return before.length !== after.length || after.some((page, i) => page.id !== before[i]!.id || page.shape !== before[i]!.shape);
}

/** What publishing a set of pages did. */
export interface LivePublish {
  /** How many pages changed, were added or removed (all of them the first time). */
  changed: number;
  /** Whether the content layer was told (pages added, removed, renamed, or frontmatter or headings changed). */
  structural: boolean;
  /** Whether a browser reload was sent right away (it is left to the content layer after a structural change). */
  reloaded: boolean;
}

/**
 * Publishes the compiled pages to the dev server of this process: their HTML is served from now on,
 * and open pages reload at once; a structural change goes to the content layer, which reloads them
 * once its store is saved.
 * @param pages every compiled page, as `compilePages` returned them
 */
export function publishLivePages(pages: CompiledPage[]): LivePublish {
  const g = globalThis as Record<symbol, LiveState | undefined>;
  const previous = g[KEY];
  setPageBodies(pages);
  if (!previous) {
    g[KEY] = { pages };
    return { changed: pages.length, structural: true, reloaded: false };
  }
  const changed = changedPages(new Map(previous.pages.map((p) => [p.id, p.digest])), pages);
  const structural = structureChanged(previous.pages, pages);
  previous.pages = pages;
  if (structural) {
    previous.onStructure?.(pages);
    return { changed, structural, reloaded: false };
  }
  // Nothing changed (an edit to a comment, say): no reload either.
  if (changed === 0 || !previous.reload) return { changed, structural, reloaded: false };
  previous.reload();
  return { changed, structural, reloaded: true };
}

/** The pages published in this process, or undefined when there are none (then pages.json is the source). */
export function livePages(): CompiledPage[] | undefined {
  return state()?.pages;
}

/**
 * Registers the docs loader's update for structural changes, replacing an earlier one (Astro may run
 * the loader again). Does nothing, and returns false, when no pages were published in this process.
 */
export function onLiveStructure(update: (pages: CompiledPage[]) => void): boolean {
  const s = state();
  if (!s) return false;
  s.onStructure = update;
  return true;
}

/** Registers how to reload open browser pages (the dev server's websocket); no-op outside a CLI `dev`. */
export function setLiveReload(reload: () => void): void {
  const s = state();
  if (s) s.reload = reload;
}
