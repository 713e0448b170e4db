/**
 * Finds names in text in linear time: the leftmost, then longest, name standing as a whole word (not
 * touching a letter, digit, `_` or `-`), compared without case. A regular expression alternating
 * thousands of names (every ticket id of a big roadmap) costs names × text per string; this walks a
 * trie from each word start, so a string costs its length × the longest name.
 */

/** One trie node: children by lower-cased character, and the key of a name ending here. */
interface Node {
  next: Map<string, Node>;
  key?: string;
}

/** A name found: where it starts, its length, and the lower-cased key it was added under. */
export interface NameMatch {
  index: number;
  length: number;
  key: string;
}

const WORD = /[\p{L}\p{N}_-]/u;

/** True when the character ending just before `i` is a word character. */
function wordBefore(s: string, i: number): boolean {
  if (i === 0) return false;
  const low = s.charCodeAt(i - 1);
  const at = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1;
  return WORD.test(String.fromCodePoint(s.codePointAt(at)!));
}

/** True when the character starting at `i` is a word character. */
function wordAt(s: string, i: number): boolean {
  return i < s.length && WORD.test(String.fromCodePoint(s.codePointAt(i)!));
}

/** A set of names to find in text. */
export class NameMatcher {
  private readonly root: Node = { next: new Map() };
  /** How many names were added. */
  size = 0;

  /**
   * Adds a name (blank ones are ignored).
   * @param key the lower-cased name, returned with each match
   */
  add(key: string): void {
    if (!key.trim()) return;
    let node = this.root;
    for (const ch of key) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map() }));
      node = child;
    }
    if (node.key === undefined) this.size++;
    node.key = key;
  }

  /**
   * Every name in `value`, left to right, not overlapping.
   * @param value the text
   */
  *matches(value: string): Generator<NameMatch> {
    for (let i = 0; i < value.length; ) {
      let end = -1;
      let key: string | undefined;
      if (!wordBefore(value, i)) {
        let node: Node | undefined = this.root;
        for (let j = i; node && j < value.length; ) {
          const ch = String.fromCodePoint(value.codePointAt(j)!);
          j += ch.length;
          node = node.next.get(ch.toLowerCase());
          if (node?.key !== undefined && !wordAt(value, j)) {
            end = j;
            key = node.key;
          }
        }
      }
      if (key !== undefined) {
        yield { index: i, length: end - i, key };
        i = end;
      } else i++;
    }
  }
}
