/**
 * The one place that turns model ids into URLs. The model knows ids (option names, host names,
 * ticket ids); pages never build links by hand, so links pasted into pull requests survive rebuilds.
 */

import type { HostClass } from '../model/hosts.ts';
import { showInvisible } from '../model/names.ts';
import { anchorSafe, hostKey, type SiteSlugs, slugify } from '../model/slugs.ts';

/** A reference to something that has a page or an anchor on the site. */
export type EntityRef =
  | { kind: 'option'; name: string; group: string }
  | { kind: 'optionGroup'; group: string }
  | { kind: 'options' }
  | { kind: 'optionsPage'; page: number }
  | { kind: 'host'; name: string; class?: HostClass }
  | { kind: 'hosts' }
  | { kind: 'profile'; name: string; path?: string }
  | { kind: 'profiles' }
  | { kind: 'secrets' }
  | { kind: 'secret'; id: string }
  | { kind: 'secretsPage'; page: number }
  | { kind: 'secretAnchors' }
  | { kind: 'secretAccess'; host: string; class?: HostClass }
  | { kind: 'roadmap'; doc?: string }
  | { kind: 'roadmapGraph'; doc?: string }
  | { kind: 'roadmapGantt'; doc?: string; page?: number }
  | { kind: 'epic'; id: string; doc?: string }
  | { kind: 'ticket'; id: string }
  | { kind: 'tickets' }
  | { kind: 'ticketsPage'; page: number }
  | { kind: 'guide'; id: string }
  | { kind: 'runbook'; id: string; section?: string }
  | { kind: 'recovery'; host: string; class?: HostClass }
  | { kind: 'diagnostics' }
  | { kind: 'commands' }
  | { kind: 'changes' }
  | { kind: 'diagnosticsFile'; file: string }
  | { kind: 'diagnosticCode'; code: string };

/** Turns an entity reference into a URL path (with the site's base) and a content slug. */
export interface Router {
  /** The page's slug inside the docs collection, without leading or trailing slash (e.g. `tickets/INFRA-2`). */
  slug(ref: EntityRef): string;
  /** The anchor within the page, without `#`, or undefined for whole pages. */
  anchor(ref: EntityRef): string | undefined;
  /** The full href: base + slug + trailing slash + `#anchor`. */
  href(ref: EntityRef): string;
  /** False when this build has no page (or anchor) for `ref`: a link to it would break, so it is not made. */
  exists(ref: EntityRef): boolean;
}

export { slugify };

/**
 * A site path made from a file's path (an option group, `nixos/desktop`), kept as written but for what
 * cannot be in a URL path, a file name or a terminal line: control and format characters (a newline,
 * ESC, a bidi override), blanks, and the characters a URL reads as syntax (`?#%\` and quotes); each run
 * becomes one dash, and a `.`/`..` segment becomes `-`.
 */
export function pathSlug(filePath: string): string {
  return filePath
    .split('/')
    .map((segment) => {
      const safe = segment.replace(/[\p{Cc}\p{Cf}\p{Z}\s?#%\\"'<>`^{}|[\]]+/gu, '-');
      return safe === '' || safe === '.' || safe === '..' ? '-' : safe;
    })
    .join('/');
}

/** The folder of a planning document's pages. */
function roadmapFolder(doc: string | undefined): string {
  return doc === undefined ? 'roadmap' : `roadmap/${slugify(doc)}`;
}

/** What the router cannot derive from a reference alone, computed once from the model by the caller. */
export interface RouterLookups {
  /** The page of secrets (1-based) each secret's section is on; a secret not listed is on the secrets page itself. */
  secretPages?: ReadonlyMap<string, number>;
  /** The unique segments and anchors of hosts, profiles and secrets (see model/slugs.ts); without it, names are slugified as they are. */
  slugs?: SiteSlugs;
  /** Whether this build generates the page of `ref` (see `siteRouter`); without it, every page is assumed to exist. */
  present?: (ref: EntityRef) => boolean;
}

/**
 * Creates the router.
 * @param base the site's base path (`/` or `/docs/`), as configured for Astro
 * @param lookups where entities that move between pages as the flake grows are (see `siteRouter` in index.ts)
 */
export function createRouter(base = '/', lookups: RouterLookups = {}): Router {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const secretPage = (id: string) => lookups.secretPages?.get(id);
  const { slugs } = lookups;
  // A bare host name means the first of its namesakes (by class); with a class, exactly that host.
  const hostSlug = (name: string, cls: HostClass | undefined) => {
    const key = cls ? hostKey({ class: cls, name }) : slugs?.hostByName.get(name);
    return (key !== undefined ? slugs?.hosts.get(key) : undefined) ?? slugify(name, 'host');
  };
  const profileSlug = (name: string, file: string | undefined) => {
    const key = file ?? slugs?.profileByName.get(name);
    return (key !== undefined ? slugs?.profiles.get(key) : undefined) ?? slugify(name, 'profile');
  };
  const slug = (ref: EntityRef): string => {
    switch (ref.kind) {
      case 'option':
      case 'optionGroup':
        return `options/${pathSlug(ref.group)}`;
      case 'options':
        return 'options';
      // Page 1 of the module list is the options index itself.
      case 'optionsPage':
        return ref.page <= 1 ? 'options' : `options/page-${ref.page}`;
      case 'host':
        return `hosts/${hostSlug(ref.name, ref.class)}`;
      case 'hosts':
        return 'hosts';
      case 'profile':
        return `profiles/${profileSlug(ref.name, ref.path)}`;
      case 'profiles':
        return 'profiles';
      case 'secrets':
      case 'secretAccess':
        return 'secrets';
      // A big flake's secrets are on pages of their own; the index keeps the access tables.
      case 'secret': {
        const page = secretPage(ref.id);
        return page === undefined ? 'secrets' : `secrets/page/${page}`;
      }
      case 'secretsPage':
        return `secrets/page/${ref.page}`;
      // Where an anchor of a secret that moved to another page of secrets is looked up (a template: the
      // diagnostic-code check reads a quoted `secrets/…` string as a code).
      case 'secretAnchors':
        return `secrets/anchors`;
      // With several planning documents each has its folder under roadmap/ (`doc`); with one, it is roadmap/ itself.
      case 'roadmap':
        return ref.doc === undefined ? 'roadmap' : `roadmap/${slugify(ref.doc)}`;
      case 'roadmapGraph':
        return `${roadmapFolder(ref.doc)}/graph`;
      // Page 1 of a big roadmap's Gantt chart is the chart's own page; the rest in a folder of their own.
      case 'roadmapGantt':
        return ref.page === undefined || ref.page <= 1 ? `${roadmapFolder(ref.doc)}/gantt` : `${roadmapFolder(ref.doc)}/gantt/page/${ref.page}`;
      case 'epic':
        return `${roadmapFolder(ref.doc)}/${slugify(ref.id)}`;
      case 'ticket':
        return `tickets/${ref.id}`;
      case 'tickets':
        return 'tickets';
      // A folder of its own: `tickets/page-2` could clash with a ticket `PAGE-2` on a case-blind disk.
      case 'ticketsPage':
        return ref.page <= 1 ? 'tickets' : `tickets/page/${ref.page}`;
      case 'guide':
        return ref.id ? `guides/${ref.id}` : 'guides';
      // Generic runbooks live in the section folders (`recovery/roll-back-a-generation`); their id is that slug.
      case 'runbook':
        return ref.id;
      case 'recovery':
        return `recovery/hosts/${hostSlug(ref.host, ref.class)}`;
      case 'diagnostics':
      case 'diagnosticsFile':
      case 'diagnosticCode':
        return 'diagnostics';
      // The flake's own development shells, apps and packages: what maintenance runs.
      case 'commands':
        return 'maintenance/commands';
      // What a pull request changes, in a site built with `--base`.
      case 'changes':
        return 'changes';
    }
  };
  const anchor = (ref: EntityRef): string | undefined => {
    switch (ref.kind) {
      // The heading's text, invisible characters shown as markers (as the heading shows them).
      case 'option':
        return showInvisible(ref.name);
      case 'secret':
        return slugs?.secrets.get(ref.id) ?? `secret-${anchorSafe(showInvisible(ref.id))}`;
      case 'secretAccess': {
        const key = ref.class ? hostKey({ class: ref.class, name: ref.host }) : slugs?.hostByName.get(ref.host);
        return (key !== undefined ? slugs?.access.get(key) : undefined) ?? `access-${anchorSafe(showInvisible(ref.host))}`;
      }
      // The diagnostics page's file headings carry the path itself as id; code sections `code-<code>`.
      case 'diagnosticsFile':
        return ref.file;
      case 'diagnosticCode':
        return `code-${ref.code}`;
      case 'runbook':
        return ref.section;
      default:
        return undefined;
    }
  };
  return {
    slug,
    anchor,
    exists: (ref) => lookups.present?.(ref) ?? true,
    href(ref) {
      const a = anchor(ref);
      return `${prefix}${slug(ref)}/${a ? `#${encodeURI(a)}` : ''}`;
    },
  };
}
