/**
 * Warms the dev server before `dev` says it is ready: it requests the first pages, then every module
 * script they load and, transitively, the modules those import (same origin only). Vite optimizes
 * dependencies as it first meets them; on a fresh clone that took the reader's first page request
 * 11–26 s. Done here, the reader's first request finds the work done.
 */

/** Up to how many module URLs the warm-up requests: the site's scripts are a few dozen. */
export const WARM_MODULES_MAX = 300;

/** The same-origin module URLs an HTML page or a served JavaScript module loads: `src="…"` of module scripts, and static and dynamic imports. */
export function moduleUrls(body: string, from: URL): URL[] {
  const found = new Set<string>();
  for (const m of body.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) found.add(m[1]!);
  for (const m of body.matchAll(/\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add((m[1] ?? m[2])!);
  const urls: URL[] = [];
  for (const spec of found) {
    if (!/^(\/|\.\.?\/)/.test(spec)) continue; // bare names are not served as such in dev; Vite rewrites the ones it serves
    const url = new URL(spec.replace(/&amp;/g, '&'), from);
    if (url.origin === from.origin) urls.push(url);
  }
  return urls;
}

/**
 * Requests `pages` of the dev server at `base`, then their modules, breadth first.
 * @returns how many pages and modules were requested, and how long it took
 */
export async function warmUpDevServer(base: string, pages: string[]): Promise<{ pages: number; modules: number; ms: number }> {
  const start = performance.now();
  const seen = new Set<string>();
  let queue: URL[] = [];
  for (const p of pages) {
    const url = new URL(p, base);
    const res = await fetch(url).catch(() => undefined);
    if (res?.ok) queue.push(...moduleUrls(await res.text(), url));
  }
  while (queue.length && seen.size < WARM_MODULES_MAX) {
    const batch = queue.filter((u) => !seen.has(u.href)).slice(0, WARM_MODULES_MAX - seen.size);
    batch.forEach((u) => seen.add(u.href));
    const bodies = await Promise.all(batch.map((u) => fetch(u).then((r) => (r.ok ? r.text() : ''), () => '')));
    queue = batch.flatMap((u, i) => moduleUrls(bodies[i]!, u));
  }
  // Dependencies met in the modules re-optimize and invalidate what the first page requests compiled: compile them again now.
  for (const p of pages) await fetch(new URL(p, base)).then((r) => r.text(), () => '');
  return { pages: pages.length, modules: seen.size, ms: performance.now() - start };
}
