/**
 * The Astro integration that wires flake-docs into the site: mermaid diagrams rendered at build time
 * in one shared browser (or left to the browser when none is found), and the browser closed when the
 * build is done.
 */
import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { setLiveReload } from './live-pages.ts';
import { diagramCounts, findChromium, MermaidRenderer } from './mermaid-renderer.ts';
import { rehypeSearch } from './rehype-search.ts';
import { rehypeVerbatimIds } from './rehype-verbatim-ids.ts';
import { remarkLiveData } from './remark-live-data.ts';
import { remarkMermaid } from './remark-mermaid.ts';
import { plural } from '../plural.ts';

/** What happened to diagrams in this process; shared through globalThis with the CLI, which loads its own copy of this module. */
export interface MermaidReport {
  mode: 'build' | 'client';
  rendered: number;
  errors: string[];
  /** Diagrams that could not be drawn and became tables, as `path:line:col - warning: …`. */
  warnings: string[];
}

const REPORT_KEY = Symbol.for('flake-docs.mermaid-report');

/** The diagram report of the current process, if a build ran. */
export function mermaidReport(): MermaidReport | undefined {
  return (globalThis as Record<symbol, MermaidReport | undefined>)[REPORT_KEY];
}

/** Where build caches live: `FLAKE_DOCS_CACHE`, else `.cache/` in the project (the reproducibility test builds with empty ones). */
export function cacheRoot(root: string): string {
  return path.resolve(root, process.env.FLAKE_DOCS_CACHE ?? '.cache');
}

/**
 * The diagram renderer of a site: one drawing at build time in Chromium when it is found (or when
 * `FLAKE_DOCS_MERMAID=build` demands it), none when diagrams are left to the reader's browser.
 * @param mermaid `auto`, `build` or `client`; `FLAKE_DOCS_MERMAID` wins
 */
export function diagramRenderer(root: string, mermaid?: 'auto' | 'build' | 'client'): { wanted: 'auto' | 'build' | 'client'; renderer?: MermaidRenderer } {
  const wanted = (process.env.FLAKE_DOCS_MERMAID as 'auto' | 'build' | 'client' | undefined) ?? mermaid ?? 'auto';
  const chromium = wanted === 'client' ? undefined : findChromium();
  if (wanted === 'build' && !chromium) {
    throw new Error('FLAKE_DOCS_MERMAID=build needs Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH');
  }
  return { wanted, renderer: chromium ? new MermaidRenderer(chromium, path.join(cacheRoot(root), 'mermaid')) : undefined };
}

/** The integration plus the plugins it needs on the markdown processor (Astro 7 wants them there). */
export interface FlakeDocs {
  integration: AstroIntegration;
  remarkPlugins: ([typeof remarkMermaid, Parameters<typeof remarkMermaid>[0]] | [typeof remarkLiveData, Parameters<typeof remarkLiveData>[0]])[];
  rehypePlugins: (typeof rehypeVerbatimIds | typeof rehypeSearch)[];
}

/**
 * The flake-docs integration.
 * @param options.mermaid `auto` (SVG when Chromium is found, else client-side), `build` (require Chromium) or `client`
 */
export function flakeDocs(options: { mermaid?: 'auto' | 'build' | 'client'; root: string }): FlakeDocs {
  const { wanted, renderer } = diagramRenderer(options.root, options.mermaid);
  const report: MermaidReport = { mode: renderer ? 'build' : 'client', rendered: 0, errors: [], warnings: [] };
  (globalThis as Record<symbol, MermaidReport>)[REPORT_KEY] = report;
  // A diagram mermaid cannot draw still gives a page (with a table in its place), so it is a warning.
  const onError = (where: string, message: string) => report.warnings.push(`${path.relative(options.root, where) || where} - warning: mermaid: ${message}`);
  const integration: AstroIntegration = {
    name: 'flake-docs',
    hooks: {
      'astro:config:setup': ({ updateConfig, logger }) => {
        if (!renderer) {
          logger.warn(
            wanted === 'client'
              ? 'Mermaid diagrams will render in the reader\'s browser (FLAKE_DOCS_MERMAID=client)'
              : 'No Chromium found: mermaid diagrams will render in the reader\'s browser (install chromium or set CHROMIUM_PATH to render them at build time)',
          );
        }
        updateConfig({
          vite: {
            resolve: {
              alias: [
                { find: 'flake-docs:mermaid-client', replacement: path.join(options.root, 'src/components', renderer ? 'Nothing.astro' : 'MermaidClient.astro') },
                // Starlight's search box is our own (src/search/pagefind-ui.ts): a few KB instead of Pagefind's Svelte UI.
                { find: /^@pagefind\/default-ui$/, replacement: path.join(options.root, 'src/search/pagefind-ui.ts') },
              ],
            },
          },
        });
      },
      'astro:build:done': async ({ logger }) => {
        if (renderer) {
          report.rendered = renderer.rendered;
          await renderer.close();
          // This renderer draws the diagrams of hand-written pages only (the CLI's draws the generated
          // ones and reports them): said only when there were any, and in the same words as the CLI.
          if (renderer.rendered || renderer.fromCache) {
            logger.info(`mermaid, hand-written pages: ${diagramCounts(renderer)}, ${plural(renderer.blockedRequests.length, 'request')} refused`);
          }
        }
        for (const e of report.errors) logger.error(e);
        for (const w of report.warnings) logger.warn(w);
      },
      'astro:server:setup': ({ server }) => {
        // The CLI's `dev` reloads open pages through Vite's websocket as soon as it has compiled an edit.
        setLiveReload(() => server.ws.send({ type: 'full-reload', path: '*' }));
      },
      'astro:server:done': async () => {
        await renderer?.close();
      },
    },
  };
  return { integration, remarkPlugins: [[remarkLiveData, { root: options.root }], [remarkMermaid, { renderer, onError }]], rehypePlugins: [rehypeVerbatimIds, rehypeSearch] };
}
