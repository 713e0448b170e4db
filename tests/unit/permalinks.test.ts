/**
 * Stable permalinks: a link pasted into a pull request or a chat keeps working after the flake grows.
 * A flake is built, then rebuilt with its files and entries reordered, a host added and enough secrets
 * to split the secrets page (and then to shift secrets from one page of secrets to the next); every
 * URL and anchor of the earlier build must still lead to its thing in the later one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { FlakeModel } from '../../scripts/model/index.ts';
import { pageUrl, renderSite, siteRouter } from '../../scripts/render/index.ts';
import type { EntityRef } from '../../scripts/render/router.ts';
import { SECRETS_PER_PAGE } from '../../scripts/render/secrets.ts';
import { markdownBody, splitFrontmatter } from '../../scripts/site/prerender.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-permalinks-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const config = parseConfig({});

/** What a revision of the test flake holds; the order of each list is the order written in its files. */
interface Shape {
  hosts: string[];
  options: string[];
  secrets: string[];
  /** Ticket ids of the roadmap (docs/tickets.md), each blocked by the one written before it. */
  tickets: string[];
}

/** Writes a flake of that shape: each host imports the profile, sets an option and uses the secrets whose name starts with its own. */
function writeFlake(dir: string, shape: Shape): string {
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['docs', 'hosts', 'modules', 'profiles', 'secrets']) mkdirSync(path.join(dir, sub), { recursive: true });
  const hosts = shape.hosts.map(
    (h) => `      ${h} = nixpkgs.lib.nixosSystem { system = "x86_64-linux"; modules = [ agenix.nixosModules.default ./modules/site.nix ./hosts/${h}.nix ]; };`,
  );
  writeFileSync(
    path.join(dir, 'flake.nix'),
    [
      '{',
      '  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";',
      '  inputs.agenix.url = "github:ryantm/agenix";',
      '  outputs = { nixpkgs, agenix, ... }: {',
      '    nixosModules.site = ./modules/site.nix;',
      '    nixosConfigurations = {',
      ...hosts,
      '    };',
      '  };',
      '}',
      '',
    ].join('\n'),
  );
  const options = shape.options.map((o) => `    ${o} = lib.mkOption { type = lib.types.str; default = "${o}"; description = "The ${o} setting."; };`);
  writeFileSync(path.join(dir, 'modules/site.nix'), ['{ lib, ... }:', '{', '  options.site = {', ...options, '  };', '}', ''].join('\n'));
  writeFileSync(path.join(dir, 'profiles/base.nix'), '{ lib, ... }:\n{\n  site.motd = lib.mkDefault "welcome";\n}\n');
  for (const h of shape.hosts) {
    const uses = shape.secrets.filter((s) => s.startsWith(`${h}-`)).map((s) => `  age.secrets.${s}.file = ../secrets/${s}.age;`);
    writeFileSync(path.join(dir, `hosts/${h}.nix`), ['{', '  imports = [ ../profiles/base.nix ];', `  networking.hostName = "${h}";`, ...uses, '}', ''].join('\n'));
  }
  // One made-up key per host: 32 bytes of the host's name, base64.
  const key = (h: string) => `"ssh-ed25519 ${Buffer.from(`${h}${'x'.repeat(32)}`.slice(0, 32)).toString('base64')}"`;
  const entries = shape.secrets.map((s) => `  "${s}.age".publicKeys = [ ${shape.hosts.filter((h) => s.startsWith(`${h}-`)).join(' ') || shape.hosts[0]} ];`);
  writeFileSync(path.join(dir, 'secrets/secrets.nix'), ['let', ...shape.hosts.map((h) => `  ${h} = ${key(h)};`), 'in', '{', ...entries, '}', ''].join('\n'));
  for (const s of shape.secrets) writeFileSync(path.join(dir, `secrets/${s}.age`), 'age-encryption.org/v1\n-> X25519 placeholder\n');
  const tickets = shape.tickets.map((t, i) => `- [ ] ${t}: Work item ${t} (effort: 1d${i ? `, blocked by: ${shape.tickets[i - 1]}` : ''})`);
  writeFileSync(path.join(dir, 'docs/tickets.md'), ['# Roadmap', '', ...tickets, ''].join('\n'));
  return dir;
}

/** A built revision: its model and, for each page URL, the ids of its elements as the site's Markdown pipeline gives them, and its head scripts. */
interface Build {
  model: FlakeModel;
  pages: Map<string, { ids: Set<string>; head: string }>;
}

async function build(shape: Shape, name: string): Promise<Build> {
  const dir = writeFlake(path.join(tmp, name), shape);
  const { model } = await extractFlake(dir, config, new Progress(true));
  const pages = new Map<string, { ids: Set<string>; head: string }>();
  for (const page of renderSite(model, config)) {
    const { data, body } = splitFrontmatter(page.content);
    const { html } = markdownBody(body, data.headingIds === 'verbatim');
    pages.set(pageUrl(page, config.base), { ids: new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1]!))), head: JSON.stringify(data.head ?? []) });
  }
  return { model, pages };
}

const decodeEntities = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every linkable thing of a model: options, hosts, profiles, secrets, each host's row of the access table and tickets. */
function refs(model: FlakeModel): EntityRef[] {
  return [
    ...model.options.map((o) => ({ kind: 'option', name: o.name, group: o.group }) as const),
    ...model.hosts.map((h) => ({ kind: 'host', name: h.name, class: h.class }) as const),
    ...model.profiles.map((p) => ({ kind: 'profile', name: p.name, path: p.path }) as const),
    ...model.secrets.secrets.map((s) => ({ kind: 'secret', id: s.id }) as const),
    ...model.hosts.map((h) => ({ kind: 'secretAccess', host: h.name, class: h.class }) as const),
    ...(model.roadmap?.documents ?? []).flatMap((d) => d.tickets.map((t) => ({ kind: 'ticket', id: t.id }) as const)),
  ];
}

/**
 * Where a URL with an anchor lands in a build, following what its pages do in a browser: the page's
 * element with that id, or, when the page has none and carries the moved-anchor script, the anchors
 * page's link for it, whose target must hold the id.
 */
function land(b: Build, href: string): string | undefined {
  const [page, hash] = href.split('#') as [string, string | undefined];
  const p = b.pages.get(page);
  if (!p) return undefined;
  const id = hash === undefined ? undefined : decodeURI(hash);
  if (id === undefined || p.ids.has(id)) return href;
  const moved = /location\.replace\(\\"([^"\\]+)\\"/.exec(p.head)?.[1];
  if (!moved || !b.pages.get(moved)?.ids.has(id)) return undefined;
  const target = siteRouter(b.model, config.base).href({ kind: 'secret', id: secretWithAnchor(b, id) ?? '' });
  return b.pages.get(target.split('#')[0]!)?.ids.has(id) ? target : undefined;
}

/** The secret whose anchor is `id` in a build. */
function secretWithAnchor(b: Build, id: string): string | undefined {
  const router = siteRouter(b.model, config.base);
  return b.model.secrets.secrets.find((s) => router.anchor({ kind: 'secret', id: s.id }) === id)?.id;
}

/** The hrefs of the first build that do not land on their thing in the second. */
function broken(first: Build, second: Build): string[] {
  const router = siteRouter(first.model, config.base);
  return refs(first.model)
    .map((r) => router.href(r))
    .filter((href) => !land(second, href));
}

const tickets = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
const secrets = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-s${String(i).padStart(3, '0')}`);

test('every URL and anchor of a build still resolves after files are reordered, a host is added, the secrets page splits and shifts and the roadmap grows past a page', { timeout: 120_000 }, async () => {
  const one = await build({ hosts: ['web', 'db'], options: ['motd', 'region', 'owner'], secrets: [...secrets('web', 20), ...secrets('db', 20)], tickets: tickets('LAB', 30) }, 'one');
  assert.equal(one.model.secrets.secrets.length, 40);
  assert.equal(one.model.roadmap?.documents[0]?.tickets.length, 30);
  assert.ok(!one.pages.has('/secrets/page/1/'), 'forty secrets fit on the secrets page');
  // Files and entries reordered, a host added, 40 more secrets: the secrets page splits into pages of 50.
  const two = await build({ hosts: ['mail', 'db', 'web'], options: ['owner', 'motd', 'region'], secrets: [...secrets('db', 20), ...secrets('mail', 40), ...secrets('web', 20)].reverse(), tickets: [...tickets('OPS', 30), ...tickets('LAB', 30).reverse()] }, 'two');
  assert.equal(two.model.secrets.secrets.length, 80);
  assert.ok(two.pages.has(`/secrets/page/${Math.ceil(80 / SECRETS_PER_PAGE)}/`));
  assert.ok(two.pages.has('/hosts/mail/'));
  assert.deepEqual(broken(one, two), []);
  // Secrets that sort first push every later one a page on: links to the old pages still find them.
  const three = await build({ hosts: ['mail', 'db', 'web', 'app'], options: ['owner', 'motd', 'region'], secrets: [...secrets('app', 60), ...secrets('db', 20), ...secrets('mail', 40), ...secrets('web', 20)], tickets: [...tickets('ART', 50), ...tickets('OPS', 30), ...tickets('LAB', 30)] }, 'three');
  const router2 = siteRouter(two.model, config.base);
  const router3 = siteRouter(three.model, config.base);
  assert.notEqual(router2.href({ kind: 'secret', id: 'web-s000' }), router3.href({ kind: 'secret', id: 'web-s000' }), 'the test moves a secret to another page');
  assert.deepEqual(broken(two, three), []);
  assert.deepEqual(broken(one, three), []);
});
