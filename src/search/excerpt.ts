/**
 * Pagefind's excerpts as DOM nodes without parsing HTML: an excerpt is the page's text with `<` and
 * `>` escaped and the matched words wrapped in `<mark>`, so it is split on those tags and every other
 * character becomes text. Page text comes from the flake: untrusted.
 */

/** A run of excerpt text; `marked` when it is a matched word. */
export interface ExcerptPart {
  text: string;
  marked: boolean;
}

/** The text Pagefind escaped, back as characters (it escapes `<` and `>` only). */
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * Splits an excerpt into plain and marked runs, in order, empty runs left out.
 * @param excerpt an excerpt as `result.data()` gives it
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  return excerpt
    .split(/<mark>(.*?)<\/mark>/)
    .map((text, i) => ({ text: unescape(text), marked: i % 2 === 1 }))
    .filter((part) => part.text);
}

/** The words an option's name is indexed under: its segments split at punctuation and camelCase (as the option pages write them). */
export function nameWords(name: string): string[] {
  return name.split(/(?<=[a-z])(?=[A-Z])|[^A-Za-z0-9]+/).filter(Boolean);
}

/** A dotted name as it shows in page text (`systems.backups.jobs.<name>.paths`). */
const DOTTED = /[A-Za-z0-9_<>*-]+(?:\.[A-Za-z0-9_<>*"-]+)+/g;

/**
 * Leaves out of an excerpt the words each option name is indexed under, which are in the page for
 * search only (hidden from readers) and would read as a garbled repeat of the name: a whole run of a
 * name's words, or part of one where the excerpt starts or ends inside it. Runs are only ever
 * separated by spaces: the name itself, written with dots, stays.
 * @param parts the excerpt's runs
 * @param names option names the excerpt may hold (its sections' titles); dotted names in its text count too
 */
export function withoutNameWords(parts: ExcerptPart[], names: string[] = []): ExcerptPart[] {
  type Token = { text: string; marked: boolean; word: boolean };
  const tokens: Token[] = parts.flatMap((p) => (p.text.match(/[A-Za-z0-9]+|[^A-Za-z0-9]+/g) ?? []).map((t) => ({ text: t, marked: p.marked, word: /^[A-Za-z0-9]/.test(t) })));
  const text = parts.map((p) => p.text).join('');
  const runs = [...new Set([...names, ...(text.match(DOTTED) ?? [])])].map((n) => nameWords(n).map((w) => w.toLowerCase())).filter((w) => w.length >= 2);
  const words = tokens.flatMap((t, i) => (t.word ? [i] : []));
  const drop = new Set<number>();
  for (let start = 0; start < words.length; start++) {
    for (const run of runs) {
      // The longest stretch of the excerpt's words, from `start`, that follows the run somewhere in it.
      for (let offset = 0; offset < run.length; offset++) {
        let n = 0;
        while (start + n < words.length && offset + n < run.length && tokens[words[start + n]!]!.text.toLowerCase() === run[offset + n]) {
          if (n > 0 && !/^ +$/.test(tokens.slice(words[start + n - 1]! + 1, words[start + n]!).map((t) => t.text).join(''))) break;
          n++;
        }
        const whole = offset === 0 && n === run.length;
        const cutAtStart = start === 0 && offset + n === run.length && n >= 2;
        const cutAtEnd = start + n === words.length && offset === 0 && n >= 2;
        if (whole || cutAtStart || cutAtEnd) {
          for (let k = words[start]!; k <= words[start + n - 1]!; k++) drop.add(k);
          // The space after the run goes with it.
          const after = words[start + n - 1]! + 1;
          if (tokens[after] && /^ +$/.test(tokens[after]!.text)) drop.add(after);
        }
      }
    }
  }
  const out: ExcerptPart[] = [];
  tokens.forEach((t, i) => {
    if (drop.has(i)) return;
    const last = out[out.length - 1];
    if (last && last.marked === t.marked) last.text += t.text;
    else out.push({ text: t.text, marked: t.marked });
  });
  return out;
}

/**
 * The nodes of an excerpt: text nodes, and `<mark>` elements holding text; nothing else.
 * @param doc the document to create them in
 * @param names option names whose search-only words are left out (see `withoutNameWords`)
 */
export function excerptNodes(excerpt: string, doc: Document = document, names: string[] = []): Node[] {
  return withoutNameWords(excerptParts(excerpt), names).map(({ text, marked }) => {
    if (!marked) return doc.createTextNode(text);
    const mark = doc.createElement('mark');
    mark.textContent = text;
    return mark;
  });
}
