/**
 * The site's title and description are shown as text (scripts/site/page-chrome.ts escapes them where
 * Starlight writes HTML); markup in them is a sign of an attempt, reported here where it was written.
 */
import type { SiteConfig } from '../config.ts';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { decodeCharacterReferences, looksLikeMarkup } from '../html-text.ts';
import { FLAKE_SETTINGS_FILE, flakeDescription } from '../identity.ts';

/** The first line (1-based) of `text` that `pattern` matches, or 0. */
function lineOf(text: string, pattern: RegExp): number {
  return text.split('\n').findIndex((l) => pattern.test(l)) + 1;
}

/** Where a site title or description with this value was written in the flake: its settings file, or flake.nix's `description`. */
function origin(key: 'title' | 'description', value: string, sourceOf: (file: string) => string | undefined): SourceLocation | undefined {
  const settings = sourceOf(FLAKE_SETTINGS_FILE);
  if (settings) {
    let own: unknown;
    try {
      own = (JSON.parse(settings) as Record<string, unknown>)[key];
    } catch {
      own = undefined;
    }
    const line = lineOf(settings, new RegExp(`"${key}"\\s*:`));
    if (typeof own === 'string' && decodeCharacterReferences(own) === value && line) return { file: FLAKE_SETTINGS_FILE, line, column: 1 };
  }
  const nix = sourceOf('flake.nix');
  const described = nix ? flakeDescription(nix) : undefined;
  if (nix && described !== undefined && decodeCharacterReferences(described) === value) return { file: 'flake.nix', line: lineOf(nix, /^\s*description\s*=/), column: 1 };
  return undefined;
}

/**
 * A warning for the site title or description holding HTML markup, where it was written (the flake's
 * settings file or flake.nix's `description`; no place when the project's config set it).
 * @param config the build's configuration, title and description already decoded to text
 * @param sourceOf the text of a flake file, when it may be read
 */
export function siteTextDiagnostics(config: Pick<SiteConfig, 'title' | 'description'>, sourceOf: (file: string) => string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const key of ['title', 'description'] as const) {
    const value = config[key];
    if (!looksLikeMarkup(value)) continue;
    const location = origin(key, value, sourceOf);
    out.push({
      severity: 'warning',
      code: 'site/markup-in-title',
      message: `the site's ${key} holds HTML markup (${JSON.stringify(value.slice(0, 60))}): it is shown as text`,
      ...(location ? { location } : {}),
    });
  }
  return out;
}
