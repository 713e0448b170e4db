/**
 * Recipients named as the flake names them, and uses matched by file (tests/fixtures/secrets-naming):
 * keys reached through an imported registry with listToAttrs, mapAttrs and filter, keys whose comments
 * all say root@nixos, one key under two names, a key named only by an authorized user, a key nothing
 * names, and `age.secrets.vpn-cert.file = ../secrets/vpn-${hostName}-cert.age` on every host.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake, type Extraction } from '../../scripts/extract/index.ts';
import { fingerprint } from '../../scripts/extract/secrets.ts';
import { Progress } from '../../scripts/log.ts';
import { hostAccess } from '../../scripts/model/secrets.ts';

const FLAKE = path.resolve(import.meta.dirname, '../fixtures/secrets-naming');
const ANONYMOUS = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAnonymousKeyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

describe('naming keys and matching uses', () => {
  let x: Extraction;
  before(async () => {
    x = await extractFlake(FLAKE, parseConfig({}), new Progress(true));
  });

  test('every key takes the name the flake binds it to, before its comment; a nameless key its SHA256 fingerprint', () => {
    assert.deepEqual(
      x.model.secrets.recipients.map((r) => [r.id, r.owner, r.names]),
      [
        ['gateway', 'host', ['gateway']],
        ['web1', 'host', ['web1']],
        ['web2', 'host', ['web2']],
        [fingerprint(ANONYMOUS), 'key', []],
        ['alice', 'user', ['alice', 'admin']],
        ['deploy', 'user', ['deploy']],
      ],
    );
  });

  test('the fingerprint is OpenSSH\'s SHA256 form, which differs between keys that share a prefix', () => {
    assert.equal(fingerprint(ANONYMOUS), 'SHA256:vJpoyuFZrJpxjwDb1CtOnAidRJgwa0vxVwzBNCsTX9A');
    assert.equal(fingerprint('age18p30wgx9mzp9dwpv6wu3q2m43fd4x9cxkksza8c9jhvyzwj9wxc3ah2hkd'), 'age18p30wg…ah2hkd');
  });

  test('uses are matched by the file each host\'s declaration evaluates to', () => {
    assert.deepEqual(
      x.model.secrets.secrets.map((s) => [s.id, s.recipients, s.usedBy.map((u) => `${u.host}:${u.name}`)]),
      [
        ['db-password', ['alice', 'web1', 'web2'], ['gateway:db-password']],
        ['unused', [fingerprint(ANONYMOUS), 'alice', 'deploy'], []],
        ['vpn-gateway-cert', ['alice', 'gateway'], ['gateway:vpn-cert']],
        ['vpn-web1-cert', ['alice', 'web1'], ['web1:vpn-cert']],
        ['vpn-web2-cert', ['alice', 'web2'], ['web2:vpn-cert']],
      ],
    );
    assert.ok(!x.model.diagnostics.some((d) => d.code === 'secrets/undeclared'));
  });

  test('each host\'s access: what it can read, uses, holds for nothing, and cannot read', () => {
    assert.deepEqual(
      x.model.hosts.map((h) => hostAccess(x.model.secrets, h.name)),
      [
        { host: 'gateway', canRead: ['vpn-gateway-cert'], uses: ['db-password', 'vpn-gateway-cert'], overGranted: [], missing: ['db-password'] },
        { host: 'web1', canRead: ['db-password', 'vpn-web1-cert'], uses: ['vpn-web1-cert'], overGranted: ['db-password'], missing: [] },
        { host: 'web2', canRead: ['db-password', 'vpn-web2-cert'], uses: ['vpn-web2-cert'], overGranted: ['db-password'], missing: [] },
      ],
    );
  });

  test('an unused secret is a note, a host using a secret not encrypted to it a warning at the declaration', () => {
    const found = x.model.diagnostics.filter((d) => d.code.startsWith('secrets/')).map((d) => [d.severity, d.code, `${d.location?.file}:${d.location?.line}`, d.message]);
    assert.deepEqual(found, [
      [
        'warning',
        'secrets/not-a-recipient',
        'hosts/gateway/configuration.nix:4',
        "gateway uses db-password, but secrets/db-password.age is not encrypted to any key of gateway: it cannot be decrypted at activation (add the host's key to its recipients and re-encrypt)",
      ],
      ['info', 'secrets/unused', 'secrets/secrets.nix:18', "no use found for unused (secrets/unused.age): no host's configuration declares it or references its file"],
    ]);
  });
});
