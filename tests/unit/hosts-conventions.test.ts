/**
 * Hosts from every convention: one small flake per way of defining hosts in tests/fixtures/hosts-*
 * (flake.nix, its files, and expected.json with the exact hosts, classes, systems, profiles, deploy
 * targets, features and diagnostics). `UPDATE=1` rewrites expected.json; review the diff.
 * A fixture may hold `hosts-options.json` (`{ "profiles": [...] }`, as in the site configuration).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { extractHosts, type HostsOptions } from '../../scripts/extract/hosts.ts';
import { extractOptions } from '../../scripts/extract/options.ts';
import { createEngine } from '../../scripts/nix/index.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const CASES = readdirSync(FIXTURES).filter((n) => n.startsWith('hosts-')).sort();

/** The exact host view a fixture pins down. */
async function extract(dir: string) {
  const engine = await createEngine({ root: dir });
  const optsFile = path.join(dir, 'hosts-options.json');
  const opts: HostsOptions = existsSync(optsFile) ? JSON.parse(readFileSync(optsFile, 'utf8')) : {};
  const options = extractOptions(engine);
  const r = extractHosts(engine, options.options, opts);
  const where = (l: { file: string; line: number; column: number } | undefined) => (l ? `${l.file}:${l.line}:${l.column}` : '');
  return {
    hosts: r.hosts.map((h) => ({
      name: h.name,
      class: h.class,
      system: h.system,
      source: where(h.source),
      profiles: h.profiles,
      files: h.modules.flatMap((m) => (m.kind === 'file' ? [`${m.path} (${m.role})`] : m.kind === 'unknown' ? [`unknown: ${m.text}`] : [])),
      deploy: h.deploy.map((d) => ({ tool: d.tool, targetHost: d.targetHost, user: d.user, tags: d.tags, source: where(d.source) })),
      features: h.features.map((f) => `${f.option} = ${f.value}`),
      builtBy: h.origin ? [h.origin.helper, h.origin.builder].filter(Boolean).join(' → ') : null,
      registry: h.origin?.registry ? { source: where(h.origin.registry.source ?? undefined), fields: h.origin.registry.fields.map((f) => `${f.name} = ${f.value}`) } : null,
    })),
    profiles: r.profiles.map((p) => ({ name: p.name, path: p.path, hosts: p.hosts })),
    diagnostics: [...engine.diagnostics, ...options.diagnostics, ...r.diagnostics].map((d) => `${d.severity} ${where(d.location)} ${d.code}: ${d.message}`).sort(),
  };
}

for (const name of CASES) {
  test(`hosts convention: ${name}`, async () => {
    const dir = path.join(FIXTURES, name);
    const actual = await extract(dir);
    const file = path.join(dir, 'expected.json');
    if (process.env.UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
    // A new user pointing the site at this structure sees no warning about it.
    assert.deepEqual(actual.diagnostics.filter((d) => !d.startsWith('info ')), []);
  });
}

/** Nix's own answer for the pure part of a fixture, when Nix is installed (Debian's nix-bin; no nixpkgs needed). */
function nixEval(dir: string, expr: string): unknown {
  try {
    return JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}

test('readDir hosts: the names match what Nix computes from the same folder (skipping `_template`)', async (t) => {
  const dir = path.join(FIXTURES, 'hosts-readdir');
  const fromNix = nixEval(dir, 'let d = builtins.readDir ./hosts; in builtins.filter (n: d.${n} == "directory" && builtins.substring 0 1 n != "_") (builtins.attrNames d)');
  if (fromNix === undefined) return t.skip('nix-instantiate is not installed');
  const ours = (await extract(dir)).hosts.filter((h) => h.class === 'nixos').map((h) => h.name);
  assert.deepEqual(ours, fromNix);
  assert.deepEqual(ours, ['alpha', 'beta']);
});

test('hosts from a library that is not modelled are named in a diagnostic with file:line', async () => {
  const r = await extract(path.join(FIXTURES, 'unmodelled-hosts-library'));
  assert.deepEqual(r.hosts, []);
  assert.deepEqual(r.diagnostics, [
    'warning flake.nix:8:27 hosts/unknown-set: nixosConfigurations comes from inputs.hostmaker.lib.mkHosts: hosts not documented (flake-docs does not model this library); evaluation stopped at `hostmaker.lib.mkHosts { dir = ./hosts; }` (flake.nix:8)',
    'warning flake.nix:9:35 hosts/not-a-system: darwinConfigurations.studio comes from inputs.hostmaker.lib.mkDarwin: host not documented (flake-docs does not model this library); evaluation stopped at `hostmaker.lib.mkDarwin { name = "studio"; }` (flake.nix:9)',
  ]);
});

test('no host readable because the outputs end in `// <needs the package set>`: one note says where evaluation stopped and what it needs', async () => {
  const r = await extract(path.join(FIXTURES, 'stopped-hosts'));
  assert.deepEqual(r.hosts, []);
  assert.deepEqual(r.diagnostics.filter((d) => d.includes(' hosts/')), [
    'info flake.nix:13:8 hosts/outputs-partial: no hosts found in the outputs flake-docs could evaluate, but part of them is computed at evaluation and may define some; evaluation stopped at `pkgs.callPackage ./outputs.nix { inherit self; }` (flake.nix:13), which needs the real package set, which only Nix builds',
  ]);
});

test('host pages show the class, deploy targets with their commands, features, and the hosts × profiles matrix', async () => {
  const { parseConfig } = await import('../../scripts/config.ts');
  const { extractFlake } = await import('../../scripts/extract/index.ts');
  const { Progress } = await import('../../scripts/log.ts');
  const { renderSite } = await import('../../scripts/render/index.ts');
  const page = async (fixture: string, file: string) => {
    const dir = path.join(FIXTURES, fixture);
    const optsFile = path.join(dir, 'hosts-options.json');
    const config = parseConfig(existsSync(optsFile) ? JSON.parse(readFileSync(optsFile, 'utf8')) : {});
    const x = await extractFlake(dir, config, new Progress(true));
    return renderSite(x.model, config).find((p) => p.path === file)?.content ?? '';
  };
  const web = await page('hosts-colmena', 'hosts/web.md');
  assert.ok(
    web.includes(
      '<dt>Deploy (colmena)</dt><dd><code>deploy&#64;web.example.org</code> · <code>colmena apply --on web</code> · <code>nixos-rebuild switch --flake .&#35;web --target-host deploy&#64;web.example.org --sudo</code> · tags <code>prod</code>, <code>web</code>',
    ),
    web,
  );
  const alpha = await page('hosts-deploy-rs', 'hosts/alpha.md');
  assert.ok(alpha.includes('<code>deploy .&#35;alpha</code>'), alpha);
  const edge = await page('hosts-system-manager', 'hosts/edge.md');
  assert.ok(edge.includes(`<code>nix run &#39;github&#58;numtide/system-manager&#39; -- switch --flake .&#35;edge --sudo</code>`), edge);
  assert.ok(edge.includes('system-manager'), edge);
  const desk = await page('hosts-profiles', 'hosts/desk.md');
  assert.ok(desk.includes('<dt>Features</dt><dd><code>modules.profiles.role = &#34;workstation&#34;</code>, <code>myorg.suites.desktop.enable = true</code></dd>'), desk);
  const overview = await page('hosts-profiles', 'hosts/index.md');
  const matrix = overview.split('\n').filter((l) => l.startsWith('| Host | <a') || /^\| <a href="\/hosts\/[^"]*">[^<]*<\/a> \| (✓)? \|/.test(l));
  assert.deepEqual(matrix, [
    '| Host | <a href="/profiles/base/">base</a> | <a href="/profiles/monitoring/">monitoring</a> | <a href="/profiles/server/">server</a> | <a href="/profiles/workstation/">workstation</a> |',
    '| <a href="/hosts/desk/">desk</a> | ✓ |  |  | ✓ |',
    '| <a href="/hosts/web1/">web1</a> | ✓ | ✓ | ✓ |  |',
  ]);
});

test('flake-utils-plus names each machine as it does: a reversed domain gives the host name and the domain', async () => {
  const engine = await createEngine({ root: path.join(FIXTURES, 'hosts-flake-utils-plus') });
  const { hosts } = extractHosts(engine, extractOptions(engine).options, {});
  const named = Object.fromEntries(hosts.map((h) => [h.name, h.settings.filter((s) => s.path.startsWith('networking.')).map((s) => `${s.path} = ${s.value}`)]));
  assert.deepEqual(named, {
    attic: ['networking.hostName = "attic"'],
    'org.example.mail': ['networking.hostName = "mail"', 'networking.domain = "example.org"'],
    studio: ['networking.hostName = "studio"'],
  });
});

test('a user named from an option (users.users.${config.my.user}, or ${cfg.login} with cfg = config.identity) is named by the host\'s value of that option, or its default', async () => {
  // Nix (lib.evalModules of each host file, modules/user.nix and a stub of users.users):
  // { box.grace = { description = "the owner"; extraGroups = [ "wheel" ]; isNormalUser = true; }; kiosk.ada = { …the same }; }
  // box sets my.user from identity.login through `cfg.login`, which is followed.
  const engine = await createEngine({ root: path.join(FIXTURES, 'hosts-user-from-option') });
  const { hosts } = extractHosts(engine, extractOptions(engine).options, {});
  assert.deepEqual(Object.fromEntries(hosts.map((h) => [h.name, h.settings.filter((s) => s.path.startsWith('users.')).map((s) => s.path)])), {
    box: ['users.users.grace.isNormalUser', 'users.users.grace.extraGroups', 'users.users.grace.description'],
    kiosk: ['users.users.ada.isNormalUser', 'users.users.ada.extraGroups', 'users.users.ada.description'],
  });
});
