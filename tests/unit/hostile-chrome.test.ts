/**
 * Hostile input, page chrome and diagrams: titles are text, decoded once and escaped once where
 * Starlight writes HTML; a diagram that would run script or load a URL is refused before it is drawn,
 * a drawing that does either anyway is refused after, and the drawing browser fetches nothing (a local
 * server stands in for "elsewhere" and counts what reaches it). File paths make clean slugs.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toHtml } from 'hast-util-to-html';
import { decodeCharacterReferences, looksLikeMarkup } from '../../scripts/html-text.ts';
import { diagramHazards, safeDiagramLink, svgHazards } from '../../scripts/mermaid-safety.ts';
import { pathSlug } from '../../scripts/render/router.ts';
import { linkGanttTasks } from '../../scripts/site/mermaid-config.ts';
import { findChromium, MermaidRenderer, MermaidSyntaxError } from '../../scripts/site/mermaid-renderer.ts';
import { escapeChrome, escapeHtml } from '../../scripts/site/page-chrome.ts';
import { diagramElement } from '../../scripts/site/remark-mermaid.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { Progress } from '../../scripts/log.ts';
import { diagnosticLines, fixture } from './hostile-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const HOSTILE = "Ops</title><script>alert('x')</script>";

test('character references are decoded once, as a browser decodes text; markup is recognised as such', () => {
  assert.equal(decodeCharacterReferences('G &lt;/title&gt;&lt;script&gt;'), 'G </title><script>');
  assert.equal(decodeCharacterReferences('&amp;lt;b&amp;gt;'), '&lt;b&gt;');
  assert.equal(decodeCharacterReferences('&#x3c;i&#62; &copy; Tom & Jerry'), '<i> © Tom & Jerry');
  assert.equal(decodeCharacterReferences('no references <b>'), 'no references <b>');
  assert.ok(looksLikeMarkup('x</title>') && looksLikeMarkup('<script') && looksLikeMarkup('<!-- c'));
  assert.ok(!looksLikeMarkup('a < b and c > d') && !looksLikeMarkup('&lt;script&gt;'));
});

test("escapeChrome escapes Starlight's raw-HTML chrome once, and leaves the shared entry as it was", () => {
  const data = { title: HOSTILE, hero: { tagline: '<meta http-equiv="refresh">' } };
  const entry = { id: 'index', data };
  const route = {
    siteTitle: HOSTILE,
    head: [
      { tag: 'title', content: `${HOSTILE} | ${HOSTILE}` },
      { tag: 'meta', attrs: { name: 'description', content: HOSTILE } },
    ],
    entry,
  };
  escapeChrome(route);
  // The home page is titled after the site once; the title is text.
  assert.deepEqual(route.head, [
    { tag: 'title', content: 'Ops&#60;/title&#62;&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;' },
    { tag: 'meta', attrs: { name: 'description', content: HOSTILE } },
  ]);
  assert.deepEqual(route.entry.data.hero, { tagline: '&#60;meta http-equiv=&#34;refresh&#34;&#62;', title: escapeHtml(HOSTILE) });
  assert.equal(route.entry.data.title, HOSTILE, 'the title itself stays text for the components that escape it');
  assert.deepEqual(data, { title: HOSTILE, hero: { tagline: '<meta http-equiv="refresh">' } }, 'the collection entry is not changed');
  const page = { siteTitle: 'Site', head: [{ tag: 'title', content: 'G </title><script> | Site' }], entry: { data: { title: 'G </title><script>' } } };
  escapeChrome(page);
  assert.equal(page.head[0]!.content, 'G &#60;/title&#62;&#60;script&#62; | Site');
});

test('diagram links: http(s), site paths and anchors only, however the scheme is spelled', () => {
  for (const ok of ['https://example.org/a', 'http://x', '/hosts/', '#top', 'page/', '../up', '?q=1']) assert.ok(safeDiagramLink(ok), ok);
  for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'javascript&colon;alert(1)', '&#106;avascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example/x', '\\\\evil.example\\x', 'mailto:a@b']) {
    assert.ok(!safeDiagramLink(bad), bad);
  }
});

test('diagram sources that would run script or load a URL: each hazard, with its line', () => {
  const cases: [string, string[]][] = [
    ['gantt\n  section A\n  T :t1, 2026-01-01, 1d\n  click t1 href "javascript:alert(1)"', ['4 a link to a javascript: URL']],
    ['flowchart LR\n  A --> B\n  click A "data:text/html,<b>x</b>"', ['3 a link to a data: URL']],
    ['flowchart LR\n  A --> B\n  click A call alert(1)', ['3 a click that calls a script function']],
    ['%%{init: {"themeCSS": ".x { fill: url(https://e.invalid/x) }"}}%%\nflowchart LR\n  A', ['1 a configuration setting themeCSS (CSS written into the drawing)']],
    ['%%{init: {"themeVariables": {"primaryColor": "red"}}}%%\nflowchart LR\n  A', ['1 a configuration setting themeVariables (CSS written into the drawing)']],
    ['---\nconfig:\n  themeCSS: ".x{}"\n---\nflowchart LR\n  A', ['3 a configuration setting themeCSS (CSS written into the drawing)']],
    // A directive over several lines, its key spelled with a JSON escape that mermaid would read as `themeCSS`.
    ['%%{init: {\n  "theme\\u0043SS": ".x { fill: red }"\n}}%%\nflowchart LR\n  A', ['2 a configuration that loads a URL or escapes CSS']],
    ['flowchart LR\n  A --> B\n  click A "javascript&colon;alert(1)"', ['3 a link to a javascript: URL']],
    ['flowchart LR\n  A\n  style A fill:url(https://e.invalid/x)', ['3 a style that loads a URL or escapes CSS']],
    ['flowchart LR\n  A\n  classDef k fill:\\75rl(https://e.invalid/x)', ['3 a style that loads a URL or escapes CSS']],
    ['flowchart LR\n  A@{ img: "https://e.invalid/x.png", label: "x" }', ['2 an image or icon shape']],
    ['flowchart LR\n  A@{ shape: image }', ['2 an image or icon shape']],
    ['flowchart LR\n  A["<img src=x>"]', ['2 raw HTML in a label (<img>)', '2 an attribute on a label tag (an event handler, a style or a URL)']],
    ['flowchart LR\n  A["<b onmouseover=alert(1)>x</b>"]', ['2 an attribute on a label tag (an event handler, a style or a URL)']],
    ['classDiagram\n  class A\n  link A "javascript:alert(1)"', ['3 a link to a javascript: URL']],
    ['sequenceDiagram\n  participant A\n  link A: Docs @ javascript:alert(1)', ['3 a link to a javascript: URL']],
    // What the site's own diagrams and ordinary guides write passes.
    ['flowchart LR\n  A["<b>x</b><br>y"] --> B["#60;tag#62;"]\n  click A href "/hosts/a/" "tooltip"\n  click B href "#anchor"\n  style A fill:#f9f', []],
  ];
  for (const [source, expected] of cases) assert.deepEqual(diagramHazards(source).map((h) => `${h.line} ${h.message}`), expected, source);
});

test('drawn SVGs: a link, a loading element, an event handler or CSS loading a URL is found; the drawing\'s own url(#…) is not', () => {
  assert.deepEqual(svgHazards('<svg><defs><marker id="m"/></defs><path marker-end="url(#m)" style="fill:url(#g)"/><a href="/hosts/"><text>a</text></a></svg>'), []);
  assert.deepEqual(svgHazards('<svg><a xlink:href="javascript:alert(1)"><rect/></a></svg>'), ['a link to "javascript:alert(1)"']);
  assert.deepEqual(svgHazards('<svg><image href="https://e.invalid/x.png"/></svg>'), ['a <image> element']);
  assert.deepEqual(svgHazards('<svg><foreignObject><div><img src="x"></div></foreignObject></svg>'), ['a <img> element']);
  assert.deepEqual(svgHazards('<svg><rect onclick="alert(1)"/></svg>'), ['an event handler (onclick)']);
  assert.deepEqual(svgHazards('<svg><style>#d .x{background:url("https://e.invalid/c.png");}</style></svg>'), ['CSS loading "https://e.invalid/c.png"']);
  assert.deepEqual(svgHazards('<svg><rect style="fill:u&#114;l(https://e.invalid/c)"/></svg>'), ['CSS loading "https://e.invalid/c"']);
  assert.deepEqual(svgHazards('<svg><style>@import "https://e.invalid/c.css";</style></svg>'), ['CSS that loads a URL or hides one behind an escape']);
});

test('linkGanttTasks links a task to a safe URL only', () => {
  const svg = '<svg><rect id="d-t1" class="task"></rect><text id="d-t1-text">T1</text><rect id="d-t2"></rect><text id="d-t2-text">T2</text></svg>';
  const source = 'gantt\n  click t1 href "javascript:alert(1)"\n  click t2 href "/tickets/T-2/"';
  assert.equal(linkGanttTasks(svg, source, 'd'), '<svg><rect id="d-t1" class="task"></rect><text id="d-t1-text">T1</text><a href="/tickets/T-2/"><rect id="d-t2"></rect></a><a href="/tickets/T-2/"><text id="d-t2-text">T2</text></a></svg>');
});

test('a hazardous diagram is not drawn, in the build or in the browser: its content is shown as text, with a warning', async () => {
  const source = 'flowchart LR\n  A["<img src=\'https://e.invalid/x.png\'>"] --> B\n  click B href "javascript:alert(1)"';
  const warnings: string[] = [];
  const renderer = { render: async () => assert.fail('never drawn') } as unknown as MermaidRenderer;
  for (const options of [{ renderer, onError: (w: string, m: string) => warnings.push(`${w} ${m}`) }, { onError: (w: string, m: string) => warnings.push(`${w} ${m}`) }]) {
    const html = toHtml(await diagramElement(source, options, 'g.md:3:1', 0));
    assert.ok(!html.includes('<img') && !html.includes('class="mermaid"'), html);
    assert.match(html, /<td>&#x3C;img src='https:\/\/e\.invalid\/x\.png'></);
  }
  assert.deepEqual(warnings, Array(2).fill("g.md:3:1 diagram 1 (flowchart LR) is not drawn, its content is shown instead: line 2 has raw HTML in a label (<img>), which a diagram may not have"));
});

test('pathSlug: a file path keeps its name but for control characters, blanks, URL syntax and dot segments', () => {
  assert.equal(pathSlug('nixos/desktop'), 'nixos/desktop');
  assert.equal(pathSlug('nixos/new\nline'), 'nixos/new-line');
  assert.equal(pathSlug('nixos/esc\x1b]0;pwned\x07\x1b[2Jx'), 'nixos/esc-0;pwned-2Jx');
  assert.equal(pathSlug("nixos/<img src=x onerror=alert('m')>"), 'nixos/-img-src=x-onerror=alert(-m-)-');
  assert.equal(pathSlug('nixos/a?b#c%20d\u202egnp'), 'nixos/a-b-c-20d-gnp');
  assert.equal(pathSlug('nixos/../..'), 'nixos/-/-');
});

test('extraction of the hostile-chrome fixture: a diagnostic for each hostile title and diagram, at its line', { timeout: 60_000 }, async () => {
  // The flake's own settings (flake-docs.json) name its guides folder and the site's description.
  const x = await extractFlake(fixture('hostile-chrome'), resolveIdentity(ROOT, fixture('hostile-chrome')).config, new Progress(true));
  assert.deepEqual(diagnosticLines(x.model.diagnostics, (d) => d.code.startsWith('guides/') || d.code.startsWith('site/')), [
    "docs/guides/entity-title.md:1:1 warning guides/markup-in-title the guide's title holds HTML markup (\"G </title><script>alert('heading')</script>\"): it is shown as text",
    "docs/guides/gantt-link.md:8:1 error guides/unsafe-diagram a link to a javascript: URL is not allowed in a flake guide's diagram",
    "docs/guides/html-label.md:5:1 error guides/unsafe-diagram an attribute on a label tag (an event handler, a style or a URL) is not allowed in a flake guide's diagram",
    "docs/guides/html-label.md:5:1 error guides/unsafe-diagram raw HTML in a label (<img>) is not allowed in a flake guide's diagram",
    "docs/guides/image-shape.md:5:1 error guides/unsafe-diagram an image or icon shape is not allowed in a flake guide's diagram",
    "docs/guides/plain-title.md:2:1 warning guides/markup-in-title the guide's title holds HTML markup (\"FM</title><script>alert('frontmatter title')</script>\"): it is shown as text",
    "docs/guides/plain-title.md:3:1 warning guides/markup-in-title the guide's description holds HTML markup (\"D</title><script>alert('frontmatter description')</script>\"): it is shown as text",
    "docs/guides/theme-css.md:4:1 error guides/unsafe-diagram a configuration setting themeCSS (CSS written into the drawing) is not allowed in a flake guide's diagram",
    `flake-docs.json:3:1 warning site/markup-in-title the site's description holds HTML markup (${JSON.stringify(`<meta http-equiv="refresh" content="0;url=https://example.in`)}): it is shown as text`,
    "flake.nix:2:1 warning site/markup-in-title the site's title holds HTML markup (\"Ops</title><script>alert('flake description')</script>\"): it is shown as text",
  ]);
  // The double-encoded title is decoded once and is then plain text: no markup, no diagnostic.
  assert.equal(x.model.guides.find((g) => g.id === 'double-title')?.title, "&lt;/title&gt;&lt;script&gt;alert('double')&lt;/script&gt;");
  assert.equal(x.model.guides.find((g) => g.id === 'safe-diagram')?.error, null);
});

describe('the drawing browser fetches nothing', { skip: findChromium() ? false : 'no Chromium' }, () => {
  let server: Server;
  let hits: string[];
  let base: string;
  let cache: string;
  let renderer: MermaidRenderer;
  before(async () => {
    hits = [];
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    cache = mkdtempSync(path.join(tmpdir(), 'fd-mermaid-hostile-'));
    renderer = new MermaidRenderer(findChromium()!, cache, 1);
  });
  after(async () => {
    await renderer.close();
    server.close();
    rmSync(cache, { recursive: true, force: true });
  });

  test('an image in a label, drawn past the source check, is refused and never fetched', { timeout: 60_000 }, async () => {
    // Straight to the renderer: what the source check would have refused.
    const source = `flowchart LR\n  A["<img src='${base}/label.png'>"] --> B`;
    await assert.rejects(renderer.render(source, 'default'), (e: Error) => e instanceof MermaidSyntaxError && /refused: a diagram loads nothing|<img> element/.test(e.message));
    assert.deepEqual(hits, []);
  });

  test('themeCSS and themeVariables in a directive are ignored by mermaid (secure keys): drawn without them, nothing fetched', { timeout: 60_000 }, async () => {
    const source = `%%{init: {"themeCSS": ".node rect { fill: url(${base}/theme.png) }", "themeVariables": {"primaryColor": "url(${base}/var.png)"}}}%%\nflowchart LR\n  A --> B`;
    const svg = await renderer.render(source, 'default');
    assert.ok(!svg.includes(base), 'no URL of the directive is in the drawing');
    assert.deepEqual(svgHazards(svg), []);
    assert.deepEqual(hits, []);
  });

  test('an image shape, drawn past the source check, is refused too; the renderer lists every request it refused', { timeout: 60_000 }, async () => {
    await assert.rejects(renderer.render(`flowchart LR\n  A@{ img: "${base}/shape.png", label: "x" } --> B`, 'default'), /asked for ".*\/shape\.png", which was refused/);
    assert.deepEqual(hits, [], 'the local server, standing in for elsewhere, saw no request');
    assert.deepEqual(renderer.blockedRequests, [`${base}/label.png`, `${base}/shape.png`]);
  });
});
