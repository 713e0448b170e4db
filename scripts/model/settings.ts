/**
 * Which host settings set which option of the flake's own modules. One index for the whole site,
 * built in one pass over the options (a trie keyed by option path, `<name>` and `*` matching any
 * name) and one pass over the hosts' settings: O(options + settings), never options × settings.
 */
import type { Host, Profile, Setting } from './hosts.ts';
import type { OptionDoc } from './options.ts';

/** Splits a dotted setting path, unquoting quoted names: `a."b.c".d` → `a`, `b.c`, `d`. */
export function splitSettingPath(p: string): string[] {
  return [...p.matchAll(/"((?:[^"\\]|\\.)*)"|[^.]+/g)].map((m) => (m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[0]));
}

/** One host's definition of an option. */
export interface OptionSetting {
  /** The host whose configuration holds the definition. */
  host: string;
  /** The profile the definition is written in, when its file is a profile the host imports. */
  profile: string | null;
  /** The home-manager user, when a system host sets it as `home-manager.users.<user>.…`. */
  user: string | null;
  setting: Setting;
}

/** The option a setting path sets, and the home-manager user it is set for. */
export interface SettingMatch {
  option: OptionDoc;
  /** The user of `home-manager.users.<user>.…`, or null for the host's own option tree. */
  user: string | null;
}

/** Settings matched to options, for the option pages (who sets it) and the host pages (what it is). */
export interface SettingsIndex {
  /**
   * The option a setting path of a host of class `cls` sets, or undefined when it is none of the flake's own.
   * @param path the setting's dotted path, as in `Setting.path`
   * @param cls the host's class (`nixos`, `darwin`, `home`…): preferred when two module classes declare one name
   */
  match(path: string, cls: string): SettingMatch | undefined;
  /** Every host's definitions of `option`, in host order then in the host's setting order. */
  setBy(option: OptionDoc): OptionSetting[];
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** The child for `<name>` (attrsOf) and `*` (listOf) placeholders: any one name. */
  any?: TrieNode;
  /** Options declared at exactly this path (several when module classes share a name). */
  options: OptionDoc[];
}

const newNode = (): TrieNode => ({ children: new Map(), options: [] });

/** The option class of a group (`home/git` → `home`). */
const classOfGroup = (group: string): string => group.split('/')[0]!;

/**
 * Whether an option's value is an attribute set whose names are free, so that setting `opt.x.y`
 * defines `opt` itself: attribute sets, submodules (freeform ones take their freeform type's
 * description), `pkgs.formats` values, `anything`; also a type only evaluation knows.
 */
export function holdsAttributes(option: OptionDoc): boolean {
  if (option.computed.includes('type')) return true;
  return topLevelAlternatives(option.type).some((alt) => /^(?:lazy )?attribute set\b|^submodule\b|^anything$|(?:^| )value$/.test(alt));
}

/** `null or (attribute set of string)` → `null`, `attribute set of string`: the ` or ` outside parentheses. */
function topLevelAlternatives(type: string): string[] {
  const alts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && type.startsWith(' or ', i)) {
      alts.push(type.slice(start, i));
      start = i + 4;
    }
  }
  alts.push(type.slice(start));
  return alts.map((a) => (/^\(.*\)$/.test(a) ? a.slice(1, -1) : a));
}

/** The deepest option along `parts` from `node`, with how many segments it consumed; literal names beat placeholders. */
function deepest(node: TrieNode, parts: string[], i: number, cls: string): { option: OptionDoc; depth: number } | undefined {
  let found: { option: OptionDoc; depth: number } | undefined;
  if (node.options.length) {
    const option = node.options.find((o) => classOfGroup(o.group) === cls) ?? node.options[0]!;
    if (i === parts.length || holdsAttributes(option)) found = { option, depth: i };
  }
  if (i === parts.length) return found;
  for (const child of [node.children.get(parts[i]!), node.any]) {
    const below = child && deepest(child, parts, i + 1, cls);
    if (below && (!found || below.depth > found.depth)) found = below;
  }
  return found;
}

/**
 * Builds the index of which hosts set which options.
 * @param options the flake's own options
 * @param hosts every host, with its settings
 * @param profiles the profiles, to attribute a definition written in a profile file to that profile
 */
export function indexSettings(options: OptionDoc[], hosts: Host[], profiles: Profile[]): SettingsIndex {
  const root = newNode();
  for (const o of options) {
    let node = root;
    for (const seg of o.loc) {
      if (seg === '<name>' || seg === '*') node = node.any ??= newNode();
      else {
        let next = node.children.get(seg);
        if (!next) node.children.set(seg, (next = newNode()));
        node = next;
      }
    }
    node.options.push(o);
  }
  const match = (path: string, cls: string): SettingMatch | undefined => {
    const parts = splitSettingPath(path);
    const own = deepest(root, parts, 0, cls);
    if (own) return { option: own.option, user: null };
    // A system host's home-manager users: `home-manager.users.<user>.<home option>`.
    if (cls !== 'home' && parts.length > 3 && parts[0] === 'home-manager' && parts[1] === 'users') {
      const home = deepest(root, parts, 3, 'home');
      if (home) return { option: home.option, user: parts[2]! };
    }
    return undefined;
  };
  const profileOf = new Map(profiles.map((p) => [p.path, p]));
  const byOption = new Map<OptionDoc, OptionSetting[]>();
  for (const h of hosts) {
    for (const setting of h.settings) {
      const m = match(setting.path, h.class);
      if (!m) continue;
      const p = profileOf.get(setting.source.file);
      const profile = p && (p.hosts.includes(h.name) || h.profiles.includes(p.name)) ? p.name : null;
      const list = byOption.get(m.option) ?? [];
      list.push({ host: h.name, profile, user: m.user, setting });
      byOption.set(m.option, list);
    }
  }
  return { match, setBy: (option) => byOption.get(option) ?? [] };
}
