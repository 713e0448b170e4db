/**
 * Diagrams from the flake are inert: they link only to `http(s):` URLs, paths of the site or `#`
 * anchors, and they load nothing. Two checks, one on the mermaid source (before anything is drawn,
 * also for the guides' extraction) and one on the SVG mermaid drew (whatever the source check missed:
 * a link, an image, a style that fetches a URL, an event handler). A diagram either fails is not drawn.
 */

/** Something in a diagram that would run script or load a URL, and its line in the source (1-based). */
export interface DiagramHazard {
  line: number;
  message: string;
}

/** Mermaid's `maxTextSize` (scripts/site/mermaid-config.ts): a longer source is never drawn. */
const MAX_CHECKED = 50_000;

/** At most this many hazards are listed per diagram. */
const MAX_HAZARDS = 20;

/** Tags a label may use for formatting; any other tag in a diagram is raw HTML from the flake. */
const LABEL_TAGS = new Set(['br', 'b', 'i', 'em', 'strong', 'u', 's', 'sub', 'sup', 'small', 'code', 'span', 'p']);

/** CSS that loads a URL, or hides one behind an escape (`\75 rl(`). */
const CSS_LOAD = /url\s*\(|image-set\s*\(|@import|@font-face|expression\s*\(|\\/i;

/** Config keys that write CSS into the drawing; a directive or frontmatter setting them is refused. */
const CSS_KEYS = /\b(themeCSS|themeVariables|fontFamily|altFontFamily)\b/;

/** The scheme of a URL (`javascript`), ignoring the blanks and control characters browsers ignore; undefined when relative. */
function schemeOf(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f]+/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
}

const NAMED: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', sol: '/', bsol: '\\', lpar: '(', rpar: ')', amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ' };

/** Character references read as the browser reads them in an attribute (numeric, and the named ones that spell URL syntax). */
function decodeAttribute(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (whole, hex: string, dec: string, name: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16) % 0x110000) : dec ? String.fromCodePoint(Number(dec) % 0x110000) : (NAMED[name.toLowerCase()] ?? whole),
  );
}

/**
 * Whether a diagram may link to `url`: an `http(s):` URL, or a path or anchor of the site (no
 * scheme, no `//host`). Character references are read first, as the browser reads an attribute.
 * @param url the link as written (in the source or in an SVG attribute)
 */
export function safeDiagramLink(url: string): boolean {
  const decoded = decodeAttribute(url);
  const scheme = schemeOf(decoded);
  // eslint-disable-next-line no-control-regex
  if (scheme === undefined) return !/^[\u0000-\u0020\u007f]*[/\\]{2}/.test(decoded);
  return scheme === 'http' || scheme === 'https';
}

/**
 * Everything in a mermaid source that would make the drawing run script or load a URL: a link that
 * is not `http(s):`, relative or `#` (`click t1 href "javascript:…"`), a `%%{init}%%` directive or
 * frontmatter that sets CSS (`themeCSS`, `themeVariables`, fonts) or loads a URL, a style that
 * loads a URL, an image shape (`@{ img: … }`), and HTML in labels beyond formatting tags (`<img src>`).
 * @param source a diagram's mermaid source
 */
export function diagramHazards(source: string): DiagramHazard[] {
  const found: DiagramHazard[] = [];
  // Past mermaid's `maxTextSize` nothing is drawn, here or in the browser: the rest need not be read.
  const lines = source.slice(0, MAX_CHECKED).split('\n');
  // Frontmatter (`---` … `---` at the top) is configuration, like a directive.
  const frontEnd = /^\s*---\s*$/.test(lines[0] ?? '') ? lines.findIndex((l, i) => i > 0 && /^\s*---\s*$/.test(l)) : -1;
  let inDirective = false;
  for (const [i, line] of lines.entries()) {
    // The first few are enough to refuse the diagram; a hostile one could hold a million.
    if (found.length >= MAX_HAZARDS) break;
    const add = (message: string) => {
      if (!found.some((f) => f.line === i + 1 && f.message === message)) found.push({ line: i + 1, message });
    };
    // A directive may run over several lines, up to its `}%%`.
    const opens = /%%\s*\{/.test(line);
    const isConfig = i <= frontEnd || opens || inDirective;
    inDirective = (opens || inDirective) && !/\}\s*%%/.test(line);
    // In configuration only (a ticket may be titled "fontFamily"); a key spelled with a JSON escape
    // (`"theme\u0043SS"`, which mermaid reads as themeCSS) is caught by CSS_LOAD's backslash.
    if (isConfig && CSS_KEYS.test(line)) add(`a configuration setting ${CSS_KEYS.exec(line)![1]} (CSS written into the drawing)`);
    else if (isConfig && CSS_LOAD.test(line)) add('a configuration that loads a URL or escapes CSS');
    if (/^\s*(style|classDef|linkStyle)\b/.test(line) && CSS_LOAD.test(line)) add('a style that loads a URL or escapes CSS');
    // Links: `click id href "url"`, `click id "url"`, `link Class "url"`, `$link="url"`, `link actor: label @ url`.
    const links = [
      ...[...line.matchAll(/^\s*(?:click|link)\s+\S+\s+(?:href\s+)?"([^"]*)"/g)].map((m) => m[1]!),
      ...[...line.matchAll(/\$link\s*=\s*"([^"]*)"/g)].map((m) => m[1]!),
      // The name starts at a non-blank, so the blanks before it are matched one way only (linear time).
      ...[...line.matchAll(/^\s*link\s+[^:\s][^:]*:[^@]*@\s*(\S+)/g)].map((m) => m[1]!),
      ...(/^\s*links\s/.test(line) ? [...line.matchAll(/"[^"]*"\s*:\s*"([^"]*)"/g)].map((m) => m[1]!) : []),
    ];
    for (const url of links) {
      const scheme = schemeOf(decodeAttribute(url));
      if (!safeDiagramLink(url)) add(scheme ? `a link to a ${scheme}: URL` : 'a link to another host without a scheme');
    }
    if (/^\s*click\s+\S+\s+(?:call\b|callback\b)/.test(line)) add('a click that calls a script function');
    if (/@\{[^}]*\b(img|icon)\s*:/.test(line) || /@\{[^}]*\bshape\s*:\s*["']?(image|icon)/.test(line)) add('an image or icon shape');
    for (const m of line.matchAll(/<\s*\/?\s*([a-z][a-z0-9-]*)/gi)) {
      if (LABEL_TAGS.has(m[1]!.toLowerCase())) continue;
      add(`raw HTML in a label (<${m[1]!.toLowerCase()}>)`);
      break;
    }
    // Tags are read up to the next `<` or `>`, so a line of a thousand `<` costs no more than its length.
    for (const m of line.matchAll(/<[a-z][^<>]*/gi)) {
      if (!/\s(on[a-z]+|style|src|href)\s*=/i.test(m[0])) continue;
      add('an attribute on a label tag (an event handler, a style or a URL)');
      break;
    }
  }
  return found;
}

/**
 * What in a drawn SVG would run script or load a URL: an `href` that `safeDiagramLink` refuses, an
 * element that loads or embeds (`<img>`, `<image>`, `<iframe>`, `<script>`…), an event handler, or
 * CSS that loads a URL other than the drawing's own `url(#marker)`. Empty when the SVG is inert.
 * @param svg mermaid's output
 */
export function svgHazards(svg: string): string[] {
  const found = new Set<string>();
  for (const m of svg.matchAll(/\s(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const url = m[1] ?? m[2] ?? '';
    if (!safeDiagramLink(url)) found.add(`a link to ${JSON.stringify(url.slice(0, 60))}`);
  }
  for (const m of svg.matchAll(/<(img|image|iframe|frame|object|embed|script|video|audio|source|track|link|meta|base|feImage|animate|set|form|input)\b/gi)) {
    found.add(`a <${m[1]!.toLowerCase()}> element`);
  }
  for (const m of svg.matchAll(/\s(on[a-z]+)\s*=/gi)) found.add(`an event handler (${m[1]!.toLowerCase()})`);
  // CSS and presentation attributes (`fill="url(…)"`) alike: every `url(` but the drawing's own `url(#marker)`.
  const decoded = decodeAttribute(svg);
  const load = /url\s*\(\s*["']?(?!#)([^"')\s]*)/i.exec(decoded);
  if (load) found.add(`CSS loading ${JSON.stringify(load[1]!.slice(0, 60))}`);
  // Style elements' text (what follows the last `<style…>` before each `</style>`), found in linear time.
  const sheets = decoded.split(/<\/style\s*>/i).slice(0, -1).map((chunk) => chunk.slice(chunk.toLowerCase().lastIndexOf('<style')));
  const css = [...sheets, ...[...svg.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi)].map((m) => decodeAttribute(m[1]!))];
  if (css.some((text) => /image-set\s*\(|@import|@font-face|expression\s*\(|\\/i.test(text))) found.add('CSS that loads a URL or hides one behind an escape');
  return [...found];
}
