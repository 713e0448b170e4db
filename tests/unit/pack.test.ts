/**
 * The packed package works from another repository: `npm pack` gives a tarball that carries what a
 * build needs, and its `flake-docs` bin builds the sample flake from inside a repository of its own,
 * into that repository's `public/`, with the repository's `docs/` among the guides.
 *
 * The tarball's dependencies are not fetched: this machine's npm cache holds no registry metadata,
 * so `npm install --offline <tarball>` stops at the first dependency (ENOTCACHED). The test lays the
 * tarball out as npm would (node_modules/flake-docs, its dependencies hoisted beside it, the bin in
 * node_modules/.bin), with the dependencies hard-linked from this checkout's node_modules.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-pack-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment without this project's own settings (where a test run's build goes, which flake it reads). */
function withoutOwn(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('FLAKE_DOCS_') && k !== 'FLAKE_SRC'));
}

test('npm pack carries the site project; its bin builds the sample from another repository into public/ with the Pages step', { timeout: 300_000 }, () => {
  const npmEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' };
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', env: npmEnv }).trim().split('\n').at(-1)!;
  const tarball = path.join(tmp, name);
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  for (const needed of ['package.json', 'astro.config.mjs', 'scripts/flake-docs.mjs', 'scripts/cli.ts', 'src/content.config.ts', 'src/components/Head.astro', 'content/404.md', 'public/favicon.svg', 'scripts/ci/pr-comment.sh']) {
    assert.ok(files.includes(needed), `the tarball carries ${needed}`);
  }
  for (const f of files) assert.ok(!/^(tests|flake-src|node_modules|dist|content\/generated)\//.test(f), `the tarball leaves out ${f}`);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.deepEqual(pkg.bin, { 'flake-docs': 'scripts/flake-docs.mjs' });

  // A consumer folder laid out as `npm install <tarball>` would.
  const consumer = path.join(tmp, 'consumer');
  const modules = path.join(consumer, 'node_modules');
  mkdirSync(consumer);
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), modules]);
  for (const own of ['.cache', '.astro', 'flake-docs']) rmSync(path.join(modules, own), { recursive: true, force: true });
  mkdirSync(path.join(modules, 'flake-docs'));
  execFileSync('tar', ['xzf', tarball, '-C', path.join(modules, 'flake-docs'), '--strip-components=1']);
  rmSync(path.join(modules, '.bin', 'flake-docs'), { force: true });
  symlinkSync(`../flake-docs/${pkg.bin['flake-docs']}`, path.join(modules, '.bin', 'flake-docs'));

  // Another repository: the sample flake at its top, its docs/ beside flake.nix.
  const repo = path.join(consumer, 'systems');
  cpSync(path.join(ROOT, 'flake-src'), repo, { recursive: true });
  const bin = path.join(modules, '.bin', 'flake-docs');
  // Node 22 from this checkout (the package's engines); none of this project's own build settings.
  const env = { ...withoutOwn(process.env), PATH: `${path.join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` };
  const help = execFileSync(bin, ['--help'], { cwd: repo, encoding: 'utf8', env });
  assert.match(help, /^flake-docs: a documentation site generated from a NixOS systems flake$/m);
  // The Pages recipe's step, as the workflow runs it: the installed bin, the address Pages gives.
  const out = execFileSync('sh', [path.join(modules, 'flake-docs', 'scripts/ci/pages-build.sh')], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...env, FLAKE_DOCS: bin, PAGES_URL: 'https://lab.example.org/systems', OUT: 'public' },
  });
  assert.match(out, /^built .*public\/ in [\d.]+ s from /m);
  const site = path.join(repo, 'public');
  for (const page of ['index.html', 'hosts/index.html', 'options/index.html', 'guides/docs/architecture/index.html', 'flake.json', '.nojekyll']) {
    assert.ok(existsSync(path.join(site, page)), `public/${page}`);
  }
  // The repository's docs/architecture.md is one of the site's guides; links carry the project site's base path.
  assert.match(readFileSync(path.join(site, 'guides/docs/architecture/index.html'), 'utf8'), /<h1[^>]*>/);
  assert.match(readFileSync(path.join(site, 'index.html'), 'utf8'), /href="\/systems\/hosts\/"/);
  assert.ok(existsSync(path.join(modules, 'flake-docs', 'content', 'generated', 'index.mdx')), "the pages are generated in the package's own folder");
  assert.deepEqual(readdirSync(repo).filter((f) => !readdirSync(path.join(ROOT, 'flake-src')).includes(f)), ['public'], 'the repository gains public/ and nothing else');
});
