/**
 * "Set on these hosts" under an option: which hosts define it, to what, under which condition or
 * priority, and the line that does. Hosts sharing one definition (a profile's, a common module's)
 * share one line, so a profile imported by fifty hosts adds one line, not fifty.
 */
import type { EffectiveValue } from '../model/hosts.ts';
import type { OptionDoc, Setting } from '../model/index.ts';
import type { OptionSetting } from '../model/settings.ts';
import { splitSettingPath } from '../model/settings.ts';
import { badge, type RenderContext, sourceLink } from './context.ts';
import { link, SPACE, text } from './mdx.ts';

/** Definitions shown before the rest is folded into a `<details>`. */
const SHOWN = 10;
/** Longest value shown inline; the source link leads to the whole of it. */
const MAX_VALUE = 120;

/** One definition and the hosts that share it. */
interface Definition {
  hosts: string[];
  profile: string | null;
  user: string | null;
  /** The names the setting puts where the option has `<name>` / `*`, and any sub-path under an attribute-set option. */
  names: string[];
  setting: Setting;
}

/**
 * The `<dt>`/`<dd>` pair listing the hosts that set `option`, or '' when no host does.
 * @param ctx the render context, whose settings index says who sets what
 * @param option the option
 */
export function setByField(ctx: RenderContext, option: OptionDoc): string {
  const uses = ctx.settings.setBy(option);
  if (!uses.length) return '';
  const items = groupDefinitions(option, uses).map((d) => `<li>${definitionLine(ctx, d)}</li>`);
  const more = items.length > SHOWN ? `<details><summary>${text(`${items.length - SHOWN} more`)}</summary><ul>${items.slice(SHOWN).join('')}</ul></details>` : '';
  // Host names would make every option page a search hit for each host: the host pages answer that.
  return `<dt data-pagefind-ignore>Set on these hosts</dt><dd data-pagefind-ignore><ul class="fd-set-by">${items.slice(0, SHOWN).join('')}</ul>${more}</dd>`;
}

/** Groups host definitions that are the same line with the same value, conditions and priority. */
function groupDefinitions(option: OptionDoc, uses: OptionSetting[]): Definition[] {
  const byKey = new Map<string, Definition>();
  for (const u of uses) {
    const s = u.setting;
    const names = namesOf(option, s.path, u.user);
    const key = JSON.stringify([s.source, s.value, s.computed, s.conditions, s.priority, u.profile, u.user, names]);
    const d = byKey.get(key);
    if (d) {
      if (!d.hosts.includes(u.host)) d.hosts.push(u.host);
    } else byKey.set(key, { hosts: [u.host], profile: u.profile, user: u.user, names, setting: s });
  }
  return [...byKey.values()];
}

/** What a setting's path says beyond the option's name: the names at `<name>` / `*`, and a trailing sub-path. */
function namesOf(option: OptionDoc, path: string, user: string | null): string[] {
  const parts = splitSettingPath(path).slice(user === null ? 0 : 3);
  return parts.filter((seg, i) => i >= option.loc.length || option.loc[i] === '<name>' || option.loc[i] === '*');
}

function definitionLine(ctx: RenderContext, d: Definition): string {
  const s = d.setting;
  const out = [d.hosts.map((h) => link(ctx.router.href({ kind: 'host', name: h }), h)).join(text(', '))];
  if (d.user !== null) out.push(text(` for user ${d.user}`));
  if (d.profile !== null) out.push(`${text(' via profile ')}${link(ctx.router.href({ kind: 'profile', name: d.profile }), d.profile)}`);
  out.push(text(': '));
  // `nextcloud = […]` for `jobs.<name>.paths`: which entry of the attribute set this definition is.
  if (d.names.length) out.push(`<code>${text(d.names.map((n) => (/^[A-Za-z_][\w'-]*$/.test(n) ? n : JSON.stringify(n))).join('.'))}</code>${text(' = ')}`);
  const value = s.value.replace(/\s*\n\s*/g, ' ');
  out.push(`<code class="fd-value">${text(value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value)}</code>`);
  const notes = [
    ...(s.computed ? [badge('computed at evaluation', 'caution')] : []),
    ...(s.priority ? [badge(s.priority)] : []),
    ...s.conditions.map((c) => badge(`if ${c}`, 'note')),
  ];
  for (const n of notes) out.push(`${SPACE}${n}`);
  out.push(`${SPACE}<small>${sourceLink(ctx, s.source)}</small>`);
  return out.join('');
}

/** Each option's effective values, by option name, over every host: indexed once per model. */
const effectiveIndex = new WeakMap<object, Map<string, { host: string; value: EffectiveValue }[]>>();

/** The hosts' effective values of `name`, host by host. */
function effectiveOf(ctx: RenderContext, name: string): { host: string; value: EffectiveValue }[] {
  let index = effectiveIndex.get(ctx.model.hosts);
  if (!index) {
    index = new Map();
    for (const h of ctx.model.hosts) {
      for (const e of h.effective ?? []) {
        let list = index.get(e.option);
        if (!list) index.set(e.option, (list = []));
        list.push({ host: h.name, value: e });
      }
    }
    effectiveIndex.set(ctx.model.hosts, index);
  }
  return index.get(name) ?? [];
}

/** How a priority is written: `mkForce`, `mkDefault`, `mkOptionDefault`, `mkOverride N`; '' for a plain definition. */
export function priorityName(priority: number): string {
  return priority === 100 ? '' : priority === 50 ? 'mkForce' : priority === 1000 ? 'mkDefault' : priority === 1500 ? 'mkOptionDefault' : `mkOverride ${priority}`;
}

/** Where an effective value came from, as HTML: the option's default, or the winning definitions with their priority. */
export function originHtml(ctx: RenderContext, e: EffectiveValue): string {
  if (e.origin === 'default') return text("the option's default");
  if (e.origin === 'empty') return text("the type's empty value");
  const prio = priorityName(e.priority);
  return `${prio ? `${badge(prio)} ` : ''}${e.from.map((f) => sourceLink(ctx, f)).join(', ')}`;
}

/**
 * The `<dt>`/`<dd>` pair giving the value the option ends up with on each host that defines it (hosts
 * with the same value from the same place share a line), or '' when none does.
 */
export function effectiveField(ctx: RenderContext, option: OptionDoc): string {
  const uses = effectiveOf(ctx, option.name);
  if (!uses.length) return '';
  const groups = new Map<string, { hosts: string[]; value: EffectiveValue }>();
  for (const u of uses) {
    const key = JSON.stringify([u.value.value, u.value.origin, u.value.priority, u.value.from]);
    const g = groups.get(key);
    if (g) g.hosts.push(u.host);
    else groups.set(key, { hosts: [u.host], value: u.value });
  }
  const items = [...groups.values()].map((g) => {
    const hosts = g.hosts.map((h) => link(ctx.router.href({ kind: 'host', name: h }), h)).join(', ');
    const value = g.value.value.length > MAX_VALUE ? `${g.value.value.slice(0, MAX_VALUE)}…` : g.value.value;
    return `<li>${hosts}: <code class="fd-value">${text(value)}</code>${SPACE}${text('from')} ${originHtml(ctx, g.value)}</li>`;
  });
  const more = items.length > SHOWN ? `<details><summary>${text(`${items.length - SHOWN} more`)}</summary><ul>${items.slice(SHOWN).join('')}</ul></details>` : '';
  return `<dt data-pagefind-ignore>Value on each host</dt><dd data-pagefind-ignore><ul class="fd-effective">${items.slice(0, SHOWN).join('')}</ul>${more}</dd>`;
}
