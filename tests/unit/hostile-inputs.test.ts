/**
 * Every file read goes through the guard, and every knob of the configuration is bounded: a
 * `flake-docs.json` that is a symlink to /dev/zero, a FIFO or a symlink to /proc/self/environ; a
 * roadmap naming `.git/config` and a private key; a guide holding a key; globs that backtrack or
 * expand without end; a vanishing `hoursPerDay`. Each ends in a clear diagnostic or config error,
 * quickly, and no canary byte reaches the model, the pages or any message.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { formatDiagnostic } from '../../scripts/diagnostics.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { compileGlob } from '../../scripts/glob.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';

/** A fresh flake folder with a flake.nix and the given files, removed after the tests. */
function flake(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-hostile-inputs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'flake.nix'), '{ description = "Hostile inputs"; outputs = _: { }; }\n');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The message of what `fn` throws, and how long it took. */
function failure(fn: () => unknown): { message: string; ms: number } {
  const t0 = performance.now();
  try {
    fn();
  } catch (error) {
    return { message: (error as Error).message, ms: performance.now() - t0 };
  }
  assert.fail('expected an error');
}

test('flake-docs.json as a symlink to /dev/zero, a FIFO or /proc/self/environ: refused at once, its content never quoted', () => {
  process.env.FLAKE_DOCS_HOSTILE_CANARY = 'CANARY-ENVIRON-5e1f';
  const zero = flake();
  symlinkSync('/dev/zero', path.join(zero, 'flake-docs.json'));
  const fifo = flake();
  execFileSync('mkfifo', [path.join(fifo, 'flake-docs.json')]);
  const environ = flake();
  symlinkSync('/proc/self/environ', path.join(environ, 'flake-docs.json'));
  const project = flake();
  const results = [zero, fifo, environ].map((dir) => failure(() => resolveIdentity(project, dir)));
  assert.deepEqual(
    results.map((r) => r.message.replace(/^[^/]+\//, '')),
    [
      'flake-docs.json was not read: it is a character device, not a regular file',
      'flake-docs.json was not read: it is a FIFO, not a regular file',
      'flake-docs.json was not read: it is a symlink to a file outside the flake',
    ],
  );
  for (const r of results) {
    assert.ok(r.ms < 2000, `${r.ms} ms`);
    assert.doesNotMatch(r.message, /CANARY|PATH=/);
  }
});

test('invalid JSON is reported without quoting the text', () => {
  const dir = flake({ 'flake-docs.json': '{\n  "title": CANARY-UNQUOTED-77a1\n}\n' });
  const { message } = failure(() => resolveIdentity(flake(), dir));
  assert.match(message, /flake-docs\.json is not valid JSON$/);
  assert.match(failure(() => resolveIdentity(flake(), flake({ 'flake-docs.json': '{"title": "x",}' }))).message, /flake-docs\.json is not valid JSON at line 1, column 15$/);
  assert.doesNotMatch(message, /CANARY/);
});

test('numbers and globs of the configuration are bounded, each refusal naming its key', () => {
  const refuse = (raw: Record<string, unknown>) => failure(() => parseConfig(raw)).message;
  assert.match(refuse({ hoursPerDay: 1e-300 }), /^ {2}hoursPerDay: must be at least 0\.25/m);
  assert.match(refuse({ roadmap: 'docs/{1..100000000}.md' }), /^ {2}roadmap: is not a usable glob: the range \{1\.\.100000000\} stands for 100000000 numbers \(at most 1000\)/m);
  assert.match(refuse({ secretPaths: ['a'.repeat(2000)] }), /^ {2}secretPaths\.0: is not a usable glob: the glob is longer than 1000 characters/m);
  assert.match(refuse({ profiles: ['{a,b'] }), /^ {2}profiles\.0: is not a usable glob: a "\{" is not closed/m);
});

test('globs match in linear time: a backtracking pattern and 22 brace groups against long paths', () => {
  const long = `${'a'.repeat(5000)}b`;
  const t0 = performance.now();
  const star = compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*a*ac');
  const braces = compileGlob(`docs/${'{a,b}'.repeat(22)}.md`);
  assert.ok(star.ok && braces.ok);
  assert.equal(star.test(long), false);
  assert.equal(braces.test(`docs/${'ab'.repeat(11)}.md`), true);
  assert.equal(braces.test(`docs/${'a'.repeat(5000)}.md`), false);
  assert.ok(performance.now() - t0 < 2000, `${performance.now() - t0} ms`);
  const g = compileGlob('hosts/{web,db}-{1..3}/**/*.nix');
  assert.ok(g.ok);
  assert.deepEqual(['hosts/web-2/a/b.nix', 'hosts/db-3/x.nix', 'hosts/db-4/x.nix', 'hosts/web-1/x.txt'].map((p) => g.test(p)), [true, true, false, false]);
});

test('a roadmap naming .git/config, a key in a secrets folder, a key elsewhere, and globs: nothing secret is published', async () => {
  const dir = flake({
    '.git/config': '[remote "origin"]\n  url = https://someone:CANARY-GIT-TOKEN-0b3c@github.com/x/y\n- [ ] CANARY-GIT-TICKET-1\n',
    'secrets/id_ed25519': '-----BEGIN OPENSSH PRIVATE KEY-----\n- [ ] CANARY-KEY-TICKET-2\n-----END OPENSSH PRIVATE KEY-----\n',
    'docs/keys.md': '# Keys\n\n- [ ] K-1: rotate\n\nAGE-SECRET-KEY-1CANARYQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n',
    'docs/tickets.md': '# Roadmap\n\n- [ ] T-1: A ticket\n',
    [`docs/${'a'.repeat(200)}.md`]: '# Long\n',
    'docs/guides/keys.md': '# Keys\n\n-----BEGIN OPENSSH PRIVATE KEY-----\nCANARY-GUIDE-KEY-9d0e\n-----END OPENSSH PRIVATE KEY-----\n',
    'docs/guides/fine.md': '# Fine\n\nNothing secret here.\n',
  });
  const config = parseConfig({
    roadmap: ['.git/config', './secrets/id_ed25519', 'docs/keys.md', '.git/*', 'docs/tickets.md', `docs/${'*a'.repeat(12)}c.md`],
    guides: 'docs/guides',
    secretPaths: ['*a*a*a*a*a*a*a*a*a*a*a*a*a*ac'],
  });
  const t0 = performance.now();
  const x = await extractFlake(dir, config, new Progress(true));
  assert.ok(performance.now() - t0 < 20_000);
  const outputs = {
    model: JSON.stringify(x.model),
    pages: renderSite(x.model, config).map((p) => p.content).join('\n'),
    terminal: x.model.diagnostics.map((d) => formatDiagnostic(d, d.location ? x.sourceOf(d.location.file) : undefined)).join('\n'),
  };
  for (const [where, text] of Object.entries(outputs)) assert.doesNotMatch(text, /CANARY/, where);
  assert.deepEqual(x.model.roadmap?.documents.map((d) => d.file), ['docs/tickets.md']);
  // The docs/ folder's own Markdown is published too (zero configuration); the secret one never.
  assert.deepEqual(x.model.guides.map((g) => [g.id, g.body === null]), [['fine', false], ['keys', true], [`docs/${'a'.repeat(200)}`, false]]);
  const found = x.model.diagnostics.filter((d) => /not-read|no-document/.test(d.code)).map((d) => `${d.code} ${d.message}`).sort();
  assert.deepEqual(found, [
    'guides/not-read the guide is a secret (a private key): it is not published',
    'tickets/no-document the roadmap entry ".git/*" of flake-docs.config.json matches no file in the flake',
    `tickets/no-document the roadmap entry "docs/${'*a'.repeat(12)}c.md" of flake-docs.config.json matches no file in the flake`,
    'tickets/not-read the roadmap entry ".git/config" is inside .git, which is never read: it is not published',
    'tickets/not-read the roadmap entry "./secrets/id_ed25519" is a secret (in a secrets folder): it is not published',
    'tickets/not-read the roadmap file docs/keys.md is a secret (an age identity): it is not published',
  ].sort());
  assert.equal(x.sourceOf('.git/config'), undefined);
});
