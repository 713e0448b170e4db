/**
 * The site's own hand-written pages (`content/`, outside `content/generated/`) checked against the
 * flake being built: their `host:`… links and live-data components must name things the flake has.
 * Checked by the CLI before Astro runs (Astro's content layer logs a failing page and goes on, and
 * caches rendered pages), so `check` and `build` fail with the page's file:line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type KnownNames, refProblems } from '../extract/guide-refs.ts';
import { parseGuide } from '../extract/guides.ts';
import type { FlakeModel } from '../model/index.ts';

/** The hand-written pages of the site, relative to the project root, sorted. */
export function contentPages(root: string): string[] {
  const dir = path.join(root, 'content');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => `content/${f.split(path.sep).join('/')}`)
    .filter((f) => /\.mdx?$/.test(f) && !f.startsWith('content/generated/'))
    .sort();
}

/** A page's text with its frontmatter blanked out line for line, so positions stay those of the file. */
function withoutFrontmatter(text: string): string {
  const m = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? m[0].replace(/[^\n]/g, '') + text.slice(m[0].length) : text;
}

/** Whether a page uses live data at all (a quick look before parsing). */
const LIVE = /\]\((?:host|option|secret|ticket|profile):|<(?:HostLink|ProfileLink|OptionLink|SecretLink|TicketLink|RebuildCommand|HostList)\b/;

/**
 * Every reference of the site's own pages to something the flake does not have, as
 * `content/page.md:line:col - error: …` lines.
 * @param root the project folder
 * @param names what the flake has
 */
export function checkContentRefs(root: string, names: KnownNames): string[] {
  const problems: string[] = [];
  for (const file of contentPages(root)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    if (!LIVE.test(text)) continue;
    let tree;
    try {
      tree = parseGuide(withoutFrontmatter(text), file.endsWith('.mdx') ? 'mdx' : 'md');
    } catch {
      continue; // Astro reports the syntax error itself.
    }
    for (const p of refProblems(tree, names)) problems.push(`${file}:${p.line}:${p.column} - error: ${p.message.replace('the guide refers', 'the page refers')}`);
  }
  return problems;
}

/**
 * Makes Astro render the live-data pages again when the model they read changed: Astro caches a
 * page's rendering by its own text, which does not change when a host is added. Drops Astro's data
 * store (a cache) when the digest of the model differs from the last build's.
 * @param root the project folder
 * @param model the model of this build
 * @param dataStore where Astro keeps its content cache
 * @param stamp where the last digest is kept
 */
export function refreshLiveDataPages(root: string, model: FlakeModel, dataStore: string, stamp: string): boolean {
  if (!contentPages(root).some((f) => LIVE.test(readFileSync(path.join(root, f), 'utf8')))) return false;
  const digest = createHash('sha256').update(JSON.stringify([model.hosts, model.profiles, model.options.map((o) => [o.name, o.group]), model.secrets.secrets.map((s) => s.id), model.roadmap?.documents.map((d) => d.tickets.map((t) => t.id))])).digest('hex');
  const previous = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  if (previous === digest) return false;
  // rmSync unlinks: a data store shared through a hard link elsewhere is left alone.
  rmSync(dataStore, { force: true });
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, digest);
  return true;
}
