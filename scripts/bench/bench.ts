/**
 * `npm run bench`: option extraction on synthetic flakes of 100 and 1,000 module files, against
 * tree-sitter parse-only time of the same files measured in the same process. Each size runs in its
 * own child process so peak memory is its own. Fails (exit 1) when extraction of the 1,000-file flake
 * takes more than 3 times its parse-only time.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { extractOptions } from '../extract/options.ts';
import { createEngine, parseOnly } from '../nix/index.ts';
import { writeSyntheticFlake } from './synth.ts';

/** The sizes measured, in module files. */
export const SIZES = [100, 1000];
/** The most extraction may take, as a multiple of parse-only time, for the largest size. */
export const TARGET_RATIO = 3;
const ROUNDS = 7;

interface Sample {
  modules: number;
  files: number;
  options: number;
  parseMs: number;
  extractMs: number;
  /** Best extraction time over best parse-only time: the least disturbed run of each on a shared, noisy machine. */
  ratio: number;
  peakRssMB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Measures one size in this process. */
async function measure(modules: number): Promise<Sample> {
  const dir = path.join(os.tmpdir(), `flake-docs-bench-${modules}`);
  const files = writeSyntheticFlake(dir, modules);
  await parseOnly(dir, files); // loads the grammar and warms the JIT
  const parse: number[] = [];
  const extract: number[] = [];
  let options = 0;
  // Collect garbage before each timing (when the child runs with --expose-gc) so one phase's garbage
  // is not collected on the other's clock.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  for (let round = 0; round < ROUNDS; round++) {
    gc();
    parse.push((await parseOnly(dir, files)).ms);
    gc();
    const t0 = performance.now();
    const engine = await createEngine({ root: dir });
    options = extractOptions(engine).options.length;
    extract.push(performance.now() - t0);
  }
  return {
    modules,
    files: files.length,
    options,
    parseMs: median(parse),
    extractMs: median(extract),
    ratio: Math.min(...extract) / Math.min(...parse),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** Runs every size in a child process and prints the table. */
export async function runBench(): Promise<number> {
  const rows: Sample[] = [];
  for (const modules of SIZES) {
    const out = execFileSync(process.execPath, ['--expose-gc', import.meta.filename, String(modules)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    rows.push(JSON.parse(out.trim().split('\n').at(-1)!));
  }
  console.log(`option extraction, ${ROUNDS} rounds: median times; the ratio compares the best round of each, node ${process.version}, ${os.cpus().length} cores`);
  console.log('modules  files  options  parse-only  extraction  files/s  options/s  peak RSS  extraction/parse');
  for (const r of rows) {
    console.log(
      [
        String(r.modules).padStart(7),
        String(r.files).padStart(6),
        String(r.options).padStart(8),
        `${r.parseMs.toFixed(1)} ms`.padStart(11),
        `${r.extractMs.toFixed(1)} ms`.padStart(11),
        String(Math.round((r.files / r.extractMs) * 1000)).padStart(8),
        String(Math.round((r.options / r.extractMs) * 1000)).padStart(10),
        `${r.peakRssMB} MB`.padStart(9),
        `${r.ratio.toFixed(2)}×`.padStart(17),
      ].join(' '),
    );
  }
  const largest = rows.at(-1)!;
  const ratio = largest.ratio;
  const ok = ratio <= TARGET_RATIO;
  console.log(`${ok ? 'PASS' : 'FAIL'}: extraction of ${largest.modules} modules takes ${ratio.toFixed(2)}× parse-only time (target ≤ ${TARGET_RATIO}×)`);
  return ok ? 0 : 1;
}

if (process.argv[1] === import.meta.filename && process.argv[2]) {
  const sample = await measure(Number(process.argv[2]));
  console.log(JSON.stringify(sample));
}
