/**
 * What the static reading of a flake covered, and what it could not: the first thing `check` prints
 * and the Diagnostics page says, so that "0 options" reads as a gap with its cause, not as a fact.
 */
import type { FlakeModel } from './index.ts';
import { plural } from '../plural.ts';

/** Counts of what was found, and the gaps in it, each a sentence. */
export interface Coverage {
  hosts: number;
  byClass: Record<string, number>;
  options: number;
  profiles: number;
  secrets: number;
  gaps: string[];
  /** Checks that did not run because what they depend on was not found, each with why. */
  switchedOff: string[];
}

/** `(lib.<namespace>.<function>)` as the cause of an unknown option tree, with the file defining it once known (`, from lib/default.nix`). */
const HELPER = /\((lib\.([\w'-]+)\.[\w'-]+)(?:, from ([^)]+))?\)/;
const NIXPKGS_GROUPS = new Set(['types', 'attrsets', 'lists', 'strings', 'options', 'modules', 'trivial', 'fixedPoints', 'customisation', 'sources', 'meta', 'versions', 'systems', 'licenses', 'maintainers', 'teams', 'cli', 'generators', 'filesystem', 'fileset', 'path', 'gvariant', 'asserts', 'debug', 'derivations', 'kernel', 'network', 'misc', 'services', 'platforms']);

/**
 * The helper of the flake's own library (`lib.my.mkOpt`, not one of nixpkgs' groups) a note gives as
 * its cause: the cause as written, the helper's name and the file defining it when known.
 * @param message the note's message
 */
export function helperCause(message: string): { cause: string; name: string; file?: string } | undefined {
  const m = HELPER.exec(message);
  if (!m || NIXPKGS_GROUPS.has(m[2]!)) return undefined;
  return { cause: m[0], name: m[1]!, ...(m[3] ? { file: m[3] } : {}) };
}

const CLASS_WORD: Record<string, string> = { nixos: 'NixOS', darwin: 'nix-darwin', home: 'home-manager', 'system-manager': 'system-manager' };

/**
 * The coverage of a model.
 * @param model the extracted flake
 */
export function coverage(model: FlakeModel): Coverage {
  const byClass: Record<string, number> = {};
  for (const h of model.hosts) byClass[h.class] = (byClass[h.class] ?? 0) + 1;
  const gaps: string[] = [];
  const at = (code: string) => model.diagnostics.filter((d) => d.code === code);
  const where = (d: { location?: { file: string; line: number } }) => (d.location ? ` (${d.location.file}:${d.location.line})` : '');
  const outputs = at('hosts/outputs-unknown')[0];
  if (!model.hosts.length) gaps.push(outputs ? `no host found: the flake's outputs could not be evaluated statically${where(outputs)}` : 'no host found: the flake defines no nixosConfigurations, darwinConfigurations, homeConfigurations or systemConfigs that static reading can follow');
  const sets = at('hosts/unknown-set').length;
  if (sets) gaps.push(`${plural(sets, 'set')} of configurations computed in a way static reading cannot follow: their hosts are not listed`);
  const trees = at('options/unknown-tree');
  const helpers = new Map<string, string | undefined>();
  for (const d of trees) {
    const h = helperCause(d.message);
    if (h) helpers.set(h.name, h.file);
  }
  const byHelper = trees.filter((d) => helperCause(d.message)).length;
  const named = [...helpers].sort(([a], [b]) => a.localeCompare(b)).map(([name, file]) => `\`${name}\`${file ? ` from ${file}` : ''}`);
  if (byHelper) gaps.push(`${plural(byHelper, 'option')} not documented: built by ${named.join(', ')}, the flake's own library, which static reading could not reach (it needs the flake's outputs)`);
  const others = trees.length - byHelper;
  if (others) gaps.push(`${plural(others, 'option tree')} computed at evaluation: ${others === 1 ? 'its' : 'their'} options are not documented`);
  const modules = at('hosts/module-unknown').length;
  if (modules) gaps.push(`${plural(modules, 'host module')} could not be evaluated: ${modules === 1 ? 'its' : 'their'} settings and imports are not shown`);
  const switchedOff: string[] = [];
  if (!model.hosts.length && model.secrets.secrets.length) switchedOff.push('whether each secret is used, and by whom: it needs the hosts, and none was found');
  return { hosts: model.hosts.length, byClass, options: model.options.length, profiles: model.profiles.length, secrets: model.secrets.secrets.length, gaps, switchedOff };
}

/**
 * The coverage as lines of text: what was found, then each gap.
 * @param model the extracted flake
 */
export function coverageLines(model: FlakeModel): string[] {
  const c = coverage(model);
  const classes = Object.entries(c.byClass).map(([cls, n]) => `${n} ${CLASS_WORD[cls] ?? cls}`);
  const found = `${plural(c.hosts, 'host')}${classes.length ? ` (${classes.join(', ')})` : ''}, ${plural(c.profiles, 'profile')}, ${plural(c.options, 'option')}, ${plural(c.secrets, 'secret')}`;
  return [`coverage: ${found}`, ...c.gaps.map((g) => `  not covered: ${g}`), ...c.switchedOff.map((s) => `  switched off: ${s}`)];
}
