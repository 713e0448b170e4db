/**
 * The runbook-full fixture: a flake that keeps its hosts in a registry, builds them with two helpers,
 * and offers its own commands (a devShell's scripts, a numtide devshell, apps, packages). Checks the
 * exact model (how each host was built, its registry entry, its users, the commands) and the pages
 * that show them.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { hostUsers } from '../../scripts/model/host-facts.ts';
import { renderSite } from '../../scripts/render/index.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/runbook-full');

const site = (async () => {
  const { model } = await extractFlake(FIXTURE, parseConfig({}), new Progress(true));
  return { model, pages: new Map(renderSite(model, parseConfig({})).map((p) => [p.path, p.content])) };
})();

test('each host records its helper, its builder and its registry entry with where it is written', async () => {
  const { model } = await site;
  const view = model.hosts.map((h) => ({ name: h.name, helper: h.origin?.helper, builder: h.origin?.builder, registry: h.origin?.registry && { at: `${h.origin.registry.source?.file}:${h.origin.registry.source?.line}`, fields: h.origin.registry.fields.map((f) => `${f.name} = ${f.value}`) } }));
  assert.deepEqual(view, [
    {
      name: 'forge',
      helper: 'mkServer',
      builder: 'nixosSystem',
      registry: { at: 'hosts/registry.nix:3', fields: ['role = "server"', 'purpose = "Git forge and build runner"', 'system = "x86_64-linux"', 'meshIp = "10.40.0.2"', 'owner = "ops"', 'publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFORGEforgeFORGEforgeFORGEforgeFORGEforge00"'] },
    },
    {
      name: 'lantern',
      helper: 'mkDesktop',
      builder: 'nixosSystem',
      registry: { at: 'hosts/registry.nix:11', fields: ['role = "desktop"', 'purpose = "Mira\'s workstation"', 'system = "x86_64-linux"', 'meshIp = "10.40.0.7"', 'owner = "mira"', 'publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILANTERNlanternLANTERNlanternLANTERNlant00"'] },
    },
  ]);
  // The owner's account is named by the registry (`users.users.${host.owner}`), in the settings and in
  // the evaluated configuration alike; a system user (git) is not a person; home-manager users count too.
  assert.deepEqual(model.hosts.map((h) => [h.name, h.accounts, hostUsers(h)]), [['forge', ['ops'], ['ops']], ['lantern', ['mira'], ['mira']]]);
});

test("the flake's commands: each shell's scripts and devshell commands, apps and packages, with descriptions and file:line", async () => {
  const { model } = await site;
  const c = model.commands!;
  const at = (l: { file: string; line: number } | null) => (l ? `${l.file}:${l.line}` : null);
  assert.deepEqual(c.shells.map((s) => ({ name: s.name, builder: s.builder, systems: s.systems, tools: s.tools, hook: at(s.shellHook), at: at(s.source), commands: s.commands.map((x) => [x.kind, x.name, x.help, x.command, at(x.source)]) })), [
    {
      name: 'default',
      builder: 'mkShell',
      systems: ['x86_64-linux'],
      tools: ['sops', 'age'],
      hook: 'flake.nix:48',
      at: 'flake.nix:46',
      commands: [
        ['script', 'deploy', null, 'nixos-rebuild switch --flake ".#$1" --target-host "ops@$1" --sudo', 'flake.nix:30'],
        ['script', 'gen-cert', "Generate the mesh's certificate authority", 'openssl req -x509 -newkey ed25519 -days 365 -nodes -subj "/CN=mesh" -keyout ca.key -out ca.crt', 'flake.nix:33'],
      ],
    },
    {
      name: 'ops',
      builder: 'devshell.mkShell',
      systems: ['x86_64-linux'],
      tools: [],
      hook: null,
      at: 'flake.nix:52',
      commands: [
        ['devshell', 'rekey', 'Re-encrypt every secret to the keys in the registry', 'agenix --rekey', 'flake.nix:54'],
        ['devshell', 'check', 'Evaluate every host', 'nix flake check', 'flake.nix:55'],
      ],
    },
  ]);
  assert.deepEqual(c.apps, [{ name: 'gen-cert', systems: ['x86_64-linux'], description: "Generate the mesh's certificate authority", program: '"${genCert}/bin/gen-cert"', source: { file: 'flake.nix', line: 60, column: 22 } }]);
  assert.deepEqual(c.packages.map((p) => [p.name, p.description, p.builder, at(p.source)]), [
    ['gen-cert', "Generate the mesh's certificate authority", 'writeShellApplication', 'flake.nix:67'],
    ['handbook', 'The docs folder as a package', 'stdenvNoCC.mkDerivation', 'flake.nix:68'],
  ]);
});

test('the hosts index shows role, purpose and helper; the host page its registry entry; the rebuild runbook the deploy script', async () => {
  const { pages } = await site;
  // Paths may break after each slash (<wbr />); the text read is the same.
  const index = pages.get('hosts/index.md')!.replaceAll('<wbr />', '');
  assert.ok(index.includes('| Host | Kind | Role | Purpose | Built by | Platform | Profiles | Users | Defined in |'), index);
  assert.ok(index.includes('| <a href="/hosts/lantern/">lantern</a> | NixOS | desktop | Mira&#39;s workstation | <code>mkDesktop</code> → <code>nixosSystem</code> | x86&#95;64-linux | <a href="/profiles/base/">base</a> | mira |'), index);
  assert.ok(index.includes('registry&#58; <code>hosts/registry.nix</code>'), index);
  const forge = pages.get('hosts/forge.md')!.replaceAll('<wbr />', '');
  assert.ok(forge.includes('<dt>Built by</dt><dd><code>mkServer</code> → <code>nixosSystem</code></dd>'), forge);
  assert.ok(forge.includes('<dt>Registry</dt><dd><code>hosts/registry.nix&#58;3</code></dd>'), forge);
  assert.ok(forge.includes('| <code>purpose</code> | <code class="fd-value">&#34;Git forge and build runner&#34;</code> |'), forge);
  assert.ok(forge.includes('<dt>Users</dt><dd>ops</dd>'), forge);
  const commands = pages.get('maintenance/commands.md')!;
  assert.ok(commands.includes('| <code>rekey</code> | Re-encrypt every secret to the keys in the registry | <code>agenix --rekey</code> | <code>flake.nix&#58;54</code> |'), commands);
  assert.ok(commands.includes('| <code>gen-cert</code> | Generate the mesh&#39;s certificate authority | <code>nix run .&#35;gen-cert</code> |'), commands);
  assert.ok(commands.includes('<p>Also on the PATH&#58; <code>sops</code>, <code>age</code>.</p>'), commands);
  const rebuild = pages.get('maintenance/rebuild-and-deploy.md')!;
  assert.ok(rebuild.includes("## This flake's commands"), rebuild);
  assert.ok(rebuild.includes('| <code>deploy</code> | — | <code>nix develop -c deploy</code> |'), rebuild);
  assert.ok(rebuild.includes('<a href="/maintenance/commands/">the Commands page</a>'), rebuild);
  // The update runbook has no command of the flake for its job: no section rather than an empty one.
  assert.doesNotMatch(pages.get('maintenance/update-inputs.md')!, /This flake's commands/);
});
