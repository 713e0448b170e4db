/** Listing a folder's tree, for checks and measures of a built site. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every regular file under `dir`, as paths relative to it with `/` separators, in the order the tree is read. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}
