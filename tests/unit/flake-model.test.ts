/** The model extracted from the sample flake: hosts, profiles, secrets, inputs, and nothing secret. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake, type Extraction } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { Host } from '../../scripts/model/index.ts';

const FLAKE = path.resolve(import.meta.dirname, '../../flake-src');

describe('the sample flake', () => {
  let x: Extraction;
  let host: (name: string) => Host;
  before(async () => {
    x = await extractFlake(FLAKE, parseConfig({}), new Progress(true));
    host = (name) => {
      const h = x.model.hosts.find((h) => h.name === name);
      assert.ok(h, `host ${name}`);
      return h;
    };
  });

  test('every configuration is found, through helpers, flake-parts and config.flake.lib', () => {
    assert.deepEqual(
      x.model.hosts.map((h) => [h.class, h.name]),
      [
        ['nixos', 'bartleby'],
        ['nixos', 'marshmallow'],
        ['nixos', 'rich-evans'],
        ['nixos', 'total-eclipse'],
        ['darwin', 'cronut'],
        ['darwin', 'work-macbook'],
        ['home', 'miscguy@marshmallow'],
      ],
    );
  });

  test('a helper-built host imports its files through self + "/hosts/${hostname}/…"', () => {
    const files = host('total-eclipse').modules.flatMap((m) => (m.kind === 'file' ? [m.path] : []));
    for (const f of ['common/default.nix', 'modules/nixos/default.nix', 'profiles/personal.nix', 'profiles/gaming.nix', 'hosts/total-eclipse/configuration.nix', 'hosts/total-eclipse/hardware-configuration.nix']) {
      assert.ok(files.includes(f), `total-eclipse imports ${f}: ${files.join(', ')}`);
    }
    assert.deepEqual(host('total-eclipse').profiles.sort(), ['gaming', 'personal']);
    assert.equal(host('total-eclipse').system, 'x86_64-linux');
    const externals = host('rich-evans').modules.flatMap((m) => (m.kind === 'external' ? [m.name] : []));
    assert.ok(externals.some((n) => /sops-nix/.test(n)), `rich-evans has sops-nix: ${externals.join(', ')}`);
  });

  test('settings are read with their source, mkIf conditions and priorities', () => {
    const hostName = host('bartleby').settings.find((s) => s.path === 'networking.hostName');
    assert.equal(hostName?.value, '"bartleby"');
    assert.equal(hostName?.source.file, 'parts/nixos.nix');
    const grub = host('bartleby').settings.find((s) => s.path === 'systems.boot.grubDevice');
    assert.equal(grub?.value, '"/dev/sda"');
    assert.deepEqual(grub?.source, { file: 'hosts/bartleby/configuration.nix', line: 16, column: 5 });
  });

  test('home-manager users and declared secrets are collected per host', () => {
    assert.ok(host('marshmallow').users.includes('miscguy'));
    assert.ok(host('rich-evans').secrets.includes('nextcloud/admin-pass'), host('rich-evans').secrets.join(', '));
  });

  test('agenix recipients are evaluated through let, import, mapAttrs and foldl\'', () => {
    const secret = (id: string) => x.model.secrets.secrets.find((s) => s.id === id);
    // Keys are named where secrets.nix binds them (users.miscguy, hostKeys.<host>), not by their comments.
    assert.deepEqual(secret('restic-password')?.recipients, ['marshmallow', 'miscguy', 'rich-evans', 'total-eclipse']);
    assert.deepEqual(secret('work-npmrc')?.recipients, ['miscguy-work', 'work-macbook']);
    assert.deepEqual(secret('wifi-parents')?.recipients, ['bartleby', 'marshmallow', 'miscguy']);
    assert.deepEqual(secret('grafana-admin')?.usedBy.map((u) => u.host), ['rich-evans']);
    const sops = x.model.secrets.secrets.filter((s) => s.backend === 'sops').map((s) => s.id);
    assert.deepEqual(sops, ['containers/paperless-env', 'nextcloud/admin-pass', 'restic/b2-credentials']);
    assert.deepEqual(x.model.secrets.tools, ['agenix', 'sops']);
    const recipient = x.model.secrets.recipients.find((r) => r.id === 'rich-evans');
    assert.equal(recipient?.owner, 'host');
  });

  test('no secret material reaches the model', () => {
    const json = JSON.stringify(x.model);
    assert.ok(!json.includes('ENC[AES256_GCM'), 'sops values are never read');
    assert.ok(!json.includes('age-encryption.org'), '.age files are never opened');
    assert.ok(!json.includes('BEGIN AGE ENCRYPTED'), 'sops metadata is never read');
  });

  test('inputs come from flake.lock with their follows', () => {
    const names = x.model.inputs.map((i) => i.name);
    for (const n of ['agenix', 'flake-parts', 'home-manager', 'nix-darwin', 'nixpkgs', 'sops-nix']) assert.ok(names.includes(n), n);
    assert.match(x.model.inputs.find((i) => i.name === 'nixpkgs')!.original ?? '', /^github:NixOS\/nixpkgs/);
  });

  test('the roadmap is read from docs/tickets.md', () => {
    assert.ok(x.model.roadmap);
    assert.deepEqual(x.model.roadmap.documents.map((d) => [d.id, d.file, d.tickets.length]), [['tickets', 'docs/tickets.md', 22]]);
  });

  test('the sample flake has no warnings or errors', () => {
    const bad = x.model.diagnostics.filter((d) => d.severity !== 'info' && !d.code.startsWith('tickets/'));
    assert.deepEqual(bad, []);
  });
});
