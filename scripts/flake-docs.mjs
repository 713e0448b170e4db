#!/usr/bin/env node
// Runs the command line (scripts/cli.ts) from one JavaScript file that esbuild bundles from the
// TypeScript, and bundles again whenever a source file is newer than it. Node can run the TypeScript
// itself, but it strips the types of every file on every run with no cache (0.5–0.8 s of a build),
// and loads some 150 modules one by one; the bundle is compiled once and kept in V8's compile cache.
// The benchmarks stay outside the bundle: they find their files through import.meta.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Node 20 (Debian's) cannot run the command line: say so plainly rather than fail on a missing export.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`flake-docs needs Node 22.12 or later; this is Node ${process.versions.node} (${process.execPath}). In this repository, run it through npm (npm run build, npm run check, …), which uses the Node 22 that npm install brings; elsewhere, install Node 22 or 24.`);
  process.exit(1);
}

/**
 * V8's young generation: a big flake's module evaluation and a long roadmap's Markdown make short-lived
 * objects faster than the default 16 MB semi-space holds them, and collecting them took 20–30% of the
 * CPU. 32 MB measured best (50,000 tickets: 38 s CPU and 814 MB at 16, 31 s and 767 MB at 32, 28 s and
 * 1,010 MB at 64). A flag V8 reads only at start-up: the launcher starts Node again with it, in the same
 * process (same id, signals and standard streams), where Node can (22.15 and later).
 */
const HEAP_FLAGS = ['--max-semi-space-size=32'];
if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) && typeof process.execve === 'function' && process.argv[2] !== '--bundle-only') {
  try {
    process.execve(process.execPath, [process.execPath, ...HEAP_FLAGS, ...process.execArgv, ...process.argv.slice(1)], process.env);
  } catch {
    // Not possible here (a worker thread, an unsupported platform): run with the default heap.
  }
}

const root = path.resolve(import.meta.dirname, '..');
const scripts = path.join(root, 'scripts');
const cache = path.join(root, 'node_modules', '.cache', 'flake-docs');
const bundle = path.join(cache, 'cli.mjs');
// A diff extracts its base revision on a worker thread, which starts from a bundle of its own beside this one.
const workerBundle = path.join(cache, 'extract-worker.mjs');

/** The newest modification time among the TypeScript sources and this file. */
function newestSource() {
  let newest = statSync(import.meta.filename).mtimeMs;
  for (const entry of readdirSync(scripts, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

if (![bundle, workerBundle].every((b) => existsSync(b) && statSync(b).mtimeMs >= newestSource())) {
  const { build } = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  const { outputFiles } = await build({
    entryPoints: { cli: path.join(scripts, 'cli.ts'), 'extract-worker': path.join(scripts, 'diff', 'extract-worker.ts') },
    outdir: cache,
    outExtension: { '.js': '.mjs' },
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        name: 'benchmarks-outside',
        setup(b) {
          b.onResolve({ filter: /\/bench\// }, (args) => ({ path: pathToFileURL(path.resolve(args.resolveDir, args.path)).href, external: true }));
        },
      },
    ],
  });
  // Written whole and renamed: test runs start several commands at once, and none may read half a file.
  for (const file of outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}
// `npm install` makes the bundle ahead (scripts/postinstall.mjs), as a package would ship its JavaScript.
if (process.argv[2] !== '--bundle-only') {
  // The site project is this file's: run as the package's `bin` from another repository, it is not the working directory.
  process.env.FLAKE_DOCS_HOME = root;
  nodeModule.enableCompileCache?.(path.join(cache, 'v8'));
  await import(pathToFileURL(bundle).href);
}
