/**
 * Measurements of a built site for the site-scale benchmark: pages, their sizes, and what the first
 * search transfers. Pure functions of a dist/ folder, so they are tested on small trees.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { filesUnder } from '../files-under.ts';

/** Page facts of one built site. */
export interface SiteWeight {
  pages: number;
  medianPageBytes: number;
  largestPageBytes: number;
  largestPage: string;
  distBytes: number;
}

/** The median of `xs` (the lower middle for an even count), 0 for none. */
export function median(xs: number[]): number {
  if (!xs.length) return 0;
  return [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
}

/** Pages (every `index.html` but the 404 page) and their sizes in `dist`. */
export function siteWeight(dist: string): SiteWeight {
  const files = filesUnder(dist);
  let distBytes = 0;
  const pages: [string, number][] = [];
  for (const f of files) {
    const size = statSync(path.join(dist, f)).size;
    distBytes += size;
    if (f.endsWith('index.html') && !f.startsWith('404')) pages.push([f, size]);
  }
  const largest = pages.reduce<[string, number]>((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
  return { pages: pages.length, medianPageBytes: median(pages.map((p) => p[1])), largestPageBytes: largest[1], largestPage: largest[0], distBytes };
}

/**
 * What a static host serving compressed responses sends for a file: a gzip file (Pagefind's index,
 * fragments, metadata and wasm) as stored, since hosts compress by content type and Pagefind unpacks
 * these itself; any other file gzip-compressed, or as stored when that is smaller.
 */
export function servedBytes(file: string): number {
  const raw = readFileSync(file);
  if (raw[0] === 0x1f && raw[1] === 0x8b) return raw.length;
  return Math.min(raw.length, gzipSync(raw, { level: 6 }).length);
}

/** Relative imports of a built script, static (`from"./a.js"`, `import"./a.js"`) or dynamic (`import(`./b.js`)`), as written. */
export function relativeImports(code: string): { static: string[]; dynamic: string[] } {
  const specs = (re: RegExp) => [...new Set([...code.matchAll(re)].map((m) => m[1]!))];
  return {
    static: specs(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g),
    dynamic: specs(/\bimport\s*\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g),
  };
}

/** `file` and every script it imports statically, transitively; paths relative to `dist`. */
function withStaticImports(dist: string, file: string, into = new Set<string>()): Set<string> {
  if (into.has(file) || !existsSync(path.join(dist, file))) return into;
  into.add(file);
  for (const spec of relativeImports(readFileSync(path.join(dist, file), 'utf8')).static) {
    withStaticImports(dist, path.posix.join(path.posix.dirname(file), spec), into);
  }
  return into;
}

/**
 * The search box's own scripts, as the browser fetches them on first use: what Starlight's search
 * script (`_astro/Search.astro_…js`) imports dynamically and everything that imports, but not the
 * scripts every page loads anyway (the search script and its static imports); relative to `dist`.
 */
export function searchUiFiles(dist: string): string[] {
  const astro = path.join(dist, '_astro');
  const search = existsSync(astro) ? readdirSync(astro).find((f) => /^Search\.astro_astro_type_script.*\.js$/.test(f)) : undefined;
  if (!search) return [];
  const always = withStaticImports(dist, `_astro/${search}`);
  const loaded = new Set<string>();
  for (const spec of relativeImports(readFileSync(path.join(astro, search), 'utf8')).dynamic) {
    withStaticImports(dist, path.posix.join('_astro', spec), loaded);
  }
  return [...loaded].filter((f) => !always.has(f));
}

/**
 * What the first search transfers (gzip, or as stored for files compressed already): the search box's
 * own scripts (`searchUiFiles`), Pagefind's script, entry, wasm and metadata, the index chunk that holds
 * the query's word, every filter file, and the fragments of the first five results (taken as the first
 * five fragments: their size, not which ones, is what matters); files relative to `dist`.
 */
export function firstSearchBytes(dist: string): { bytes: number; files: string[]; byKind: Record<SearchFileKind, number> } {
  const dir = path.join(dist, 'pagefind');
  const all = filesUnder(dir);
  const entry = JSON.parse(readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; wasm?: string }> };
  const [lang] = Object.entries(entry.languages);
  const picked = ['pagefind.js', 'pagefind-entry.json'].filter((f) => all.includes(f));
  if (lang) {
    const [, { hash, wasm }] = lang;
    const wasmFile = all.find((f) => f === `wasm.${wasm ?? lang[0]}.pagefind`) ?? all.find((f) => f.startsWith('wasm.'));
    if (wasmFile) picked.push(wasmFile);
    const meta = all.find((f) => f === `pagefind.${hash}.pf_meta`);
    if (meta) picked.push(meta);
  }
  // Index chunks are named by hash; their word ranges are in the (compressed) metadata, so take the
  // largest chunk as the one the word falls in: an upper bound, never an underestimate.
  const chunks = all.filter((f) => f.startsWith('index/')).sort((a, b) => statSync(path.join(dir, b)).size - statSync(path.join(dir, a)).size);
  if (chunks[0]) picked.push(chunks[0]);
  picked.push(...all.filter((f) => f.startsWith('filter/')));
  picked.push(...all.filter((f) => f.startsWith('fragment/')).sort().slice(0, 5));
  const files = [...searchUiFiles(dist), ...picked.map((f) => `pagefind/${f}`)];
  const byKind = Object.fromEntries(SEARCH_FILE_KINDS.map((k) => [k, 0])) as Record<SearchFileKind, number>;
  for (const f of files) byKind[searchFileKind(f)] += servedBytes(path.join(dist, f));
  return { bytes: files.reduce((n, f) => n + servedBytes(path.join(dist, f)), 0), files, byKind };
}

/** The kinds of file a first search fetches, in the order it fetches them. */
export const SEARCH_FILE_KINDS = ['box', 'pagefind.js', 'entry', 'wasm', 'meta', 'index', 'filter', 'fragments'] as const;
/** One of `SEARCH_FILE_KINDS`. */
export type SearchFileKind = (typeof SEARCH_FILE_KINDS)[number];

/** The kind of a search file, from its path relative to `dist` (the box's scripts are under `_astro/`). */
export function searchFileKind(file: string): SearchFileKind {
  const name = file.replace(/^pagefind\//, '');
  if (file.startsWith('_astro/')) return 'box';
  if (name.startsWith('index/')) return 'index';
  if (name.startsWith('filter/')) return 'filter';
  if (name.startsWith('fragment/')) return 'fragments';
  if (name.startsWith('wasm.')) return 'wasm';
  if (name.endsWith('.pf_meta')) return 'meta';
  return name === 'pagefind-entry.json' ? 'entry' : 'pagefind.js';
}
