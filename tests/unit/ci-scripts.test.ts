/**
 * The pull-request recipe's shell step (scripts/ci/pr-comment.sh) against a repository with two
 * commits: the real `diff` output becomes ONE comment, created on the first run and updated on the
 * next, through a `gh api` stand-in that keeps the pull request's comments and records every call.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'scripts/flake-docs.mjs');
const SCRIPT = path.join(ROOT, 'scripts/ci/pr-comment.sh');
const MARKER = '<!-- flake-docs: what this change does to the machines -->';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-ci-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// The fixture's pull request as two commits.
const repo = path.join(tmp, 'systems');
const fixture = path.join(ROOT, 'tests/fixtures/diff-pr');
const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });
cpSync(path.join(fixture, 'base'), repo, { recursive: true });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'base');
rmSync(path.join(repo, 'hosts'), { recursive: true });
cpSync(path.join(fixture, 'head'), repo, { recursive: true });
git('add', '-A');
git('commit', '-q', '-m', 'head');

/**
 * A `gh api` stand-in: the pull request's comments in a JSON file; a GET lists the ids its `--jq`
 * filter selects (comments whose body starts with the quoted marker), POST adds one, PATCH replaces
 * one's body read from `-F body=@FILE`. Each call's arguments are appended to a log.
 */
const FAKE = `
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
const [state, log] = [process.env.FAKE_STATE, process.env.FAKE_LOG];
const args = process.argv.slice(2);
appendFileSync(log, JSON.stringify(args) + '\\n');
const comments = JSON.parse(readFileSync(state, 'utf8'));
const opt = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const route = args.find((a) => a.startsWith('repos/'));
const body = () => readFileSync(opt('-F').replace(/^body=@/, ''), 'utf8');
const method = opt('--method') ?? 'GET';
if (method === 'GET') {
  const prefix = JSON.parse(/startswith\\(("(?:[^"\\\\]|\\\\.)*")\\)/.exec(opt('--jq'))[1]);
  for (const c of comments) if (c.body.startsWith(prefix)) console.log(c.id);
} else if (method === 'POST' && /^repos\\/[^/]+\\/[^/]+\\/issues\\/\\d+\\/comments$/.test(route)) {
  comments.push({ id: 100 + comments.length, user: 'github-actions[bot]', body: body() });
} else if (method === 'PATCH' && /^repos\\/[^/]+\\/[^/]+\\/issues\\/comments\\/\\d+$/.test(route)) {
  const c = comments.find((x) => x.id === Number(route.split('/').pop()));
  if (!c) { console.error('HTTP 404'); process.exit(1); }
  c.body = body();
} else { console.error('unexpected call'); process.exit(1); }
writeFileSync(state, JSON.stringify(comments));
`;
const fake = path.join(tmp, 'fake-gh.mjs');
writeFileSync(fake, FAKE);
const state = path.join(tmp, 'comments.json');
const log = path.join(tmp, 'calls.log');

/** The Markdown `flake-docs diff` prints for two revisions, as the workflow's step writes it. */
function diffFile(base: string, head: string, name: string): string {
  const out = execFileSync(process.execPath, [CLI, 'diff', '--flake', repo, '--base', base, '--head', head, '--site-url', 'https://lab.example.org/'], { cwd: ROOT, encoding: 'utf8' });
  const file = path.join(tmp, name);
  writeFileSync(file, out);
  return file;
}

function comment(file: string, env: Record<string, string> = {}) {
  return spawnSync('sh', [SCRIPT, file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GH_API: `${process.execPath} ${fake}`, REPOSITORY: 'lab/systems', PR: '7', FAKE_STATE: state, FAKE_LOG: log, ...env },
  });
}

const calls = () => readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
const comments = () => JSON.parse(readFileSync(state, 'utf8')) as { id: number; user: string; body: string }[];

test('the diff becomes one comment on the pull request: created once, then updated in place; other comments untouched', { timeout: 120_000 }, () => {
  writeFileSync(state, JSON.stringify([{ id: 1, user: 'alice', body: 'Looks fine to me.' }]));
  writeFileSync(log, '');
  const change = diffFile('HEAD~1', 'HEAD', 'change.md');
  assert.match(readFileSync(change, 'utf8'), /^- \[`db-password`\]\(https:\/\/lab\.example\.org\/secrets\/#secret-db-password\): \*\*can no longer be decrypted by\*\* `web`$/m);

  const first = comment(change);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, 'pr-comment: created a comment\n');
  assert.deepEqual(comments(), [
    { id: 1, user: 'alice', body: 'Looks fine to me.' },
    { id: 101, user: 'github-actions[bot]', body: `${MARKER}\n${readFileSync(change, 'utf8')}` },
  ]);
  const [list, post] = calls();
  assert.deepEqual(list!.slice(0, 2), ['--paginate', 'repos/lab/systems/issues/7/comments']);
  assert.deepEqual(post!.slice(0, 3), ['--method', 'POST', 'repos/lab/systems/issues/7/comments']);

  // The next push: the same comment now says what the new head does (here, nothing).
  const none = diffFile('HEAD', 'HEAD', 'none.md');
  const second = comment(none);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, 'pr-comment: updated comment 101\n');
  assert.deepEqual(comments(), [
    { id: 1, user: 'alice', body: 'Looks fine to me.' },
    { id: 101, user: 'github-actions[bot]', body: `${MARKER}\n## What this change does to the machines\n\nNo documented change.\n` },
  ]);
  assert.deepEqual(calls().slice(2).map((c) => c.slice(0, 3)), [
    ['--paginate', 'repos/lab/systems/issues/7/comments', '--jq'],
    ['--method', 'PATCH', 'repos/lab/systems/issues/comments/101'],
  ]);
});

test('a malformed pull request number or repository stops the script before any call', () => {
  writeFileSync(log, '');
  const file = path.join(tmp, 'empty.md');
  writeFileSync(file, 'x\n');
  const badPr = comment(file, { PR: '7; rm -rf /' });
  assert.equal(badPr.status, 2);
  assert.match(badPr.stderr, /PR must be a number/);
  const badRepo = comment(file, { REPOSITORY: '../../user' });
  assert.equal(badRepo.status, 2);
  assert.match(badRepo.stderr, /REPOSITORY must be owner\/name/);
  assert.equal(readFileSync(log, 'utf8'), '');
});

test('a summary longer than a comment holds is replaced by a pointer to the job log', () => {
  writeFileSync(state, '[]');
  writeFileSync(log, '');
  const long = path.join(tmp, 'long.md');
  writeFileSync(long, `${'- `x`\n'.repeat(20_000)}`);
  const r = comment(long);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(comments().map((c) => c.body), [`${MARKER}\nThe summary of this change is too long for a comment: see the job log of the workflow run.\n`]);
});
