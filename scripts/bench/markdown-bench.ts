/**
 * `npm run bench -- --markdown`: the Markdown inputs that grew quadratically, extracted and rendered
 * into pages: a roadmap of 50,000 tickets (epics of 50, each ticket depending on the one before) and
 * a 1 MB guide made of list items. Each case runs in its own child process so its peak memory is its
 * own; fails (exit 1) when one takes 30 s of CPU time or more, or 1 GB or more. CPU time (user and
 * system), not wall time: the work is single-threaded, so on an idle machine they agree, and on this
 * shared one wall time measures the other jobs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../config.ts';
import { extractFlake } from '../extract/index.ts';
import { Progress } from '../log.ts';
import { renderSite } from '../render/index.ts';

/** The limits of the issue that asked for it: seconds and megabytes per case. */
export const TARGET_SECONDS = 30;
export const TARGET_MB = 1024;

/** The cases measured: a name and what it writes into an empty flake. */
const CASES: Record<string, (dir: string) => void> = {
  'roadmap of 50,000 tickets': (dir) => write(dir, 'docs/tickets.md', tickets(50_000, 50)),
  '1 MB guide of list items': (dir) => write(dir, 'docs/guides/list.md', listGuide(990_000)),
};

interface Sample {
  name: string;
  bytes: number;
  extractMs: number;
  renderMs: number;
  /** CPU time of both (user and system): what the case costs on a machine shared with other work. */
  cpuMs: number;
  pages: number;
  tickets: number;
  peakRssMB: number;
}

function write(dir: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

/** A roadmap of `count` tickets in epics of `perEpic`, each with an effort and the one before as dependency. */
export function tickets(count: number, perEpic: number): string {
  const lines = ['# Roadmap', '', 'Start: 2025-01-06', ''];
  for (let t = 0; t < count; t++) {
    if (t % perEpic === 0) lines.push(`## Epic ${t / perEpic + 1}: Work ${t / perEpic + 1}`, '');
    lines.push(`- [${t % 3 === 0 ? 'x' : ' '}] B-${t + 1}: Ticket ${t + 1}`, '  - Effort: 2h');
    if (t) lines.push(`  - Dependencies: B-${t}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** A guide of about `bytes` bytes: a title, then list items, some nested, some with inline markup. */
export function listGuide(bytes: number): string {
  const lines = ['# A long list', ''];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    const line = i % 5 === 0 ? `  - nested item ${i} with \`code\` and *emphasis*` : `- item ${i}: a line of plain words to read`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Extracts and renders one case in this process. */
async function measure(name: string): Promise<Sample> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-markdown-bench-'));
  try {
    write(dir, 'flake.nix', '{ outputs = _: { }; }\n');
    CASES[name]!(dir);
    const config = parseConfig({ guides: 'docs/guides' });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const x = await extractFlake(dir, config, new Progress(true));
    const t1 = performance.now();
    const pages = renderSite(x.model, config);
    const t2 = performance.now();
    const cpu = process.cpuUsage(c0);
    const bytes = pages.reduce((n, p) => n + p.content.length, 0);
    return {
      name,
      bytes,
      extractMs: t1 - t0,
      renderMs: t2 - t1,
      cpuMs: (cpu.user + cpu.system) / 1000,
      pages: pages.length,
      tickets: x.model.roadmap?.documents.reduce((n, d) => n + d.tickets.length, 0) ?? 0,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every case in a child process and prints the table. */
export async function runMarkdownBench(): Promise<number> {
  const rows: Sample[] = [];
  for (const name of Object.keys(CASES)) {
    // With the command line's own Node flags (its heap size: see scripts/flake-docs.mjs).
    const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    rows.push(JSON.parse(out.trim().split('\n').at(-1)!));
  }
  console.log(`Markdown at scale: extraction and page rendering, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  console.log('case                         tickets  pages  page bytes   extract    render       CPU   peak RSS');
  let ok = true;
  for (const r of rows) {
    if (r.cpuMs / 1000 >= TARGET_SECONDS || r.peakRssMB >= TARGET_MB) ok = false;
    console.log(
      [
        r.name.padEnd(27),
        String(r.tickets).padStart(8),
        String(r.pages).padStart(6),
        String(r.bytes).padStart(11),
        `${(r.extractMs / 1000).toFixed(1)} s`.padStart(9),
        `${(r.renderMs / 1000).toFixed(1)} s`.padStart(9),
        `${(r.cpuMs / 1000).toFixed(1)} s`.padStart(9),
        `${r.peakRssMB} MB`.padStart(10),
      ].join(' '),
    );
  }
  console.log(`${ok ? 'PASS' : 'FAIL'}: each case under ${TARGET_SECONDS} s of CPU and ${TARGET_MB} MB`);
  return ok ? 0 : 1;
}

if (process.argv[1] === import.meta.filename && process.argv[2]) {
  console.log(JSON.stringify(await measure(process.argv[2])));
}
