/**
 * The flake-docs command line: `extract`, `check`, `build`, `dev`, `preview`, `bench`.
 * Run through npm (`npm run build -- --flake ../my-flake`) so that Node 22 from node_modules is used.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, type SiteConfig } from './config.ts';
import { summarize } from './diagnostics.ts';
import { knownNames } from './extract/guide-refs.ts';
import { checkContentRefs } from './site/content-refs.ts';
import { describeIdentity, resolveIdentity, type Identity } from './identity.ts';
import { internalError, printDiagnostics, Progress } from './log.ts';
import { coverageLines } from './model/coverage.ts';
import { extractFlake, type Extraction } from './extract/index.ts';
import type { ParseCache } from './nix/index.ts';
import { GENERATED_DIR, generatedUrls, renderSite, siteRouter, writeGenerated } from './render/index.ts';
import type { GeneratedPage } from './render/mdx.ts';
import type { RevisionModel } from './diff/extract-worker.ts';
import { diagramRenderer } from './site/integration.ts';
import { diagramCounts, type MermaidRenderer } from './site/mermaid-renderer.ts';
import { plural } from './plural.ts';
import { checkPort } from './site/port.ts';
import { type CompileCache, COMPILED_PAGES, compilePages, DeferredDiagrams, writeCompiledPages } from './site/prerender.ts';
import { type LivePublish, publishLivePages } from './site/live-pages.ts';
import { watchTree } from './watch-tree.ts';

const HELP = `flake-docs: a documentation site generated from a NixOS systems flake

Usage: npm run <command> -- [options]

Commands:
  build      extract the flake, write the pages and build the site into dist/
  dev        extract, write the pages and serve the site with live reload (re-extracts on flake changes)
  preview    serve the built dist/ (after build)
  extract    write options.json and flake.json only (--out DIR, default .)
  check      extract and report diagnostics; with --strict, exit 1 on any warning or error (for the flake's own CI)
  diff       what a change does to the machines: compares the flake at --base REV with the checkout (or
             --head REV) and prints Markdown for a pull-request comment (--format json for data;
             --site-url URL, or "site" in the config, links each item to its page)
  bench      benchmark extraction on synthetic flakes of 100 and 1,000 module files; with --site, build
             whole sites of 1k/3k/10k options against plain Starlight (--sizes 1k,3k to pick, --rounds N
             for the best of N builds each, --project DIR to measure another checkout); with --markdown, a
             roadmap of 50,000 tickets and a 1 MB guide of list items (each under 30 s and 1 GB); with
             --diff, a diff between two commits of a 10k-option, 200-host flake (under twice one extraction)
  corpus     extract real flakes (corpus DIR…) and compare hosts and warnings with
             tests/corpus-expectations.json; with --build, also build each site (a developer command)

Options:
  --flake DIR   the flake to document (default: FLAKE_SRC, then "flake" in flake-docs.config.json, then flake-src/)
  --out DIR     extract: where its JSON files go (default .); build: where the site goes (default dist/)
  --strict      fail (exit 1) when the flake has warnings or errors
  --quiet       print only warnings, errors and the final line
  --verbose     print every warning and error with its source line (by default many are grouped by code)
  --base REV    diff: the revision before the change (a commit, branch, tag or HEAD~N); build: also
                write /changes/, what the checkout changes since REV
  --head REV    diff: the revision after the change (default: the checkout as it is)
  --format F    diff: md (default) or json
  --site-url U  diff: where the site is deployed, for links (default: "site" in the config)
  --port N      port for dev and preview (default 4321)
  --host HOST   address for dev and preview (default localhost)
  --debug       on an internal error, print its stack trace
  -h, --help    this text`;

/** Where the command was run: the config file, `--flake`, `--out` and `--project` are found from here. */
const WORK = process.cwd();
/**
 * The site project (astro.config.mjs, src/, content/): this checkout, or the installed package when
 * run through its `bin` from another repository (scripts/flake-docs.mjs names it).
 */
const ROOT = process.env.FLAKE_DOCS_HOME ? path.resolve(process.env.FLAKE_DOCS_HOME) : WORK;
/** `--verbose`: every warning and error printed in full, not grouped by code. */
let verbose = false;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      flake: { type: 'string' },
      out: { type: 'string' },
      strict: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      site: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      rounds: { type: 'string' },
      project: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string' },
      'site-url': { type: 'string' },
      build: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      debug: { type: 'boolean', default: false },
    },
  });
  debug = values.debug;
  const command = positionals[0];
  verbose = values.verbose;
  if (values.help || !command) {
    console.log(HELP);
    return command || values.help ? 0 : 2;
  }
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
  let identity: Identity;
  try {
    identity = resolveIdentity(WORK, values.flake ?? process.env.FLAKE_SRC);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const { config, flake } = identity;
  const strict = values.strict || config.strict;
  const progress = new Progress(values.quiet);
  // astro.config.mjs reads the site's identity from here, so the title and links match the flake built.
  process.env.FLAKE_DOCS_SITE = JSON.stringify({ title: config.title, description: config.description, site: config.site, base: config.base, repository: config.repository });
  if (command !== 'preview' && command !== 'bench' && command !== 'diff' && command !== 'corpus') progress.line(describeIdentity(identity));
  if (command === 'build' || command === 'dev' || command === 'preview') {
    // The site's folder, from where the command was run; astro.config.mjs reads it from here.
    process.env.FLAKE_DOCS_OUT = path.resolve(WORK, values.out ?? process.env.FLAKE_DOCS_OUT ?? 'dist');
    // Astro and the site's config find src/ and content/ from the working directory: the project's.
    if (ROOT !== WORK) process.chdir(ROOT);
  }
  const server = { port: values.port ? Number(values.port) : 4321, host: values.host ?? 'localhost' };
  if (!Number.isInteger(server.port) || server.port < 1 || server.port > 65535) {
    throw new UserError(`--port must be a number from 1 to 65535, not "${values.port}"`);
  }

  switch (command) {
    case 'extract':
    case 'check': {
      const result = await extract(flake, config, progress);
      if (command === 'extract') {
        const out = path.resolve(WORK, values.out ?? '.');
        writeJson(out, result);
        progress.line(`wrote ${path.relative(WORK, out) || '.'}/options.json and flake.json`);
      }
      return finish(result, strict, progress);
    }
    case 'diff': {
      if (!values.base) throw new UserError('diff needs --base REV: the revision before the change');
      const format = values.format ?? 'md';
      if (format !== 'md' && format !== 'json') throw new UserError(`--format must be md or json, not "${format}"`);
      const siteUrl = values['site-url'] ?? config.site;
      if (siteUrl && !/^https?:\/\//.test(siteUrl)) throw new UserError(`--site-url must be an absolute http(s) URL, not "${siteUrl}"`);
      const { runDiff, summary, RevisionError } = await import('./diff/index.ts');
      try {
        const result = await runDiff({ flake, config, base: values.base, head: values.head, siteUrl });
        process.stdout.write(format === 'json' ? `${JSON.stringify({ base: { rev: result.base.rev, commit: result.base.commit }, head: { rev: result.head.rev, commit: result.head.commit }, ...result.diff }, null, 2)}\n` : summary(result, config, siteUrl));
        return 0;
      } catch (error) {
        if (error instanceof RevisionError) throw new UserError(error.message);
        throw error;
      }
    }
    case 'build': {
      const { renderer } = diagramRenderer(ROOT);
      renderer?.startIfCold();
      // The base of a Changes page is extracted on a worker thread while this one extracts the checkout.
      const base = values.base ? { rev: values.base, extraction: (await import('./diff/index.ts')).startRevision(flake, config, values.base) } : undefined;
      const result = await extract(flake, config, progress);
      const extra = base ? [await progress.phase('changes', () => changesPage(base, config, result), () => `since ${base.rev}`)] : [];
      // A guide naming a host, option or secret the flake lacks would publish a wrong runbook: stop here.
      if (brokenReferences(result).length || pageReferences(result).length) {
        await renderer?.close();
        return finish(result, strict, progress);
      }
      const { refreshLiveDataPages } = await import('./site/content-refs.ts');
      const { cacheRoot } = await import('./site/integration.ts');
      const astroCache = process.env.FLAKE_DOCS_CACHE ? path.join(cacheRoot(ROOT), 'astro') : path.join(ROOT, 'node_modules', '.astro');
      refreshLiveDataPages(ROOT, result.model, path.join(astroCache, 'data-store.json'), path.join(cacheRoot(ROOT), 'live-data.sha256'));
      // Diagrams are drawn while Astro builds the site, and put into the built pages after it.
      const deferred = new DeferredDiagrams();
      const published = await progress.phase('render pages', () => publishPages(result, config, renderer, undefined, deferred, false, extra), (p) => `${plural(p.pages, 'page')}, ${p.compiled} compiled to HTML`);
      const drawing = deferred.draw({ renderer, onError: published.onDiagramError }).finally(() => renderer?.close());
      drawing.catch(() => {}); // awaited after the build; a failure is reported there
      const { setLiveData } = await import('./site/remark-live-data.ts');
      setLiveData({ model: result.model, router: siteRouter(result.model, config.base) });
      const { build } = await import('astro');
      await progress.phase('build site', () => build({ root: ROOT, logLevel: values.quiet ? 'warn' : 'info' }));
      const { mermaidReport } = await import('./site/integration.ts');
      const out = process.env.FLAKE_DOCS_OUT!;
      await progress.phase('draw diagrams', async () => insertDiagrams(out, deferred.pages, await drawing), (n) => `${renderer ? diagramCounts(renderer) : 'none drawn'}, into ${plural(n, 'page')}, ${plural(renderer?.blockedRequests.length ?? 0, 'request')} refused`);
      for (const w of published.diagramWarnings) console.error(w);
      writeJson(out, result);
      const report = mermaidReport();
      if (report?.errors.length || report?.warnings.length || published.diagramWarnings.length) {
        for (const e of report?.errors ?? []) console.error(e);
        if (strict) return 1;
      }
      // Every internal link and #anchor of the built site must lead somewhere, in every build.
      const { brokenLinkMessage, checkLinks } = await import('./site/link-check.ts');
      const links = await progress.phase('check links', () => checkLinks(out, config.base), (r) => `${plural(r.links, 'internal link')} in ${plural(r.pages, 'page')}, ${r.broken.length} broken`);
      if (links.broken.length) {
        // A link in a generated page is ours: the user is told it is a bug of flake-docs, and which generator made it.
        for (const b of links.broken.slice(0, 50)) console.error(brokenLinkMessage(b, published.generators.get(b.page)));
        console.error(`the built site has ${links.broken.length} broken internal link(s)`);
        return 1;
      }
      console.log(`built ${path.relative(WORK, out) || '.'}/ in ${(progress.elapsed() / 1000).toFixed(1)} s from ${path.relative(WORK, flake) || '.'}; preview it with: npm run preview`);
      return finish(result, strict, progress);
    }
    case 'dev': {
      await ensurePortFree(server);
      // Parsed files are kept for the session: an edit parses only the files whose text changed.
      const parseCache: ParseCache = new Map();
      const result = await extract(flake, config, progress, parseCache);
      printDiagnostics(result.model.diagnostics, (file) => result.sourceOf(file), verbose);
      progress.line(`diagnostics: ${summarize(result.model.diagnostics)}`);
      // One renderer for the whole session: a diagram an edit leaves as it was comes from its cache.
      const { renderer } = diagramRenderer(ROOT);
      // Pages an edit leaves as they were are not compiled again; the dev server takes them from memory.
      const cache: CompileCache = new Map();
      for (const w of (await publishPages(result, config, renderer, cache, undefined, true)).diagramWarnings) console.error(w);
      const { setLiveData } = await import('./site/remark-live-data.ts');
      setLiveData({ model: result.model, router: siteRouter(result.model, config.base) });
      const watch = watchFlake(flake, config, progress, renderer, cache, parseCache);
      // A NODE_ENV=production inherited from the shell (or from a build run by the same parent process)
      // would make the dev server's pages production code, which takes no live HTML from memory.
      process.env.NODE_ENV = 'development';
      const { dev } = await import('astro');
      // strictPort: a port taken between the check and the start fails too, instead of moving silently.
      // Astro's own "ready" banner is left out (warnings and errors still print): the server is ready
      // once the warm-up below has made Vite optimize its dependencies, and that is when it is said.
      const devServer = await dev({ root: ROOT, server, logLevel: 'warn', vite: { server: { strictPort: true } } });
      const url = `http://${server.host}:${devServer.address.port}${config.base ?? '/'}`;
      const router = siteRouter(result.model, config.base);
      // The first edit of a session took 1.1 s at 3,000 options, the next ones 0.6–0.75 s, its code not
      // yet optimized: the same work runs twice, unseen, before the server is said to be ready (run while
      // the reader's first page was rendering, it made that page take 4 s instead of 0.1 s).
      await watch.warmUp();
      await watch.warmUp();
      const { warmUpDevServer } = await import('./site/dev-warmup.ts');
      const warm = await warmUpDevServer(url, [url, ...(result.model.hosts.length ? [new URL(router.href({ kind: 'hosts' }), url).href] : [])]);
      progress.line(`ready: ${url} (${plural(warm.pages, 'page')} and ${plural(warm.modules, 'module')} warmed in ${(warm.ms / 1000).toFixed(1)} s; watching the flake and the site for changes)`);
      return -1;
    }
    case 'preview': {
      if (!existsSync(path.join(process.env.FLAKE_DOCS_OUT!, 'index.html'))) {
        console.error(`error: ${path.relative(WORK, process.env.FLAKE_DOCS_OUT!) || '.'}/ has no site yet: run \`npm run build\` first`);
        return 2;
      }
      await ensurePortFree(server);
      const { preview } = await import('astro');
      await preview({ root: ROOT, server });
      return -1;
    }
    case 'bench': {
      if (values.diff) {
        const { runDiffBench } = await import('./bench/diff-bench.ts');
        return runDiffBench();
      }
      if (values.markdown) {
        const { runMarkdownBench } = await import('./bench/markdown-bench.ts');
        return runMarkdownBench();
      }
      if (values.site) {
        const { runSiteBench } = await import('./bench/site-bench.ts');
        const rounds = Number(values.rounds ?? 1);
        if (!Number.isInteger(rounds) || rounds < 1) throw new UserError(`--rounds must be a whole number of at least 1, not "${values.rounds}"`);
        return runSiteBench((values.sizes ?? '1k,3k,10k').split(','), values.project ? path.resolve(WORK, values.project) : undefined, rounds);
      }
      const { runBench } = await import('./bench/bench.ts');
      return runBench();
    }
    case 'corpus': {
      const { runCorpus } = await import('./bench/corpus.ts');
      return runCorpus(positionals.slice(1), { build: values.build, json: values.json });
    }
    default:
      console.error(`error: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

async function extract(flake: string, config: SiteConfig, progress: Progress, parseCache?: ParseCache): Promise<Extraction> {
  if (!existsSync(path.join(flake, 'flake.nix'))) {
    throw new UserError(`no flake.nix in ${flake}: pass --flake DIR or set "flake" in flake-docs.config.json`);
  }
  return extractFlake(flake, config, progress, parseCache);
}

/** Fails with a user error when `--port` is taken, naming the process that holds it when known. */
async function ensurePortFree(server: { port: number; host: string }): Promise<void> {
  const problem = await checkPort(server.port, server.host);
  if (problem) throw new UserError(`${problem}: stop it or pass another --port`);
}

/** What publishing the pages gave: how many there are, and the diagrams that could not be drawn. */
interface Published {
  /** Reports a diagram that cannot be drawn, into `diagramWarnings`. */
  onDiagramError: (where: string, message: string) => void;
  pages: number;
  compiled: number;
  /** Compiled pages whose stored content changed since the last publish (all of them the first time). */
  changed: number;
  diagramWarnings: string[];
  /** What handing the pages to the dev server in memory did (`dev` only). */
  live?: LivePublish;
  /** URL path of each generated page → the renderer that made it, for the link check's messages. */
  generators: Map<string, string>;
}

/**
 * Renders the pages into the generated folder, and compiles those that are plain Markdown to HTML
 * for the content loader (scripts/site/prerender.ts), drawing their diagrams with `renderer`.
 */
async function publishPages(result: Extraction, config: SiteConfig, renderer: MermaidRenderer | undefined, cache?: CompileCache, deferred?: DeferredDiagrams, live = false, extra: GeneratedPage[] = []): Promise<Published> {
  const dir = path.join(ROOT, GENERATED_DIR);
  const pages = [...renderSite(result.model, config), ...extra];
  writeGenerated(pages, dir, [COMPILED_PAGES]);
  const generators = generatedUrls(pages, config.base);
  const diagramWarnings: string[] = [];
  const onDiagramError = (where: string, message: string) => void diagramWarnings.push(`${path.relative(ROOT, where)} - warning: mermaid: ${message}`);
  const compiled = await compilePages(pages, { renderer, onError: onDiagramError }, dir, cache, deferred);
  if (!live) return { onDiagramError, pages: pages.length, compiled: compiled.length, changed: writeCompiledPages(compiled, dir), diagramWarnings, generators };
  // The dev server takes the pages from memory (and open browsers reload) at once; pages.json, there
  // for people to read, is written once edits pause, not while the reloaded page is being served.
  const handed = publishLivePages(compiled);
  clearTimeout(pagesFileTimer);
  pagesFileTimer = setTimeout(() => writeCompiledPages(compiled, dir), 1000);
  return { onDiagramError, pages: pages.length, compiled: compiled.length, changed: handed.changed, diagramWarnings, live: handed, generators };
}

/** The Changes page of a build with `--base`: what the checkout changes since that revision, linked within the site. */
async function changesPage(base: { rev: string; extraction: Promise<RevisionModel> }, config: SiteConfig, head: Extraction): Promise<GeneratedPage> {
  const { changesMarkdown, RevisionError } = await import('./diff/index.ts');
  try {
    return { path: 'changes.md', content: await changesMarkdown(base, config, head.model) };
  } catch (error) {
    if (error instanceof RevisionError) throw new UserError(error.message);
    throw error;
  }
}

/** The pending write of pages.json in `dev` (see `publishPages`). */
let pagesFileTimer: NodeJS.Timeout | undefined;

/** Puts the diagrams drawn during the build into the built pages that hold their placeholders; returns how many pages. */
function insertDiagrams(out: string, pages: Set<string>, insert: (html: string) => string): number {
  for (const id of pages) {
    const file = path.join(out, id === 'index' ? '' : id, 'index.html');
    writeFileSync(file, insert(readFileSync(file, 'utf8')));
  }
  return pages.size;
}

function writeJson(out: string, result: Extraction): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'options.json'), `${jsonText(result.optionsJson)}\n`);
  writeFileSync(path.join(out, 'flake.json'), `${jsonText(result.model)}\n`);
}

/** JSON with invisible characters (bidi overrides, zero-width spaces) as `\\uXXXX` escapes: the same data, and nothing in the file reorders or hides text. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\p{Cf}\u2028\u2029]/gu, (ch) => [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

/** Diagnostics that fail `build` and `check` even without --strict: guide references to names the flake lacks. */
function brokenReferences(result: Extraction) {
  return result.model.diagnostics.filter((d) => d.code === 'guides/unknown-ref');
}

/** References of the site's own content/ pages to things the flake does not have, computed once per extraction. */
const pageProblems = new WeakMap<Extraction, string[]>();
function pageReferences(result: Extraction): string[] {
  let found = pageProblems.get(result);
  if (!found) pageProblems.set(result, (found = checkContentRefs(ROOT, knownNames(result.model))));
  return found;
}

function finish(result: Extraction, strict: boolean, progress: Progress): number {
  const { diagnostics } = result.model;
  for (const line of coverageLines(result.model)) progress.line(line);
  printDiagnostics(diagnostics, (file) => result.sourceOf(file), verbose);
  progress.line(`diagnostics: ${summarize(diagnostics)}`);
  const broken = brokenReferences(result);
  const pages = pageReferences(result);
  for (const p of pages) console.error(p);
  if (broken.length || pages.length) {
    console.error(`${broken.length + pages.length} guide reference(s) to things the flake does not have: fix them (the build and check fail on them with or without --strict)`);
    return 1;
  }
  const failing = diagnostics.filter((d) => d.severity !== 'info');
  if (strict && failing.length) {
    console.error(`--strict: failing on ${failing.length} warning(s) and error(s)`);
    return 1;
  }
  return 0;
}

/**
 * Re-extracts and rewrites the generated pages when a file of the flake changes (for `dev`); `warmUp`
 * runs that work once with nothing changed and prints nothing (an unchanged flake changes no page).
 */
function watchFlake(flake: string, config: SiteConfig, progress: Progress, renderer: MermaidRenderer | undefined, cache: CompileCache, parseCache: ParseCache): { warmUp: () => Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  // One extraction at a time: a change during one runs another after it, so pages never go back to older text.
  let running = false;
  let pending: string | undefined;
  // Warnings and errors already printed, so an edit prints only the ones it brought (each with file:line:col).
  let shown: Set<string> | undefined;
  const key = (d: Extraction['model']['diagnostics'][number]) => `${d.code}\0${d.message}\0${d.location?.file}:${d.location?.line}:${d.location?.column}`;
  const regenerate = async (file: string | undefined) => {
    if (running) {
      if (file !== undefined) pending = file;
      return;
    }
    running = true;
    try {
      const t0 = performance.now();
      const result = await extractFlake(flake, config, new Progress(true), parseCache);
      const t1 = performance.now();
      const published = await publishPages(result, config, renderer, cache, undefined, true);
      for (const w of published.diagramWarnings) console.error(w);
      // The site's own content/ pages read live data from the model: give them the new one.
      const { setLiveData } = await import('./site/remark-live-data.ts');
      setLiveData({ model: result.model, router: siteRouter(result.model, config.base) });
      const problems = result.model.diagnostics.filter((d) => d.severity !== 'info');
      if (shown) printDiagnostics(problems.filter((d) => !shown!.has(key(d))), (f) => result.sourceOf(f), verbose);
      shown = new Set(problems.map(key));
      if (file === undefined) return;
      const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
      const live = published.live;
      const how = live?.structural ? 'pages, titles or headings changed: the content layer reloads them' : live?.reloaded ? 'reload sent' : live?.changed ? 'no browser to reload yet' : 'nothing to reload';
      progress.line(`↻ ${file} changed: ${published.changed} of ${published.compiled} pages changed, ${how} (extract ${ms(t0, t1)}, pages ${ms(t1, performance.now())}; ${summarize(result.model.diagnostics)})`);
    } catch (error) {
      if (file !== undefined) console.error(`error: re-extraction after ${file} changed failed: ${(error as Error).message}`);
    } finally {
      running = false;
      const next = pending;
      pending = undefined;
      if (next !== undefined) void regenerate(next);
    }
  };
  // One watch per directory, not fs.watch(recursive): a file saved by replace-and-rename stays watched.
  watchTree(flake, (file) => {
    if (!file || /(^|\/)(\.git|result)/.test(file)) return;
    clearTimeout(timer);
    // Long enough to take a save's write-then-rename as one change, short enough not to be noticed.
    timer = setTimeout(() => void regenerate(file), 40);
  });
  return { warmUp: () => regenerate(undefined) };
}

/** A problem with how the command was called, printed without a stack trace. */
class UserError extends Error {}

/** `--debug`: print an internal error's stack trace. */
let debug = false;

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    if (error instanceof UserError) {
      console.error(`error: ${error.message}`);
      process.exit(2);
    }
    for (const line of internalError(error, debug)) console.error(line);
    process.exit(1);
  },
);

