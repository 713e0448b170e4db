/** The Diagnostics page: grouped by file then severity, each row linked to its line and its code's explanation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import type { Diagnostic } from '../../scripts/diagnostics.ts';
import type { FlakeModel } from '../../scripts/model/index.ts';
import { indexSettings } from '../../scripts/model/settings.ts';
import type { RenderContext } from '../../scripts/render/context.ts';
import { NOTES_LISTED_MAX, renderDiagnostics } from '../../scripts/render/diagnostics.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { assertInert, pageToHtml } from './page-html.ts';

const at = (file: string, line: number, column = 1) => ({ file, line, column });
const DIAGNOSTICS: Diagnostic[] = [
  { severity: 'info', code: 'options/not-a-module', message: 'skipped, not a module: a package', location: at('pkgs/hello.nix', 1) },
  { severity: 'info', code: 'options/computed', message: 'option `my.x`: the default is computed', location: at('hosts/box.nix', 2, 3) },
  { severity: 'warning', code: 'nix/missing-attribute', message: "attribute 'y' missing | <script>", location: at('hosts/box.nix', 9, 5) },
  { severity: 'error', code: 'nix/duplicate-attribute', message: "attribute 'a' already defined at hosts/box.nix:4:3", location: at('hosts/box.nix', 7, 3) },
  { severity: 'warning', code: 'brand/new-code', message: 'a code the registry does not know' },
];

function page(repository = true): string {
  const config = parseConfig(repository ? { repository: { url: 'https://github.com/me/systems', branch: 'main' } } : {});
  const model = { diagnostics: DIAGNOSTICS, options: [], hosts: [], profiles: [], secrets: { secrets: [] } } as unknown as FlakeModel;
  const ctx: RenderContext = { model, router: createRouter('/'), config, settings: indexSettings([], [], []) };
  return renderDiagnostics(ctx)[0]!.content;
}

test('errors and warnings by file (no place last), errors first; then the notes by code, with their files', () => {
  const mdx = page();
  const headings = [...mdx.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
  assert.deepEqual(headings, ['`hosts/box.nix`', 'Without a place', 'Notes', 'Codes']);
  const box = mdx.slice(mdx.indexOf('## `hosts/box.nix`'), mdx.indexOf('## Without a place'));
  const order = [...box.matchAll(/fd-diag fd-diag-(\w+)/g)].map((m) => m[1]);
  assert.deepEqual(order, ['error', 'warning']);
  assert.match(box, /<p class="fd-muted">1 error, 1 warning<\/p>/);
  const notes = mdx.slice(mdx.indexOf('## Notes'), mdx.indexOf('## Codes'));
  assert.match(notes, /<p class="fd-muted">2 notes&#58; limits of static reading, one row per code<\/p>/);
  // A note's place names its file; its row carries no fix line (its code's section has it).
  // Paths may break after each slash (<wbr />); the text read is the same.
  const note = mdx.split('\n').find((l) => l.includes('options/not-a-module') && l.startsWith('<li'))!.replaceAll('<wbr />', '');
  assert.ok(note.includes('>pkgs/hello.nix&#58;1&#58;1</a>'));
  assert.ok(!note.includes('fd-diag-fix'));
  // Backticked names in a message show as code; the text around them stays string expressions.
  assert.ok(mdx.includes('<span class="fd-diag-message">option <code>my.x</code>&#58; the default is computed</span>'));
  assert.match(mdx, /headingIds: "verbatim"/);
});

test('one cause is one row: the first in full, the others behind a disclosure with their count', () => {
  const packages: Diagnostic[] = ['a', 'b', 'c'].map((n) => ({ severity: 'info', code: 'options/not-a-module', message: `skipped, not a module: ${n}`, location: at(`pkgs/${n}.nix`, 1) }));
  const twice: Diagnostic[] = [3, 8].map((line) => ({ severity: 'warning', code: 'nix/undefined-variable', message: "undefined variable 'modulesPath'", location: at('hosts/iso.nix', line) }));
  const model = { diagnostics: [...packages, ...twice], options: [], hosts: [], profiles: [], secrets: { secrets: [] } } as unknown as FlakeModel;
  const content = renderDiagnostics({ model, router: createRouter('/'), config: parseConfig({}), settings: indexSettings([], [], []) })[0]!.content;
  const rows = content.split('\n').filter((l) => l.startsWith('<li')).map((l) => l.replaceAll('<wbr />', ''));
  assert.equal(rows.length, 2, 'one row per cause');
  assert.match(rows[0]!, /^<li class="fd-diag fd-diag-warning">.*<code>line 3&#58;1<\/code>.*<details class="fd-diag-more"><summary>and 1 more like it<\/summary><ul class="fd-diagnostics"><li class="fd-diag fd-diag-warning">.*<code>line 8&#58;1<\/code>.*<\/li><\/ul><\/details><\/li>$/);
  assert.match(rows[1]!, /^<li class="fd-diag fd-diag-info">.*<code>pkgs\/a.nix&#58;1&#58;1<\/code>.*<summary>and 2 more like it<\/summary>.*pkgs\/b.nix.*pkgs\/c.nix.*<\/details><\/li>$/);
  const html = pageToHtml(content);
  assertInert(html, 'diagnostics.md');
  assert.equal([...html.matchAll(/<details class="fd-diag-more"><summary>and (\d) more like it<\/summary>/g)].map((m) => m[1]).join(), '1,2');
});

test('a row: severity, a link to the source line, the code linked to its explanation, the message, the fix', () => {
  const mdx = page();
  const row = mdx.split('\n').find((l) => l.includes('nix/duplicate-attribute') && l.startsWith('<li'))!;
  assert.equal(
    row,
    '<li class="fd-diag fd-diag-error"><span class="fd-diag-head"><span class="fd-badge fd-badge-danger">error</span> <a href="https://github.com/me/systems/blob/main/hosts/box.nix#L7">line 7&#58;3</a> <a class="fd-diag-code" href="/diagnostics/#code-nix/duplicate-attribute"><code>nix/duplicate-attribute</code></a></span><span class="fd-diag-message">attribute &#39;a&#39; already defined at hosts/box.nix&#58;4&#58;3</span><span class="fd-diag-fix">Fix&#58; Keep one definition; nested sets may be written in pieces (<code>a.b = &#123; x = 1; &#125;; a.b.y = 2;</code>), a leaf only once.</span></li>',
  );
  // Untrusted text stays text: no raw `<script>` or table-breaking `|`.
  assert.ok(mdx.includes('attribute &#39;y&#39; missing &#124; &#60;script&#62;'));
  // Without a repository the place is plain code.
  assert.ok(page(false).includes('<code>line 7&#58;3</code>'));
});

test('a section per code found, with its explanation, fix and count; unknown codes say so', () => {
  const mdx = page();
  const codes = mdx.slice(mdx.indexOf('## Codes'));
  assert.deepEqual([...codes.matchAll(/<dt id="([^"]+)"/g)].map((m) => m[1]), [
    'code-brand/new-code',
    'code-nix/duplicate-attribute',
    'code-nix/missing-attribute',
    'code-options/computed',
    'code-options/not-a-module',
  ]);
  assert.match(codes, />No explanation is registered for this code yet\.</);
  assert.match(codes, /<dt id="code-nix\/duplicate-attribute"><code>nix\/duplicate-attribute<\/code> <span class="fd-badge fd-badge-danger">error<\/span><\/dt>/);
  assert.match(codes, />\(1 time in this flake\)</);
});

test('the page renders as Markdown to inert HTML, the hostile message as text', () => {
  const html = pageToHtml(page());
  assertInert(html, 'diagnostics.md');
  assert.ok(html.includes("attribute 'y' missing | &#x3C;script>"), 'the message reads as written');
});

test('past NOTES_LISTED_MAX notes, notes are counted per code and errors and warnings still listed', () => {
  const notes: Diagnostic[] = Array.from({ length: NOTES_LISTED_MAX + 1 }, (_, i) => ({ severity: 'info', code: 'options/computed', message: `note ${i}`, location: at(`modules/m${i}.nix`, 1) }));
  const model = { diagnostics: [...DIAGNOSTICS, ...notes], options: [], hosts: [], profiles: [], secrets: { secrets: [] } } as unknown as FlakeModel;
  const content = renderDiagnostics({ model, router: createRouter('/'), config: parseConfig({}), settings: indexSettings([], [], []) })[0]!.content;
  assert.ok(content.includes(`The ${NOTES_LISTED_MAX + 3} notes are too many to list one by one`));
  assert.equal([...content.matchAll(/fd-diag fd-diag-info/g)].length, 0);
  assert.deepEqual([...content.matchAll(/fd-diag fd-diag-(error|warning)/g)].map((m) => m[1]), ['error', 'warning', 'warning']);
  assert.deepEqual([...content.matchAll(/^## (.*)$/gm)].map((m) => m[1]), ['`hosts/box.nix`', 'Without a place', 'Codes']);
  // The codes section still counts every note.
  assert.ok(content.includes(`${NOTES_LISTED_MAX + 2} times in this flake`));
});
