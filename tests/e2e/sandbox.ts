/**
 * A throwaway copy of the project for building another flake than the sample: the site's own files
 * are copied into `.sandbox/` inside the project, so a build there never touches the sample's
 * content/generated/, dist/ or .cache/ that the other end-to-end tests read. It finds the project's
 * node_modules by walking up, as Node does (a symlinked node_modules confuses Astro's compiler cache).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openSite, type Site } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** What the copy leaves out: installed, built, cached and generated things, and the tests. */
const SKIP = new Set(['node_modules', 'dist', '.cache', '.astro', '.git', '.sandbox', 'tests', 'flake-src', 'bench-out']);

/** A project copy and the result of building one flake in it. */
export interface SandboxBuild {
  root: string;
  /** Exit status, stdout and stderr of `build`. */
  status: number | null;
  output: string;
  remove(): void;
}

/**
 * Copies the project, writes its configuration and builds `flake` there.
 * @param flake absolute path of the flake to build
 * @param config the `flake-docs.config.json` of the copy; its `flake` is `flake` unless given, so its values apply to it
 */
export function buildInSandbox(flake: string, config: Record<string, unknown> = {}): SandboxBuild {
  mkdirSync(path.join(ROOT, '.sandbox'), { recursive: true });
  const root = mkdtempSync(path.join(ROOT, '.sandbox', 'build-'));
  for (const entry of readdirSync(ROOT)) {
    if (SKIP.has(entry)) continue;
    cpSync(path.join(ROOT, entry), path.join(root, entry), {
      recursive: true,
      filter: (src) => !src.startsWith(path.join(ROOT, 'content', 'generated')),
    });
  }
  // The configuration describes the flake it names: its title, secretPaths… apply to `flake` only when it names it.
  writeFileSync(path.join(root, 'flake-docs.config.json'), JSON.stringify({ flake, ...config }));
  // --verbose: the tests read every finding with its source line, not the grouped summary.
  const run = spawnSync(process.execPath, ['scripts/flake-docs.mjs', 'build', '--flake', flake, '--verbose'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    timeout: 300_000,
  });
  return {
    root,
    status: run.status,
    output: `${run.stdout}\n${run.stderr}`,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Every file under `dir` (relative paths) whose bytes match `pattern`.
 * @param dir the folder to search
 * @param pattern what must not be there
 */
export function filesContaining(dir: string, pattern: RegExp): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const abs = path.join(d, name);
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else if (st.isFile() && pattern.test(readFileSync(abs, 'latin1'))) hits.push(path.relative(dir, abs));
    }
  };
  walk(dir);
  return hits;
}

/** A flake built in a sandbox and served: its build, its site, and one close for all of it. */
export interface ServedFlake {
  build: SandboxBuild;
  site: Site;
  /** Stops the server and browser, and removes the sandbox and the flake folder. */
  close(): Promise<void>;
}

/**
 * Builds `flake` in a sandbox (the build must succeed) and serves it; `close` also removes the flake,
 * which the caller wrote for this test.
 * @param flake absolute path of a throwaway flake folder
 * @param config the sandbox's `flake-docs.config.json`
 */
export async function serveFlake(flake: string, config: Record<string, unknown> = {}): Promise<ServedFlake> {
  const build = buildInSandbox(flake, config);
  const remove = () => {
    build.remove();
    rmSync(flake, { recursive: true, force: true });
  };
  if (build.status !== 0) {
    remove();
    throw new Error(`the build of ${flake} failed:\n${build.output}`);
  }
  const site = await openSite(build.root);
  return {
    build,
    site,
    async close() {
      await site.close();
      remove();
    },
  };
}
