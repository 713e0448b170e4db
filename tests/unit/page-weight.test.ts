/**
 * Pages whose weight does not grow with the site (issue 13): the sidebar lists sections and index
 * pages, not every host, module and ticket, once a folder holds many; the options index is cut into
 * pages; index pages carry a filter box. Checked on the sample flake (whose sidebar stays whole) and on
 * a 10,000-option flake (the synthetic 1k site flake, its options and hosts multiplied by ten).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { writeSiteFlake } from '../../scripts/bench/synth.ts';
import { parseConfig, type SiteConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { FlakeModel, Host, OptionDoc, Profile } from '../../scripts/model/index.ts';
import { filterable, pageLinks, paginate } from '../../scripts/render/index-page.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { attr, type GeneratedPage, link, text } from '../../scripts/render/mdx.ts';
import { escapeRegExp } from '../../scripts/regexp.ts';
import { EVERY_OPTION_LIMIT, MODULES_PER_PAGE } from '../../scripts/render/options.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { TICKETS_PER_PAGE } from '../../scripts/render/tickets.ts';
import { FOLDER_PAGE_LIMIT, groupPages, pageInfo, type PageInfo, SIDEBAR_SECTIONS, sectionEntries } from '../../scripts/site/sidebar.ts';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The sidebar facts of generated pages, as the site reads them from their frontmatter. */
function infos(pages: GeneratedPage[]): PageInfo[] {
  return pages.flatMap((p) => {
    const data = parse(/^---\n([\s\S]*?)\n---/.exec(p.content)![1]!);
    const info = pageInfo(data.slug, data);
    return info ? [info] : [];
  });
}

/** The sidebar's sections as `label: slug slug …`. */
function sidebarShape(pages: PageInfo[]): Map<string, string[]> {
  return new Map(groupPages(pages).map((g) => [g.label, g.pages.map((p) => p.slug)]));
}

const bytes = (p: GeneratedPage) => Buffer.byteLength(p.content);

/** The hrefs starting with `prefix` of the links a page writes through `link()`, in order, whatever format mdx.ts writes pages in. */
function linkedHrefs(content: string, prefix: string): string[] {
  const opening = link('HREF', 'x').split('HREF')[0]!;
  return [...content.matchAll(new RegExp(`${escapeRegExp(opening)}(${escapeRegExp(prefix)}[^"'\\s]*)`, 'g'))].map((m) => m[1]!);
}

let sample: GeneratedPage[];
let large: GeneratedPage[];
let largeModel: FlakeModel;
let scratch: string;

/** The 1k synthetic flake's model with its options and hosts ten times over, and thirty profiles. */
function multiplied(model: FlakeModel, times: number): FlakeModel {
  const options: OptionDoc[] = [];
  for (let k = 0; k < times; k++) {
    for (const o of model.options) {
      const group = `${o.group}-${k}`;
      options.push({ ...o, name: `c${k}.${o.name}`, loc: [`c${k}`, ...o.loc], group, declarations: o.declarations.map((d) => d.replace(/\.nix$/, `-${k}.nix`)) });
    }
  }
  const profiles: Profile[] = Array.from({ length: 30 }, (_, i) => ({ kind: 'profile', name: `role${i}`, path: `profiles/role${i}.nix`, hosts: [], imports: [], settings: [] }));
  const hosts: Host[] = [];
  for (let k = 0; k < times; k++) {
    for (const h of model.hosts) {
      const name = `${h.name}-${k}`;
      const mine = [profiles[hosts.length % 30]!, profiles[(hosts.length * 7) % 30]!];
      for (const p of mine) if (!p.hosts.includes(name)) p.hosts.push(name);
      hosts.push({ ...h, name, profiles: [...new Set(mine.map((p) => p.name))] });
    }
  }
  return { ...model, options, hosts, profiles };
}

before(async () => {
  const config = (flake: string): SiteConfig => parseConfig({ flake, base: '/' });
  const sampleConfig = config(path.join(ROOT, 'flake-src'));
  const sampleModel = (await extractFlake(path.join(ROOT, 'flake-src'), sampleConfig, new Progress(true))).model;
  sample = renderSite(sampleModel, sampleConfig);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'fd-weight-'));
  const flake = path.join(scratch, 'flake');
  writeSiteFlake(flake, { modules: 100, hosts: 20, secrets: 50, tickets: 300 });
  const largeConfig = config(flake);
  largeModel = multiplied((await extractFlake(flake, largeConfig, new Progress(true))).model, 10);
  large = renderSite(largeModel, largeConfig);
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('a growing section lists a folder of up to 24 pages, and from 25 only the section\'s own page', () => {
  const hosts = SIDEBAR_SECTIONS.find((s) => s.directory === 'hosts')!;
  const page = (slug: string, order: number) => pageInfo(slug, { title: slug, sidebar: { order } })!;
  const withHosts = (n: number) => [page('hosts', 0), ...Array.from({ length: n }, (_, i) => page(`hosts/h${i}`, i + 1))];
  assert.equal(FOLDER_PAGE_LIMIT, 24);
  assert.equal(sectionEntries(withHosts(24), hosts).length, 25);
  assert.deepEqual(sectionEntries(withHosts(25), hosts).map((p) => p.slug), ['hosts']);
  // Recovery: the generic runbooks stay when the per-host pages (their own folder) are left out.
  const recovery = SIDEBAR_SECTIONS.find((s) => s.directory === 'recovery')!;
  const pages = [page('recovery/roll-back-a-generation', 5), page('recovery/restore-from-backup', 6), ...Array.from({ length: 25 }, (_, i) => page(`recovery/hosts/h${i}`, 100 + i))];
  assert.deepEqual(sectionEntries(pages, recovery).map((p) => p.slug), ['recovery/roll-back-a-generation', 'recovery/restore-from-backup']);
  assert.equal(sectionEntries(pages.slice(0, 26), recovery).length, 26);
  // Hand-written sections never shrink.
  const guides = SIDEBAR_SECTIONS.find((s) => s.directory === 'guides')!;
  assert.equal(sectionEntries(Array.from({ length: 40 }, (_, i) => page(`guides/g${i}`, i)), guides).length, 40);
});

test('the sample flake keeps its whole sidebar, with the new index pages first in their sections', () => {
  const shape = sidebarShape(infos(sample));
  assert.deepEqual(shape.get('Hosts'), ['hosts', 'hosts/bartleby', 'hosts/marshmallow', 'hosts/rich-evans', 'hosts/total-eclipse', 'hosts/cronut', 'hosts/work-macbook', 'hosts/miscguy-marshmallow']);
  assert.deepEqual(shape.get('Profiles'), ['profiles', 'profiles/gaming', 'profiles/personal', 'profiles/server', 'profiles/work']);
  assert.deepEqual(shape.get('Recovery')!.length, 9);
  assert.equal(shape.get('Options')!.length, 15);
  assert.equal(shape.get('Options')![0], 'options');
  assert.equal(shape.get('Tickets')!.length, 23);
  assert.deepEqual(shape.get('Tickets')!.slice(0, 3), ['tickets', 'tickets/INFRA-1', 'tickets/INFRA-2']);
  // Every generated page but the diagnostics and the home page (both in the Overview group) is in a section.
  const listed = new Set([...shape.values()].flat());
  assert.deepEqual(infos(sample).map((p) => p.slug).filter((s) => !listed.has(s)).sort(), ['diagnostics', 'index']);
});

test('at 10,000 options the sidebar lists sections and index pages only: 1,000 modules, 200 hosts and recovery pages, 30 profiles and 300 tickets are left to their index pages', () => {
  assert.equal(largeModel.options.length, 10_000);
  assert.equal(largeModel.hosts.length, 200);
  const all = infos(large);
  const shape = sidebarShape(all);
  assert.deepEqual(shape.get('Hosts'), ['hosts']);
  assert.deepEqual(shape.get('Profiles'), ['profiles']);
  assert.deepEqual(shape.get('Options'), ['options', 'options/page-2', 'options/page-3', 'options/page-4', 'options/page-5']);
  assert.deepEqual(shape.get('Recovery'), ['recovery/roll-back-a-generation']);
  assert.deepEqual(shape.get('Roadmap'), ['roadmap']);
  assert.deepEqual(shape.get('Tickets'), ['tickets', 'tickets/page/2']);
  const entries = [...shape.values()].flat().length;
  const small = [...sidebarShape(infos(sample)).values()].flat().length;
  assert.equal(entries, 17, `${entries} sidebar entries for ${all.length} pages`);
  assert.ok(entries < small, `fewer entries than the sample's ${small}`);
});

test('at 10,000 options no index page outgrows 100 KB of page source (about 150 KB of HTML with the site around it)', () => {
  const index = large.filter((p) => /^(options\/index|options\/page-\d+|hosts\/index|profiles|tickets|tickets\/page\/\d+)\.md$/.test(p.path));
  assert.deepEqual(index.map((p) => p.path).sort(), ['hosts/index.md', 'options/index.md', 'options/page-2.md', 'options/page-3.md', 'options/page-4.md', 'options/page-5.md', 'profiles.md', 'tickets.md', 'tickets/page/2.md']);
  for (const p of index) assert.ok(bytes(p) <= 100_000, `${p.path}: ${bytes(p)} bytes`);
  // The hosts overview leaves out the graph and matrix of 200 hosts and 30 profiles; its table stays, filterable.
  const hosts = large.find((p) => p.path === 'hosts/index.md')!.content;
  assert.ok(!hosts.includes('```mermaid') && !hosts.includes('## Hosts and profiles'));
  assert.equal(new Set(linkedHrefs(hosts, '/hosts/')).size, 200);
  assert.ok(hosts.includes(filterable('Filter hosts', [])[0]!));
  // Module pages (ten options each) are the median page and stay small.
  const sizes = large.map(bytes).sort((a, b) => a - b);
  assert.ok(sizes[Math.floor(sizes.length / 2)]! <= 10_000, `median page source ${sizes[Math.floor(sizes.length / 2)]} bytes`);
});

test('the options index holds 200 modules a page, in order, each page linking every other', () => {
  assert.equal(MODULES_PER_PAGE, 200);
  const pages = large.filter((p) => /^options\/(index|page-\d+)\.md$/.test(p.path));
  const modules = (p: GeneratedPage) => linkedHrefs(p.content, '/options/nixos/');
  const perPage = pages.map(modules);
  assert.deepEqual(perPage.map((m) => m.length), [200, 200, 200, 200, 200]);
  const all = perPage.flat();
  assert.equal(new Set(all).size, 1000, 'every module once');
  assert.deepEqual(all, [...all].sort((a, b) => a.localeCompare(b)), 'in module order across pages');
  const page3 = pages[2]!.content;
  assert.match(page3, /^title: "Module options: modules 401–600 of 1000"$/m);
  assert.match(page3, /^slug: "options\/page-3"$/m);
  assert.ok(page3.includes(pageLinks(['/options/', '/options/page-2/', '/options/page-3/', '/options/page-4/', '/options/page-5/'], 3, 'Pages of the module list')));
  assert.ok(page3.includes('<span aria-current="page">3</span>'));
  // 10,000 options are too many for the every-option table; search and module pages find them.
  assert.ok(!pages[0]!.content.includes('## Every option'));
  assert.match(pages[0]!.content, /too many options to list them all on one page/);
});

test('pagination boundaries: 200 modules make one page, 201 two; up to 400 options the index lists every option', () => {
  assert.deepEqual(paginate([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(paginate([1, 2, 3, 4], 2), [[1, 2], [3, 4]]);
  assert.deepEqual(paginate([], 2), [[]]);
  assert.throws(() => paginate([1], 0), /at least 1/);
  assert.equal(pageLinks(['/options/'], 1, 'x'), '', 'no page links for a single page');
  const router = createRouter('/docs/');
  assert.equal(router.href({ kind: 'optionsPage', page: 1 }), '/docs/options/');
  assert.equal(router.href({ kind: 'optionsPage', page: 3 }), '/docs/options/page-3/');
  assert.equal(router.href({ kind: 'tickets' }), '/docs/tickets/');
  assert.equal(router.href({ kind: 'profiles' }), '/docs/profiles/');
  const config = parseConfig({ base: '/' });
  const option = (module: number, n: number): OptionDoc => ({
    kind: 'option', name: `my.m${module}.o${n}`, loc: ['my', `m${module}`, `o${n}`], type: 'boolean', description: null, readOnly: false,
    declarations: [`modules/m${module}.nix`], source: { file: `modules/m${module}.nix`, line: 1, column: 1 }, group: `nixos/m${String(module).padStart(4, '0')}`, computed: [],
  });
  const optionsOf = (modules: number, perModule: number) => {
    const options = Array.from({ length: modules }, (_, m) => Array.from({ length: perModule }, (_, n) => option(m, n))).flat();
    return renderSite({ ...largeModel, hosts: [], profiles: [], roadmap: null, options }, config).filter((p) => /^options\/(index|page-\d+)\.md$/.test(p.path));
  };
  const [m200, m201] = [optionsOf(200, 1), optionsOf(201, 1)];
  assert.deepEqual(m200.map((p) => p.path), ['options/index.md']);
  assert.deepEqual(m201.map((p) => p.path), ['options/index.md', 'options/page-2.md']);
  assert.ok(m201[1]!.content.includes(text('Modules 201–201 of 201')));
  assert.equal(EVERY_OPTION_LIMIT, 400);
  assert.ok(optionsOf(200, 2)[0]!.content.includes('## Every option'), '400 options are listed');
  assert.ok(!optionsOf(201, 2)[0]!.content.includes('## Every option'), '402 options are not');
});

test('index pages wrap their tables for the filter script, and list every host, profile and ticket', () => {
  assert.deepEqual(filterable('Filter hosts', ['| a |', '| --- |']), [`<div class="fd-filterable" ${attr('data-fd-filter', 'Filter hosts')}>`, '', '| a |', '| --- |', '', '</div>', '']);
  const page = (p: string) => sample.find((x) => x.path === p)!.content;
  assert.ok(page('options/index.md').includes(attr('data-fd-filter', 'Filter modules and options')));
  const profiles = page('profiles.md');
  assert.match(profiles, /^slug: "profiles"$/m);
  assert.deepEqual(linkedHrefs(profiles, '/profiles/'), ['/profiles/gaming/', '/profiles/personal/', '/profiles/server/', '/profiles/work/']);
  assert.ok(page('hosts/index.md').includes(`are listed on ${link('/profiles/', 'their own page')}`));
  const tickets = page('tickets.md');
  assert.match(tickets, /^sidebar: \{"order":-1,"label":"All tickets"\}$/m);
  assert.equal(linkedHrefs(tickets, '/tickets/').length, 22);
  assert.ok(tickets.includes(attr('data-fd-filter', 'Filter tickets')));
});

test('the tickets index holds 250 tickets a page: 300 tickets make two pages, each linking the other', () => {
  assert.equal(TICKETS_PER_PAGE, 250);
  const pages = ['tickets.md', 'tickets/page/2.md'].map((p) => large.find((x) => x.path === p)!.content);
  const ids = pages.map((c) => linkedHrefs(c, '/tickets/BENCH-').map((href) => href.slice('/tickets/'.length, -1)));
  assert.deepEqual(ids.map((list) => list.length), [250, 50]);
  assert.deepEqual(ids.flat(), Array.from({ length: 300 }, (_, i) => `BENCH-${i + 1}`));
  assert.match(pages[1]!, /^title: "Tickets: tickets 251–300 of 300"$/m);
  assert.match(pages[1]!, /^slug: "tickets\/page\/2"$/m);
  for (const [i, c] of pages.entries()) assert.ok(c.includes(pageLinks(['/tickets/', '/tickets/page/2/'], i + 1, 'Pages of the ticket list')));
  assert.equal(createRouter('/').href({ kind: 'ticketsPage', page: 2 }), '/tickets/page/2/');
});
