/**
 * A revision of the flake, read from git's objects without running git: a checkout's `.git/config`
 * can name programs git would run (`core.fsmonitor`, hooks), so the flake's repository is only ever
 * read, with isomorphic-git. The flake's folder at that revision is written to a private temporary
 * folder, where it is extracted like any other flake.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { resolveGitDir } from '../identity.ts';

/** The most files and bytes a revision may hold before it is refused: bounds the work on a huge repository. */
const MAX_FILES = 200_000;
const MAX_BYTES = 1024 * 1024 * 1024;

/** Where a flake's repository keeps its objects, and where the flake sits in its tree. */
export interface FlakeRepository {
  /** The git directory (`.git`, or the common directory of a linked worktree). */
  gitdir: string;
  /** The git directory of the checkout itself (differs from `gitdir` in a linked worktree): its HEAD. */
  headGitdir: string;
  /** The flake's folder relative to the top of the repository (`''` at the top). */
  flakeDir: string;
}

/** A problem with a revision or a repository, said to the user without a stack trace. */
export class RevisionError extends Error {}

/**
 * Finds the repository holding the flake, walking up from it as git does. A `.git` file (a linked
 * worktree) is followed to its git directory.
 * @param flake absolute path of the flake
 */
export function findRepository(flake: string): FlakeRepository {
  let dir = path.resolve(flake);
  for (let depth = 0; depth < 64; depth++) {
    const dotGit = path.join(dir, '.git');
    if (existsSync(dotGit)) {
      const headGitdir = gitDirOf(dotGit, dir);
      const common = readIfFile(path.join(headGitdir, 'commondir'));
      const gitdir = common ? path.resolve(headGitdir, common.trim()) : headGitdir;
      return { gitdir, headGitdir, flakeDir: path.relative(dir, path.resolve(flake)).split(path.sep).join('/') };
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new RevisionError(`${flake} is not in a git repository: --base needs the flake's history`);
}

/** The git directory of a `.git` entry, followed as identity.ts follows it: inside the checkout, or to a real linked worktree. */
function gitDirOf(dotGit: string, checkout: string): string {
  const dir = resolveGitDir(dotGit, checkout);
  if (!dir) throw new RevisionError(`${dotGit} is neither a git directory nor a "gitdir:" file of this checkout`);
  return dir;
}

function readIfFile(file: string): string | undefined {
  try {
    return lstatSync(file).isFile() && lstatSync(file).size < 65_536 ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The commit a revision names: a full or abbreviated hash, `HEAD`, a branch, tag or remote branch
 * (`main`, `v1`, `origin/main`), each optionally followed by `~N`, `^` or `^N` steps.
 * @param repo the repository
 * @param rev the revision as the user wrote it
 */
export async function resolveRevision(repo: FlakeRepository, rev: string): Promise<string> {
  const m = /^(.+?)((?:[~^]\d*)*)$/.exec(rev.trim());
  if (!m || !/^[\w./@+-]+$/.test(m[1]!)) throw new RevisionError(`"${rev}" is not a revision (a commit hash, branch, tag or HEAD, with ~N or ^N)`);
  const [, name, steps] = m as unknown as [string, string, string];
  let oid: string;
  try {
    oid = name === 'HEAD' ? await git.resolveRef({ fs, gitdir: repo.headGitdir, ref: 'HEAD' }).catch(() => git.resolveRef({ fs, gitdir: repo.gitdir, ref: 'HEAD' })) : await git.resolveRef({ fs, gitdir: repo.gitdir, ref: name });
  } catch {
    if (!/^[0-9a-f]{4,40}$/i.test(name)) throw new RevisionError(`no branch, tag or commit "${name}" in ${repo.gitdir}`);
    try {
      oid = await git.expandOid({ fs, gitdir: repo.gitdir, oid: name.toLowerCase() });
    } catch {
      throw new RevisionError(`no commit "${name}" in ${repo.gitdir}`);
    }
  }
  oid = await peelToCommit(repo, oid);
  for (const step of steps.match(/[~^]\d*/g) ?? []) {
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step[0] === '~') {
      for (let i = 0; i < n; i++) oid = await parent(repo, oid, 1, rev);
    } else if (n > 0) oid = await parent(repo, oid, n, rev);
  }
  return oid;
}

/** An annotated tag's commit, or the commit itself. */
async function peelToCommit(repo: FlakeRepository, oid: string): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const { type, object } = await git.readObject({ fs, gitdir: repo.gitdir, oid, format: 'parsed' });
    if (type === 'commit') return oid;
    if (type !== 'tag') throw new RevisionError(`${oid} is a ${type}, not a commit`);
    oid = (object as { object: string }).object;
  }
  throw new RevisionError(`${oid}: too many tags in a row`);
}

async function parent(repo: FlakeRepository, oid: string, n: number, rev: string): Promise<string> {
  const { commit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid });
  const p = commit.parent[n - 1];
  if (!p) throw new RevisionError(`"${rev}": commit ${oid.slice(0, 12)} has no parent ${n}`);
  return p;
}

/**
 * Writes the flake's folder as it is at `commit` into a new private temporary folder and returns it;
 * the caller removes it (`removeCheckout`). Regular and executable files only: a symlink could point
 * out of the flake, and a submodule is not part of the tree.
 * @param repo the repository
 * @param commit the commit's hash
 */
export async function checkoutRevision(repo: FlakeRepository, commit: string): Promise<string> {
  const tree = await flakeTree(repo, commit);
  const out = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-rev-'));
  const budget = { files: MAX_FILES, bytes: MAX_BYTES };
  try {
    await writeTree(repo, tree, out, budget, { cache: {}, limit: limiter(READS_AT_ONCE) });
  } catch (error) {
    removeCheckout(out);
    throw error;
  }
  return out;
}

/** The tree of the flake's folder at `commit`. */
async function flakeTree(repo: FlakeRepository, commit: string): Promise<string> {
  const { commit: c } = await git.readCommit({ fs, gitdir: repo.gitdir, oid: commit });
  let tree = c.tree;
  for (const segment of repo.flakeDir.split('/').filter(Boolean)) {
    const entry = (await git.readTree({ fs, gitdir: repo.gitdir, oid: tree })).tree.find((e) => e.path === segment && e.type === 'tree');
    if (!entry) throw new RevisionError(`the flake's folder ${repo.flakeDir} does not exist at ${commit.slice(0, 12)}`);
    tree = entry.oid;
  }
  return tree;
}

/** How many blobs a checkout reads at once: enough to overlap disk and zlib, few enough to stay far from the open-files limit. */
const READS_AT_ONCE = 32;

/** Runs at most `n` of the functions given to it at a time. */
function limiter(n: number): <T>(run: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    while (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await run();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * Writes a tree's files under `dir`. Blobs are read a few at a time (git's reads wait on the disk
 * and on zlib, not on each other); `cache` keeps isomorphic-git's packfile indexes between reads.
 */
async function writeTree(repo: FlakeRepository, oid: string, dir: string, budget: { files: number; bytes: number }, io: { cache: object; limit: ReturnType<typeof limiter> }): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const entries = (await git.readTree({ fs, gitdir: repo.gitdir, oid, cache: io.cache })).tree;
  await Promise.all(
    entries.map(async (e) => {
      // A name git stores is one path segment; anything else would leave the folder.
      if (!e.path || e.path === '.' || e.path === '..' || e.path.includes('/') || e.path.includes('\0')) return;
      const target = path.join(dir, e.path);
      if (e.type === 'tree') await writeTree(repo, e.oid, target, budget, io);
      else if (e.type === 'blob' && (e.mode === '100644' || e.mode === '100755')) {
        if (--budget.files < 0) throw new RevisionError(`the revision holds more than ${MAX_FILES} files`);
        const { blob } = await io.limit(() => git.readBlob({ fs, gitdir: repo.gitdir, oid: e.oid, cache: io.cache }));
        budget.bytes -= blob.length;
        if (budget.bytes < 0) throw new RevisionError(`the revision holds more than ${MAX_BYTES / 1024 ** 3} GiB`);
        writeFileSync(target, blob, { mode: e.mode === '100755' ? 0o700 : 0o600 });
      }
    }),
  );
}

/** Removes a folder made by `checkoutRevision`. */
export function removeCheckout(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
