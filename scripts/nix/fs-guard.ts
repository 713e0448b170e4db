/**
 * Reading files of an untrusted flake without blocking or escaping it: only regular files are read
 * (a FIFO would block forever, a device could stream without end), never larger than
 * `MAX_READ_BYTES`, and, when a root is given, never through a symlink that leaves it.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** The largest file read from the flake (a module or data file this big is a mistake or an attack). */
export const MAX_READ_BYTES = 32 * 1024 * 1024;

/** A size limit in words: "32 MiB", "1 MiB", "64 KiB". */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
}

/** A file's text, or why it was not read (`missing` when it does not exist or cannot be opened). */
export type FileRead = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

/** What a non-regular file is, in words: "a FIFO", "a directory"… */
export function describeFileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** True when `real` is `root` or lies inside it (both already resolved). */
function within(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Reads a file as UTF-8 when it is a regular file of reasonable size (inside `root`, if given).
 * @param abs absolute path of the file
 * @param root when given, the file's real path (symlinks resolved) must lie inside this folder's
 * @param maxBytes the largest file read
 */
export function readRegularFile(abs: string, root?: string, maxBytes = MAX_READ_BYTES): FileRead {
  let st: Stats;
  try {
    st = statSync(abs);
  } catch {
    return { ok: false, missing: true, reason: 'does not exist' };
  }
  if (!st.isFile()) return { ok: false, missing: false, reason: `is ${describeFileKind(st)}, not a regular file` };
  if (root !== undefined) {
    let real: string;
    let realRoot: string;
    try {
      // The system's realpath: one call, where Node's own walks every component with lstat.
      real = realpathSync.native(abs);
      realRoot = realpathSync.native(root);
    } catch {
      return { ok: false, missing: true, reason: 'cannot be resolved' };
    }
    if (!within(real, realRoot)) return { ok: false, missing: false, reason: 'is a symlink to a file outside the flake' };
  }
  if (st.size > maxBytes) return { ok: false, missing: false, reason: `is larger than ${sizeText(maxBytes)}` };
  let fd: number;
  try {
    // O_NONBLOCK: if the file was swapped for a FIFO since the stat, opening it still returns at once.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return { ok: false, missing: true, reason: 'cannot be opened' };
  }
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) return { ok: false, missing: false, reason: `is ${describeFileKind(again)}, not a regular file` };
    if (again.size > maxBytes) return { ok: false, missing: false, reason: `is larger than ${sizeText(maxBytes)}` };
    // Read at most one byte past the limit: a file that reports a small size and streams more
    // (/proc files say 0) is refused rather than read to its end.
    const cap = maxBytes + 1;
    let buf = Buffer.alloc(Math.min(cap, again.size + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length >= cap) break;
        const bigger = Buffer.alloc(Math.min(cap, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > maxBytes) return { ok: false, missing: false, reason: `is larger than ${sizeText(maxBytes)}` };
    return { ok: true, text: buf.subarray(0, n).toString('utf8') };
  } catch {
    return { ok: false, missing: true, reason: 'cannot be read' };
  } finally {
    closeSync(fd);
  }
}

/** One entry of a flake's file tree: a regular file, a symlink (never followed), or a FIFO, socket or device. */
export interface FlakeEntry {
  /** Path relative to the listed folder, POSIX separators. */
  rel: string;
  kind: 'file' | 'symlink' | 'special';
}

/** Folders no listing enters: version control, installed packages, `nix build` results. */
const SKIPPED_DIRS = /^(\.git|node_modules|result.*)$/;

/**
 * Every file below `dir`, sorted: walked with an explicit stack (no depth limit to overflow), never
 * through a symlink (Node's recursive readdir follows them out of the flake), skipping `.git`,
 * `node_modules` and `result*`, and stopping after `limit` entries.
 * @param dir absolute path of the folder
 * @param limit the most entries looked at
 */
export function listFlakeFiles(dir: string, limit = 200_000): FlakeEntry[] {
  const out: FlakeEntry[] = [];
  const stack: [string, string][] = [[dir, '']];
  let seen = 0;
  while (stack.length && seen < limit) {
    const [abs, rel] = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > limit) break;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.test(e.name)) stack.push([path.join(abs, e.name), r]);
      } else out.push({ rel: r, kind: e.isFile() ? 'file' : e.isSymbolicLink() ? 'symlink' : 'special' });
    }
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
