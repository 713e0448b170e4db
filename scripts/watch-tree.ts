/**
 * Watches a folder tree for `dev`, in a way that survives how editors save: one non-recursive watch
 * per directory (a directory's watch sees a file replaced by rename, created or deleted, while a watch
 * on the file itself dies with its old inode), new directories watched as they appear, removed ones
 * dropped. Symlinks are never followed: only the flake's own directories are watched.
 */
import { type FSWatcher, lstatSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';

/** Names never watched: version control, build results, installed packages. */
const SKIP = /^(\.git|node_modules|result.*)$/;

/** A running tree watch. */
export interface TreeWatch {
  /** Directories watched now, relative to the root (`''` is the root). */
  directories(): string[];
  close(): void;
}

/**
 * Calls `onChange(relativePath)` for every change under `root`, however the file was written.
 * @param root the folder to watch
 * @param onChange called with the changed path relative to `root`, `/`-separated
 */
export function watchTree(root: string, onChange: (file: string) => void): TreeWatch {
  const watchers = new Map<string, FSWatcher>();
  const add = (rel: string) => {
    if (watchers.has(rel)) return;
    const abs = path.join(root, rel);
    let w: FSWatcher;
    try {
      w = watch(abs, (_event, name) => {
        const child = name ? (rel ? `${rel}/${name}` : String(name)) : rel;
        if (name && SKIP.test(String(name))) return;
        if (name) {
          // A directory that appeared (or was renamed into place) is watched with all it holds; a
          // symlink is not followed (`ln -s /usr x` would watch a whole system out of the flake).
          let isDir = false;
          try {
            isDir = lstatSync(path.join(root, child)).isDirectory();
          } catch {
            drop(child);
          }
          if (isDir) addTree(child);
        }
        onChange(child);
      });
    } catch {
      return; // gone before it could be watched
    }
    w.on('error', () => drop(rel));
    watchers.set(rel, w);
  };
  const drop = (rel: string) => {
    for (const [dir, w] of watchers) {
      if (rel === '' || dir === rel || dir.startsWith(`${rel}/`)) {
        w.close();
        watchers.delete(dir);
      }
    }
  };
  const addTree = (rel: string) => {
    add(rel);
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    // A Dirent describes the entry itself: a symlink to a directory is not `isDirectory()`.
    for (const e of entries) if (e.isDirectory() && !SKIP.test(e.name)) addTree(rel ? `${rel}/${e.name}` : e.name);
  };
  addTree('');
  return {
    directories: () => [...watchers.keys()].sort(),
    close: () => drop(''),
  };
}
