/**
 * `npm run corpus -- DIR…`: extracts real flakes checked out outside the repository and prints, per
 * flake, hosts by class, profiles, options, secrets, warnings by code, the lines `check` prints and time, then compares them with
 * the expectations pinned in `tests/corpus-expectations.json` (hosts read from each flake by hand,
 * warnings judged true), so a change that loses a host or adds a false warning shows at once. With
 * `--build` it also builds each site and reports its exit code, broken links and the share of unknown
 * imports per host. Each flake runs in a child process of the CLI, as a user would run it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one flake is expected to give, keyed in the file by its folder name (`OWNER+NAME`). */
export interface CorpusExpectation {
  /** Host names by class (`nixos`, `darwin`, `home`, `system-manager`), read from the flake by hand. */
  hosts: Record<string, string[]>;
  /** Warnings and errors by code, each judged true on reading the flake; any other count is a regression. */
  warnings: Record<string, number>;
  /** Whether the site builds (exit 0, no broken link); checked with `--build`. */
  builds?: boolean;
  /** The most unknown imports any host may have, as a share of its imports (0–1); checked with `--build`. */
  maxUnknownImports?: number;
  /** Why the figures are what they are, for the next reader. */
  note?: string;
}

/** The figures of one flake's extraction (and build). */
export interface CorpusResult {
  name: string;
  hosts: Record<string, string[]>;
  profiles: number;
  options: number;
  secrets: number;
  /** Diagnostics by code, per severity. */
  diagnostics: Record<'error' | 'warning' | 'info', Record<string, number>>;
  ms: number;
  /** Unknown imports over all imports, per host, when built. */
  unknownImports: Record<string, number>;
  build?: { exit: number; brokenLinks: number };
  /** Lines `check` prints (stdout and stderr, without `--verbose`), and whether the coverage line comes first after the progress lines. */
  checkLines?: number;
  coverageFirst?: boolean;
  /** Why the extraction could not run, if it could not. */
  failure?: string;
}

interface ModelSlice {
  hosts: { name: string; class: string; modules: { kind: string }[] }[];
  profiles: unknown[];
  options: unknown[];
  secrets: { secrets: unknown[] };
  diagnostics: { severity: 'error' | 'warning' | 'info'; code: string }[];
}

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'scripts', 'flake-docs.mjs');
/** Where the pinned expectations live. */
export const EXPECTATIONS = path.join(ROOT, 'tests', 'corpus-expectations.json');

/** Runs the CLI on one flake and reads its figures from flake.json. */
function measure(dir: string, build: boolean): CorpusResult {
  const name = path.basename(path.resolve(dir));
  const result: CorpusResult = { name, hosts: {}, profiles: 0, options: 0, secrets: 0, diagnostics: { error: {}, warning: {}, info: {} }, ms: 0, unknownImports: {} };
  if (!existsSync(path.join(dir, 'flake.nix'))) {
    // A fetched snapshot is a bare repository: its files must be checked out first (see CORPUS.md).
    result.failure = existsSync(path.join(dir, '.git')) && !existsSync(path.join(dir, 'README.md')) ? 'no flake.nix: the checkout has no work tree (check its files out first)' : 'no flake.nix';
    return result;
  }
  const out = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-corpus-'));
  try {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [CLI, 'extract', '--flake', dir, '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    result.ms = performance.now() - t0;
    if (run.status !== 0 || !existsSync(path.join(out, 'flake.json'))) {
      result.failure = `extract exited ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' / ')}`;
      return result;
    }
    const model = JSON.parse(readFileSync(path.join(out, 'flake.json'), 'utf8')) as ModelSlice;
    for (const h of model.hosts) (result.hosts[h.class] ??= []).push(h.name);
    for (const names of Object.values(result.hosts)) names.sort();
    result.profiles = model.profiles.length;
    result.options = model.options.length;
    result.secrets = model.secrets.secrets.length;
    for (const d of model.diagnostics) result.diagnostics[d.severity][d.code] = (result.diagnostics[d.severity][d.code] ?? 0) + 1;
    for (const h of model.hosts) {
      const unknownCount = h.modules.filter((m) => m.kind === 'unknown').length;
      result.unknownImports[`${h.class}:${h.name}`] = h.modules.length ? unknownCount / h.modules.length : 0;
    }
    // What a person reads: `check` as run by hand, every line it prints.
    const check = spawnSync(process.execPath, [CLI, 'check', '--flake', dir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    const printed = `${check.stdout ?? ''}${check.stderr ?? ''}`.split('\n').filter((l) => l !== '');
    result.checkLines = printed.length;
    result.coverageFirst = printed.findIndex((l) => l.startsWith('coverage: ')) === printed.findIndex((l) => !/^(flake |✓ )/.test(l));
    if (build) {
      const dist = path.join(out, 'dist');
      const b = spawnSync(process.execPath, [CLI, 'build', '--flake', dir, '--quiet'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FLAKE_DOCS_OUT: dist }, maxBuffer: 1 << 28 });
      const broken = /the built site has (\d+) broken internal link/.exec(b.stderr ?? '');
      result.build = { exit: b.status ?? 1, brokenLinks: broken ? Number(broken[1]) : 0 };
    }
    return result;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The most lines `check` may print for one flake before `--verbose`. */
export const CHECK_LINES_MAX = 20;

/** The differences between a result and its expectation, one line each; empty when they agree. */
export function compare(r: CorpusResult, e: CorpusExpectation | undefined): string[] {
  if (!e) return ['no pinned expectation'];
  if (r.failure) return [r.failure];
  const out: string[] = [];
  for (const cls of new Set([...Object.keys(e.hosts), ...Object.keys(r.hosts)])) {
    const want = new Set(e.hosts[cls] ?? []);
    const got = new Set(r.hosts[cls] ?? []);
    const lost = [...want].filter((n) => !got.has(n));
    const extra = [...got].filter((n) => !want.has(n));
    if (lost.length) out.push(`${cls} hosts lost: ${lost.join(', ')}`);
    if (extra.length) out.push(`${cls} hosts not expected: ${extra.join(', ')}`);
  }
  const seen = { ...r.diagnostics.warning };
  for (const [code, n] of Object.entries(r.diagnostics.error)) seen[code] = (seen[code] ?? 0) + n;
  for (const code of new Set([...Object.keys(e.warnings), ...Object.keys(seen)])) {
    const want = e.warnings[code] ?? 0;
    const got = seen[code] ?? 0;
    if (got !== want) out.push(`${code}: ${got} warnings/errors, ${want} judged true`);
  }
  if (r.checkLines !== undefined && r.checkLines > CHECK_LINES_MAX) out.push(`check printed ${r.checkLines} lines (at most ${CHECK_LINES_MAX})`);
  if (r.coverageFirst === false) out.push('check did not print the coverage line first');
  if (r.build && e.builds !== undefined) {
    const builds = r.build.exit === 0 && r.build.brokenLinks === 0;
    if (builds !== e.builds) out.push(`build: exit ${r.build.exit}, ${r.build.brokenLinks} broken links (expected ${e.builds ? 'to build' : 'to fail'})`);
  }
  if (r.build && e.maxUnknownImports !== undefined) {
    for (const [host, share] of Object.entries(r.unknownImports)) {
      if (share > e.maxUnknownImports) out.push(`${host}: ${Math.round(share * 100)}% of imports unknown (at most ${Math.round(e.maxUnknownImports * 100)}%)`);
    }
  }
  return out;
}

const counts = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '–';

/** Prints one flake's figures and its differences from the expectation. */
function print(r: CorpusResult, diffs: string[]): void {
  const hosts = Object.entries(r.hosts)
    .map(([cls, names]) => `${cls} ${names.length}`)
    .join(', ');
  console.log(`${diffs.length ? 'DIFF' : 'ok  '} ${r.name}  (${(r.ms / 1000).toFixed(1)} s)`);
  if (!r.failure) {
    console.log(`     hosts: ${hosts || 'none'}; profiles ${r.profiles}, options ${r.options}, secrets ${r.secrets}`);
    console.log(`     errors: ${counts(r.diagnostics.error)}; warnings: ${counts(r.diagnostics.warning)}; notes: ${counts(r.diagnostics.info)}`);
    if (r.checkLines !== undefined) console.log(`     check prints ${r.checkLines} lines (at most ${CHECK_LINES_MAX}), coverage line ${r.coverageFirst ? 'first' : 'NOT first'}`);
  }
  if (r.build) {
    const shares = Object.values(r.unknownImports);
    const worst = shares.length ? Math.max(...shares) : 0;
    console.log(`     build: exit ${r.build.exit}, ${r.build.brokenLinks} broken links; unknown imports: worst host ${Math.round(worst * 100)}%, mean ${Math.round((shares.reduce((a, b) => a + b, 0) / (shares.length || 1)) * 100)}%`);
  }
  for (const d of diffs) console.log(`     ! ${d}`);
}

/**
 * Measures each flake folder and compares it with its pinned expectation.
 * @returns 0 when every flake matches its expectation, 1 otherwise
 */
export function runCorpus(dirs: string[], opts: { build: boolean; json?: boolean }): number {
  if (!dirs.length) {
    console.error('usage: npm run corpus -- [--build] DIR… (real flakes checked out outside the repository, e.g. ../corpus/*)');
    return 2;
  }
  const expectations = JSON.parse(readFileSync(EXPECTATIONS, 'utf8')) as Record<string, CorpusExpectation>;
  let failed = 0;
  const results: CorpusResult[] = [];
  for (const dir of dirs) {
    const r = measure(path.resolve(ROOT, dir), opts.build);
    const diffs = compare(r, expectations[r.name]);
    results.push(r);
    if (diffs.length) failed++;
    print(r, diffs);
  }
  if (opts.json) console.log(JSON.stringify(results));
  console.log(`${dirs.length - failed} of ${dirs.length} flakes match their pinned expectations`);
  return failed ? 1 : 0;
}
