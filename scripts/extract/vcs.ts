/**
 * Which version control keeps the flake: Jujutsu (a `.jj` folder, also when colocated with `.git`) or
 * git, found by walking up from the flake as both tools do. Runbooks print that tool's commands.
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';

/** `jj`, `git`, or null when the flake is in neither kind of checkout. */
export type VersionControl = 'jj' | 'git' | null;

/** Whether `p` exists, without following a symlink. */
function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The version control of the checkout holding `root`: the nearest folder with `.jj` or `.git`; a
 * colocated Jujutsu repository has both, and is driven with jj.
 * @param root absolute path of the flake
 */
export function versionControl(root: string): VersionControl {
  let dir = path.resolve(root);
  for (let depth = 0; depth < 64; depth++) {
    if (exists(path.join(dir, '.jj'))) return 'jj';
    if (exists(path.join(dir, '.git'))) return 'git';
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
