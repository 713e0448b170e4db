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

/**
 * The nodes of an excerpt: text nodes, and `<mark>` elements holding text; nothing else.
 * @param doc the document to create them in
 */
export function excerptNodes(excerpt: string, doc: Document = document): Node[] {
  return excerptParts(excerpt).map(({ text, marked }) => {
    if (!marked) return doc.createTextNode(text);
    const mark = doc.createElement('mark');
    mark.textContent = text;
    return mark;
  });
}
