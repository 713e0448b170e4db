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
import { extractRevision, revisionInWorker, type RevisionModel } from './extract-worker.ts';
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
 * Starts extracting the flake at `rev` on a worker thread, to run while the caller extracts the head.
 * The promise is marked as handled so that a wrong revision waits to be reported where it is awaited.
 * @param flake absolute path of the flake
 * @param config the site configuration
 * @param rev the revision before the change
 */
export function startRevision(flake: string, config: SiteConfig, rev: string): Promise<RevisionModel> & { cancel(): void } {
  const started = revisionInWorker(flake, rev, config);
  started.catch(() => {});
  return started;
}

/**
 * The Changes page of a site built with `--base`: the head is the model just extracted; links stay
 * within the site.
 * @param base the revision before the change, as written, and its extraction (`startRevision`)
 * @param config the site configuration
 * @param head the model of the checkout
 */
export async function changesMarkdown(base: { rev: string; extraction: Promise<RevisionModel> }, config: SiteConfig, head: FlakeModel): Promise<string> {
  const { commit, model } = await base.extraction;
  const diff = diffModels(model, head);
  const router = siteRouter(head, config.base);
  const body = diffMarkdown(diff, (ref) => router.href(ref), null);
  const front = frontmatter({ title: 'Changes', slug: router.slug({ kind: 'changes' }), description: `What the checkout changes since ${base.rev} (${commit.slice(0, 12)}).` });
  return `${front}\n${body.replace(/^### /gm, '## ')}`;
}

/**
 * Extracts both revisions and compares them. The base is read from git and extracted on a worker
 * thread while this thread extracts the head (the checkout, or a revision read the same way).
 * @param req the flake, its config and the revisions
 */
export async function runDiff(req: DiffRequest): Promise<DiffResult> {
  const base = startRevision(req.flake, req.config, req.base);
  const head = req.head ? extractRevision({ flake: req.flake, rev: req.head, config: req.config }) : extractFlake(req.flake, req.config, new Progress(true)).then((r) => ({ commit: null, model: r.model }));
  // A head that cannot be extracted ends the base's work too.
  head.catch(() => base.cancel());
  const [before, after] = await Promise.all([base, head]);
  return {
    base: { rev: req.base, commit: before.commit, model: before.model },
    head: { rev: req.head ?? 'the checkout', commit: after.commit, model: after.model },
    diff: diffModels(before.model, after.model),
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
