/**
 * `npm run bench -- --site`: builds synthetic flakes with hosts, secrets and a roadmap at three sizes
 * (1k/3k/10k options) from cold, each in a throwaway copy of the project under `.sandbox/`, and a plain
 * Starlight site with the same pages and headings beside it, then prints per size the build time, peak
 * RSS, page count, median page size, first-search bytes and the ratio to plain Starlight. Fails when a
 * ratio exceeds 1.5 or the 10k build takes more than 60 s.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFrontmatter } from '../site/frontmatter.ts';
import { firstSearchBytes, siteWeight } from './site-measure.ts';
import { OPTIONS_PER_MODULE, type SiteShape, writeSiteFlake } from './synth.ts';

/** The sizes built, by name. */
export const SITE_SIZES: Record<string, SiteShape> = {
  '1k': { modules: 100, hosts: 20, secrets: 50, tickets: 20 },
  '3k': { modules: 300, hosts: 50, secrets: 200, tickets: 100 },
  '10k': { modules: 1000, hosts: 200, secrets: 1000, tickets: 300 },
};
/** The most a flake-docs build may take, as a multiple of plain Starlight's for the same pages. */
export const SITE_TARGET_RATIO = 1.5;
/** The most the 10k build may take, in seconds. */
export const TEN_K_LIMIT_S = 60;

const HERE = path.resolve(import.meta.dirname, '../..');
/** What a project copy leaves out. */
const SKIP = new Set(['node_modules', 'dist', '.cache', '.astro', '.git', '.sandbox', 'tests', 'flake-src', 'bench-out']);

interface Timed {
  seconds: number;
  /** User and system CPU time: what the build costs on a machine shared with other work, where wall time is noise. */
  cpuSeconds: number;
  peakRssMB: number;
  status: number | null;
  output: string;
}

/** The phases of a flake-docs build, in seconds, from its `✓ phase (N ms)` lines. */
export interface Phases {
  extract: number;
  render: number;
  astro: number;
  /** Waiting for the diagrams drawn during the Astro build, and putting them into the pages. */
  diagrams: number;
  links: number;
}

/** Reads the phase times out of a build's output: extraction is every phase before `render pages`. */
export function phasesOf(output: string): Phases {
  const phases: Phases = { extract: 0, render: 0, astro: 0, diagrams: 0, links: 0 };
  for (const [, name, ms] of output.matchAll(/^✓ (.+?) \((\d+) ms\)/gm)) {
    const key: keyof Phases = ({ 'render pages': 'render', 'build site': 'astro', 'draw diagrams': 'diagrams', 'check links': 'links' } as const)[name as 'render pages'] ?? 'extract';
    phases[key] += Number(ms) / 1000;
  }
  return phases;
}

/** Runs a command under /usr/bin/time for wall time, CPU time (its own and its children's) and the peak RSS of its largest process. */
function timed(args: string[], cwd: string, env: Record<string, string> = {}): Timed {
  const run = spawnSync('/usr/bin/time', ['-f', '@@time %e %M %U %S', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, maxBuffer: 256 * 1024 * 1024 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('npm run bench -- --site measures with /usr/bin/time: install it (apt-get install time)');
  const m = /@@time ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(run.stderr);
  return {
    seconds: m ? Number(m[1]) : NaN,
    cpuSeconds: m ? Number(m[3]) + Number(m[4]) : NaN,
    peakRssMB: m ? Math.round(Number(m[2]) / 1024) : NaN,
    status: run.status,
    output: `${run.stdout}\n${run.stderr}`,
  };
}

/** Copies the project at `from` (without installed, built and generated things) into `to`. */
function copyProject(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (SKIP.has(entry)) continue;
    cpSync(path.join(from, entry), path.join(to, entry), { recursive: true, filter: (src) => !src.startsWith(path.join(from, 'content', 'generated')) });
  }
}

/** Every page of a content folder: slug, title and its `##`–`####` headings. */
function pagesOf(contentDir: string): { slug: string; title: string; headings: string[] }[] {
  const out: { slug: string; title: string; headings: string[] }[] = [];
  for (const rel of readdirSync(contentDir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.mdx?$/.test(rel)) continue;
    const text = readFileSync(path.join(contentDir, rel), 'utf8');
    const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    const data = fm ? parseFrontmatter(fm[1]!) : {};
    const slug = typeof data.slug === 'string' ? data.slug : rel.split(path.sep).join('/').replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
    const headings = [...text.matchAll(/^(#{2,4}) (.+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    out.push({ slug, title: String(data.title ?? slug), headings });
  }
  return out;
}

/**
 * Writes a plain Starlight project whose pages have the titles and headings of `contentDir`'s: a copy
 * of the project (same packages, tsconfig and content loader) with Starlight's own configuration and
 * nothing of flake-docs (no integration, sidebar, middleware or diagram renderer).
 */
function writePlainSite(dir: string, project: string, contentDir: string): number {
  const pages = pagesOf(contentDir);
  copyProject(project, dir);
  rmSync(path.join(dir, 'content'), { recursive: true, force: true });
  writeFileSync(
    path.join(dir, 'astro.config.mjs'),
    `import starlight from '@astrojs/starlight';\nimport { defineConfig } from 'astro/config';\nexport default defineConfig({ trailingSlash: 'always', integrations: [starlight({ title: 'Plain', pagefind: true })] });\n`,
  );
  for (const p of pages) {
    const file = path.join(dir, 'content', `${p.slug || 'index'}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    const body = p.headings.map((h) => `${h}\n\nA paragraph under this heading, as long as a short option description is.\n`).join('\n');
    writeFileSync(file, `---\ntitle: ${JSON.stringify(p.title)}\n---\n\nThe page's introduction.\n\n${body}`);
  }
  return pages.length;
}

/** One size's figures. */
export interface SiteRow {
  size: string;
  options: number;
  docs: Timed;
  phases: Phases;
  plain: Timed;
  pages: number;
  medianPageKB: number;
  largestPageKB: number;
  firstSearchKB: number;
  ratio: number;
}

/** Builds one size with flake-docs (from `project`) and plain Starlight; best of `rounds` for each. */
function measureSize(size: string, shape: SiteShape, project: string, rounds: number): SiteRow {
  const base = path.join(HERE, '.sandbox', `bench-${size}`);
  const flake = path.join(base, 'flake');
  writeSiteFlake(flake, shape);
  const site = path.join(base, 'site');
  copyProject(project, site);
  // What `npm install` does in a checkout (scripts/postinstall.mjs): bundle the command line.
  timed([process.execPath, 'scripts/flake-docs.mjs', '--bundle-only'], site);
  writeFileSync(path.join(site, 'flake-docs.config.json'), JSON.stringify({ title: `Synthetic ${size}`, roadmap: 'docs/tickets.md' }));
  const best = (run: () => Timed): Timed => {
    let winner: Timed | undefined;
    for (let i = 0; i < rounds; i++) {
      let t = run();
      // A build on this shared machine has failed once at start-up and passed when run again: retry once.
      if (t.status !== 0) {
        console.error(`build failed (exit ${t.status}), retrying once:\n${t.output.slice(-2000)}`);
        t = run();
      }
      if (t.status !== 0) throw new Error(`build failed (exit ${t.status}):\n${t.output.slice(-4000)}`);
      if (!winner || t.seconds < winner.seconds) winner = t;
    }
    return winner!;
  };
  const docs = best(() => {
    // From cold: no diagram, Astro or content cache, and no output to clear (as for the plain site).
    rmSync(path.join(site, '.cache'), { recursive: true, force: true });
    rmSync(path.join(site, 'node_modules', '.astro'), { recursive: true, force: true });
    rmSync(path.join(site, 'dist'), { recursive: true, force: true });
    // Not --quiet: the phase lines are read from the output.
    return timed([process.execPath, 'scripts/flake-docs.mjs', 'build', '--flake', flake], site);
  });
  const plainDir = path.join(base, 'plain');
  writePlainSite(plainDir, project, path.join(site, 'content'));
  const astro = path.join(HERE, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const plain = best(() => {
    rmSync(path.join(plainDir, '.astro'), { recursive: true, force: true });
    rmSync(path.join(plainDir, 'dist'), { recursive: true, force: true });
    return timed([process.execPath, astro, 'build', '--silent'], plainDir);
  });
  const weight = siteWeight(path.join(site, 'dist'));
  return {
    size,
    options: shape.modules * OPTIONS_PER_MODULE,
    docs,
    phases: phasesOf(docs.output),
    plain,
    pages: weight.pages,
    medianPageKB: weight.medianPageBytes / 1024,
    largestPageKB: weight.largestPageBytes / 1024,
    firstSearchKB: firstSearchBytes(path.join(site, 'dist')).bytes / 1024,
    ratio: docs.seconds / plain.seconds,
  };
}

/**
 * Runs the site-scale benchmark and prints its table; returns the exit code.
 * @param sizes which sizes to build (`1k`, `3k`, `10k`)
 * @param project the flake-docs checkout to measure (default: this one), e.g. an older commit's copy
 * @param rounds builds per size and kind; the best counts
 */
export function runSiteBench(sizes: string[], project = HERE, rounds = 1): number {
  const rows: SiteRow[] = [];
  for (const size of sizes) {
    const shape = SITE_SIZES[size];
    if (!shape) throw new Error(`unknown size ${size}: one of ${Object.keys(SITE_SIZES).join(', ')}`);
    console.error(`building ${size}…`);
    rows.push(measureSize(size, shape, path.resolve(project), rounds));
  }
  console.log(`site-scale build from cold, best of ${rounds}, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  console.log('| flake | pages | flake-docs | CPU (user+sys) | plain Starlight | its CPU | ratio | peak RSS | median page | largest page | first search (gzip) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const s = SITE_SIZES[r.size]!;
    console.log(
      `| ${r.options} options, ${s.hosts} hosts, ${s.secrets} secrets, ${s.tickets} tickets | ${r.pages} | ${r.docs.seconds.toFixed(1)} s | ${r.docs.cpuSeconds.toFixed(1)} s | ${r.plain.seconds.toFixed(1)} s | ${r.plain.cpuSeconds.toFixed(1)} s | ${r.ratio.toFixed(2)}× | ${r.docs.peakRssMB} MB | ${r.medianPageKB.toFixed(0)} KB | ${r.largestPageKB.toFixed(0)} KB | ${r.firstSearchKB.toFixed(0)} KB |`,
    );
  }
  console.log('\n| flake | extract | render and compile pages | Astro build (diagrams drawn meanwhile) | diagrams: wait and insert | link check |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const p = r.phases;
    console.log(`| ${r.options} options | ${p.extract.toFixed(1)} s | ${p.render.toFixed(1)} s | ${p.astro.toFixed(1)} s | ${p.diagrams.toFixed(1)} s | ${p.links.toFixed(1)} s |`);
  }
  const failures: string[] = [];
  for (const r of rows) {
    if (r.ratio > SITE_TARGET_RATIO) failures.push(`${r.size}: ${r.ratio.toFixed(2)}× plain Starlight (target ≤ ${SITE_TARGET_RATIO}×)`);
    if (r.size === '10k' && r.docs.seconds > TEN_K_LIMIT_S) failures.push(`10k: ${r.docs.seconds.toFixed(1)} s (target ≤ ${TEN_K_LIMIT_S} s)`);
  }
  console.log(failures.length ? `FAIL: ${failures.join('; ')}` : 'PASS');
  return failures.length ? 1 : 0;
}
