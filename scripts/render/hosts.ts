/**
 * Host pages: an overview of every configuration with the flake's inputs, one page per host (its
 * import tree as a graph, its modules, users, secrets and the options it sets), an index of the
 * profiles and one page per profile.
 */
import type { Host, ModuleRef, OptionDoc, Profile, Setting } from '../model/index.ts';
import { hostAccess } from '../model/secrets.ts';
import { hostUsers } from '../model/host-facts.ts';
import { splitSettingPath } from '../model/settings.ts';
import { badge, mermaidId, mermaidLabel, refLink, type RenderContext, sourceLink } from './context.ts';
import { attr, frontmatter, type GeneratedPage, link, mermaid, text } from './mdx.ts';
import { type FolderGraph, folderAnchors, folderGraph, MAX_GRAPH_MODULES } from './import-graph.ts';
import { filterable } from './index-page.ts';
import type { EntityRef } from './router.ts';
import { accessSummary } from './secrets.ts';
import { originHtml } from './set-by.ts';
import { plural } from '../plural.ts';

/** How each class of configuration is named on pages. */
export const CLASS_LABEL: Record<Host['class'], string> = { nixos: 'NixOS', darwin: 'nix-darwin', home: 'home-manager', 'system-manager': 'system-manager' };

/** Renders the hosts overview, each host and each profile. */
export function renderHosts(ctx: RenderContext): GeneratedPage[] {
  const { hosts, profiles } = ctx.model;
  const targets = moduleTargets(ctx);
  const classOf = new Map(hosts.map((h) => [h.name, h.class]));
  return [
    renderOverview(ctx),
    ...(profiles.length ? [renderProfileIndex(ctx)] : []),
    ...hosts.map((h, i) => renderHost(ctx, h, i + 1, targets)),
    // A profile's settings are read in its first host, so they are matched to options of that host's class.
    ...profiles.map((p, i) => renderProfile(ctx, p, i + 1, classOf.get(p.hosts[0] ?? '') ?? 'nixos')),
  ];
}

/** The reference to exactly this host (its class told, for a NixOS and a home `laptop` are two pages). */
export function hostRef(h: Pick<Host, 'name' | 'class'>): EntityRef {
  return { kind: 'host', name: h.name, class: h.class };
}

/** The reference to exactly this profile file (two `desktop.nix` in different folders are two pages). */
export function profileRef(p: Pick<Profile, 'name' | 'path'>): EntityRef {
  return { kind: 'profile', name: p.name, path: p.path };
}

/** The profile a host's list names: the file of that name among the host's own imports, else the first of the name. */
function profileRefOf(ctx: RenderContext, h: Host, name: string): EntityRef {
  const files = new Set(h.modules.flatMap((m) => (m.kind === 'file' ? [m.path] : [])));
  const p = ctx.model.profiles.find((q) => q.name === name && files.has(q.path));
  return p ? profileRef(p) : { kind: 'profile', name };
}

/** Where a module of an import tree links to: a profile's page, or the page of the options it declares. */
type ModuleTarget = (m: ModuleRef) => EntityRef | undefined;

/** Looks module files up in maps built once, not by scanning every profile and option per module. */
function moduleTargets(ctx: RenderContext): ModuleTarget {
  const profiles = new Map(ctx.model.profiles.map((p) => [p.path, p.name]));
  const groups = new Map<string, string>();
  for (const o of ctx.model.options) for (const file of o.declarations) if (!groups.has(file)) groups.set(file, o.group);
  return (m) => {
    if (m.kind !== 'file') return undefined;
    const profile = m.role === 'profile' ? profiles.get(m.path) : undefined;
    if (profile !== undefined) return { kind: 'profile', name: profile, path: m.path };
    const group = groups.get(m.path);
    return group !== undefined ? { kind: 'optionGroup', group } : undefined;
  };
}

/** Up to how many hosts and profiles the overview draws as a graph: past it the graph is unreadable, and heavier than the rest of the page. */
export const OVERVIEW_GRAPH_LIMIT = 60;
/** Up to how many cells the overview's hosts × profiles matrix has; past it the table's Profiles column says the same. */
export const PROFILE_MATRIX_LIMIT = 1500;

function renderOverview(ctx: RenderContext): GeneratedPage {
  const { hosts, inputs, profiles } = ctx.model;
  const lines = [
    frontmatter({ title: 'Hosts', slug: ctx.router.slug({ kind: 'hosts' }), description: `The ${plural(hosts.length, 'configuration')} of the flake.`, sidebar: { order: 0, label: 'All hosts' } }),
    `The flake defines ${text(plural(hosts.length, 'configuration'))}. Each page shows what the host imports and every option its own modules set.${
      profiles.length ? ` The flake's ${text(plural(profiles.length, 'profile'))} ${profiles.length === 1 ? 'is' : 'are'} listed on ${link(ctx.router.href({ kind: 'profiles' }), 'their own page')}.` : ''
    }`,
    '',
  ];
  const fields = registryColumns(hosts);
  const registries = [...new Set(hosts.flatMap((h) => (h.origin?.registry?.source ? [h.origin.registry.source.file] : [])))];
  if (registries.length) {
    lines.push(`${text(`The flake keeps its hosts' facts in ${registries.length === 1 ? 'a registry' : 'registries'}:`)} ${registries.map((f) => sourceLink(ctx, { file: f, line: 1, column: 1 }, f)).join(', ')}${text('. Each host page shows its entry.')}`, '');
  }
  const table = [
    `| Host | Kind | ${fields.map((f) => `${text(titleCase(f))} | `).join('')}Built by | Platform | Profiles | Users | Defined in |`,
    `| --- | --- | ${'--- | '.repeat(fields.length)}--- | --- | --- | --- | --- |`,
  ];
  for (const h of hosts) {
    const entry = new Map((h.origin?.registry?.fields ?? []).map((f) => [f.name, f.value]));
    table.push(
      `| ${link(ctx.router.href(hostRef(h)), h.name)} | ${CLASS_LABEL[h.class]} | ${fields.map((f) => `${text(plainValue(entry.get(f)) ?? '—')} | `).join('')}${builtBy(h)} | ${text(h.system ?? '—')} | ${
        h.profiles.map((p) => link(ctx.router.href(profileRefOf(ctx, h, p)), p)).join(', ') || '—'
      } | ${text(hostUsers(h).join(', ') || '—')} | ${sourceLink(ctx, h.source)} |`,
    );
  }
  lines.push(...filterable('Filter hosts', table));
  // The graph draws imports: a host with no profile and a profile no host imports are named under it,
  // not drawn as lone boxes (twenty of them stacked made a graph 1,800 px tall with nothing to follow).
  const linked = hosts.filter((h) => h.profiles.length);
  const usedProfiles = new Set(linked.flatMap((h) => h.profiles.map((p) => profileRefOf(ctx, h, p)).map((r) => (r.kind === 'profile' && r.path ? r.path : (r as { name: string }).name))));
  const isUsed = (p: (typeof profiles)[number]) => usedProfiles.has(p.path) || usedProfiles.has(p.name);
  const drawGraph = linked.length > 0 && hosts.length + profiles.length <= OVERVIEW_GRAPH_LIMIT;
  const matrix = hosts.length * profiles.length <= PROFILE_MATRIX_LIMIT ? profileMatrix(ctx) : [];
  if (profiles.length && (drawGraph || matrix.length || !linked.length)) lines.push('## Hosts and profiles', '');
  if (profiles.length && !linked.length) lines.push(`No host imports any of the ${text(plural(profiles.length, 'profile'))}.`);
  if (drawGraph) {
    const graph = ['flowchart LR'];
    // Namesakes (a NixOS and a home `laptop`, two `desktop.nix`) are two nodes: their ids fold in the class or path.
    const count = (names: string[]) => names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
    const hostNames = count(hosts.map((h) => h.name));
    const profileNames = count(profiles.map((p) => p.name));
    const hostNode = (h: Host) => mermaidId('h', hostNames.get(h.name)! > 1 ? `${h.class}:${h.name}` : h.name);
    const profileNode = (ref: EntityRef) => (ref.kind === 'profile' && ref.path && profileNames.get(ref.name)! > 1 ? mermaidId('p', ref.path) : mermaidId('p', (ref as { name: string }).name));
    for (const h of linked) {
      graph.push(`  ${hostNode(h)}[${mermaidLabel(h.name)}]`);
      graph.push(`  click ${hostNode(h)} href "${ctx.router.href(hostRef(h))}"`);
      for (const p of h.profiles) graph.push(`  ${hostNode(h)} --> ${profileNode(profileRefOf(ctx, h, p))}`);
    }
    for (const p of profiles.filter(isUsed)) {
      // Rounded rectangles for profiles: a stadium would cost ~42 KB of SVG per node (see heavyShapes).
      graph.push(`  ${profileNode(profileRef(p))}(${mermaidLabel(`profile: ${p.name}`)})`);
      graph.push(`  click ${profileNode(profileRef(p))} href "${ctx.router.href(profileRef(p))}"`);
    }
    lines.push(mermaid(graph.join('\n')));
    const alone = hosts.filter((h) => !h.profiles.length);
    const unused = profiles.filter((p) => !isUsed(p));
    if (alone.length) lines.push('', `${text('Importing no profile: ')}${alone.map((h) => link(ctx.router.href(hostRef(h)), h.name)).join(', ')}.`);
    if (unused.length) lines.push('', `${text('Imported by no host: ')}${unused.map((p) => link(ctx.router.href(profileRef(p)), p.name)).join(', ')}.`);
  }
  lines.push(...matrix);
  if (inputs.length) {
    lines.push('', '## Flake inputs', '', 'As pinned by `flake.lock`.', '', '| Input | Source | Revision | Date |', '| --- | --- | --- | --- |');
    for (const i of inputs) {
      const source = i.follows ? `follows ${i.follows}` : (i.original ?? i.type ?? '—');
      lines.push(`| <code>${text(i.name)}</code> | ${text(source)} | ${i.rev ? `<code>${text(i.rev.slice(0, 12))}</code>` : '—'} | ${text(i.lastModified ?? '—')} |`);
    }
  }
  return { path: 'hosts/index.md', content: `${lines.join('\n')}\n` };
}

/** Registry fields that say what a host is for: shown as columns of the hosts index when a registry has them. */
const SUMMARY_FIELDS = ['role', 'roles', 'purpose', 'description', 'desc', 'type', 'kind', 'tags'];
/** Up to how many registry fields the hosts index shows as columns. */
const MAX_SUMMARY_FIELDS = 3;

/** The registry fields the hosts index shows, in the order of SUMMARY_FIELDS: those some host's entry has. */
export function registryColumns(hosts: Host[]): string[] {
  const present = new Set(hosts.flatMap((h) => (h.origin?.registry?.fields ?? []).map((f) => f.name)));
  return SUMMARY_FIELDS.filter((f) => present.has(f)).slice(0, MAX_SUMMARY_FIELDS);
}

/** A printed value as a reader reads it: a string without its quotes, a list of strings as a comma-separated list. */
function plainValue(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  // Nix's escapes (`\${`) are not all JSON's: such a value is shown as printed.
  const unquote = (q: string) => {
    try {
      return JSON.parse(q) as string;
    } catch {
      return q;
    }
  };
  if (/^"(?:[^"\\]|\\.)*"$/.test(v)) return unquote(v);
  const items = /^\[\s*((?:"(?:[^"\\]|\\.)*"\s*)*)\]$/.exec(v);
  return items ? [...items[1]!.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => unquote(m[0])).join(', ') : v;
}

function titleCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Which function built a host: the flake's helper and the builder it calls (`mkDesktop` → `nixosSystem`). */
function builtBy(h: Host): string {
  if (!h.origin) return '—';
  return [h.origin.helper, h.origin.builder].filter((n): n is string => !!n).map((n) => `<code>${text(n)}</code>`).join(' → ');
}

/** The host's registry entry as a table of its fields, linked to where it is written. */
function registrySection(ctx: RenderContext, h: Host): string[] {
  const entry = h.origin?.registry;
  if (!entry) return [];
  return [
    '',
    '## Registry entry',
    '',
    `${text(`The flake's registry of hosts holds this entry for ${h.name}`)}${entry.source ? ` (${sourceLink(ctx, entry.source)})` : ''}.`,
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...entry.fields.map((f) => `| <code>${text(f.name)}</code> | <code class="fd-value">${text(f.value.length > 400 ? `${f.value.slice(0, 400)}…` : f.value)}</code> |`),
  ];
}

/** Up to how many hosts a profile's row on the profiles index links; past it, how many. */
const PROFILE_HOST_LINKS = 5;

/** The profiles index (`/profiles/`): every profile with its file and the hosts importing it, filterable. */
function renderProfileIndex(ctx: RenderContext): GeneratedPage {
  const { profiles } = ctx.model;
  const lines = [
    frontmatter({ title: 'Profiles', slug: ctx.router.slug({ kind: 'profiles' }), description: `The ${plural(profiles.length, 'profile')} of the flake.`, sidebar: { order: 0, label: 'All profiles' } }),
    `The flake has ${text(plural(profiles.length, 'profile'))}: modules in profile folders that hosts import. Each page shows what the profile imports and every option it sets.`,
    '',
  ];
  const table = ['| Profile | File | Used by |', '| --- | --- | --- |'];
  for (const p of profiles) {
    const users =
      p.hosts.length === 0
        ? text('no host yet')
        : p.hosts.length <= PROFILE_HOST_LINKS
          ? p.hosts.map((h) => link(ctx.router.href({ kind: 'host', name: h }), h)).join(', ')
          : text(plural(p.hosts.length, 'host'));
    table.push(`| ${link(ctx.router.href(profileRef(p)), p.name)} | <code>${text(p.path)}</code> | ${users} |`);
  }
  lines.push(...filterable('Filter profiles', table));
  // profiles.md beside the folder, not profiles/index.md, which a profile named `index` would take.
  return { path: 'profiles.md', content: `${lines.join('\n')}\n` };
}

function renderHost(ctx: RenderContext, h: Host, order: number, targets: ModuleTarget): GeneratedPage {
  const lines = [
    frontmatter({ title: h.name, slug: ctx.router.slug(hostRef(h)), description: `${CLASS_LABEL[h.class]} configuration ${h.name}`, sidebar: { order } }),
    `${badge(CLASS_LABEL[h.class], 'note')} ${h.system ? badge(h.system) : ''}`,
    '',
    '<dl class="fd-facts">',
    `<dt>Defined in</dt><dd>${sourceLink(ctx, h.source)}</dd>`,
    ...(h.origin ? [`<dt>Built by</dt><dd>${builtBy(h)}</dd>`] : []),
    ...(h.origin?.registry?.source ? [`<dt>Registry</dt><dd>${sourceLink(ctx, h.origin.registry.source)}</dd>`] : []),
    `<dt>Build</dt><dd><code>${text(buildCommand(h))}</code></dd>`,
    ...deployFacts(ctx, h),
    `<dt>Profiles</dt><dd>${h.profiles.map((p) => refLink(ctx, profileRefOf(ctx, h, p), p)).join(', ') || '—'}</dd>`,
    `<dt>Users</dt><dd>${text(hostUsers(h).join(', ') || '—')}</dd>`,
    `<dt>Secrets</dt><dd>${h.secrets.map((s) => refLink(ctx, { kind: 'secret', id: s }, s)).join(', ') || '—'}</dd>`,
    ...secretAccessFact(ctx, h),
    `<dt>Recovery</dt><dd>${refLink(ctx, { kind: 'recovery', host: h.name, class: h.class }, `Recover ${h.name}`)}</dd>`,
    // The README the flake keeps in this host's folder (its own notes, often a runbook for this machine).
    ...ctx.model.guides.filter((g) => g.origin === 'host' && g.host === h.name).map((g) => `<dt>Notes</dt><dd>${link(ctx.router.href({ kind: 'guide', id: g.id }), g.title)} · <code>${text(g.file)}</code></dd>`),
    '</dl>',
    '',
    ...registrySection(ctx, h),
    '',
    '## Imports',
    '',
    ...unknownImportsNote(h),
    ...importsSection(ctx, h, targets),
  ];
  if (h.effective?.length) lines.push('', '## Effective values', '', ...effectiveTable(ctx, h));
  lines.push('', '## Options it sets', '');
  lines.push(...hostSettings(ctx, h));
  return { path: `hosts/${ctx.router.slug(hostRef(h)).slice('hosts/'.length)}.md`, content: `${lines.join('\n')}\n` };
}

/**
 * What this page cannot show when some imports are only known at evaluation: the modules they bring
 * in, and whatever those set, import or use.
 */
function unknownImportsNote(h: Host): string[] {
  const unknown = h.modules.filter((m) => m.kind === 'unknown');
  if (!unknown.length) return [];
  const n = h.modules.length;
  const which = unknown.length < n ? `${unknown.length} of the ${n} imports of ${h.name} ${unknown.length === 1 ? 'is' : 'are'}` : n === 1 ? `The one import of ${h.name} is` : `All ${n} imports of ${h.name} are`;
  const title = 'Part of this host is computed at evaluation';
  const body = `${which} only known when Nix evaluates the configuration (marked "computed" below). The modules ${unknown.length === 1 ? 'it brings' : 'they bring'} in, and the options those set, the profiles they import and the secrets they use, are missing from this page.`;
  return [`<aside ${attr('aria-label', title)} class="starlight-aside starlight-aside--caution"><p class="starlight-aside__title" aria-hidden="true">${text(title)}</p><div class="starlight-aside__content"><p>${text(body)}</p></div></aside>`, ''];
}

/** The hosts × profiles matrix of the overview (nothing when no host imports a profile). */
function profileMatrix(ctx: RenderContext): string[] {
  const { hosts, profiles } = ctx.model;
  if (!profiles.some((p) => p.hosts.length)) return [];
  const rows = ['', '| Host | ' + profiles.map((p) => link(ctx.router.href(profileRef(p)), p.name)).join(' | ') + ' |', `| --- |${' :---: |'.repeat(profiles.length)}`];
  for (const h of hosts) {
    // By file, not by name: a NixOS and a home `laptop` import different `desktop.nix` profiles.
    const files = new Set(h.modules.flatMap((m) => (m.kind === 'file' ? [m.path] : [])));
    rows.push(`| ${link(ctx.router.href(hostRef(h)), h.name)} | ${profiles.map((p) => (files.has(p.path) || (p.hosts.includes(h.name) && !profiles.some((q) => q !== p && q.name === p.name)) ? '✓' : '')).join(' | ')} |`);
  }
  return [...rows, ''];
}

/** The host's deployment targets (with their commands) and the features it switches on, as fact lines. */
function deployFacts(ctx: RenderContext, h: Host): string[] {
  const lines = h.deploy.map((d) => {
    const { target, command, remoteRebuild } = deployCommand(h, d);
    const rebuild = remoteRebuild ? ` · <code>${text(remoteRebuild)}</code>` : '';
    const tags = d.tags.length ? ` · tags ${d.tags.map((t) => `<code>${text(t)}</code>`).join(', ')}` : '';
    return `<dt>Deploy (${d.tool})</dt><dd>${target ? `<code>${text(target)}</code> · ` : ''}<code>${text(command)}</code>${rebuild}${tags} · ${sourceLink(ctx, d.source)}</dd>`;
  });
  if (h.features.length) lines.push(`<dt>Features</dt><dd>${h.features.map((f) => `<code>${text(`${f.option} = ${f.value}`)}</code>`).join(', ')}</dd>`);
  return lines;
}

/**
 * How a deployment tool deploys a host: its `user@host` target, the tool's command, and for NixOS the
 * equivalent `nixos-rebuild --target-host`, with `--sudo` unless it logs in as root: activation needs
 * root, and nixos-rebuild (the Python rewrite, default since NixOS 25.11; older releases spell it
 * `--use-remote-sudo`) only elevates on the target when asked.
 */
export function deployCommand(h: Host, d: Host['deploy'][number]): { target: string | null; command: string; remoteRebuild: string | null } {
  const attr = flakeAttr(h.name);
  const target = d.targetHost ? `${d.user ? `${d.user}@` : ''}${d.targetHost}` : null;
  const command = d.tool === 'colmena' ? `colmena apply --on ${attr}` : d.tool === 'deploy-rs' ? `deploy .#${attr}` : `clan machines update ${attr}`;
  return { target, command, remoteRebuild: target && h.class === 'nixos' ? remoteRebuildCommand(h, target, d.user) : null };
}

/** `nixos-rebuild switch` of a host on another machine, as `user@host` (sudo on the target unless the user is root). */
export function remoteRebuildCommand(h: Host, target: string, user: string | null): string {
  return `nixos-rebuild switch --flake .#${flakeAttr(h.name)} --target-host ${target}${user === 'root' ? '' : ' --sudo'}`;
}

/** A host name as a flake attribute (quoted when it is not a plain identifier). */
export function flakeAttr(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
}

/**
 * The command that builds and switches to a host, run on the host itself from a checkout of the flake.
 * Activation runs as root for NixOS and, since nix-darwin 25.05, for nix-darwin too ("system activation
 * must now be run as root"); system-manager elevates itself when given `--sudo`; home-manager runs as
 * the user.
 */
export function buildCommand(h: Host): string {
  const attr = flakeAttr(h.name);
  if (h.class === 'system-manager') return `nix run 'github:numtide/system-manager' -- switch --flake .#${attr} --sudo`;
  if (h.class === 'darwin') return `sudo darwin-rebuild switch --flake .#${attr}`;
  if (h.class === 'home') return `home-manager switch --flake .#${attr}`;
  return `sudo nixos-rebuild switch --flake .#${attr}`;
}

/** "Can read 14, uses 9, 5 over-granted", linked to the host's row on the secrets page; nothing for a host that touches no secret. */
function secretAccessFact(ctx: RenderContext, h: Host): string[] {
  const a = hostAccess(ctx.model.secrets, h.name);
  if (!a.canRead.length && !a.uses.length) return [];
  return [`<dt>Secret access</dt><dd class="fd-access">${refLink(ctx, { kind: 'secretAccess', host: h.name, class: h.class }, accessSummary(a))}</dd>`];
}

/** The import graph (per module, or per folder for a large host) and the module table below it. */
/** Module list items already made, per rendering of the site (its `moduleTargets`). */
const ITEMS = new WeakMap<ModuleTarget, Map<string, string>>();

function importsSection(ctx: RenderContext, h: Host, targets: ModuleTarget): string[] {
  /** A module's link (or code, when it declares no options) and its role, for the table and the lists. */
  const facts = (m: ModuleRef) => {
    const target = targets(m);
    const label = m.kind === 'file' ? m.path : m.kind === 'external' ? m.name : m.kind === 'inline' ? `inline module (${m.source.file}:${m.source.line})` : m.text;
    const cell = target ? link(ctx.router.href(target), label) : `<code>${text(label)}</code>`;
    const role = m.kind === 'file' ? m.role : m.kind === 'unknown' ? `computed at evaluation time (${m.reason})` : m.kind;
    return { cell, role };
  };
  const row = (m: ModuleRef) => {
    const { cell, role } = facts(m);
    return `| ${cell} | ${text(role)} | ${m.importedFrom ? `<code>${text(m.importedFrom)}</code>` : 'the configuration'} |`;
  };
  const head = ['| Module | Role | Imported from |', '| --- | --- | --- |'];
  if (h.modules.length <= MAX_GRAPH_MODULES) return [mermaid(importGraph(ctx, h, targets)), ...head, ...h.modules.map(row)];
  const graph = folderGraph(h.modules);
  const anchors = folderAnchors(graph.nodes);
  const lines = [
    `${text(`${h.name} imports ${plural(h.modules.length, 'module')}: the graph shows them by folder, with how many each holds; click a folder for its modules.`)}`,
    mermaid(folderGraphSource(h, graph, anchors)),
  ];
  // A big host's modules as compact lists, one per folder: a table row per module made a host with
  // 1,000 modules a 120 KB page. Search skips them: a module is found on its own options page.
  let items = ITEMS.get(targets);
  if (!items) ITEMS.set(targets, (items = new Map()));
  const item = (m: ModuleRef) => {
    // Hosts built alike list the same files: each file's item is made once for all of them.
    const key = m.kind === 'file' ? `${m.path}\0${m.role}\0${m.importedFrom ?? ''}` : undefined;
    const known = key === undefined ? undefined : items.get(key);
    if (known !== undefined) return known;
    const html = itemHtml(m);
    if (key !== undefined) items.set(key, html);
    return html;
  };
  const itemHtml = (m: ModuleRef) => {
    const { cell, role } = facts(m);
    const notes = [role === 'module' ? null : role, m.importedFrom ? `from ${m.importedFrom}` : null].filter((n): n is string => n !== null);
    return `<li>${cell}${notes.length ? ` <small>${text(notes.join(', '))}</small>` : ''}</li>`;
  };
  for (const node of graph.nodes) {
    const count = plural(node.modules.length, 'module');
    lines.push('', `<h3 ${attr('id', anchors.get(node.folder)!)}>${text(`${node.folder} (${count})`)}</h3>`, '', `<ul class="fd-module-list" data-pagefind-ignore>${node.modules.map((i) => item(h.modules[i]!)).join('')}</ul>`);
  }
  return lines;
}

/** The mermaid source of a folder graph: folders with counts, linked to their part of the table. */
function folderGraphSource(h: Host, graph: FolderGraph, anchors: Map<string, string>): string {
  const lines = ['flowchart LR', `  root[${mermaidLabel(graphRootLabel(h.class))}]`];
  const ids = new Map(graph.nodes.map((n, i) => [n.folder, `g${i}`]));
  for (const n of graph.nodes) {
    lines.push(`  ${ids.get(n.folder)}[${mermaidLabel(`${n.folder} · ${n.modules.length}`)}]`);
    lines.push(`  click ${ids.get(n.folder)} href "#${anchors.get(n.folder)}"`);
  }
  for (const e of graph.edges) lines.push(`  ${e.from === null ? 'root' : ids.get(e.from)} -->${e.count > 1 ? `|${e.count}|` : ''} ${ids.get(e.to)}`);
  return lines.join('\n');
}

/**
 * The root node of a host's import graph: its class, not its name, so hosts built alike (one
 * `mkHost` over the same modules) have the very same diagram source and it is rendered once for all
 * of them (the renderer caches by content hash); the page's title names the host.
 * @param cls the host's class
 */
export function graphRootLabel(cls: Host['class']): string {
  return cls === 'home' ? `this ${CLASS_LABEL[cls]} configuration` : `this ${CLASS_LABEL[cls]} host`;
}

/** The mermaid source of a host's import graph, one node per module, linked to its profile or options page. */
function importGraph(ctx: RenderContext, h: Host, targets: ModuleTarget): string {
  const lines = ['flowchart LR', `  root[${mermaidLabel(graphRootLabel(h.class))}]`];
  const idOf = (m: ModuleRef, i: number) => (m.kind === 'file' ? mermaidId('f', m.path) : `m${i}`);
  const fileIds = new Map<string, string>();
  h.modules.forEach((m, i) => {
    if (m.kind === 'file') fileIds.set(m.path, idOf(m, i));
  });
  h.modules.forEach((m, i) => {
    const id = idOf(m, i);
    const label = m.kind === 'file' ? m.path : m.kind === 'external' ? m.name : m.kind === 'inline' ? 'inline module' : `computed: ${m.text}`;
    const shape = m.kind === 'external' ? `[/${mermaidLabel(label)}/]` : m.kind === 'file' && m.role === 'profile' ? `(${mermaidLabel(label)})` : `[${mermaidLabel(label)}]`;
    lines.push(`  ${id}${shape}`);
    lines.push(`  ${m.importedFrom ? (fileIds.get(m.importedFrom) ?? 'root') : 'root'} --> ${id}`);
    const target = targets(m);
    if (target) lines.push(`  click ${id} href "${ctx.router.href(target)}"`);
  });
  return lines.join('\n');
}

/** An option path that may break after each dot, so a long name wraps at its dots instead of running into the next column. */
/**
 * The value each of the flake's own options ends up with on the host, as the module system merges its
 * definitions (mkIf, priorities, the option's type), and where it came from.
 */
function effectiveTable(ctx: RenderContext, h: Host): string[] {
  const rows = ['<div class="fd-settings fd-effective">', '', '| Option | Value (and where it comes from) |', '| --- | --- |'];
  const byName = optionsByName(ctx.model.options);
  for (const e of h.effective ?? []) {
    const opt = byName.get(e.option);
    const name = opt ? `<a ${attr('href', ctx.router.href({ kind: 'option', name: opt.name, group: opt.group }))}>${dotted(e.option)}</a>` : `<code>${dotted(e.option)}</code>`;
    const value = e.value.length > 400 ? `${e.value.slice(0, 400)}…` : e.value;
    const computed = e.computed ? ` ${badge('computed at evaluation time', 'caution')}` : '';
    rows.push(`| ${name} | <code class="fd-value">${text(value)}</code>${computed}<br /><small>${text('from')} ${originHtml(ctx, e)}</small> |`);
  }
  rows.push('', '</div>');
  return rows;
}

/** The model's options by name, made once for every host page (10,000 options × 200 hosts otherwise). */
const BY_NAME = new WeakMap<OptionDoc[], { length: number; map: Map<string, OptionDoc> }>();
function optionsByName(options: OptionDoc[]): Map<string, OptionDoc> {
  const cached = BY_NAME.get(options);
  if (cached?.length === options.length) return cached.map;
  const map = new Map(options.map((o) => [o.name, o] as const));
  BY_NAME.set(options, { length: options.length, map });
  return map;
}

function dotted(optionPath: string): string {
  return optionPath.split('.').map((segment) => text(segment)).join('.<wbr />');
}

/** Up to how many settings a group of a host's settings shows open: a screen at 1280 × 900 px holds about this many rows; a larger group is collapsed. */
export const OPEN_GROUP_ROWS = 8;

/**
 * Whether a setting defines an option a reader does not set: a hidden option of the flake (`internal
 * = true`, `visible = false`) or a read-only one (computed by its module).
 */
function isInternal(ctx: RenderContext, s: Setting, cls: string, hidden: Set<string>): boolean {
  if (ctx.settings.match(s.path, cls)?.option.readOnly) return true;
  if (!hidden.size) return false;
  const parts = splitSettingPath(s.path);
  for (let i = 1; i <= parts.length; i++) if (hidden.has(parts.slice(0, i).join('.'))) return true;
  return false;
}

/** The rows of a settings table (sorted by option path), with its header, inside the fixed-layout wrapper. */
function settingRows(ctx: RenderContext, settings: Setting[], cls: string): string[] {
  // A fixed two-column layout: long option paths and values wrap instead of pushing the table
  // wider than the page (see .fd-settings in flake-docs.css).
  const rows = ['<div class="fd-settings">', '', '| Option (and where it is set) | Value |', '| --- | --- |'];
  for (const s of [...settings].sort((a, b) => a.path.localeCompare(b.path))) {
    const opt = ctx.settings.match(s.path, cls)?.option;
    const name = opt ? `<a ${attr('href', ctx.router.href({ kind: 'option', name: opt.name, group: opt.group }))}>${dotted(s.path)}</a>` : `<code>${dotted(s.path)}</code>`;
    const notes = [
      ...s.conditions.map((c) => badge(`if ${c}`, 'note')),
      s.priority ? badge(s.priority) : '',
      s.computed ? badge('computed at evaluation time', 'caution') : '',
    ].filter(Boolean);
    const value = s.value.length > 400 ? `${s.value.slice(0, 400)}…` : s.value;
    rows.push(`| ${name}<br /><small>${sourceLink(ctx, s.source)}</small> | <code class="fd-value">${text(value)}</code> ${notes.join(' ')} |`);
  }
  rows.push('', '</div>');
  return rows;
}

/** A profile's settings as one table, internal options left out. */
function settingsTable(ctx: RenderContext, settings: Setting[], cls: string): string[] {
  const hidden = new Set(ctx.model.hiddenOptions ?? []);
  const shown = settings.filter((s) => !isInternal(ctx, s, cls, hidden));
  if (!shown.length) return ['No settings could be read statically.'];
  return settingRows(ctx, shown, cls);
}

/**
 * A host's settings grouped so the page stays usable: the flake's own options first, then one group
 * per module or profile file in the order the host imports them; a group longer than a screen is
 * collapsed; hidden and read-only options are left out (counted in the summary).
 */
function hostSettings(ctx: RenderContext, h: Host): string[] {
  const hidden = new Set(ctx.model.hiddenOptions ?? []);
  const shown = h.settings.filter((s) => !isInternal(ctx, s, h.class, hidden));
  const left = h.settings.length - shown.length;
  const leftNote = left ? ` ${left} ${left === 1 ? 'definition' : 'definitions'} of internal or read-only options ${left === 1 ? 'is' : 'are'} left out.` : '';
  if (!shown.length) return [`No settings could be read statically.${leftNote}`];
  const own = new Set(shown.filter((s) => ctx.settings.match(s.path, h.class)));
  const byFile = new Map<string, Setting[]>();
  // Files in the order the host reaches them; a file the import tree does not list (flake.nix) comes last.
  const order = new Map(h.modules.flatMap((m, i) => (m.kind === 'file' ? [[m.path, i] as const] : [])));
  for (const s of shown) {
    if (own.has(s)) continue;
    const list = byFile.get(s.source.file) ?? [];
    list.push(s);
    byFile.set(s.source.file, list);
  }
  const files = [...byFile.keys()].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  const groups = files.length + (own.size ? 1 : 0);
  const lines = [`<p>${text(`${plural(shown.length, 'setting')} in ${plural(groups, 'group')}: the flake's own options first, then by the file that sets them.${leftNote}`)}</p>`, ''];
  const group = (title: string, settings: Setting[], open: number) => {
    lines.push(`### ${text(title)}`, '');
    if (settings.length <= open) {
      lines.push(...settingRows(ctx, settings, h.class), '');
      return;
    }
    lines.push('<details class="fd-group">', `<summary>${text(`Show the ${settings.length} settings`)}</summary>`, '', ...settingRows(ctx, settings, h.class), '', '</details>', '');
  };
  if (own.size) group("The flake's own options", [...own], OPEN_GROUP_ROWS);
  for (const file of files) {
    const role = h.modules.find((m) => m.kind === 'file' && m.path === file);
    group(role?.kind === 'file' && role.role === 'profile' ? `${file} (profile)` : file, byFile.get(file)!, OPEN_GROUP_ROWS);
  }
  return lines;
}

function renderProfile(ctx: RenderContext, p: Profile, order: number, cls: string): GeneratedPage {
  const lines = [
    frontmatter({ title: `Profile: ${p.name}`, slug: ctx.router.slug(profileRef(p)), description: `The ${p.name} profile (${p.path})`, sidebar: { order, label: p.name } }),
    '<dl class="fd-facts">',
    `<dt>File</dt><dd>${sourceLink(ctx, { file: p.path, line: 1, column: 1 }, p.path)}</dd>`,
    `<dt>Used by</dt><dd>${p.hosts.map((h) => link(ctx.router.href({ kind: 'host', name: h }), h)).join(', ') || 'no host yet'}</dd>`,
    `<dt>Imports</dt><dd>${p.imports.map((f) => `<code>${text(f)}</code>`).join(', ') || '—'}</dd>`,
    '</dl>',
    '',
    '## Options it sets',
    '',
    ...settingsTable(ctx, p.settings, cls),
  ];
  return { path: `profiles/${ctx.router.slug(profileRef(p)).slice('profiles/'.length)}.md`, content: `${lines.join('\n')}\n` };
}
