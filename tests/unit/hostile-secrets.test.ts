/**
 * Canaries planted in every way a flake can read a secret (tests/fixtures/hostile-secrets): readFile of
 * a secrets-folder file, of a plain `.age` file, of a configured secret glob, of sops ciphertext and of
 * a private key outside any secrets folder; `lib.fileContents`; `import` of an `.age` file; a literal
 * set to a secret-named option; a secret read into an option's default and description. No canary may
 * reach the model, options.json, a generated page or a printed diagnostic, and each way is reported.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { formatDiagnostic } from '../../scripts/diagnostics.ts';
import { extractFlake, type Extraction } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';

const FLAKE = path.resolve(import.meta.dirname, '../fixtures/hostile-secrets');
const CANARY = /CANARY/;

describe('secrets planted in a flake', () => {
  let x: Extraction;
  const config = parseConfig({ secretPaths: ['keys/**'] });
  before(async () => {
    x = await extractFlake(FLAKE, config, new Progress(true));
  });

  test('no canary reaches flake.json, options.json, the generated pages or the printed diagnostics', () => {
    const outputs = {
      'flake.json': JSON.stringify(x.model),
      'options.json': JSON.stringify(x.optionsJson),
      pages: renderSite(x.model, config).map((p) => p.content).join('\n'),
      terminal: x.model.diagnostics.map((d) => formatDiagnostic(d, d.location ? x.sourceOf(d.location.file) : undefined)).join('\n'),
    };
    for (const [where, text] of Object.entries(outputs)) assert.doesNotMatch(text, CANARY, where);
  });

  test('every read of a secret shows what was read, never the value', () => {
    const settings = Object.fromEntries(x.model.hosts[0]!.settings.map((s) => [s.path, s.value]));
    assert.equal(settings['users.users.root.hashedPassword'], '‹redacted: read from secrets/root-hash›');
    assert.equal(settings['services.example.token'], '‹redacted: read from secrets/api.age›');
    assert.equal(settings['environment.etc.deploy.text'], '‹redacted: read from keys/deploy.txt›');
    assert.equal(settings['environment.etc.cred.text'], '‹redacted: read from misc/cred.yaml›');
    assert.equal(settings['environment.etc.ssh.text'], '‹redacted: read from misc/id_ed25519›');
    assert.equal(settings['users.users.alice.initialPassword'], '‹redacted: initialPassword›');
    assert.equal(settings['canary.apiToken'], '‹redacted: apiToken›');
    assert.equal(settings['networking.wireless.networks.home.psk'], '‹redacted: psk›');
    const defaults = Object.fromEntries(x.model.options.map((o) => [o.name, o.default?.text]));
    assert.equal(defaults['canary.apiToken'], '‹redacted: apiToken›');
    assert.equal(defaults['canary.motd'], '‹redacted: read from secrets/root-hash›');
  });

  test('each way is a warning at the place that reads it, and each unencrypted file is named', () => {
    const found = x.model.diagnostics
      .filter((d) => d.code.startsWith('secrets/') && d.code !== 'secrets/unused')
      .map((d) => `${d.location?.file}:${d.location?.line} ${d.code}`);
    assert.deepEqual(found, [
      'hosts/canary/configuration.nix:3 secrets/read-into-store',
      'hosts/canary/configuration.nix:8 secrets/read-into-store',
      'hosts/canary/configuration.nix:9 secrets/read-into-store',
      'hosts/canary/configuration.nix:10 secrets/read-into-store',
      'hosts/canary/configuration.nix:11 secrets/read-into-store',
      'hosts/canary/configuration.nix:12 secrets/read-into-store',
      'keys/deploy.txt:1 secrets/plain-file',
      'modules/tokens.nix:11 secrets/read-into-store',
      'modules/tokens.nix:17 secrets/read-into-store',
      'secrets/api.age:1 secrets/age-not-encrypted',
      'secrets/extra.age:1 secrets/read-into-store',
      'secrets/extra.age:1 secrets/age-not-encrypted',
      'secrets/host.yaml:1 secrets/sops-plain-value',
      'secrets/plain.yaml:1 secrets/sops-not-encrypted',
      'secrets/root-hash:1 secrets/plain-file',
    ]);
    assert.ok(x.model.diagnostics.filter((d) => d.code.startsWith('secrets/') && d.code !== 'secrets/unused').every((d) => d.severity === 'warning'));
    const sops = x.model.diagnostics.find((d) => d.code === 'secrets/sops-plain-value');
    assert.equal(sops?.message, 'secrets/host.yaml holds a value that sops did not encrypt (api/key): re-encrypt with sops -e -i');
  });

  test('excerpts of secret files are never printed', () => {
    for (const file of ['secrets/root-hash', 'secrets/api.age', 'keys/deploy.txt', 'misc/cred.yaml', 'misc/id_ed25519', 'secrets/host.yaml']) {
      assert.equal(x.sourceOf(file), undefined, file);
    }
    assert.match(x.sourceOf('hosts/canary/configuration.nix') ?? '', /hashedPassword/);
  });
});

test('a sops file nested deeper than the YAML parser goes is reported as unreadable, not a crash', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-deep-sops-'));
  try {
    mkdirSync(path.join(root, 'secrets'));
    writeFileSync(path.join(root, 'flake.nix'), '{ outputs = _: { }; }\n');
    writeFileSync(path.join(root, 'secrets', 'deep.yaml'), `a: ${'{b: '.repeat(20_000)}1${'}'.repeat(20_000)}\nsops:\n    mac: ENC[AES256_GCM,data:AA,type:str]\n`);
    const x = await extractFlake(root, parseConfig({}), new Progress(true));
    const found = x.model.diagnostics.filter((d) => d.code.startsWith('secrets/')).map((d) => `${d.location?.file} ${d.code}`);
    assert.deepEqual(found, ['secrets/deep.yaml secrets/sops-unreadable']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
