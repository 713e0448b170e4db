/**
 * A host's configuration as the module system evaluates it (one `evalModules` per host, lazily), and
 * what the site reads from it: the secrets the host declares (`age.secrets`, `sops.secrets`, matched
 * later by the file they evaluate to), the `.age` files its configuration references by path, and the
 * effective values of the flake's own options with where they came from.
 */
import type { SourceLocation } from '../diagnostics.ts';
import type { EffectiveValue, HostSecretUse } from '../model/hosts.ts';
import type { OptionDoc } from '../model/options.ts';
import { type Engine, type Evaluation, getAttr, isSecretName, ready, type Thunk, type Value } from '../nix/index.ts';
import { containsUnknown, renderValue } from '../nix/print.ts';

/** The most nodes of a configuration walked for `.age` paths, per host. */
const WALK_BUDGET = 20_000;
/** The longest printed effective value before it is summarised. */
const MAX_PRINTED = 2_000;

/**
 * Evaluates a host's modules with its special arguments; diagnostics of module bodies are those the
 * module walk already reported, so only conflicts between definitions are kept.
 */
export function evaluateHost(engine: Engine, modules: Thunk[], specialArgs: Map<string, Thunk>, file: string): Evaluation {
  return engine.evalModules({ modules, specialArgs, file });
}

/** Runs a read of a host's configuration, keeping only the conflicts it finds among its diagnostics. */
export function readQuietly<T>(engine: Engine, fn: () => T): T {
  const { value, withheld } = engine.withholdDiagnostics(fn);
  engine.restoreDiagnostics(withheld.filter((d) => d.code === 'modules/conflict'));
  return value;
}

/** A string field of a secret's entry, when known. */
function field(entry: Value, name: string): string | null {
  const v = getAttr(entry, name)?.force();
  return v?.kind === 'string' ? v.value : v?.kind === 'int' ? String(v.value) : null;
}

/** A file value (path, or absolute string inside the flake) as a flake-relative path. */
function fileOf(engine: Engine, v: Value | undefined): string | null {
  if (!v) return null;
  const abs = v.kind === 'path' ? v.path : v.kind === 'string' && v.value.startsWith('/') ? v.value : undefined;
  if (abs === undefined) return null;
  const rel = engine.relative(abs);
  return rel.startsWith('..') ? null : rel;
}

/** The secrets a host's evaluated configuration declares, with the file each evaluates to. */
export function secretUses(engine: Engine, config: Value, fallback: SourceLocation): HostSecretUse[] {
  const out: HostSecretUse[] = [];
  const sops = getAttr(config, 'sops')?.force();
  const defaultSops = sops && getAttr(sops, 'defaultSopsFile')?.force();
  for (const [top, backend] of [['age', 'agenix'], ['sops', 'sops']] as const) {
    const set = getAttr(config, top)?.force();
    const secrets = set && getAttr(set, 'secrets')?.force();
    if (secrets?.kind !== 'attrs') continue;
    for (const name of [...secrets.attrs.keys()].sort()) {
      const entry = secrets.attrs.get(name)!.force();
      // agenix-rekey names the master-encrypted file `rekeyFile`; it provides the secret as `file` does.
      const fileV = (backend === 'agenix' ? (getAttr(entry, 'file') ?? getAttr(entry, 'rekeyFile'))?.force() : getAttr(entry, 'sopsFile')?.force()) ?? (backend === 'sops' ? defaultSops : undefined);
      out.push({
        backend,
        name,
        file: fileOf(engine, fileV),
        format: backend === 'sops' ? field(entry, 'format') : null,
        computedFile: fileV?.kind === 'unknown',
        outside: backend === 'sops' && fileV?.kind === 'string' && fileV.value.startsWith('/') ? fileV.value : null,
        key: backend === 'sops' ? (field(entry, 'key') ?? null) : null,
        owner: field(entry, 'owner'),
        group: field(entry, 'group'),
        mode: field(entry, 'mode'),
        path: field(entry, 'path'),
        source: secrets.locs?.get(name) ?? fallback,
      });
    }
  }
  return out;
}

/**
 * The people a host's evaluated configuration makes accounts for: `users.users.<name>` with
 * `isNormalUser = true` (on nix-darwin, every `users.users` entry: it has no system users to tell
 * apart), then home-manager users; names only known at evaluation are left out.
 */
export function configUsers(config: Value, darwin: boolean): string[] {
  const found = new Set<string>();
  const set = (v: Value | undefined, ...names: string[]) => {
    let cur = v;
    for (const n of names) cur = cur && getAttr(cur, n)?.force();
    return cur?.kind === 'attrs' ? cur : undefined;
  };
  for (const [name, t] of set(config, 'users', 'users')?.attrs ?? []) {
    if (name.includes('${')) continue;
    const normal = getAttr(t.force(), 'isNormalUser')?.force();
    if (darwin || (normal?.kind === 'bool' && normal.value)) found.add(name);
  }
  for (const name of set(config, 'home-manager', 'users')?.attrs.keys() ?? []) if (!name.includes('${')) found.add(name);
  return [...found];
}

/** Where a configuration hands files to the system by path: `/etc` entries, home-manager files. */
const FILE_PLACES = [['environment', 'etc'], ['home', 'file'], ['xdg', 'configFile']];

/**
 * The `.age` files a configuration references by path outside `age.secrets` (a unit that decrypts
 * `environment.etc."x.age".source` itself), as flake-relative paths. Only the places that take files
 * are walked (forcing the whole configuration would evaluate every module body), within a node budget.
 */
export function referencedAgeFiles(engine: Engine, config: Value): { file: string; source?: SourceLocation }[] {
  const out = new Map<string, SourceLocation | undefined>();
  let budget = WALK_BUDGET;
  const walk = (v: Value, loc: SourceLocation | undefined, depth: number) => {
    if (--budget < 0 || depth > 6) return;
    if (v.kind === 'path' && v.path.endsWith('.age')) {
      const rel = fileOf(engine, v);
      if (rel && !out.has(rel)) out.set(rel, loc);
    } else if (v.kind === 'attrs') {
      for (const [k, t] of v.attrs) walk(t.force(), v.locs?.get(k) ?? loc, depth + 1);
    } else if (v.kind === 'list') {
      for (const t of v.items) walk(t.force(), loc, depth + 1);
    }
  };
  for (const place of FILE_PLACES) {
    let cur: Value | undefined = config;
    for (const seg of place) cur = cur && getAttr(cur, seg)?.force();
    if (cur) walk(cur, undefined, 0);
  }
  return [...out].map(([file, source]) => ({ file, source }));
}

/**
 * The effective value of each of the flake's own options a host's modules define, with where it came
 * from; an option left at its default is listed only when that default is computed (it may read the
 * host's configuration), since the option's page already shows a literal one.
 */
export function effectiveValues(engine: Engine, evaluation: Evaluation, options: OptionDoc[]): EffectiveValue[] {
  const out: EffectiveValue[] = [];
  const { shown, trie } = shownOptions(options);
  const defined = definedOptions(evaluation, trie);
  for (const s of shown) {
    const { o, computedDefault } = s;
    // Merging only what the host defines (or a default that may read its configuration).
    if (!computedDefault && !defined.has(s)) continue;
    const e = evaluation.effective(o.loc);
    if (!e || (e.origin !== 'definitions' && !computedDefault)) continue;
    const shown = redactSecrets(e.value, o.loc.at(-1)!, 0);
    let value = renderValue(shown, { path: (abs) => `./${engine.relative(abs)}` });
    if (value.length > MAX_PRINTED) value = `${value.slice(0, MAX_PRINTED)} …`;
    out.push({
      option: o.name,
      value,
      computed: containsUnknown(shown),
      origin: e.origin,
      priority: e.priority,
      from: e.from.map((f) => f.loc ?? { file: f.file, line: 1, column: 1 }),
    });
  }
  return out;
}

/** An option a host page may show, and whether its default is computed (it may read the host's configuration). */
interface Shown {
  o: OptionDoc;
  computedDefault: boolean;
}

/** The shown options by path, so that a host's definitions are looked up only below the names it defines. */
interface ShownTrie {
  here: Shown[];
  kids: Map<string, ShownTrie>;
}

/** The options a host page may show a value of (not templates such as `<name>`, not read-only), found once for all hosts. */
const SHOWN = new WeakMap<OptionDoc[], { length: number; shown: Shown[]; trie: ShownTrie }>();
function shownOptions(options: OptionDoc[]): { shown: Shown[]; trie: ShownTrie } {
  const cached = SHOWN.get(options);
  if (cached?.length === options.length) return cached;
  const shown = options.filter((o) => !o.readOnly && !o.loc.some((s) => s === '<name>' || s === '*' || s.startsWith('<'))).map((o) => ({ o, computedDefault: o.computed.includes('default') }));
  const trie: ShownTrie = { here: [], kids: new Map() };
  for (const s of shown) {
    let node = trie;
    for (const seg of s.o.loc) {
      let kid = node.kids.get(seg);
      if (!kid) node.kids.set(seg, (kid = { here: [], kids: new Map() }));
      node = kid;
    }
    node.here.push(s);
  }
  const entry = { length: options.length, shown, trie };
  SHOWN.set(options, entry);
  return entry;
}

/**
 * The shown options a host's modules define: the trie is walked only where some module defines the
 * path so far (no definition of `a` means none of `a.b`), not option by option (10,000 per host).
 */
function definedOptions(evaluation: Evaluation, trie: ShownTrie): Set<Shown> {
  const out = new Set<Shown>();
  const walk = (node: ShownTrie, path: string[]) => {
    for (const s of node.here) out.add(s);
    for (const [seg, kid] of node.kids) {
      const p = [...path, seg];
      if (evaluation.definitionCount(p)) walk(kid, p);
    }
  };
  for (const [seg, kid] of trie.kids) if (evaluation.definitionCount([seg])) walk(kid, [seg]);
  return out;
}

/** A value with every string under a secret-looking name (`password`, `apiToken`…) replaced by a redaction mark. */
function redactSecrets(v: Value, name: string, depth: number): Value {
  if (v.kind === 'string' && isSecretName(name)) return { kind: 'string', value: `‹redacted: ${name}›` };
  if (depth > 20) return v;
  if (v.kind === 'attrs') {
    const attrs = new Map<string, Thunk>();
    for (const [k, t] of v.attrs) attrs.set(k, ready(redactSecrets(t.force(), k, depth + 1)));
    return { kind: 'attrs', attrs };
  }
  if (v.kind === 'list') return { kind: 'list', items: v.items.map((t) => ready(redactSecrets(t.force(), name, depth + 1))) };
  return v;
}
