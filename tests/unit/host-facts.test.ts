/** Facts read from a host's settings: its people, and the file systems its disko layout creates. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { diskoFileSystems, hostUsers, recoveryFileSystems } from '../../scripts/model/host-facts.ts';
import type { Host } from '../../scripts/model/index.ts';

function host(cls: Host['class'], settings: [string, string, boolean?][], users: string[] = []): Host {
  return {
    kind: 'host', name: 'h', class: cls, system: null, source: { file: 'flake.nix', line: 1, column: 1 }, modules: [], profiles: [], users, secrets: [], deploy: [], features: [],
    settings: settings.map(([path, value, computed], i) => ({ path, value, computed: !!computed, conditions: [], priority: null, source: { file: 'h.nix', line: i + 1, column: 3 } })),
  };
}

test('users: accounts a NixOS host creates for people, a Mac\'s users and primary user, then home-manager users, once each', () => {
  const nixos = host('nixos', [
    ['users.users.ann.isNormalUser', 'true'],
    ['users.users.ann.extraGroups', '[ "wheel" ]'],
    ['users.users.backup.isSystemUser', 'true'],
    ['users.users.bob.isNormalUser', 'false'],
    ['users.users.${cfg.name}.isNormalUser', 'true'],
    ['users.users.cy.isNormalUser', 'cfg.enable', true],
  ], ['ann', 'dee']);
  assert.deepEqual(hostUsers(nixos), ['ann', 'dee']);
  const mac = host('darwin', [['system.primaryUser', '"eve"'], ['users.users.eve.home', '"/Users/eve"'], ['users.users.fay.home', '"/Users/fay"']]);
  assert.deepEqual(hostUsers(mac), ['eve', 'fay']);
});

test('disko: partitions by the labels disko makes, a long label as its hash, a uuid when set, LUKS through its mapper, declared mounts first', () => {
  const disk = 'disko.devices.disk';
  const long = 'a-very-long-disk-name-for-a-test';
  const h = host('nixos', [
    [`${disk}.main.content.partitions.ESP.content.type`, '"filesystem"'],
    [`${disk}.main.content.partitions.ESP.content.format`, '"vfat"'],
    [`${disk}.main.content.partitions.ESP.content.mountpoint`, '"/boot"'],
    [`${disk}.main.content.partitions.ESP.content.mountOptions`, '[\n  "umask=0077"\n]'],
    [`${disk}.main.content.partitions.crypt.content.type`, '"luks"'],
    [`${disk}.main.content.partitions.crypt.content.name`, '"cryptroot"'],
    [`${disk}.main.content.partitions.crypt.content.content.type`, '"filesystem"'],
    [`${disk}.main.content.partitions.crypt.content.content.format`, '"ext4"'],
    [`${disk}.main.content.partitions.crypt.content.content.mountpoint`, '"/"'],
    [`${disk}.${long}.content.partitions.data.content.mountpoint`, '"/data"'],
    [`${disk}.spare.content.partitions.p1.uuid`, '"1b2e-77"'],
    [`${disk}.spare.content.partitions.p1.content.mountpoint`, '"/spare"'],
    [`${disk}.spare.content.partitions.p2.label`, 'config.networking.hostName', true],
    [`${disk}.spare.content.partitions.p2.content.mountpoint`, '"/var"'],
  ]);
  const hash = createHash('sha256').update(`disk-${long}-data`).digest('hex').slice(0, 36);
  assert.deepEqual(
    diskoFileSystems(h).map((f) => [f.mountPoint, f.device, f.fsType, f.options.join(',')]),
    [
      ['/boot', '/dev/disk/by-partlabel/disk-main-ESP', 'vfat', 'umask=0077'],
      ['/', '/dev/mapper/cryptroot', 'ext4', ''],
      ['/data', `/dev/disk/by-partlabel/${hash}`, null, ''],
      ['/spare', '/dev/disk/by-partuuid/1b2e-77', null, ''],
    ],
  );
  const declared = host('nixos', [['fileSystems."/".device', '"/dev/disk/by-uuid/99"'], [`${disk}.main.content.partitions.root.content.mountpoint`, '"/"'], [`${disk}.main.content.partitions.ESP.content.mountpoint`, '"/boot"']]);
  assert.deepEqual(recoveryFileSystems(declared).map((f) => [f.mountPoint, f.device]), [['/', '/dev/disk/by-uuid/99'], ['/boot', '/dev/disk/by-partlabel/disk-main-ESP']]);
});
