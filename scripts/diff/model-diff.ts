/**
 * What a change does, as the difference of two models matched by stable id: who gains or loses the
 * power to decrypt a secret, which host gains or loses a profile or module and which of the flake's
 * own options takes another value on it (from the per-host evaluation), which option changes, which
 * planning item is done, which warning appears. Plain data, the same for the Markdown summary, the
 * JSON output and the site's Changes page; only what changed is in it.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { EffectiveValue, FlakeModel, Host, HostClass, ModuleRef, OptionDoc, PlanItem, Secret } from '../model/index.ts';

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

/** A definition that gave a host its value, and the profile whose file it is in (if one). */
export type ValueSource = SourceLocation & { profile?: string };

/** The value one of the flake's own options has on a host, and why: its default, or the definitions that won at a priority. */
export interface HostValue {
  value: string;
  /** Only known at evaluation: `value` is the source text. */
  computed: boolean;
  origin: EffectiveValue['origin'];
  /** 100 plain, 1000 mkDefault, 50 mkForce, 1500 the option's default. */
  priority: number;
  from: ValueSource[];
}

/** One of the flake's own options whose effective value on a host changed (`null`: the option is not there). */
export interface EffectiveChange {
  option: string;
  group: string;
  before: HostValue | null;
  after: HostValue | null;
}

/** What changed on one host present in both revisions. */
export interface HostChange {
  name: string;
  class: HostClass;
  profilesGained: string[];
  profilesLost: string[];
  modulesGained: string[];
  modulesLost: string[];
  /** The flake's own options whose effective value changed on this host. */
  values: EffectiveChange[];
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

/** The option's default priority (`mkOptionDefault`), which a value that follows the default has. */
const DEFAULT_PRIORITY = 1500;

/** A host as the diff reads it: its explicit values by option, and the files it imports. */
interface HostValues {
  model: FlakeModel;
  /** `undefined`: the host was not evaluated, so nothing is known beyond what it lists. */
  explicit: Map<string, HostValue> | undefined;
  imported: Set<string>;
}

function hostValues(m: FlakeModel, h: Host): HostValues {
  const { profileOf } = indexOf(m);
  const explicit = h.effective
    ? new Map(h.effective.map((e) => {
        const from = e.from.map((l) => (profileOf.has(l.file) ? { ...l, profile: profileOf.get(l.file)! } : l));
        return [e.option, { value: e.value, computed: e.computed, origin: e.origin, priority: e.priority, from }] as const;
      }))
    : undefined;
  return { model: m, explicit, imported: new Set(h.modules.flatMap((x) => (x.kind === 'file' ? [x.path] : []))) };
}

/**
 * The effective value of one of the flake's own options on a host. The per-host evaluation lists the
 * options the host defines (and computed defaults); an option the host does not define but whose
 * declaring module it imports has its literal default.
 */
function valueOf(v: HostValues, name: string): HostValue | null {
  if (!v.explicit) return null;
  const set = v.explicit.get(name);
  if (set) return set;
  const o = indexOf(v.model).optionByName.get(name);
  if (!o || !o.default || o.readOnly || !v.imported.has(o.source.file)) return null;
  return { value: o.default.text, computed: o.computed.includes('default'), origin: 'default', priority: DEFAULT_PRIORITY, from: [] };
}

/** A model's profiles by file and options by name and by declaring file, made once per model. */
const indexes = new WeakMap<FlakeModel, { profileOf: Map<string, string>; optionByName: Map<string, OptionDoc>; optionsByFile: Map<string, OptionDoc[]> }>();
function indexOf(m: FlakeModel) {
  let index = indexes.get(m);
  if (!index) {
    const optionsByFile = new Map<string, OptionDoc[]>();
    for (const o of m.options) (optionsByFile.get(o.source.file) ?? optionsByFile.set(o.source.file, []).get(o.source.file)!).push(o);
    index = { profileOf: new Map(m.profiles.map((p) => [p.path, p.name])), optionByName: byName(m.options, (o) => o.name), optionsByFile };
    indexes.set(m, index);
  }
  return index;
}

/**
 * The options whose default can read differently on an unchanged host: added, removed, or with
 * another default, declaring file or read-only flag.
 */
function defaultsChanged(base: FlakeModel, head: FlakeModel): Set<string> {
  const before = indexOf(base).optionByName;
  const after = indexOf(head).optionByName;
  const out = new Set<string>();
  const same = (a: OptionDoc, b: OptionDoc) => a.default?.text === b.default?.text && a.computed.includes('default') === b.computed.includes('default') && a.readOnly === b.readOnly && a.source.file === b.source.file;
  for (const [name, o] of after) if (!before.has(name) || !same(before.get(name)!, o)) out.add(name);
  for (const name of before.keys()) if (!after.has(name)) out.add(name);
  return out;
}

/**
 * The options whose effective value on a host differs between two revisions, by name. Only options
 * that can differ are looked at: those either revision sets on the host, those whose default
 * changed, and those declared in a file the host started or stopped importing.
 */
function valueChanges(was: HostValues, is: HostValues, changedDefaults: Set<string>, groupOf: Map<string, string>): EffectiveChange[] {
  const names = new Set([...(was.explicit?.keys() ?? []), ...(is.explicit?.keys() ?? []), ...changedDefaults]);
  const declaredIn = (v: HostValues, file: string) => indexOf(v.model).optionsByFile.get(file) ?? [];
  for (const file of was.imported) if (!is.imported.has(file)) for (const o of declaredIn(was, file)) names.add(o.name);
  for (const file of is.imported) if (!was.imported.has(file)) for (const o of declaredIn(is, file)) names.add(o.name);
  // One side evaluated and the other not: every default the evaluated side knows differs.
  if (!was.explicit !== !is.explicit) for (const v of [was, is]) for (const file of v.imported) for (const o of declaredIn(v, file)) names.add(o.name);
  const out: EffectiveChange[] = [];
  for (const name of [...names].sort()) {
    const a = valueOf(was, name);
    const b = valueOf(is, name);
    if (a?.value === b?.value && a?.computed === b?.computed) continue;
    out.push({ option: name, group: groupOf.get(name) ?? '', before: a, after: b });
  }
  return out;
}

function hostDiff(base: FlakeModel, head: FlakeModel): ModelDiff['hosts'] {
  const key = (h: Host) => `${h.class}\0${h.name}`;
  const before = byName(base.hosts, key);
  const after = byName(head.hosts, key);
  // An option's group as the head names it, else as the base did.
  const groupOf = new Map([...base.options, ...head.options].map((o) => [o.name, o.group]));
  const changedDefaults = defaultsChanged(base, head);
  const changed: HostChange[] = [];
  for (const [k, h] of after) {
    const old = before.get(k);
    if (!old) continue;
    const profilesWas = new Set(old.profiles);
    const profilesIs = new Set(h.profiles);
    // A profile's own file is named by the profile: listed once, as a profile.
    const profileFiles = (m: FlakeModel, names: string[]) => new Set(m.profiles.filter((p) => names.includes(p.name)).map((p) => p.path));
    const ownWas = profileFiles(base, old.profiles);
    const ownIs = profileFiles(head, h.profiles);
    const modulesWas = new Set(old.modules.map(moduleName).filter((m): m is string => !!m && !ownWas.has(m)));
    const modulesIs = new Set(h.modules.map(moduleName).filter((m): m is string => !!m && !ownIs.has(m)));
    const values = valueChanges(hostValues(base, old), hostValues(head, h), changedDefaults, groupOf);
    const change: HostChange = {
      name: h.name,
      class: h.class,
      profilesGained: minus(profilesIs, profilesWas),
      profilesLost: minus(profilesWas, profilesIs),
      modulesGained: minus(modulesIs, modulesWas),
      modulesLost: minus(modulesWas, modulesIs),
      values,
    };
    if (change.profilesGained.length || change.profilesLost.length || change.modulesGained.length || change.modulesLost.length || values.length) changed.push(change);
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
