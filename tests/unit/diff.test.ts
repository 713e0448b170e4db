/** `diff`: what a pull request does to the machines, from two revisions of a git repository read without running git on it. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { diffMarkdown, RevisionError, runDiff, summary, type ModelDiff } from '../../scripts/diff/index.ts';
import { code } from '../../scripts/diff/diff-markdown.ts';
import { checkoutRevision, findRepository, removeCheckout, resolveRevision } from '../../scripts/diff/git-revision.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/diff-pr');
const repo = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-diff-'));
after(() => rmSync(repo, { recursive: true, force: true }));

/** A repository whose first commit is the fixture's base and whose second is its head. */
const gitRun = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });
gitRun('init', '-q', '-b', 'main');
cpSync(path.join(FIXTURE, 'base'), repo, { recursive: true });
gitRun('add', '-A');
gitRun('commit', '-q', '-m', 'base');
gitRun('tag', 'v1');
rmSync(path.join(repo, 'hosts'), { recursive: true });
cpSync(path.join(FIXTURE, 'head'), repo, { recursive: true });
gitRun('add', '-A');
gitRun('commit', '-q', '-m', 'head');

const config = parseConfig({});

test('the three changes of the pull request, and nothing else, in Markdown with links and in JSON', async () => {
  const result = await runDiff({ flake: repo, config, base: 'HEAD~1', head: 'HEAD' });
  const d = result.diff;
  assert.deepEqual(d.access, { changed: [{ secret: 'db-password', gained: [], lost: ['web'] }], added: [], removed: [], uses: [] });
  assert.deepEqual(d.options.changed.map((o) => [o.name, o.fields]), [['lab.backup.keep', [{ field: 'default', before: '7', after: '14' }]]]);
  assert.deepEqual(d.options.added, []);
  assert.deepEqual(d.options.removed, []);
  assert.deepEqual(d.hosts.added, []);
  assert.deepEqual(d.hosts.removed, []);
  assert.deepEqual(
    d.hosts.changed.map((h) => [h.name, h.profilesGained, h.profilesLost, h.modulesGained, h.modulesLost]),
    [['web', ['server'], [], [], []]],
  );
  // web's effective backup retention: the option's default before, the profile's mkDefault after.
  assert.deepEqual(JSON.parse(JSON.stringify(d.hosts.changed[0]!.values)), [
    {
      option: 'lab.backup.keep',
      group: 'nixos/backup',
      before: { value: '7', computed: false, origin: 'default', priority: 1500, from: [] },
      after: { value: '30', computed: false, origin: 'definitions', priority: 1000, from: [{ file: 'profiles/server.nix', line: 5, column: 14, profile: 'server' }] },
    },
  ]);
  assert.deepEqual(d.planning, { done: [], added: [], removed: [] });
  assert.deepEqual(d.warnings, { appeared: [], disappeared: [] });
  const md = summary(result, config, 'https://lab.example.org/');
  assert.equal(
    md,
    [
      '## What this change does to the machines',
      '',
      '### Access to secrets',
      '',
      '- [`db-password`](https://lab.example.org/secrets/#secret-db-password): **can no longer be decrypted by** `web`',
      '',
      '### Hosts',
      '',
      '- [`web`](https://lab.example.org/hosts/web/): gains profile [`server`](https://lab.example.org/profiles/server/)',
      '  - [`lab.backup.keep`](https://lab.example.org/options/nixos/backup/#lab.backup.keep): `7` (default) → `30` (profile [`server`](https://lab.example.org/profiles/server/), `profiles/server.nix:5`, mkDefault)',
      '',
      '### Options',
      '',
      '- [`lab.backup.keep`](https://lab.example.org/options/nixos/backup/#lab.backup.keep): default `7` → `14` (`modules/backup.nix:5`)',
      '',
    ].join('\n'),
  );
  assert.ok(md.split('\n').length < 200);
});

test('head defaults to the checkout as it is; a revision is a tag, a short hash or HEAD~N; the same tree twice is no change', async () => {
  const base = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD~1']).toString().trim();
  const fromTag = await runDiff({ flake: repo, config, base: 'v1' });
  const fromHash = await runDiff({ flake: repo, config, base });
  assert.deepEqual(fromTag.diff, fromHash.diff);
  assert.equal(fromTag.diff.access.changed.length, 1);
  const same = await runDiff({ flake: repo, config, base: 'HEAD', head: 'main' });
  assert.equal(diffMarkdown(same.diff, () => undefined), '## What this change does to the machines\n\nNo documented change.\n');
  await assert.rejects(runDiff({ flake: repo, config, base: 'HEAD~5' }), /has no parent 1/);
  await assert.rejects(runDiff({ flake: repo, config, base: 'no-such-branch' }), /no branch, tag or commit "no-such-branch"/);
  // A wrong revision is the user's to fix (the CLI says it without a stack trace), from the worker as from this thread.
  await assert.rejects(runDiff({ flake: repo, config, base: 'no-such-branch' }), RevisionError);
  await assert.rejects(runDiff({ flake: repo, config, base: 'HEAD~1', head: 'no-such-head' }), RevisionError);
  await assert.rejects(runDiff({ flake: repo, config, base: '$(touch x)' }), /is not a revision/);
});

test('git is never run in the flake: a hook or fsmonitor in its .git/config does not fire', async () => {
  const canary = path.join(repo, 'ran');
  writeFileSync(path.join(repo, '.git', 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${canary}\n`, { mode: 0o755 });
  gitRun('config', 'core.fsmonitor', `touch ${canary}`);
  await runDiff({ flake: repo, config, base: 'HEAD~1' });
  assert.throws(() => execFileSync('test', ['-e', canary]));
  gitRun('config', '--unset', 'core.fsmonitor');
});

test('names from the flake stay inside code spans: no mention, link or markup reaches the comment', () => {
  assert.equal(code('a`b'), '``a`b``');
  assert.equal(code('@team [x](javascript:1) <img>'), '`@team [x](javascript:1) <img>`');
  assert.equal(code('`x`'), '`` `x` ``');
  assert.equal(code('line one\n  line two'), '`line one line two`');
});

test('a private checkout of a revision holds exactly its files: changed, added, removed files and a file that became a folder', async () => {
  const other = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-checkout-'));
  const g = (...args: string[]) => execFileSync('git', ['-C', other, '-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });
  try {
    g('init', '-q', '-b', 'main');
    mkdirSync(path.join(other, 'same'));
    writeFileSync(path.join(other, 'same', 'kept.nix'), '{ }\n');
    writeFileSync(path.join(other, 'changed.nix'), '{ a = 1; }\n');
    writeFileSync(path.join(other, 'gone.nix'), '{ }\n');
    writeFileSync(path.join(other, 'becomes-folder'), 'x\n');
    g('add', '-A');
    g('commit', '-q', '-m', 'one');
    writeFileSync(path.join(other, 'changed.nix'), '{ a = 2; }\n');
    rmSync(path.join(other, 'gone.nix'));
    rmSync(path.join(other, 'becomes-folder'));
    mkdirSync(path.join(other, 'becomes-folder'));
    writeFileSync(path.join(other, 'becomes-folder', 'inside.nix'), '{ b = 1; }\n');
    writeFileSync(path.join(other, 'added.nix'), '{ c = 1; }\n');
    g('add', '-A');
    g('commit', '-q', '-m', 'two');
    const r = findRepository(other);
    const [one, two] = [await resolveRevision(r, 'HEAD~1'), await resolveRevision(r, 'HEAD')];
    const tree = (d: string) => readdirSync(d, { recursive: true, encoding: 'utf8' }).sort().map((f) => `${f} ${statSync(path.join(d, f)).isFile() ? readFileSync(path.join(d, f), 'utf8').trim() : '/'}`);
    const before = await checkoutRevision(r, one);
    const after = await checkoutRevision(r, two);
    assert.deepEqual(tree(before), ['becomes-folder x', 'changed.nix { a = 1; }', 'gone.nix { }', 'same /', 'same/kept.nix { }']);
    assert.deepEqual(tree(after), ['added.nix { c = 1; }', 'becomes-folder /', 'becomes-folder/inside.nix { b = 1; }', 'changed.nix { a = 2; }', 'same /', 'same/kept.nix { }']);
    removeCheckout(before);
    removeCheckout(after);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('hosts that change alike are listed once: a comment names twelve and counts the rest, the Changes page names all', () => {
  const value = (v: string) => ({ value: v, computed: false, origin: 'default' as const, priority: 1500, from: [] });
  const port = { option: 'lab.port', group: 'lab', before: value('8000'), after: value('18000') };
  const changed: ModelDiff['hosts']['changed'] = Array.from({ length: 14 }, (_, i) => ({ name: `h${String(i).padStart(2, '0')}`, class: 'nixos' as const, profilesGained: [], profilesLost: [], modulesGained: [], modulesLost: [], values: [port] }));
  changed.push({ name: 'odd', class: 'nixos', profilesGained: [], profilesLost: [], modulesGained: ['modules/x.nix'], modulesLost: [], values: [port] });
  const d: ModelDiff = {
    kind: 'modelDiff',
    access: { changed: [], added: [], removed: [], uses: [] },
    hosts: { added: [], removed: [], changed },
    options: { added: [], removed: [], changed: [] },
    planning: { done: [], added: [], removed: [] },
    warnings: { appeared: [], disappeared: [] },
  };
  const twelve = changed.slice(0, 12).map((h) => `\`${h.name}\``).join(', ');
  assert.equal(diffMarkdown(d, () => undefined), [
    '## What this change does to the machines', '', '### Hosts', '',
    `- ${twelve} and 2 more (14 hosts)`,
    '  - `lab.port`: `8000` (default) → `18000` (default)',
    '- `odd`: imports `modules/x.nix`',
    '  - `lab.port`: `8000` (default) → `18000` (default)', '',
  ].join('\n'));
  assert.match(diffMarkdown(d, () => undefined, null), /^- `h00`, [^\n]*`h12`, `h13` \(14 hosts\)$/m);
});
