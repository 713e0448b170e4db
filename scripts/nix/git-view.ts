/**
 * What Nix's flake evaluation sees of a git checkout: only the files in git's index (tracked or
 * staged), read from the working tree. The index is read with isomorphic-git (never by running git,
 * whose config a checkout controls); a flake outside git, one whose flake.nix git does not track, or
 * whose index cannot be read, is seen whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { findRepository } from '../diff/git-revision.ts';

/** The files git tracks under the flake, relative to its root with POSIX separators, and the folders holding them. */
export interface GitView {
  files: Set<string>;
  dirs: Set<string>;
}

/**
 * The flake's files in git's index, or undefined when the flake is not in a git checkout with an index.
 * @param root absolute path of the flake
 */
export async function readGitView(root: string): Promise<GitView | undefined> {
  let repo;
  try {
    repo = findRepository(root);
  } catch {
    return undefined;
  }
  if (!fs.existsSync(path.join(repo.headGitdir, 'index'))) return undefined;
  const top = repo.flakeDir ? path.resolve(root, ...repo.flakeDir.split('/').map(() => '..')) : root;
  let listed: string[];
  try {
    listed = await git.listFiles({ fs, dir: top, gitdir: repo.headGitdir });
  } catch {
    return undefined;
  }
  const prefix = repo.flakeDir ? `${repo.flakeDir}/` : '';
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const f of listed) {
    if (!f.startsWith(prefix)) continue;
    const rel = f.slice(prefix.length);
    files.add(rel);
    for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) dirs.add(rel.slice(0, i));
  }
  // A flake whose flake.nix git does not track (a scratch or ignored folder inside some checkout) is not
  // a git flake to Nix either: it is read as a folder, whole.
  if (!files.has('flake.nix')) return undefined;
  return { files, dirs };
}
