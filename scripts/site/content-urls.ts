/** The URL paths of the site's hand-written content/ pages, which generated pages may link to. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../files-under.ts';
import { GENERATED_DIR } from '../render/index.ts';

/**
 * The URL path of every page under content/ (generated pages left out), as Starlight serves them.
 * @param root the project folder
 * @param base the site's base path
 */
export function contentUrls(root: string, base: string): Set<string> {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const dir = path.join(root, 'content');
  const urls = new Set<string>([`${prefix}404/`, `${prefix}404.html`]);
  if (!existsSync(dir)) return urls;
  for (const file of filesUnder(dir)) {
    if (file.startsWith(`${path.basename(GENERATED_DIR)}/`) || !/\.mdx?$/.test(file)) continue;
    const slug = file.replace(/(^|\/)index\.mdx?$|\.mdx?$/, '');
    urls.add(slug ? `${prefix}${slug}/` : prefix);
  }
  return urls;
}
