/** The pages of a built site, and how tall one may be: shared by the end-to-end tests that visit every page. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The tallest a page may be at 1280 px: past it a reader finds nothing by scrolling. */
export const MAX_PAGE_HEIGHT = 20_000;

/** Every page of a built site (redirects left out), as URL paths. */
export function sitePages(dist: string): string[] {
  const urls: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name === 'index.html' && !readFileSync(abs, 'utf8').includes('http-equiv="refresh"')) urls.push(`/${path.relative(dist, dir).split(path.sep).join('/')}/`.replace(/^\/\/$/, '/'));
    }
  };
  walk(dist);
  return urls.sort();
}
