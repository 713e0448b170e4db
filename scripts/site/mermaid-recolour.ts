/**
 * A diagram's dark SVG built from its light one, so each diagram is laid out once instead of twice.
 *
 * Measured on mermaid 12.3 for flowcharts: the light and dark renders of one diagram differ only in
 * the `<style>` element right after `<svg>` (theme colours, with the SVG's id in every selector) and
 * the elements after the drawing (`<defs>` of drop-shadow filters whose colour follows the theme, and
 * in the dark theme a `<linearGradient>`); the layout, the
 * text and the inline styles of `style`/`classDef` lines are the same. Those two parts depend on the
 * theme, the diagram type and its `classDef` lines only, so a tiny "probe" flowchart with the same
 * `classDef` lines, rendered in the dark theme, provides them for every diagram of that kind.
 * `tests/unit/mermaid-recolour.test.ts` renders every diagram of the sample both ways and checks the
 * result equals mermaid's own dark render byte for byte.
 */

/** The parts of a mermaid SVG that follow the theme, and the drawing between them. */
export interface ThemedParts {
  /** `<svg …>`: its attributes depend on layout, not on the theme. */
  open: string;
  /** The text inside `<style>…</style>`. */
  style: string;
  /** Everything between `</style>` and the elements after the drawing. */
  drawing: string;
  /** The `<defs>` and `<linearGradient>` elements after the drawing, up to `</svg>`. */
  tail: string;
}

/**
 * Splits a mermaid SVG into its themed parts, or undefined when it is not shaped as expected (then
 * the caller renders the dark theme for real).
 * @param svg an SVG as mermaid renders it
 */
export function themedParts(svg: string): ThemedParts | undefined {
  const open = /^<svg [^>]*>/.exec(svg)?.[0];
  if (!open || !svg.startsWith('<style>', open.length)) return undefined;
  const styleEnd = svg.indexOf('</style>', open.length);
  if (styleEnd < 0) return undefined;
  const style = svg.slice(open.length + '<style>'.length, styleEnd);
  const lastGroup = svg.lastIndexOf('</g>');
  if (lastGroup < styleEnd || !svg.endsWith('</svg>')) return undefined;
  const tail = svg.slice(lastGroup + '</g>'.length, -'</svg>'.length);
  if (!/^(?:<(defs|linearGradient)\b[^>]*>[\s\S]*?<\/\1>)*$/.test(tail)) return undefined;
  return { open, style, drawing: svg.slice(styleEnd + '</style>'.length, lastGroup + '</g>'.length), tail };
}

/**
 * The probe of a diagram: a flowchart with its `classDef` lines around one node, or undefined for a
 * diagram whose look may depend on more than that (not a flowchart; frontmatter or `%%{init}%%`
 * directives, which can set the theme, its variables or the hand-drawn look; `style`/`linkStyle` lines;
 * `@{ … }` shapes), which is then rendered in the dark theme for real.
 * @param source the diagram's mermaid source
 */
export function themeProbe(source: string): string | undefined {
  const lines = source.split('\n');
  const header = lines[0]!.trim();
  if (!/^(?:flowchart|graph)(?:\s+(?:TB|TD|BT|LR|RL))?$/.test(header)) return undefined;
  if (/%%\{|@\{/.test(source) || lines.some((l) => /^\s*(?:style|linkStyle)\s/.test(l))) return undefined;
  const classDefs = lines.filter((l) => /^\s*classDef\s/.test(l)).map((l) => `  ${l.trim()}`);
  // One probe for `graph` and every direction: the theme's CSS does not depend on them (and recolour()
  // checks that the diagram's light parts are the probe's before using it).
  return ['flowchart', ...classDefs, '  probe["probe"]'].join('\n');
}

/** Every occurrence of `from` in `text` replaced by `to`. */
function swap(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

/** The themed parts of one rendered SVG with the id it was rendered under. */
export interface RenderedSvg {
  svg: string;
  id: string;
}

/**
 * The dark SVG of a diagram from its light render and the probe rendered in both themes, under the
 * id the dark render would have had; undefined when the light render's themed parts are not exactly
 * the light probe's (then they depend on more than the probe holds, and the caller renders for real).
 * @param light the diagram in the light theme
 * @param probeLight the probe in the light theme
 * @param probeDark the probe in the dark theme
 * @param darkId the id the diagram's dark SVG carries
 */
export function recolour(light: RenderedSvg, probeLight: RenderedSvg, probeDark: RenderedSvg, darkId: string): string | undefined {
  const parts = themedParts(light.svg);
  const lightProbe = themedParts(probeLight.svg);
  const darkProbe = themedParts(probeDark.svg);
  if (!parts || !lightProbe || !darkProbe) return undefined;
  // Ids are the only thing that may differ: selectors and filter ids are built from them.
  const same = (a: string, aId: string, b: string, bId: string) => swap(a, aId, darkId) === swap(b, bId, darkId);
  if (!same(parts.style, light.id, lightProbe.style, probeLight.id) || !same(parts.tail, light.id, lightProbe.tail, probeLight.id)) return undefined;
  const style = swap(darkProbe.style, probeDark.id, darkId);
  const tail = swap(darkProbe.tail, probeDark.id, darkId);
  return `${swap(parts.open, light.id, darkId)}<style>${style}</style>${swap(parts.drawing, light.id, darkId)}${tail}</svg>`;
}
