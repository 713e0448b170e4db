/**
 * Names are identities: namesakes keep distinct pages, invisible characters are shown, look-alikes are
 * named (fixture names-hostile); and every fixture, with its names replaced by colliding or invisible
 * variants, still renders with every link resolved and no exception.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { extractGuides } from '../../scripts/extract/guides.ts';
import { extractFlake, type Extraction } from '../../scripts/extract/index.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { formatDiagnostic } from '../../scripts/diagnostics.ts';
import { internalError, Progress, REPORT } from '../../scripts/log.ts';
import type { FlakeModel } from '../../scripts/model/index.ts';
import { allocateSlugs, showInvisible, skeleton } from '../../scripts/model/names.ts';
import { nameDiagnostics, withinOneEdit } from '../../scripts/model/slugs.ts';
import { checkGeneratedLinks } from '../../scripts/render/generated-links.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { FLAKES } from './fixture-flakes.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Zero-width, bidi and other format characters that the variants add. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

async function extract(flake: string): Promise<{ result: Extraction; config: ReturnType<typeof resolveIdentity>['config'] }> {
  const identity = resolveIdentity(ROOT, flake);
  return { result: await extractFlake(identity.flake, identity.config, new Progress(true)), config: identity.config };
}

test('invisible characters are shown as markers; a ZWJ inside an emoji stays', () => {
  assert.equal(showInvisible('web\u200b'), 'web⟨U+200B⟩');
  assert.equal(showInvisible('bad\u202eevil'), 'bad⟨U+202E⟩evil');
  assert.equal(showInvisible('\u{1f469}\u200d\u{1f4bb}'), '\u{1f469}\u200d\u{1f4bb}');
  assert.equal(showInvisible('plain-name'), 'plain-name');
});

test('one edit apart: a letter more, less or other, and nothing further', () => {
  assert.deepEqual([withinOneEdit('marshmalow', 'marshmallow'), withinOneEdit('web1', 'web2'), withinOneEdit('ab', 'ba'), withinOneEdit('abc', 'abc'), withinOneEdit('a', 'abc')], [true, true, false, true, false]);
});

test('UTS #39 skeletons: m and rn, Cyrillic а and Latin a, an ignorable zero-width space; ł is not l', () => {
  assert.equal(skeleton('rnarshmallow'), skeleton('marshmallow'));
  assert.equal(skeleton('p\u0430ypal'), skeleton('paypal'));
  assert.equal(skeleton('web\u200b'), skeleton('web'));
  // The table maps ł to l with a combining stroke: by UTS #39 `marshmałow` does not pass for `marshmallow`.
  assert.notEqual(skeleton('marshmałow'), skeleton('marshmallow'));
});

test('slugs: a lone name keeps its URL; namesakes are told apart the same way in any order', () => {
  const claims = [
    { key: 'home laptop', base: 'laptop', rank: '3', qualified: 'home-laptop' },
    { key: 'nixos laptop', base: 'laptop', rank: '0', qualified: 'nixos-laptop' },
    { key: 'web', base: 'web', rank: '0web', qualified: 'nixos-web' },
    { key: 'web2', base: 'web', rank: '0web\u200b', qualified: 'nixos-web' },
    { key: 'web-2', base: 'web-2', rank: '0web-2', qualified: 'nixos-web-2' },
  ];
  const expected = [
    ['home laptop', 'home-laptop'],
    ['nixos laptop', 'laptop'],
    ['web', 'web'],
    ['web-2', 'web-2'],
    ['web2', 'web-3'],
  ];
  for (const order of [claims, [...claims].reverse()]) {
    assert.deepEqual([...allocateSlugs(order).slugs].sort(), expected);
  }
});

test('names-hostile: every thing has its own page, warnings name both definitions, no raw override anywhere', async () => {
  const { result, config } = await extract(path.join(ROOT, 'tests/fixtures/names-hostile'));
  const names = result.model.diagnostics.filter((d) => d.code.startsWith('names/')).map((d) => `${d.location!.file}:${d.location!.line} ${d.code} ${d.message}`);
  assert.deepEqual(names, [
    'flake.nix:13 names/confusable host "web⟨U+200B⟩" (flake.nix:13) looks like "web" (flake.nix:12): same Unicode confusable skeleton',
    'flake.nix:13 names/invisible host name "web⟨U+200B⟩" holds invisible characters (⟨U+200B⟩), shown as markers',
    'flake.nix:13 names/collision nixosConfigurations.web (flake.nix:12) and nixosConfigurations.web⟨U+200B⟩ (flake.nix:13) want hosts/web/: the second is at hosts/web-2/',
    'flake.nix:14 names/invisible host name "bad⟨U+202E⟩evil" holds invisible characters (⟨U+202E⟩), shown as markers',
    'flake.nix:16 names/similar host "marshmałow" (flake.nix:16) reads almost as "marshmallow" (flake.nix:15): one letter apart once accents and strokes are set aside',
    'flake.nix:17 names/confusable host "rnarshmallow" (flake.nix:17) looks like "marshmallow" (flake.nix:15): same Unicode confusable skeleton',
    'flake.nix:19 names/namesake nixosConfigurations.laptop (flake.nix:11) and homeConfigurations.laptop (flake.nix:19) want hosts/laptop/: the second is at hosts/home-laptop/',
    'modules/web.nix:4 names/invisible option name "services."site⟨U+200B⟩".enable" holds invisible characters (⟨U+200B⟩), shown as markers',
    'nixos/profiles/desktop.nix:1 names/namesake profile home/profiles/desktop.nix:1 and profile nixos/profiles/desktop.nix:1 want profiles/desktop/: the second is at profiles/nixos-profiles-desktop/',
    'secrets/secrets.nix:5 names/collision secret "db-pass" (secrets/secrets.nix:6) and secret "db.pass" (secrets/secrets.nix:5) want secrets#secret-db-pass: the second is at secrets#secret-db-pass-2',
  ]);
  const pages = renderSite(result.model, config);
  const paths = pages.map((p) => p.path);
  for (const p of ['hosts/laptop.md', 'hosts/home-laptop.md', 'hosts/web.md', 'hosts/web-2.md', 'hosts/bad-evil.md', 'hosts/marshmallow.md', 'hosts/marshma-ow.md', 'hosts/rnarshmallow.md', 'profiles/desktop.md', 'profiles/nixos-profiles-desktop.md', 'recovery/hosts/home-laptop.md', 'recovery/hosts/web-2.md']) {
    assert.ok(paths.includes(p), p);
  }
  assert.equal(new Set(paths).size, paths.length);
  assert.deepEqual(checkGeneratedLinks(pages, config.base), []);
  for (const page of pages) assert.doesNotMatch(page.content, /[\u202a-\u202e\u2066-\u2069\u200b]/, page.path);
  const index = pages.find((p) => p.path === 'hosts/index.md' || p.path === 'hosts.md')!.content;
  assert.match(index, /web⟨U\+200B⟩/);
  assert.match(index, /bad⟨U\+202E⟩evil/);
  const bad = pages.find((p) => p.path === 'hosts/bad-evil.md')!.content;
  assert.match(bad, /^title: "bad⟨U\+202E⟩evil"$/m);
});

test('guides whose file names make one URL both keep a page; the second is named with the first', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'guides-'));
  try {
    mkdirSync(path.join(dir, 'g'));
    for (const f of ['Setup.md', 'setup.mdx', 'setup-2.md']) writeFileSync(path.join(dir, 'g', f), `# ${f}\n`);
    const { guides, diagnostics } = extractGuides(dir, 'g');
    assert.deepEqual(guides.map((g) => `${g.file} ${g.id}`), ['g/Setup.md setup', 'g/setup-2.md setup-2', 'g/setup.mdx setup-3']);
    assert.deepEqual(diagnostics.map((d) => `${d.location!.file}:${d.location!.line} ${d.code} ${d.message}`), ['g/setup.mdx:1 guides/duplicate this guide and g/Setup.md:1 want the URL guides/setup/: this one is at guides/setup-3/']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The model with each host, profile, secret and option joined by a namesake: an invisible variant, and a case or class twin. */
function withVariants(model: FlakeModel): FlakeModel {
  const hosts = model.hosts.flatMap((h) => [h, { ...h, name: `${h.name}\u2060` }, { ...h, name: `${h.name}\u202e`, class: h.class === 'home' ? ('nixos' as const) : ('home' as const) }]);
  const profiles = model.profiles.flatMap((p) => [p, { ...p, path: `other/${p.path}` }, { ...p, name: p.name.toUpperCase(), path: `upper/${p.path}` }]);
  const secrets = model.secrets.secrets.flatMap((s) => [s, { ...s, id: `${s.id}\u2060` }, { ...s, id: s.id.replace(/[-.]/g, (c) => (c === '-' ? '.' : '-')) + '.' }]);
  const options = model.options.flatMap((o) => [o, { ...o, name: `${o.name}\u2060` }]);
  return { ...model, hosts, profiles, options, secrets: { ...model.secrets, secrets } };
}

for (const flake of FLAKES) {
  test(`namesakes and invisible variants render with every link resolved: ${path.relative(ROOT, flake)}`, async () => {
    const { result, config } = await extract(flake);
    const model = withVariants(result.model);
    const diagnostics = nameDiagnostics(model);
    // Each added host and secret has an invisible character, and each collides with the thing it copies.
    const count = (code: string) => diagnostics.filter((d) => d.code === code).length;
    assert.ok(count('names/invisible') >= 2 * model.hosts.length / 3 + model.options.length / 2, 'names/invisible');
    assert.ok(count('names/collision') + count('names/namesake') >= (2 * model.hosts.length) / 3 - 1 + model.profiles.length / 3, 'names/collision');
    for (const d of diagnostics) assert.ok(d.location && d.location.line >= 1, `${d.code} has a place`);
    // What the terminal prints of them shows every invisible character as a marker.
    for (const d of diagnostics) assert.doesNotMatch(formatDiagnostic(d, undefined), INVISIBLE, d.message);
    const pages = renderSite({ ...model, diagnostics: [...model.diagnostics, ...diagnostics] }, config);
    assert.deepEqual(pages.map((p) => p.path).filter((p, i, all) => all.indexOf(p) !== i), []);
    assert.deepEqual(checkGeneratedLinks(pages, config.base).slice(0, 5), []);
    for (const page of pages) assert.doesNotMatch(page.content, /[\u202a-\u202e\u2066-\u2069]/, page.path);
  });
}

test("an internal error is one line that says it is not the flake's fault; --debug adds the trace", () => {
  const error = new Error('two generated pages share the path hosts/web.md\nsecond line');
  const [line, ...rest] = internalError(error, false);
  assert.equal(line, `internal error: two generated pages share the path hosts/web.md. This is a bug in flake-docs, not in your flake: ${REPORT} (run again with --debug for the stack trace)`);
  assert.deepEqual(rest, []);
  const debug = internalError(error, true);
  assert.equal(debug.length, 2);
  assert.match(debug[1]!, /^Error: two generated pages[\s\S]*\n\s+at /);
});

test('secrets-sixty: a host page links each secret on the page of secrets holding it; a secret no secrets file names is text', async () => {
  const { result, config } = await extract(path.join(ROOT, 'tests/fixtures/secrets-sixty'));
  const pages = renderSite(result.model, config);
  const beta = pages.find((p) => p.path === 'hosts/beta.md')!.content.split('\n').find((l) => l.startsWith('<dt>Secrets</dt>'))!;
  assert.ok(beta.startsWith('<dt>Secrets</dt><dd>not-in-secrets-nix, <a href="/secrets/page/1/#secret-svc-31">svc-31</a>, '), beta.slice(0, 200));
  assert.ok(beta.endsWith('<a href="/secrets/page/2/#secret-svc-60">svc-60</a></dd>'), beta.slice(-200));
  assert.deepEqual(checkGeneratedLinks(pages, config.base), []);
});

test('links-no-hosts: no runbook links a page of hosts that is not generated', async () => {
  const { result, config } = await extract(path.join(ROOT, 'tests/fixtures/links-no-hosts'));
  const pages = renderSite(result.model, config);
  const paths = pages.map((p) => p.path);
  assert.ok(paths.includes('maintenance/re-key-secrets.md') && !paths.includes('maintenance/rebuild-and-deploy.md'), paths.join(' '));
  assert.doesNotMatch(pages.find((p) => p.path === 'maintenance/re-key-secrets.md')!.content, /rebuild-and-deploy/);
  assert.deepEqual(checkGeneratedLinks(pages, config.base), []);
});
