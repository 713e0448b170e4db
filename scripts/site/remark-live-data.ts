/**
 * Live data in the site's own hand-written pages (`content/`, not `content/generated/`): the same
 * `host:`/`option:`/`secret:`/`ticket:`/`profile:` links and live-data components as in the flake's
 * guides (`<HostLink name="…" />`, `<RebuildCommand host="…" />`, `<HostList class="nixos" />`),
 * resolved against the model of the flake being built (the CLI checks them first: content-refs.ts).
 * The CLI hands the model over through globalThis (Astro loads its own copy of this module); without
 * it, pages are left as written.
 */
import path from 'node:path';
import type { Root } from 'mdast';
import { type LiveData, resolveLiveData } from '../render/guide-live.ts';

const KEY = Symbol.for('flake-docs.live-data');

/** Makes the model of the flake being built available to the pages' plugin (the CLI calls it before Astro builds). */
export function setLiveData(live: LiveData | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = live;
}

function liveData(): LiveData | undefined {
  return (globalThis as Record<symbol, LiveData | undefined>)[KEY];
}

/**
 * The remark plugin.
 * @param options.root the project folder (only pages under its content/ are resolved)
 */
export function remarkLiveData(options: { root: string }) {
  return (tree: Root, file: { path?: string }) => {
    const live = liveData();
    if (!live || !file.path) return;
    const rel = path.relative(options.root, file.path).split(path.sep).join('/');
    // Generated pages link through the router already; only hand-written pages need resolving.
    if (!rel.startsWith('content/') || rel.startsWith('content/generated/')) return;
    // The CLI has checked these pages against the model before the build (site/content-refs.ts);
    // an unknown name stays plain text, never a link to nowhere.
    resolveLiveData(tree, live);
  };
}
