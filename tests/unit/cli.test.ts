/** The command line as a user meets it: exit codes, diagnostics with file:line:col, config errors. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'scripts/cli.ts');

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a syntax error is a diagnostic with its place and source line, and does not stop extraction', () => {
  const { code, out, err } = run(['check', '--flake', 'tests/fixtures/nix-flake-basic']);
  assert.equal(code, 0);
  assert.ok(err.includes('broken.nix:1:13 - error: syntax error: missing identifier [nix/syntax]\n  1 | { a = 1; b = ; c = 3; }\n    |             ^'), err);
  assert.match(out, /✓ hosts \(\d+ ms\) 3 hosts/);
  // broken.nix only: piped.nix uses `|>`, which is valid Nix
  assert.match(out, /diagnostics: 1 error, 0 warnings/);
});

test('--strict turns warnings and errors into a failing exit code', () => {
  const { code, err } = run(['check', '--flake', 'tests/fixtures/nix-flake-basic', '--strict']);
  assert.equal(code, 1);
  assert.match(err, /--strict: failing on 1 warning\(s\) and error\(s\)/);
});

test('extract writes options.json and flake.json where asked', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-extract-'));
  const { code } = run(['extract', '--flake', 'tests/fixtures/nix-flake-basic', '--out', out, '--quiet']);
  assert.equal(code, 0);
  const model = JSON.parse(readFileSync(path.join(out, 'flake.json'), 'utf8'));
  assert.deepEqual(model.hosts.map((h: { name: string }) => h.name).sort(), ['alpha', 'beta', 'gamma']);
  assert.equal(typeof JSON.parse(readFileSync(path.join(out, 'options.json'), 'utf8')), 'object');
});

test('a wrong configuration is reported by key, with exit code 2', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-config-'));
  writeFileSync(path.join(dir, 'flake-docs.config.json'), JSON.stringify({ base: 'docs' }));
  const { code, err } = run(['check'], dir);
  assert.equal(code, 2);
  assert.equal(err.trim(), 'error: flake-docs.config.json is not valid:\n  base: must start and end with "/", such as "/" or "/systems/"');
});

test('a folder without flake.nix is named in the error', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-empty-'));
  const { code, err } = run(['check', '--flake', dir]);
  assert.equal(code, 2);
  assert.match(err, /^error: no flake\.nix in .*flake-docs-empty-.*: pass --flake DIR/);
});

test('an unknown command prints the help', () => {
  const { code, err } = run(['frobnicate']);
  assert.equal(code, 2);
  assert.match(err, /unknown command "frobnicate"[\s\S]*Commands:/);
});
