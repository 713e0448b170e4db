/**
 * Hosts evaluated as the module system evaluates them (tests/fixtures/hosts-mesh-secrets): a shared
 * module interpolates `config.networking.hostName` into its secret files under `mkIf cfg.enable`, each
 * host names itself in its own file, and `secrets.nix` makes the entries per host with a function.
 * Every host uses its own two files, a secret declared under another name is matched by its file, a
 * host decrypting files by path uses them too, and each host has the effective values of the flake's
 * own options with their origins.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { extractHosts } from '../../scripts/extract/hosts.ts';
import { extractOptions } from '../../scripts/extract/options.ts';
import { extractSecrets } from '../../scripts/extract/secrets.ts';
import { createEngine } from '../../scripts/nix/index.ts';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'hosts-mesh-secrets');

test('per-host secrets come from each host evaluated configuration, matched by file', async () => {
  const engine = await createEngine({ root: DIR });
  const options = extractOptions(engine);
  const { hosts, diagnostics } = extractHosts(engine, options.options);
  const { secrets, diagnostics: secretDiagnostics } = extractSecrets(engine, hosts);
  assert.deepEqual(
    hosts.map((h) => [h.name, h.secrets, (h.secretUses ?? []).map((u) => `${u.name} ← ${u.file}`)]),
    [
      ['alpha', ['mesh-alpha-cert', 'mesh-alpha-key'], ['mesh-cert ← secrets/mesh-alpha-cert.age', 'mesh-key ← secrets/mesh-alpha-key.age']],
      ['beta', ['mail-password', 'mesh-beta-cert', 'mesh-beta-key'], ['app-mail-password ← secrets/mail-password.age', 'mesh-cert ← secrets/mesh-beta-cert.age', 'mesh-key ← secrets/mesh-beta-key.age']],
      ['relay', ['mesh-relay-cert', 'mesh-relay-key'], []],
    ],
  );
  assert.deepEqual(
    secrets.secrets.map((s) => `${s.id}: ${s.usedBy.map((u) => `${u.host} as ${u.name}${u.owner ? ` (owner ${u.owner})` : ''}`).join(', ')}`),
    [
      'mail-password: beta as app-mail-password',
      'mesh-alpha-cert: alpha as mesh-cert',
      'mesh-alpha-key: alpha as mesh-key (owner mesh)',
      'mesh-beta-cert: beta as mesh-cert',
      'mesh-beta-key: beta as mesh-key (owner mesh)',
      'mesh-relay-cert: relay as mesh-relay-cert',
      'mesh-relay-key: relay as mesh-relay-key',
    ],
  );
  const relayUse = secrets.secrets.find((s) => s.id === 'mesh-relay-key')!.usedBy[0]!;
  assert.deepEqual(relayUse.source, { file: 'hosts/relay.nix', line: 5, column: 34 });
  assert.deepEqual([...engine.diagnostics, ...diagnostics, ...secretDiagnostics].filter((d) => d.severity !== 'info').map((d) => d.code), []);
});

test('each host has the effective value of the options of the flake it defines, with their origin', async () => {
  const engine = await createEngine({ root: DIR });
  const options = extractOptions(engine);
  const { hosts } = extractHosts(engine, options.options);
  const show = (name: string) =>
    hosts.find((h) => h.name === name)!.effective!.map((e) => `${e.option} = ${e.value} (${e.origin}, priority ${e.priority}${e.from.map((f) => `, ${f.file}:${f.line}`).join('')})`);
  // Literal defaults are on the options' pages; only what the host defines is listed.
  // A default that reads the host's configuration is listed with the value it takes there.
  assert.deepEqual(show('alpha'), ['fleet.mesh.enable = true (definitions, priority 100, hosts/alpha.nix:3)', 'fleet.mesh.hub = false (default, priority 1500)']);
  assert.deepEqual(show('relay'), ['fleet.mesh.hub = false (default, priority 1500)']);
  assert.deepEqual(show('beta'), [
    'fleet.mail.enable = true (definitions, priority 100, hosts/beta.nix:6)',
    'fleet.mesh.enable = true (definitions, priority 100, hosts/beta.nix:4)',
    'fleet.mesh.hub = true (default, priority 1500)',
    'fleet.mesh.port = 51900 (definitions, priority 50, hosts/beta.nix:5)',
  ]);
});
