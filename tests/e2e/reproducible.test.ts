/**
 * Reproducible builds: the sample flake built twice, each time with empty caches (no diagram cache, no
 * Astro cache) into its own output folder, gives byte-identical trees, hand-drawn diagrams included.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Every file under `dir`, as sorted relative paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => statSync(path.join(dir, rel)).isFile())
    .sort();
}

/** Builds the sample into `out`, with caches in `cache` (both fresh). */
async function build(out: string, cache: string): Promise<void> {
  await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cli.ts', 'build', '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, FLAKE_DOCS_OUT: out, FLAKE_DOCS_CACHE: cache },
    maxBuffer: 64 * 1024 * 1024,
  });
}

test('two builds of the sample without caches give identical output', { timeout: 900_000 }, async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'flake-docs-repro-'));
  try {
    const [a, b] = [path.join(tmp, 'a'), path.join(tmp, 'b')];
    // One after the other: both write the generated pages of the same worktree.
    await build(a, path.join(tmp, 'cache-a'));
    await build(b, path.join(tmp, 'cache-b'));
    const files = filesUnder(a);
    assert.deepEqual(filesUnder(b), files, 'the same files');
    assert.ok(files.includes('guides/new-machine-checklist/index.html') && files.includes('flake.json'));
    const differing = files.filter((rel) => !readFileSync(path.join(a, rel)).equals(readFileSync(path.join(b, rel))));
    assert.deepEqual(differing, [], 'files whose bytes differ between the two builds');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
