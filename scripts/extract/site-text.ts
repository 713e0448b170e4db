/**
 * The site's title and description are shown as text (scripts/site/page-chrome.ts escapes them where
 * Starlight writes HTML); markup in them is a sign of an attempt, reported here where it was written.
 */
import type { SiteConfig } from '../config.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { looksLikeMarkup } from '../html-text.ts';

/**
 * A warning for the site title or description holding HTML markup, at the line of flake.nix's
 * `description` when it came from there, else without a place (a settings file).
 * @param config the build's configuration, title and description already decoded to text
 * @param flakeNix the text of the flake's flake.nix, when read
 */
export function siteTextDiagnostics(config: Pick<SiteConfig, 'title' | 'description'>, flakeNix: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const line = (flakeNix?.split('\n').findIndex((l) => /^\s*description\s*=/.test(l)) ?? -1) + 1;
  for (const [key, value] of [['title', config.title], ['description', config.description]] as const) {
    if (!looksLikeMarkup(value)) continue;
    const fromFlake = line > 0 && flakeNix!.split('\n')[line - 1]!.includes(value.slice(0, 20).replace(/["\\]/g, ''));
    out.push({
      severity: 'warning',
      code: 'site/markup-in-title',
      message: `the site's ${key} holds HTML markup (${JSON.stringify(value.slice(0, 60))}): it is shown as text`,
      ...(fromFlake ? { location: { file: 'flake.nix', line, column: 1 } } : {}),
    });
  }
  return out;
}
