/** Turns the model into the generated MDX pages the site reads, all links through one router. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type SiteConfig, sourceUrl } from '../config.ts';
import type { FlakeModel, Host } from '../model/index.ts';
import { hostAccess } from '../model/secrets.ts';
import { invisibleMarker } from '../model/names.ts';
import { hostKey, siteSlugs } from '../model/slugs.ts';
import { indexSettings } from '../model/settings.ts';
import { hasCommands, renderCommands } from './commands.ts';
import type { RenderContext } from './context.ts';
import { renderDiagnostics } from './diagnostics.ts';
import { renderGuides } from './guides.ts';
import { renderHosts } from './hosts.ts';
import type { GeneratedPage } from './mdx.ts';
import { renderOptions } from './options.ts';
import { createRouter, type EntityRef, type Router } from './router.ts';
import { applicableRunbooks, renderRunbooks, RUNBOOKS } from './runbooks.ts';
import { renderSecrets, secretPages } from './secrets.ts';
import { renderRoadmap } from './tickets.ts';

/** Where generated pages go, relative to the project root; Starlight reads it with the hand-written guides. */
export const GENERATED_DIR = 'content/generated';

/** Names that ticket text may mention, with the page each links to: hosts, profiles and module files. */
export function mentionsOf(model: FlakeModel): { name: string; ref: EntityRef }[] {
  const mentions: { name: string; ref: EntityRef }[] = [
    ...model.hosts.map((h) => ({ name: h.name, ref: { kind: 'host', name: h.name } as EntityRef })),
    ...model.profiles.map((p) => ({ name: `${p.name} profile`, ref: { kind: 'profile', name: p.name } as EntityRef })),
  ];
  for (const group of new Set(model.options.map((o) => o.group))) {
    mentions.push({ name: `modules/${group}`, ref: { kind: 'optionGroup', group } });
  }
  return mentions;
}

/**
 * The site's router for this model: it knows which page of secrets each secret is on.
 * @param model the extracted flake
 * @param base the site's base path
 */
export function siteRouter(model: FlakeModel, base: string): Router {
  const pages = secretPages(model.secrets.secrets);
  return createRouter(base, { secretPages: pages, slugs: siteSlugs(model), present: presence(model, pages) });
}

/**
 * Which references this model's build has a page (or anchor) for, so that a page that may be absent
 * (no hosts, no secrets, no roadmap, a secret a host declares that no secrets file names) is linked
 * only when present. It mirrors what `renderSite` generates.
 */
function presence(model: FlakeModel, secretPageOf: ReadonlyMap<string, number>): (ref: EntityRef) => boolean {
  const hosts = new Set(model.hosts.map((h) => hostKey(h)));
  const hostNames = new Set(model.hosts.map((h) => h.name));
  const profiles = new Set(model.profiles.map((p) => p.path));
  const profileNames = new Set(model.profiles.map((p) => p.name));
  const secrets = new Set(model.secrets.secrets.map((s) => s.id));
  const runbooks = new Set<string>([...applicableRunbooks(model)].map((k) => RUNBOOKS[k].id));
  const tickets = new Set(model.roadmap?.documents.flatMap((d) => d.tickets.map((t) => t.id)) ?? []);
  const groups = new Set(model.options.map((o) => o.group));
  const secretPageCount = Math.max(0, ...secretPageOf.values());
  const host = (name: string, cls: Host['class'] | undefined) => (cls ? hosts.has(hostKey({ class: cls, name })) : hostNames.has(name));
  return (ref) => {
    switch (ref.kind) {
      case 'host':
      case 'recovery':
        return host('name' in ref ? ref.name : ref.host, ref.class);
      case 'secretAccess': {
        if (!host(ref.host, ref.class)) return false;
        const a = hostAccess(model.secrets, ref.host);
        return a.canRead.length > 0 || a.uses.length > 0;
      }
      case 'profile':
        return ref.path !== undefined ? profiles.has(ref.path) : profileNames.has(ref.name);
      case 'profiles':
        return profiles.size > 0;
      case 'secret':
        return secrets.has(ref.id);
      case 'secretsPage':
        return ref.page >= 1 && ref.page <= secretPageCount;
      case 'secretAnchors':
        return secretPageCount > 0;
      case 'runbook':
        return runbooks.has(ref.id);
      case 'option':
      case 'optionGroup':
        return groups.has(ref.group);
      case 'ticket':
        return tickets.has(ref.id);
      case 'commands':
        return hasCommands(model.commands);
      case 'tickets':
      case 'ticketsPage':
      case 'roadmap':
      case 'roadmapGraph':
      case 'roadmapGantt':
      case 'epic':
        return model.roadmap !== null;
      default:
        return true;
    }
  };
}

/**
 * Renders every page of the site from the model.
 * @param model the extracted flake
 * @param config the site configuration (base path, repository links)
 */
export function renderSite(model: FlakeModel, config: SiteConfig): GeneratedPage[] {
  const ctx: RenderContext = { model, router: siteRouter(model, config.base), config, settings: indexSettings(model.options, model.hosts, model.profiles) };
  const by = (generator: string, pages: GeneratedPage[]) => pages.map((p) => ({ ...p, generator: `scripts/render/${generator}`, content: p.content.replace(BIDI, invisibleMarker) }));
  return [
    ...by('options.ts', renderOptions(ctx)),
    ...by('hosts.ts', renderHosts(ctx)),
    ...by('secrets.ts', renderSecrets(ctx)),
    ...by('diagnostics.ts', renderDiagnostics(ctx)),
    ...by('tickets.ts', model.roadmap ? renderRoadmap(model.roadmap, { router: ctx.router, mentions: mentionsOf(model), config: ctx.config }) : []),
    ...by('guides.ts', renderGuides(model.guides, ctx.router, { model, router: ctx.router, source: (file) => sourceUrl(config, file) })),
    ...by('runbooks.ts', renderRunbooks(ctx)),
    ...by('commands.ts', renderCommands(ctx)),
  ];
}

/**
 * Bidirectional embeddings, overrides and isolates, wherever they are left in a page (in prose such
 * as a description, which is rendered, not escaped as names are): shown as markers, so none reaches
 * the site to reorder what a reader sees.
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** The site's URL path of each generated page (`/hosts/web/`) → the renderer that made it. */
export function generatedUrls(pages: GeneratedPage[], base: string): Map<string, string> {
  return new Map(pages.map((p) => [pageUrl(p, base), p.generator ?? 'scripts/render']));
}

/** The URL path a generated page is served at: its frontmatter's slug, else its file's path. */
export function pageUrl(page: GeneratedPage, base: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const slug = /^slug: "((?:[^"\\]|\\.)*)"$/m.exec(page.content)?.[1];
  const url = slug === undefined ? page.path.replace(/(^|\/)index\.mdx?$|\.mdx?$/, '') : (JSON.parse(`"${slug}"`) as string);
  return url === '' || url === 'index' ? prefix : `${prefix}${url.replace(/\/$/, '')}/`;
}

/**
 * Makes the generated folder hold exactly `pages`, rewriting only files whose content changed (so
 * `dev` reloads only what changed); returns how many pages there are.
 * @param pages the pages
 * @param dir the generated folder
 * @param keep other files of the folder that stay (the compiled pages)
 */
export function writeGenerated(pages: GeneratedPage[], dir: string, keep: string[] = []): number {
  const wanted = new Set<string>();
  for (const page of pages) {
    // The router gives every thing its own slug (model/slugs.ts): two pages at one path are a bug of ours.
    if (wanted.has(page.path)) throw new Error(`two generated pages share the path ${page.path}${page.generator ? ` (made by ${page.generator})` : ''}`);
    wanted.add(page.path);
    const file = path.join(dir, page.path);
    const { content } = page;
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  for (const k of keep) wanted.add(k);
  if (existsSync(dir)) {
    for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(dir, rel);
      if (!wanted.has(rel.split(path.sep).join('/')) && statSync(file).isFile()) rmSync(file);
    }
  }
  return pages.length;
}
