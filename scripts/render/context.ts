/** What every page renderer is given: the model, the router and the site configuration. */
import { sourceUrl, type SiteConfig } from '../config.ts';
import type { SourceLocation } from '../diagnostics.ts';
import type { FlakeModel } from '../model/index.ts';
import { showInvisible } from '../model/names.ts';
import type { SettingsIndex } from '../model/settings.ts';
import { attr, escapeMarkup, link, text } from './mdx.ts';
import type { EntityRef, Router } from './router.ts';

/** Shared inputs of the page renderers. */
export interface RenderContext {
  model: FlakeModel;
  router: Router;
  config: SiteConfig;
  /** Which host settings set which of the flake's own options, computed once for the whole site. */
  settings: SettingsIndex;
}

/** `file:line` as a link to the forge when a repository is configured, else as plain text. */
export function sourceLink(ctx: Pick<RenderContext, 'config'>, loc: SourceLocation, label = `${loc.file}:${loc.line}`): string {
  const url = sourceUrl(ctx.config, loc.file, loc.line);
  // A path may break after each slash (<wbr>), so a table's "Defined in" column is no wider than its longest folder name.
  const breakable = (escaped: string) => escaped.split('/').join('/<wbr />');
  return url ? `<a ${attr('href', url)}>${breakable(escapeMarkup(label))}</a>` : `<code>${breakable(text(label))}</code>`;
}

/** A small inline label, e.g. for `computed at evaluation time` or `read-only`. */
export function badge(label: string, variant: 'note' | 'caution' | 'tip' | 'danger' | 'default' = 'default'): string {
  return `<span ${attr('class', `fd-badge fd-badge-${variant}`)}>${text(label)}</span>`;
}

/** A mermaid node id from any string: letters, digits and underscores only, unique per input. */
export function mermaidId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/** A mermaid node label: quoted, with characters mermaid would read as markup replaced by entities. */
export function mermaidLabel(label: string): string {
  return `"${showInvisible(label).replace(/["<>&#]/g, (c) => `#${c.charCodeAt(0)};`)}"`;
}

/** A link to `ref` when this build has its page, else its label as plain text: a generated link never breaks. */
export function refLink(ctx: Pick<RenderContext, 'router'>, ref: EntityRef, label: string): string {
  return ctx.router.exists(ref) ? link(ctx.router.href(ref), label) : text(label);
}
