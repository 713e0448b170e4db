/**
 * `diff`: what a change to the flake does, between two revisions of its git repository. The base is
 * read from git's objects into a private folder; the head is the checkout as it is, or another
 * revision read the same way. Both are extracted like any flake and compared by stable id.
 */
import type { SiteConfig } from '../config.ts';
import { extractFlake } from '../extract/index.ts';
import { Progress } from '../log.ts';
import type { FlakeModel } from '../model/index.ts';
import { siteRouter } from '../render/index.ts';
import { frontmatter } from '../render/mdx.ts';
import type { ParseCache } from '../nix/index.ts';
import { checkoutRevision, findRepository, removeCheckout, resolveRevision, switchCheckout } from './git-revision.ts';
import { diffMarkdown, type Linker } from './diff-markdown.ts';
import { diffModels, type ModelDiff } from './model-diff.ts';

export { RevisionError } from './git-revision.ts';
export { diffMarkdown, type Linker } from './diff-markdown.ts';
export { countChanges, diffModels, type ModelDiff } from './model-diff.ts';

/** What `diff` is asked. */
export interface DiffRequest {
  /** Absolute path of the flake (its checkout is the head unless `head` is given). */
  flake: string;
  config: SiteConfig;
  base: string;
  head?: string;
  /** Where the site is deployed, for links (default: the config's `site`). */
  siteUrl?: string;
}

/** The two models and their difference. */
export interface DiffResult {
  base: { rev: string; commit: string; model: FlakeModel };
  head: { rev: string; commit: string | null; model: FlakeModel };
  diff: ModelDiff;
}

/**
 * The Changes page of a site built with `--base`: the head is the model just extracted; links stay
 * within the site.
 * @param flake absolute path of the flake
 * @param config the site configuration
 * @param base the revision before the change
 * @param head the model of the checkout
 */
export async function changesMarkdown(flake: string, config: SiteConfig, base: string, head: FlakeModel): Promise<string> {
  const repo = findRepository(flake);
  const commit = await resolveRevision(repo, base);
  const diff = diffModels(await modelAt(flake, config, commit), head);
  const router = siteRouter(head, config.base);
  const body = diffMarkdown(diff, (ref) => router.href(ref), null);
  const front = frontmatter({ title: 'Changes', slug: router.slug({ kind: 'changes' }), description: `What the checkout changes since ${base} (${commit.slice(0, 12)}).` });
  return `${front}\n${body.replace(/^### /gm, '## ')}`;
}

/** Extracts the flake as it is at `commit`, from a private copy removed afterwards. */
async function modelAt(flake: string, config: SiteConfig, commit: string): Promise<FlakeModel> {
  const repo = findRepository(flake);
  const dir = await checkoutRevision(repo, commit);
  try {
    return (await extractFlake(dir, config, new Progress(true))).model;
  } finally {
    removeCheckout(dir);
  }
}

/**
 * Extracts the flake at two commits from one private folder, switched from the first to the second
 * in place: the files both revisions share keep their paths and are parsed once (a parse cache
 * holds a file for as long as its text is the same).
 */
async function modelsAt(flake: string, config: SiteConfig, base: string, head: string): Promise<[FlakeModel, FlakeModel]> {
  const repo = findRepository(flake);
  const dir = await checkoutRevision(repo, base);
  const parseCache: ParseCache = new Map();
  try {
    const before = (await extractFlake(dir, config, new Progress(true), parseCache)).model;
    await switchCheckout(repo, dir, base, head);
    const after = (await extractFlake(dir, config, new Progress(true), parseCache)).model;
    return [before, after];
  } finally {
    removeCheckout(dir);
  }
}

/**
 * Extracts both revisions and compares them.
 * @param req the flake, its config and the revisions
 */
export async function runDiff(req: DiffRequest): Promise<DiffResult> {
  const repo = findRepository(req.flake);
  const baseCommit = await resolveRevision(repo, req.base);
  const headCommit = req.head ? await resolveRevision(repo, req.head) : null;
  const [baseModel, headModel] = headCommit
    ? await modelsAt(req.flake, req.config, baseCommit, headCommit)
    : [await modelAt(req.flake, req.config, baseCommit), (await extractFlake(req.flake, req.config, new Progress(true))).model];
  return {
    base: { rev: req.base, commit: baseCommit, model: baseModel },
    head: { rev: req.head ?? 'the checkout', commit: headCommit, model: headModel },
    diff: diffModels(baseModel, headModel),
  };
}

/**
 * Links to the head revision's site: the router's path under the site's URL, or none when no URL is known.
 * @param model the head model (its pages are the ones linked)
 * @param config the site configuration (base path)
 * @param siteUrl where the site is deployed
 */
export function siteLinker(model: FlakeModel, config: SiteConfig, siteUrl: string | undefined): Linker {
  if (!siteUrl) return () => undefined;
  const origin = new URL(siteUrl).origin;
  const router = siteRouter(model, config.base);
  return (ref) => `${origin}${router.href(ref)}`;
}

/**
 * The Markdown summary of a diff result.
 * @param result what `runDiff` gave
 * @param config the site configuration
 * @param siteUrl where the site is deployed, for links
 */
export function summary(result: DiffResult, config: SiteConfig, siteUrl: string | undefined): string {
  const link = siteLinker(result.head.model, config, siteUrl);
  const changes = siteUrl ? link({ kind: 'changes' }) : undefined;
  return diffMarkdown(result.diff, link, undefined, changes);
}
