/**
 * Which URL segment or anchor each host, profile and secret gets, unique within its kind, and the
 * diagnostics about names: namesakes of another class or folder (`names/namesake`), names that
 * needed a numbered URL (`names/collision`), names holding
 * invisible characters (`names/invisible`), names that look like another (`names/confusable`).
 * A pure function of the model, so the same flake gives the same URLs in any file order.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { FlakeModel, Host, Profile, Secret } from './index.ts';
import { allocateSlugs, hasInvisible, invisibleList, showInvisible, skeleton, type SlugClaim } from './names.ts';

/** Lower-case, dash-separated form of a name for use in a URL path segment (never empty). */
export function slugify(name: string, fallback = 'unnamed'): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return s || fallback;
}

/** A host's key among hosts: its class and name (a NixOS and a home-manager `laptop` are two hosts). */
export function hostKey(h: Pick<Host, 'class' | 'name'>): string {
  return `${h.class}\u0000${h.name}`;
}

/** The classes in the order their namesakes keep the plain URL: a NixOS host before a home configuration of the same name. */
const CLASS_RANK: Record<Host['class'], string> = { nixos: '0', darwin: '1', 'system-manager': '2', home: '3' };

/** Characters an anchor keeps; the rest become `-` (as the router always wrote them). */
export function anchorSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** The URL segments and anchors of the things whose names come from the flake. */
export interface SiteSlugs {
  /** Host key → segment under `hosts/` (and `recovery/hosts/`). */
  hosts: Map<string, string>;
  /** Host name → the key of the host a bare name means (the first namesake by class). */
  hostByName: Map<string, string>;
  /** Profile path → segment under `profiles/`. */
  profiles: Map<string, string>;
  /** Profile name → the path a bare name means (the first by path). */
  profileByName: Map<string, string>;
  /** Secret id → its anchor on the secrets pages. */
  secrets: Map<string, string>;
  /** Host key → its anchor in the secrets page's access table. */
  access: Map<string, string>;
}

function hostClaims(hosts: Host[]): SlugClaim[] {
  return hosts.map((h) => ({ key: hostKey(h), base: slugify(h.name, 'host'), rank: `${CLASS_RANK[h.class]}\u0000${h.name}`, qualified: `${h.class}-${slugify(h.name, 'host')}` }));
}

function profileClaims(profiles: Profile[]): SlugClaim[] {
  return profiles.map((p) => {
    // The folders folded in: `home/profiles/desktop.nix` → `home-profiles-desktop`.
    const folders = p.path.split('/').slice(0, -1);
    if (/\/default\.nix$/.test(p.path)) folders.pop();
    const base = slugify(p.name, 'profile');
    return { key: p.path, base, rank: p.path, qualified: slugify([...folders, p.name].join('-'), base) };
  });
}

function secretClaims(secrets: Secret[]): SlugClaim[] {
  const ids = [...new Set(secrets.map((s) => s.id))];
  return ids.map((id) => ({ key: id, base: `secret-${anchorSafe(showInvisible(id))}`, rank: id, qualified: '' }));
}

function accessClaims(hosts: Host[]): SlugClaim[] {
  return hosts.map((h) => ({ key: hostKey(h), base: `access-${anchorSafe(showInvisible(h.name))}`, rank: `${CLASS_RANK[h.class]}\u0000${h.name}`, qualified: `access-${h.class}-${anchorSafe(showInvisible(h.name))}` }));
}

/** First by rank: what a bare name means when several things share it. */
function firstByName<T>(items: T[], name: (t: T) => string, key: (t: T) => string, rank: (t: T) => string): Map<string, string> {
  const out = new Map<string, { key: string; rank: string }>();
  for (const t of items) {
    const seen = out.get(name(t));
    if (!seen || rank(t) < seen.rank) out.set(name(t), { key: key(t), rank: rank(t) });
  }
  return new Map([...out].map(([n, v]) => [n, v.key]));
}

/** The slugs of every host, profile and secret of the model. */
export function siteSlugs(model: Pick<FlakeModel, 'hosts' | 'profiles' | 'secrets'>): SiteSlugs {
  return {
    hosts: allocateSlugs(hostClaims(model.hosts)).slugs,
    hostByName: firstByName(model.hosts, (h) => h.name, hostKey, (h) => `${CLASS_RANK[h.class]}\u0000${h.name}`),
    profiles: allocateSlugs(profileClaims(model.profiles)).slugs,
    profileByName: firstByName(model.profiles, (p) => p.name, (p) => p.path, (p) => p.path),
    secrets: allocateSlugs(secretClaims(model.secrets.secrets)).slugs,
    access: allocateSlugs(accessClaims(model.hosts)).slugs,
  };
}

/** One named thing for the name checks: its kind, name, where it is defined and how a reader tells it apart. */
interface Named {
  kind: string;
  name: string;
  where: SourceLocation;
  /** `nixosConfigurations.laptop`, `profile nixos/profiles/desktop.nix`: enough to find it. */
  label: string;
}

const at = (loc: SourceLocation) => `${loc.file}:${loc.line}`;
/** A thing's label with its file:line, once. */
const described = (t: Named) => (t.label.endsWith(at(t.where)) ? t.label : `${t.label} (${at(t.where)})`);
const quote = (name: string) => `"${showInvisible(name)}"`;
const CONFIGURATIONS: Record<Host['class'], string> = { nixos: 'nixosConfigurations', darwin: 'darwinConfigurations', home: 'homeConfigurations', 'system-manager': 'systemConfigs' };

/** Every named thing of the model whose name becomes a page, an anchor or a heading. */
function namedThings(model: Pick<FlakeModel, 'hosts' | 'profiles' | 'secrets' | 'options'>): Named[] {
  return [
    ...model.hosts.map((h) => ({ kind: 'host', name: h.name, where: h.source, label: `${CONFIGURATIONS[h.class]}.${showInvisible(h.name)}` })),
    ...model.profiles.map((p) => ({ kind: 'profile', name: p.name, where: { file: p.path, line: 1, column: 1 }, label: `profile ${showInvisible(p.path)}:1` })),
    ...dedupeBy(model.secrets.secrets, (s) => s.id).map((s) => ({ kind: 'secret', name: s.id, where: s.source, label: `secret ${quote(s.id)}` })),
    ...model.options.map((o) => ({ kind: 'option', name: o.name, where: o.source, label: `option ${quote(o.name)}` })),
  ];
}

function dedupeBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => !seen.has(key(t)) && !!seen.add(key(t)));
}

/**
 * The diagnostics about the model's names: `names/invisible` at each definition whose name holds an
 * invisible character, `names/confusable` for two different names of a kind with the same UTS #39
 * skeleton, `names/similar` for a name outside ASCII one letter from another once marks are set aside, `names/namesake` and `names/collision` for things of a kind that wanted the same URL (both keep a page).
 */
export function nameDiagnostics(model: Pick<FlakeModel, 'hosts' | 'profiles' | 'secrets' | 'options'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const things = namedThings(model);
  for (const t of things) {
    if (hasInvisible(t.name)) {
      out.push({ severity: 'warning', code: 'names/invisible', message: `${t.kind} name ${quote(t.name)} holds invisible characters (${invisibleList(t.name)}), shown as markers`, location: t.where });
    }
  }
  // Confusables: one diagnostic per pair of distinct names, at the later definition, naming the first.
  const byKind = new Map<string, Map<string, Named[]>>();
  for (const t of things) {
    const kind = byKind.get(t.kind) ?? new Map<string, Named[]>();
    byKind.set(t.kind, kind);
    const sk = skeleton(t.name);
    const list = kind.get(sk) ?? [];
    list.push(t);
    kind.set(sk, list);
  }
  for (const kind of byKind.values()) {
    for (const list of kind.values()) {
      const distinct = dedupeBy([...list].sort(byPlace), (t) => t.name);
      for (const t of distinct.slice(1)) {
        const first = distinct[0]!;
        out.push({
          severity: 'warning',
          code: 'names/confusable',
          message: `${t.kind} ${quote(t.name)} (${at(t.where)}) looks like ${quote(first.name)} (${at(first.where)}): same Unicode confusable skeleton`,
          location: t.where,
        });
      }
    }
  }
  // Look-alikes UTS #39 does not catch: a name written with characters outside ASCII that, once accents
  // and strokes are set aside, is one letter from another name of its kind (marshmałow, marshmallow).
  for (const kind of byKind.values()) {
    const bases = [...kind].map(([sk, list]) => {
      const t = [...list].sort(byPlace)[0]!;
      return { t, base: sk.normalize('NFD').replace(/\p{M}/gu, ''), outside: /[^\x00-\x7f]/.test(t.name) };
    });
    for (const a of bases) {
      if (!a.outside) continue;
      for (const b of bases) {
        // A pair of two names outside ASCII is met twice: it is reported from its later name only.
        if (a === b || (b.outside && byPlace(b.t, a.t) > 0) || !withinOneEdit(a.base, b.base)) continue;
        const [first, later] = byPlace(a.t, b.t) < 0 ? [a.t, b.t] : [b.t, a.t];
        out.push({ severity: 'warning', code: 'names/similar', message: `${later.kind} ${quote(later.name)} (${at(later.where)}) reads almost as ${quote(first.name)} (${at(first.where)}): one letter apart once accents and strokes are set aside`, location: later.where });
      }
    }
  }
  out.push(...collisions(allocateSlugs(hostClaims(model.hosts)), new Map(model.hosts.map((h) => [hostKey(h), { kind: 'host', name: h.name, where: h.source, label: `${CONFIGURATIONS[h.class]}.${showInvisible(h.name)}` }])), 'hosts'));
  out.push(...collisions(allocateSlugs(profileClaims(model.profiles)), new Map(model.profiles.map((p) => [p.path, { kind: 'profile', name: p.name, where: { file: p.path, line: 1, column: 1 }, label: `profile ${showInvisible(p.path)}:1` }])), 'profiles'));
  const secrets = new Map(dedupeBy(model.secrets.secrets, (s) => s.id).map((s) => [s.id, { kind: 'secret', name: s.id, where: s.source, label: `secret ${quote(s.id)}` }]));
  out.push(...collisions(allocateSlugs(secretClaims(model.secrets.secrets)), secrets, 'secrets#'));
  return out;
}

/** Whether two strings are equal or one insertion, deletion or substitution apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  // Past the first difference, the rest must match after skipping one character of the longer (or of both).
  return s.length === l.length ? s.slice(i + 1) === l.slice(i + 1) : s.slice(i) === l.slice(i + 1);
}

function byPlace(a: Named, b: Named): number {
  return a.where.file < b.where.file ? -1 : a.where.file > b.where.file ? 1 : a.where.line - b.where.line || a.where.column - b.where.column || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** `names/collision` for each namesake that could not keep the URL it wanted, naming the one that did. */
function collisions(alloc: ReturnType<typeof allocateSlugs>, things: Map<string, Named>, folder: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const where = (slug: string) => (folder.endsWith('#') ? `${folder}${slug}` : `${folder}/${slug}/`);
  for (const group of alloc.collisions) {
    const first = things.get(group[0]!.key)!;
    for (const c of group.slice(1)) {
      const t = things.get(c.key)!;
      const slug = alloc.slugs.get(c.key)!;
      const message = `${described(first)} and ${described(t)} want ${where(group[0]!.base)}: the second is at ${where(slug)}`;
      // Namesakes told apart by class or folder are a common, harmless pattern (a note); a URL that had to be numbered is not.
      out.push(slug === c.qualified ? { severity: 'info', code: 'names/namesake', message, location: t.where } : { severity: 'warning', code: 'names/collision', message, location: t.where });
    }
  }
  return out;
}
