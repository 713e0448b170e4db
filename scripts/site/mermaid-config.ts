/**
 * The mermaid settings shared by build-time rendering and the in-browser fallback, so a diagram
 * looks the same either way.
 */
import { safeDiagramLink } from '../mermaid-safety.ts';
import { escapeRegExp } from '../regexp.ts';

export const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  // Keys a diagram's own `%%{init}%%` directive or frontmatter may not set: mermaid's own list, and the
  // ones that write CSS into the drawing (where a `url()` would load whatever the flake names).
  secure: ['secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'suppressErrorRendering', 'maxEdges', 'themeCSS', 'themeVariables', 'fontFamily', 'altFontFamily'],
  fontFamily: 'ui-sans-serif, system-ui, sans-serif',
  // Reproducible output: hand-drawn diagrams draw their random curves from this seed (0 would mean a
  // new random seed per render), so two builds of one flake give byte-identical pages.
  handDrawnSeed: 1,
  // Ids of diagrams mermaid.run() finds in the page (the in-browser fallback) count up from a seed.
  deterministicIds: true,
  // Mermaid's own limits, stated so the renderer can check them first: past them mermaid draws an
  // error picture instead of the diagram, which a page must never show (see diagram-fallback.ts).
  maxTextSize: 50_000,
  maxEdges: 500,
  // Gantt charts otherwise take the width of the page they are drawn in (1280px in the headless
  // browser) and shrink to unreadable text in Starlight's content column, which is about 720px.
  gantt: { useWidth: 720, fontSize: 12, sectionFontSize: 12, barHeight: 18, barGap: 4, leftPadding: 64 },
} as const;

/**
 * Gantt `click <task> href "<url>"` lines become JavaScript handlers in mermaid, which a static SVG
 * loses; this wraps each task's bar and label in a plain link instead, when the link is one a diagram
 * may have (see `safeDiagramLink`). Flowcharts need nothing: mermaid
 * already writes their links as `<a>` elements.
 */
export function linkGanttTasks(svg: string, source: string, diagramId: string): string {
  if (!/^\s*gantt\b/m.test(source)) return svg;
  let out = svg;
  for (const [, task, href] of source.matchAll(/^\s*click\s+(\S+)\s+href\s+"([^"]*)"/gm)) {
    // Only what a diagram may link to (http(s), the site's pages, anchors); never `javascript:`.
    if (!safeDiagramLink(href)) continue;
    const id = `${diagramId}-${task}`;
    const attr = href.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const wrap = (element: string) => `<a href="${attr}">${element}</a>`;
    out = out
      .replace(new RegExp(`<rect id="${escapeRegExp(id)}"[^>]*>(?:</rect>)?`), wrap)
      .replace(new RegExp(`<text id="${escapeRegExp(id)}-text"[^>]*>[^<]*</text>`), wrap);
  }
  return out;
}

/**
 * Mermaid 12 draws a stadium (`id(["label"])`, or `@{ shape: stadium }` and its aliases) as a rough.js
 * path of hundreds of curve segments, about 42 KB per node against 0.5 KB for a rectangle or rounded
 * rectangle (measured with mermaid 12.3 on every classic flowchart shape; only the stadium is heavy).
 */
const HEAVY_SHAPE_NAMES = new Set(['stadium', 'pill', 'terminal']);

/**
 * The node definitions of a flowchart drawn with a shape that bloats the SVG, as written in the
 * source (empty when there are none). Quoted labels are skipped, so a label may say `([`.
 * @param source a mermaid diagram's source
 */
export function heavyShapes(source: string): string[] {
  const found: string[] = [];
  for (const line of source.split('\n')) {
    // Labels are quoted strings; blank them out so their text is never read as syntax.
    const code = line.replace(/"[^"]*"/g, (s) => `"${' '.repeat(s.length - 2)}"`);
    for (const m of code.matchAll(/[A-Za-z0-9_]+\s*\(\[/g)) found.push(line.slice(m.index).trim());
    for (const m of code.matchAll(/[A-Za-z0-9_]*\s*@\{[^}]*\bshape\s*:\s*([A-Za-z-]+)/g)) {
      if (HEAVY_SHAPE_NAMES.has(m[1]!.toLowerCase())) found.push(line.slice(m.index).trim());
    }
  }
  return found;
}
