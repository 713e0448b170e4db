/**
 * The secrets pages of a big fleet keep their weight: no 200,000-cell matrix, no graph too big to
 * read, and past SECRETS_PER_PAGE secrets their sections on pages of their own, indexed by the secrets
 * page, with every link to a secret landing on its section.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { writeSiteFlake } from '../../scripts/bench/synth.ts';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { FlakeModel, Secret } from '../../scripts/model/index.ts';
import { indexSettings } from '../../scripts/model/settings.ts';
import { renderSite, siteRouter } from '../../scripts/render/index.ts';
import type { GeneratedPage } from '../../scripts/render/mdx.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { ACCESS_LINKS_MAX, GRAPH_ITEMS_MAX, MATRIX_CELLS_MAX, renderSecrets, SECRETS_PER_PAGE, secretPages } from '../../scripts/render/secrets.ts';
import { pageToHtml } from './page-html.ts';

let scratch: string;
let model: FlakeModel;
/** 1,000 secrets and 200 hosts, as the 10,000-option benchmark site has. */
let fleet: FlakeModel;
const config = parseConfig({ base: '/' });
const render = (m: FlakeModel) => renderSecrets({ model: m, router: siteRouter(m, '/'), config, settings: indexSettings(m.options, m.hosts, m.profiles) });

/** `model` with its secrets repeated until there are `count`, each copy's ids made unique. */
function withSecrets(m: FlakeModel, count: number): FlakeModel {
  const many = structuredClone(m);
  many.secrets.secrets = Array.from({ length: count }, (_, i) => {
    const s = m.secrets.secrets[i % m.secrets.secrets.length]!;
    return { ...s, id: `${s.id}-${Math.floor(i / m.secrets.secrets.length)}` };
  }).sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
  return many;
}

/** The `id` attributes of a generated page. */
const ids = (content: string) => [...content.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
/** The slug in a generated page's frontmatter. */
const slugOf = (p: GeneratedPage) => /^slug: (.+)$/m.exec(p.content)![1]!.replace(/^["']|["']$/g, '');

before(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'fd-secrets-'));
  writeSiteFlake(path.join(scratch, 'flake'), { modules: 2, hosts: 20, secrets: 40, tickets: 1 });
  model = (await extractFlake(path.join(scratch, 'flake'), parseConfig({ flake: path.join(scratch, 'flake') }), new Progress(true))).model;
  writeSiteFlake(path.join(scratch, 'fleet'), { modules: 2, hosts: 200, secrets: 1000, tickets: 1 });
  fleet = (await extractFlake(path.join(scratch, 'fleet'), parseConfig({ flake: path.join(scratch, 'fleet') }), new Progress(true))).model;
  // Each secret used by the two hosts that can decrypt it, so the sections carry their usage tables.
  for (const s of fleet.secrets.secrets) {
    s.usedBy = s.recipients!.filter((r) => r !== 'owner').map((host) => ({ host, name: s.id, owner: 'root', group: null, mode: '0400', path: `/run/agenix/${s.id}`, source: { file: `hosts/${host}.nix`, line: 3, column: 5 } }));
  }
});
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a small fleet gets the matrix, a sentence for a graph of no uses, and every section on the secrets page', () => {
  const { secrets, recipients } = model.secrets;
  assert.ok(secrets.length * recipients.length <= MATRIX_CELLS_MAX);
  const pages = render(model);
  assert.deepEqual(pages.map((p) => p.path), ['secrets/index.md']);
  const content = pages[0]!.content;
  assert.ok(content.includes('<div class="fd-matrix"'));
  // The synthetic hosts use none of their secrets: there is nothing to draw.
  assert.ok(!content.includes('```mermaid'));
  assert.ok(content.includes('No host uses any of the 40 secrets.'));
  assert.equal([...content.matchAll(/<h3 id="secret-/g)].length, 40);
});

test(`up to ${SECRETS_PER_PAGE} secrets stay on one page; one more moves them all to pages of ${SECRETS_PER_PAGE}`, () => {
  const fits = withSecrets(model, SECRETS_PER_PAGE);
  assert.equal(secretPages(fits.secrets.secrets).size, 0);
  const one = render(fits);
  assert.deepEqual(one.map((p) => p.path), ['secrets/index.md']);
  assert.equal([...one[0]!.content.matchAll(/<h3 id="secret-/g)].length, SECRETS_PER_PAGE);
  assert.ok(!one[0]!.content.includes('## Pages of secrets'));

  const over = withSecrets(model, SECRETS_PER_PAGE + 1);
  const pages = render(over);
  // And the anchors page, where a link to a section that moved finds where it is now (see permalinks.test.ts).
  assert.deepEqual(pages.map((p) => p.path), ['secrets/index.md', 'secrets/page/1.md', 'secrets/page/2.md', 'secrets/anchors.md']);
  assert.equal([...pages[0]!.content.matchAll(/<h3 id="secret-/g)].length, 0, 'no section on the index');
  assert.equal([...pages[1]!.content.matchAll(/<h3 id="secret-/g)].length, SECRETS_PER_PAGE);
  assert.equal([...pages[2]!.content.matchAll(/<h3 id="secret-/g)].length, 1);
  const lastId = over.secrets.secrets.at(-1)!.id;
  assert.ok(pages[2]!.content.includes(`<h3 id="secret-${lastId.replace(/[^A-Za-z0-9_-]/g, '-')}"><code>${lastId}</code></h3>`));
  assert.ok(pages[0]!.content.includes(`| <a href="/secrets/page/2/">Secret ${SECRETS_PER_PAGE + 1}</a> | <code>${lastId}</code> to <code>${lastId}</code> |`));
  assert.match(pages[2]!.content, /^title: "Secret 51 of 51"$/m);
  assert.match(pages[1]!.content, /^title: "Secrets 1–50 of 51"$/m);
  assert.equal(slugOf(pages[2]!), 'secrets/page/2');
  assert.match(pages[2]!.content, /^sidebar: \{"hidden":true\}$/m, 'the index lists the pages, not the sidebar');
});

test('a thousand secrets and 200 hosts: an index and 20 pages of 50, every secret on exactly one, each page under 110 KB of HTML', () => {
  const all = render(fleet);
  assert.equal(all.length, 2 + 1000 / SECRETS_PER_PAGE);
  assert.equal(all.at(-1)!.path, 'secrets/anchors.md');
  const pages = all.slice(0, -1);
  const [index, ...rest] = pages;
  const content = index!.content;
  assert.ok(!content.includes('<div class="fd-matrix"'));
  assert.ok(!content.includes('```mermaid'));
  assert.match(content, /1000 secrets by 201 recipients are too many for a matrix/);
  assert.match(content, /1200 hosts and secrets, with \d+ uses between them, are too many to draw as one graph&#58; each secret&#39;s section on the pages of secrets lists/);
  assert.ok(GRAPH_ITEMS_MAX < 1000);
  // The index links each page once, in order.
  assert.deepEqual([...content.matchAll(/<a href="(\/secrets\/page\/\d+\/)">Secrets /g)].map((m) => m[1]), rest.map((p) => `/${slugOf(p)}/`));
  // Every secret has its section on exactly one page, in the model's order.
  const anchors = rest.flatMap((p) => ids(p.content).filter((id) => id.startsWith('secret-')));
  assert.deepEqual(anchors, fleet.secrets.secrets.map((s) => `secret-${s.id}`));
  // The owner's key opens all 1,000: counted, not listed.
  assert.ok(content.includes('| 1000 secrets |'), 'the owner row counts its secrets');
  // A host row names at most ACCESS_LINKS_MAX secrets, then counts the rest.
  const row = content.split('\n').find((l) => l.includes('id="access-host1"'))!;
  assert.equal([...row.matchAll(/<a href="\/secrets\//g)].length, 0, 'host1 uses what it can read: nothing over-granted');
  for (const p of all) {
    const kb = Buffer.byteLength(pageToHtml(p.content)) / 1024;
    assert.ok(kb <= 110, `${p.path}: ${kb.toFixed(1)} KB`);
  }
});

test('over-granted secrets: a host row names the first few, each secret section names every host it is over-granted to', () => {
  const over = structuredClone(fleet);
  for (const s of over.secrets.secrets) s.usedBy = [];
  const pages = render(over);
  const row = pages[0]!.content.split('\n').find((l) => l.includes('id="access-host1"'))!;
  const links = [...row.matchAll(/<a href="(\/secrets\/page\/\d+\/#secret-s\d+)">/g)].map((m) => m[1]);
  assert.equal(links.length, ACCESS_LINKS_MAX);
  assert.deepEqual(links, ['/secrets/page/1/#secret-s0000', '/secrets/page/1/#secret-s0001', '/secrets/page/5/#secret-s0200']);
  assert.match(row, / and 7 more<\/span> \|/);
  // s0000 is readable by host0 and host1, which use nothing: over-granted to both, on its section.
  assert.ok(pages[1]!.content.includes('<dt data-pagefind-ignore>Over-granted to</dt><dd><a href="/hosts/host0/">host0</a>, <a href="/hosts/host1/">host1</a></dd>'));
});

test('every link to a secret anywhere on the site lands on a page that has its anchor', () => {
  const pages = renderSite(fleet, config);
  const anchorsBySlug = new Map(pages.map((p) => [slugOf(p), new Set(ids(p.content))]));
  let checked = 0;
  for (const p of pages) {
    for (const [, href] of p.content.matchAll(/href="(\/secrets\/[^"]*#secret-[^"]*)"/g)) {
      const [slug, anchor] = href!.slice(1).split('/#') as [string, string];
      assert.ok(anchorsBySlug.get(slug)?.has(decodeURI(anchor)), `${p.path}: ${href}`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} links`);
  // And the router agrees for every secret of the model.
  const router = siteRouter(fleet, '/');
  for (const s of fleet.secrets.secrets) {
    const [slug, anchor] = router.href({ kind: 'secret', id: s.id }).slice(1).split('/#') as [string, string];
    assert.ok(anchorsBySlug.get(slug)?.has(anchor), s.id);
  }
});

test('a router that does not know the pages of secrets is our bug, not a page of broken links', () => {
  const settings = indexSettings(fleet.options, fleet.hosts, fleet.profiles);
  assert.throws(() => renderSecrets({ model: fleet, router: createRouter('/'), config, settings }), /the router does not know the pages of secrets/);
});

test('the pages of secrets follow the model order: category, then id', () => {
  const secrets = [
    ...Array.from({ length: 30 }, (_, i) => ({ id: `backup/k${i}`, category: 'backup' })),
    ...Array.from({ length: 30 }, (_, i) => ({ id: `web/k${i}`, category: 'web' })),
  ] as Secret[];
  const pages = secretPages(secrets);
  assert.equal(pages.get('backup/k0'), 1);
  assert.equal(pages.get('web/k19'), 1);
  assert.equal(pages.get('web/k20'), 2);
  assert.equal(createRouter('/', { secretPages: pages }).href({ kind: 'secret', id: 'web/k20' }), '/secrets/page/2/#secret-web-k20');
  assert.equal(createRouter('/docs/', { secretPages: pages }).href({ kind: 'secretAccess', host: 'a' }), '/docs/secrets/#access-a');
});

test('the usage graph is drawn up to GRAPH_ITEMS_MAX hosts, used secrets and uses, and said in words past it; unused secrets are named beside it', () => {
  // n used secrets, all used by host0 (n + 1 nodes, n lines), and 5 that no host uses.
  const shaped = (n: number) => {
    const m = structuredClone(fleet);
    m.secrets.secrets = m.secrets.secrets.slice(0, n + 5).map((s, i) => ({ ...s, usedBy: i < n ? [{ ...s.usedBy[0]!, host: 'host0' }] : [] }));
    return render(m)[0]!.content;
  };
  const fits = Math.floor((GRAPH_ITEMS_MAX - 1) / 2);
  const drawn = shaped(fits);
  assert.ok(drawn.includes('```mermaid'));
  // The graph holds the used secrets only.
  assert.equal((/```mermaid\n([\s\S]*?)```/.exec(drawn)![1]!.match(/-->/g) ?? []).length, fits);
  const unused = fleet.secrets.secrets.slice(fits, fits + 5).map((s) => s.id);
  const [a, b, c] = unused.map((id) => `<a href="/secrets/#secret-${id}">${id}</a>`);
  assert.ok(drawn.includes(`\nNo use found&#58; ${a}, ${b}, ${c} and 2 more.\n`), 'the unused secrets are named, linked, and past three counted');
  const words = shaped(fits + 1);
  assert.ok(!words.includes('```mermaid'));
  assert.ok(words.includes(`${fits + 2} hosts and secrets, with ${fits + 1} uses between them, are too many to draw as one graph`));
});
