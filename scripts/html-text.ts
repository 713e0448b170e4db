/** Text written with HTML character references, read as the text it stands for. */
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';

/**
 * `value` with every character reference decoded as a browser decodes it in text (`&lt;` → `<`,
 * `&amp;amp;` → `&amp;`, once), and nothing else read as markup: a title written with references means
 * the same in the `<title>`, the heading and the sidebar, which all show it as text.
 * @param value a title or description from the flake or its settings
 */
export function decodeCharacterReferences(value: string): string {
  if (!value.includes('&')) return value;
  // `<` escaped first, so the parser sees one text node and only decodes references.
  return toString(fromHtml(value.replace(/</g, '&lt;'), { fragment: true }));
}

/** Whether plain text holds what would be an HTML tag or comment if written unescaped (`<script`, `</title>`, `<!--`). */
export function looksLikeMarkup(value: string): boolean {
  return /<(?:[/?]?[a-z]|!)/i.test(value);
}
