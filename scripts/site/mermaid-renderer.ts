/**
 * Renders mermaid diagrams to SVG in one headless Chromium for the whole build: the browser starts at
 * the first diagram, a few pages with mermaid loaded (each in its own context, so its own renderer
 * process) render diagrams side by side, the same diagram asked for twice at once renders once, and
 * results are cached on disk by content hash so rebuilds do not start a browser at all.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { svgHazards } from '../mermaid-safety.ts';
import { linkGanttTasks, MERMAID_CONFIG } from './mermaid-config.ts';
import { recolour, themeProbe } from './mermaid-recolour.ts';
import { plural } from '../plural.ts';

/** The two looks a diagram is rendered in; the site shows the one matching Starlight's theme. */
export type MermaidTheme = 'default' | 'dark';

/** Flags Chromium needs on this kind of machine: no sandbox as root, no calls to a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Finds a Chromium executable: `CHROMIUM_PATH`, then the usual Debian and Chrome locations. */
export function findChromium(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

const require = createRequire(import.meta.url);
const mermaidScript = require.resolve('mermaid/dist/mermaid.min.js');
const mermaidVersion: string = JSON.parse(
  readFileSync(path.join(path.dirname(mermaidScript), '..', 'package.json'), 'utf8'),
).version;

/** A content hash of a diagram, also used to give its SVG element ids that are unique on the page. */
export function diagramHash(source: string, theme: MermaidTheme): string {
  const settings = JSON.stringify(MERMAID_CONFIG);
  return createHash('sha256').update(`${mermaidVersion}\0${settings}\0${theme}\0${source}`).digest('hex').slice(0, 16);
}

/** What a renderer did, for log lines: `17 SVGs drawn, 17 recoloured for dark, 0 from cache` (one SVG per diagram and theme). */
export function diagramCounts(r: Pick<MermaidRenderer, 'rendered' | 'recolouredCount' | 'fromCache'>): string {
  return `${plural(r.rendered, 'SVG')} drawn, ${r.recolouredCount} recoloured for dark, ${r.fromCache} from cache`;
}

/** The id of a diagram's SVG element in a theme: unique on the page, the same in every build. */
export function svgId(source: string, theme: MermaidTheme): string {
  return `m${diagramHash(source, theme)}`;
}

/** An error in a diagram's own source, reported with the page it is on. */
export class MermaidSyntaxError extends Error {}

/** One browser with its pages: those free to take the next diagram, and diagrams waiting for one. */
interface BrowserSession {
  idle: Page[];
  waiting: ((page: Page) => void)[];
  close(): Promise<void>;
}

/**
 * How many diagrams render at once: `FLAKE_DOCS_MERMAID_JOBS`, else one core's worth less than the
 * machine has, at most 4. On 2 cores that is 1: measured here, two renders at once beside the build
 * made the 1k-option bench slower (118 s against 92 s), as layout is CPU-bound.
 */
export function mermaidJobs(env: Record<string, string | undefined> = process.env, cores = os.availableParallelism()): number {
  const wanted = Number(env.FLAKE_DOCS_MERMAID_JOBS);
  if (Number.isInteger(wanted) && wanted >= 1) return Math.min(wanted, 16);
  return Math.max(1, Math.min(4, cores - 1));
}

/** Renders diagrams in one shared browser session, a few at a time. */
export class MermaidRenderer {
  private session: Promise<BrowserSession> | undefined;
  /** Renders under way, by content hash: a diagram asked for again meanwhile waits for the same one. */
  private inFlight = new Map<string, Promise<string>>();
  /** How many diagrams went through the browser (not the cache) in this process. */
  rendered = 0;
  /** How many SVGs (a diagram in one theme) were read from the disk cache instead of made, in this process. */
  fromCache = 0;
  /** How many dark SVGs were recoloured from light ones instead of rendered, in this process. */
  recolouredCount = 0;
  /** Milliseconds spent rendering in the browser (summed over pages), in this process. */
  browserMs = 0;
  /** URLs the browser asked for while drawing, all refused: nothing but the page and mermaid itself loads. */
  readonly blockedRequests: string[] = [];
  /** The same, per drawing page's context, to tell which drawing asked. */
  private blockedIn = new WeakMap<BrowserContext, string[]>();

  /**
   * @param executablePath the Chromium to start
   * @param cacheDir where rendered SVGs are kept between builds
   * @param jobs how many diagrams render at once
   * @param layoutEveryTheme render the dark theme in the browser too, never recoloured (to compare them)
   */
  private readonly executablePath: string;
  private readonly cacheDir: string;
  private readonly jobs: number;
  private readonly layoutEveryTheme: boolean;
  constructor(
    executablePath: string,
    cacheDir: string,
    jobs: number = mermaidJobs(),
    layoutEveryTheme: boolean = false,
  ) {
    this.executablePath = executablePath;
    this.cacheDir = cacheDir;
    this.jobs = jobs;
    this.layoutEveryTheme = layoutEveryTheme;
  }

  /**
   * Starts the browser now when no diagram was ever cached (a first build, a CI runner), so that its
   * start overlaps the flake's extraction instead of adding to the build; otherwise it starts when a
   * diagram first misses the cache. Returns whether it started.
   */
  startIfCold(): boolean {
    if (this.session || (existsSync(this.cacheDir) && readdirSync(this.cacheDir).some((f) => f.endsWith('.svg')))) return false;
    this.session = this.start();
    // A failure surfaces on the first render, which awaits the same session.
    this.session.catch(() => {});
    return true;
  }

  /**
   * Renders one diagram in one theme to an SVG string; diagram errors throw `MermaidSyntaxError`. The
   * dark theme of a flowchart is recoloured from its light render (see mermaid-recolour.ts) rather
   * than laid out a second time.
   */
  async render(source: string, theme: MermaidTheme): Promise<string> {
    // Past mermaid's limit it would draw its error picture: refuse before any browser starts.
    if (source.length > MERMAID_CONFIG.maxTextSize) {
      throw new MermaidSyntaxError(`Maximum text size in diagram exceeded (${source.length} characters, the limit is ${MERMAID_CONFIG.maxTextSize})`);
    }
    const probe = theme === 'dark' && !this.layoutEveryTheme ? themeProbe(source) : undefined;
    if (probe !== undefined) return this.cached(source, theme, () => this.recoloured(source, probe));
    return this.laidOut(source, theme);
  }

  /** A diagram laid out in the browser in `theme` (or taken from the cache). */
  private laidOut(source: string, theme: MermaidTheme): Promise<string> {
    return this.cached(source, theme, () => this.withPage((page) => this.renderInBrowser(page, source, theme, svgId(source, theme))));
  }

  /** The dark SVG of a flowchart from its light render and its probe's, or a real dark render when they do not fit. */
  private async recoloured(source: string, probe: string): Promise<string> {
    const [light, probes] = await Promise.all([
      this.laidOut(source, 'default'),
      // A probe that mermaid rejects (it never should: its lines are the diagram's own) means a real render.
      Promise.all([this.laidOut(probe, 'default'), this.laidOut(probe, 'dark')]).catch((error: unknown) => {
        if (error instanceof MermaidSyntaxError) return undefined;
        throw error;
      }),
    ]);
    const svg =
      probes &&
      recolour(
        { svg: light, id: svgId(source, 'default') },
        { svg: probes[0], id: svgId(probe, 'default') },
        { svg: probes[1], id: svgId(probe, 'dark') },
        svgId(source, 'dark'),
      );
    if (svg !== undefined) {
      this.recolouredCount++;
      return svg;
    }
    return this.withPage((page) => this.renderInBrowser(page, source, 'dark', svgId(source, 'dark')));
  }

  /** The SVG of a diagram in a theme from the disk cache, else made once (however many ask at the same time) and cached. */
  private async cached(source: string, theme: MermaidTheme, make: () => Promise<string>): Promise<string> {
    const hash = diagramHash(source, theme);
    const cached = path.join(this.cacheDir, `${hash}.svg`);
    if (existsSync(cached)) {
      this.fromCache++;
      return readFileSync(cached, 'utf8');
    }
    let job = this.inFlight.get(hash);
    if (!job) {
      job = make().then((svg) => {
        mkdirSync(this.cacheDir, { recursive: true });
        writeFileSync(cached, svg);
        return svg;
      });
      this.inFlight.set(hash, job);
      job.then(
        () => this.inFlight.delete(hash),
        () => this.inFlight.delete(hash),
      );
    }
    return job;
  }

  /** Runs `work` on a free browser page, waiting for one when all are busy. */
  private async withPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
    this.session ??= this.start();
    // Pages go back to the session they came from, never to a browser started after a close.
    const session = await this.session;
    const page = session.idle.pop() ?? (await new Promise<Page>((resolve) => session.waiting.push(resolve)));
    try {
      return await work(page);
    } finally {
      const next = session.waiting.shift();
      if (next) next(page);
      else session.idle.push(page);
    }
  }

  private async renderInBrowser(page: Page, source: string, theme: MermaidTheme, id: string): Promise<string> {
    const started = performance.now();
    const blocked = this.blockedIn.get(page.context()) ?? [];
    const blockedBefore = blocked.length;
    const result = await page.evaluate(
      async ({ source, theme, id, config }) => {
        const m = (globalThis as any).mermaid;
        m.initialize({ ...config, theme });
        try {
          const { svg } = await m.render(id, source);
          return { svg };
        } catch (error) {
          document.getElementById(`d${id}`)?.remove();
          return { error: String((error as Error)?.message ?? error) };
        }
      },
      { source, theme, id, config: MERMAID_CONFIG },
    );
    this.browserMs += performance.now() - started;
    const asked = blocked.slice(blockedBefore)[0];
    if (asked) throw new MermaidSyntaxError(`the drawing asked for ${JSON.stringify(asked.slice(0, 100))}, which was refused: a diagram loads nothing`);
    if ('error' in result) throw new MermaidSyntaxError(result.error);
    // Some limits make mermaid draw its error picture rather than throw: that picture is never published.
    const drawnError = /Maximum text size in diagram exceeded|Syntax error in text/.exec(result.svg);
    if (drawnError) throw new MermaidSyntaxError(drawnError[0]);
    const svg = linkGanttTasks(result.svg, source, id);
    // Whatever the source check missed: a drawing with a link, element or style that runs or loads is not published.
    const hazards = svgHazards(svg);
    if (hazards.length) throw new MermaidSyntaxError(`the drawing holds ${hazards.join(', ')}: a diagram runs and loads nothing`);
    this.rendered++;
    return svg;
  }

  /** Refuses every request of a drawing page's context and records its URL (see `blockedRequests`). */
  private async isolate(context: BrowserContext): Promise<void> {
    const blocked: string[] = [];
    this.blockedIn.set(context, blocked);
    const record = (url: string) => {
      blocked.push(url);
      this.blockedRequests.push(url);
    };
    await context.route('**/*', (route) => {
      record(route.request().url());
      return route.abort('blockedbyclient');
    });
    await context.routeWebSocket(/.*/, (ws) => {
      record(ws.url());
      return ws.close();
    });
  }

  private async start(): Promise<BrowserSession> {
    // Loaded here, not at the top: playwright-core costs 0.4 s to load, and a build whose diagrams are cached never needs it.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS, headless: true });
    const pages = await Promise.all(
      Array.from({ length: this.jobs }, async () => {
        // Nothing leaves the machine: every request of the context is refused (mermaid itself is inlined).
        const context = await browser.newContext({ serviceWorkers: 'block' });
        await this.isolate(context);
        const page = await context.newPage();
        await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
        await page.addScriptTag({ path: mermaidScript });
        return page;
      }),
    );
    return { idle: pages, waiting: [], close: () => browser.close() };
  }

  /** Closes the browser if one was started, once the diagrams under way are done (a later diagram starts another). */
  async close(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await Promise.allSettled([...this.inFlight.values()]);
    if (this.session === session) this.session = undefined;
    await (await session).close();
  }
}
