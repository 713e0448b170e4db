/**
 * The content loader of Starlight's `docs` collection: hand-written pages (and the generated home page,
 * which is MDX) through Astro's glob loader, and the generated pages that scripts/site/prerender.ts
 * compiled to HTML as entries that are already rendered, so Astro neither parses nor bundles them.
 * Their bodies stay out of the store (see page-bodies.ts), which keeps each one's frontmatter, headings
 * and digest. From pages.json, only entries whose digest changed are rewritten; in the CLI's `dev` the
 * compiled pages arrive in memory (live-pages.ts) and an entry is rewritten only when its frontmatter
 * or headings changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import type { docsSchema } from '@astrojs/starlight/schema';
import { COMPILED_PAGES, type CompiledPage } from './compiled-pages.ts';
import { livePages, onLiveStructure } from './live-pages.ts';
import { setPageBodies } from './page-bodies.ts';

/** What the store's digest of a compiled entry starts with: a store written before bodies left it is rewritten once. */
const STORE_FORMAT = 'no-body:';

/** Compiled entries carry no source file; glob's carry theirs. */
const isCompiled = (entry: { filePath?: string } | undefined) => entry !== undefined && entry.filePath === undefined;

/** The docs collection's schema, as `docsSchema()` makes it. */
export type DocsSchema = ReturnType<typeof docsSchema>;

/** Generated pages carry no images: an image field in their frontmatter is our bug. */
const noImages = () => z.never({ error: 'generated pages carry no images' }) as unknown as ReturnType<Parameters<DocsSchema>[0]['image']>;

/** Reads the compiled pages file; undefined (with a warning) when it cannot be read whole. */
function readCompiled(context: LoaderContext, file: string): CompiledPage[] | undefined {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CompiledPage[]) : [];
  } catch (error) {
    // A half-written file during dev: the next change event brings the whole one.
    context.logger.warn(`could not read ${file}: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Puts compiled pages into the store, bodies aside, replacing only what changed, and removes those that are gone.
 * @param key what decides that an entry changed: its whole digest, or (HTML served from memory in `dev`) its shape
 * @param schema the collection's schema: built once for all compiled pages instead of once per entry by
 * `parseData` (Starlight builds its whole frontmatter schema per call: 7 s for 1,750 pages)
 */
async function storeCompiled(context: LoaderContext, pages: CompiledPage[], key: 'digest' | 'shape', schema?: DocsSchema): Promise<void> {
  const { store, parseData } = context;
  const parser = schema?.({ image: noImages });
  // A page the schema refuses goes through `parseData` too, for Astro's own error with its file.
  const parse = async (page: CompiledPage) => {
    const parsed = await parser?.safeParseAsync(page.data);
    return parsed?.success ? (parsed.data as Record<string, unknown>) : parseData({ id: page.id, data: page.data });
  };
  const wanted = new Set<string>();
  for (const page of pages) {
    wanted.add(page.id);
    const old = store.get(page.id);
    const digest = STORE_FORMAT + page[key];
    if (isCompiled(old) && old!.digest === digest) continue;
    const data = await parse(page);
    store.set({ id: page.id, data, digest, rendered: { html: '', metadata: { headings: page.headings, frontmatter: page.data } } });
  }
  for (const id of store.keys()) {
    if (!wanted.has(id) && isCompiled(store.get(id))) store.delete(id);
  }
}

/** Loads the compiled pages file: bodies into page-bodies.ts, the rest into the store where its digest changed. */
export async function loadCompiled(context: LoaderContext, file: string, schema?: DocsSchema): Promise<void> {
  const pages = readCompiled(context, file);
  if (!pages) return;
  setPageBodies(pages);
  await storeCompiled(context, pages, 'digest', schema);
}

/**
 * The 404 page's buttons under the site's base: Starlight links a hero action as written, and the page
 * is served at any path, so `/` would leave a site served under `/docs/`.
 */
function rebaseNotFound(store: LoaderContext['store'], siteBase: string): void {
  const entry = store.get('404');
  const hero = entry?.data.hero as { actions?: { link: string }[] } | undefined;
  if (!entry || siteBase === '/' || !hero?.actions?.some((a) => a.link.startsWith('/'))) return;
  const prefix = siteBase.endsWith('/') ? siteBase : `${siteBase}/`;
  const actions = hero.actions.map((a) => (a.link.startsWith('/') && !a.link.startsWith('//') ? { ...a, link: `${prefix}${a.link.slice(1)}` } : a));
  store.set({ ...entry, data: { ...entry.data, hero: { ...hero, actions } }, digest: `${entry.digest ?? ''}:${prefix}` });
}

/**
 * The docs collection's loader.
 * @param base the content folder
 * @param generated the generated folder inside it, relative to `base`
 * @param schema the collection's schema (see `storeCompiled`)
 * @param siteBase the site's base path (`/` or `/docs/`), which the 404 page's buttons are under
 */
export function docsLoader(base: string, generated: string, schema?: DocsSchema, siteBase = '/'): Loader {
  // Generated Markdown stays on disk for people to read, but it is compiled already: glob skips it.
  const files = glob({ base, pattern: ['**/*.{md,mdx}', `!${generated}/**/*.md`] });
  const compiled = path.resolve(base, generated, COMPILED_PAGES);
  return {
    name: 'flake-docs-docs',
    load: async (context) => {
      // Glob removes the entries it did not load; the compiled ones are not its to remove.
      const store = context.store;
      const ownStore = { ...store, keys: () => store.keys().filter((id) => !isCompiled(store.get(id))) };
      await files.load({ ...context, store: ownStore });
      rebaseNotFound(store, siteBase);
      const live = livePages();
      if (live) {
        // The CLI's dev: pages and bodies come from memory, and only structural changes are the store's business.
        let queue = storeCompiled(context, live, 'shape', schema);
        onLiveStructure((pages) => {
          queue = queue.then(() => storeCompiled(context, pages, 'shape', schema)).catch((error) => context.logger.error(`could not store the new pages: ${(error as Error).message}`));
        });
        await queue;
        return;
      }
      await loadCompiled(context, compiled, schema);
      if (context.watcher) {
        context.watcher.add(compiled);
        const reload = (changed: string) => {
          if (path.resolve(changed) === compiled) void loadCompiled(context, compiled, schema);
        };
        context.watcher.on('change', reload);
        context.watcher.on('add', reload);
      }
    },
  };
}
