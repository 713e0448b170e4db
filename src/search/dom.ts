/**
 * Elements of the search box, classed as Pagefind's default UI classes them. Starlight imports that UI's
 * stylesheet (`@pagefind/default-ui/css/ui.css`) on every page and styles the same class names, so the
 * box looks as it did; the stylesheet's rules are scoped by Svelte, hence a scope class per component.
 */

/** The Svelte scope classes of the default UI's stylesheet: the box, a result with sections, the filters. */
export const SCOPE = { box: 'svelte-e9gkc3', result: 'svelte-4xnkmf', filters: 'svelte-1v2r7ls' } as const;

/**
 * A new element with `pagefind-ui__` classes and a scope class.
 * @param names class names without the `pagefind-ui__` prefix, space-separated
 * @param text its text, as text
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, scope: string, names: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = `${names.split(' ').map((n) => (n ? `pagefind-ui__${n}` : '')).join(' ')} ${scope}`.trim();
  if (text !== undefined) node.textContent = text;
  return node;
}
