/** Turns the model into the generated MDX pages the site reads, all links through one router. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type SiteConfig, sourceUrl } from '../config.ts';
import type { FlakeModel } from '../model/index.ts';
import { indexSettings } from '../model/settings.ts';
import type { RenderContext } from './context.ts';
import { renderDiagnostics } from './diagnostics.ts';
import { renderGuides } from './guides.ts';
import { renderHosts } from './hosts.ts';
import type { GeneratedPage } from './mdx.ts';
import { renderOptions } from './options.ts';
import { createRouter, type EntityRef, type Router } from './router.ts';
import { renderRunbooks } from './runbooks.ts';
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
  return createRouter(base, { secretPages: secretPages(model.secrets.secrets) });
}

/**
 * Renders every page of the site from the model.
 * @param model the extracted flake
 * @param config the site configuration (base path, repository links)
 */
export function renderSite(model: FlakeModel, config: SiteConfig): GeneratedPage[] {
  const ctx: RenderContext = { model, router: siteRouter(model, config.base), config, settings: indexSettings(model.options, model.hosts, model.profiles) };
  return [
    ...renderOptions(ctx),
    ...renderHosts(ctx),
    ...renderSecrets(ctx),
    ...renderDiagnostics(ctx),
    ...(model.roadmap ? renderRoadmap(model.roadmap, { router: ctx.router, mentions: mentionsOf(model), config: ctx.config }) : []),
    ...renderGuides(model.guides, ctx.router, { model, router: ctx.router, source: (file) => sourceUrl(config, file) }),
    ...renderRunbooks(ctx),
  ];
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
    if (wanted.has(page.path)) throw new Error(`two generated pages share the path ${page.path}`);
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
