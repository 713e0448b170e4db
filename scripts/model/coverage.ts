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
  const trees = at('options/unknown-tree').length;
  if (trees) gaps.push(`${plural(trees, 'option tree')} computed at evaluation: ${trees === 1 ? 'its' : 'their'} options are not documented`);
  const modules = at('hosts/module-unknown').length;
  if (modules) gaps.push(`${plural(modules, 'host module')} could not be evaluated: ${modules === 1 ? 'its' : 'their'} settings and imports are not shown`);
  return { hosts: model.hosts.length, byClass, options: model.options.length, profiles: model.profiles.length, secrets: model.secrets.secrets.length, gaps };
}

/**
 * The coverage as lines of text: what was found, then each gap.
 * @param model the extracted flake
 */
export function coverageLines(model: FlakeModel): string[] {
  const c = coverage(model);
  const classes = Object.entries(c.byClass).map(([cls, n]) => `${n} ${CLASS_WORD[cls] ?? cls}`);
  const found = `${plural(c.hosts, 'host')}${classes.length ? ` (${classes.join(', ')})` : ''}, ${plural(c.profiles, 'profile')}, ${plural(c.options, 'option')}, ${plural(c.secrets, 'secret')}`;
  return [`coverage: ${found}`, ...c.gaps.map((g) => `  not covered: ${g}`)];
}
