/**
 * One revision's extraction on a worker thread, so that a diff reads and extracts its two revisions
 * at the same time on a machine with two cores or more. The worker resolves the revision, writes it
 * to a private folder, extracts it and posts back the commit and the model (plain data), or the error.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { SiteConfig } from '../config.ts';
import { extractFlake } from '../extract/index.ts';
import { Progress } from '../log.ts';
import type { FlakeModel } from '../model/index.ts';
import { checkoutRevision, findRepository, removeCheckout, resolveRevision, RevisionError } from './git-revision.ts';

interface Job {
  flake: string;
  rev: string;
  config: SiteConfig;
}

/** A revision's commit and model. */
export interface RevisionModel {
  commit: string;
  model: FlakeModel;
}

/**
 * The module the worker starts from: this file when run from source, or its own bundle beside the
 * command line's (scripts/flake-docs.mjs bundles both into one folder).
 */
const WORKER_MODULE = import.meta.url.endsWith('.ts') ? new URL(import.meta.url) : new URL('./extract-worker.mjs', import.meta.url);

type Reply = { ok: true; value: RevisionModel } | { ok: false; revision: boolean; message: string; stack?: string };

/**
 * Resolves `rev` in the flake's repository and extracts the flake as it is there, from a private
 * copy removed afterwards.
 */
export async function extractRevision({ flake, rev, config }: Job): Promise<RevisionModel> {
  const repo = findRepository(flake);
  const commit = await resolveRevision(repo, rev);
  const dir = await checkoutRevision(repo, commit);
  try {
    return { commit, model: (await extractFlake(dir, config, new Progress(true))).model };
  } finally {
    removeCheckout(dir);
  }
}

/**
 * The flake as it is at revision `rev`, extracted on a worker thread. A revision that does not exist
 * rejects with a `RevisionError`.
 * @param flake absolute path of the flake (in a git repository)
 * @param rev the revision as the user wrote it
 * @param config the site configuration (plain data)
 */
export function revisionInWorker(flake: string, rev: string, config: SiteConfig): Promise<RevisionModel> & { cancel(): void } {
  let worker: Worker | undefined;
  const answer = new Promise<RevisionModel>((resolve, reject) => {
    worker = new Worker(WORKER_MODULE, { workerData: { flake, rev, config } satisfies Job });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      if (reply.ok) resolve(reply.value);
      else reject(Object.assign(reply.revision ? new RevisionError(reply.message) : new Error(reply.message), { stack: reply.stack }));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the extraction of ${rev} stopped (worker exit code ${code}) before it answered`));
    });
  });
  // Stops the work when its answer is no longer wanted (the other revision failed).
  return Object.assign(answer, { cancel: () => void worker?.terminate() });
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.rev) {
  let reply: Reply;
  try {
    reply = { ok: true, value: await extractRevision(workerData as Job) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { ok: false, revision: e instanceof RevisionError, message: e.message, stack: e.stack };
  }
  parentPort.postMessage(reply);
}
