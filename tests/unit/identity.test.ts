/** The effective configuration of a build: what describes the flake being documented, and where it came from. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sourceUrl } from '../../scripts/config.ts';
import { describeIdentity, flakeDescription, originUrl, printableRemote, readGitFacts, resolveIdentity, webUrl } from '../../scripts/identity.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A temporary folder holding a flake.nix with `description`, optionally a git checkout with an origin remote. */
function fixtureFlake(options: { description?: string; remote?: string; subdir?: string; branch?: string } = {}): { repo: string; flake: string; remove(): void } {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-identity-'));
  const flake = options.subdir ? path.join(repo, options.subdir) : repo;
  mkdirSync(flake, { recursive: true });
  writeFileSync(path.join(flake, 'flake.nix'), `{\n  description = ${JSON.stringify(options.description ?? 'Someone\'s machines')};\n  outputs = { self }: { };\n}\n`);
  if (options.remote !== undefined) {
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
    git('init', '-q', '-b', options.branch ?? 'trunk');
    if (options.remote) git('remote', 'add', 'origin', options.remote);
  }
  return { repo, flake, remove: () => rmSync(repo, { recursive: true, force: true }) };
}

test('git remotes of the known forges become their web URLs, in ssh and https forms, without credentials', () => {
  const cases: [string, string | null][] = [
    ['git@github.com:someone/flake.git', 'https://github.com/someone/flake'],
    ['ssh://git@github.com/someone/flake', 'https://github.com/someone/flake'],
    ['https://github.com/someone/flake.git', 'https://github.com/someone/flake'],
    ['https://someone:ghp_secret@github.com/someone/flake.git', 'https://github.com/someone/flake'],
    ['git@gitlab.com:group/sub/flake.git', 'https://gitlab.com/group/sub/flake'],
    ['ssh://git@codeberg.org:22/someone/flake.git', 'https://codeberg.org/someone/flake'],
    ['https://codeberg.org/someone/flake', 'https://codeberg.org/someone/flake'],
    ['git@git.sr.ht:~someone/flake', 'https://git.sr.ht/~someone/flake'],
    ['https://git.sr.ht/~someone/flake', 'https://git.sr.ht/~someone/flake'],
    ['git@forgejo.example.org:someone/flake.git', 'https://forgejo.example.org/someone/flake'],
    ['git@git.example.org:someone/flake.git', null],
    ['/srv/git/flake.git', null],
    ['file:///srv/git/flake.git', null],
  ];
  for (const [remote, web] of cases) assert.equal(webUrl(remote), web, remote);
});

test('the origin URL is read from a git config file, not from other remotes', () => {
  const config = '[core]\n\tbare = false\n[remote "upstream"]\n\turl = git@github.com:other/x.git\n[remote "origin"]\n\turl = git@github.com:someone/flake.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n';
  assert.equal(originUrl(config), 'git@github.com:someone/flake.git');
  assert.equal(originUrl('[remote "upstream"]\n\turl = x\n'), null);
});

test("flake.nix's description is read as a plain string, and only then", () => {
  assert.equal(flakeDescription('{\n  description = "Alice\'s \\"boxes\\"";\n}'), 'Alice\'s "boxes"');
  assert.equal(flakeDescription('{\n  description = "x ${y}";\n}'), undefined);
  assert.equal(flakeDescription('{ outputs = _: {}; }'), undefined);
});

test('a flake with a git remote and no config gets its title and repository from itself, and nothing of the sample', () => {
  const f = fixtureFlake({ description: 'Ops boxes of someone', remote: 'git@github.com:someone/flake.git', subdir: 'nix' });
  try {
    const identity = resolveIdentity(ROOT, f.flake);
    assert.equal(identity.config.title, 'Ops boxes of someone');
    assert.equal(identity.config.description, 'Ops boxes of someone');
    assert.deepEqual(identity.config.repository, { url: 'https://github.com/someone/flake', branch: 'trunk', flakeDir: 'nix' });
    // The project config's guides and roadmap describe the sample; they do not apply here.
    assert.equal(identity.config.guides, undefined);
    assert.equal(identity.config.roadmap, 'docs/tickets.md');
    assert.equal(sourceUrl(identity.config, 'hosts/a.nix', 3), 'https://github.com/someone/flake/blob/trunk/nix/hosts/a.nix#L3');
    assert.equal(
      describeIdentity(identity),
      `flake ${path.relative(ROOT, f.flake)}: title "Ops boxes of someone" from flake.nix description; repository https://github.com/someone/flake (branch trunk, folder nix) from git remote origin; no guides folder; roadmap docs/tickets.md from default`,
    );
  } finally {
    f.remove();
  }
});

test("the flake's own flake-docs.json wins over what the flake says of itself", () => {
  const f = fixtureFlake({ remote: 'git@github.com:someone/flake.git' });
  try {
    writeFileSync(path.join(f.flake, 'flake-docs.json'), JSON.stringify({ title: 'Our fleet', guides: 'docs/runbooks', repository: { url: 'https://git.example.org/someone/flake', branch: 'prod' } }));
    const identity = resolveIdentity(ROOT, f.flake);
    assert.equal(identity.config.title, 'Our fleet');
    assert.equal(identity.config.guides, 'docs/runbooks');
    assert.deepEqual(identity.config.repository, { url: 'https://git.example.org/someone/flake', branch: 'prod', flakeDir: '' });
    assert.match(describeIdentity(identity), /title "Our fleet" from flake-docs\.json; repository https:\/\/git\.example\.org\/someone\/flake \(branch prod\) from flake-docs\.json; guides docs\/runbooks from flake-docs\.json/);
    writeFileSync(path.join(f.flake, 'flake-docs.json'), JSON.stringify({ titel: 'x' }));
    assert.throws(() => resolveIdentity(ROOT, f.flake), /flake-docs\.json is not valid:\n {2}unknown key "titel"/);
  } finally {
    f.remove();
  }
});

test('without a git checkout, or with a remote of an unknown host, there are no source links, and the first line says why', () => {
  const plain = fixtureFlake();
  const unknown = fixtureFlake({ remote: 'git@git.example.org:someone/flake.git' });
  try {
    assert.equal(resolveIdentity(ROOT, plain.flake).config.repository, undefined);
    assert.match(describeIdentity(resolveIdentity(ROOT, plain.flake)), /repository none \(not a git checkout\)/);
    assert.equal(readGitFacts(unknown.flake)?.branch, 'trunk');
    assert.match(describeIdentity(resolveIdentity(ROOT, unknown.flake)), /repository none \(the git remote "git@git\.example\.org:someone\/flake\.git" is not a known forge\)/);
  } finally {
    plain.remove();
    unknown.remove();
  }
});

test('the project config still describes the flake it names', () => {
  const identity = resolveIdentity(ROOT, undefined);
  assert.equal(identity.config.title, 'Systems flake');
  assert.equal(identity.config.repository?.url, 'https://github.com/example/systems');
  assert.equal(identity.config.guides, 'docs/guides');
  assert.match(describeIdentity(identity), /^flake flake-src: title "Systems flake" from flake-docs\.config\.json; repository https:\/\/github\.com\/example\/systems \(branch main, folder flake-src\) from flake-docs\.config\.json/);
});

test('control characters of a description and odd branch names never reach the title or the links', () => {
  assert.equal(flakeDescription('{\n  description = "a\\u001b[31mb\\nc"; }'.replace('\\u001b', '\u001b')), 'a [31mb c');
  const f = fixtureFlake({ remote: 'git@github.com:someone/flake.git' });
  try {
    writeFileSync(path.join(f.repo, '.git/HEAD'), 'ref: refs/heads/x\u001b]8;;evil\n');
    assert.deepEqual(resolveIdentity(ROOT, f.flake).config.repository, { url: 'https://github.com/someone/flake', branch: 'HEAD', flakeDir: '' });
  } finally {
    f.remove();
  }
});

test('a remote is printed without user, password, query or fragment, whatever it holds', () => {
  const cases: [string, string][] = [
    ['https://someone:ghp_TOKEN@git.example.org/o/flake.git', 'https://git.example.org/o/flake.git'],
    // A raw `@` in the password: the host is after the last one, as git and browsers read it.
    ['https://someone:p@ss@TOKEN@git.example.org/o/flake', 'https://git.example.org/o/flake'],
    ['https://git.example.org/o/flake.git?private_token=TOKEN#TOKEN', 'https://git.example.org/o/flake.git'],
    ['ssh://TOKEN@git.example.org:2222/o/flake', 'ssh://git.example.org:2222/o/flake'],
    ['TOKEN@git.example.org:o/flake.git', 'git.example.org:o/flake.git'],
    ['git@git.example.org:o/flake.git', 'git@git.example.org:o/flake.git'],
    ['/srv/git/flake.git', '/srv/git/flake.git'],
    ['https://TOKEN@[not a url', 'a remote that is not a URL'],
  ];
  for (const [remote, shown] of cases) assert.equal(printableRemote(remote), shown, remote);
});

test('the build\'s first line names an unknown forge\'s remote without its token, and shows control characters as symbols', () => {
  const f = fixtureFlake({ description: 'x', remote: 'https://me:p@ss@TOKEN@git.example.org/o/flake.git?token=TOKEN' });
  try {
    writeFileSync(path.join(f.flake, 'flake-docs.json'), JSON.stringify({ title: 'Ops\u001b]0;pwned\u0007\u009b31m' }));
    const line = describeIdentity(resolveIdentity(ROOT, f.flake));
    assert.doesNotMatch(line, /TOKEN|p@ss|[\u0000-\u001f\u007f-\u009f]/);
    assert.match(line, /title "Ops\\u001b\]0;pwned\\u0007\\x9b31m"/);
    assert.match(line, /the git remote "https:\/\/git\.example\.org\/o\/flake\.git" is not a known forge/);
  } finally {
    f.remove();
  }
});

test('a .git file whose gitdir points out of the checkout is not followed; a real linked worktree is', () => {
  const f = fixtureFlake({ description: 'x' });
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-elsewhere-'));
  try {
    // What a hostile flake can write: a .git file naming a folder outside, which holds a git-like config.
    writeFileSync(path.join(elsewhere, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(path.join(elsewhere, 'config'), '[remote "origin"]\n\turl = git@github.com:elsewhere/secret.git\n');
    writeFileSync(path.join(f.repo, '.git'), `gitdir: ${elsewhere}\n`);
    assert.equal(readGitFacts(f.flake), undefined);
    // The same folder made a real worktree of it: its own gitdir file names the checkout's .git back.
    writeFileSync(path.join(elsewhere, 'gitdir'), `${path.join(f.repo, '.git')}\n`);
    assert.deepEqual(readGitFacts(f.flake), { remote: 'git@github.com:elsewhere/secret.git', url: 'https://github.com/elsewhere/secret', branch: 'main', flakeDir: '' });
    // A gitdir inside the checkout is followed, but its commondir may not lead out.
    rmSync(path.join(elsewhere, 'gitdir'));
    mkdirSync(path.join(f.repo, 'inner'));
    writeFileSync(path.join(f.repo, 'inner', 'HEAD'), 'ref: refs/heads/dev\n');
    writeFileSync(path.join(f.repo, 'inner', 'commondir'), `${elsewhere}\n`);
    writeFileSync(path.join(f.repo, '.git'), 'gitdir: inner\n');
    assert.deepEqual(readGitFacts(f.flake), { remote: null, url: null, branch: 'dev', flakeDir: '' });
    assert.equal(realpathSync(f.flake), realpathSync(f.repo));
  } finally {
    f.remove();
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
