/**
 * The flake's options indexed once per extraction, so that matching a host's settings against them
 * costs a few map lookups per setting instead of a scan of every option.
 */
import type { OptionDoc } from '../model/options.ts';

/** Segments of an option's path that stand for any attribute name or list index. */
const WILDCARDS = new Set(['<name>', '*']);

/** One level of the path trie: literal segments, and the one branch every segment matches. */
interface TrieNode {
  literal: Map<string, TrieNode>;
  wildcard?: TrieNode;
  /** Positions (in the given option list) of the options whose path ends here. */
  ends: number[];
}

const node = (): TrieNode => ({ literal: new Map(), ends: [] });

/** The options by full name and by path, where `<name>` and `*` match any segment. */
export class OptionIndex {
  private readonly byName = new Map<string, OptionDoc>();
  private readonly root = node();

  /**
   * Indexes options; where several match a path by pattern, the earliest in this list wins.
   * @param options the flake's options, in their documented order
   */
  private readonly options: readonly OptionDoc[];
  constructor(options: readonly OptionDoc[]) {
    this.options = options;
    options.forEach((o, i) => {
      // The last option of a name wins, as in a `Map` built from the list.
      this.byName.set(o.name, o);
      let at = this.root;
      for (const seg of o.loc) {
        if (WILDCARDS.has(seg)) at = at.wildcard ??= node();
        else {
          let next = at.literal.get(seg);
          if (!next) at.literal.set(seg, (next = node()));
          at = next;
        }
      }
      at.ends.push(i);
    });
  }

  /**
   * The option a setting path sets: the one named exactly so, else the first whose path matches
   * segment by segment with `<name>` and `*` matching anything.
   * @param parts the setting's path, split into segments
   */
  match(parts: readonly string[]): OptionDoc | undefined {
    return this.byName.get(parts.join('.')) ?? this.firstMatch(parts);
  }

  private firstMatch(parts: readonly string[]): OptionDoc | undefined {
    let best = Infinity;
    // Depth-first over the branches that match; only wildcards fork, so the walk stays small.
    const stack: [TrieNode, number][] = [[this.root, 0]];
    while (stack.length) {
      const [at, depth] = stack.pop()!;
      if (depth === parts.length) {
        if (at.ends.length && at.ends[0]! < best) best = at.ends[0]!;
        continue;
      }
      const lit = at.literal.get(parts[depth]!);
      if (lit) stack.push([lit, depth + 1]);
      if (at.wildcard) stack.push([at.wildcard, depth + 1]);
    }
    return best === Infinity ? undefined : this.options[best];
  }
}
