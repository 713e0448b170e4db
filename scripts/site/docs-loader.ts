/**
 * The content loader of Starlight's `docs` collection: hand-written pages (and the generated home page,
 * which is MDX) through Astro's glob loader, and the generated pages that scripts/site/prerender.ts
 * compiled to HTML as entries that are already rendered, so Astro neither parses nor bundles them.
 * Only entries whose digest changed are rewritten. In the CLI's `dev` the compiled pages arrive in
 * memory (scripts/site/live-pages.ts) and an entry is rewritten only when its frontmatter or headings
 * changed, since its HTML is served from memory; otherwise they come from pages.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { COMPILED_PAGES, type CompiledPage } from './compiled-pages.ts';
import { livePages, onLiveStructure } from './live-pages.ts';

/** Compiled entries carry no source file; glob's carry theirs. */
const isCompiled = (entry: { filePath?: string } | undefined) => entry !== undefined && entry.filePath === undefined;

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
 * Puts compiled pages into the store, replacing only what changed, and removes those that are gone.
 * @param key what decides that an entry changed: its whole digest, or (live HTML) its shape
 */
async function storeCompiled(context: LoaderContext, pages: CompiledPage[], key: 'digest' | 'shape'): Promise<void> {
  const { store, parseData } = context;
  const wanted = new Set<string>();
  for (const page of pages) {
    wanted.add(page.id);
    const old = store.get(page.id);
    if (isCompiled(old) && old!.digest === page[key]) continue;
    const data = await parseData({ id: page.id, data: page.data });
    store.set({ id: page.id, data, digest: page[key], rendered: { html: page.html, metadata: { headings: page.headings, frontmatter: page.data } } });
  }
  for (const id of store.keys()) {
    if (!wanted.has(id) && isCompiled(store.get(id))) store.delete(id);
  }
}

/**
 * The docs collection's loader.
 * @param base the content folder
 * @param generated the generated folder inside it, relative to `base`
 */
export function docsLoader(base: string, generated: string): Loader {
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
      const live = livePages();
      if (live) {
        // The CLI's dev: pages come from memory, and only structural changes are the store's business.
        let queue = storeCompiled(context, live, 'shape');
        onLiveStructure((pages) => {
          queue = queue.then(() => storeCompiled(context, pages, 'shape')).catch((error) => context.logger.error(`could not store the new pages: ${(error as Error).message}`));
        });
        await queue;
        return;
      }
      const pages = readCompiled(context, compiled);
      if (pages) await storeCompiled(context, pages, 'digest');
      if (context.watcher) {
        context.watcher.add(compiled);
        const reload = async (changed: string) => {
          if (path.resolve(changed) !== compiled) return;
          const next = readCompiled(context, compiled);
          if (next) await storeCompiled(context, next, 'digest');
        };
        context.watcher.on('change', reload);
        context.watcher.on('add', reload);
      }
    },
  };
}
