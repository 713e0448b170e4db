/**
 * A model diff as Markdown fit for a pull-request comment: who gains or loses access first, then
 * hosts, options, planning and diagnostics; each thing linked to its page when the site's URL is
 * known. Everything from the flake is shown in code spans, so no name can become a mention, a link or
 * markup in the comment.
 */
import type { SourceLocation } from '../diagnostics.ts';
import { type EntityRef } from '../render/router.ts';
import { countChanges, type HostValue, type ModelDiff } from './model-diff.ts';

/** GitHub refuses comments longer than this many characters. */
export const COMMENT_LIMIT = 65_536;
/** The longest value shown in full; longer ones are cut. */
const MAX_VALUE = 160;

/** Where links go: the URL of an entity's page, or undefined when the site has none (or its URL is not known). */
export type Linker = (ref: EntityRef) => string | undefined;

/** Inline code holding `value` literally on one line: fenced longer than any backtick run inside, cut when long. */
export function code(value: string): string {
  let v = value.replace(/\s*\n\s*/g, ' ');
  if (v.length > MAX_VALUE) v = `${v.slice(0, MAX_VALUE - 1)}…`;
  const longest = Math.max(0, ...[...v.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') || !v.trim() ? ' ' : '';
  return `${marks}${pad}${v}${pad}${marks}`;
}

/** A name in code, linked to its page when there is one. */
function named(name: string, link: Linker, ref: EntityRef): string {
  const url = link(ref);
  return url ? `[${code(name)}](${url})` : code(name);
}

/** How many hosts that change alike a comment names before it counts the rest (the Changes page names them all). */
const HOSTS_NAMED = 12;

/** How `mkOverride` priorities are written in Nix (others: `mkOverride N`). */
const PRIORITY_NAMES = new Map([[50, 'mkForce'], [1000, 'mkDefault'], [1500, 'mkOptionDefault']]);

/** Why a host has a value: the option's default, or the definitions that won (each file, its profile when it is one's) and their priority. */
function why(v: HostValue, link: Linker): string {
  if (v.origin === 'default') return v.computed ? 'default, computed at evaluation' : 'default';
  if (v.origin === 'empty') return "the type's empty value";
  const from = v.from.map((f) => `${f.profile ? `profile ${named(f.profile, link, { kind: 'profile', name: f.profile })}, ` : ''}${code(`${f.file}:${f.line}`)}`);
  const priority = v.priority === 100 ? '' : (PRIORITY_NAMES.get(v.priority) ?? `mkOverride ${v.priority}`);
  return [...from, priority, v.computed ? 'computed at evaluation' : ''].filter(Boolean).join(', ') || 'definitions';
}

const where = (loc: SourceLocation | null | undefined) => (loc ? ` (${code(`${loc.file}:${loc.line}`)})` : '');
const list = (names: string[]) => names.map((n) => code(n)).join(', ');

/**
 * Renders a diff as Markdown.
 * @param d the diff
 * @param link the URL of an entity's page on the site
 * @param title the comment's heading, or null for none (the site's Changes page has its own title)
 * @param changesUrl the site's Changes page, linked when the comment is too long to hold everything
 */
export function diffMarkdown(d: ModelDiff, link: Linker, title: string | null = 'What this change does to the machines', changesUrl?: string): string {
  const counts = countChanges(d);
  const head = title === null ? [] : [`## ${title}`, ''];
  if (!counts.total) return [...head, 'No documented change.', ''].join('\n');
  const out = [...head];
  const section = (name: string, lines: string[]) => {
    if (lines.length) out.push(`### ${name}`, '', ...lines, '');
  };
  const secret = (id: string) => named(id, link, { kind: 'secret', id });
  const host = (name: string) => named(name, link, { kind: 'host', name });
  section('Access to secrets', [
    ...d.access.changed.map((c) => `- ${secret(c.secret)}: ${[c.gained.length ? `**can now be decrypted by** ${list(c.gained)}` : '', c.lost.length ? `**can no longer be decrypted by** ${list(c.lost)}` : ''].filter(Boolean).join('; ')}`),
    ...d.access.added.map((a) => `- New secret ${secret(a.secret)}${a.recipients ? `, readable by ${a.recipients.length ? list(a.recipients) : 'no key'}` : ''}`),
    ...d.access.removed.map((r) => `- Removed secret ${code(r.secret)}`),
    ...d.access.uses.map((u) => `- ${host(u.host)} ${[u.started.length ? `starts using ${u.started.map(secret).join(', ')}` : '', u.stopped.length ? `stops using ${list(u.stopped)}` : ''].filter(Boolean).join('; ')}`),
  ]);
  const hostLines: string[] = [
    ...d.hosts.added.map((h) => `- New host ${host(h.name)} (${h.class})`),
    ...d.hosts.removed.map((h) => `- Removed host ${code(h.name)} (${h.class})`),
  ];
  // Hosts that change alike (a shared module's default, a profile all of them import) are listed once, together.
  const alike = new Map<string, string[]>();
  for (const h of d.hosts.changed) {
    const parts = [
      h.profilesGained.length ? `gains profile ${h.profilesGained.map((p) => named(p, link, { kind: 'profile', name: p })).join(', ')}` : '',
      h.profilesLost.length ? `loses profile ${list(h.profilesLost)}` : '',
      h.modulesGained.length ? `imports ${list(h.modulesGained)}` : '',
      h.modulesLost.length ? `no longer imports ${list(h.modulesLost)}` : '',
    ].filter(Boolean);
    const body = [parts.length ? `: ${parts.join('; ')}` : ''];
    for (const v of h.values) {
      const shown = (x: HostValue) => `${code(x.value)} (${why(x, link)})`;
      const change = v.before === null ? `now ${shown(v.after!)}` : v.after === null ? `no longer an option here (was ${shown(v.before)})` : `${shown(v.before)} → ${shown(v.after)}`;
      body.push(`  - ${named(v.option, link, { kind: 'option', name: v.option, group: v.group })}: ${change}`);
    }
    const key = body.join('\n');
    (alike.get(key) ?? alike.set(key, []).get(key)!).push(h.name);
  }
  const hostsNamed = title === null ? Infinity : HOSTS_NAMED;
  for (const [key, names] of alike) {
    const [first, ...rest] = key.split('\n');
    const shownNames = names.slice(0, hostsNamed).map(host).join(', ');
    const more = names.length > hostsNamed ? ` and ${names.length - hostsNamed} more` : '';
    hostLines.push(`- ${shownNames}${more}${names.length > 1 ? ` (${names.length} hosts)` : ''}${first}`, ...rest);
  }
  section('Hosts', hostLines);
  const option = (o: { name: string; group: string }) => named(o.name, link, { kind: 'option', name: o.name, group: o.group });
  section('Options', [
    ...d.options.added.map((o) => `- New option ${option(o)} (${o.type})${where(o.source)}`),
    ...d.options.removed.map((o) => `- Removed option ${code(o.name)}${where(o.source)}`),
    ...d.options.changed.map((o) => `- ${option(o)}: ${o.fields.map((f) => (f.field === 'description' ? 'description changed' : `${f.field} ${f.before === null ? 'none' : code(f.before)} → ${f.after === null ? 'none' : code(f.after)}`)).join('; ')}${where(o.source)}`),
  ]);
  const item = (i: { id: string; ticket?: string; text: string }) => (i.ticket ? `${named(i.ticket, link, { kind: 'ticket', id: i.ticket })} ${code(i.text)}` : code(i.text));
  section('Planning', [
    ...d.planning.done.map((i) => `- Done: ${item(i)}`),
    ...d.planning.added.map((i) => `- Added: ${item(i)}`),
    ...d.planning.removed.map((i) => `- Removed: ${item(i)}`),
  ]);
  const diagnostics = link({ kind: 'diagnostics' });
  section('Diagnostics', [
    ...d.warnings.appeared.map((w) => `- New ${w.severity} ${code(w.code)}: ${code(w.message)}${where(w.location)}`),
    ...d.warnings.disappeared.map((w) => `- Gone: ${w.severity} ${code(w.code)}: ${code(w.message)}`),
    ...(diagnostics && d.warnings.appeared.length ? [`- All diagnostics: ${diagnostics}`] : []),
  ]);
  const text = out.join('\n');
  if (text.length < COMMENT_LIMIT) return text;
  // Too long for one comment: the counts, and where the whole list is.
  return [
    ...head,
    `This change touches ${counts.total} documented things, too many to list in one comment:`,
    '',
    `- access to secrets: ${counts.access}`,
    `- hosts: ${counts.hosts}`,
    `- options: ${counts.options}`,
    `- planning items: ${counts.planning}`,
    `- diagnostics: ${counts.warnings}`,
    '',
    changesUrl ? `The whole list: ${changesUrl}` : 'Run `npm run diff` with `--format json` for the whole list.',
    '',
  ].join('\n');
}
