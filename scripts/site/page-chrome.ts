/**
 * The one place where page chrome is handed to Starlight as HTML. Titles and descriptions are plain
 * text everywhere in the pipeline (character references decoded once, see scripts/html-text.ts), and
 * most of Starlight's components escape them; three of its sinks write them as raw HTML instead: the
 * head's `<title>` (Head.astro `set:html`), and the hero's title and tagline (Hero.astro `set:html`).
 * Those are escaped here, once, for every page: a flake's `description = "Ops</title><script>…"` is
 * shown as text, never read as markup.
 */

/** `text` with the characters that HTML reads as markup written as references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The part of Starlight's route data that holds chrome written as raw HTML. */
export interface ChromeRoute {
  siteTitle: string;
  head: { tag: string; content?: string; attrs?: Record<string, unknown> }[];
  entry: { data: { title: string; hero?: { title?: string; tagline?: string } & Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;
}

/**
 * Escapes the route's raw-HTML chrome in place of Starlight's: the `<title>` (the home page, titled
 * after the site, says the site's title once instead of "Site | Site"), and the hero's title and
 * tagline. New objects replace the entry's data, which the content collection shares between pages.
 * @param route `Astro.locals.starlightRoute`, in the route middleware
 */
export function escapeChrome<R extends ChromeRoute>(route: R): void {
  const { siteTitle, entry } = route;
  const data = entry.data;
  route.head = route.head.map((item) => {
    if (item.tag !== 'title' || item.content === undefined) return item;
    const content = data.title === siteTitle && item.content === `${siteTitle} | ${siteTitle}` ? siteTitle : item.content;
    return { ...item, content: escapeHtml(content) };
  });
  if (data.hero) {
    const hero = { ...data.hero, title: escapeHtml(data.hero.title ?? data.title) };
    if (hero.tagline !== undefined) hero.tagline = escapeHtml(hero.tagline);
    route.entry = { ...entry, data: { ...data, hero } };
  }
}
