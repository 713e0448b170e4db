/** The runbooks and recovery pages, computed from the model: what applies to a flake is there, the rest is left out. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { Progress } from '../../scripts/log.ts';
import type { FlakeModel, Host, Secret } from '../../scripts/model/index.ts';
import { SCHEMA_VERSION } from '../../scripts/model/index.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { assertInert, pageToHtml } from './page-html.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A host whose settings are `[path, value]` pairs, each on its own line of its hardware-configuration.nix. */
function host(name: string, cls: Host['class'], settings: [string, string][] = []): Host {
  const file = `hosts/${name}/hardware-configuration.nix`;
  return {
    kind: 'host', name, class: cls, system: cls === 'darwin' ? 'aarch64-darwin' : 'x86_64-linux', source: { file: 'flake.nix', line: 1, column: 1 },
    modules: [], profiles: [], users: [], secrets: [], deploy: [], features: [],
    settings: settings.map(([p, value], i) => ({ path: p, value, computed: false, conditions: [], priority: null, source: { file, line: i + 1, column: 3 } })),
  };
}

function secret(id: string, backend: Secret['backend'], file: string, recipients: string[], host: string): Secret {
  return { kind: 'secret', id, backend, file, category: 'general', recipients, usedBy: [{ host, name: id, owner: null, group: null, mode: null, path: null, source: { file: 'x.nix', line: 1, column: 1 } }], source: { file, line: 1, column: 1 } };
}

function model(hosts: Host[], secrets: Secret[] = []): FlakeModel {
  return {
    schemaVersion: SCHEMA_VERSION, generator: 'flake-docs', flake: { description: 'Test boxes', nixFiles: 1 }, inputs: [], hosts, profiles: [], options: [],
    secrets: {
      tools: [...new Set(secrets.map((s) => s.backend))],
      recipients: hosts.map((h) => ({ kind: 'recipient', id: h.name, names: [h.name], owner: 'host', keyType: 'ssh-ed25519', fingerprint: `SHA256:${h.name}` })),
      secrets,
      sopsRules: [],
    },
    roadmap: null, guides: [], diagnostics: [],
  };
}

/** The pages of a site, by path. */
function pages(m: FlakeModel): Map<string, string> {
  return new Map(renderSite(m, parseConfig({})).map((p) => [p.path, p.content]));
}

/** The lines of a page from a heading up to the next heading of the same level. */
function section(page: string, heading: string): string {
  const start = page.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `no section ${heading}`);
  const level = heading.split(' ')[0]!;
  const end = page.indexOf(`\n${level} `, start + heading.length);
  return page.slice(start, end < 0 ? undefined : end).trim();
}

const sdBoot = host('web', 'nixos', [
  ['boot.loader.systemd-boot.enable', 'true'],
  ['fileSystems."/".device', '"/dev/disk/by-uuid/1111"'],
  ['fileSystems."/".fsType', '"ext4"'],
  ['fileSystems."/boot".device', '"/dev/disk/by-uuid/AAAA"'],
  ['fileSystems."/boot".fsType', '"vfat"'],
  ['fileSystems."/boot".options', '[\n  "fmask=0077"\n]'],
]);
const grub = host('old', 'nixos', [
  ['boot.loader.grub.enable', 'true'],
  ['boot.loader.grub.device', '"/dev/sda"'],
  ['fileSystems."/".device', '"/dev/disk/by-uuid/2222"'],
  ['fileSystems."/".fsType', '"ext4"'],
]);

test('a systemd-boot host and a GRUB host get different recovery steps, with their own devices', () => {
  const site = pages(model([sdBoot, grub]));
  assert.equal(
    section(site.get('recovery/hosts/web.md')!, '## If it does not boot (systemd-boot)'),
    [
      '## If it does not boot (systemd-boot)',
      '',
      '1. In the systemd-boot menu (hold **Space** while the machine starts if it flashes past), pick the second entry, the previous generation.',
      '2. If the menu never shows, boot the NixOS installer, mount the root file system on `/mnt` and the EFI system partition on `/mnt/boot`, then reinstall the boot loader:',
      '',
      '```sh',
      'sudo mount /dev/disk/by-uuid/1111 /mnt',
      'sudo mount /dev/disk/by-uuid/AAAA /mnt/boot',
      'sudo nixos-enter --root /mnt -c "NIXOS_INSTALL_BOOTLOADER=1 /nix/var/nix/profiles/system/bin/switch-to-configuration boot"',
      '```',
      '',
      '3. If the firmware lost its boot entry, `efibootmgr -v` lists what it knows; reinstalling as above adds it back.',
    ].join('\n'),
  );
  assert.equal(
    section(site.get('recovery/hosts/old.md')!, '## If it does not boot (GRUB)'),
    [
      '## If it does not boot (GRUB)',
      '',
      '1. In the GRUB menu, choose **NixOS - All configurations**, then the previous generation.',
      '2. If GRUB does not start (`grub rescue>` or no boot device), boot the NixOS installer, mount the root file system on `/mnt`, then reinstall GRUB into the boot sector of `/dev/sda`:',
      '',
      '```sh',
      'sudo mount /dev/disk/by-uuid/2222 /mnt',
      'sudo nixos-enter --root /mnt -c "NIXOS_INSTALL_BOOTLOADER=1 /nix/var/nix/profiles/system/bin/switch-to-configuration boot"',
      '```',
    ].join('\n'),
  );
  assert.match(site.get('recovery/hosts/web.md')!, /\| <code>\/boot<\/code> \| <code>\/dev\/disk\/by-uuid\/AAAA<\/code> \| vfat \| fmask=0077 \|/);
  // The generic page has a section per boot loader in use, and none for a loader no host has.
  const noBoot = site.get('troubleshooting/machine-wont-boot.md')!;
  assert.ok(noBoot.includes('## Hosts with systemd-boot') && noBoot.includes('## Hosts with GRUB'));
  const onlySd = pages(model([sdBoot])).get('troubleshooting/machine-wont-boot.md')!;
  assert.ok(onlySd.includes('## Hosts with systemd-boot') && !onlySd.includes('GRUB'), onlySd);
});

test('an agenix flake and a sops flake get different re-key commands, and a flake without secrets gets no re-key page', () => {
  const agenix = pages(model([sdBoot], [secret('db-pass', 'agenix', 'secrets/db-pass.age', ['web'], 'web')]));
  const sops = pages(model([sdBoot], [secret('db/pass', 'sops', 'secrets/web.yaml', ['web'], 'web')]));
  const agenixPage = agenix.get('maintenance/re-key-secrets.md')!;
  const sopsPage = sops.get('maintenance/re-key-secrets.md')!;
  assert.equal(section(agenixPage, '## agenix').split('\n').slice(-4).join('\n'), '```sh\ncd secrets\nagenix --rekey -i ~/.ssh/id_ed25519\n```');
  assert.equal(section(sopsPage, '## sops').split('\n').slice(-4).join('\n'), '```sh\nssh-keyscan -t ed25519 HOST | ssh-to-age\nsops updatekeys secrets/web.yaml\n```');
  assert.ok(!agenixPage.includes('sops'), 'no sops steps in an agenix flake');
  assert.ok(!sopsPage.includes('agenix'), 'no agenix steps in a sops flake');
  assert.equal(pages(model([sdBoot])).has('maintenance/re-key-secrets.md'), false);
  // The recovery page says which key of the host decrypts each secret at boot.
  assert.match(agenix.get('recovery/hosts/web.md')!, /\| <a href="\/secrets\/#secret-db-pass">db-pass<\/a> \| agenix \| <code>web<\/code> \|/);
});

test('names from the flake cannot break out of a table cell into Markdown or HTML', () => {
  const hostile = host('h', 'nixos', [['boot.loader.systemd-boot.enable', 'true'], ['fileSystems."/a|{globalThis.pwned=1}<b>".device', '"/dev/x"'], ['services.restic.backups."j|{1}".paths', '[ "/x" ]']]);
  const site = pages(model([hostile]));
  // The bar stays inside its cell and the brackets stay text: the row has as many cells as its header.
  const recovery = pageToHtml(site.get('recovery/hosts/h.md')!);
  assert.ok(recovery.includes('<td><code>/a|{globalThis.pwned=1}&#x3C;b></code></td>\n<td><code>/dev/x</code></td>'), recovery);
  const restore = pageToHtml(site.get('recovery/restore-from-backup.md')!);
  assert.ok(restore.includes('<td><code>j|{1}</code></td>'), restore);
  for (const html of [recovery, restore]) assertInert(html, 'runbook');
});

test('restore and boot runbooks exist only when the flake has backup jobs and NixOS hosts', () => {
  const mac = host('mac', 'darwin');
  const none = pages(model([mac]));
  assert.deepEqual([...none.keys()].filter((p) => /^(setup|maintenance|recovery|troubleshooting)\//.test(p)).sort(), [
    'maintenance/rebuild-and-deploy.md',
    'maintenance/update-inputs.md',
    'recovery/hosts/mac.md',
    'recovery/roll-back-a-generation.md',
    'setup/bootstrap-a-host.md',
  ]);
  assert.ok(none.get('recovery/roll-back-a-generation.md')!.includes('sudo darwin-rebuild --rollback'));
  assert.ok(!none.get('index.mdx')!.includes('will not boot'));
  const backed = host('nas', 'nixos', [['services.restic.backups.home.paths', '[\n  "/home"\n]'], ['services.restic.backups.home.timerConfig.OnCalendar', '"daily"']]);
  const restore = pages(model([backed])).get('recovery/restore-from-backup.md')!;
  assert.ok(restore.includes('| <a href="/hosts/nas/">nas</a> | <code>home</code> | restic | /home | daily |'), restore);
  assert.ok(restore.includes('sudo restic-home restore latest --target /var/tmp/restore --include /home'));
});

test('a flake with a git remote and no config: its own title and source links, and no page has text of the sample', async () => {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-zero-'));
  try {
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      writeFileSync(path.join(repo, file), text);
    };
    write('flake.nix', [
      '{',
      '  description = "Lab machines of someone";',
      '  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";',
      '  outputs = { self, nixpkgs, ... }: {',
      '    nixosConfigurations.alpha = nixpkgs.lib.nixosSystem { system = "x86_64-linux"; modules = [ ./hosts/alpha/configuration.nix ]; };',
      '    nixosConfigurations.beta = nixpkgs.lib.nixosSystem { system = "x86_64-linux"; modules = [ ./hosts/beta/configuration.nix ]; };',
      '  };',
      '}',
    ].join('\n'));
    write('hosts/alpha/configuration.nix', '{ ... }: {\n  imports = [ ./hardware-configuration.nix ];\n  boot.loader.systemd-boot.enable = true;\n}\n');
    write('hosts/alpha/hardware-configuration.nix', '{ ... }: {\n  fileSystems."/" = { device = "/dev/disk/by-label/alpha"; fsType = "ext4"; };\n}\n');
    write('hosts/beta/configuration.nix', '{ ... }: {\n  boot.loader.grub.enable = true;\n  boot.loader.grub.device = "/dev/vda";\n}\n');
    execFileSync('git', ['-C', repo, 'init', '-q', '-b', 'trunk']);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'git@github.com:someone/flake.git']);
    const identity = resolveIdentity(ROOT, repo);
    const result = await extractFlake(identity.flake, identity.config, new Progress(true));
    const site = renderSite(result.model, identity.config);
    assert.deepEqual(result.model.hosts.map((h) => h.name), ['alpha', 'beta']);
    const home = site.find((p) => p.path === 'index.mdx')!.content;
    assert.match(home, /^---\ntitle: "Lab machines of someone"\n/);
    const alpha = site.find((p) => p.path === 'hosts/alpha.md')!.content;
    assert.match(alpha, /<a href="https:\/\/github\.com\/someone\/flake\/blob\/trunk\/flake\.nix#L5">/);
    const sample = /miscguy|rich-evans|marshmallow|bartleby|total-eclipse|cronut|example\/systems|BART-1|INFRA-|Systems flake/;
    for (const page of site) assert.doesNotMatch(page.content, sample, page.path);
    assert.ok(site.some((p) => p.path === 'recovery/hosts/beta.md' && p.content.includes('## If it does not boot (GRUB)')));
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
