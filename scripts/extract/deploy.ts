/**
 * Deployment targets: colmena hives (`colmena` / `colmenaHive` outputs: `<node>.deployment.targetHost`,
 * `targetUser`, `tags`; `meta` and `defaults` are not nodes), deploy-rs (`deploy.nodes.<name>.hostname`,
 * `sshUser`, `profiles.system.user`) and clan (`inventory.machines.<name>.deploy.targetHost`, or
 * `clan.core.networking.targetHost` set in a machine).
 */
import type { SourceLocation } from '../diagnostics.ts';
import type { DeployTarget, Setting } from '../model/hosts.ts';
import { type Engine, getAttr, type Thunk, typeTag, type Value } from '../nix/index.ts';

/** colmena attributes of a hive that are not nodes. */
const HIVE_META = new Set(['meta', 'defaults']);

/** A colmena node: its module (and the hive's `defaults`), where it is defined. */
export interface HiveNode {
  name: string;
  modules: Thunk[];
  source: SourceLocation;
}

/** Unwraps `mkDefault`/`mkForce`/`mkOverride` around a value. */
function unwrap(v: Value | undefined): Value | undefined {
  for (let i = 0; v && i < 10; i++) {
    const tag = typeTag(v);
    if (tag !== 'override' && tag !== 'order') return v;
    v = getAttr(v, 'content')?.force();
  }
  return v;
}

/** Reads a dotted path of a module's configuration (its `config`, or the module itself). */
function configPath(engine: Engine, module: Value, args: Record<string, Value>, path: string[]): Value | undefined {
  let m = engine.evalModule(module, args);
  if (m.kind !== 'attrs') return undefined;
  if (m.attrs.has('config') || m.attrs.has('options')) m = getAttr(m, 'config')?.force() ?? m;
  let cur: Value | undefined = m;
  for (const k of path) cur = unwrap(getAttr(cur ?? { kind: 'null' }, k)?.force());
  return cur;
}

function stringOf(v: Value | undefined): string | null {
  return v?.kind === 'string' ? v.value : null;
}

function stringsOf(v: Value | undefined): string[] {
  return v?.kind === 'list' ? v.items.flatMap((t) => stringOf(t.force()) ?? []) : [];
}

/** A `{ file; line; column; }` set as a location. */
function locationOf(v: Value | undefined): SourceLocation | undefined {
  const file = stringOf(getAttr(v ?? { kind: 'null' }, 'file')?.force());
  const line = getAttr(v ?? { kind: 'null' }, 'line')?.force();
  const column = getAttr(v ?? { kind: 'null' }, 'column')?.force();
  return file && line?.kind === 'int' ? { file, line: line.value, column: column?.kind === 'int' ? column.value : 1 } : undefined;
}

/** The text of a printed Nix string (`"root@10.0.0.2"`). */
function unquote(printed: string): string | null {
  try {
    return JSON.parse(printed) as string;
  } catch {
    return null;
  }
}

/** Splits `user@host` as clan writes its target hosts. */
function splitTarget(target: string | null): { user: string | null; host: string | null } {
  if (!target) return { user: null, host: null };
  const at = target.lastIndexOf('@');
  return at > 0 ? { user: target.slice(0, at), host: target.slice(at + 1) } : { user: null, host: target };
}

/** The nodes of a colmena hive output (`colmena` or `colmenaHive`), if the flake has one. */
export function hiveNodes(outputs: Value): HiveNode[] {
  const hive = getAttr(outputs, 'colmenaHive')?.force() ?? getAttr(outputs, 'colmena')?.force();
  if (hive?.kind !== 'attrs') return [];
  const defaults = hive.attrs.get('defaults');
  const where = (getAttr(outputs, 'colmenaHive') ? outputs.kind === 'attrs' && outputs.locs?.get('colmenaHive') : outputs.kind === 'attrs' && outputs.locs?.get('colmena')) || { file: 'flake.nix', line: 1, column: 1 };
  return [...hive.attrs.keys()]
    .filter((k) => !HIVE_META.has(k) && !k.startsWith('_'))
    .sort()
    .map((name) => ({ name, modules: [...(defaults ? [defaults] : []), hive.attrs.get(name)!], source: hive.locs?.get(name) ?? where }));
}

/**
 * The deployment targets of every host name the flake's deployment tools mention.
 * @param engine the evaluator
 * @param outputs the flake's outputs
 * @param hostOf the host name of each configuration value (a deploy-rs node activating one is that host's)
 */
export function deployTargets(engine: Engine, outputs: Value, hostOf: Map<Value, string> = new Map()): Map<string, DeployTarget[]> {
  const out = new Map<string, DeployTarget[]>();
  const add = (name: string, t: DeployTarget) => out.set(name, [...(out.get(name) ?? []), t]);
  for (const node of hiveNodes(outputs)) {
    const args = { name: { kind: 'string', value: node.name } as Value, nodes: { kind: 'unknown', reason: 'nodes' } as Value };
    const read = (k: string) => {
      let found: Value | undefined;
      for (const m of node.modules) found = configPath(engine, m.force(), args, ['deployment', k]) ?? found;
      return found;
    };
    add(node.name, { tool: 'colmena', targetHost: stringOf(read('targetHost')), user: stringOf(read('targetUser')), tags: stringsOf(read('tags')), source: node.source });
  }
  const nodes = getAttr(getAttr(outputs, 'deploy')?.force() ?? { kind: 'null' }, 'nodes')?.force();
  if (nodes?.kind === 'attrs') {
    for (const name of [...nodes.attrs.keys()].sort()) {
      const n = nodes.attrs.get(name)!.force();
      const system = getAttr(getAttr(n, 'profiles')?.force() ?? { kind: 'null' }, 'system')?.force();
      const user = [getAttr(n, 'sshUser'), system && getAttr(system, 'sshUser'), system && getAttr(system, 'user'), getAttr(n, 'user')]
        .map((t) => stringOf(t?.force()))
        .find((u) => u !== null);
      const path = system && getAttr(system, 'path')?.force();
      const target = path && typeTag(path) === 'flake-docs-activation' ? getAttr(path, 'target')?.force() : undefined;
      add((target && hostOf.get(target)) ?? name, { tool: 'deploy-rs', targetHost: stringOf(getAttr(n, 'hostname')?.force()), user: user ?? null, tags: [], source: nodes.locs?.get(name) ?? { file: 'flake.nix', line: 1, column: 1 } });
    }
  }
  return out;
}

/**
 * A clan machine's target: the inventory's (carried on the configuration value), else the machine's own
 * `clan.core.networking.targetHost` setting.
 */
export function clanTarget(system: Value, settings: Setting[], source: SourceLocation): DeployTarget | undefined {
  const d = getAttr(system, 'deploy')?.force();
  const inventory = d?.kind === 'attrs' && stringOf(getAttr(d, 'tool')?.force()) === 'clan' ? d : undefined;
  const setting = settings.find((s) => s.path === 'clan.core.networking.targetHost' && !s.computed && !s.conditions.length && s.value.startsWith('"'));
  if (!inventory && !setting) return undefined;
  const fromInventory = stringOf(getAttr(inventory ?? { kind: 'null' }, 'targetHost')?.force());
  const stated = fromInventory ?? (setting ? unquote(setting.value) : null);
  const { user, host } = splitTarget(stated);
  const statedAt = inventory ? locationOf(getAttr(inventory, 'loc')?.force()) : undefined;
  return { tool: 'clan', targetHost: host, user, tags: stringsOf(getAttr(inventory ?? { kind: 'null' }, 'tags')?.force()), source: fromInventory || !setting ? (statedAt ?? source) : setting.source };
}
