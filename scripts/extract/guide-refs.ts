/**
 * References from the flake's guides to the flake itself: Markdown links such as
 * `[the server](host:rich-evans)` or `[backups](option:systems.backups.enable)`, and the live-data
 * components (`<HostLink name="rich-evans" />`, `<RebuildCommand host="…" />`, `<HostList class="nixos" />`).
 * A reference to something the flake does not have is an error naming the guide's file and line and
 * the closest names the flake does have, so a renamed host fails the build where it is mentioned.
 */
import type { Nodes, Root } from 'mdast';
import type { MdxJsxAttribute } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics.ts';
import type { FlakeModel, Guide } from '../model/index.ts';
import { parseGuide, REF_SCHEMES } from './guides.ts';

/** What a reference can name. */
export type RefKind = 'host' | 'option' | 'secret' | 'ticket' | 'profile';


/** One reference found in a guide. */
export interface GuideRef {
  kind: RefKind;
  id: string;
  line: number;
  column: number;
}

/** The live-data components a guide may use: the attribute naming what each refers to, and its kind. */
export const LIVE_COMPONENTS: Readonly<Record<string, { attribute: string; kind: RefKind | 'class' } | { attribute: 'class' | 'profile'; kind: 'list' }>> = {
  HostLink: { attribute: 'name', kind: 'host' },
  ProfileLink: { attribute: 'name', kind: 'profile' },
  OptionLink: { attribute: 'name', kind: 'option' },
  SecretLink: { attribute: 'name', kind: 'secret' },
  TicketLink: { attribute: 'id', kind: 'ticket' },
  RebuildCommand: { attribute: 'host', kind: 'host' },
  HostList: { attribute: 'class', kind: 'list' },
};

/** The host classes `<HostList class="…">` accepts. */
export const HOST_CLASSES = ['nixos', 'darwin', 'home', 'system-manager'] as const;

/** `host:rich-evans` → `{kind: 'host', id: 'rich-evans'}`; undefined for any other URL. */
export function parseRef(url: string): { kind: RefKind; id: string } | undefined {
  const m = /^([a-z]+):(.+)$/.exec(url.trim());
  if (!m || !REF_SCHEMES.has(m[1]!)) return undefined;
  let id = m[2]!;
  try {
    id = decodeURIComponent(id);
  } catch {
    // Kept as written: the name check reports it.
  }
  return { kind: m[1] as RefKind, id };
}

/** The literal string value of a component's attribute, or undefined. */
export function attribute(node: { attributes: unknown[] }, name: string): string | undefined {
  const a = (node.attributes as MdxJsxAttribute[]).find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  return typeof a?.value === 'string' ? a.value : undefined;
}

/** Every reference of a parsed guide, with its line in the guide's body. */
export function findRefs(tree: Root): (GuideRef | { kind: 'list'; by: 'class' | 'profile'; id: string; line: number; column: number } | { kind: 'missing'; component: string; attribute: string; line: number; column: number })[] {
  const found: ReturnType<typeof findRefs> = [];
  visit(tree, (node: Nodes) => {
    const start = node.position?.start ?? { line: 1, column: 1 };
    if (node.type === 'link' || node.type === 'definition') {
      const ref = parseRef(node.url);
      if (ref) found.push({ ...ref, line: start.line, column: start.column });
    } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && node.name in LIVE_COMPONENTS) {
      const spec = LIVE_COMPONENTS[node.name]!;
      if (spec.kind === 'list') {
        const cls = attribute(node, 'class');
        const profile = attribute(node, 'profile');
        if (cls !== undefined) found.push({ kind: 'list', by: 'class', id: cls, line: start.line, column: start.column });
        else if (profile !== undefined) found.push({ kind: 'list', by: 'profile', id: profile, line: start.line, column: start.column });
        else found.push({ kind: 'missing', component: node.name, attribute: 'class" or "profile', line: start.line, column: start.column });
        return;
      }
      const id = attribute(node, spec.attribute);
      if (id === undefined) found.push({ kind: 'missing', component: node.name, attribute: spec.attribute, line: start.line, column: start.column });
      else found.push({ kind: spec.kind as RefKind, id, line: start.line, column: start.column });
    }
  });
  return found;
}

/** The names the flake has, by kind. */
export type KnownNames = Record<RefKind, string[]>;

/** The names of the model a guide may refer to. */
export function knownNames(model: Pick<FlakeModel, 'hosts' | 'profiles' | 'options' | 'secrets' | 'roadmap'>): KnownNames {
  return {
    host: model.hosts.map((h) => h.name),
    profile: model.profiles.map((p) => p.name),
    option: model.options.map((o) => o.name),
    secret: model.secrets.secrets.map((s) => s.id),
    ticket: (model.roadmap?.documents ?? []).flatMap((d) => d.tickets.map((t) => t.id)),
  };
}

/** The Levenshtein distance of two strings (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The names closest to `name` (by Levenshtein distance, then alphabetically), at most `count`.
 * @param name the unknown name
 * @param candidates the names that exist
 */
export function closestNames(name: string, candidates: string[], count = 3): string[] {
  // Long lists (thousands of options) are narrowed cheaply first: a distance is at least the length difference.
  return [...new Set(candidates)]
    .filter((c) => Math.abs(c.length - name.length) <= Math.max(name.length, 8))
    .map((c) => ({ c, d: levenshtein(name.toLowerCase(), c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, count)
    .map((x) => x.c);
}

/** "did you mean …?" for a list of names, or a note that the flake has none of that kind. */
function suggestion(kind: string, names: string[], closest: string[]): string {
  if (!names.length) return `the flake has no ${kind}s`;
  return `did you mean ${closest.map((n) => `"${n}"`).join(', ')}?`;
}

/**
 * The references of a parsed page that name something the flake does not have, with their place in
 * the page and the closest existing names.
 * @param tree the page's mdast
 * @param names what the flake has
 */
export function refProblems(tree: Root, names: KnownNames): { line: number; column: number; message: string }[] {
  const problems: { line: number; column: number; message: string }[] = [];
  const profiles = new Set(names.profile);
  for (const ref of findRefs(tree)) {
    const at = { line: ref.line, column: ref.column };
    if (ref.kind === 'missing') {
      problems.push({ ...at, message: `<${ref.component}> needs a literal "${ref.attribute}" attribute` });
      continue;
    }
    if (ref.kind === 'list') {
      const ok = ref.by === 'class' ? (HOST_CLASSES as readonly string[]).includes(ref.id) : profiles.has(ref.id);
      if (!ok) {
        const pool = ref.by === 'class' ? [...HOST_CLASSES] : names.profile;
        problems.push({ ...at, message: `<HostList ${ref.by}="${ref.id}">: the flake has no ${ref.by === 'class' ? 'host class' : 'profile'} "${ref.id}"; ${suggestion(ref.by, pool, closestNames(ref.id, pool))}` });
      }
      continue;
    }
    if (names[ref.kind].includes(ref.id)) continue;
    problems.push({ ...at, message: `the guide refers to ${ref.kind} "${ref.id}", which the flake does not have; ${suggestion(ref.kind, names[ref.kind], closestNames(ref.id, names[ref.kind]))}` });
  }
  return problems;
}

/**
 * Checks every reference of every published guide against the model.
 * @param guides the flake's guides (rejected ones, whose body is null, are skipped)
 * @param names what the flake has
 */
export function checkGuideRefs(guides: Guide[], names: KnownNames): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const guide of guides) {
    if (guide.body === null) continue;
    let tree: Root;
    try {
      tree = parseGuide(guide.body, guide.format);
    } catch {
      continue;
    }
    for (const p of refProblems(tree, names)) {
      diagnostics.push({ severity: 'error', code: 'guides/unknown-ref', message: p.message, location: { file: guide.file, line: p.line + guide.bodyLine - 1, column: p.column } });
    }
  }
  return diagnostics;
}
