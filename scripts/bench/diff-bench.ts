/**
 * `npm run bench -- --diff`: the diff of a 10,000-option, 200-host synthetic flake between two
 * commits that differ by one module (one default changed), against one extraction of the same flake:
 * in this process (warm), and as a user runs them (`flake-docs check` against `flake-docs diff`, each a
 * fresh process). Fails (exit 1) when either takes twice one extraction or more.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../config.ts';
import { runDiff } from '../diff/index.ts';
import { extractFlake } from '../extract/index.ts';
import { Progress } from '../log.ts';
import { OPTIONS_PER_MODULE, writeSiteFlake } from './synth.ts';

/** The most the diff may take, as a multiple of one extraction. */
export const DIFF_TARGET_RATIO = 2;
const SHAPE = { modules: 1000, hosts: 200, secrets: 200, tickets: 0 };
const ROUNDS = 3;

/** Builds the two-commit repository, measures both and prints the result. */
export async function runDiffBench(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-diff-bench-'));
  try {
    writeSiteFlake(dir, SHAPE);
    // Our own temporary repository: running git in it is safe (the flake's own repository is never run).
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.org', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const module = path.join(dir, 'modules', 'm0000.nix');
    const text = readFileSync(module, 'utf8');
    const changed = text.replace(/default = defaults\.basePort \+ 0;/, 'default = defaults.basePort + 10000;');
    if (changed === text) throw new Error('diff bench: the synthetic module no longer has the default it changes');
    writeFileSync(module, changed);
    git('commit', '-q', '-am', 'one module changes one default');
    const config = parseConfig({});
    const extract: number[] = [];
    const diff: number[] = [];
    let found = '';
    for (let round = 0; round < ROUNDS; round++) {
      let t0 = performance.now();
      await extractFlake(dir, config, new Progress(true));
      extract.push(performance.now() - t0);
      t0 = performance.now();
      const result = await runDiff({ flake: dir, config, base: 'HEAD~1', head: 'HEAD' });
      diff.push(performance.now() - t0);
      found = result.diff.options.changed.map((o) => `${o.name}: ${o.fields.map((f) => `${f.field} ${f.before} → ${f.after}`).join(', ')}`).join('; ');
    }
    const best = (xs: number[]) => Math.min(...xs);
    const ratio = best(diff) / best(extract);
    console.log(`diff of two commits, ${SHAPE.modules * OPTIONS_PER_MODULE} options, ${SHAPE.hosts} hosts, ${SHAPE.secrets} secrets; best of ${ROUNDS}, node ${process.version}, ${os.cpus().length} cores`);
    console.log(`in this process: one extraction ${(best(extract) / 1000).toFixed(2)} s; diff (both revisions read from git and extracted) ${(best(diff) / 1000).toFixed(2)} s: ${ratio.toFixed(2)}×`);
    console.log(`changed: ${found || 'nothing'}`);
    // As a user runs them: `check` (one extraction) against `diff`, each a fresh process of the command line.
    const root = path.resolve(import.meta.dirname, '../..');
    const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(root, 'scripts/flake-docs.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    cli('--bundle-only');
    const check: number[] = [];
    const command: number[] = [];
    let cliFound = false;
    for (let round = 0; round < ROUNDS; round++) {
      let t0 = performance.now();
      try {
        cli('check', '--flake', dir);
      } catch {
        // check exits 1 on warnings only with --strict; its time is what is measured either way.
      }
      check.push(performance.now() - t0);
      t0 = performance.now();
      const json = JSON.parse(cli('diff', '--flake', dir, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json').toString()) as { options: { changed: { name: string }[] } };
      command.push(performance.now() - t0);
      cliFound = json.options.changed.some((o) => o.name === 'bench.m0.port');
    }
    const cliRatio = best(command) / best(check);
    console.log(`command line: flake-docs check ${(best(check) / 1000).toFixed(2)} s; flake-docs diff ${(best(command) / 1000).toFixed(2)} s: ${cliRatio.toFixed(2)}×`);
    const ok = ratio < DIFF_TARGET_RATIO && cliRatio < DIFF_TARGET_RATIO && found !== '' && cliFound;
    console.log(`${ok ? 'PASS' : 'FAIL'}: the diff takes ${ratio.toFixed(2)}× one extraction in this process and ${cliRatio.toFixed(2)}× from the command line (target < ${DIFF_TARGET_RATIO}× for both)`);
    return ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
