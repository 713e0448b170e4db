/**
 * What a change does, as the difference of two models matched by stable id: who gains or loses the
 * power to decrypt a secret, which host gains or loses a profile, module or setting, which option
 * changes, which planning item is done, which warning appears. Plain data, the same for the Markdown
 * summary, the JSON output and the site's Changes page; only what changed is in it.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { FlakeModel, Host, HostClass, ModuleRef, OptionDoc, PlanItem, Secret } from '../model/index.ts';

/** A secret whose recipients changed: the keys that can now decrypt it, and those that no longer can. */
export interface AccessChange {
  secret: string;
  gained: string[];
  lost: string[];
}

/** A host that starts or stops using secrets. */
export interface UseChange {
  host: string;
  started: string[];
  stopped: string[];
}

/** One setting of a host whose value changed (absent before: `before` null; gone: `after` null). */
export interface SettingChange {
  path: string;
  before: string | null;
  after: string | null;
  source: SourceLocation | null;
}

/** What changed on one host present in both revisions. */
export interface HostChange {
  name: string;
  class: HostClass;
  profilesGained: string[];
  profilesLost: string[];
  modulesGained: string[];
  modulesLost: string[];
  settings: SettingChange[];
}

/** One field of an option that changed. */
export interface FieldChange {
  field: 'type' | 'default' | 'description' | 'example' | 'readOnly';
  before: string | null;
  after: string | null;
}

/** An option as a change names it: its name, type and where it is declared. */
export interface OptionRef {
  name: string;
  group: string;
  type: string;
  source: SourceLocation;
}

/** A planning item as a change names it. */
export interface ItemRef {
  doc: string;
  id: string;
  ticket?: string;
  text: string;
  location: SourceLocation;
}

/** A warning or error as a change names it. */
export interface DiagnosticRef {
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  location?: SourceLocation;
}

/** Everything that changed between two revisions of a flake. */
export interface ModelDiff {
  kind: 'modelDiff';
  access: {
    changed: AccessChange[];
    added: { secret: string; recipients: string[] | null }[];
    removed: { secret: string; recipients: string[] | null }[];
    uses: UseChange[];
  };
  hosts: { added: { name: string; class: HostClass }[]; removed: { name: string; class: HostClass }[]; changed: HostChange[] };
  options: { added: OptionRef[]; removed: OptionRef[]; changed: (OptionRef & { fields: FieldChange[] })[] };
  planning: { done: ItemRef[]; added: ItemRef[]; removed: ItemRef[] };
  warnings: { appeared: DiagnosticRef[]; disappeared: DiagnosticRef[] };
}

const byName = <T>(items: T[], key: (t: T) => string) => new Map(items.map((t) => [key(t), t]));
const minus = (a: Iterable<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));

/** The names a recipient id is shown by: the flake's first name for the key, else its id. */
function recipientNamer(model: FlakeModel): (id: string) => string {
  const names = new Map(model.secrets.recipients.map((r) => [r.id, r.names[0] ?? r.id]));
  return (id) => names.get(id) ?? id;
}

function accessDiff(base: FlakeModel, head: FlakeModel): ModelDiff['access'] {
  const before = byName(base.secrets.secrets, (s) => s.id);
  const after = byName(head.secrets.secrets, (s) => s.id);
  const nameBefore = recipientNamer(base);
  const nameAfter = recipientNamer(head);
  const named = (s: Secret, name: (id: string) => string) => (s.recipients ? [...new Set(s.recipients.map(name))].sort() : null);
  const changed: AccessChange[] = [];
  for (const [id, s] of after) {
    const old = before.get(id);
    if (!old || !old.recipients || !s.recipients) continue;
    const was = new Set(named(old, nameBefore));
    const is = new Set(named(s, nameAfter));
    const gained = minus(is, was);
    const lost = minus(was, is);
    if (gained.length || lost.length) changed.push({ secret: id, gained, lost });
  }
  const usesOf = (m: FlakeModel) => {
    const uses = new Map<string, Set<string>>();
    for (const s of m.secrets.secrets) for (const u of s.usedBy) (uses.get(u.host) ?? uses.set(u.host, new Set()).get(u.host)!).add(s.id);
    return uses;
  };
  const usesBefore = usesOf(base);
  const usesAfter = usesOf(head);
  const hosts = new Set([...usesBefore.keys(), ...usesAfter.keys()].filter((h) => head.hosts.some((x) => x.name === h) && base.hosts.some((x) => x.name === h)));
  const uses: UseChange[] = [];
  for (const h of [...hosts].sort()) {
    const was = usesBefore.get(h) ?? new Set<string>();
    const is = usesAfter.get(h) ?? new Set<string>();
    const started = minus(is, was).sort();
    const stopped = minus(was, is).sort();
    if (started.length || stopped.length) uses.push({ host: h, started, stopped });
  }
  return {
    changed: changed.sort((a, b) => a.secret.localeCompare(b.secret)),
    added: [...after.values()].filter((s) => !before.has(s.id)).map((s) => ({ secret: s.id, recipients: named(s, nameAfter) })),
    removed: [...before.values()].filter((s) => !after.has(s.id)).map((s) => ({ secret: s.id, recipients: named(s, nameBefore) })),
    uses,
  };
}

/** A module of a host's import tree as a change names it: its file, or the input's module. */
function moduleName(m: ModuleRef): string | undefined {
  return m.kind === 'file' ? m.path : m.kind === 'external' ? m.name : undefined;
}

/** A host's settings by path; several definitions of one path (a profile's and the host's) read as one. */
function settingsOf(h: Host): Map<string, { value: string; source: SourceLocation }> {
  const out = new Map<string, { value: string; source: SourceLocation }>();
  for (const s of h.settings) {
    const shown = s.conditions.length ? `${s.value} (if ${s.conditions.join(' && ')})` : s.value;
    const prev = out.get(s.path);
    out.set(s.path, prev ? { value: `${prev.value}; ${shown}`, source: prev.source } : { value: shown, source: s.source });
  }
  return out;
}

function hostDiff(base: FlakeModel, head: FlakeModel): ModelDiff['hosts'] {
  const key = (h: Host) => `${h.class}\0${h.name}`;
  const before = byName(base.hosts, key);
  const after = byName(head.hosts, key);
  const changed: HostChange[] = [];
  for (const [k, h] of after) {
    const old = before.get(k);
    if (!old) continue;
    const profilesWas = new Set(old.profiles);
    const profilesIs = new Set(h.profiles);
    // A profile's own file is named by the profile: listed once, as a profile.
    const profileFiles = (m: FlakeModel, names: string[]) => new Set(m.profiles.filter((p) => names.includes(p.name)).map((p) => p.path));
    const modulesWas = new Set(old.modules.map(moduleName).filter((m): m is string => !!m && !profileFiles(base, old.profiles).has(m)));
    const modulesIs = new Set(h.modules.map(moduleName).filter((m): m is string => !!m && !profileFiles(head, h.profiles).has(m)));
    const sWas = settingsOf(old);
    const sIs = settingsOf(h);
    const settings: SettingChange[] = [];
    for (const p of [...new Set([...sWas.keys(), ...sIs.keys()])].sort()) {
      const a = sWas.get(p);
      const b = sIs.get(p);
      if (a?.value === b?.value) continue;
      settings.push({ path: p, before: a?.value ?? null, after: b?.value ?? null, source: (b ?? a)?.source ?? null });
    }
    const change: HostChange = {
      name: h.name,
      class: h.class,
      profilesGained: minus(profilesIs, profilesWas),
      profilesLost: minus(profilesWas, profilesIs),
      modulesGained: minus(modulesIs, modulesWas),
      modulesLost: minus(modulesWas, modulesIs),
      settings,
    };
    if (change.profilesGained.length || change.profilesLost.length || change.modulesGained.length || change.modulesLost.length || settings.length) changed.push(change);
  }
  return {
    added: [...after.values()].filter((h) => !before.has(key(h))).map((h) => ({ name: h.name, class: h.class })),
    removed: [...before.values()].filter((h) => !after.has(key(h))).map((h) => ({ name: h.name, class: h.class })),
    changed,
  };
}

const optionRef = (o: OptionDoc): OptionRef => ({ name: o.name, group: o.group, type: o.type, source: o.source });

function optionDiff(base: FlakeModel, head: FlakeModel): ModelDiff['options'] {
  const before = byName(base.options, (o) => o.name);
  const after = byName(head.options, (o) => o.name);
  const changed: ModelDiff['options']['changed'] = [];
  for (const [name, o] of after) {
    const old = before.get(name);
    if (!old) continue;
    const fields: FieldChange[] = [];
    const compare = (field: FieldChange['field'], a: string | null, b: string | null) => {
      if (a !== b) fields.push({ field, before: a, after: b });
    };
    compare('type', old.type, o.type);
    compare('default', old.default?.text ?? null, o.default?.text ?? null);
    compare('description', old.description, o.description);
    compare('example', old.example?.text ?? null, o.example?.text ?? null);
    compare('readOnly', String(old.readOnly), String(o.readOnly));
    if (fields.length) changed.push({ ...optionRef(o), fields });
  }
  return {
    added: [...after.values()].filter((o) => !before.has(o.name)).map(optionRef),
    removed: [...before.values()].filter((o) => !after.has(o.name)).map(optionRef),
    changed,
  };
}

function items(m: FlakeModel): Map<string, { doc: string; item: PlanItem }> {
  const out = new Map<string, { doc: string; item: PlanItem }>();
  for (const d of m.roadmap?.documents ?? []) for (const item of d.items) out.set(`${d.id}\0${item.id}`, { doc: d.id, item });
  return out;
}

const itemRef = ({ doc, item }: { doc: string; item: PlanItem }): ItemRef => ({
  doc,
  id: item.id,
  ...(item.ticket ? { ticket: item.ticket } : {}),
  text: item.text.map((t) => (t.kind === 'code' ? `\`${t.value}\`` : t.value)).join(''),
  location: item.location,
});

function planningDiff(base: FlakeModel, head: FlakeModel): ModelDiff['planning'] {
  const before = items(base);
  const after = items(head);
  return {
    done: [...after].filter(([k, x]) => x.item.status === 'done' && before.has(k) && before.get(k)!.item.status !== 'done').map(([, x]) => itemRef(x)),
    added: [...after].filter(([k]) => !before.has(k)).map(([, x]) => itemRef(x)),
    removed: [...before].filter(([k]) => !after.has(k)).map(([, x]) => itemRef(x)),
  };
}

/** A warning's identity across revisions: its code, message and file, not its line (lines move with any edit). */
const diagnosticKey = (d: Diagnostic) => `${d.code}\0${d.message}\0${d.location?.file ?? ''}`;
const diagnosticRef = (d: Diagnostic): DiagnosticRef => ({ severity: d.severity, code: d.code, message: d.message, ...(d.location ? { location: d.location } : {}) });

function warningDiff(base: FlakeModel, head: FlakeModel): ModelDiff['warnings'] {
  const relevant = (m: FlakeModel) => m.diagnostics.filter((d) => d.severity !== 'info');
  const was = new Set(relevant(base).map(diagnosticKey));
  const is = new Set(relevant(head).map(diagnosticKey));
  return {
    appeared: relevant(head).filter((d) => !was.has(diagnosticKey(d))).map(diagnosticRef),
    disappeared: relevant(base).filter((d) => !is.has(diagnosticKey(d))).map(diagnosticRef),
  };
}

/**
 * The difference between the models of two revisions.
 * @param base the model before the change
 * @param head the model after it
 */
export function diffModels(base: FlakeModel, head: FlakeModel): ModelDiff {
  return { kind: 'modelDiff', access: accessDiff(base, head), hosts: hostDiff(base, head), options: optionDiff(base, head), planning: planningDiff(base, head), warnings: warningDiff(base, head) };
}

/** How many things changed, by section (0 everywhere: no documented change). */
export function countChanges(d: ModelDiff): { access: number; hosts: number; options: number; planning: number; warnings: number; total: number } {
  const access = d.access.changed.length + d.access.added.length + d.access.removed.length + d.access.uses.length;
  const hosts = d.hosts.added.length + d.hosts.removed.length + d.hosts.changed.length;
  const options = d.options.added.length + d.options.removed.length + d.options.changed.length;
  const planning = d.planning.done.length + d.planning.added.length + d.planning.removed.length;
  const warnings = d.warnings.appeared.length + d.warnings.disappeared.length;
  return { access, hosts, options, planning, warnings, total: access + hosts + options + planning + warnings };
}
